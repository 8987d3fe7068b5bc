// Runs executions on the interpreter: starts them, records their history and end, stops them, and
// releases their task tokens as soon as they end, whatever the way they end.
import { ExecutionAbortedError, ExecutionError, ExecutionTimeoutError } from 'aws-local-stepfunctions';
import { executionArnOf } from './arns.ts';
import type { ExecutionEnd, ExecutionRecord, ExecutionStore } from './execution-store.ts';
import { toHistoryEvents, type HistoryContext } from './history.ts';
import type { Json } from './json.ts';
import type { PreparedMachine } from './machines.ts';
import { createTaskHandlers, type TaskServices } from './task-handlers.ts';
import type { TokenRegistry } from './token-registry.ts';

export interface ExecutionRunner {
  /** Starts an execution; `input` is already known to be JSON and the name to be free. */
  start(machine: PreparedMachine, name: string, input: string): ExecutionRecord;
  /** Aborts a running execution (a finished one is returned as it is). */
  stop(executionArn: string, details: { readonly error?: string; readonly cause?: string }): ExecutionRecord;
  /** Aborts every running execution and waits until each has ended. */
  stopAll(): Promise<void>;
}

export interface RunnerDependencies {
  readonly store: ExecutionStore;
  readonly registry: TokenRegistry;
  readonly services: TaskServices;
}

const endOf = async (result: Promise<unknown>): Promise<Omit<ExecutionEnd, 'stopDate'>> => {
  try {
    return { status: 'SUCCEEDED', output: JSON.stringify(await result) ?? 'null' };
  } catch (error) {
    if (error instanceof ExecutionAbortedError) return { status: 'ABORTED' };
    if (error instanceof ExecutionTimeoutError) return { status: 'TIMED_OUT', error: 'States.Timeout', cause: 'the execution timed out' };
    const failure = error instanceof ExecutionError && error.cause instanceof Error ? error.cause : (error as Error);
    return { status: 'FAILED', error: failure.name, cause: failure.message };
  }
};

export const createExecutionRunner = ({ store, registry, services }: RunnerDependencies): ExecutionRunner => {
  const active = new Map<string, { readonly abort: () => void; readonly done: Promise<void> }>();
  // Separate from `active`: the interpreter runs the first state before run() even returns.
  const running = new Set<string>();

  const start = (machine: PreparedMachine, name: string, input: string): ExecutionRecord => {
    const executionArn = executionArnOf(machine.arn, name);
    const startDate = Date.now();
    const record: ExecutionRecord = { executionArn, stateMachineArn: machine.arn, name, input, status: 'RUNNING', startDate };
    store.insert(record);
    running.add(executionArn);
    const isRunning = () => running.has(executionArn);

    const run = machine.interpreter.run(JSON.parse(input) as Json, {
      overrides: { taskResourceLocalHandlers: createTaskHandlers({ executionArn, tasks: machine.tasks, registry, isRunning, services }) },
      context: {
        Execution: { Id: executionArn, Name: name, RoleArn: machine.roleArn, StartTime: new Date(startDate).toISOString() },
        StateMachine: { Id: machine.arn, Name: machine.name },
        // The interpreter resolves $$.Task.Token by reading this getter, once per reference:
        // each read is a new token of this execution, bound to its task when the task claims it.
        Task: {
          get Token() {
            return isRunning() ? registry.mint(executionArn) : 'execution-ended';
          },
        },
      },
    });

    const historyContext: HistoryContext = {
      resourceOf: (stateName) => machine.tasks.get(stateName)?.resource,
      abortDetails: () => {
        const { error, cause } = store.get(executionArn) ?? {};
        return { ...(error === undefined ? {} : { error }), ...(cause === undefined ? {} : { cause }) };
      },
    };
    const recordHistory = async (): Promise<void> => {
      for await (const event of run.eventLogs) {
        // The interpreter aborts the other branches of a failed Map/Parallel without ending their
        // tasks; end them here so their tokens answer TaskTimedOut and nothing waits forever.
        if (event.type === 'StateFailed' && (event.state.type === 'Map' || event.state.type === 'Parallel')) {
          registry.releaseScope(executionArn, event.state.name);
        }
        for (const draft of toHistoryEvents(event, historyContext)) store.appendHistory(executionArn, draft);
      }
    };

    const finish = async (): Promise<void> => {
      const history = recordHistory().catch((error: unknown) => console.error(`history of ${executionArn}:`, error));
      const end = await endOf(run.result);
      running.delete(executionArn);
      registry.releaseExecution(executionArn);
      await history;
      // Recorded once the history is complete, so a finished execution always has its last event.
      if (store.get(executionArn)?.status === 'RUNNING') store.update(executionArn, { ...end, stopDate: Date.now() });
      active.delete(executionArn);
    };
    active.set(executionArn, { abort: run.abort, done: finish().catch((error: unknown) => console.error(`ending ${executionArn}:`, error)) });
    return record;
  };

  const stop: ExecutionRunner['stop'] = (executionArn, details) => {
    const record = store.get(executionArn);
    if (!record) throw new Error(`no execution ${executionArn}`);
    const execution = active.get(executionArn);
    if (record.status !== 'RUNNING' || !execution) return record;
    const stopped = store.update(executionArn, { status: 'ABORTED', stopDate: Date.now(), ...details });
    running.delete(executionArn);
    registry.releaseExecution(executionArn);
    execution.abort();
    return stopped;
  };

  return {
    start,
    stop,
    stopAll: async () => {
      const executions = [...active.entries()];
      for (const [executionArn] of executions) stop(executionArn, { error: 'States.Runtime', cause: 'the local Step Functions server stopped' });
      await Promise.allSettled(executions.map(([, execution]) => execution.done));
    },
  };
};
