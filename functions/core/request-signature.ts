// Department requests are signed: HMAC-SHA256 over method, path, timestamp and the body's hash,
// so neither the body nor the target can be swapped, and an old request cannot be replayed late.
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';

/** Seconds a signed request stays acceptable either side of the platform's clock. */
export const SIGNATURE_WINDOW_SECONDS = 300;

export const stringToSign = (method: string, path: string, timestamp: string, body: string): string =>
  [method.toUpperCase(), path, timestamp, createHash('sha256').update(body, 'utf8').digest('hex')].join('\n');

export const sign = (key: Uint8Array, method: string, path: string, timestamp: string, body: string): string =>
  createHmac('sha256', key).update(stringToSign(method, path, timestamp, body)).digest('base64');

export type SignatureVerdict = 'valid' | 'bad-signature' | 'stale';

export const verifySignature = (
  key: Uint8Array,
  request: { method: string; path: string; timestamp: string; body: string; signature: string },
  nowSeconds: number,
): SignatureVerdict => {
  const ts = Number(request.timestamp);
  if (!/^\d{10}$/.test(request.timestamp) || Math.abs(nowSeconds - ts) > SIGNATURE_WINDOW_SECONDS) return 'stale';
  const expected = Buffer.from(sign(key, request.method, request.path, request.timestamp, request.body), 'base64');
  const given = Buffer.from(request.signature, 'base64');
  // Constant-time compare; lengths differ only for garbage, which is rejected without comparing.
  return given.length === expected.length && timingSafeEqual(given, expected) ? 'valid' : 'bad-signature';
};
