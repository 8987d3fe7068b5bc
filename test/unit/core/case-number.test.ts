import { describe, expect, it } from 'vitest';
import { caseNoPattern, newCaseNo, shanghaiDay } from '../../../functions/core/case-number.ts';

describe('case numbers', () => {
  it('uses the Asia/Shanghai date, not the process time zone', () => {
    expect(shanghaiDay(new Date('2026-11-23T15:59:59Z'))).toBe('20261123');
    expect(shanghaiDay(new Date('2026-11-23T16:00:00Z'))).toBe('20261124');
  });

  it('has the form <province>-<yyyymmdd>-<10 Crockford base32 chars>', () => {
    const caseNo = newCaseNo('32', new Date('2026-01-01T00:00:00Z'), Uint8Array.from([0, 1, 2, 31, 30, 29, 18, 19, 20, 21]));
    expect(caseNo).toBe('32-20260101-012ZYXJKMN');
    expect(caseNo).toMatch(caseNoPattern);
  });

  it('never uses I, L, O or U', () => {
    for (let i = 0; i < 200; i++) expect(newCaseNo('99', new Date())).not.toMatch(/-[^-]*[ILOU]/);
  });
});
