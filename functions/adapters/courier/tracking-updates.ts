// Applies one EMS tracking event to its case (issue #9): the courier record moves, the case gets a
// timeline entry, a failure opens an exception for the service centre, and the journey's end
// answers the waiting workflow task. Used by the tracking webhook (040002 pushes) and by a resumed
// hand-off catching up (040001 query): both may repeat events, which are recorded once.
//
// One transaction per event (the audit entry, the record, the exception item), conditional on the
// case's version, so concurrent pushes for one case serialise. The follow-ups after it (answer the
// task, publish CourierDispatched / CourierDelivered, warn of a late delivery) each leave a marker
// on the record and run again on the next event for the parcel, so a push that failed half-way is
// completed by EMS's retry of it.
import { kindLabels, traceEntryOf, trackingUpdate, type HandOffOutcome } from '#core/courier-tracking.ts';
import { lateDeliverySummary, servedLate } from '#core/delivery-deadline.ts';
import { parseEmsTimestamp, type TrackingEvent } from '#core/ems-envelope.ts';
import { Conflict } from '#core/errors.ts';
import { commitTransition, requireCase, StaleCase, transitionCase } from '../case-store.ts';
import { closeCourierExceptionItem, openCourierExceptionItem } from '../courier-exceptions.ts';
import {
  findWaybill,
  getCourierRecord,
  lateRecordedItem,
  markAnswered,
  markPublished,
  trackingUpdateItem,
  type CourierRecord,
} from '../courier-records.ts';
import { publish } from '../event-bus.ts';
import { completeTask } from '../workflow.ts';
import { log } from '#middleware/logger.ts';

const ACTOR = { kind: 'system', id: 'EMS' } as const;
const ATTEMPTS = 10;

export type TrackingResult = 'recorded' | 'seen-before' | 'unknown-waybill';

export const recordTrackingEvent = async (event: TrackingEvent, receivedAt: Date): Promise<TrackingResult> => {
  const ref = await findWaybill(event.waybillNo);
  if (!ref) return 'unknown-waybill';
  // The instant EMS reports (Beijing time); the schema has checked it parses.
  const opTime = parseEmsTimestamp(event.opTime) ?? receivedAt;
  const entry = traceEntryOf(event, opTime);
  let result: TrackingResult = 'seen-before';
  for (let attempt = 1; ; attempt++) {
    const record = await getCourierRecord(ref.caseNo, ref.kind);
    if (!record) return 'unknown-waybill';
    const update = trackingUpdate(
      { kind: record.kind, waybillNo: event.waybillNo, status: record.status, trace: record.trace, exceptionOpen: record.exception?.open === true },
      entry,
    );
    if (!update) break;
    const current = await requireCase(ref.caseNo);
    const at = receivedAt.toISOString();
    const late = record.kind === 'delivery' && update.settled === 'signed' && record.deadline ? servedLate(record.deadline, opTime) : undefined;
    const exception = update.exception
      ? { outcome: update.exception, at, open: true }
      : update.closeException && record.exception
        ? { ...record.exception, open: false }
        : undefined;
    try {
      await commitTransition(current, {
        audit: {
          at,
          actor: ACTOR,
          action: update.action,
          summary: update.summary,
          data: {
            kind: record.kind,
            waybillNo: event.waybillNo,
            opCode: entry.opCode,
            opName: entry.opName,
            opTime: entry.opTime,
            ...(entry.state ? { state: entry.state } : {}),
            ...(late !== undefined ? { late } : {}),
          },
        },
        also: [
          trackingUpdateItem(record, {
            status: update.status,
            entry,
            at,
            ...(update.settled ? { settled: { outcome: update.settled, at } } : {}),
            ...(update.settled === 'signed' ? { signedAt: entry.opTime } : {}),
            ...(late !== undefined ? { late } : {}),
            ...(exception ? { exception } : {}),
          }),
          ...(update.exception
            ? [
                openCourierExceptionItem({
                  caseNo: record.caseNo,
                  kind: record.kind,
                  department: record.serviceCentre,
                  itemCode: current.itemCode,
                  itemName: current.itemName,
                  outcome: update.exception,
                  waybillNo: event.waybillNo,
                  detail: entry.opDesc ?? entry.opName,
                  at,
                }),
              ]
            : []),
          ...(update.closeException ? [closeCourierExceptionItem(record.caseNo, record.kind, at)] : []),
        ],
      });
      result = 'recorded';
      break;
    } catch (error) {
      // Another event (or a re-armed wait) committed first: read again; the event may be recorded now.
      if (!(error instanceof Conflict) || attempt >= ATTEMPTS) throw error;
      if (!(error instanceof StaleCase)) log.info('courier record changed meanwhile; retrying', { caseNo: record.caseNo, kind: record.kind });
      await new Promise((resolve) => setTimeout(resolve, Math.random() * 20 * attempt));
    }
  }
  const settledRecord = await getCourierRecord(ref.caseNo, ref.kind);
  if (settledRecord) await followUps(settledRecord, receivedAt);
  return result;
};

