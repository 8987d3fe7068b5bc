// Authenticates a department's signed request (see core/request-signature.ts).
// Headers: x-department (code), x-timestamp (epoch seconds), x-signature (base64 HMAC-SHA256).
import { verifySignature } from '#core/request-signature.ts';
import { Unauthenticated } from '#core/errors.ts';
import { departmentKey } from '#adapters/department-keys.ts';
import type { HttpEvent } from './http.ts';

export const authenticateDepartment = async (event: HttpEvent, nowSeconds = Math.floor(Date.now() / 1000)): Promise<string> => {
  const department = event.headers['x-department'];
  const timestamp = event.headers['x-timestamp'];
  const signature = event.headers['x-signature'];
  if (!department || !timestamp || !signature) {
    throw new Unauthenticated('a department request needs x-department, x-timestamp and x-signature headers');
  }
  const key = /^[A-Z0-9]{2,16}$/.test(department) ? await departmentKey(department) : undefined;
  const rawBody = event.body === undefined ? '' : event.isBase64Encoded ? Buffer.from(event.body, 'base64').toString('utf8') : event.body;
  // An unknown department gets the same answer as a bad signature: no probing for codes.
  const verdict = key
    ? verifySignature(key, { method: event.requestContext.http.method, path: event.rawPath, timestamp, body: rawBody, signature }, nowSeconds)
    : 'bad-signature';
  if (verdict === 'stale') throw new Unauthenticated('the request timestamp is outside the accepted window');
  if (verdict !== 'valid') throw new Unauthenticated('the request signature does not verify');
  return department;
};
