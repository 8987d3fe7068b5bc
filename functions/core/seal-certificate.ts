// The e-seal's self-signed X.509 certificate (RFC 5280), one per seal key and issuing department:
// the CMS in a licence PDF's PAdES signature (pades.ts) must name a certificate, and the seal key
// is a KMS key that never exports anything, so the key signs its own certificate. Verifiers pin it
// by the fingerprint published at /.well-known/licence-certificates. The subject follows ETSI EN
// 319 412-3 for a legal person's seal: country, province, organisation, organizationIdentifier
// "NTRCN-<USCC>" (EN 319 412-1 §5.1.4) and a common name.
import { createHash } from 'node:crypto';
import { AsnConvert, OctetString } from '@peculiar/asn1-schema';
import {
  AlgorithmIdentifier,
  AttributeTypeAndValue,
  AttributeValue,
  Certificate,
  Extension,
  Extensions,
  id_ce_keyUsage,
  id_ce_subjectKeyIdentifier,
  KeyUsage,
  KeyUsageFlags,
  Name,
  RelativeDistinguishedName,
  SubjectKeyIdentifier,
  SubjectPublicKeyInfo,
  TBSCertificate,
  Validity,
  Version,
} from '@peculiar/asn1-x509';
import type { SigningAlgorithm } from './licence.ts';
import { rawToDer } from './licence-seal.ts';

/** Signs a message with the seal key: raw r ‖ s (functions/adapters/signer.ts). */
export type SealSign = (message: Uint8Array) => Promise<{ readonly alg: SigningAlgorithm; readonly signature: Uint8Array }>;

/** Digest and signature algorithm identifiers per seal algorithm (RFC 5758 §3.2; GM/T 0006 for SM2/SM3). */
export const algorithmsOf: Record<SigningAlgorithm, { readonly digest: string; readonly hash: string; readonly signature: string }> = {
  ES256: { digest: '2.16.840.1.101.3.4.2.1', hash: 'sha256', signature: '1.2.840.10045.4.3.2' },
  SM2: { digest: '1.2.156.10197.1.401', hash: 'sm3', signature: '1.2.156.10197.1.501' },
};

export interface SealSubject {
  /** The province's name, e.g. 江苏省. */
  readonly province: string;
  /** The issuing department (发证机关). */
  readonly department: string;
  readonly uscc: string;
}

const attribute = (type: string, value: AttributeValue) => new RelativeDistinguishedName([new AttributeTypeAndValue({ type, value })]);

/** C=CN, ST=<province>, O=<department>, organizationIdentifier=NTRCN-<USCC>, CN=<department>电子证照专用章. */
export const sealName = (subject: SealSubject): Name =>
  new Name([
    attribute('2.5.4.6', new AttributeValue({ printableString: 'CN' })),
    attribute('2.5.4.8', new AttributeValue({ utf8String: subject.province })),
    attribute('2.5.4.10', new AttributeValue({ utf8String: subject.department })),
    attribute('2.5.4.97', new AttributeValue({ utf8String: `NTRCN-${subject.uscc}` })),
    attribute('2.5.4.3', new AttributeValue({ utf8String: `${subject.department}电子证照专用章` })),
  ]);

const arrayBuffer = (bytes: Uint8Array): ArrayBuffer => Uint8Array.from(bytes).buffer;

/**
 * The certificate's DER. The serial is derived from the key and the subject, so the same key and
 * department always get the same serial; the caller keeps the first certificate made.
 */
export const makeSealCertificate = async (
  input: { readonly spki: Uint8Array; readonly alg: SigningAlgorithm; readonly subject: SealSubject; readonly notBefore: Date },
  sign: SealSign,
): Promise<Buffer> => {
  const name = sealName(input.subject);
  const signature = new AlgorithmIdentifier({ algorithm: algorithmsOf[input.alg].signature });
  const serial = createHash('sha256').update(input.spki).update(new Uint8Array(AsnConvert.serialize(name))).digest().subarray(0, 16);
  serial[0] = (serial[0] ?? 0) & 0x7f; // a positive INTEGER (RFC 5280 §4.1.2.2)
  const spki = AsnConvert.parse(arrayBuffer(input.spki), SubjectPublicKeyInfo);
  const tbs = new TBSCertificate({
    version: Version.v3,
    serialNumber: arrayBuffer(serial),
    signature,
    issuer: name,
    // RFC 5280 §4.1.2.5: 99991231235959Z means no well-defined expiry; a seal must verify the
    // licences it sealed for as long as they are kept.
    validity: new Validity({ notBefore: input.notBefore, notAfter: new Date('9999-12-31T23:59:59Z') }),
    subject: name,
    subjectPublicKeyInfo: spki,
    extensions: new Extensions([
      new Extension({
        extnID: id_ce_keyUsage,
        critical: true,
        extnValue: new OctetString(AsnConvert.serialize(new KeyUsage(KeyUsageFlags.digitalSignature | KeyUsageFlags.nonRepudiation))),
      }),
      new Extension({
        extnID: id_ce_subjectKeyIdentifier,
        critical: false,
        // RFC 5280 §4.2.1.2 method (1): SHA-1 of the subjectPublicKey bits.
        extnValue: new OctetString(
          AsnConvert.serialize(new SubjectKeyIdentifier(createHash('sha1').update(new Uint8Array(spki.subjectPublicKey)).digest())),
        ),
      }),
    ]),
  });
  const signed = await sign(new Uint8Array(AsnConvert.serialize(tbs)));
  if (signed.alg !== input.alg) throw new Error(`the seal key signs ${signed.alg}, not ${input.alg}`);
  const certificate = new Certificate({ tbsCertificate: tbs, signatureAlgorithm: signature, signatureValue: arrayBuffer(rawToDer(signed.signature)) });
  return Buffer.from(AsnConvert.serialize(certificate));
};
