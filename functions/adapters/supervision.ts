// The case's supervision record (CASE#<caseNo> / SUPERVISION, issue #7): written with the
// acceptance, it carries what 电子监察 needs without touching the case's META item, and the keys of
// two access paths, both on existing indexes (no new GSI, so neither the CDK table nor a persisted
// local database changes):
//
//   byDepartmentDue  gsi2pk CASEDUE#<province>              gsi2sk <committedDue>#<caseNo>
//     in-flight cases by their committed deadline: the sweep queries up to its horizon. A separate
//     partition from the departments' DEPT#<code>, so no department's inbox ever lists a case. The
//     keys are removed once the sweep meets the case finished (lazily: a finished case stays in the
//     partition until its due date comes within the horizon, then leaves it for good).
//   byHolder         gsi3pk ACCEPTED#<province>#<yyyy-mm>   gsi3sk <acceptedAt>#<caseNo>
//     accepted cases by acceptance time, one partition per Shanghai month: statistics for a period
//     are a query per month (at most 13 for a year), never a scan; a month keeps any province's
//     write rate far below a partition's limits. byHolder otherwise keys licences by HOLDER#…; the
//     prefixes keep the two apart (GSI overloading).
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { BatchGetCommand, UpdateCommand, type BatchGetCommandOutput } from '@aws-sdk/lib-dynamodb';
import type { TransactWriteCommandInput } from '@aws-sdk/lib-dynamodb';
import { shanghaiDate } from '#core/calendar.ts';
import type { CaseStatus } from '#core/case-status.ts';
import type { RaisedLevel } from '#core/supervision.ts';
import { config } from './config.ts';
import { documentClient as db, queryAll } from './dynamodb.ts';

type TransactItem = NonNullable<TransactWriteCommandInput['TransactItems']>[number];

export interface SupervisionRecord {
  readonly caseNo: string;
  readonly province: string;
  readonly itemCode: string;
  /** The item or bundle applied for. */
  readonly subjectCode: string;
  readonly departments: readonly string[];
  /** The lead item's first department (牵头部门): its supervisor hears about the case's own deadline. */
  readonly leadDepartment: string;
  readonly acceptedAt: string;
  readonly committedDue: string;
  readonly committedLastDay: string;
  readonly committedDays: number;
  readonly statutoryDue: string;
  readonly statutoryDays: number;
  readonly deliveryMethod: 'online' | 'ems';
  readonly visits: number;
  /** The warning level reached for `warningDue`, set with its audit entry. */
  readonly warningLevel?: RaisedLevel;
  readonly warningDue?: string;
  readonly warningPublished?: RaisedLevel;
}

const key = (caseNo: string) => ({ pk: `CASE#${caseNo}`, sk: 'SUPERVISION' });
const table = (): string => config().TABLE_NAME;

const strip = (item: Record<string, unknown>): SupervisionRecord => {
  const { pk: _pk, sk: _sk, gsi2pk: _a, gsi2sk: _b, gsi3pk: _c, gsi3sk: _d, ...record } = item;
  return record as unknown as SupervisionRecord;
};

const monthOf = (at: Date): string => shanghaiDate(at).slice(0, 7);

/** The stored item: the record with its table and index keys. */
export const supervisionItemOf = (record: SupervisionRecord): Record<string, unknown> => ({
  ...key(record.caseNo),
  ...record,
  gsi2pk: `CASEDUE#${record.province}`,
  gsi2sk: `${record.committedDue}#${record.caseNo}`,
  gsi3pk: `ACCEPTED#${record.province}#${monthOf(new Date(record.acceptedAt))}`,
  gsi3sk: `${record.acceptedAt}#${record.caseNo}`,
});

/** Put with the acceptance's transaction; never over an existing record. */
export const putSupervisionItem = (record: SupervisionRecord): TransactItem => ({
  Put: { TableName: table(), Item: supervisionItemOf(record), ConditionExpression: 'attribute_not_exists(pk)' },
});

/** In-flight cases (and finished ones not yet cleaned up) whose committed deadline is at or before `by`. */
export const listCasesDueBy = async (province: string, by: Date): Promise<SupervisionRecord[]> => {
  const items = await queryAll({
    TableName: table(),
    IndexName: 'byDepartmentDue',
    KeyConditionExpression: 'gsi2pk = :pk AND gsi2sk <= :by',
    ExpressionAttributeValues: { ':pk': `CASEDUE#${province}`, ':by': `${by.toISOString()}#~` },
  });
  return items.map(strip);
};

/** The case's warning marker, written with its audit entry; raises each level once per due date. */
export const warnCaseItem = (caseNo: string, warning: { level: RaisedLevel; due: string }): TransactItem => ({
  Update: {
    TableName: table(),
    Key: key(caseNo),
    UpdateExpression: 'SET warningLevel = :level, warningDue = :due',
    ConditionExpression:
      warning.level === 'red'
        ? 'committedDue = :due AND (attribute_not_exists(warningLevel) OR warningDue <> :due OR warningLevel <> :level)'
        : 'committedDue = :due AND (attribute_not_exists(warningLevel) OR warningDue <> :due)',
    ExpressionAttributeValues: { ':level': warning.level, ':due': warning.due },
  },
});

