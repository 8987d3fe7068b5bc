import { describe, expect, it } from 'vitest';
import { applicantKey } from '../../../functions/core/applicant-key.ts';
import { citationProblem } from '../../../functions/core/licence-citation.ts';
import { aKey, aRecord } from './licence-fixtures.ts';

const licence = aRecord(aKey());
const holderKey = applicantKey(licence.holder);
const now = new Date('2027-01-01T00:00:00Z');
const context = { holderKey, licenceTypes: ['DEMO01'], now };

describe('citing an e-licence instead of an upload', () => {
  it('accepts a valid licence the applicant holds, of a type the material takes', () => {
    expect(citationProblem(licence, context)).toBeUndefined();
    expect(citationProblem(licence, { ...context, licenceTypes: ['YYZZ', 'DEMO01'] })).toBeUndefined();
  });

  it.each([
    ['unknown', undefined, context, '证照库中没有该电子证照，请核对证照编号'],
    ['not-held', licence, { ...context, holderKey: applicantKey({ kind: 'person', identity: '11010119900307451X' }) }, '该电子证照不属于申请人，不能引用'],
    ['not-held', licence, { ...context, holderKey: applicantKey({ kind: 'organisation', identity: licence.holder.identity }) }, '该电子证照不属于申请人，不能引用'],
    ['wrong-type', licence, { ...context, licenceTypes: ['YYZZ', 'SFZ'] }, '示范许可证不能作为本材料引用（可引用的证照类型：YYZZ、SFZ）'],
    [
      'revoked',
      { ...licence, status: 'revoked' as const, revocation: { reason: '以欺骗手段取得', department: 'SCJGJ', at: '2026-12-01T00:00:00Z' } },
      context,
      '示范许可证已被注销（以欺骗手段取得），不能引用',
    ],
    ['expired', licence, { ...context, now: new Date('2031-11-24T00:00:00Z') }, '示范许可证已于2031年11月23日过期，不能引用'],
  ])('refuses: %s', (problem, cited, ctx, detail) => {
    expect(citationProblem(cited, ctx)).toEqual({ problem, detail });
  });

  it("says not-held before anything else about someone else's licence", () => {
    const revokedElsewhere = { ...licence, status: 'revoked' as const, type: 'OTHER' };
    expect(citationProblem(revokedElsewhere, { ...context, holderKey: 'someone else' })?.problem).toBe('not-held');
  });
});
