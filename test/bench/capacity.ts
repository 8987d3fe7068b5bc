// DynamoDB request units as DynamoDB reports them: a middleware, added by the benchmark to the one
// document client the handlers share in this process (functions/adapters/dynamodb.ts), asks every
// request for ReturnConsumedCapacity=INDEXES and adds up what comes back. Production code is not
// touched: the middleware exists only in the benchmark's process, after the stack has started.
import type { ConsumedCapacity } from '@aws-sdk/client-dynamodb';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';

const READS = new Set(['GetItemCommand', 'BatchGetItemCommand', 'QueryCommand', 'ScanCommand', 'TransactGetItemsCommand']);
const WRITES = new Set(['PutItemCommand', 'UpdateItemCommand', 'DeleteItemCommand', 'BatchWriteItemCommand', 'TransactWriteItemsCommand']);

export interface OperationTally {
  /** Requests that returned. */
  count: number;
  /** Requests that failed (a failed conditional write still consumes write units; see `failedWriteUnits`). */
  failed: number;
  readUnits: number;
  writeUnits: number;
  /** Of those units, what the global secondary indexes consumed (ReturnConsumedCapacity=INDEXES). */
  indexUnits: number;
  /** Items written by requests that returned (TransactWriteItems and BatchWriteItem count each item). */
  items: number;
  /** Items of failed write requests. */
  failedItems: number;
}

export interface CapacityTally {
  readonly byOperation: Record<string, OperationTally>;
  readUnits(): number;
  /** Reported write units, plus the minimum charge of failed writes: 1 unit per item, 2 in a transaction. */
  writeUnits(): number;
  snapshot(): Record<string, OperationTally>;
}

const unitsOf = (capacity: ConsumedCapacity | ConsumedCapacity[] | undefined): { total: number; indexes: number } => {
  const list = capacity === undefined ? [] : Array.isArray(capacity) ? capacity : [capacity];
  return list.reduce(
    (sum, c) => ({
      total: sum.total + (c.CapacityUnits ?? 0),
      indexes: sum.indexes + Object.values(c.GlobalSecondaryIndexes ?? {}).reduce((n, i) => n + (i.CapacityUnits ?? 0), 0),
    }),
    { total: 0, indexes: 0 },
  );
};

const itemsOf = (operation: string, input: Record<string, unknown>): number => {
  if (operation === 'TransactWriteItemsCommand') return Array.isArray(input.TransactItems) ? input.TransactItems.length : 0;
  if (operation === 'BatchWriteItemCommand') {
    const requests = (input.RequestItems ?? {}) as Record<string, unknown[]>;
    return Object.values(requests).reduce((n, list) => n + list.length, 0);
  }
  return WRITES.has(operation) ? 1 : 0;
};

/** Starts counting on a client's middleware stack (a DynamoDBDocumentClient shares its client's stack). */
export const countConsumedCapacity = (client: Pick<DynamoDBDocumentClient, 'middlewareStack'>): CapacityTally => {
  const byOperation: Record<string, OperationTally> = {};
  const tally = (operation: string): OperationTally => (byOperation[operation] ??= { count: 0, failed: 0, readUnits: 0, writeUnits: 0, indexUnits: 0, items: 0, failedItems: 0 });

  client.middlewareStack.add(
    (next, context) => async (args) => {
      const operation = String((context as { commandName?: string }).commandName ?? 'unknown');
      const measured = READS.has(operation) || WRITES.has(operation);
      const input: Record<string, unknown> = { ...args.input };
      if (measured) input.ReturnConsumedCapacity = 'INDEXES';
      const entry = tally(operation);
      try {
        const result = await next({ ...args, input });
        const units = unitsOf((result.output as { ConsumedCapacity?: ConsumedCapacity | ConsumedCapacity[] }).ConsumedCapacity);
        entry.count += 1;
        entry.items += itemsOf(operation, input);
        // On-demand tables report CapacityUnits (table and indexes together): the operation says whether they are read or write units.
        if (READS.has(operation)) entry.readUnits += units.total;
        if (WRITES.has(operation)) entry.writeUnits += units.total;
        entry.indexUnits += units.indexes;
        return result;
      } catch (error) {
        entry.failed += 1;
        entry.failedItems += itemsOf(operation, input);
        throw error;
      }
    },
    { step: 'initialize', name: 'benchConsumedCapacity' },
  );

  const sum = (pick: (t: OperationTally, operation: string) => number) =>
    Object.entries(byOperation).reduce((total, [operation, t]) => total + pick(t, operation), 0);
  return {
    byOperation,
    readUnits: () => sum((t) => t.readUnits),
    writeUnits: () => sum((t, operation) => t.writeUnits + t.failedItems * (operation === 'TransactWriteItemsCommand' ? 2 : 1)),
    snapshot: () => structuredClone(byOperation),
  };
};
