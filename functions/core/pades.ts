// The licence PDF's PAdES signature (ETSI EN 319 142-1, baseline B-B): a signature field whose
// /Contents is a detached CMS SignedData (RFC 5652) over the /ByteRange, SubFilter
// ETSI.CAdES.detached, with the signed attributes B-B asks for: content-type, message-digest and
// signing-certificate-v2 (RFC 5035), and no signing-time attribute (the claimed time is the
// dictionary's /M, EN 319 142-1 §5.4.2). The seal key signs the DER of the signed attributes through
// the signer (a KMS key signs a message of at most 4096 bytes raw; these are a few hundred).
// SM2 keys give the same structure with the SM3 and SM2-with-SM3 identifiers (GM/T 0006); the key's
// signer applies the SM2 distinguishing ID, as KMS SM2DSA does.
import { createHash } from 'node:crypto';
import { pdflibAddPlaceholder } from '@signpdf/placeholder-pdf-lib';
import { SignPdf } from '@signpdf/signpdf';
import { Signer, SUBFILTER_ETSI_CADES_DETACHED } from '@signpdf/utils';
import {
  Attribute,
  CertificateChoices,
  CertificateSet,
  ContentInfo,
  EncapsulatedContentInfo,
  IssuerAndSerialNumber,
  SignedData,
  SignerIdentifier,
  SignerInfo,
  SignerInfos,
  DigestAlgorithmIdentifiers,
} from '@peculiar/asn1-cms';
import { AsnConvert, OctetString } from '@peculiar/asn1-schema';
import { AlgorithmIdentifier, Certificate } from '@peculiar/asn1-x509';
import { ObjectIdentifier, OctetString as DerOctetString, Sequence } from 'asn1js';
import type { PDFDocument } from 'pdf-lib';
import type { SigningAlgorithm } from './licence.ts';
import { rawToDer } from './licence-seal.ts';
import { algorithmsOf, type SealSign } from './seal-certificate.ts';

const ID_DATA = '1.2.840.113549.1.7.1';
const ID_SIGNED_DATA = '1.2.840.113549.1.7.2';
const ID_CONTENT_TYPE = '1.2.840.113549.1.9.3';
const ID_MESSAGE_DIGEST = '1.2.840.113549.1.9.4';
const ID_SIGNING_CERTIFICATE_V2 = '1.2.840.113549.1.9.16.2.47';

/** Room for the CMS in /Contents: certificate (~600 bytes), attributes and signature fit in 4 KB. */
const SIGNATURE_BYTES = 4096;

const arrayBuffer = (bytes: Uint8Array): ArrayBuffer => Uint8Array.from(bytes).buffer;

/**
 * SigningCertificateV2 ::= SEQUENCE { certs SEQUENCE OF ESSCertIDv2 } with one ESSCertIDv2
 * { hashAlgorithm (omitted when it is the default SHA-256), certHash }: RFC 5035 §5.4.1.2.
 */
const signingCertificateV2 = (alg: SigningAlgorithm, certificate: Uint8Array): ArrayBuffer => {
  const { digest, hash } = algorithmsOf[alg];
  const certHash = new DerOctetString({ valueHex: arrayBuffer(createHash(hash).update(certificate).digest()) });
  const hashAlgorithm = alg === 'ES256' ? [] : [new Sequence({ value: [new ObjectIdentifier({ value: digest })] })];
  return new Sequence({ value: [new Sequence({ value: [new Sequence({ value: [...hashAlgorithm, certHash] })] })] }).toBER(false);
};

const der = (attribute: Attribute): Buffer => Buffer.from(AsnConvert.serialize(attribute));

/** The DER of SignedAttributes as signed: a SET OF, its members in sorted order (X.690 §11.6). */
const signedAttributesDer = (sorted: Attribute[]): Buffer => {
  const body = Buffer.concat(sorted.map(der));
  const length = body.length < 0x80 ? [body.length] : body.length < 0x100 ? [0x81, body.length] : [0x82, body.length >> 8, body.length & 0xff];
  return Buffer.concat([Buffer.from([0x31, ...length]), body]);
};

