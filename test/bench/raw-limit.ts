// The limit beside the end-to-end figure: the DynamoDB writes and S3 PUTs a case performed (as the
// end-to-end run counted them, request by request and item by item), issued straight at the same
// DynamoDB Local and S3 server with no API, no Lambda and no workflow, at the same concurrency.
// Reads are left out: this is the storage write path a case cannot do without.
import { PutItemCommand, TransactWriteItemsCommand, UpdateItemCommand, type DynamoDBClient, type TransactWriteItem } from '@aws-sdk/client-dynamodb';
import { PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import type { OperationTally } from './capacity.ts';
import { perMinute } from './stats.ts';

export interface WriteProfile {
  /** Single-item writes (PutItem, UpdateItem, DeleteItem) per case. */
  readonly singleWrites: number;
  /** TransactWriteItems requests per case and items in each. */
  readonly transactions: number;
  readonly itemsPerTransaction: number;
  /** S3 PUTs per case and the mean object size. */
  readonly s3Puts: number;
  readonly objectBytes: number;
}

/** The per-case write profile from what the end-to-end run counted. */
export const writeProfileOf = (
  byOperation: Readonly<Record<string, OperationTally>>,
  cases: number,
  s3: { readonly puts: number; readonly bytes: number },
): WriteProfile => {
  const t = (op: string): OperationTally => byOperation[op] ?? { count: 0, failed: 0, readUnits: 0, writeUnits: 0, indexUnits: 0, items: 0, failedItems: 0 };
  const single = ['PutItemCommand', 'UpdateItemCommand', 'DeleteItemCommand'].reduce((n, op) => n + t(op).count, 0) + t('BatchWriteItemCommand').items;
  const tx = t('TransactWriteItemsCommand');
  return {
    singleWrites: Math.round(single / cases),
    transactions: Math.round(tx.count / cases),
    itemsPerTransaction: tx.count ? Math.round(tx.items / tx.count) : 0,
    s3Puts: Math.round(s3.puts / cases),
    objectBytes: s3.puts ? Math.max(1, Math.round(s3.bytes / s3.puts)) : 0,
  };
};

export interface RawLimitResult {
  readonly profile: WriteProfile;
  readonly cases: number;
  readonly elapsedMs: number;
  readonly casesPerMinute: number;
  readonly requestsPerSecond: number;
}

// About the size of a case record: one write request unit (≤ 1 KB) per item, as most items of a case are.
const PAYLOAD = 'x'.repeat(600);

export const runRawLimit = async (o: {
  readonly dynamodb: DynamoDBClient;
  readonly s3: S3Client;
  readonly table: string;
  readonly bucket: string;
  readonly profile: WriteProfile;
  readonly cases: number;
  readonly concurrency: number;
}): Promise<RawLimitResult> => {
  const { profile } = o;
  const body = Buffer.alloc(profile.objectBytes, 0x25);
  const oneCase = async (n: number): Promise<void> => {
    const pk = { S: `BENCH#${n}` };
    for (let i = 0; i < profile.singleWrites; i++) {
      if (i === 0) await o.dynamodb.send(new PutItemCommand({ TableName: o.table, Item: { pk, sk: { S: 'META' }, version: { N: '1' }, payload: { S: PAYLOAD } } }));
      else
        await o.dynamodb.send(
          new UpdateItemCommand({
            TableName: o.table,
            Key: { pk, sk: { S: 'META' } },
            UpdateExpression: 'SET version = version + :one, payload = :p',
            ExpressionAttributeValues: { ':one': { N: '1' }, ':p': { S: PAYLOAD } },
          }),
        );
    }
    for (let t = 0; t < profile.transactions; t++) {
      const items: TransactWriteItem[] = Array.from({ length: profile.itemsPerTransaction }, (_, i) => ({
        Put: { TableName: o.table, Item: { pk, sk: { S: `TX#${t}#${i}` }, payload: { S: PAYLOAD } } },
      }));
      await o.dynamodb.send(new TransactWriteItemsCommand({ TransactItems: items }));
    }
    for (let p = 0; p < profile.s3Puts; p++) {
      await o.s3.send(new PutObjectCommand({ Bucket: o.bucket, Key: `bench/${n}/${p}.pdf`, Body: body, ContentType: 'application/pdf' }));
    }
  };

  let next = 0;
  const started = performance.now();
  const worker = async (): Promise<void> => {
    while (next < o.cases) await oneCase(next++);
  };
  await Promise.all(Array.from({ length: Math.min(o.concurrency, o.cases) }, worker));
  const elapsedMs = performance.now() - started;
  const requests = o.cases * (profile.singleWrites + profile.transactions + profile.s3Puts);
  return { profile, cases: o.cases, elapsedMs, casesPerMinute: perMinute(o.cases, elapsedMs), requestsPerSecond: (requests * 1000) / elapsedMs };
};
