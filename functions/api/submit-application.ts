// POST /applications/{id}/submit: the draft becomes a case (one transaction with its first audit
// entry) and the case's workflow starts, named by the case number so it can never start twice.
import { newCaseNo } from '#core/case-number.ts';
import { requireItem } from '#adapters/catalogue.ts';
import { createCase } from '#adapters/case-store.ts';
import { publish } from '#adapters/event-bus.ts';
import { startCaseExecution } from '#adapters/workflow.ts';
import { applicantOf } from '#middleware/applicant.ts';
import { httpHandler, json } from '#middleware/http.ts';
import { ownApplication } from './application-access.ts';

export const handler = httpHandler(async (event) => {
  const applicant = applicantOf(event);
  const application = await ownApplication(event, applicant);
  if (application.status === 'submitted' && application.caseNo) {
    // A retry after a lost response: make sure the workflow runs, answer the same case.
    await startCaseExecution({ caseNo: application.caseNo });
    return json(200, { caseNo: application.caseNo, status: 'submitted' }, { location: `/cases/${application.caseNo}` });
  }
  const item = requireItem(application.itemCode);
  const now = new Date();
  const at = now.toISOString();
  const created = await createCase(
    {
      caseNo: newCaseNo(application.province, now),
      applicationId: application.id,
      province: application.province,
      itemCode: item.code,
      itemName: item.name,
      applicant,
      status: 'submitted',
      departments: item.departments,
      submittedAt: at,
      updatedAt: at,
    },
    { at, actor: { kind: 'applicant', id: applicant.sub }, action: 'CaseSubmitted', summary: `申请人提交了“${item.name}”的申请`, to: 'submitted' },
  );
  await startCaseExecution({ caseNo: created.caseNo });
  await publish('CaseSubmitted', {
    caseNo: created.caseNo,
    province: created.province,
    at,
    itemCode: item.code,
    applicationId: application.id,
  });
  return json(201, { caseNo: created.caseNo, status: created.status }, { location: `/cases/${created.caseNo}` });
});
