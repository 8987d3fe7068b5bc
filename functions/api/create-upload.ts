// POST /applications/{id}/uploads: a presigned PUT for one material, bound to its size, type and
// SHA-256. The object counts only after the platform has verified what arrived (verify-document).
import { randomUUID } from 'node:crypto';
import type { DocumentRecord } from '#core/document.ts';
import { Conflict, Invalid } from '#core/errors.ts';
import type { ApplicationRecord } from '#core/case.ts';
import { isFinal } from '#core/case-status.ts';
import type { Requirement } from '#core/guide.ts';
import { requirementForApplication, requirementOfCase } from '#adapters/catalogue.ts';
import { getApplication, getCase, putDocument } from '#adapters/case-store.ts';
import { listWorkItemsOfCase } from '#adapters/work-items.ts';
import { presignUpload } from '#adapters/documents.ts';
import { callerOf } from '#middleware/applicant.ts';
import { httpHandler, json, parseJsonBody } from '#middleware/http.ts';
import { createUploadBody } from './application.schema.ts';
import { ownApplication } from './application-access.ts';

/**
 * After submission, uploads are open only while the case waits for them: a correction notice is
 * out (any material of the case), or materials are owed after a 容缺 acceptance or asked for by a
 * department's supplement (only those).
 */
const requirementOwed = async (application: ApplicationRecord): Promise<Pick<Requirement, 'materials'>> => {
  const found = application.caseNo ? await getCase(application.caseNo) : undefined;
  if (!found) throw new Conflict('materials can only be uploaded to a draft application');
  const requirement = await requirementOfCase(found, getApplication);
  if (found.status === 'correcting') return requirement;
  // Owed after a 容缺 acceptance, or asked for by a department's supplement (issue #6).
  const asked = found.status === 'in-approval' ? (await listWorkItemsOfCase(found.caseNo)).filter((w) => w.status === 'open' && w.supplement && !w.supplement.answeredAt) : [];
  const owed = new Set([...(found.deficiencies ?? []), ...asked.flatMap((w) => w.supplement?.items ?? [])].map((d) => d.materialCode));
  if (owed.size > 0 && !isFinal(found.status)) return { materials: requirement.materials.filter((m) => owed.has(m.code)) };
  throw new Conflict(`case ${found.caseNo} is ${found.status}: it takes no more materials`);
};

export const handler = httpHandler(async (event) => {
  const caller = callerOf(event);
  const body = parseJsonBody(event, createUploadBody);
  const application = await ownApplication(event, caller);
  const requirement = application.status === 'draft' ? requirementForApplication(application) : await requirementOwed(application);
  const material = requirement.materials.find((m) => m.code === body.materialCode);
  if (!material) throw new Invalid('unknown material', [{ field: 'materialCode', message: 'not a material this application requires' }]);
  if (!material.contentTypes.includes(body.contentType)) {
    throw new Invalid('file type not accepted', [{ field: 'contentType', message: `accepted: ${material.contentTypes.join(', ')}` }]);
  }
  if (body.size > material.maxBytes) {
    throw new Invalid('file too large', [{ field: 'size', message: `at most ${material.maxBytes} bytes` }]);
  }
  const key = `applications/${application.id}/${material.code}/${randomUUID()}`;
  const doc: DocumentRecord = {
    applicationId: application.id,
    materialCode: material.code,
    key,
    fileName: body.fileName,
    contentType: body.contentType,
    size: body.size,
    sha256: body.sha256,
    status: 'pending',
  };
  // Real time, not the stack's clock: S3 judges the URL's expiry by its own clock.
  const upload = await presignUpload(key, body.contentType, body.size, body.sha256, new Date());
  await putDocument(doc);
  return json(201, { materialCode: material.code, status: doc.status, upload });
});
