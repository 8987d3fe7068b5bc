// Is this licence good? Public verification (GET /licences/{id}/verify, POST /licences/verify): the
// e-seal or the QR token against the published keys, then the library's status at an instant.
// Every reason found is reported, not just the first, except that an unknown key or a broken
// signature makes the rest of the token untrustworthy.
import { dataDigest, sealContent, statusAt, type LicenceRecord } from './licence.ts';
import { verifySignature, type PublicJwk } from './licence-seal.ts';
import { checkToken } from './licence-token.ts';

export const verificationReasons = ['bad-signature', 'revoked', 'expired', 'unknown-key', 'unknown-licence'] as const;
export type VerificationReason = (typeof verificationReasons)[number];

export interface Verification {
  readonly valid: boolean;
  readonly reasons: readonly VerificationReason[];
}

const verdict = (reasons: VerificationReason[]): Verification => ({ valid: reasons.length === 0, reasons });

const statusReasons = (record: LicenceRecord, at: Date): VerificationReason[] => {
  const status = statusAt(record, at);
  return status === 'valid' ? [] : [status];
};

/**
 * The library's record with its PDF: the seal must verify over the record's data and the SHA-256
 * of the PDF as it is stored now (`pdfSha256`; undefined when the PDF is gone, which breaks it).
 */
export const verifyRecord = (input: {
  readonly record: LicenceRecord | undefined;
  readonly pdfSha256: string | undefined;
  readonly keys: readonly PublicJwk[];
  readonly at: Date;
}): Verification => {
  const { record, pdfSha256, keys, at } = input;
  if (!record) return verdict(['unknown-licence']);
  const reasons: VerificationReason[] = [];
  const key = keys.find((k) => k.kid === record.seal.kid);
  if (!key) reasons.push('unknown-key');
  else if (pdfSha256 === undefined || !verifySignature(record.seal.alg, sealContent(record, pdfSha256), Buffer.from(record.seal.signature, 'base64url'), key)) {
    reasons.push('bad-signature');
  }
  return verdict([...reasons, ...statusReasons(record, at)]);
};

/**
 * A scanned QR token: its signature against the published keys (what an offline scanner does),
 * then the library's record of the licence it names (`record`, looked up by the caller from the
 * token's unverified `id`): it must exist, be the one the token describes (`dig`), and be neither
 * revoked nor expired at `at`.
 */
export const verifyToken = (input: {
  readonly token: string;
  readonly keys: readonly PublicJwk[];
  readonly record: LicenceRecord | undefined;
  readonly at: Date;
}): Verification => {
  const check = checkToken(input.token, input.keys);
  if (!check.ok) return verdict([check.reason]);
  const { record } = input;
  if (!record) return verdict(['unknown-licence']);
  const reasons: VerificationReason[] = record.id === check.claims.id && dataDigest(record) === check.claims.dig ? [] : ['bad-signature'];
  return verdict([...reasons, ...statusReasons(record, input.at)]);
};
