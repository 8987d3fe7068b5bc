// Task tokens of `.waitForTaskToken` tasks: minted when the interpreter reads $$.Task.Token, claimed
// by the task that passed them on, completed by SendTaskSuccess/Failure. The registry also enforces
// what the interpreter does not: HeartbeatSeconds, and releasing the tokens of branches it abandons
// (a failed Map/Parallel aborts its siblings without telling their tasks) and of ended executions,
// so nothing waits forever and nothing leaks.
import { randomBytes } from 'node:crypto';
import { AwsJsonError } from '../aws-json.ts';
import type { Json } from './json.ts';
import { TaskError, TaskReleasedError } from './task-errors.ts';

export interface TaskWaitSpec {
  readonly stateName: string;
  /** Enclosing Map/Parallel state names: releaseScope(name) ends this wait. */
  readonly scopes: readonly string[];
  readonly timeoutSeconds: number;
  readonly heartbeatSeconds?: number;
}

export interface TaskWait {
  /** The task result (SendTaskSuccess output) or its failure. */
  readonly promise: Promise<Json>;
  /** Ends the wait without settling it: the task already failed for another reason. */
  close(): void;
}

export interface TokenRegistry {
  mint(executionArn: string): string;
  /** Binds the unclaimed tokens of this execution found in the task's input to one wait. */
  claim(executionArn: string, input: Json, spec: TaskWaitSpec): TaskWait | undefined;
  succeed(token: string, output: Json): void;
  fail(token: string, error: string, cause: string): void;
  heartbeat(token: string): void;
  releaseScope(executionArn: string, scope: string): void;
  releaseExecution(executionArn: string): void;
  /** Tokens still held: 0 once every execution has ended. */
  readonly size: number;
}

const TIMEOUT_SAFETY_NET_MS = 1000;

type Outcome = { readonly ok: true; readonly output: Json } | { readonly ok: false; readonly error: Error };

interface Wait {
  readonly spec: TaskWaitSpec;
  readonly tokens: readonly string[];
  readonly resolve: (output: Json) => void;
  readonly reject: (error: Error) => void;
  closed: boolean;
  timeout?: NodeJS.Timeout;
  heartbeat?: NodeJS.Timeout;
}

interface Entry {
  readonly executionArn: string;
  wait?: Wait;
  /** A callback that arrived before the task claimed its token (the function itself answered). */
  early?: Outcome;
}

const stringsIn = (value: Json, found: string[] = []): string[] => {
  if (typeof value === 'string') found.push(value);
  else if (Array.isArray(value)) for (const item of value) stringsIn(item, found);
  else if (value !== null && typeof value === 'object') for (const item of Object.values(value)) stringsIn(item, found);
  return found;
};

// The token names its execution, so a token outliving its task can be told from a forged one
// without keeping every finished token in memory.
const executionOfToken = (token: string): string | undefined => {
  const [prefix] = token.split('.');
  return prefix ? Buffer.from(prefix, 'base64url').toString('utf8') : undefined;
};

