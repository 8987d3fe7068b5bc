// Errors Task handlers throw into the interpreter. It matches Retry/Catch ErrorEquals against
// `error.name` and reports `error.message` as the Cause; it skips Retry and Catch for an error whose
// `isRetryable` / `isCatchable` is false (as AWS does for States.Runtime).

/** A task failure as the workflow sees it: `name` is the Error, `message` the Cause. */
export class TaskError extends Error {
  constructor(error: string, cause: string) {
    super(cause);
    this.name = error;
  }
}

/** A fault in the workflow itself (a bad path, a missing token): fails the execution, uncatchable. */
export class StatesRuntimeError extends Error {
  readonly isRetryable = false;
  readonly isCatchable = false;
  constructor(message: string) {
    super(message);
    this.name = 'States.Runtime';
  }
}

/**
 * Ends a task whose execution or enclosing Map/Parallel is already over. Uncatchable and not
 * retryable, so the orphaned branch cannot retry (and invoke a function again) or run on.
 */
export class TaskReleasedError extends Error {
  readonly isRetryable = false;
  readonly isCatchable = false;
  constructor() {
    super('the task was released because its execution or enclosing Map/Parallel state ended');
    this.name = 'States.TaskReleased';
  }
}

/**
 * A failed Lambda invocation as Step Functions reports it: Error is the Lambda errorType (the thrown
 * error's name), Cause the JSON of errorMessage/errorType/trace.
 */
export const lambdaTaskError = (thrown: unknown): TaskError => {
  const error = thrown instanceof Error ? thrown : new Error(String(thrown));
  const errorType = error.name || 'Error';
  const trace = error.stack?.split('\n').map((line) => line.trim()) ?? [];
  return new TaskError(errorType, JSON.stringify({ errorMessage: error.message, errorType, trace }));
};

/** Service integrations name errors `<Service>.<ExceptionName>`, e.g. DynamoDB.ConditionalCheckFailedException. */
export const serviceTaskError = (service: string, thrown: unknown): TaskError => {
  const error = thrown instanceof Error ? thrown : new Error(String(thrown));
  return new TaskError(`${service}.${error.name || 'Error'}`, error.message);
};
