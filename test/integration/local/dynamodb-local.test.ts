// DynamoDB Local as the local stack runs it: jar cache, start/stop, the single table and its indexes.
import { access, mkdtemp, readdir, rm } from 'node:fs/promises';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { DescribeTableCommand, DescribeTimeToLiveCommand, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand, PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dynamoDbClient } from '../../../infra/local/clients.ts';
import { ensureDynamoDbLocal, startDynamoDbLocal, type RunningDynamoDbLocal } from '../../../infra/local/dynamodb-local.ts';
import { ensureTable } from '../../../infra/local/table.ts';

// Shared with `npm start` (infra/local/stack.ts default), so the ~57 MB jar is fetched once per checkout.
const cacheDir = resolve(import.meta.dirname, '../../../.local/cache');
const tableName = 'local-test-cases';
const hookTimeout = 120_000;

describe('DynamoDB Local', () => {
  let workDir: string;
  let dynamodb: RunningDynamoDbLocal;
  let client: DynamoDBClient;
  let doc: DynamoDBDocumentClient;
  const startLog: string[] = [];

  beforeAll(async () => {
    workDir = await mkdtemp(join(tmpdir(), 'nma-dynamodb-local-'));
    dynamodb = await startDynamoDbLocal({ cacheDir, log: (line) => startLog.push(line) });
    client = dynamoDbClient(dynamodb.endpoint);
    doc = DynamoDBDocumentClient.from(client);
  }, hookTimeout);

  afterAll(async () => {
    client?.destroy();
    await dynamodb?.stop();
    if (workDir) await rm(workDir, { recursive: true, force: true });
  }, hookTimeout);

  it('listens on loopback at the reported port', () => {
    expect(dynamodb.endpoint).toBe(`http://127.0.0.1:${dynamodb.port}`);
    expect(dynamodb.port).toBeGreaterThan(0);
    expect(startLog.some((line) => line.includes(dynamodb.endpoint))).toBe(true);
  });

  it('creates the table from the design, and a second ensureTable is a no-op', async () => {
    await ensureTable(client, tableName);
    await ensureTable(client, tableName);

    const { Table } = await client.send(new DescribeTableCommand({ TableName: tableName }));
    expect(Table?.TableStatus).toBe('ACTIVE');
    expect(Table?.KeySchema).toEqual([
      { AttributeName: 'pk', KeyType: 'HASH' },
      { AttributeName: 'sk', KeyType: 'RANGE' },
    ]);
    expect(Table?.BillingModeSummary?.BillingMode).toBe('PAY_PER_REQUEST');
    expect(Table?.StreamSpecification?.StreamEnabled ?? false).toBe(false);
    const indexes = Object.fromEntries(
      (Table?.GlobalSecondaryIndexes ?? []).map(
        (index) =>
          [
            index.IndexName ?? '',
            { keys: index.KeySchema?.map((key) => `${key.KeyType}:${key.AttributeName}`), projection: index.Projection?.ProjectionType },
          ] as const,
      ),
    );
    expect(indexes).toEqual({
      byApplicant: { keys: ['HASH:gsi1pk', 'RANGE:gsi1sk'], projection: 'ALL' },
      byDepartmentDue: { keys: ['HASH:gsi2pk', 'RANGE:gsi2sk'], projection: 'ALL' },
      byHolder: { keys: ['HASH:gsi3pk', 'RANGE:gsi3sk'], projection: 'ALL' },
    });

    const ttl = await client.send(new DescribeTimeToLiveCommand({ TableName: tableName }));
    expect(ttl.TimeToLiveDescription).toMatchObject({ TimeToLiveStatus: 'ENABLED', AttributeName: 'expiresAt' });
  });

  it('stores and reads back an item', async () => {
    await ensureTable(client, tableName);
    const item = { pk: 'CASE#99-20250101-ABCDEFGHJK', sk: 'META', status: 'submitted', version: 1, 申请人: '张三' };
    await doc.send(new PutCommand({ TableName: tableName, Item: item }));
    const { Item } = await doc.send(new GetCommand({ TableName: tableName, Key: { pk: item.pk, sk: item.sk } }));
    expect(Item).toEqual(item);
  });

  it('queries byDepartmentDue in sort-key order, leaving out items without the index keys', async () => {
    await ensureTable(client, tableName);
    const dues = ['2025-03-02', '2025-01-15', '2025-02-20'];
    for (const [i, due] of dues.entries()) {
      await doc.send(
        new PutCommand({
          TableName: tableName,
          Item: { pk: `CASE#Q${i}`, sk: 'WORK#SCJGJ', gsi2pk: 'DEPT#SCJGJ', gsi2sk: `${due}#CASE#Q${i}` },
        }),
      );
    }
    // Another department, and a closed item (no gsi2 keys: the index is sparse).
    await doc.send(new PutCommand({ TableName: tableName, Item: { pk: 'CASE#Q9', sk: 'WORK#ZJJ', gsi2pk: 'DEPT#ZJJ', gsi2sk: '2025-01-01#CASE#Q9' } }));
    await doc.send(new PutCommand({ TableName: tableName, Item: { pk: 'CASE#Q8', sk: 'WORK#SCJGJ' } }));

    const query = (forward: boolean) =>
      doc.send(
        new QueryCommand({
          TableName: tableName,
          IndexName: 'byDepartmentDue',
          KeyConditionExpression: 'gsi2pk = :dept',
          ExpressionAttributeValues: { ':dept': 'DEPT#SCJGJ' },
          ScanIndexForward: forward,
        }),
      );
    const ascending = await query(true);
    expect(ascending.Items?.map((item) => item.gsi2sk as string)).toEqual([
      '2025-01-15#CASE#Q1',
      '2025-02-20#CASE#Q2',
      '2025-03-02#CASE#Q0',
    ]);
    const descending = await query(false);
    expect(descending.Items?.map((item) => item.pk as string)).toEqual(['CASE#Q0', 'CASE#Q2', 'CASE#Q1']);
  });

  it('serves a second ensureDynamoDbLocal from the cache without fetching', async () => {
    const log: string[] = [];
    const started = Date.now();
    const dir = await ensureDynamoDbLocal(cacheDir, (line) => log.push(line));
    expect(Date.now() - started).toBeLessThan(1_000);
    expect(log).toEqual([]);
    expect(dir).toBe(join(cacheDir, 'dynamodb-local-2.9.30'));
    await access(join(dir, 'DynamoDBLocal.jar'));
    await access(join(dir, 'DynamoDBLocal_lib'));
  });

  it('refuses a port that is already taken, instead of talking to whoever holds it', async () => {
    const squatter: Server = createServer();
    await new Promise<void>((done) => squatter.listen(0, done));
    const address = squatter.address();
    const port = typeof address === 'object' && address !== null ? address.port : 0;
    try {
      await expect(startDynamoDbLocal({ cacheDir, port })).rejects.toThrow(`port ${port} is already in use`);
    } finally {
      await new Promise((done) => squatter.close(done));
    }
  });

  it('keeps data in dbPath across stop and restart, and is unreachable once stopped', async () => {
    const dbPath = join(workDir, 'db');
    const first = await startDynamoDbLocal({ cacheDir, dbPath });
    const firstClient = DynamoDBDocumentClient.from(dynamoDbClient(first.endpoint));
    try {
      await ensureTable(firstClient, tableName);
      await firstClient.send(new PutCommand({ TableName: tableName, Item: { pk: 'LICENCE#L1', sk: 'META', holder: '某某公司' } }));
    } finally {
      firstClient.destroy();
      await first.stop();
    }
    await expect(fetch(first.endpoint)).rejects.toThrow();
    expect(await readdir(dbPath)).toContain('shared-local-instance.db');

    const second = await startDynamoDbLocal({ cacheDir, dbPath });
    const secondClient = DynamoDBDocumentClient.from(dynamoDbClient(second.endpoint));
    try {
      await ensureTable(secondClient, tableName);
      const { Item } = await secondClient.send(new GetCommand({ TableName: tableName, Key: { pk: 'LICENCE#L1', sk: 'META' } }));
      expect(Item).toEqual({ pk: 'LICENCE#L1', sk: 'META', holder: '某某公司' });
    } finally {
      secondClient.destroy();
      await second.stop();
    }
  }, 60_000);

  it('lets concurrent first-time fetches race into one complete cache entry', async () => {
    const freshCache = join(workDir, 'fresh-cache');
    const logA: string[] = [];
    const logB: string[] = [];
    const [a, b] = await Promise.all([
      ensureDynamoDbLocal(freshCache, (line) => logA.push(line)),
      ensureDynamoDbLocal(freshCache, (line) => logB.push(line)),
    ]);
    expect(a).toBe(join(freshCache, 'dynamodb-local-2.9.30'));
    expect(b).toBe(a);
    // Both really fetched (neither found a finished cache), so the rename race was exercised.
    for (const lines of [logA, logB]) expect(lines[0]).toMatch(/^fetching DynamoDB Local \(one time, ~\d+ MB\)…$/);
    await access(join(a, 'DynamoDBLocal.jar'));
    // No temp directories left behind by the loser.
    expect(await readdir(freshCache)).toEqual(['dynamodb-local-2.9.30']);
  }, hookTimeout);
});
