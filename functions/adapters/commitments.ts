// Signed commitments (告知承诺制, APP#<id> / COMMIT#<materialCode>): the applicant accepts the
// catalogue's commitment text in place of a proof. The exact text and its hash are kept, so what
// was promised can be shown to departments and checked later (a false commitment is the
// applicant's liability: 国务院办公厅关于全面推行证明事项告知承诺制的指导意见).
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { config } from './config.ts';
import { documentClient as db, queryAll } from './dynamodb.ts';

export interface CommitmentRecord {
  readonly applicationId: string;
  readonly materialCode: string;
  /** The commitment text as signed, and its SHA-256 (hex). */
  readonly text: string;
  readonly textSha256: string;
  readonly signedAt: string;
  /** Masked identity of who signed: the applicant, or the agent for them. */
  readonly signedBy: string;
}

const key = (applicationId: string, materialCode: string) => ({ pk: `APP#${applicationId}`, sk: `COMMIT#${materialCode}` });

/** Records a signature; signing the same material again replaces it (the text is the catalogue's). */
export const putCommitment = async (commitment: CommitmentRecord): Promise<void> => {
  await db.send(new PutCommand({ TableName: config().TABLE_NAME, Item: { ...key(commitment.applicationId, commitment.materialCode), ...commitment } }));
};

export const listCommitments = async (applicationId: string): Promise<CommitmentRecord[]> => {
  const items = await queryAll({
    TableName: config().TABLE_NAME,
    KeyConditionExpression: 'pk = :pk AND begins_with(sk, :c)',
    ExpressionAttributeValues: { ':pk': `APP#${applicationId}`, ':c': 'COMMIT#' },
    ConsistentRead: true,
  });
  return items.map(({ pk: _pk, sk: _sk, ...record }) => record as unknown as CommitmentRecord);
};
