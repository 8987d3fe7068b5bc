// The definition as handed to the interpreter, rewritten where aws-local-stepfunctions v3 differs
// from AWS (checked against its source, build/main.node.esm.js):
// - it evaluates TimeoutSecondsPath against the input AFTER Parameters, and only after the task
//   has been started, and defaults a Task's timeout to 60 s (AWS: 99999999 s). So every Task's
//   Parameters become `{ input: <original Parameters or $>, timeoutSeconds, heartbeatSeconds }`,
//   the path resolved against the state input as AWS does, and TimeoutSecondsPath points at
//   `$.timeoutSeconds` of that: the interpreter then times the task out with its own States.Timeout
//   error (which `States.TaskFailed` must not match, and only its own error class avoids).
// - it ignores HeartbeatSeconds; the token registry enforces it from `heartbeatSeconds`.
// - retry pauses can only be replaced by fixed durations, so retryIntervalScale scales
//   IntervalSeconds and MaxDelaySeconds instead, keeping the backoff.
// The original definition is validated separately; this one is run without validation.
import { isJsonObject, type Json, type JsonObject } from './json.ts';
import { walkStates } from './walk-states.ts';

/** setTimeout's ceiling (2^31-1 ms): a longer delay fires at once, so every timeout is capped here. */
export const MAX_TIMER_SECONDS = Math.floor(2_147_483_647 / 1000);

/** A scaled retry pause never reaches 0, which the interpreter would not even yield for. */
const MIN_RETRY_SECONDS = 0.001;

/** The input every overridden Task handler receives. */
export interface WrappedTaskInput {
  input: Json;
  timeoutSeconds: Json;
  heartbeatSeconds?: Json;
}

const scaleRetrier = (retrier: Json, scale: number): Json => {
  if (!isJsonObject(retrier)) return retrier;
  const interval = typeof retrier.IntervalSeconds === 'number' ? retrier.IntervalSeconds : 1;
  const scaled: JsonObject = { ...retrier, IntervalSeconds: Math.max(MIN_RETRY_SECONDS, interval * scale) };
  if (typeof retrier.MaxDelaySeconds === 'number') scaled.MaxDelaySeconds = Math.max(MIN_RETRY_SECONDS, retrier.MaxDelaySeconds * scale);
  return scaled;
};

const wrapTask = (state: JsonObject): void => {
  const wrapper: JsonObject = {};
  if (state.Parameters === undefined) wrapper['input.$'] = '$';
  else wrapper.input = state.Parameters;
  if (typeof state.TimeoutSecondsPath === 'string') wrapper['timeoutSeconds.$'] = state.TimeoutSecondsPath;
  else wrapper.timeoutSeconds = state.TimeoutSeconds ?? MAX_TIMER_SECONDS;
  if (typeof state.HeartbeatSecondsPath === 'string') wrapper['heartbeatSeconds.$'] = state.HeartbeatSecondsPath;
  else if (state.HeartbeatSeconds !== undefined) wrapper.heartbeatSeconds = state.HeartbeatSeconds;
  state.Parameters = wrapper;
  state.TimeoutSecondsPath = '$.timeoutSeconds';
  delete state.TimeoutSeconds;
  delete state.HeartbeatSeconds;
  delete state.HeartbeatSecondsPath;
};

export const toLibraryDefinition = (definition: JsonObject, options: { readonly retryIntervalScale: number }): JsonObject => {
  const copy = structuredClone(definition);
  if (typeof copy.TimeoutSeconds === 'number') copy.TimeoutSeconds = Math.min(copy.TimeoutSeconds, MAX_TIMER_SECONDS);
  walkStates(copy, (_name, state) => {
    if (options.retryIntervalScale !== 1 && Array.isArray(state.Retry)) {
      state.Retry = state.Retry.map((retrier) => scaleRetrier(retrier, options.retryIntervalScale));
    }
    if (state.Type === 'Task') wrapTask(state);
  });
  return copy;
};
