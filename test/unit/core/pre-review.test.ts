import { describe, expect, it } from 'vitest';
import { preReview } from '../../../functions/core/pre-review.ts';
import type { ServiceItem } from '../../../functions/core/catalogue.ts';
import type { DocumentRecord } from '../../../functions/core/document.ts';

const item: ServiceItem = {
  code: 'X',
  name: '事项',
  type: '许可',
  legalBasis: '法',
  departments: ['D1'],
  statutoryDays: 20,
  committedDays: 5,
  licenceType: 'T1',
  materials: [
    { code: 'A', name: '材料甲', key: true, contentTypes: ['application/pdf'], maxBytes: 10 },
    { code: 'B', name: '材料乙', key: true, contentTypes: ['application/pdf'], maxBytes: 10 },
    { code: 'C', name: '材料丙', key: false, contentTypes: ['application/pdf'], maxBytes: 10 },
  ],
};
const doc = (materialCode: string, status: DocumentRecord['status'], reason?: string): DocumentRecord => ({
  applicationId: 'a', materialCode, key: `k-${materialCode}`, fileName: 'f', contentType: 'application/pdf', size: 1, sha256: 'x', status, ...(reason ? { reason } : {}),
});

describe('pre-review', () => {
  it('accepts when every key material is verified, non-key ones may be absent', () => {
    expect(preReview(item, [doc('A', 'verified'), doc('B', 'verified')])).toEqual({ outcome: 'accepted', deficiencies: [] });
  });

  it('lists every deficiency at once', () => {
    const result = preReview(item, [doc('A', 'rejected', '类型不符')]);
    expect(result.outcome).toBe('not-accepted');
    expect(result.deficiencies).toEqual([
      { materialCode: 'A', problem: 'rejected', detail: '类型不符' },
      { materialCode: 'B', problem: 'missing', detail: '缺少材料乙' },
    ]);
  });

  it('treats an upload still being verified as not yet present', () => {
    expect(preReview(item, [doc('A', 'verified'), doc('B', 'pending')]).deficiencies).toEqual([
      { materialCode: 'B', problem: 'pending', detail: '材料乙尚未上传完成' },
    ]);
  });
});
