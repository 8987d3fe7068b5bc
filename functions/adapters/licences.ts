// The licence library in the case store table (infra/table-design.ts):
//   LICENCE#<id>          / META                    the licence record; holder → licences via byHolder
//                                                   (gsi3pk HOLDER#<applicant key>, gsi3sk <issuedAt>#<id>)
//   LICENCE#<id>          / READ#<at>#<request id>  a department's read, with its purpose (用证事由)
//   CASE#<caseNo>         / LICENCE#<itemCode>      a licence being issued for the case (one per item
//                                                   with a licence result): id and token fixed once,
//                                                   so a retried issuance reuses them
//   SERIAL#<type>#<uscc>  / META                    the serial counter per licence type and issuer
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { GetCommand, PutCommand, QueryCommand, UpdateCommand, type TransactWriteCommandInput } from '@aws-sdk/lib-dynamodb';
import { applicantKey } from '#core/applicant-key.ts';
import type { Applicant } from '#core/applicant.ts';
import { Conflict } from '#core/errors.ts';
import type { LicenceData, LicenceRecord, LicenceRevocation } from '#core/licence.ts';
import { config } from './config.ts';
import { documentClient as db, queryAll } from './dynamodb.ts';

type TransactItem = NonNullable<TransactWriteCommandInput['TransactItems']>[number];

const table = (): string => config().TABLE_NAME;
const licenceKey = (id: string) => ({ pk: `LICENCE#${id}`, sk: 'META' });
const holderPartition = (holder: Pick<Applicant, 'kind' | 'identity'>): string => `HOLDER#${applicantKey(holder)}`;

const strip = <T>(item: Record<string, unknown>): T => {
  const { pk: _pk, sk: _sk, gsi3pk: _a, gsi3sk: _b, ...rest } = item;
  return rest as T;
};

/** The licence record's put, for the transaction that completes its case; never overwrites. */
export const licenceItem = (licence: LicenceRecord): TransactItem => ({
  Put: {
    TableName: table(),
    Item: {
      ...licenceKey(licence.id),
      ...licence,
      gsi3pk: holderPartition(licence.holder),
      gsi3sk: `${licence.issuedAt}#${licence.id}`,
    },
    ConditionExpression: 'attribute_not_exists(pk)',
  },
});

/** A licence from the library, or undefined. */
export const getLicence = async (id: string): Promise<LicenceRecord | undefined> => {
  const { Item } = await db.send(new GetCommand({ TableName: table(), Key: licenceKey(id), ConsistentRead: true }));
  return Item ? strip<LicenceRecord>(Item) : undefined;
};

/** One page of the holder's licences, newest first. */
export const listLicencesOf = async (
  holder: Pick<Applicant, 'kind' | 'identity'>,
  limit: number,
  after?: Record<string, unknown>,
): Promise<{ licences: LicenceRecord[]; next?: Record<string, unknown> }> => {
  const page = await db.send(
    new QueryCommand({
      TableName: table(),
      IndexName: 'byHolder',
      KeyConditionExpression: 'gsi3pk = :pk',
      ExpressionAttributeValues: { ':pk': holderPartition(holder) },
      ScanIndexForward: false,
      Limit: limit,
      ExclusiveStartKey: after,
    }),
  );
  return { licences: (page.Items ?? []).map((item) => strip<LicenceRecord>(item)), ...(page.LastEvaluatedKey ? { next: page.LastEvaluatedKey } : {}) };
};

/** The next serial of a licence type at an issuer: an atomic counter, 1 for the first. */
export const nextSerial = async (typeCode: string, issuerUscc: string): Promise<number> => {
  const { Attributes } = await db.send(
    new UpdateCommand({
      TableName: table(),
      Key: { pk: `SERIAL#${typeCode}#${issuerUscc}`, sk: 'META' },
      UpdateExpression: 'ADD #n :one',
      ExpressionAttributeNames: { '#n': 'serial' },
      ExpressionAttributeValues: { ':one': 1 },
      ReturnValues: 'UPDATED_NEW',
    }),
  );
  return Number(Attributes?.serial);
};

/** What is fixed before anything is rendered or stored: the licence data and its QR token. */
export interface PreparedLicence {
  readonly data: LicenceData;
  readonly token: string;
}

const preparedKey = (caseNo: string, itemCode: string) => ({ pk: `CASE#${caseNo}`, sk: `LICENCE#${itemCode}` });

export const getPreparedLicence = async (caseNo: string, itemCode: string): Promise<PreparedLicence | undefined> => {
  const { Item } = await db.send(new GetCommand({ TableName: table(), Key: preparedKey(caseNo, itemCode), ConsistentRead: true }));
  return Item ? { data: Item.data as LicenceData, token: Item.token as string } : undefined;
};

/** Records the prepared licence once; a concurrent or earlier one wins and is returned instead. */
export const keepPreparedLicence = async (caseNo: string, itemCode: string, prepared: PreparedLicence): Promise<PreparedLicence> => {
  try {
    await db.send(new PutCommand({ TableName: table(), Item: { ...preparedKey(caseNo, itemCode), ...prepared }, ConditionExpression: 'attribute_not_exists(pk)' }));
    return prepared;
  } catch (error) {
    if (!(error instanceof ConditionalCheckFailedException)) throw error;
    const earlier = await getPreparedLicence(caseNo, itemCode);
    if (!earlier) throw error;
    return earlier;
  }
};

/** Revokes a valid licence; Conflict when it is already revoked. Returns the revoked record. */
export const revokeLicence = async (id: string, revocation: LicenceRevocation): Promise<LicenceRecord> => {
  try {
    const { Attributes } = await db.send(
      new UpdateCommand({
        TableName: table(),
        Key: licenceKey(id),
        UpdateExpression: 'SET #s = :revoked, revocation = :r',
        ConditionExpression: '#s = :valid',
        ExpressionAttributeNames: { '#s': 'status' },
        ExpressionAttributeValues: { ':revoked': 'revoked', ':valid': 'valid', ':r': revocation },
        ReturnValues: 'ALL_NEW',
      }),
    );
    return strip<LicenceRecord>(Attributes ?? {});
  } catch (error) {
    if (error instanceof ConditionalCheckFailedException) throw new Conflict(`licence ${id} is already revoked`);
    throw error;
  }
};

/** A department's read of a licence, as the holder can see it (用证记录). */
export interface LicenceRead {
  readonly department: string;
  /** 用证事由: why the department read it. */
  readonly purpose: string;
  readonly at: string;
  readonly requestId: string;
}

export const recordLicenceRead = async (id: string, read: LicenceRead): Promise<void> => {
  await db.send(
    new PutCommand({
      TableName: table(),
      Item: { pk: `LICENCE#${id}`, sk: `READ#${read.at}#${read.requestId}`, ...read },
      ConditionExpression: 'attribute_not_exists(pk)',
    }),
  );
};

export const listLicenceReads = async (id: string): Promise<LicenceRead[]> =>
  (
    await queryAll({
      TableName: table(),
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :read)',
      ExpressionAttributeValues: { ':pk': `LICENCE#${id}`, ':read': 'READ#' },
    })
  ).map((item) => strip<LicenceRead>(item));
