import { describe, expect, it } from 'vitest';
import { redact } from '../../../functions/middleware/logger.ts';

describe('log redaction', () => {
  it('masks resident ids and USCCs anywhere in a log record', () => {
    const out = JSON.stringify(redact({ msg: 'applicant 11010119900307451X applied', nested: [{ uscc: '91320000MA1XXXXX0Y' }] }));
    expect(out).not.toContain('11010119900307451X');
    expect(out).not.toContain('91320000MA1XXXXX0Y');
    expect(out).toContain('1101**********451X');
  });

  it('leaves case numbers and ordinary numbers alone', () => {
    expect(redact('case 32-20261123-ABCDEFGHJK, 12345')).toBe('case 32-20261123-ABCDEFGHJK, 12345');
  });
});
