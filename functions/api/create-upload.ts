// POST /applications/{id}/uploads: a presigned PUT for one material, bound to its size, type and
// SHA-256. The object counts only after the platform has verified what arrived (verify-document).
import { randomUUID } from 'node:crypto';
import type { DocumentRecord } from '#core/document.ts';
import { Conflict, Invalid } from '#core/errors.ts';
import { requirementForApplication } from '#adapters/catalogue.ts';
import { putDocument } from '#adapters/case-store.ts';
import { presignUpload } from '#adapters/documents.ts';
import { callerOf } from '#middleware/applicant.ts';
import { httpHandler, json, parseJsonBody } from '#middleware/http.ts';
import { createUploadBody } from './application.schema.ts';
import { ownApplication } from './application-access.ts';

export const handler = httpHandler(async (event) => {
  const caller = callerOf(event);
  const body = parseJsonBody(event, createUploadBody);
  const application = await ownApplication(event, caller);
  if (application.status !== 'draft') throw new Conflict('materials can only be uploaded to a draft application');
  const material = requirementForApplication(application).materials.find((m) => m.code === body.materialCode);
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
  const upload = await presignUpload(key, body.contentType, body.size, body.sha256, new Date());
  await putDocument(doc);
  return json(201, { materialCode: material.code, status: doc.status, upload });
});