/** Answers the waiting task with the journey's end; a token that no longer waits counts as answered. */
export const answerWait = async (record: CourierRecord, taskToken: string, outcome: HandOffOutcome): Promise<void> => {
  try {
    await completeTask(taskToken, outcome);
  } catch (error) {
    // The task timed out or its execution ended (it was resumed on another token meanwhile).
    const gone = error instanceof Error && (error.name === 'TaskTimedOut' || error.name === 'InvalidToken' || error.name === 'TaskDoesNotExist');
    if (!gone) throw error;
    log.warn('courier outcome not delivered to the workflow: the task no longer waits', { caseNo: record.caseNo, kind: record.kind });
  }
  await markAnswered(record.caseNo, record.kind, taskToken);
};

export const outcomeOfRecord = (record: CourierRecord): HandOffOutcome => ({
  kind: record.kind,
  outcome: record.settled?.outcome ?? 'not-required',
  ...(record.waybillNo ? { waybillNo: record.waybillNo } : {}),
});

/** Whatever the record says is due and its marker says was not done yet. */
const followUps = async (record: CourierRecord, now: Date): Promise<void> => {
  const current = await requireCase(record.caseNo);
  const base = { caseNo: record.caseNo, province: current.province, at: now.toISOString(), kind: record.kind, waybillNo: record.waybillNo ?? '' };
  const pickedUp = record.trace.find((t) => t.state === 'picked-up');
  if (pickedUp && !record.publishedDispatched && record.waybillNo) {
    await publish('CourierDispatched', { ...base, opTime: pickedUp.opTime });
    await markPublished(record.caseNo, record.kind, 'CourierDispatched');
  }
  if (record.signedAt && !record.publishedDelivered && record.waybillNo) {
    await publish('CourierDelivered', { ...base, signedAt: record.signedAt, ...(record.kind === 'delivery' ? { late: record.late === true } : {}) });
    await markPublished(record.caseNo, record.kind, 'CourierDelivered');
  }
  if (record.kind === 'delivery' && record.late && !record.lateRecorded && record.deadline && record.signedAt) {
    const { deadline, signedAt } = record;
    try {
      await transitionCase(record.caseNo, () => ({
        audit: {
          at: now.toISOString(),
          actor: { kind: 'system', id: 'DeliverResult' },
          action: 'DeliveryLate',
          summary: lateDeliverySummary(deadline, new Date(signedAt)),
          data: { waybillNo: record.waybillNo, signedAt, due: deadline.due, decidedAt: deadline.decidedAt },
        },
        also: [lateRecordedItem(record.caseNo)],
      }));
      log.warn('result served after the limit of 行政许可法 Art. 44', { caseNo: record.caseNo, waybillNo: record.waybillNo, due: deadline.due, signedAt });
    } catch (error) {
      if (!(error instanceof Conflict)) throw error; // recorded by a concurrent push
    }
  }
  if (record.settled && record.answeredToken !== record.taskToken) {
    await answerWait(record, record.taskToken, outcomeOfRecord(record));
    log.info(`EMS ${kindLabels[record.kind]} settled`, { caseNo: record.caseNo, outcome: record.settled.outcome });
  }
};
