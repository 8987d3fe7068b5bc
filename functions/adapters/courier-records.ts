// A case's courier hand-offs (快递送, issue #9), in the case store:
//   CASE#<caseNo> / COURIER#<kind>   the order, its tracking, the waiting task's token (never served)
//   WAYBILL#<waybillNo> / META       which case and kind a waybill belongs to (tracking pushes name waybills)
// Both are written with the case's audit entry when the order is placed; each tracking event
// updates the record in the transaction of its audit entry.
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { TransactWriteCommandInput } from '@aws-sdk/lib-dynamodb';
import type { CourierKind, FailureState, HandOffOutcome, ParcelStatus, TraceEntry } from '#core/courier-tracking.ts';
import type { DeliveryDeadline } from '#core/delivery-deadline.ts';
import { config } from './config.ts';
import { documentClient as db } from './dynamodb.ts';

type TransactItem = NonNullable<TransactWriteCommandInput['TransactItems']>[number];

/** Events keep a parcel's trace short; more than this would be a courier gone wrong. */
export const MAX_TRACE = 100;

export type SettledOutcome = Exclude<HandOffOutcome['outcome'], 'not-required'>;

export interface CourierRecord {
  readonly caseNo: string;
  readonly kind: CourierKind;
  /** Our logisticsOrderNo (core/courier-order.ts). */
  readonly orderNo: string;
  /** Absent when no order could be placed (no address to collect from). */
  readonly waybillNo?: string;
  readonly status: ParcelStatus;
  /** The department receiving originals or sending the result, and handling exceptions. */
  readonly serviceCentre: string;
  readonly orderedAt: string;
  readonly updatedAt: string;
  readonly trace: readonly TraceEntry[];
  readonly labelUrl?: string;
  /** The waiting workflow task's token: stored here and nowhere the API serves. */
  readonly taskToken: string;
  /** The token the outcome was sent to (a resumed execution waits on a new token). */
  readonly answeredToken?: string;
  /** The end of the journey: what the waiting task is answered with. */
  readonly settled?: { readonly outcome: SettledOutcome; readonly at: string };
  /** When the parcel was signed for (妥投), as EMS reports it. */
  readonly signedAt?: string;
  /** Delivery only: 行政许可法 Art. 44. */
  readonly deadline?: DeliveryDeadline;
  readonly late?: boolean;
  readonly lateRecorded?: boolean;
  readonly exception?: { readonly outcome: FailureState | 'no-address' | 'order-refused'; readonly at: string; readonly open: boolean };
  readonly publishedDispatched?: boolean;
  readonly publishedDelivered?: boolean;
}

const table = (): string => config().TABLE_NAME;
const key = (caseNo: string, kind: CourierKind) => ({ pk: `CASE#${caseNo}`, sk: `COURIER#${kind}` });
const waybillKey = (waybillNo: string) => ({ pk: `WAYBILL#${waybillNo}`, sk: 'META' });

const strip = (item: Record<string, unknown>): CourierRecord => {
  const { pk: _pk, sk: _sk, ...record } = item;
  return record as unknown as CourierRecord;
};

export const getCourierRecord = async (caseNo: string, kind: CourierKind): Promise<CourierRecord | undefined> => {
  const { Item } = await db.send(new GetCommand({ TableName: table(), Key: key(caseNo, kind), ConsistentRead: true }));
  return Item ? strip(Item) : undefined;
};

export const findWaybill = async (waybillNo: string): Promise<{ caseNo: string; kind: CourierKind } | undefined> => {
  const { Item } = await db.send(new GetCommand({ TableName: table(), Key: waybillKey(waybillNo), ConsistentRead: true }));
  return Item ? { caseNo: Item.caseNo as string, kind: Item.kind as CourierKind } : undefined;
};