export const createTokenRegistry = (options: { isKnownExecution(executionArn: string): boolean }): TokenRegistry => {
  const entries = new Map<string, Entry>();
  const byExecution = new Map<string, Set<string>>();

  const forget = (token: string): void => {
    const entry = entries.get(token);
    if (!entry) return;
    entries.delete(token);
    const tokens = byExecution.get(entry.executionArn);
    tokens?.delete(token);
    if (tokens?.size === 0) byExecution.delete(entry.executionArn);
  };

  const close = (wait: Wait): void => {
    if (wait.closed) return;
    wait.closed = true;
    clearTimeout(wait.timeout);
    clearTimeout(wait.heartbeat);
    for (const token of wait.tokens) forget(token);
  };

  const settle = (wait: Wait, outcome: Outcome): void => {
    if (wait.closed) return;
    close(wait);
    if (outcome.ok) wait.resolve(outcome.output);
    else wait.reject(outcome.error);
  };

  const expire = (wait: Wait): void => {
    // The interpreter's own timer (same duration, armed a moment after this one, so it fires in
    // the same or a later millisecond) fails the task with its States.Timeout; closing first makes
    // a late callback answer TaskTimedOut. The rejection below is only a safety net, should the
    // interpreter ever stop timing tasks itself; by then the task has long settled.
    close(wait);
    setTimeout(() => wait.reject(new TaskError('States.Timeout', 'the task timed out')), TIMEOUT_SAFETY_NET_MS).unref();
  };

  const armHeartbeat = (wait: Wait): void => {
    if (wait.spec.heartbeatSeconds === undefined) return;
    clearTimeout(wait.heartbeat);
    wait.heartbeat = setTimeout(
      () => settle(wait, { ok: false, error: new TaskError('States.HeartbeatTimeout', 'no heartbeat within HeartbeatSeconds') }),
      wait.spec.heartbeatSeconds * 1000,
    );
  };

  const lookup = (token: string): Entry => {
    const entry = entries.get(token);
    if (entry) return entry;
    const executionArn = executionOfToken(token);
    if (executionArn !== undefined && options.isKnownExecution(executionArn)) {
      throw new AwsJsonError('TaskTimedOut', 'Task Timed Out: Provided task does not exist anymore');
    }
    throw new AwsJsonError('InvalidToken', 'Invalid token');
  };

  const complete = (token: string, outcome: Outcome): void => {
    const entry = lookup(token);
    if (entry.wait) settle(entry.wait, outcome);
    else if (entry.early) throw new AwsJsonError('TaskTimedOut', 'Task Timed Out: Provided task does not exist anymore');
    else entry.early = outcome;
  };

  const releaseWhere = (executionArn: string, applies: (entry: Entry) => boolean): void => {
    for (const token of [...(byExecution.get(executionArn) ?? [])]) {
      const entry = entries.get(token);
      if (!entry || !applies(entry)) continue;
      if (entry.wait) settle(entry.wait, { ok: false, error: new TaskReleasedError() });
      else forget(token);
    }
  };

  return {
    mint: (executionArn) => {
      const token = `${Buffer.from(executionArn).toString('base64url')}.${randomBytes(24).toString('base64url')}`;
      entries.set(token, { executionArn });
      let tokens = byExecution.get(executionArn);
      if (!tokens) byExecution.set(executionArn, (tokens = new Set()));
      tokens.add(token);
      return token;
    },
    claim: (executionArn, input, spec) => {
      const tokens = stringsIn(input).filter((value) => {
        const entry = entries.get(value);
        return entry?.executionArn === executionArn && entry.wait === undefined;
      });
      if (tokens.length === 0) return undefined;
      const { promise, resolve, reject } = Promise.withResolvers<Json>();
      const wait: Wait = { spec, tokens, resolve, reject, closed: false };
      let early: Outcome | undefined;
      for (const token of tokens) {
        const entry = entries.get(token);
        if (!entry) continue;
        entry.wait = wait;
        early ??= entry.early;
      }
      if (early) settle(wait, early);
      else {
        wait.timeout = setTimeout(() => expire(wait), spec.timeoutSeconds * 1000);
        armHeartbeat(wait);
      }
      return { promise, close: () => close(wait) };
    },
    succeed: (token, output) => complete(token, { ok: true, output }),
    fail: (token, error, cause) => complete(token, { ok: false, error: new TaskError(error, cause) }),
    heartbeat: (token) => {
      const entry = lookup(token);
      if (entry.early) throw new AwsJsonError('TaskTimedOut', 'Task Timed Out: Provided task does not exist anymore');
      if (entry.wait) armHeartbeat(entry.wait);
    },
    releaseScope: (executionArn, scope) => releaseWhere(executionArn, (entry) => entry.wait?.spec.scopes.includes(scope) === true),
    releaseExecution: (executionArn) => releaseWhere(executionArn, () => true),
    get size() {
      return entries.size;
    },
  };
};
