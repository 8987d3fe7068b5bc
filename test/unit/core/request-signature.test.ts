import { describe, expect, it } from 'vitest';
import { sign, stringToSign, verifySignature, type SignedParts } from '../../../functions/core/request-signature.ts';

const key = Buffer.alloc(32, 1);
const now = 1_790_000_000;
const base: SignedParts = { method: 'POST', path: '/work-items/x/decision', timestamp: String(now), nonce: 'n0nce-0123456789ab', body: '{"decision":"approve"}' };
const request = (overrides: Partial<SignedParts & { signature: string }> = {}) => ({ ...base, signature: sign(key, base), ...overrides });

describe('department request signatures', () => {
  it('signs method, path, timestamp, nonce and the body hash', () => {
    expect(stringToSign({ method: 'post', path: '/p', timestamp: '1', nonce: 'n', body: '' })).toBe(
      'POST\n/p\n1\nn\ne3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855',
    );
  });

  it('accepts a fresh, correct signature', () => {
    expect(verifySignature(key, request(), now + 10)).toBe('valid');
  });

  it('rejects a changed body, path, nonce or key', () => {
    expect(verifySignature(key, request({ body: '{"decision":"refuse"}' }), now)).toBe('bad-signature');
    expect(verifySignature(key, request({ path: '/work-items/y/decision' }), now)).toBe('bad-signature');
    expect(verifySignature(key, request({ nonce: 'another-nonce-0123' }), now)).toBe('bad-signature');
    expect(verifySignature(Buffer.alloc(32, 2), request(), now)).toBe('bad-signature');
    expect(verifySignature(key, request({ signature: 'short' }), now)).toBe('bad-signature');
  });

  it('rejects a nonce that is too short to be unique', () => {
    const parts = { ...base, nonce: 'abc' };
    expect(verifySignature(key, { ...parts, signature: sign(key, parts) }, now)).toBe('bad-signature');
  });

  it('rejects timestamps outside ±300 s', () => {
    expect(verifySignature(key, request(), now + 301)).toBe('stale');
    expect(verifySignature(key, request(), now - 301)).toBe('stale');
    expect(verifySignature(key, request(), now + 300)).toBe('valid');
  });
});
