// Makes one e-licence of a case (a bundle's case has one per item with a licence result), ready to
// record: identifier, QR token, PDF in S3 (PAdES-signed: functions/core/pades.ts), e-seal. Every
// step can be repeated: the identifier and token are fixed on the first try (CASE#<caseNo>/LICENCE#<itemCode>),
// the PDF is stored once and never overwritten, and only then is the seal made over the stored
// PDF's hash. The library record itself is written by the caller in the case's completing
// transaction, so a licence exists exactly when its case is completed.
import type { CaseRecord } from '#core/case.ts';
import { findItem } from '#core/catalogue.ts';
import type { LicenceResult } from '#core/guide.ts';
import { licenceId } from '#core/licence-id.ts';
import { issuingDepartmentOf, licenceIssuer, sealContent, validityOf, type LicenceData, type LicenceRecord } from '#core/licence.ts';
import { maskIdentity } from '#core/mask.ts';
import { renderLicencePdf } from '#core/licence-pdf.ts';
import { signPdf } from '#core/pades.ts';
import { assembleToken, signingInput, TOKEN_TYPE, tokenClaims } from '#core/licence-token.ts';
import { province } from '#adapters/catalogue.ts';
import { licenceFont } from '#adapters/licence-font.ts';
import { storeLicencePdf } from '#adapters/licence-files.ts';
import { getPreparedLicence, keepPreparedLicence, nextSerial, type PreparedLicence } from '#adapters/licences.ts';
import { sign, signingKey } from '#adapters/signer.ts';
import { sealCertificate } from './seal-certificate.ts';

/** A configuration error the workflow records by name (infra/provinces/rules.ts should prevent it). */
const configError = (message: string): Error => Object.assign(new Error(message), { name: 'LicenceConfigInvalid' });

/** The licence data and its signed QR token, fixed once per case and item. */
const prepare = async (c: CaseRecord, { itemCode, licenceType }: LicenceResult, at: string): Promise<PreparedLicence> => {
  const catalogue = province();
  const item = findItem(catalogue.items, itemCode);
  if (!item) throw configError(`item ${itemCode} of case ${c.caseNo} is no longer in the catalogue`);
  const code = issuingDepartmentOf(item);
  const department = catalogue.departments.find((d) => d.code === code);
  const issuer = department && licenceIssuer(department);
  if (!issuer) throw configError(`department ${code} issues ${licenceType} licences but has no USCC`);
  const type = catalogue.licenceTypes.find((t) => t.code === licenceType);
  if (!type) throw configError(`licence type ${licenceType} is not declared`);
  const serial = await nextSerial(type.code, issuer.uscc);
  const data: LicenceData = {
    id: licenceId({ typeCode: type.code, issuerUscc: issuer.uscc, serial }),
    type: type.code,
    name: type.name,
    holder: { kind: c.applicant.kind, name: c.applicant.name, identity: c.applicant.identity },
    issuer,
    caseNo: c.caseNo,
    itemCode: item.code,
    itemName: item.name,
    issuedAt: at,
    ...validityOf(type, at),
  };
  const key = await signingKey();
  const input = signingInput({ alg: key.alg, kid: key.kid, typ: TOKEN_TYPE }, tokenClaims(data));
  const { signature } = await sign(Buffer.from(input, 'ascii'));
  return keepPreparedLicence(c.caseNo, item.code, { data, token: assembleToken(input, signature) });
};

export const makeLicence = async (c: CaseRecord, result: LicenceResult, at: string): Promise<LicenceRecord> => {
  const { data, token } = (await getPreparedLicence(c.caseNo, result.itemCode)) ?? (await prepare(c, result, at));
  const unsigned = await renderLicencePdf(
    {
      id: data.id,
      name: data.name,
      holderName: data.holder.name,
      holderKind: data.holder.kind,
      // A person's number is printed masked (PIPL: the minimum needed); a USCC is public.
      holderIdentity: data.holder.kind === 'person' ? maskIdentity(data.holder.identity) : data.holder.identity,
      itemName: data.itemName,
      issuerName: data.issuer.name,
      caseNo: data.caseNo,
      issuedAt: data.issuedAt,
      validFrom: data.validFrom,
      ...(data.validUntil === undefined ? {} : { validUntil: data.validUntil }),
      token,
    },
    await licenceFont(),
  );
  // The PAdES signature (EN 319 142 B-B) with the same seal key, under its certificate for the issuer.
  const pdf = await signPdf(unsigned, { ...(await sealCertificate(data.issuer, data.issuedAt)), sign });
  const stored = await storeLicencePdf(data.id, pdf);
  const seal = await sign(sealContent(data, stored.sha256));
  return {
    ...data,
    pdf: stored,
    seal: { alg: seal.alg, kid: seal.kid, signature: seal.signature.toString('base64url') },
    token,
    status: 'valid',
  };
};
