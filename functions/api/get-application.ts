// GET /applications/{id}: the caller's application with the platform's verdict on each document.
import { publicApplicant } from '#core/applicant.ts';
import { documentView } from '#core/document.ts';
import { listDocuments } from '#adapters/case-store.ts';
import { callerOf } from '#middleware/applicant.ts';
import { httpHandler, json } from '#middleware/http.ts';
import { ownApplication } from './application-access.ts';

export const handler = httpHandler(async (event) => {
  const application = await ownApplication(event, callerOf(event));
  const documents = await listDocuments(application.id);
  return json(200, {
    id: application.id,
    status: application.status,
    itemCode: application.itemCode,
    applicant: publicApplicant(application.applicant),
    ...(application.agent ? { agent: application.agent } : {}),
    createdAt: application.createdAt,
    updatedAt: application.updatedAt,
    ...(application.formData ? { formData: application.formData } : {}),
    ...(application.delivery ? { delivery: application.delivery } : {}),
    ...(application.caseNo ? { caseNo: application.caseNo } : {}),
    documents: documents.map(documentView),
  });
});
