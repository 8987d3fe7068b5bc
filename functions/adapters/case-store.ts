// The case store: applications, cases, their audit trail and work items in one DynamoDB table.
// Every state change is ONE TransactWriteItems: META updated on `version` + the AUDIT entry put.
import { GetCommand, PutCommand, QueryCommand, TransactWriteCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { TransactWriteCommandInput } from '@aws-sdk/lib-dynamodb';
import { TransactionCanceledException, ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { applicantKey } from '#core/applicant-key.ts';
import { chainEntry, GENESIS, type AuditDraft, type AuditEntry } from '#core/audit.ts';
import type { ApplicationRecord, CaseRecord } from '#core/case.ts';
import { assertTransition, type CaseStatus } from '#core/case-status.ts';
import type { ArrivalVerdict, DocumentRecord } from '#core/document.ts';
import { Conflict, NotFound } from '#core/errors.ts';
import { config } from './config.ts';
import { documentClient as db, queryAll } from './dynamodb.ts';

type TransactItem = NonNullable<TransactWriteCommandInput['TransactItems']>[number];

const table = (): string => config().TABLE_NAME;
const appKey = (id: string) => ({ pk: `APP#${id}`, sk: 'META' });
const caseKey = (caseNo: string) => ({ pk: `CASE#${caseNo}`, sk: 'META' });
const docKey = (applicationId: string, materialCode: string) => ({ pk: `APP#${applicationId}`, sk: `DOC#${materialCode}` });
const auditSk = (seq: number): string => `AUDIT#${String(seq).padStart(6, '0')}`;

// Strips the storage keys off an item so records stay plain domain data.
const strip = <T>(item: Record<string, unknown>): T => {
  const { pk: _pk, sk: _sk, gsi1pk: _a, gsi1sk: _b, gsi2pk: _c, gsi2sk: _d, gsi3pk: _e, gsi3sk: _f, expiresAt: _g, ...rest } = item;
  return rest as T;
};

const isConditionFailure = (error: unknown): boolean =>
  error instanceof ConditionalCheckFailedException ||
  (error instanceof TransactionCanceledException &&
    (error.CancellationReasons ?? []).some((r) => r.Code === 'ConditionalCheckFailed'));

export const putApplication = async (application: ApplicationRecord): Promise<void> => {
  await db.send(
    new PutCommand({
      TableName: table(),
      Item: {
        ...appKey(application.id),
        ...application,
        gsi1pk: `APPLICANT#${applicantKey(application.applicant)}`,
        gsi1sk: `APP#${application.createdAt}#${application.id}`,
      },
      ConditionExpression: 'attribute_not_exists(pk)',
    }),
  );
};

export const getApplication = async (id: string): Promise<ApplicationRecord | undefined> => {
  const { Item } = await db.send(new GetCommand({ TableName: table(), Key: appKey(id), ConsistentRead: true }));
  return Item ? strip<ApplicationRecord>(Item) : undefined;
};

/** Changes a draft's form data or delivery choice; Conflict once it is submitted. */
export const updateDraft = async (
  id: string,
  change: Pick<ApplicationRecord, 'formData' | 'delivery'>,
  at: string,
): Promise<ApplicationRecord> => {
  const fields = Object.entries({ ...change, updatedAt: at }).filter(([, v]) => v !== undefined);
  try {
    const { Attributes } = await db.send(
      new UpdateCommand({
        TableName: table(),
        Key: appKey(id),
        UpdateExpression: `SET ${fields.map((_, i) => `#f${i} = :f${i}`).join(', ')}`,
        ConditionExpression: '#s = :draft',
        ExpressionAttributeNames: { '#s': 'status', ...Object.fromEntries(fields.map(([k], i) => [`#f${i}`, k])) },
        ExpressionAttributeValues: { ':draft': 'draft', ...Object.fromEntries(fields.map(([, v], i) => [`:f${i}`, v])) },
        ReturnValues: 'ALL_NEW',
      }),
    );
    return strip<ApplicationRecord>(Attributes ?? {});
  } catch (error) {
    if (isConditionFailure(error)) throw new Conflict('only a draft application can be changed');
    throw error;
  }
};

/**
 * A correction round changes the form data of a submitted application (the caller has checked that
 * its case is waiting for a correction); the case's audit entry records which fields changed.
 */
export const correctFormData = async (id: string, formData: ApplicationRecord['formData'], at: string): Promise<void> => {
  await db.send(
    new UpdateCommand({
      TableName: table(),
      Key: appKey(id),
      UpdateExpression: 'SET formData = :f, updatedAt = :at',
      ConditionExpression: '#s = :submitted',
      ExpressionAttributeNames: { '#s': 'status' },
      ExpressionAttributeValues: { ':f': formData ?? {}, ':at': at, ':submitted': 'submitted' },
    }),
  );
};

/** One page of an applicant's cases, newest first. */
export const listCasesOf = async (
  applicant: Pick<ApplicationRecord['applicant'], 'kind' | 'identity'>,
  limit: number,
  after?: Record<string, unknown>,
): Promise<{ cases: CaseRecord[]; next?: Record<string, unknown> }> => {
  const page = await db.send(
    new QueryCommand({
      TableName: table(),
      IndexName: 'byApplicant',
      KeyConditionExpression: 'gsi1pk = :pk AND begins_with(gsi1sk, :case)',
      ExpressionAttributeValues: { ':pk': `APPLICANT#${applicantKey(applicant)}`, ':case': 'CASE#' },
      ScanIndexForward: false,
      Limit: limit,
      ExclusiveStartKey: after,
    }),
  );
  return { cases: (page.Items ?? []).map((item) => strip<CaseRecord>(item)), ...(page.LastEvaluatedKey ? { next: page.LastEvaluatedKey } : {}) };
};

export const putDocument = async (doc: DocumentRecord): Promise<void> => {
  await db.send(new PutCommand({ TableName: table(), Item: { ...docKey(doc.applicationId, doc.materialCode), ...doc } }));
};

/** Records the platform's verdict on an arrived object, only if it is still the object announced. */
export const settleDocument = async (
  doc: DocumentRecord,
  verdict: ArrivalVerdict,
): Promise<boolean> => {
  try {
    await db.send(
      new UpdateCommand({
        TableName: table(),
        Key: docKey(doc.applicationId, doc.materialCode),
        UpdateExpression: verdict.status === 'rejected' ? 'SET #s = :s, reason = :r, problem = :p' : 'SET #s = :s REMOVE reason, problem',
        ConditionExpression: '#k = :k',
        ExpressionAttributeNames: { '#s': 'status', '#k': 'key' },
        ExpressionAttributeValues: {
          ':s': verdict.status,
          ':k': doc.key,
          ...(verdict.status === 'rejected' ? { ':r': verdict.reason, ':p': verdict.problem } : {}),
        },
      }),
    );
    return true;
  } catch (error) {
    if (isConditionFailure(error)) return false; // replaced by a newer upload meanwhile
    throw error;
  }
};

export const listDocuments = async (applicationId: string): Promise<DocumentRecord[]> => {
  const { Items = [] } = await db.send(
    new QueryCommand({
      TableName: table(),
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :doc)',
      ExpressionAttributeValues: { ':pk': `APP#${applicationId}`, ':doc': 'DOC#' },
      ConsistentRead: true,
    }),
  );
  return Items.map((item) => strip<DocumentRecord>(item));
};

// The requirement a case is judged by (issue #3) is written once, beside the case (sk REQUIREMENT),
// never in META: every transition rewrites META in a transaction and is billed by its whole size
// (twice, and again in the applicant index), so keeping the 1–2 KB requirement out of it roughly
// halves the write units of a case. Readers get the record with the requirement attached.
const requirementKey = (caseNo: string) => ({ pk: `CASE#${caseNo}`, sk: 'REQUIREMENT' });

export const getCase = async (caseNo: string): Promise<CaseRecord | undefined> => {
  const [meta, requirement] = await Promise.all([
    db.send(new GetCommand({ TableName: table(), Key: caseKey(caseNo), ConsistentRead: true })),
    db.send(new GetCommand({ TableName: table(), Key: requirementKey(caseNo), ConsistentRead: true })),
  ]);
  if (!meta.Item) return undefined;
  const record = strip<CaseRecord>(meta.Item);
  // Cases submitted before the split carry the requirement in META itself.
  return requirement.Item ? { ...record, requirement: requirement.Item.requirement as CaseRecord['requirement'] } : record;
};

export const requireCase = async (caseNo: string): Promise<CaseRecord> => {
  const found = await getCase(caseNo);
  if (!found) throw new NotFound(`case ${caseNo} does not exist`);
  return found;
};

export const listAudit = async (caseNo: string): Promise<AuditEntry[]> => {
  const items = await queryAll({
    TableName: table(),
    KeyConditionExpression: 'pk = :pk AND begins_with(sk, :audit)',
    ExpressionAttributeValues: { ':pk': `CASE#${caseNo}`, ':audit': 'AUDIT#' },
    ConsistentRead: true,
  });
  return items.map((item) => strip<AuditEntry>(item));
};

const withoutRequirement = ({ requirement: _requirement, ...rest }: CaseRecord): Omit<CaseRecord, 'requirement'> => rest;

/**
 * Submit: the case, its requirement, its first audit entry and the application's move to `submitted` in one
 * transaction. The application condition makes a second submit of the same draft fail cleanly.
 */
export const createCase = async (record: Omit<CaseRecord, 'version' | 'auditSeq' | 'auditHead'>, audit: AuditDraft): Promise<CaseRecord> => {
  const entry = chainEntry(audit, 1, GENESIS);
  const created: CaseRecord = { ...record, version: 1, auditSeq: 1, auditHead: entry.hash };
  try {
    await db.send(
      new TransactWriteCommand({
        TransactItems: [
          {
            Put: {
              TableName: table(),
              Item: {
                ...caseKey(created.caseNo),
                ...withoutRequirement(created),
                gsi1pk: `APPLICANT#${applicantKey(created.applicant)}`,
                gsi1sk: `CASE#${created.submittedAt}#${created.caseNo}`,
              },
              ConditionExpression: 'attribute_not_exists(pk)',
            },
          },
          ...(created.requirement ? [{ Put: { TableName: table(), Item: { ...requirementKey(created.caseNo), requirement: created.requirement } } }] : []),
          { Put: { TableName: table(), Item: { pk: `CASE#${created.caseNo}`, sk: auditSk(1), ...entry } } },
          {
            Update: {
              TableName: table(),
              Key: appKey(created.applicationId),
              UpdateExpression: 'SET #s = :submitted, caseNo = :caseNo',
              ConditionExpression: '#s = :draft',
              ExpressionAttributeNames: { '#s': 'status' },
              ExpressionAttributeValues: { ':submitted': 'submitted', ':draft': 'draft', ':caseNo': created.caseNo },
            },
          },
        ],
      }),
    );
  } catch (error) {
    if (isConditionFailure(error)) throw new Conflict('this application has already been submitted');
    throw error;
  }
  return created;
};

/** Another transition committed first; re-read and try again. */
export class StaleCase extends Conflict {
  override name = 'Conflict';
}

export interface Transition {
  readonly to?: CaseStatus;
  /** Further case attributes to set with the transition. */
  readonly set?: Partial<Omit<CaseRecord, 'caseNo' | 'version' | 'auditSeq' | 'auditHead' | 'status'>>;
  readonly audit: AuditDraft;
  /** Other items written in the same transaction (work items, licences). */
  readonly also?: readonly TransactItem[];
}

/** Applies one transition to a case read at `current.version`; Conflict if someone else moved it first. */
export const commitTransition = async (current: CaseRecord, transition: Transition): Promise<CaseRecord> => {
  if (transition.to) assertTransition(current.status, transition.to);
  const seq = current.auditSeq + 1;
  // The case's updatedAt is the time of its last audit entry.
  const entry = chainEntry(transition.audit, seq, current.auditHead, current.updatedAt);
  const next: CaseRecord = {
    ...current,
    ...transition.set,
    status: transition.to ?? current.status,
    updatedAt: entry.at,
    version: current.version + 1,
    auditSeq: seq,
    auditHead: entry.hash,
  };
  const changed: Record<string, unknown> = {
    ...transition.set,
    status: next.status,
    updatedAt: next.updatedAt,
    version: next.version,
    auditSeq: seq,
    auditHead: entry.hash,
  };
  const names = Object.keys(changed);
  try {
    await db.send(
      new TransactWriteCommand({
        TransactItems: [
          {
            Update: {
              TableName: table(),
              Key: caseKey(current.caseNo),
              UpdateExpression: `SET ${names.map((_, i) => `#n${i} = :v${i}`).join(', ')}`,
              ConditionExpression: '#version = :expected',
              ExpressionAttributeNames: {
                ...Object.fromEntries(names.map((n, i) => [`#n${i}`, n])),
                '#version': 'version',
              },
              ExpressionAttributeValues: {
                ...Object.fromEntries(names.map((n, i) => [`:v${i}`, changed[n]])),
                ':expected': current.version,
              },
            },
          },
          {
            Put: {
              TableName: table(),
              Item: { pk: `CASE#${current.caseNo}`, sk: auditSk(seq), ...entry },
              ConditionExpression: 'attribute_not_exists(pk)',
            },
          },
          ...(transition.also ?? []),
        ],
      }),
    );
  } catch (error) {
    if (error instanceof TransactionCanceledException) {
      const reasons = error.CancellationReasons ?? [];
      // TransactionConflict: another transaction was writing one of these items at that moment
      // (copies of one request sent at once); re-read and try again like a lost version race.
      if (reasons[0]?.Code === 'ConditionalCheckFailed' || reasons[1]?.Code === 'ConditionalCheckFailed' || reasons.some((r) => r.Code === 'TransactionConflict')) {
        throw new StaleCase(`case ${current.caseNo} changed meanwhile (version ${current.version})`);
      }
      if (reasons.some((r) => r.Code === 'ConditionalCheckFailed')) {
        throw new Conflict(`an item written with case ${current.caseNo} changed meanwhile`);
      }
    }
    throw error;
  }
  return next;
};

/**
 * Re-reads and retries when a concurrent transition won the race (parallel work items update the
 * same case). `build` returns undefined when there is nothing left to do, which makes steps idempotent.
 */
export const transitionCase = async (
  caseNo: string,
  build: (current: CaseRecord) => Transition | undefined,
  attempts = 10,
): Promise<CaseRecord> => {
  for (let attempt = 1; ; attempt++) {
    const current = await requireCase(caseNo);
    const transition = build(current);
    if (!transition) return current;
    try {
      return await commitTransition(current, transition);
    } catch (error) {
      if (!(error instanceof StaleCase) || attempt >= attempts) throw error;
      await new Promise((resolve) => setTimeout(resolve, Math.random() * 20 * attempt));
    }
  }
};
