// Workflow task CollectOriginals (waitForTaskToken), between acceptance and approval (issue #9):
// when any material of the case's recorded requirement must be seen in the original, EMS collects
// it from the applicant's address and brings it to the service centre; the task waits until the
// parcel is signed for there (the tracking webhook answers the token). No original required: the
// handler answers its own token at once. One Task state either way, entered by every case: no
// Choice state and no second Task, so the case pays one billed transition for the hand-off.
// Idempotent: a resumed execution is answered from a journey already over, or waits again.
import type { CaseRecord } from '#core/case.ts';
import { applicantAddressOf, orderNoOf, originalsOf, pickupOrderOf, serviceCentreOf } from '#core/courier-order.ts';
import { requirementOfCase, province } from '#adapters/catalogue.ts';
import { getApplication, requireCase } from '#adapters/case-store.ts';
import { clock } from '#adapters/clock.ts';
import { courierContract } from '#adapters/courier/credentials.ts';
import { cannotOrder, noAddressDetail, nothingToPost, placeOrder, resumeHandOff } from '#adapters/courier/hand-off.ts';

export interface CollectOriginalsInput {
  readonly caseNo: string;
  readonly taskToken: string;
}

export const handler = async ({ caseNo, taskToken }: CollectOriginalsInput): Promise<void> => {
  const current: CaseRecord = await requireCase(caseNo);
  const requirement = await requirementOfCase(current, getApplication);
  const originals = originalsOf(requirement);
  if (originals.length === 0) return nothingToPost('pickup', taskToken);
  const now = clock.now();
  if (await resumeHandOff(caseNo, 'pickup', taskToken, now)) return;
  const serviceCentre = serviceCentreOf(province().serviceCentre, requirement);
  const from = applicantAddressOf(current);
  if (!from) return cannotOrder({ current, kind: 'pickup', orderNo: orderNoOf(caseNo, 'pickup'), serviceCentre, taskToken, now, reason: 'no-address', detail: noAddressDetail('pickup') });
  const contract = await courierContract();
  await placeOrder({
    current,
    order: pickupOrderOf({ caseNo, from, serviceCentre: contract.serviceCentreAddress, originals }),
    serviceCentre,
    taskToken,
    now,
    summary: (waybillNo) => `已预约 EMS 上门收取原件（${originals.map((m) => m.name).join('、')}），运单号 ${waybillNo}，送达政务服务中心后进入审批`,
  });
};
