// Department work items (CASE#<caseNo> / WORK#<dept>). The task token is stored here and nowhere
// the API can serve it. Open items carry the sparse department index keys; decided ones drop them.
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { GetCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { TransactWriteCommandInput } from '@aws-sdk/lib-dynamodb';
import type { RaisedLevel } from '#core/supervision.ts';
import type { AcceptanceDecision, Decision, WorkItemKind, WorkItemStatus } from '#core/work-item.ts';
import type { Delivery } from '#core/work-item-push.ts';
import { config } from './config.ts';
import { documentClient as db, queryAll } from './dynamodb.ts';

type TransactItem = NonNullable<TransactWriteCommandInput['TransactItems']>[number];

export interface WorkItemRecord {
  readonly id: string;
  readonly caseNo: string;
  readonly department: string;
  readonly itemCode: string;
  readonly itemName: string;
  readonly status: WorkItemStatus;
  /** @default 'approval' (items from before issue #5 carry none) */
  readonly kind?: WorkItemKind;
  /** 告知承诺制: the materials the applicant's signed commitment replaced, shown to the department. */
  readonly committed?: readonly string[];
  /** A supplement this department asked the applicant for; open until `answeredAt`. */
  readonly supplement?: { readonly requestedAt: string; readonly items: ReadonlyArray<{ materialCode?: string; field?: string; detail: string }>; readonly answeredAt?: string };
  /** An Art. 45 step this department stopped the clock for; open until `resumedAt`. */
  readonly suspension?: { readonly reason: string; readonly days: number; readonly note: string; readonly from: string; readonly resumedAt?: string };
  readonly openedAt: string;
  readonly taskToken: string;
  readonly decision?: Decision | AcceptanceDecision;
  readonly decidedAt?: string;
  /** The push to the department's webhook (functions/steps/push-work-item.ts); none = not pushed. */
  readonly delivery?: Delivery;
  /** When the work item is due (exclusive instant, core/case-deadlines.ts); absent on items opened before issue #7. */
  readonly due?: string;
  /** The last working day of the work item's limit (Asia/Shanghai). */
  readonly dueLastDay?: string;
  /** 电子监察: the warning level reached and the due date it was reached for (set with its audit entry). */
  readonly warningLevel?: RaisedLevel;
  readonly warningDue?: string;
  /** The level whose DeadlineWarning event went out (behind warningLevel only if a sweep stopped in between). */
  readonly warningPublished?: RaisedLevel;
}

// Acceptance items sit outside the WORK# range: listing a case's approval work items never meets one.
const key = (caseNo: string, department: string, kind: WorkItemKind = 'approval') => ({
  pk: `CASE#${caseNo}`,
  sk: kind === 'acceptance' ? `ACCEPT#${department}` : `WORK#${department}`,
});
type ItemRef = Pick<WorkItemRecord, 'caseNo' | 'department' | 'kind'>;
const keyOf = (item: ItemRef) => key(item.caseNo, item.department, item.kind);

const strip = (item: Record<string, unknown>): WorkItemRecord => {
  const { pk: _pk, sk: _sk, gsi2pk: _a, gsi2sk: _b, ...record } = item;
  return record as unknown as WorkItemRecord;
};

export const getWorkItem = async (caseNo: string, department: string, kind: WorkItemKind = 'approval'): Promise<WorkItemRecord | undefined> => {
  const { Item } = await db.send(new GetCommand({ TableName: config().TABLE_NAME, Key: key(caseNo, department, kind), ConsistentRead: true }));
  return Item ? strip(Item) : undefined;
};

/** The index sort key: due date first, so a department's inbox and the supervision sweep read in due order. */
const dueSortKey = (item: Pick<WorkItemRecord, 'due' | 'openedAt' | 'id'>): string => `${item.due ?? item.openedAt}#${item.id}`;

/** A department's open work items in due-date order, one page. */
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
      ...keyOf(item),
      ...item,
      gsi2pk: `DEPT#${item.department}`,
      gsi2sk: dueSortKey(item),
    },
    // Never overwrite a decided work item: a resumed execution answers it from the stored decision.
    ConditionExpression: 'attribute_not_exists(pk) OR #s = :open',
    ExpressionAttributeNames: { '#s': 'status' },
    ExpressionAttributeValues: { ':open': 'open' },
  },
});

/** Records the decision, only while the item is open with this token. */
export const decideWorkItemItem = (item: WorkItemRecord, decision: Decision | AcceptanceDecision, at: string): TransactItem => ({
  Update: {
    TableName: config().TABLE_NAME,
    Key: keyOf(item),
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
    Key: keyOf(item),
    UpdateExpression: 'SET #s = :closed, closedAt = :at REMOVE gsi2pk, gsi2sk',
    ConditionExpression: '#s = :open',
    ExpressionAttributeNames: { '#s': 'status' },
    ExpressionAttributeValues: { ':closed': 'closed', ':open': 'open', ':at': at },
  },
});

/** Records a successful push (whatever the item's status meanwhile: the department has it). */
export const recordDelivered = async (item: ItemRef, delivery: Delivery & { status: 'delivered' }): Promise<void> => {
  await db.send(
    new UpdateCommand({
      TableName: config().TABLE_NAME,
      Key: keyOf(item),
      UpdateExpression: 'SET delivery = :d',
      ConditionExpression: 'attribute_exists(pk)',
      ExpressionAttributeValues: { ':d': delivery },
    }),
  );
};