/** A detached CMS SignedData (DER) over `content`, made by the seal key whose certificate is given. */
export const cadesDetached = async (content: Uint8Array, certificateDer: Uint8Array, alg: SigningAlgorithm, sign: SealSign): Promise<Buffer> => {
  const { digest, hash, signature: signatureAlgorithm } = algorithmsOf[alg];
  const certificate = AsnConvert.parse(arrayBuffer(certificateDer), Certificate);
  const attributes = [
    new Attribute({ attrType: ID_CONTENT_TYPE, attrValues: [new ObjectIdentifier({ value: ID_DATA }).toBER(false)] }),
    new Attribute({ attrType: ID_MESSAGE_DIGEST, attrValues: [AsnConvert.serialize(new OctetString(createHash(hash).update(content).digest()))] }),
    new Attribute({ attrType: ID_SIGNING_CERTIFICATE_V2, attrValues: [signingCertificateV2(alg, certificateDer)] }),
  ].sort((a, b) => Buffer.compare(der(a), der(b)));
  const signedAttributes = signedAttributesDer(attributes);
  const signed = await sign(signedAttributes);
  if (signed.alg !== alg) throw new Error(`the seal key signs ${signed.alg}, not ${alg}`);
  const digestAlgorithm = new AlgorithmIdentifier({ algorithm: digest });
  const signerInfo = new SignerInfo({
    version: 1,
    sid: new SignerIdentifier({
      issuerAndSerialNumber: new IssuerAndSerialNumber({ issuer: certificate.tbsCertificate.issuer, serialNumber: certificate.tbsCertificate.serialNumber }),
    }),
    digestAlgorithm,
    // Encoded by the library in the order given: the sorted order that was signed.
    signedAttrs: attributes,
    signatureAlgorithm: new AlgorithmIdentifier({ algorithm: signatureAlgorithm }),
    signature: new OctetString(rawToDer(signed.signature)),
  });
  const signedData = new SignedData({
    version: 1,
    digestAlgorithms: new DigestAlgorithmIdentifiers([digestAlgorithm]),
    encapContentInfo: new EncapsulatedContentInfo({ eContentType: ID_DATA }),
    certificates: new CertificateSet([new CertificateChoices({ certificate })]),
    signerInfos: new SignerInfos([signerInfo]),
  });
  return Buffer.from(AsnConvert.serialize(new ContentInfo({ contentType: ID_SIGNED_DATA, content: AsnConvert.serialize(signedData) })));
};

/** Adds the (invisible) signature field and its zero-filled /Contents, before the document is saved. */
export const addSignatureField = (doc: PDFDocument, fields: { readonly issuer: string; readonly licenceId: string; readonly signedAt: Date }): void => {
  pdflibAddPlaceholder({
    pdfDoc: doc,
    reason: `电子证照 ${fields.licenceId} 发证机关电子签章`,
    contactInfo: '',
    name: fields.issuer,
    location: 'CN',
    signingTime: fields.signedAt,
    signatureLength: SIGNATURE_BYTES,
    subFilter: SUBFILTER_ETSI_CADES_DETACHED,
  });
};

/** The seal key's certificate (DER), algorithm and signing function. */
export interface Seal {
  readonly certificate: Uint8Array;
  readonly alg: SigningAlgorithm;
  readonly sign: SealSign;
}

class SealSigner extends Signer {
  readonly #seal: Seal;

  constructor(seal: Seal) {
    super();
    this.#seal = seal;
  }

  override sign(content: Buffer): Promise<Buffer> {
    return cadesDetached(content, this.#seal.certificate, this.#seal.alg, this.#seal.sign);
  }
}

/** Fills the /ByteRange and /Contents of a PDF saved with addSignatureField: the signed PDF. */
export const signPdf = (pdf: Uint8Array, seal: Seal): Promise<Buffer> => new SignPdf().sign(Buffer.from(pdf), new SealSigner(seal));
