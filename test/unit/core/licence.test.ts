import { describe, expect, it } from 'vitest';
import { issuingDepartmentOf, licenceIssuer, maskHolderName, publicLicenceView, statusAt, validityOf } from '../../../functions/core/licence.ts';
import { aKey, aRecord } from './licence-fixtures.ts';

describe('licence records', () => {
  it('are valid from issue for the type\'s years, or indefinitely', () => {
    expect(validityOf({ validityYears: 5 }, '2026-11-23T02:00:00.000Z')).toEqual({ validFrom: '2026-11-23T02:00:00.000Z', validUntil: '2031-11-23T02:00:00.000Z' });
    expect(validityOf({ validityYears: 1 }, '2028-02-29T00:00:00.000Z').validUntil).toBe('2029-03-01T00:00:00.000Z');
    expect(validityOf({}, '2026-11-23T02:00:00.000Z')).toEqual({ validFrom: '2026-11-23T02:00:00.000Z' });
  });

  it('are issued by the item\'s issuing department, by default its first, which needs a USCC', () => {
    expect(issuingDepartmentOf({ departments: ['A', 'B'] })).toBe('A');
    expect(issuingDepartmentOf({ departments: ['A', 'B'], issuingDepartment: 'B' })).toBe('B');
    expect(licenceIssuer({ code: 'A', name: '甲局' })).toBeUndefined();
    expect(licenceIssuer({ code: 'A', name: '甲局', uscc: '11990000000000019A' })).toEqual({ department: 'A', name: '甲局', uscc: '11990000000000019A' });
  });

  it('are revoked from the revocation on and expired after validUntil', () => {
    const record = aRecord(aKey());
    expect(statusAt(record, new Date('2027-01-01T00:00:00Z'))).toBe('valid');
    expect(statusAt(record, new Date('2032-01-01T00:00:00Z'))).toBe('expired');
    const revoked = { ...record, status: 'revoked' as const, revocation: { reason: 'r', department: 'SCJGJ', at: '2027-06-01T00:00:00Z' } };
    expect(statusAt(revoked, new Date('2027-05-31T00:00:00Z'))).toBe('valid');
    expect(statusAt(revoked, new Date('2027-06-01T00:00:00Z'))).toBe('revoked');
  });

  it('show the public only a masked holder', () => {
    expect(maskHolderName({ kind: 'person', name: '欧阳娜娜' })).toBe('欧***');
    expect(maskHolderName({ kind: 'organisation', name: '南京某某科技有限公司' })).toBe('南京某某科技有限公司');
    const view = JSON.stringify(publicLicenceView(aRecord(aKey()), new Date('2027-01-01T00:00:00Z')));
    expect(view).not.toContain('110101199003074514');
    expect(view).not.toContain('张三');
  });
});
