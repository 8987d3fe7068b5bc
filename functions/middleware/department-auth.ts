// Authenticates a department's signed request (see core/request-signature.ts).
// Headers: x-department (code), x-timestamp (epoch seconds), x-nonce (16-64 of A-Z a-z 0-9 _ -),
// x-signature (base64 HMAC-SHA256 of METHOD \n path \n timestamp \n nonce \n sha256-hex(body)).
import { verifySignature } from '#core/request-signature.ts';
import { Unauthenticated } from '#core/errors.ts';
import { departmentKey } from '#adapters/department-keys.ts';
import { claimNonce } from '#adapters/nonces.ts';
import { clock } from '#adapters/clock.ts';
import type { HttpEvent } from './http.ts';

// The window is judged on the platform's clock (on the local stack the one /_clock moves).
export const authenticateDepartment = async (event: HttpEvent, nowSeconds = Math.floor(clock.now().getTime() / 1000)): Promise<string> => {
  const department = event.headers['x-department'];
  const timestamp = event.headers['x-timestamp'];
  const nonce = event.headers['x-nonce'];
  const signature = event.headers['x-signature'];
  if (!department || !timestamp || !nonce || !signature) {
    throw new Unauthenticated('a department request needs x-department, x-timestamp, x-nonce and x-signature headers');
  }
  const key = /^[A-Z0-9]{2,16}$/.test(department) ? await departmentKey(department) : undefined;
  const rawBody = event.body === undefined ? '' : event.isBase64Encoded ? Buffer.from(event.body, 'base64').toString('utf8') : event.body;
  // An unknown department gets the same answer as a bad signature: no probing for codes.
  const verdict = key
    ? verifySignature(key, { method: event.requestContext.http.method, path: event.rawPath, timestamp, nonce, body: rawBody, signature }, nowSeconds)
    : 'bad-signature';
  if (verdict === 'stale') throw new Unauthenticated('the request timestamp is outside the accepted window');
  if (verdict !== 'valid') throw new Unauthenticated('the request signature does not verify');
  // Only a verified request may claim its nonce, so nobody can burn a department's nonces.
  if (!(await claimNonce(department, nonce, nowSeconds))) throw new Unauthenticated('this request was already received (nonce replayed)');
  return department;
};
