// Builders for licence tests: plain data, a local P-256 or SM2 key in place of KMS.
import { createPrivateKey, createPublicKey, generateKeyPairSync, sign, type KeyObject } from 'node:crypto';
import type { LicenceData, LicenceRecord, SigningAlgorithm } from '../../../functions/core/licence.ts';
import { sealContent } from '../../../functions/core/licence.ts';
import { licenceId } from '../../../functions/core/licence-id.ts';
import { derToRaw, jwkFromSpki, jwkThumbprint, type PublicJwk } from '../../../functions/core/licence-seal.ts';
import { assembleToken, signingInput, TOKEN_TYPE, tokenClaims } from '../../../functions/core/licence-token.ts';

export const ISSUER_USCC = '11990000000000019A';

export const aLicenceData = (over: Partial<LicenceData> = {}): LicenceData => ({
  id: licenceId({ typeCode: 'DEMO01', issuerUscc: ISSUER_USCC, serial: 42 }),
  type: 'DEMO01',
  name: '示范许可证',
  holder: { kind: 'person', name: '张三', identity: '110101199003074514' },
  issuer: { department: 'SCJGJ', name: '示范市市场监督管理局', uscc: ISSUER_USCC },
  caseNo: '99-20261123-ABCDEFGHJK',
  itemCode: 'DEMO-001',
  itemName: '示范许可事项',
  issuedAt: '2026-11-23T02:00:00.000Z',
  validFrom: '2026-11-23T02:00:00.000Z',
  validUntil: '2031-11-23T02:00:00.000Z',
  ...over,
});

export interface TestKey {
  readonly alg: SigningAlgorithm;
  readonly privateKey: KeyObject;
  readonly jwk: PublicJwk;
  sign(message: Uint8Array): Buffer;
}

/** A signing key as the signer adapter would hold it (locally for ES256; for SM2 as KMS would). */
export const aKey = (alg: SigningAlgorithm = 'ES256'): TestKey => {
  const generated = generateKeyPairSync('ec', { namedCurve: alg === 'SM2' ? 'SM2' : 'P-256' }).privateKey;
  // Read back from PKCS#8, as a stored key is: OpenSSL then types an SM2-curve key as SM2 and signs
  // with SM2DSA (SM3 over Z ‖ M, default ID 1234567812345678), as KMS does, not ECDSA on that curve.
  const privateKey = createPrivateKey({ key: generated.export({ format: 'der', type: 'pkcs8' }), format: 'der', type: 'pkcs8' });
  const spki = createPublicKey(privateKey).export({ format: 'der', type: 'spki' });
  const unnamed = jwkFromSpki(spki, alg, 'x');
  const jwk = { ...unnamed, kid: jwkThumbprint(unnamed) };
  // Raw r ‖ s, as the signer adapter returns it (for SM2 Node gives DER whatever it is asked).
  return { alg, privateKey, jwk, sign: (message) => derToRaw(sign(alg === 'SM2' ? 'sm3' : 'sha256', message, privateKey)) };
};

export const aToken = (data: LicenceData, key: TestKey): string => {
  const input = signingInput({ alg: key.alg, kid: key.jwk.kid, typ: TOKEN_TYPE }, tokenClaims(data));
  return assembleToken(input, key.sign(Buffer.from(input, 'ascii')));
};

export const aRecord = (key: TestKey, over: Partial<LicenceData> = {}, pdfSha256 = 'ab'.repeat(32)): LicenceRecord => {
  const data = aLicenceData(over);
  return {
    ...data,
    pdf: { key: `licences/${data.id}.pdf`, sha256: pdfSha256, size: 1234 },
    seal: { alg: key.alg, kid: key.jwk.kid, signature: key.sign(sealContent(data, pdfSha256)).toString('base64url') },
    token: aToken(data, key),
    status: 'valid',
  };
};
