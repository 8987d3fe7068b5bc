// The e-seal's cryptography, independent of where the private key lives: public keys as JWKs,
// signature formats, and verification. Two algorithms, one per AWS partition:
// - ES256: ECDSA on P-256 with SHA-256 (RFC 7518 §3.4), KMS ECC_NIST_P256 / ECDSA_SHA_256.
// - SM2:   SM2 signature with SM3 (GB/T 32918.2, GB/T 32905) and the default distinguishing ID
//          1234567812345678 (GM/T 0009), KMS SM2 / SM2DSA in the China regions. JOSE registers no
//          name for it; "SM2" with crv "SM2" is this platform's label, published with the key.
// Signatures are raw r ‖ s (64 bytes), as JWS wants them; KMS returns DER, converted here.
import { createHash, createPublicKey, verify, type KeyObject } from 'node:crypto';
import type { SigningAlgorithm } from './licence.ts';

export interface PublicJwk {
  readonly kty: 'EC';
  readonly crv: 'P-256' | 'SM2';
  readonly x: string;
  readonly y: string;
  readonly kid: string;
  readonly alg: SigningAlgorithm;
  readonly use: 'sig';
}

const curveOf: Record<SigningAlgorithm, PublicJwk['crv']> = { ES256: 'P-256', SM2: 'SM2' };
const digestOf: Record<SigningAlgorithm, string> = { ES256: 'sha256', SM2: 'sm3' };

// SubjectPublicKeyInfo of an uncompressed EC point, up to the point: SEQUENCE { SEQUENCE { id-ecPublicKey,
// namedCurve }, BIT STRING }. P-256 is 1.2.840.10045.3.1.7, SM2 1.2.156.10197.1.301.
const SPKI_PREFIX: Record<PublicJwk['crv'], string> = {
  'P-256': '3059301306072a8648ce3d020106082a8648ce3d030107034200',
  SM2: '3059301306072a8648ce3d020106082a811ccf5501822d034200',
};

const b64u = (bytes: Uint8Array): string => Buffer.from(bytes).toString('base64url');

/** The JWK of a public key given as DER SubjectPublicKeyInfo (what KMS GetPublicKey returns). */
export const jwkFromSpki = (spki: Uint8Array, alg: SigningAlgorithm, kid: string): PublicJwk => {
  const crv = curveOf[alg];
  const der = Buffer.from(spki);
  const prefix = Buffer.from(SPKI_PREFIX[crv], 'hex');
  if (der.length !== prefix.length + 65 || !der.subarray(0, prefix.length).equals(prefix) || der[prefix.length] !== 4) {
    throw new Error(`the public key is not an uncompressed ${crv} point`);
  }
  const point = der.subarray(prefix.length + 1);
  return { kty: 'EC', crv, x: b64u(point.subarray(0, 32)), y: b64u(point.subarray(32)), kid, alg, use: 'sig' };
};

/** The DER SubjectPublicKeyInfo of a JWK (works for SM2, which Node cannot import as a JWK). */
export const spkiFromJwk = (jwk: Pick<PublicJwk, 'crv' | 'x' | 'y'>): Buffer => {
  const x = Buffer.from(jwk.x, 'base64url');
  const y = Buffer.from(jwk.y, 'base64url');
  if (x.length !== 32 || y.length !== 32) throw new Error('a JWK coordinate is not 32 bytes');
  return Buffer.concat([Buffer.from(SPKI_PREFIX[jwk.crv], 'hex'), Buffer.from([4]), x, y]);
};

const publicKeyOf = (jwk: Pick<PublicJwk, 'crv' | 'x' | 'y'>): KeyObject => createPublicKey({ key: spkiFromJwk(jwk), format: 'der', type: 'spki' });

/** RFC 7638 thumbprint: SHA-256 over the required members in lexicographic order, base64url. */
export const jwkThumbprint = (jwk: Pick<PublicJwk, 'crv' | 'x' | 'y'>): string =>
  b64u(createHash('sha256').update(JSON.stringify({ crv: jwk.crv, kty: 'EC', x: jwk.x, y: jwk.y })).digest());

/** True when `signature` (raw r ‖ s) is the key's signature of `message` under `alg`. */
export const verifySignature = (alg: SigningAlgorithm, message: Uint8Array, signature: Uint8Array, jwk: PublicJwk): boolean => {
  if (jwk.alg !== alg || jwk.crv !== curveOf[alg] || signature.length !== 64) return false;
  try {
    // OpenSSL types a key on the SM2 curve as SM2 and verifies SM2DSA, where Node ignores
    // dsaEncoding and reads DER only.
    if (alg === 'SM2') return verify(digestOf[alg], message, publicKeyOf(jwk), rawToDer(signature));
    return verify(digestOf[alg], message, { key: publicKeyOf(jwk), dsaEncoding: 'ieee-p1363' }, signature);
  } catch {
    return false; // a malformed key or signature does not verify
  }
};

/** Raw r ‖ s → DER (SEQUENCE { INTEGER r, INTEGER s }), minimal positive integers. */
export const rawToDer = (raw: Uint8Array): Buffer => {
  const half = raw.length / 2;
  const integer = (bytes: Uint8Array): Buffer => {
    let start = 0;
    while (start < bytes.length - 1 && bytes[start] === 0) start++;
    const trimmed = Buffer.from(bytes.subarray(start));
    const value = (trimmed[0] ?? 0) & 0x80 ? Buffer.concat([Buffer.from([0]), trimmed]) : trimmed;
    return Buffer.concat([Buffer.from([0x02, value.length]), value]);
  };
  const body = Buffer.concat([integer(raw.subarray(0, half)), integer(raw.subarray(half))]);
  return Buffer.concat([Buffer.from([0x30, body.length]), body]);
};

/** DER ECDSA-Sig-Value (SEQUENCE { INTEGER r, INTEGER s }) → raw r ‖ s of `size` bytes each. */
export const derToRaw = (der: Uint8Array, size = 32): Buffer => {
  const bytes = Buffer.from(der);
  let offset = 2;
  if (bytes[0] !== 0x30) throw new Error('not a DER signature');
  if ((bytes[1] ?? 0) & 0x80) offset = 2 + ((bytes[1] ?? 0) & 0x7f);
  const integer = (): Buffer => {
    if (bytes[offset] !== 0x02) throw new Error('not a DER signature');
    const length = bytes[offset + 1] ?? 0;
    const value = bytes.subarray(offset + 2, offset + 2 + length);
    offset += 2 + length;
    const trimmed = value.subarray(Math.max(0, value.length - size));
    if (value.subarray(0, value.length - trimmed.length).some((b) => b !== 0)) throw new Error('a DER integer is too long');
    return Buffer.concat([Buffer.alloc(size - trimmed.length), trimmed]);
  };
  return Buffer.concat([integer(), integer()]);
};
