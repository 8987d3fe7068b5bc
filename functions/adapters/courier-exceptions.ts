// A courier exception (快递异常, issue #9) is a work item of the service centre: a parcel refused,
// returned, lost, or an address EMS cannot use. It sits in the department's pull inbox like any work
// item (the byDepartmentDue index, DEPT#<code>), under its own sort key so no approval step ever
// reads it as an approval (CASE#<caseNo> / EXCEPTION#COURIER#<kind>). It has no due date, so the
// deadline sweep does not watch it, and no task token: nobody waits on it; the workflow goes on.
// Its id `<caseNo>~courier-<kind>` is no decision path's work item id, so it cannot be "approved".
import type { TransactWriteCommandInput } from '@aws-sdk/lib-dynamodb';
import { kindLabels, stateLabels, type CourierKind, type FailureState } from '#core/courier-tracking.ts';
import { config } from './config.ts';

type TransactItem = NonNullable<TransactWriteCommandInput['TransactItems']>[number];

export interface CourierException {
  readonly caseNo: string;
  readonly kind: CourierKind;
  readonly department: string;
  readonly itemCode: string;
  readonly itemName: string;
  /** A parcel's failure, or why no order could be placed: no address, or EMS refused the order. */
  readonly outcome: FailureState | 'no-address' | 'order-refused';
  readonly waybillNo?: string;
  /** What EMS said (opDesc), or why no order could be placed. */
  readonly detail: string;
  readonly at: string;
}

const key = (caseNo: string, kind: CourierKind) => ({ pk: `CASE#${caseNo}`, sk: `EXCEPTION#COURIER#${kind}` });

export const courierExceptionId = (caseNo: string, kind: CourierKind): string => `${caseNo}~courier-${kind}`;

const outcomeLabel = (outcome: CourierException['outcome']): string =>
  outcome === 'no-address' ? '无收寄地址' : outcome === 'order-refused' ? 'EMS 拒绝下单' : stateLabels[outcome];

/** Opens the exception, or replaces it with the newest problem (one per case and kind). */
export const openCourierExceptionItem = (e: CourierException): TransactItem => {
  const id = courierExceptionId(e.caseNo, e.kind);
  return {
    Put: {
      TableName: config().TABLE_NAME,
      Item: {
        ...key(e.caseNo, e.kind),
        id,
        // The inbox lists `kind` (approval, acceptance): a department sees this is neither.
        kind: 'courier-exception',
        caseNo: e.caseNo,
        department: e.department,
        itemCode: e.itemCode,
        // The inbox shows the item name: it says what went wrong before the case's own name.
        itemName: `【EMS ${kindLabels[e.kind]}异常：${outcomeLabel(e.outcome)}】${e.itemName}`,
        status: 'open',
        openedAt: e.at,
        courier: { kind: e.kind, outcome: e.outcome, detail: e.detail, ...(e.waybillNo ? { waybillNo: e.waybillNo } : {}) },
        gsi2pk: `DEPT#${e.department}`,
        gsi2sk: `${e.at}#${id}`,
      },
    },
  };
};

/** The parcel arrived after all: the exception leaves the inbox. */
export const closeCourierExceptionItem = (caseNo: string, kind: CourierKind, at: string): TransactItem => ({
  Update: {
    TableName: config().TABLE_NAME,
    Key: key(caseNo, kind),
    UpdateExpression: 'SET #s = :closed, closedAt = :at REMOVE gsi2pk, gsi2sk',
    ConditionExpression: '#s = :open',
    ExpressionAttributeNames: { '#s': 'status' },
    ExpressionAttributeValues: { ':closed': 'closed', ':open': 'open', ':at': at },
  },
});