export const markCaseWarningPublished = async (caseNo: string, warning: { level: RaisedLevel; due: string }): Promise<void> => {
  try {
    await db.send(
      new UpdateCommand({
        TableName: table(),
        Key: key(caseNo),
        UpdateExpression: 'SET warningPublished = :level',
        ConditionExpression: 'warningLevel = :level AND warningDue = :due',
        ExpressionAttributeValues: { ':level': warning.level, ':due': warning.due },
      }),
    );
  } catch (error) {
    if (!(error instanceof ConditionalCheckFailedException)) throw error;
  }
};

/** A finished case leaves the due-date index (index housekeeping, not a state change of the case). */
export const leaveDueIndex = async (caseNo: string): Promise<void> => {
  await db.send(
    new UpdateCommand({
      TableName: table(),
      Key: key(caseNo),
      UpdateExpression: 'REMOVE gsi2pk, gsi2sk',
      ConditionExpression: 'attribute_exists(pk)',
    }),
  );
};

/** Every Shanghai month (`yyyy-mm`) touched by [from, to). */
export const monthsBetween = (from: Date, to: Date): string[] => {
  const months: string[] = [];
  const last = monthOf(new Date(to.getTime() - 1));
  for (let month = monthOf(from); month <= last; ) {
    months.push(month);
    const [y, m] = month.split('-').map(Number) as [number, number];
    month = m === 12 ? `${y + 1}-01` : `${y}-${String(m + 1).padStart(2, '0')}`;
  }
  return months;
};

/** Supervision records of the cases accepted in [from, to): one query per month partition, every page. */
export const listAcceptedBetween = async (province: string, from: Date, to: Date): Promise<SupervisionRecord[]> => {
  const perMonth = await Promise.all(
    monthsBetween(from, to).map(async (month) =>
      (
        await queryAll({
          TableName: table(),
          IndexName: 'byHolder',
          // An acceptance exactly at `to` has the sort key `<to>#<caseNo>`, after `<to>`: excluded.
          KeyConditionExpression: 'gsi3pk = :pk AND gsi3sk BETWEEN :from AND :to',
          ExpressionAttributeValues: { ':pk': `ACCEPTED#${province}#${month}`, ':from': from.toISOString(), ':to': to.toISOString() },
        })
      ).map(strip),
    ),
  );
  return perMonth.flat();
};

export interface CaseState {
  readonly caseNo: string;
  readonly status: CaseStatus;
  readonly updatedAt: string;
}

const BATCH = 100;

/** Status and last change of each case (BatchGetItem, 100 keys a call, unprocessed keys retried). */
export const caseStates = async (caseNos: readonly string[]): Promise<Map<string, CaseState>> => {
  const states = new Map<string, CaseState>();
  for (let i = 0; i < caseNos.length; i += BATCH) {
    let keys: Array<Record<string, unknown>> | undefined = caseNos.slice(i, i + BATCH).map((caseNo) => ({ pk: `CASE#${caseNo}`, sk: 'META' }));
    for (let attempt = 0; keys?.length; attempt++) {
      if (attempt > 0) await new Promise((resolve) => setTimeout(resolve, Math.min(1000, 25 * 2 ** attempt)));
      const result: BatchGetCommandOutput = await db.send(
        new BatchGetCommand({
          RequestItems: {
            [table()]: { Keys: keys, ProjectionExpression: 'caseNo, #s, updatedAt', ExpressionAttributeNames: { '#s': 'status' }, ConsistentRead: true },
          },
        }),
      );
      for (const item of result.Responses?.[table()] ?? []) states.set(item.caseNo as string, item as unknown as CaseState);
      keys = result.UnprocessedKeys?.[table()]?.Keys;
      if (attempt > 8 && keys?.length) throw new Error(`BatchGetItem left ${keys.length} keys unprocessed after ${attempt} tries`);
    }
  }
  return states;
};

/** The case's deadlines moved (its clock stood still): the record and its due-date index key follow. */
export const rescheduleCaseItem = (
  caseNo: string,
  due: { readonly committedDue: string; readonly committedLastDay: string; readonly statutoryDue: string },
): TransactItem => ({
  Update: {
    TableName: table(),
    Key: key(caseNo),
    UpdateExpression: 'SET committedDue = :c, committedLastDay = :l, statutoryDue = :s, gsi2sk = :sk',
    ConditionExpression: 'attribute_exists(pk)',
    ExpressionAttributeValues: { ':c': due.committedDue, ':l': due.committedLastDay, ':s': due.statutoryDue, ':sk': `${due.committedDue}#${caseNo}` },
  },
});
