// Department requests are signed: HMAC-SHA256 over method, path, timestamp, a nonce and the body's
// hash, so neither the body nor the target can be swapped, an old request cannot be replayed late,
// and a fresh one cannot be replayed at all (the platform remembers nonces for the whole window).
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';

/** Seconds a signed request stays acceptable either side of the platform's clock. */
export const SIGNATURE_WINDOW_SECONDS = 300;

export const NONCE_PATTERN = /^[A-Za-z0-9_-]{16,64}$/;

export interface SignedParts {
  readonly method: string;
  readonly path: string;
  readonly timestamp: string;
  readonly nonce: string;
  readonly body: string;
}

export const stringToSign = ({ method, path, timestamp, nonce, body }: SignedParts): string =>
  [method.toUpperCase(), path, timestamp, nonce, createHash('sha256').update(body, 'utf8').digest('hex')].join('\n');

export const sign = (key: Uint8Array, parts: SignedParts): string => createHmac('sha256', key).update(stringToSign(parts)).digest('base64');

export type SignatureVerdict = 'valid' | 'bad-signature' | 'stale';

export const verifySignature = (key: Uint8Array, request: SignedParts & { signature: string }, nowSeconds: number): SignatureVerdict => {
  const ts = Number(request.timestamp);
  if (!/^\d{10}$/.test(request.timestamp) || Math.abs(nowSeconds - ts) > SIGNATURE_WINDOW_SECONDS) return 'stale';
  if (!NONCE_PATTERN.test(request.nonce)) return 'bad-signature';
  const expected = Buffer.from(sign(key, request), 'base64');
  const given = Buffer.from(request.signature, 'base64');
  // Constant-time compare; lengths differ only for garbage, which is rejected without comparing.
  return given.length === expected.length && timingSafeEqual(given, expected) ? 'valid' : 'bad-signature';
};
