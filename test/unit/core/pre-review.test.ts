import { describe, expect, it } from 'vitest';
import type { Applicant } from '../../../functions/core/applicant.ts';
import type { DocumentRecord } from '../../../functions/core/document.ts';
import type { RequiredMaterial } from '../../../functions/core/guide.ts';
import { preReview, type CitationCheck, type PreReviewInput } from '../../../functions/core/pre-review.ts';
import { aResidentId } from '../../support/identities.ts';

const material = (code: string, name: string, extra: Partial<RequiredMaterial> = {}): RequiredMaterial => ({
  code,
  name,
  key: true,
  contentTypes: ['application/pdf'],
  maxBytes: 10,
  originalRequired: false,
  licenceTypes: [],
  deficiencyAllowed: false,
  items: ['X'],
  ...extra,
});

const materials = [
  material('A', '材料甲', { guidance: '加盖公章' }),
  material('B', '材料乙'),
  material('C', '材料丙', { key: false, deficiencyAllowed: true }),
  material('D', '材料丁', { key: false, commitment: { text: '本人承诺……' } }),
];

const doc = (materialCode: string, status: DocumentRecord['status'], rejected?: Pick<DocumentRecord, 'reason' | 'problem'>): DocumentRecord => ({
  applicationId: 'a',
  materialCode,
  key: `k-${materialCode}`,
  fileName: 'f',
  contentType: 'application/pdf',
  size: 1,
  sha256: 'x',
  status,
  ...rejected,
});

const person: Applicant = { kind: 'person', name: '张三', identity: aResidentId() };

const input = (over: Partial<PreReviewInput> = {}): PreReviewInput => ({
  requirement: { materials, form: [{ code: 'shopName', label: '店名', kind: 'text', required: true }], applicantKinds: ['person', 'organisation'] },
  applicant: person,
  formData: { shopName: '小店' },
  documents: ['A', 'B', 'C', 'D'].map((code) => doc(code, 'verified')),
  citations: new Map(),
  commitments: new Set(),
  now: new Date('2026-03-02T02:00:00Z'),
  ...over,
});

describe('pre-review', () => {
  it('is complete when every material is verified and the form is valid, each by upload', () => {
    const verdict = preReview(input());
    expect(verdict).toEqual({ outcome: 'complete', satisfiedBy: { A: { by: 'upload' }, B: { by: 'upload' }, C: { by: 'upload' }, D: { by: 'upload' } } });
  });

  it('lists two missing materials and one of the wrong type in ONE notice, with the guidance', () => {
    const verdict = preReview(input({ documents: [doc('A', 'rejected', { reason: '文件内容不是所申报的类型', problem: 'wrong-type' }), doc('C', 'verified')] }));
    expect(verdict.outcome).toBe('needs-correction');
    if (verdict.outcome !== 'needs-correction') return;
    expect(verdict.items.map(({ materialCode, problem }) => [materialCode, problem])).toEqual([
      ['A', 'wrong-type'],
      ['B', 'missing'],
      ['D', 'missing'],
    ]);
    expect(verdict.items[0]).toMatchObject({ name: '材料甲', guidance: '加盖公章' });
    expect(verdict.items[2]).toMatchObject({ commitmentAllowed: true });
  });

  it('names a damaged upload unreadable and one still on its way pending', () => {
    const verdict = preReview(input({ documents: [doc('A', 'rejected', { reason: '校验值不符', problem: 'corrupt' }), doc('B', 'pending'), doc('C', 'verified'), doc('D', 'verified')] }));
    expect(verdict.outcome === 'needs-correction' && verdict.items.map((i) => i.problem)).toEqual(['unreadable', 'pending']);
  });

  it('accepts with deficiency when only deficiency-allowed materials are missing (容缺)', () => {
    const verdict = preReview(input({ documents: ['A', 'B', 'D'].map((code) => doc(code, 'verified')) }));
    expect(verdict.outcome).toBe('accept-with-deficiency');
    expect(verdict.outcome === 'accept-with-deficiency' && verdict.deficiencies).toEqual([
      { materialCode: 'C', name: '材料丙', problem: 'missing', detail: '缺少材料丙', deficiencyAllowed: true },
    ]);
  });

  it('puts a missing deficiency-allowed material in the notice too when something else must be corrected', () => {
    const verdict = preReview(input({ documents: ['B', 'D'].map((code) => doc(code, 'verified')) }));
    expect(verdict.outcome === 'needs-correction' && verdict.items.map((i) => i.materialCode)).toEqual(['A', 'C']);
  });

  it('lets a signed commitment replace a proof only where the catalogue allows one (告知承诺制)', () => {
    const docs = ['A', 'B', 'C'].map((code) => doc(code, 'verified'));
    const committed = preReview(input({ documents: docs, commitments: new Set(['D']) }));
    expect(committed).toMatchObject({ outcome: 'complete', satisfiedBy: { D: { by: 'commitment' } } });
    const notAllowed = preReview(input({ documents: ['B', 'C', 'D'].map((code) => doc(code, 'verified')), commitments: new Set(['A']) }));
    expect(notAllowed.outcome === 'needs-correction' && notAllowed.items.map((i) => i.materialCode)).toEqual(['A']);
  });

  it('accepts a valid cited licence and names the problem of an expired or foreign one', () => {
    const docs = ['B', 'C', 'D'].map((code) => doc(code, 'verified'));
    const valid = new Map<string, CitationCheck>([['A', { licenceId: 'L1' }]]);
    expect(preReview(input({ documents: docs, citations: valid }))).toMatchObject({ outcome: 'complete', satisfiedBy: { A: { by: 'licence', licenceId: 'L1' } } });
    const expired = new Map<string, CitationCheck>([['A', { licenceId: 'L1', problem: { kind: 'expired', detail: '证照已过有效期' } }]]);
    const verdict = preReview(input({ documents: docs, citations: expired }));
    expect(verdict.outcome === 'needs-correction' && verdict.items[0]).toMatchObject({ materialCode: 'A', problem: 'expired-licence', detail: '证照已过有效期' });
    const foreign = new Map<string, CitationCheck>([['A', { licenceId: 'L2', problem: { kind: 'not-held', detail: '证照持有人不是申请人' } }]]);
    const other = preReview(input({ documents: docs, citations: foreign }));
    expect(other.outcome === 'needs-correction' && other.items[0]?.problem).toBe('inconsistent');
  });

  it('puts form problems in the same notice, naming the field', () => {
    const verdict = preReview(input({ formData: {}, documents: ['B', 'C', 'D'].map((code) => doc(code, 'verified')) }));
    expect(verdict.outcome === 'needs-correction' && verdict.items.map((i) => i.materialCode ?? i.field)).toEqual(['A', 'formData.shopName']);
  });

  it('is not eligible when the item does not admit the applicant kind, naming the condition', () => {
    const verdict = preReview(input({ requirement: { ...input().requirement, applicantKinds: ['organisation'] } }));
    expect(verdict).toEqual({ outcome: 'not-eligible', condition: '本事项仅受理法人或其他组织的申请' });
  });

  it('is not eligible with an identity code that fails its check', () => {
    const bad = person.identity.slice(0, 17) + (person.identity.endsWith('0') ? '1' : '0');
    expect(preReview(input({ applicant: { ...person, identity: bad } })).outcome).toBe('not-eligible');
  });
});
