// Runs the Lambda handlers of infra/functions.ts in this process, as Lambda would: one module
// instance per function (loaded on first use, after the environment is set), a Context per call.
import { randomUUID } from 'node:crypto';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Context } from 'aws-lambda';
import { functionSpecs, type FunctionName, type FunctionSpec } from '../functions.ts';

type Handler = (event: unknown, context: Context) => Promise<unknown>;

export interface LocalRuntime {
  /** The ARN a function has in the local stack (what the ASL substitutions point at). */
  arnOf(name: FunctionName): string;
  nameOfArn(arn: string): FunctionName | undefined;
  invoke(name: FunctionName, event: unknown): Promise<unknown>;
  /** Invocations per function since start: the benchmark counts them. */
  readonly invocations: Readonly<Record<string, number>>;
  /**
   * Handler time per function since start (wall clock, the module load excluded);
   * `billedMs` rounds each invocation up to the millisecond, as Lambda bills. The benchmark reads it;
   * a stand-in runtime (tests) may leave it out.
   */
  readonly durations?: Readonly<Record<string, InvocationTime>>;
}

export interface InvocationTime {
  readonly count: number;
  readonly totalMs: number;
  readonly billedMs: number;
  readonly maxMs: number;
}

const root = resolve(import.meta.dirname, '../..');

export const createLocalRuntime = (options: { region: string; accountId: string; prefix: string }): LocalRuntime => {
  const modules = new Map<FunctionName, Promise<Handler>>();
  const invocations: Record<string, number> = {};
  const durations: Record<string, InvocationTime> = {};
  const functionName = (name: FunctionName) => `${options.prefix}-${name}`;
  const arnOf = (name: FunctionName) => `arn:aws:lambda:${options.region}:${options.accountId}:function:${functionName(name)}`;

  const load = (name: FunctionName): Promise<Handler> => {
    let loaded = modules.get(name);
    if (!loaded) {
      loaded = import(pathToFileURL(resolve(root, functionSpecs[name].entry)).href).then((mod: { handler?: Handler }) => {
        if (typeof mod.handler !== 'function') throw new Error(`${functionSpecs[name].entry} does not export a handler`);
        return mod.handler;
      });
      modules.set(name, loaded);
    }
    return loaded;
  };

  const contextFor = (name: FunctionName): Context => {
    const spec: FunctionSpec = functionSpecs[name];
    const deadline = Date.now() + (spec.timeoutSeconds ?? 10) * 1000;
    return {
      awsRequestId: randomUUID(),
      functionName: functionName(name),
      functionVersion: '$LATEST',
      invokedFunctionArn: arnOf(name),
      memoryLimitInMB: '512',
      logGroupName: `/aws/lambda/${functionName(name)}`,
      logStreamName: 'local',
      callbackWaitsForEmptyEventLoop: false,
      getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()),
      done: () => undefined,
      fail: () => undefined,
      succeed: () => undefined,
    };
  };

  return {
    arnOf,
    nameOfArn: (arn) => (Object.keys(functionSpecs) as FunctionName[]).find((name) => arnOf(name) === arn || functionName(name) === arn),
    invocations,
    durations,
    invoke: async (name, event) => {
      invocations[name] = (invocations[name] ?? 0) + 1;
      const handler = await load(name);
      const started = performance.now();
      try {
        return await handler(event, contextFor(name));
      } finally {
        const ms = performance.now() - started;
        const before = durations[name] ?? { count: 0, totalMs: 0, billedMs: 0, maxMs: 0 };
        durations[name] = {
          count: before.count + 1,
          totalMs: before.totalMs + ms,
          billedMs: before.billedMs + Math.max(1, Math.ceil(ms)),
          maxMs: Math.max(before.maxMs, ms),
        };
      }
    },
  };
};
