// What a case waits for from its applicant (CASE#<caseNo> / WAIT#<kind>): an answer to a correction
// notice, or the materials promised at a 容缺 acceptance. Each holds the workflow's task token
// (never served by the API) and its due date, on the byDepartmentDue index under its own partition
// WAITDUE#<province> (sort key `<due>#<caseNo>#<kind>`), so the supervision sweep finds the waits
// that ran out with a query, never a scan, and no department's inbox ever lists one.
import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { DeleteCommand, GetCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import type { TransactWriteCommandInput } from '@aws-sdk/lib-dynamodb';
import { config } from './config.ts';
import { documentClient as db, queryAll } from './dynamodb.ts';

type TransactItem = NonNullable<TransactWriteCommandInput['TransactItems']>[number];

export type WaitKind = 'correction' | 'deficiencies';

export interface CaseWait {
  readonly caseNo: string;
  readonly province: string;
  readonly kind: WaitKind;
  /** Exclusive instant after which the wait has run out. */
  readonly due: string;
  /** The workflow task waiting; absent until the workflow reaches the wait (deficiencies). */
  readonly taskToken?: string;
  readonly openedAt: string;
  /** deficiencies: the departments' decisions the held issuance resumes with. */
  readonly decisions?: unknown;
}

const key = (caseNo: string, kind: WaitKind) => ({ pk: `CASE#${caseNo}`, sk: `WAIT#${kind}` });
const table = (): string => config().TABLE_NAME;

const strip = (item: Record<string, unknown>): CaseWait => {
  const { pk: _pk, sk: _sk, gsi2pk: _a, gsi2sk: _b, ...record } = item;
  return record as unknown as CaseWait;
};

/** Opens (or re-arms with a new token) a wait, written with the case's transition. */
export const putWaitItem = (wait: CaseWait): TransactItem => ({
  Put: {
    TableName: table(),
    Item: { ...key(wait.caseNo, wait.kind), ...wait, gsi2pk: `WAITDUE#${wait.province}`, gsi2sk: `${wait.due}#${wait.caseNo}#${wait.kind}` },
  },
});

/** Ends a wait with the transition that settles it (a no-op if it is gone already). */
export const endWaitItem = (caseNo: string, kind: WaitKind): TransactItem => ({
  Delete: { TableName: table(), Key: key(caseNo, kind) },
});

/**
 * Stores the waiting task's token, only while the case is still in `whileStatus` with something
 * owed: otherwise the applicant answered before the workflow arrived, and the caller answers the
 * task itself (false). The applicant's side reads the wait after its own transition, so one of
 * the two always sees the other.
 */
export const armWait = async (wait: CaseWait & { taskToken: string }, whileStatus: readonly string[]): Promise<boolean> => {
  try {
    await db.send(
      new TransactWriteCommand({
        TransactItems: [
          {
            ConditionCheck: {
              TableName: table(),
              Key: { pk: `CASE#${wait.caseNo}`, sk: 'META' },
              ConditionExpression:
                wait.kind === 'deficiencies'
                  ? `#s IN (${whileStatus.map((_, i) => `:s${i}`).join(', ')}) AND size(deficiencies) > :zero`
                  : `#s IN (${whileStatus.map((_, i) => `:s${i}`).join(', ')})`,
              ExpressionAttributeNames: { '#s': 'status' },
              ExpressionAttributeValues: {
                ...Object.fromEntries(whileStatus.map((s, i) => [`:s${i}`, s])),
                ...(wait.kind === 'deficiencies' ? { ':zero': 0 } : {}),
              },
            },
          },
          putWaitItem(wait),
        ],
      }),
    );
    return true;
  } catch (error) {
    if (error instanceof TransactionCanceledException && error.CancellationReasons?.[0]?.Code === 'ConditionalCheckFailed') return false;
    throw error;
  }
};

export const getWait = async (caseNo: string, kind: WaitKind): Promise<CaseWait | undefined> => {
  const { Item } = await db.send(new GetCommand({ TableName: table(), Key: key(caseNo, kind), ConsistentRead: true }));
  return Item ? strip(Item) : undefined;
};

/** Removes a wait that is over however it ended (idempotent). */
export const deleteWait = async (caseNo: string, kind: WaitKind): Promise<void> => {
  await db.send(new DeleteCommand({ TableName: table(), Key: key(caseNo, kind) }));
};

/** The province's waits due at or before `by`: the sweep's query. */
export const listWaitsDueBy = async (province: string, by: Date): Promise<CaseWait[]> => {
  const items = await queryAll({
    TableName: table(),
    IndexName: 'byDepartmentDue',
    KeyConditionExpression: 'gsi2pk = :pk AND gsi2sk <= :by',
    ExpressionAttributeValues: { ':pk': `WAITDUE#${province}`, ':by': `${by.toISOString()}#~` },
  });
  return items.map(strip);
};
