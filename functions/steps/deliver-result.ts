// Workflow task DeliverResult (waitForTaskToken), after issuance (issue #9): when the applicant
// chose EMS, the result goes from the service centre to their address and the task waits until it
// is signed for (the tracking webhook answers the token). 行政许可法 Art. 44: served within 10
// (working, Art. 82) days of the decision; the deadline is recorded with the order, the signing date
// when it comes, and a late one is warned of in the timeline. Online delivery, or a case that ended
// without a licence: nothing to post, the handler answers its own token at once (one Task state,
// one billed transition, no Choice). Idempotent like CollectOriginals.
import { applicantAddressOf, deliveryOrderOf, orderNoOf, serviceCentreOf } from '#core/courier-order.ts';
import { deliveryDeadlineOf } from '#core/delivery-deadline.ts';
import { shanghaiDate } from '#core/calendar.ts';
import { requirementOfCase, province } from '#adapters/catalogue.ts';
import { getApplication, listAudit, requireCase } from '#adapters/case-store.ts';
import { clock, deadlineCalendar } from '#adapters/clock.ts';
import { courierContract } from '#adapters/courier/credentials.ts';
import { cannotOrder, noAddressDetail, nothingToPost, placeOrder, resumeHandOff } from '#adapters/courier/hand-off.ts';

export interface DeliverResultInput {
  readonly caseNo: string;
  readonly taskToken: string;
}

export const handler = async ({ caseNo, taskToken }: DeliverResultInput): Promise<void> => {
  const current = await requireCase(caseNo);
  if (current.status !== 'completed' || current.delivery?.method !== 'ems') return nothingToPost('delivery', taskToken);
  const now = clock.now();
  if (await resumeHandOff(caseNo, 'delivery', taskToken, now)) return;
  const requirement = await requirementOfCase(current, getApplication);
  const serviceCentre = serviceCentreOf(province().serviceCentre, requirement);
  const to = applicantAddressOf(current);
  if (!to) return cannotOrder({ current, kind: 'delivery', orderNo: orderNoOf(caseNo, 'delivery'), serviceCentre, taskToken, now, reason: 'no-address', detail: noAddressDetail('delivery') });
  // The decision is the licence's issuance, as the audit trail recorded it.
  const issued = (await listAudit(caseNo)).findLast((e) => e.action === 'LicenceIssued');
  const deadline = deliveryDeadlineOf(new Date(issued?.at ?? current.updatedAt), deadlineCalendar());
  const contract = await courierContract();
  await placeOrder({
    current,
    order: deliveryOrderOf({ caseNo, to, serviceCentre: contract.serviceCentreAddress, licenceId: current.licenceId }),
    serviceCentre,
    taskToken,
    now,
    deadline,
    summary: (waybillNo) =>
      `办理结果已交 EMS 寄递，运单号 ${waybillNo}；依《行政许可法》第四十四条，应于 ${deadline.lastDay} 前送达（决定日 ${shanghaiDate(new Date(deadline.decidedAt))}）`,
  });
};
