// POST /applications/{id}/citations { materialCode, licenceId }: a draft's material is satisfied
// by an e-licence the applicant already holds instead of an upload (一次提交、多方利用). The licence
// must exist, be held by the application's applicant, be of a type the material accepts and be
// valid now (core/licence-citation.ts); pre-review checks it again. Stored as the material's
// document, with source `licence`, so it is listed like an upload and replaces one.
import { applicantKey } from '#core/applicant-key.ts';
import type { DocumentRecord } from '#core/document.ts';
import { Conflict, Invalid } from '#core/errors.ts';
import { licenceSummary } from '#core/licence.ts';
import { citationProblem } from '#core/licence-citation.ts';
import { requirementForApplication } from '#adapters/catalogue.ts';
import { putDocument } from '#adapters/case-store.ts';
import { clock } from '#adapters/clock.ts';
import { getLicence } from '#adapters/licences.ts';
import { callerOf } from '#middleware/applicant.ts';
import { httpHandler, json, parseJsonBody } from '#middleware/http.ts';
import { ownApplication } from './application-access.ts';
import { citationBody } from './licence.schema.ts';

export const handler = httpHandler(async (event) => {
  const caller = callerOf(event);
  const body = parseJsonBody(event, citationBody);
  const application = await ownApplication(event, caller);
  if (application.status !== 'draft') throw new Conflict('a licence can only be cited for a draft application');
  const material = requirementForApplication(application).materials.find((m) => m.code === body.materialCode);
  if (!material) throw new Invalid('unknown material', [{ field: 'materialCode', message: 'not a material this application requires' }]);
  if (material.licenceTypes.length === 0) {
    throw new Invalid('this material cannot be cited', [{ field: 'materialCode', message: `${material.name}不能以电子证照代替，请上传` }]);
  }
  const licence = await getLicence(body.licenceId);
  const now = clock.now();
  const problem = citationProblem(licence, { holderKey: applicantKey(application.applicant), licenceTypes: material.licenceTypes, now });
  if (problem || !licence) {
    throw new Invalid(`the licence cannot be cited (${problem?.problem ?? 'unknown'})`, [{ field: 'licenceId', message: problem?.detail ?? '证照库中没有该电子证照' }]);
  }
  const doc: DocumentRecord = {
    applicationId: application.id,
    materialCode: material.code,
    key: licence.pdf.key,
    fileName: `${licence.name}.pdf`,
    contentType: 'application/pdf',
    size: licence.pdf.size,
    sha256: licence.pdf.sha256,
    status: 'verified',
    source: 'licence',
    licenceId: licence.id,
  };
  await putDocument(doc);
  return json(201, { materialCode: material.code, status: doc.status, source: 'licence', licence: licenceSummary(licence, now) });
});
