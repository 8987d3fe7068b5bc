// The interpreter's event log mapped to AWS history events (GetExecutionHistory), close enough to
// count billed state transitions (one per *StateEntered) and to follow an execution. Events with no
// AWS counterpart (retried, caught, Parallel branch started/ended) are left out.
import type { StateMachine } from 'aws-local-stepfunctions';
import type { HistoryEventDraft } from './execution-store.ts';

/** The package does not export its event type; this is it. */
export type InterpreterEvent = ReturnType<StateMachine['run']>['eventLogs'] extends AsyncGenerator<infer E> ? E : never;

export interface HistoryContext {
  /** The Resource of a Task state, by state name. */
  resourceOf(stateName: string): string | undefined;
  /** Error and cause given to StopExecution, for ExecutionAborted. */
  abortDetails(): { error?: string; cause?: string };
}

const text = (value: unknown): string => (typeof value === 'string' ? value : (JSON.stringify(value) ?? 'null'));

/** `arn:aws:states:::lambda:invoke` → lambda / invoke; a function ARN → lambda / the ARN. */
const resourceFields = (resource: string | undefined): { resourceType: string; resource: string } => {
  const service = /^arn:[\w-]+:states:::([^:]+):(.+)$/.exec(resource ?? '');
  if (service?.[1] && service[2]) return { resourceType: service[1], resource: service[2] };
  return { resourceType: 'lambda', resource: resource ?? '' };
};

const TIMEOUT_ERRORS = new Set(['States.Timeout', 'States.HeartbeatTimeout']);

export const toHistoryEvents = (event: InterpreterEvent, context: HistoryContext): HistoryEventDraft[] => {
  const draft = (type: string, detailsKey?: string, details: Record<string, unknown> = {}): HistoryEventDraft => ({
    type,
    timestamp: event.timestamp,
    details: detailsKey ? { [detailsKey]: details } : {},
  });
  switch (event.type) {
    case 'ExecutionStarted':
      return [draft('ExecutionStarted', 'executionStartedEventDetails', { input: text(event.input), inputDetails: { truncated: false } })];
    case 'ExecutionSucceeded':
      return [draft('ExecutionSucceeded', 'executionSucceededEventDetails', { output: text(event.output), outputDetails: { truncated: false } })];
    case 'ExecutionFailed':
      return [draft('ExecutionFailed', 'executionFailedEventDetails', { error: event.Error, cause: text(event.Cause) })];
    case 'ExecutionAborted':
      return [draft('ExecutionAborted', 'executionAbortedEventDetails', context.abortDetails())];
    case 'ExecutionTimeout':
      return [draft('ExecutionTimedOut', 'executionTimedOutEventDetails', { error: 'States.Timeout' })];
    case 'StateEntered':
      return [
        draft(`${event.state.type}StateEntered`, 'stateEnteredEventDetails', {
          name: event.state.name,
          input: text(event.state.input),
          inputDetails: { truncated: false },
        }),
      ];
    case 'StateExited': {
      const exited = draft(`${event.state.type}StateExited`, 'stateExitedEventDetails', {
        name: event.state.name,
        output: text(event.state.output),
        outputDetails: { truncated: false },
      });
      const type = event.state.type;
      return type === 'Map' || type === 'Parallel' ? [draft(`${type}StateSucceeded`), exited] : [exited];
    }
    case 'StateFailed': {
      const type = event.state.type;
      if (type === 'Map' || type === 'Parallel') return [draft(`${type}StateFailed`)];
      if (type !== 'Task') return [];
      const timedOut = TIMEOUT_ERRORS.has(event.Error);
      return [
        draft(timedOut ? 'TaskTimedOut' : 'TaskFailed', timedOut ? 'taskTimedOutEventDetails' : 'taskFailedEventDetails', {
          ...resourceFields(context.resourceOf(event.state.name)),
          error: event.Error,
          cause: text(event.Cause),
        }),
      ];
    }
    case 'MapIterationStarted':
      return [draft('MapIterationStarted', 'mapIterationStartedEventDetails', { name: event.parentState.name, index: event.index })];
    case 'MapIterationSucceeded':
      return [draft('MapIterationSucceeded', 'mapIterationSucceededEventDetails', { name: event.parentState.name, index: event.index })];
    case 'MapIterationFailed':
      return [draft('MapIterationFailed', 'mapIterationFailedEventDetails', { name: event.parentState.name, index: event.index })];
    default:
      return [];
  }
};
