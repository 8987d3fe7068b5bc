// Idempotency-Key for creating POSTs: the same key and body get the same response; the same key
// with another body gets 422; concurrent retries wait for the first and never run the work twice.
// One conditional put decides who runs; the record keeps the response for 24 hours (TTL).
import { createHash } from 'node:crypto';
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { DeleteCommand, GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { Conflict, Invalid, Unprocessable } from '#core/errors.ts';
import { idempotencyKeySchema } from '#core/idempotency-key.ts';
import type { HttpEvent, HttpResult } from '#middleware/http.ts';
import { config } from './config.ts';
import { documentClient as db } from './dynamodb.ts';

const TTL_SECONDS = 24 * 3600;
const WAIT_MS = 8_000;

interface StoredResponse {
  readonly statusCode: number;
  readonly headers: Record<string, string>;
  readonly body: string;
}

interface IdempotencyRecord {
  readonly requestHash: string;
  readonly state: 'in-progress' | 'done';
  readonly response?: StoredResponse;
}

export const idempotencyKeyOf = (event: HttpEvent): string => {
  const key = event.headers['idempotency-key'];
  if (!key || !idempotencyKeySchema.safeParse(key).success) {
    throw new Invalid('an Idempotency-Key header is required', [
      { field: 'header.idempotency-key', message: '8 to 64 characters of A-Z, a-z, 0-9, _ or -' },
    ]);
  }
  return key;
};

const requestHashOf = (event: HttpEvent): string =>
  createHash('sha256').update(`${event.requestContext.http.method}\n${event.rawPath}\n${event.body ?? ''}`).digest('hex');

const replay = (stored: StoredResponse): HttpResult => ({ ...stored, headers: { ...stored.headers, 'idempotent-replayed': 'true' } });

/** Runs `work` at most once per (scope, key); `scope` separates callers so keys never collide. */
export const idempotent = async (event: HttpEvent, scope: string, work: () => Promise<HttpResult>): Promise<HttpResult> => {
  const key = { pk: `IDEMPOTENCY#${scope}#${idempotencyKeyOf(event)}`, sk: 'META' };
  const requestHash = requestHashOf(event);
  const now = Math.floor(Date.now() / 1000);
  try {
    await db.send(
      new PutCommand({
        TableName: config().TABLE_NAME,
        Item: { ...key, requestHash, state: 'in-progress', expiresAt: now + TTL_SECONDS },
        // An expired record (TTL deletion lags) counts as absent.
        ConditionExpression: 'attribute_not_exists(pk) OR expiresAt < :now',
        ExpressionAttributeValues: { ':now': now },
      }),
    );
  } catch (error) {
    if (!(error instanceof ConditionalCheckFailedException)) throw error;
    return answerRepeat(key, requestHash);
  }
  let result: HttpResult;
  try {
    result = await work();
  } catch (error) {
    // Nothing to replay: release the key so the client's retry runs the work again.
    await db.send(new DeleteCommand({ TableName: config().TABLE_NAME, Key: key }));
    throw error;
  }
  const response: StoredResponse = {
    statusCode: result.statusCode ?? 200,
    headers: Object.fromEntries(Object.entries(result.headers ?? {}).map(([k, v]) => [k, String(v)])),
    body: typeof result.body === 'string' ? result.body : '',
  };
  await db.send(
    new UpdateCommand({
      TableName: config().TABLE_NAME,
      Key: key,
      UpdateExpression: 'SET #state = :done, #response = :response',
      ExpressionAttributeNames: { '#state': 'state', '#response': 'response' },
      ExpressionAttributeValues: { ':done': 'done', ':response': response },
    }),
  );
  return result;
};

const answerRepeat = async (key: { pk: string; sk: string }, requestHash: string): Promise<HttpResult> => {
  const until = Date.now() + WAIT_MS;
  for (;;) {
    const { Item } = await db.send(new GetCommand({ TableName: config().TABLE_NAME, Key: key, ConsistentRead: true }));
    const record = Item as IdempotencyRecord | undefined;
    if (record && record.requestHash !== requestHash) {
      throw new Unprocessable('this Idempotency-Key was used with a different request', [
        { field: 'header.idempotency-key', message: 'already used with a different body' },
      ]);
    }
    if (record?.state === 'done' && record.response) return replay(record.response);
    if (Date.now() > until) throw new Conflict('a request with this Idempotency-Key is still in progress; retry shortly');
    // The first request failed and released the key (record gone), or is still running: wait.
    if (!record) throw new Conflict('a request with this Idempotency-Key just failed; retry it');
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
};