/** A new hand-off and its waybill lookup: never over an existing one (one parcel per case and kind). */
export const newCourierRecordItems = (record: CourierRecord): TransactItem[] => [
  { Put: { TableName: table(), Item: { ...key(record.caseNo, record.kind), ...record }, ConditionExpression: 'attribute_not_exists(pk)' } },
  ...(record.waybillNo
    ? [{ Put: { TableName: table(), Item: { ...waybillKey(record.waybillNo), caseNo: record.caseNo, kind: record.kind }, ConditionExpression: 'attribute_not_exists(pk)' } }]
    : []),
];

/** A resumed execution waits on a new token. */
export const rearmCourierWait = async (caseNo: string, kind: CourierKind, taskToken: string): Promise<void> => {
  await db.send(
    new UpdateCommand({
      TableName: table(),
      Key: key(caseNo, kind),
      UpdateExpression: 'SET taskToken = :t',
      ConditionExpression: 'attribute_exists(pk)',
      ExpressionAttributeValues: { ':t': taskToken },
    }),
  );
};

export interface TrackingPatch {
  readonly status: ParcelStatus;
  readonly entry: TraceEntry;
  readonly at: string;
  readonly settled?: CourierRecord['settled'];
  readonly signedAt?: string;
  readonly late?: boolean;
  readonly exception?: CourierRecord['exception'];
}

/** One tracking event on the record, only if nobody appended one since it was read. */
export const trackingUpdateItem = (record: CourierRecord, patch: TrackingPatch): TransactItem => {
  const trace = [...record.trace, patch.entry].slice(-MAX_TRACE);
  const set: Record<string, unknown> = {
    status: patch.status,
    trace,
    updatedAt: patch.at,
    ...(patch.settled ? { settled: patch.settled } : {}),
    ...(patch.signedAt ? { signedAt: patch.signedAt } : {}),
    ...(patch.late !== undefined ? { late: patch.late } : {}),
    ...(patch.exception ? { exception: patch.exception } : {}),
  };
  const names = Object.keys(set);
  return {
    Update: {
      TableName: table(),
      Key: key(record.caseNo, record.kind),
      UpdateExpression: `SET ${names.map((_, i) => `#n${i} = :v${i}`).join(', ')}`,
      ConditionExpression: '#u = :read',
      ExpressionAttributeNames: { ...Object.fromEntries(names.map((n, i) => [`#n${i}`, n])), '#u': 'updatedAt' },
      ExpressionAttributeValues: { ...Object.fromEntries(names.map((n, i) => [`:v${i}`, set[n]])), ':read': record.updatedAt },
    },
  };
};

/** Sets a follow-up marker (answered token, events published, late delivery recorded); false if set already. */
const mark = async (caseNo: string, kind: CourierKind, field: string, value: unknown, condition: string): Promise<boolean> => {
  try {
    await db.send(
      new UpdateCommand({
        TableName: table(),
        Key: key(caseNo, kind),
        UpdateExpression: 'SET #f = :v',
        ConditionExpression: `attribute_exists(pk) AND ${condition}`,
        ExpressionAttributeNames: { '#f': field },
        ExpressionAttributeValues: { ':v': value },
      }),
    );
    return true;
  } catch (error) {
    if (error instanceof ConditionalCheckFailedException) return false;
    throw error;
  }
};

export const markAnswered = (caseNo: string, kind: CourierKind, taskToken: string): Promise<boolean> =>
  mark(caseNo, kind, 'answeredToken', taskToken, '(attribute_not_exists(#f) OR #f <> :v)');

export const markPublished = (caseNo: string, kind: CourierKind, event: 'CourierDispatched' | 'CourierDelivered'): Promise<boolean> =>
  mark(caseNo, kind, event === 'CourierDispatched' ? 'publishedDispatched' : 'publishedDelivered', true, 'attribute_not_exists(#f)');

/** The late-delivery marker, written with its audit entry. */
export const lateRecordedItem = (caseNo: string): TransactItem => ({
  Update: {
    TableName: table(),
    Key: key(caseNo, 'delivery'),
    UpdateExpression: 'SET lateRecorded = :t',
    ConditionExpression: 'attribute_exists(pk) AND attribute_not_exists(lateRecorded)',
    ExpressionAttributeValues: { ':t': true },
  },
});
