// GET /cases/{caseNo}: status and timeline (from the audit trail) of one of the caller's cases.
import { canSee } from '#core/access.ts';
import { publicApplicant } from '#core/applicant.ts';
import { documentView } from '#core/document.ts';
import { findBrokenLink } from '#core/audit.ts';
import { NotFound } from '#core/errors.ts';
import { workflowPosition } from '#core/workflow-path.ts';
import { getCase, listAudit, listDocuments } from '#adapters/case-store.ts';
import { callerOf } from '#middleware/applicant.ts';
import { httpHandler, json, pathParam } from '#middleware/http.ts';
import { caseNoSchema } from './case.schema.ts';
import { deadlinesNow } from './deadlines-now.ts';

export const handler = httpHandler(async (event) => {
  const caller = callerOf(event);
  const caseNo = pathParam(event, 'caseNo', caseNoSchema);
  const found = await getCase(caseNo);
  // Another applicant's case answers exactly like a missing one.
  if (!found || !canSee(found, caller.self)) throw new NotFound(`case ${caseNo} does not exist`);
  const [audit, documents] = await Promise.all([listAudit(caseNo), listDocuments(found.applicationId)]);
  return json(200, {
    caseNo: found.caseNo,
    // The applicant's own draft behind the case: where corrections upload their replaced files.
    applicationId: found.applicationId,
    status: found.status,
    itemCode: found.itemCode,
    itemName: found.itemName,
    applicant: publicApplicant(found.applicant),
    ...(found.agent ? { agent: found.agent } : {}),
    ...(found.delivery ? { delivery: found.delivery } : {}),
    departments: found.departments,
    submittedAt: found.submittedAt,
    updatedAt: found.updatedAt,
    // Issue #5: the latest correction notice, materials owed after a 容缺 acceptance and by when,
    // a suspension for owing them past that date, and how the case was accepted.
    ...(found.correction ? { correction: found.correction } : {}),
    ...(found.deficiencies ? { deficiencies: found.deficiencies } : {}),
    ...(found.deficiencyPromise ? { deficiencyPromise: found.deficiencyPromise } : {}),
    ...(found.suspension ? { suspension: found.suspension } : {}),
    ...(found.acceptance ? { acceptance: found.acceptance } : {}),
    ...(found.notAcceptedReason ? { notAcceptedReason: found.notAcceptedReason } : {}),
    ...(found.refusalReasons ? { refusalReasons: found.refusalReasons } : {}),
    // The lead item's licence, and every licence the case issued (a bundle issues one per item that yields one).
    ...(found.licenceId ? { licenceId: found.licenceId } : {}),
    ...(found.licences ? { licences: found.licences } : {}),
    // Issue #7: statutory and committed deadlines; remaining working days and the warning level while in flight.
    ...(found.deadlines ? { deadlines: deadlinesNow(found) } : {}),
    documents: documents.map(documentView),
    timeline: audit.map(({ seq, at, action, summary, actor, from, to }) => ({ seq, at, action, summary, actor: actor.kind, from, to })),
    // Issue #16: the state of statemachines/case.asl.json the case is in, and the way it took.
    workflow: workflowPosition(audit),
    // The case was read first: a transition committed since may have appended entries, so the
    // head recorded on the case is matched with its own entry, not with the last one read.
    auditIntact: findBrokenLink(audit) === undefined && audit.find((entry) => entry.seq === found.auditSeq)?.hash === found.auditHead,
  });
});
