import { describe, expect, it } from 'vitest';
import { sealContent } from '../../../functions/core/licence.ts';
import { verifyRecord, verifyToken } from '../../../functions/core/licence-verification.ts';
import { aKey, aRecord } from './licence-fixtures.ts';

const pdfSha256 = 'ab'.repeat(32);
const now = new Date('2027-01-01T00:00:00Z');

describe('verifying a licence record with its PDF', () => {
  it.each(['ES256', 'SM2'] as const)('accepts the %s seal over the canonical data and the PDF hash', (alg) => {
    const key = aKey(alg);
    expect(verifyRecord({ record: aRecord(key), pdfSha256, keys: [key.jwk], at: now })).toEqual({ valid: true, reasons: [] });
  });

  it('signs the canonical JSON: key order does not matter, every value does', () => {
    const key = aKey();
    const record = aRecord(key);
    const reordered = Object.fromEntries(Object.entries(record).reverse()) as typeof record;
    expect(Buffer.from(sealContent(reordered, pdfSha256)).equals(Buffer.from(sealContent(record, pdfSha256)))).toBe(true);
    expect(verifyRecord({ record: reordered, pdfSha256, keys: [key.jwk], at: now }).valid).toBe(true);
    const content = Buffer.from(sealContent(record, pdfSha256)).toString('utf8');
    expect(content).toContain(`"pdfSha256":"${pdfSha256}"`);
    expect(content.indexOf('"caseNo"')).toBeLessThan(content.indexOf('"holder"'));
  });

  it('answers bad-signature for one changed character of the data or of the PDF hash', () => {
    const key = aKey();
    const record = aRecord(key);
    const cases = [
      { ...record, itemName: '示范许可事顶' },
      { ...record, holder: { ...record.holder, identity: '110101199003074515' } },
      { ...record, validUntil: '2041-11-23T02:00:00.000Z' },
      { ...record, issuer: { ...record.issuer, name: '示范市市场监督管理所' } },
    ];
    for (const tampered of cases) expect(verifyRecord({ record: tampered, pdfSha256, keys: [key.jwk], at: now })).toEqual({ valid: false, reasons: ['bad-signature'] });
    expect(verifyRecord({ record, pdfSha256: `${pdfSha256.slice(0, -1)}c`, keys: [key.jwk], at: now }).reasons).toEqual(['bad-signature']);
    expect(verifyRecord({ record, pdfSha256: undefined, keys: [key.jwk], at: now }).reasons).toEqual(['bad-signature']);
  });

  it('answers unknown-key, unknown-licence, revoked and expired, all that apply', () => {
    const key = aKey();
    const record = aRecord(key);
    expect(verifyRecord({ record, pdfSha256, keys: [aKey().jwk], at: now }).reasons).toEqual(['unknown-key']);
    expect(verifyRecord({ record: undefined, pdfSha256, keys: [key.jwk], at: now }).reasons).toEqual(['unknown-licence']);
    const revoked = { ...record, status: 'revoked' as const, revocation: { reason: '注销', department: 'SCJGJ', at: '2026-12-01T00:00:00Z' } };
    expect(verifyRecord({ record: revoked, pdfSha256, keys: [key.jwk], at: now }).reasons).toEqual(['revoked']);
    // Before its revocation it was valid.
    expect(verifyRecord({ record: revoked, pdfSha256, keys: [key.jwk], at: new Date('2026-11-30T00:00:00Z') }).valid).toBe(true);
    expect(verifyRecord({ record, pdfSha256, keys: [key.jwk], at: new Date('2031-11-23T02:00:00.001Z') }).reasons).toEqual(['expired']);
    expect(verifyRecord({ record, pdfSha256, keys: [key.jwk], at: new Date('2031-11-23T02:00:00.000Z') }).valid).toBe(true);
    expect(verifyRecord({ record: { ...revoked, itemName: 'x' }, pdfSha256, keys: [key.jwk], at: new Date('2032-01-01T00:00:00Z') }).reasons).toEqual(['bad-signature', 'revoked']);
  });
});

describe('verifying a QR token against the library', () => {
  it('is valid when signed by a published key and describing the record as it is', () => {
    const key = aKey();
    const record = aRecord(key);
    expect(verifyToken({ token: record.token, keys: [key.jwk], record, at: now })).toEqual({ valid: true, reasons: [] });
  });

  it('answers bad-signature for a token of other data, and the library status otherwise', () => {
    const key = aKey();
    const record = aRecord(key);
    expect(verifyToken({ token: record.token, keys: [key.jwk], record: { ...record, holder: { ...record.holder, name: '李四' } }, at: now }).reasons).toEqual(['bad-signature']);
    expect(verifyToken({ token: record.token, keys: [key.jwk], record: undefined, at: now }).reasons).toEqual(['unknown-licence']);
    expect(verifyToken({ token: record.token, keys: [], record, at: now }).reasons).toEqual(['unknown-key']);
    const revoked = { ...record, status: 'revoked' as const, revocation: { reason: '注销', department: 'SCJGJ', at: '2026-12-01T00:00:00Z' } };
    expect(verifyToken({ token: record.token, keys: [key.jwk], record: revoked, at: now }).reasons).toEqual(['revoked']);
    expect(verifyToken({ token: record.token, keys: [key.jwk], record, at: new Date('2040-01-01T00:00:00Z') }).reasons).toEqual(['expired']);
  });
});
