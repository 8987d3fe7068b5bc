import { generateKeyPairSync, sign } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { derToRaw, jwkFromSpki, rawToDer, spkiFromJwk, verifySignature } from '../../../functions/core/licence-seal.ts';
import { aKey } from './licence-fixtures.ts';

describe('e-seal keys and signatures', () => {
  it.each(['ES256', 'SM2'] as const)('verifies a %s signature with the published JWK, and nothing else', (alg) => {
    const key = aKey(alg);
    const message = Buffer.from('{"id":"1.2.156.3005.2.DEMO01"}');
    const signature = key.sign(message);
    expect(verifySignature(alg, message, signature, key.jwk)).toBe(true);
    const flipped = Buffer.from(message);
    flipped[3] = (flipped[3] as number) ^ 1;
    expect(verifySignature(alg, flipped, signature, key.jwk)).toBe(false);
    expect(verifySignature(alg, message, signature, aKey(alg).jwk)).toBe(false);
    expect(verifySignature(alg === 'SM2' ? 'ES256' : 'SM2', message, signature, key.jwk)).toBe(false);
    expect(verifySignature(alg, message, signature.subarray(1), key.jwk)).toBe(false);
  });

  it('verifies SM2 as SM2DSA (SM3 over Z ‖ M), not as ECDSA on the SM2 curve', () => {
    const key = aKey('SM2');
    const message = Buffer.from('licence');
    // A freshly generated key is typed "ec" by Node and signs plain ECDSA-with-SM3 on the curve.
    const pair = generateKeyPairSync('ec', { namedCurve: 'SM2' });
    const ecdsa = derToRaw(sign('sm3', message, pair.privateKey));
    const ecdsaJwk = jwkFromSpki(pair.publicKey.export({ format: 'der', type: 'spki' }), 'SM2', 'e');
    expect(verifySignature('SM2', message, key.sign(message), key.jwk)).toBe(true);
    expect(verifySignature('SM2', message, ecdsa, ecdsaJwk)).toBe(false);
  });

  it('converts raw signatures to DER and back', () => {
    for (let i = 0; i < 50; i++) {
      const raw = Buffer.from(Array.from({ length: 64 }, (_, j) => (j < (i % 3) * 2 ? 0 : (i * 37 + j * 11) % 256)));
      expect(derToRaw(rawToDer(raw)).equals(raw)).toBe(true);
    }
  });

  it('publishes the curve point of the SPKI KMS returns, and turns it back into the same key', () => {
    const { publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    const spki = publicKey.export({ format: 'der', type: 'spki' });
    const jwk = jwkFromSpki(spki, 'ES256', 'k1');
    // Node's own JWK export of the same key: the coordinates agree.
    expect(jwk).toMatchObject({ kty: 'EC', crv: 'P-256', kid: 'k1', alg: 'ES256', use: 'sig', ...publicKey.export({ format: 'jwk' }) });
    expect(spkiFromJwk(jwk).equals(spki)).toBe(true);
    const sm2 = generateKeyPairSync('ec', { namedCurve: 'SM2' }).publicKey.export({ format: 'der', type: 'spki' });
    expect(jwkFromSpki(sm2, 'SM2', 'k2')).toMatchObject({ crv: 'SM2', alg: 'SM2' });
    expect(() => jwkFromSpki(sm2, 'ES256', 'k2')).toThrow(/P-256/);
  });

  it('turns a DER signature (what KMS returns) into raw r ‖ s', () => {
    const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    const message = Buffer.from('licence');
    for (let i = 0; i < 20; i++) {
      const der = sign('sha256', message, privateKey); // DER by default
      const raw = derToRaw(der);
      expect(raw).toHaveLength(64);
      expect(verifySignature('ES256', message, raw, jwkFromSpki(publicKey.export({ format: 'der', type: 'spki' }), 'ES256', 'k'))).toBe(true);
    }
    expect(() => derToRaw(Buffer.from([0x31, 0x00]))).toThrow(/DER/);
  });
});
