// GET /officer/work-items/{id}: one work item of the officer's department with the case as the
// officer decides it (the department desk, issue #16): the requirement, form data, documents with
// short-lived download links, commitments, cited licences, deadlines, timeline, courier and the
// actions allowed now. Another department's work item answers like a missing one.
import { publicApplicant } from '#core/applicant.ts';
import { allowedActions } from '#core/allowed-actions.ts';
import { isFinal } from '#core/case-status.ts';
import { courierKinds } from '#core/courier-tracking.ts';
import { documentView } from '#core/document.ts';
import { NotFound } from '#core/errors.ts';
import { parseWorkItemId } from '#core/work-item.ts';
import { workflowPosition } from '#core/workflow-path.ts';
import { getApplication, getCase, listAudit, listDocuments } from '#adapters/case-store.ts';
import { clock } from '#adapters/clock.ts';
import { listCommitments } from '#adapters/commitments.ts';
import { getCourierRecord } from '#adapters/courier-records.ts';
import { DOWNLOAD_URL_SECONDS, presignDownload } from '#adapters/documents.ts';
import { getWorkItem, listWorkItemsOfCase } from '#adapters/work-items.ts';
import { httpHandler, json, pathParam } from '#middleware/http.ts';
import { officerOf } from '#middleware/officer.ts';
import { deadlinesNow } from './deadlines-now.ts';
import { inboxItemView } from './work-item-view.ts';
import { workItemIdSchema } from './work-items.schema.ts';

export const handler = httpHandler(async (event) => {
  const officer = officerOf(event);
  const id = pathParam(event, 'id', workItemIdSchema);
  const ref = parseWorkItemId(id);
  // Work items of other departments are not the officer's to know about.
  const item = ref && ref.department === officer.department ? await getWorkItem(ref.caseNo, ref.department, ref.kind) : undefined;
  const found = item ? await getCase(item.caseNo) : undefined;
  if (!item || !found) throw new NotFound(`work item ${id} does not exist`);
  const now = clock.now();
  const [audit, application, documents, commitments, workItems, ...couriers] = await Promise.all([
    listAudit(found.caseNo),
    getApplication(found.applicationId),
    listDocuments(found.applicationId),
    listCommitments(found.applicationId),
    listWorkItemsOfCase(found.caseNo),
    ...courierKinds.map((kind) => getCourierRecord(found.caseNo, kind)),
  ]);
  const closed = isFinal(found.status);
  return json(200, {
    workItem: {
      ...inboxItemView(item, now),
      department: item.department,
      ...(item.decision ? { decision: item.decision, decidedAt: item.decidedAt } : {}),
    },
    allowedActions: allowedActions(item, closed),
    case: {
      caseNo: found.caseNo,
      status: found.status,
      itemCode: found.itemCode,
      itemName: found.itemName,
      items: (found.requirement?.items ?? []).map(({ code, name }) => ({ code, name })),
      applicant: publicApplicant(found.applicant),
      ...(found.agent ? { agent: found.agent } : {}),
      ...(found.delivery ? { delivery: found.delivery } : {}),
      departments: found.departments,
      submittedAt: found.submittedAt,
      ...(found.requirement ? { requirement: found.requirement } : {}),
      formData: application?.formData ?? {},
      ...(found.satisfiedBy ? { satisfiedBy: found.satisfiedBy } : {}),
      // Uploads come with a download link; a cited e-licence is checked by its id (GET /licences/{id}/verify).
      documents: await Promise.all(
        documents.map(async (d) => ({
          ...documentView(d),
          ...(d.source !== 'licence' && d.status === 'verified' ? { url: await presignDownload(d.key), urlExpiresInSeconds: DOWNLOAD_URL_SECONDS } : {}),
        })),
      ),
      commitments: commitments.map(({ materialCode, text, textSha256, signedAt, signedBy }) => ({ materialCode, text, textSha256, signedAt, signedBy })),
      citedLicences: Object.entries(found.satisfiedBy ?? {}).flatMap(([materialCode, s]) => (s.by === 'licence' ? [{ materialCode, licenceId: s.licenceId }] : [])),
      ...(found.correction ? { correction: found.correction } : {}),
      ...(found.deficiencies ? { deficiencies: found.deficiencies } : {}),
      ...(found.acceptance ? { acceptance: found.acceptance } : {}),
      ...(found.refusalReasons ? { refusalReasons: found.refusalReasons } : {}),
      ...(found.licenceId ? { licenceId: found.licenceId } : {}),
      ...(found.deadlines ? { deadlines: deadlinesNow(found, now) } : {}),
      workItems: workItems.map((w) => ({ workItemId: w.id, department: w.department, status: w.status, ...(w.decision ? { decision: w.decision.decision } : {}) })),
      courier: couriers.flatMap((c) =>
        c ? [{ kind: c.kind, status: c.status, ...(c.waybillNo ? { waybillNo: c.waybillNo } : {}), orderedAt: c.orderedAt, updatedAt: c.updatedAt, ...(c.signedAt ? { signedAt: c.signedAt } : {}), ...(c.exception ? { exception: c.exception } : {}) }] : [],
      ),
      timeline: audit.map(({ seq, at, action, summary, actor }) => ({ seq, at, action, summary, actor: actor.kind, ...(actor.kind === 'officer' ? { officer: actor.id } : {}) })),
      workflow: workflowPosition(audit),
    },
  });
});
