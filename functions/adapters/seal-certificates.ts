// The seal key's self-signed certificates (functions/core/seal-certificate.ts), one per key and
// issuing department, made once by the issuing function (functions/steps/seal-certificate.ts) and
// kept in the case store table, where the published set (/.well-known/licence-certificates) reads
// them; pinned certificates never change:
//   SEALKEY#<kid> / CERTIFICATE#<department>   { der (base64), sha256, createdAt }
import { createHash } from 'node:crypto';
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { certificatePem } from '#core/pem.ts';
import { config } from './config.ts';
import { documentClient as db, queryAll } from './dynamodb.ts';
import { publicKeys } from './signer.ts';

export interface PublishedCertificate {
  readonly kid: string;
  readonly department: string;
  /** SHA-256 of the DER, hex: what a verifier pins. */
  readonly sha256: string;
  readonly pem: string;
}

const keyOf = (kid: string, department: string) => ({ pk: `SEALKEY#${kid}`, sk: `CERTIFICATE#${department}` });

/** The kept certificate (DER) of the key for the department, or undefined. */
export const readSealCertificate = async (kid: string, department: string): Promise<Buffer | undefined> => {
  const { Item } = await db.send(new GetCommand({ TableName: config().TABLE_NAME, Key: keyOf(kid, department), ConsistentRead: true }));
  return typeof Item?.der === 'string' ? Buffer.from(Item.der, 'base64') : undefined;
};

/** Keeps the first certificate made for the key and department: the kept one, theirs if another was first. */
export const keepSealCertificate = async (kid: string, department: string, der: Buffer, at: string): Promise<Buffer> => {
  try {
    await db.send(
      new PutCommand({
        TableName: config().TABLE_NAME,
        Item: { ...keyOf(kid, department), der: der.toString('base64'), sha256: createHash('sha256').update(der).digest('hex'), createdAt: at },
        ConditionExpression: 'attribute_not_exists(pk)',
      }),
    );
    return der;
  } catch (error) {
    // Another issuance made it first: theirs is the one kept (and maybe pinned already).
    if (!(error instanceof ConditionalCheckFailedException)) throw error;
    const theirs = await readSealCertificate(kid, department);
    if (!theirs) throw new Error(`seal certificate ${kid}/${department} vanished after a conflicting put`, { cause: error });
    return theirs;
  }
};

/** Every kept certificate of the published keys. */
export const publishedCertificates = async (): Promise<PublishedCertificate[]> => {
  const certificates: PublishedCertificate[] = [];
  for (const { kid } of await publicKeys()) {
    const items = await queryAll({
      TableName: config().TABLE_NAME,
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :sk)',
      ExpressionAttributeValues: { ':pk': `SEALKEY#${kid}`, ':sk': 'CERTIFICATE#' },
    });
    for (const item of items) {
      const der = Buffer.from(String(item.der), 'base64');
      certificates.push({ kid, department: String(item.sk).slice('CERTIFICATE#'.length), sha256: String(item.sha256), pem: certificatePem(der) });
    }
  }
  return certificates;
};
