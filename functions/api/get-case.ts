// GET /cases/{caseNo}: status and timeline (from the audit trail) of one of the caller's cases.
import { z } from 'zod';
import { publicApplicant } from '#core/applicant.ts';
import { findBrokenLink } from '#core/audit.ts';
import { caseNoPattern } from '#core/case-number.ts';
import { NotFound } from '#core/errors.ts';
import { getCase, listAudit } from '#adapters/case-store.ts';
import { applicantOf } from '#middleware/applicant.ts';
import { httpHandler, json, pathParam } from '#middleware/http.ts';

export const handler = httpHandler(async (event) => {
  const applicant = applicantOf(event);
  const caseNo = pathParam(event, 'caseNo', z.string().regex(caseNoPattern, 'not a case number'));
  const found = await getCase(caseNo);
  // Another applicant's case answers exactly like a missing one.
  if (!found || found.applicant.sub !== applicant.sub) throw new NotFound(`case ${caseNo} does not exist`);
  const audit = await listAudit(caseNo);
  return json(200, {
    caseNo: found.caseNo,
    status: found.status,
    itemCode: found.itemCode,
    itemName: found.itemName,
    applicant: publicApplicant(found.applicant),
    departments: found.departments,
    submittedAt: found.submittedAt,
    updatedAt: found.updatedAt,
    ...(found.deficiencies ? { deficiencies: found.deficiencies } : {}),
    ...(found.refusalReasons ? { refusalReasons: found.refusalReasons } : {}),
    ...(found.licenceId ? { licenceId: found.licenceId } : {}),
    timeline: audit.map(({ seq, at, action, summary, actor, from, to }) => ({ seq, at, action, summary, actor: actor.kind, from, to })),
    auditIntact: findBrokenLink(audit) === undefined && audit.at(-1)?.hash === found.auditHead,
  });
});
