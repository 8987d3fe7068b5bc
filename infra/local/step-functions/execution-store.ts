// Execution records and their history, in memory. The one place executions are kept, so that a
// persistent store (restart recovery) can replace this without touching the server.

export type ExecutionStatus = 'RUNNING' | 'SUCCEEDED' | 'FAILED' | 'ABORTED' | 'TIMED_OUT';

/** A history event in the shape GetExecutionHistory returns it, minus id/previousEventId/timestamp encoding. */
export interface HistoryEventDraft {
  readonly type: string;
  /** Epoch milliseconds. */
  readonly timestamp: number;
  /** e.g. { stateEnteredEventDetails: { name, input } } */
  readonly details: Readonly<Record<string, Readonly<Record<string, unknown>>>>;
}

export interface HistoryEvent extends HistoryEventDraft {
  readonly id: number;
  readonly previousEventId: number;
}

export interface ExecutionRecord {
  readonly executionArn: string;
  readonly stateMachineArn: string;
  readonly name: string;
  /** The input exactly as given (a JSON string). */
  readonly input: string;
  readonly status: ExecutionStatus;
  /** Epoch milliseconds. */
  readonly startDate: number;
  readonly stopDate?: number;
  readonly output?: string;
  readonly error?: string;
  readonly cause?: string;
}

export type ExecutionEnd = Pick<ExecutionRecord, 'status' | 'stopDate' | 'output' | 'error' | 'cause'>;

export interface ExecutionStore {
  insert(record: ExecutionRecord): void;
  get(executionArn: string): ExecutionRecord | undefined;
  /** Newest first, as ListExecutions returns them. */
  list(stateMachineArn: string): readonly ExecutionRecord[];
  update(executionArn: string, end: ExecutionEnd): ExecutionRecord;
  appendHistory(executionArn: string, event: HistoryEventDraft): void;
  history(executionArn: string): readonly HistoryEvent[];
}

export const createMemoryExecutionStore = (): ExecutionStore => {
  const records = new Map<string, ExecutionRecord>();
  const histories = new Map<string, HistoryEvent[]>();

  const existing = (executionArn: string): ExecutionRecord => {
    const record = records.get(executionArn);
    if (!record) throw new Error(`no execution ${executionArn}`);
    return record;
  };

  return {
    insert: (record) => {
      if (records.has(record.executionArn)) throw new Error(`execution ${record.executionArn} already exists`);
      records.set(record.executionArn, record);
      histories.set(record.executionArn, []);
    },
    get: (executionArn) => records.get(executionArn),
    list: (stateMachineArn) =>
      [...records.values()].filter((record) => record.stateMachineArn === stateMachineArn).reverse(),
    update: (executionArn, end) => {
      const record = { ...existing(executionArn), ...end };
      records.set(executionArn, record);
      return record;
    },
    appendHistory: (executionArn, event) => {
      const history = histories.get(executionArn);
      if (!history) throw new Error(`no execution ${executionArn}`);
      history.push({ ...event, id: history.length + 1, previousEventId: history.length });
    },
    history: (executionArn) => histories.get(executionArn) ?? [],
  };
};
