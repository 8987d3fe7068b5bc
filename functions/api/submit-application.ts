// POST /applications/{id}/submit (Idempotency-Key required): the draft becomes a case in one
// transaction with its first audit entry, and the case's workflow starts, named by the case number
// so it can never start twice. The answer carries a receipt with a QR code to the tracking page.
import { applicantKey } from '#core/applicant-key.ts';
import type { CaseRecord } from '#core/case.ts';
import { newCaseNo } from '#core/case-number.ts';
import { Conflict, Invalid } from '#core/errors.ts';
import { receiptFor } from '#core/receipt.ts';
import { newTrackingKey } from '#core/tracking.ts';
import { requirementForApplication } from '#adapters/catalogue.ts';
import { createCase, getApplication, requireCase } from '#adapters/case-store.ts';
import { config } from '#adapters/config.ts';
import { publish } from '#adapters/event-bus.ts';
import { idempotent } from '#adapters/idempotency.ts';
import { startCaseExecution } from '#adapters/workflow.ts';
import { clock } from '#adapters/clock.ts';
import { callerOf } from '#middleware/applicant.ts';
import { httpHandler, json } from '#middleware/http.ts';
import { ownApplication } from './application-access.ts';
import { deliveryErrorsAtSubmit } from './draft-choices.ts';

// Where the receipt's QR code leads (the console's public tracking page): set by CDK to the console's
// distribution, locally to the gateway. Never guessed from the request: the API's own host is not
// where the page is (issue #15 item 4).
const publicBaseUrl = (): string => {
  const url = config().PUBLIC_BASE_URL;
  if (!url) throw new Error('PUBLIC_BASE_URL is not set for this function');
  return url;
};

/**
 * The draft is a case already (submitted under another key, at the same time or before, or the key
 * expired): make sure its workflow runs and answer with that case rather than a second one.
 */
const answerSubmitted = async (caseNo: string) => {
  const existing = await requireCase(caseNo);
  await startCaseExecution({ caseNo: existing.caseNo });
  // Cases submitted before tracking keys existed have no tracking page, so no receipt to repeat.
  const receipt = existing.trackingKey ? { receipt: receiptFor({ ...existing, trackingKey: existing.trackingKey }, publicBaseUrl()) } : {};
  return json(200, { caseNo: existing.caseNo, status: existing.status, ...receipt });
};

export const handler = httpHandler(async (event) => {
  const caller = callerOf(event);
  return idempotent(event, applicantKey(caller.self), async () => {
    const application = await ownApplication(event, caller);
    if (application.status === 'submitted' && application.caseNo) return answerSubmitted(application.caseNo);
    // Judged by the catalogue as it is now, recorded with the case: later catalogue changes never
    // alter what this case needs (409 if the draft's answers no longer fit the catalogue).
    const requirement = requirementForApplication(application);
    const addressErrors = deliveryErrorsAtSubmit(application.delivery);
    if (addressErrors.length) throw new Invalid('the delivery address cannot be used by EMS: change it before submitting', addressErrors);
    const name = requirement.subject.name;
    const now = clock.now();
    const at = now.toISOString();
    const trackingKey = newTrackingKey();
    let created: CaseRecord;
    try {
      created = await createCase(
        {
          caseNo: newCaseNo(application.province, now),
          applicationId: application.id,
          province: application.province,
          itemCode: application.itemCode,
          itemName: name,
          applicant: application.applicant,
          ...(application.agent ? { agent: application.agent } : {}),
          ...(application.delivery ? { delivery: application.delivery } : {}),
          status: 'submitted',
          departments: requirement.departments,
          catalogueVersion: requirement.catalogueVersion,
          requirement,
          submittedAt: at,
          updatedAt: at,
          trackingKey,
        },
        {
          at,
          actor: application.agent ? { kind: 'agent', id: application.agent.sub } : { kind: 'applicant', id: caller.self.sub },
          action: 'CaseSubmitted',
          summary: application.agent
            ? `帮办人员 ${application.agent.name} 代 ${application.applicant.name} 提交了“${name}”的申请`
            : `申请人提交了“${name}”的申请`,
          to: 'submitted',
        },
      );
    } catch (error) {
      // Another submit of this draft (under another key) won the race: answer with its case.
      const winner = error instanceof Conflict ? await getApplication(application.id) : undefined;
      if (winner?.caseNo) return answerSubmitted(winner.caseNo);
      throw error;
    }
    await startCaseExecution({ caseNo: created.caseNo });
    await publish('CaseSubmitted', { caseNo: created.caseNo, province: created.province, at, itemCode: application.itemCode, applicationId: application.id });
    return json(
      201,
      { caseNo: created.caseNo, status: created.status, receipt: receiptFor({ ...created, trackingKey }, publicBaseUrl()) },
      { location: `/cases/${created.caseNo}` },
    );
  });
});
