// Department work items (CASE#<caseNo> / WORK#<dept>). The task token is stored here and nowhere
// the API can serve it. Open items carry the sparse department index keys; decided ones drop them.
import { GetCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { TransactWriteCommandInput } from '@aws-sdk/lib-dynamodb';
import type { Decision, WorkItemStatus } from '#core/work-item.ts';
import type { Delivery } from '#core/work-item-push.ts';
import { config } from './config.ts';
import { documentClient as db } from './dynamodb.ts';

type TransactItem = NonNullable<TransactWriteCommandInput['TransactItems']>[number];

export interface WorkItemRecord {
  readonly id: string;
  readonly caseNo: string;
  readonly department: string;
  readonly itemCode: string;
  readonly itemName: string;
  readonly status: WorkItemStatus;
  readonly openedAt: string;
  readonly taskToken: string;
  readonly decision?: Decision;
  readonly decidedAt?: string;
  /** The push to the department's webhook (functions/steps/push-work-item.ts); none = not pushed. */
  readonly delivery?: Delivery;
}

const key = (caseNo: string, department: string) => ({ pk: `CASE#${caseNo}`, sk: `WORK#${department}` });

const strip = (item: Record<string, unknown>): WorkItemRecord => {
  const { pk: _pk, sk: _sk, gsi2pk: _a, gsi2sk: _b, ...record } = item;
  return record as unknown as WorkItemRecord;
};

export const getWorkItem = async (caseNo: string, department: string): Promise<WorkItemRecord | undefined> => {
  const { Item } = await db.send(new GetCommand({ TableName: config().TABLE_NAME, Key: key(caseNo, department), ConsistentRead: true }));
  return Item ? strip(Item) : undefined;
};

/** A department's open work items in index order (due date once the clock sets it), one page. */
export const listOpenWorkItems = async (
  department: string,
  limit: number,
  after?: Record<string, unknown>,
): Promise<{ items: WorkItemRecord[]; next?: Record<string, unknown> }> => {
  const page = await db.send(
    new QueryCommand({
      TableName: config().TABLE_NAME,
      IndexName: 'byDepartmentDue',
      KeyConditionExpression: 'gsi2pk = :pk',
      ExpressionAttributeValues: { ':pk': `DEPT#${department}` },
      Limit: limit,
      ExclusiveStartKey: after,
    }),
  );
  return { items: (page.Items ?? []).map(strip), ...(page.LastEvaluatedKey ? { next: page.LastEvaluatedKey } : {}) };
};

/** Opens the work item (or re-arms it with a new token after a resumed execution). */
export const openWorkItemItem = (item: WorkItemRecord): TransactItem => ({
  Put: {
    TableName: config().TABLE_NAME,
    Item: {
      ...key(item.caseNo, item.department),
      ...item,
      gsi2pk: `DEPT#${item.department}`,
      gsi2sk: `${item.openedAt}#${item.id}`,
    },
    // Never overwrite a decided work item: a resumed execution answers it from the stored decision.
    ConditionExpression: 'attribute_not_exists(pk) OR #s = :open',
    ExpressionAttributeNames: { '#s': 'status' },
    ExpressionAttributeValues: { ':open': 'open' },
  },
});

/** Records the decision, only while the item is open with this token. */
export const decideWorkItemItem = (item: WorkItemRecord, decision: Decision, at: string): TransactItem => ({
  Update: {
    TableName: config().TABLE_NAME,
    Key: key(item.caseNo, item.department),
    UpdateExpression: 'SET #s = :decided, decision = :d, decidedAt = :at REMOVE gsi2pk, gsi2sk',
    ConditionExpression: '#s = :open AND taskToken = :token',
    ExpressionAttributeNames: { '#s': 'status' },
    ExpressionAttributeValues: { ':decided': 'decided', ':open': 'open', ':d': decision, ':at': at, ':token': item.taskToken },
  },
});

/** Every work item of a case (a case has one per department, so one small query). */
export const listWorkItemsOfCase = async (caseNo: string): Promise<WorkItemRecord[]> => {
  const { Items = [] } = await db.send(
    new QueryCommand({
      TableName: config().TABLE_NAME,
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :work)',
      ExpressionAttributeValues: { ':pk': `CASE#${caseNo}`, ':work': 'WORK#' },
      ConsistentRead: true,
    }),
  );
  return Items.map(strip);
};

/** Closes a still-open work item when the case ends without its decision (its token is released). */
export const closeWorkItemItem = (item: WorkItemRecord, at: string): TransactItem => ({
  Update: {
    TableName: config().TABLE_NAME,
    Key: key(item.caseNo, item.department),
    UpdateExpression: 'SET #s = :closed, closedAt = :at REMOVE gsi2pk, gsi2sk',
    ConditionExpression: '#s = :open',
    ExpressionAttributeNames: { '#s': 'status' },
    ExpressionAttributeValues: { ':closed': 'closed', ':open': 'open', ':at': at },
  },
});

/** Records a successful push (whatever the item's status meanwhile: the department has it). */
export const recordDelivered = async (item: Pick<WorkItemRecord, 'caseNo' | 'department'>, delivery: Delivery & { status: 'delivered' }): Promise<void> => {
  await db.send(
    new UpdateCommand({
      TableName: config().TABLE_NAME,
      Key: key(item.caseNo, item.department),
      UpdateExpression: 'SET delivery = :d',
      ConditionExpression: 'attribute_exists(pk)',
      ExpressionAttributeValues: { ':d': delivery },
    }),
  );
};

/** Records a push that used up its tries, written with the case's audit entry; never over a delivered one. */
export const recordUndeliveredItem = (item: Pick<WorkItemRecord, 'caseNo' | 'department'>, delivery: Delivery & { status: 'undelivered' }): TransactItem => ({
  Update: {
    TableName: config().TABLE_NAME,
    Key: key(item.caseNo, item.department),
    UpdateExpression: 'SET delivery = :d',
    ConditionExpression: 'attribute_exists(pk) AND (attribute_not_exists(delivery) OR delivery.#s <> :delivered)',
    ExpressionAttributeNames: { '#s': 'status' },
    ExpressionAttributeValues: { ':d': delivery, ':delivered': 'delivered' },
  },
});