/** Records a push that used up its tries, written with the case's audit entry; never over a delivered one. */
export const recordUndeliveredItem = (item: ItemRef, delivery: Delivery & { status: 'undelivered' }): TransactItem => ({
  Update: {
    TableName: config().TABLE_NAME,
    Key: keyOf(item),
    UpdateExpression: 'SET delivery = :d',
    ConditionExpression: 'attribute_exists(pk) AND (attribute_not_exists(delivery) OR delivery.#s <> :delivered)',
    ExpressionAttributeNames: { '#s': 'status' },
    ExpressionAttributeValues: { ':d': delivery, ':delivered': 'delivered' },
  },
});

/**
 * A department's open work items due at or before `by` (the supervision sweep's horizon): a query
 * on the byDepartmentDue index up to that sort key, every page. Overdue items stay in the index
 * until decided, so the result also holds those already warned (skipped by their marker).
 */
export const listOpenWorkItemsDueBy = async (department: string, by: Date): Promise<WorkItemRecord[]> => {
  const items = await queryAll({
    TableName: config().TABLE_NAME,
    IndexName: 'byDepartmentDue',
    // '~' sorts after every character of a work item id, so items due exactly at `by` are in.
    KeyConditionExpression: 'gsi2pk = :pk AND gsi2sk <= :by',
    ExpressionAttributeValues: { ':pk': `DEPT#${department}`, ':by': `${by.toISOString()}#~` },
  });
  return items.map(strip);
};

/**
 * Marks the warning level reached, written with the case's audit entry: only while the item is
 * open with this due date and has not reached this level for it yet, so a level is raised once
 * however many sweeps run (a concurrent sweep's transaction fails on this condition).
 */
export const warnWorkItemItem = (item: ItemRef, warning: { level: RaisedLevel; due: string }): TransactItem => ({
  Update: {
    TableName: config().TABLE_NAME,
    Key: keyOf(item),
    UpdateExpression: 'SET warningLevel = :level, warningDue = :due',
    ConditionExpression:
      warning.level === 'red'
        ? '#s = :open AND #due = :due AND (attribute_not_exists(warningLevel) OR warningDue <> :due OR warningLevel <> :level)'
        : '#s = :open AND #due = :due AND (attribute_not_exists(warningLevel) OR warningDue <> :due)',
    ExpressionAttributeNames: { '#s': 'status', '#due': 'due' },
    ExpressionAttributeValues: { ':open': 'open', ':level': warning.level, ':due': warning.due },
  },
});

/** Records that the level's DeadlineWarning event went out (a no-op if the marker moved on meanwhile). */
export const markWorkItemWarningPublished = async (item: ItemRef, warning: { level: RaisedLevel; due: string }): Promise<void> => {
  try {
    await db.send(
      new UpdateCommand({
        TableName: config().TABLE_NAME,
        Key: keyOf(item),
        UpdateExpression: 'SET warningPublished = :level',
        ConditionExpression: 'warningLevel = :level AND warningDue = :due',
        ExpressionAttributeValues: { ':level': warning.level, ':due': warning.due },
      }),
    );
  } catch (error) {
    if (!(error instanceof ConditionalCheckFailedException)) throw error;
  }
};

/** What a state change of the case sets on one of its open work items. */
export type WorkItemChange = Partial<Pick<WorkItemRecord, 'supplement' | 'suspension' | 'due' | 'dueLastDay'>>;
type ChangedItem = ItemRef & Pick<WorkItemRecord, 'id' | 'openedAt'>;

/**
 * Sets fields of a still-open work item (a supplement, a suspension, a moved due date), with the
 * case's audit entry. A moved due date moves the inbox index key too, so the due order stays right.
 */
export const updateOpenWorkItemItem = (item: ChangedItem, change: WorkItemChange): TransactItem => {
  const set: Record<string, unknown> = { ...change, ...(change.due ? { gsi2sk: dueSortKey({ ...item, due: change.due }) } : {}) };
  const names = Object.keys(set);
  return {
    Update: {
      TableName: config().TABLE_NAME,
      Key: keyOf(item),
      UpdateExpression: `SET ${names.map((_, i) => `#f${i} = :f${i}`).join(', ')}`,
      ConditionExpression: '#s = :open',
      ExpressionAttributeNames: { '#s': 'status', ...Object.fromEntries(names.map((n, i) => [`#f${i}`, n])) },
      ExpressionAttributeValues: { ':open': 'open', ...Object.fromEntries(names.map((n, i) => [`:f${i}`, set[n]])) },
    },
  };
};

/**
 * The writes of several changes to a case's open work items: ONE update per work item, its changes
 * merged (later ones win a field), since a transaction may not touch one item twice.
 */
export const updateOpenWorkItemItems = (changes: ReadonlyArray<{ readonly item: ChangedItem; readonly change: WorkItemChange }>): TransactItem[] => {
  const merged = new Map<string, { item: ChangedItem; change: WorkItemChange }>();
  for (const { item, change } of changes) {
    const { pk, sk } = keyOf(item);
    const at = `${pk}|${sk}`;
    merged.set(at, { item, change: { ...merged.get(at)?.change, ...change } });
  }
  return [...merged.values()].map(({ item, change }) => updateOpenWorkItemItem(item, change));
};
