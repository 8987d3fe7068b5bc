import { describe, expect, it } from 'vitest';
import { sign, stringToSign, verifySignature } from '../../../functions/core/request-signature.ts';

const key = Buffer.alloc(32, 1);
const now = 1_790_000_000;
const request = (overrides: Partial<{ method: string; path: string; timestamp: string; body: string; signature: string }> = {}) => {
  const base = { method: 'POST', path: '/work-items/x/decision', timestamp: String(now), body: '{"decision":"approve"}' };
  return { ...base, signature: sign(key, base.method, base.path, base.timestamp, base.body), ...overrides };
};

describe('department request signatures', () => {
  it('signs method, path, timestamp and the body hash', () => {
    expect(stringToSign('post', '/p', '1', '')).toBe('POST\n/p\n1\ne3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
  });

  it('accepts a fresh, correct signature', () => {
    expect(verifySignature(key, request(), now + 10)).toBe('valid');
  });

  it('rejects a changed body, path or key', () => {
    expect(verifySignature(key, request({ body: '{"decision":"refuse"}' }), now)).toBe('bad-signature');
    expect(verifySignature(key, request({ path: '/work-items/y/decision' }), now)).toBe('bad-signature');
    expect(verifySignature(Buffer.alloc(32, 2), request(), now)).toBe('bad-signature');
    expect(verifySignature(key, request({ signature: 'short' }), now)).toBe('bad-signature');
  });

  it('rejects timestamps outside ±300 s', () => {
    expect(verifySignature(key, request(), now + 301)).toBe('stale');
    expect(verifySignature(key, request(), now - 301)).toBe('stale');
    expect(verifySignature(key, request(), now + 300)).toBe('valid');
  });
});
