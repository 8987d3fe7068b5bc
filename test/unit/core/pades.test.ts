// The PAdES signature's CMS and the seal certificate, read back with the ASN.1 schemas and checked
// with node:crypto against the certificate's key, for both seal algorithms (P-256 and SM2).
import { createHash, createPublicKey, verify, X509Certificate } from 'node:crypto';
import { ContentInfo, SignedData } from '@peculiar/asn1-cms';
import { AsnConvert } from '@peculiar/asn1-schema';
import { Certificate, id_ce_keyUsage, KeyUsage, KeyUsageFlags } from '@peculiar/asn1-x509';
import { describe, expect, it } from 'vitest';
import { cadesDetached } from '../../../functions/core/pades.ts';
import { derToRaw, jwkFromSpki, spkiFromJwk, verifySignature } from '../../../functions/core/licence-seal.ts';
import { makeSealCertificate, type SealSign } from '../../../functions/core/seal-certificate.ts';
import type { SigningAlgorithm } from '../../../functions/core/licence.ts';
import { aKey, ISSUER_USCC } from './licence-fixtures.ts';

const subject = { province: '江苏省', department: '示范市市场监督管理局', uscc: ISSUER_USCC };
const OIDS = {
  ES256: { digest: '2.16.840.1.101.3.4.2.1', signature: '1.2.840.10045.4.3.2', hash: 'sha256' },
  SM2: { digest: '1.2.156.10197.1.401', signature: '1.2.156.10197.1.501', hash: 'sm3' },
} as const;

const sealOf = (alg: SigningAlgorithm) => {
  const key = aKey(alg);
  const sign: SealSign = (message) => Promise.resolve({ alg, signature: key.sign(message) });
  return { key, sign, spki: spkiFromJwk(key.jwk) };
};

const hex = (bytes: ArrayBuffer | Uint8Array): string => Buffer.from(bytes instanceof Uint8Array ? bytes : new Uint8Array(bytes)).toString('hex');

describe('the seal certificate', () => {
  it('is self-signed by the seal key, names province and department, and allows only signing', async () => {
    const { key, sign, spki } = sealOf('ES256');
    const der = await makeSealCertificate({ spki, alg: 'ES256', subject, notBefore: new Date('2026-11-23T02:00:00Z') }, sign);
    const x509 = new X509Certificate(der);
    expect(x509.subject.split('\n')).toEqual(['C=CN', 'ST=江苏省', 'O=示范市市场监督管理局', `organizationIdentifier=NTRCN-${ISSUER_USCC}`, 'CN=示范市市场监督管理局电子证照专用章']);
    expect(x509.issuer).toBe(x509.subject);
    expect(x509.verify(createPublicKey(key.privateKey))).toBe(true);
    expect(x509.validFrom).toBe('Nov 23 02:00:00 2026 GMT');
    const extension = AsnConvert.parse(der, Certificate).tbsCertificate.extensions?.find((e) => e.extnID === id_ce_keyUsage);
    expect(extension?.critical).toBe(true);
    const usage = AsnConvert.parse(extension?.extnValue.buffer ?? new ArrayBuffer(0), KeyUsage).toNumber();
    expect(usage).toBe(KeyUsageFlags.digitalSignature | KeyUsageFlags.nonRepudiation);
    // The same key and department: the same serial (what is signed differs only by ECDSA's nonce).
    const again = new X509Certificate(await makeSealCertificate({ spki, alg: 'ES256', subject, notBefore: new Date('2026-11-23T02:00:00Z') }, sign));
    expect(again.serialNumber).toBe(x509.serialNumber);
  });
});

