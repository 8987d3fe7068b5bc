// A courier hand-off as the workflow's tasks run it (issue #9): place the order and store the
// waiting task's token on the case's courier record, or, for a resumed execution, answer at once
// from a journey already over or wait again on the new token (catching up on events pushed while
// nobody waited, with a tracking query). Used by the CollectOriginals and DeliverResult steps.
import type { CaseRecord } from '#core/case.ts';
import type { CourierOrder } from '#core/courier-order.ts';
import { kindLabels, type CourierKind, type HandOffOutcome } from '#core/courier-tracking.ts';
import type { DeliveryDeadline } from '#core/delivery-deadline.ts';
import { Conflict } from '#core/errors.ts';
import { transitionCase } from '../case-store.ts';
import { openCourierExceptionItem } from '../courier-exceptions.ts';
import { getCourierRecord, newCourierRecordItems, rearmCourierWait, type CourierRecord } from '../courier-records.ts';
import { completeTask } from '../workflow.ts';
import { log } from '#middleware/logger.ts';
import { contractCourier } from './contract-courier.ts';
import { CourierRejected } from './courier.ts';
import { answerWait, outcomeOfRecord, recordTrackingEvent } from './tracking-updates.ts';

/** Answers or re-arms a hand-off that exists already; false when there is none. */
export const resumeHandOff = async (caseNo: string, kind: CourierKind, taskToken: string, now: Date): Promise<boolean> => {
  const record = await getCourierRecord(caseNo, kind);
  if (!record) return false;
  if (record.settled) {
    await answerWait(record, taskToken, outcomeOfRecord(record));
    return true;
  }
  await rearmCourierWait(caseNo, kind, taskToken);
  if (record.waybillNo) {
    // Pushes that came while no execution waited (e.g. the local stack was down) are in the
    // courier's own tracking: apply them; one that ends the journey answers the new token. A
    // courier that does not know the waybill (any more) leaves the wait to the pushes and its timeout.
    const courier = await contractCourier();
    const events = await courier.track(record.waybillNo).catch((error: unknown) => {
      if (!(error instanceof CourierRejected)) throw error;
      log.warn('tracking query refused on resume; waiting for pushes', { caseNo, kind, retCode: error.retCode });
      return [];
    });
    for (const event of events) await recordTrackingEvent(event, now);
  }
  return true;
};

/** Nothing to post: the waiting task is answered at once (no billed transition is spent on a Choice). */
export const nothingToPost = (kind: CourierKind, taskToken: string): Promise<void> => completeTask(taskToken, { kind, outcome: 'not-required' } satisfies HandOffOutcome);

export interface PlaceOrder {
  readonly current: CaseRecord;
  readonly order: CourierOrder;
  readonly serviceCentre: string;
  readonly taskToken: string;
  readonly now: Date;
  /** The timeline line, given the waybill number. */
  readonly summary: (waybillNo: string) => string;
  readonly deadline?: DeliveryDeadline;
}

/** Places the order (idempotent on its order number), then records it with the waiting token. */
export const placeOrder = async (input: PlaceOrder): Promise<void> => {
  const { current, order, taskToken, now } = input;
  const courier = await contractCourier();
  let waybillNo: string;
  try {
    ({ waybillNo } = await courier.createOrder(order));
  } catch (error) {
    if (!(error instanceof CourierRejected)) throw error;
    const detail = `EMS 拒绝下单（${error.retCode}）：${error.message.replace(/^EMS \d+ answered \S+: /, '')}`;
    return cannotOrder({ current, kind: order.kind, orderNo: order.orderNo, serviceCentre: input.serviceCentre, taskToken, now, reason: 'order-refused', detail });
  }
  // The label is for the service centre to print; a courier that has none yet is no reason to stop.
  const label = await courier.label(waybillNo).catch((error: unknown) => {
    if (error instanceof CourierRejected) return {};
    throw error;
  });
  const at = now.toISOString();
  const record: CourierRecord = {
    caseNo: current.caseNo,
    kind: order.kind,
    orderNo: order.orderNo,
    waybillNo,
    status: 'ordered',
    serviceCentre: input.serviceCentre,
    orderedAt: at,
    updatedAt: at,
    trace: [],
    ...('url' in label && label.url ? { labelUrl: label.url } : {}),
    taskToken,
    ...(input.deadline ? { deadline: input.deadline } : {}),
  };
  try {
    await transitionCase(current.caseNo, () => ({
      audit: {
        at,
        actor: { kind: 'system', id: order.kind === 'pickup' ? 'CollectOriginals' : 'DeliverResult' },
        action: 'CourierOrdered',
        summary: input.summary(waybillNo),
        data: { kind: order.kind, orderNo: order.orderNo, waybillNo, serviceCentre: input.serviceCentre, ...(input.deadline ? { due: input.deadline.due } : {}) },
      },
      also: newCourierRecordItems(record),
    }));
  } catch (error) {
    // A retried invocation recorded it first: wait on this token instead.
    if (error instanceof Conflict && (await resumeHandOff(current.caseNo, order.kind, taskToken, now))) return;
    throw error;
  }
};

/**
 * No order can be placed: the case has no EMS address, or EMS refused the order (an address it
 * cannot serve). The service centre gets an exception to settle it with the applicant, the
 * hand-off is recorded as settled, and the workflow goes on: nobody waits on a parcel that will
 * never exist.
 */
export const cannotOrder = async (input: {
  readonly current: CaseRecord;
  readonly kind: CourierKind;
  readonly orderNo: string;
  readonly serviceCentre: string;
  readonly taskToken: string;
  readonly now: Date;
  readonly reason: 'no-address' | 'order-refused';
  readonly detail: string;
}): Promise<void> => {
  const { current, kind, taskToken, reason, detail } = input;
  const at = input.now.toISOString();
  const record: CourierRecord = {
    caseNo: current.caseNo,
    kind,
    orderNo: input.orderNo,
    status: 'ordered',
    serviceCentre: input.serviceCentre,
    orderedAt: at,
    updatedAt: at,
    trace: [],
    taskToken,
    settled: { outcome: 'not-placed', at },
    exception: { outcome: reason, at, open: true },
  };
  try {
    await transitionCase(current.caseNo, () => ({
      audit: {
        at,
        actor: { kind: 'system', id: kind === 'pickup' ? 'CollectOriginals' : 'DeliverResult' },
        action: 'CourierException',
        summary: `EMS ${kindLabels[kind]}未能下单：${detail}（已转 ${input.serviceCentre} 处理）`,
        data: { kind, outcome: reason, serviceCentre: input.serviceCentre },
      },
      also: [
        ...newCourierRecordItems(record),
        openCourierExceptionItem({ caseNo: current.caseNo, kind, department: input.serviceCentre, itemCode: current.itemCode, itemName: current.itemName, outcome: reason, detail, at }),
      ],
    }));
  } catch (error) {
    if (error instanceof Conflict && (await resumeHandOff(current.caseNo, kind, taskToken, input.now))) return;
    throw error;
  }
  await answerWait(record, taskToken, outcomeOfRecord(record));
};

/** The exception's text when the case has no EMS address. */
export const noAddressDetail = (kind: CourierKind): string => `申请未填写 EMS 收寄地址，无法预约${kindLabels[kind]}，请联系申请人`;
