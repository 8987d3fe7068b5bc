// The e-licence (电子证照) as the licence library keeps it: what is signed, what changes (status),
// and what each kind of reader sees. Pure: the signer, S3 and DynamoDB sit in functions/adapters.
import { createHash } from 'node:crypto';
import type { Applicant } from './applicant.ts';
import { canonicalJson, type Department, type LicenceType, type ServiceItem } from './catalogue.ts';
import { maskIdentity } from './mask.ts';

export type SigningAlgorithm = 'ES256' | 'SM2';

export interface LicenceIssuer {
  /** The department's code in the province catalogue. */
  readonly department: string;
  readonly name: string;
  /** 统一社会信用代码: also the issuer field of the identifier. */
  readonly uscc: string;
}

/** Who holds the licence: the applicant of the case, without the token subject (it may change). */
export type LicenceHolder = Pick<Applicant, 'kind' | 'name' | 'identity'>;

/** Everything the e-seal covers, together with the PDF's SHA-256 (sealContent). Never changes. */
export interface LicenceData {
  /** GB/T 36904 identifier (functions/core/licence-id.ts). */
  readonly id: string;
  /** Licence type code of the catalogue. */
  readonly type: string;
  /** The licence's name, the type's name (e.g. 营业执照). */
  readonly name: string;
  readonly holder: LicenceHolder;
  readonly issuer: LicenceIssuer;
  readonly caseNo: string;
  readonly itemCode: string;
  readonly itemName: string;
  readonly issuedAt: string;
  readonly validFrom: string;
  /** Absent: valid indefinitely (长期有效). */
  readonly validUntil?: string;
}

export interface LicenceSeal {
  readonly alg: SigningAlgorithm;
  /** The signing key's id, as published at /.well-known/licence-keys. */
  readonly kid: string;
  /** base64url of the raw signature (r ‖ s). */
  readonly signature: string;
}

export interface LicenceRevocation {
  readonly reason: string;
  /** The revoking (issuing) department's code. */
  readonly department: string;
  readonly at: string;
}

export type LicenceStatus = 'valid' | 'revoked';

export interface LicenceRecord extends LicenceData {
  readonly pdf: { readonly key: string; readonly sha256: string; readonly size: number };
  readonly seal: LicenceSeal;
  /** The compact signed token the licence's QR code carries (functions/core/licence-token.ts). */
  readonly token: string;
  readonly status: LicenceStatus;
  readonly revocation?: LicenceRevocation;
}

/** The department that issues an item's licence (发证机关). */
export const issuingDepartmentOf = (item: Pick<ServiceItem, 'departments' | 'issuingDepartment'>): string =>
  item.issuingDepartment ?? (item.departments[0] as string);

/** The issuer as recorded on the licence; undefined when the department has no USCC (a config error). */
export const licenceIssuer = (department: Department): LicenceIssuer | undefined =>
  department.uscc === undefined ? undefined : { department: department.code, name: department.name, uscc: department.uscc };

/**
 * Valid from the moment of issue; a type with `validityYears` expires that many years later to the
 * instant (29 February rolls to 1 March). A type without one is valid indefinitely (长期有效).
 */
export const validityOf = (type: Pick<LicenceType, 'validityYears'>, issuedAt: string): { validFrom: string; validUntil?: string } => {
  if (type.validityYears === undefined) return { validFrom: issuedAt };
  const until = new Date(issuedAt);
  until.setUTCFullYear(until.getUTCFullYear() + type.validityYears);
  return { validFrom: issuedAt, validUntil: until.toISOString() };
};

/** Only the fields of LicenceData, in case a record or a wider object is passed. */
export const licenceData = (r: LicenceData): LicenceData => ({
  id: r.id,
  type: r.type,
  name: r.name,
  holder: { kind: r.holder.kind, name: r.holder.name, identity: r.holder.identity },
  issuer: { department: r.issuer.department, name: r.issuer.name, uscc: r.issuer.uscc },
  caseNo: r.caseNo,
  itemCode: r.itemCode,
  itemName: r.itemName,
  issuedAt: r.issuedAt,
  validFrom: r.validFrom,
  ...(r.validUntil === undefined ? {} : { validUntil: r.validUntil }),
});

/**
 * What the e-seal signs: the canonical JSON (keys sorted at every level) of the licence data with
 * the PDF's SHA-256, UTF-8. Changing one byte of either changes this text, so the seal no longer
 * verifies.
 */
export const sealContent = (data: LicenceData, pdfSha256: string): Uint8Array =>
  Buffer.from(canonicalJson({ ...licenceData(data), pdfSha256 }), 'utf8');

/** SHA-256 (hex) of the canonical licence data: the token's `dig`, tying it to one record. */
export const dataDigest = (data: LicenceData): string => createHash('sha256').update(canonicalJson(licenceData(data))).digest('hex');

export type EffectiveStatus = 'valid' | 'revoked' | 'expired';

/** The status at an instant: revoked from the revocation on, expired after validUntil. */
export const statusAt = (record: Pick<LicenceRecord, 'status' | 'revocation' | 'validUntil'>, at: Date): EffectiveStatus => {
  if (record.status === 'revoked' && (record.revocation === undefined || Date.parse(record.revocation.at) <= at.getTime())) return 'revoked';
  if (record.validUntil !== undefined && at.getTime() > Date.parse(record.validUntil)) return 'expired';
  return 'valid';
};

/** A person's name shows its first character only (张**); an organisation's name is public. */
export const maskHolderName = (holder: Pick<LicenceHolder, 'kind' | 'name'>): string => {
  if (holder.kind === 'organisation') return holder.name;
  const chars = [...holder.name];
  return chars.length <= 1 ? '*' : `${chars[0]}${'*'.repeat(chars.length - 1)}`;
};

export const maskedHolder = (holder: LicenceHolder) => ({ kind: holder.kind, name: maskHolderName(holder), identityMasked: maskIdentity(holder.identity) });

/** What anyone verifying a licence learns: never the holder's identity in clear. */
export const publicLicenceView = (record: LicenceRecord, at: Date) => ({
  id: record.id,
  type: record.type,
  name: record.name,
  holder: maskedHolder(record.holder),
  issuer: { department: record.issuer.department, name: record.issuer.name },
  issuedAt: record.issuedAt,
  validFrom: record.validFrom,
  ...(record.validUntil === undefined ? {} : { validUntil: record.validUntil }),
  status: statusAt(record, at),
  ...(record.revocation ? { revokedAt: record.revocation.at } : {}),
});

/** What the holder and the issuing or a reading department see: the licence, the identity masked. */
export const licenceView = (record: LicenceRecord, at: Date) => ({
  ...publicLicenceView(record, at),
  holder: { kind: record.holder.kind, name: record.holder.name, identityMasked: maskIdentity(record.holder.identity) },
  issuer: record.issuer,
  caseNo: record.caseNo,
  itemCode: record.itemCode,
  itemName: record.itemName,
  pdf: { sha256: record.pdf.sha256, size: record.pdf.size },
  seal: { alg: record.seal.alg, kid: record.seal.kid },
  token: record.token,
  ...(record.revocation ? { revocation: record.revocation } : {}),
});

/** The library's one-line entry (GET /licences). */
export const licenceSummary = (record: LicenceRecord, at: Date) => ({
  id: record.id,
  type: record.type,
  name: record.name,
  issuer: { department: record.issuer.department, name: record.issuer.name },
  issuedAt: record.issuedAt,
  ...(record.validUntil === undefined ? {} : { validUntil: record.validUntil }),
  status: statusAt(record, at),
});