describe('the CAdES detached signature', () => {
  it.each(['ES256', 'SM2'] as const)('%s: SignedData with content-type, message-digest and signing-certificate-v2, verifying against the certificate', async (alg) => {
    const { key, sign, spki } = sealOf(alg);
    const certificate = await makeSealCertificate({ spki, alg, subject, notBefore: new Date('2026-11-23T02:00:00Z') }, sign);
    const content = Buffer.from('%PDF-1.7 the byte ranges of a licence');
    const cms = await cadesDetached(content, certificate, alg, sign);

    const info = AsnConvert.parse(cms, ContentInfo);
    expect(info.contentType).toBe('1.2.840.113549.1.7.2');
    const signedData = AsnConvert.parse(info.content, SignedData);
    expect(signedData.encapContentInfo.eContentType).toBe('1.2.840.113549.1.7.1');
    expect(signedData.encapContentInfo.eContent).toBeUndefined(); // detached
    expect(signedData.digestAlgorithms.map((a) => a.algorithm)).toEqual([OIDS[alg].digest]);
    expect(signedData.certificates?.map((c) => hex(AsnConvert.serialize(c.certificate)))).toEqual([hex(certificate)]);
    const [signer] = signedData.signerInfos;
    if (!signer?.signedAttrs) throw new Error('no signed attributes');
    expect(signer.digestAlgorithm.algorithm).toBe(OIDS[alg].digest);
    expect(signer.signatureAlgorithm.algorithm).toBe(OIDS[alg].signature);
    const cert = AsnConvert.parse(certificate, Certificate);
    expect(hex(signer.sid.issuerAndSerialNumber?.serialNumber ?? new ArrayBuffer(0))).toBe(hex(cert.tbsCertificate.serialNumber));

    const attributes = new Map(signer.signedAttrs.map((a) => [a.attrType, a.attrValues.map((v) => hex(v))]));
    // EN 319 142-1 §6.3 B-B: these three, and no signing-time (1.2.840.113549.1.9.5).
    expect([...attributes.keys()].sort()).toEqual(['1.2.840.113549.1.9.16.2.47', '1.2.840.113549.1.9.3', '1.2.840.113549.1.9.4']);
    expect(attributes.get('1.2.840.113549.1.9.3')).toEqual(['06092a864886f70d010701']);
    expect(attributes.get('1.2.840.113549.1.9.4')).toEqual([`0420${createHash(OIDS[alg].hash).update(content).digest('hex')}`]);
    expect(attributes.get('1.2.840.113549.1.9.16.2.47')?.[0]).toContain(createHash(OIDS[alg].hash).update(certificate).digest('hex'));

    // What a verifier signs again: the attributes as a DER SET OF, in the order the CMS has them.
    const members = Buffer.concat(signer.signedAttrs.map((a) => Buffer.from(AsnConvert.serialize(a))));
    const signedBytes = Buffer.concat([Buffer.from([0x31, 0x81, members.length]), members]);
    expect(members.length).toBeGreaterThan(0x7f); // so the SET's length takes the 0x81 form
    const signature = Buffer.from(signer.signature.buffer);
    // ES256: node:crypto with the certificate's key as it stands. SM2 (SM2DSA, SM3 over Z ‖ M):
    // the platform's verifier, node:crypto underneath (licence-seal.ts), with the certificate's key.
    if (alg === 'ES256') expect(verify('sha256', signedBytes, new X509Certificate(certificate).publicKey, signature)).toBe(true);
    const certificateKey = jwkFromSpki(new Uint8Array(AsnConvert.serialize(cert.tbsCertificate.subjectPublicKeyInfo)), alg, key.jwk.kid);
    expect(verifySignature(alg, signedBytes, derToRaw(signature), certificateKey)).toBe(true);
    const other = Buffer.from(signedBytes);
    other[other.length - 1] = (other[other.length - 1] ?? 0) ^ 1;
    expect(verifySignature(alg, other, derToRaw(signature), certificateKey)).toBe(false);
    // The certificate is the key's own signature too (for SM2 Node cannot check it as X.509).
    expect(cert.signatureAlgorithm.algorithm).toBe(OIDS[alg].signature);
    const tbs = new Uint8Array(AsnConvert.serialize(cert.tbsCertificate));
    expect(verifySignature(alg, tbs, derToRaw(new Uint8Array(cert.signatureValue)), certificateKey)).toBe(true);
  });
});
