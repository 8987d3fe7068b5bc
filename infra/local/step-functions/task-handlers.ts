// What each Task state does locally, handed to the interpreter as per-state-name overrides: the
// AWS service integrations the workflows use, run in-process against the local services.
import { randomUUID } from 'node:crypto';
import {
  DeleteItemCommand,
  GetItemCommand,
  PutItemCommand,
  UpdateItemCommand,
  type DeleteItemCommandInput,
  type DynamoDBClient,
  type GetItemCommandInput,
  type PutItemCommandInput,
  type UpdateItemCommandInput,
} from '@aws-sdk/client-dynamodb';
import type { PutEventsRequestEntry, PutEventsResponse, PutEventsResultEntry } from '@aws-sdk/client-eventbridge';
import type { RunOptions } from 'aws-local-stepfunctions';
import { handlesError, type DynamoDbOperation, type TaskPlan } from './definition.ts';
import { isJsonObject, toJson, type Json, type JsonObject } from './json.ts';
import { MAX_TIMER_SECONDS, type WrappedTaskInput } from './library-definition.ts';
import { StatesRuntimeError, TaskError, TaskReleasedError, lambdaTaskError, serviceTaskError } from './task-errors.ts';
import type { TokenRegistry } from './token-registry.ts';

export type TaskHandlers = NonNullable<NonNullable<RunOptions['overrides']>['taskResourceLocalHandlers']>;

export interface TaskServices {
  invokeFunction(functionArn: string, payload: unknown): Promise<unknown>;
  readonly dynamodb?: DynamoDBClient;
  readonly putEvents?: (entries: PutEventsRequestEntry[]) => Promise<void | Pick<PutEventsResponse, 'Entries' | 'FailedEntryCount'>>;
}

export interface TaskHandlerContext {
  readonly executionArn: string;
  readonly tasks: ReadonlyMap<string, TaskPlan>;
  readonly registry: TokenRegistry;
  /** False once the execution ended: a task of an orphaned branch must not run. */
  readonly isRunning: () => boolean;
  readonly services: TaskServices;
}

interface PreparedTask {
  readonly input: Json;
  readonly timeoutSeconds: number;
  readonly heartbeatSeconds?: number;
}

const isPositiveInteger = (value: Json | undefined): value is number =>
  typeof value === 'number' && Number.isInteger(value) && value >= 1;

/**
 * Reads the wrapper built by library-definition.ts. Runs synchronously, before the interpreter
 * reads `timeoutSeconds` to arm its timer, so that a value above setTimeout's ceiling can be capped
 * and an invalid one replaced (the interpreter would throw outside its race and crash the process).
 */
const prepare = (raw: Json, stateName: string): PreparedTask | StatesRuntimeError => {
  if (!isJsonObject(raw) || !('input' in raw)) return new StatesRuntimeError(`${stateName}: unexpected task input`);
  const wrapped = raw as unknown as WrappedTaskInput & JsonObject;
  const timeoutSeconds = wrapped.timeoutSeconds;
  if (!isPositiveInteger(timeoutSeconds)) {
    wrapped.timeoutSeconds = MAX_TIMER_SECONDS;
    return new StatesRuntimeError(`${stateName}: the timeout must be a positive integer, got ${JSON.stringify(timeoutSeconds)}`);
  }
  if (timeoutSeconds > MAX_TIMER_SECONDS) wrapped.timeoutSeconds = MAX_TIMER_SECONDS;
  const capped = Math.min(timeoutSeconds, MAX_TIMER_SECONDS);
  const heartbeatSeconds = wrapped.heartbeatSeconds;
  if (heartbeatSeconds === undefined) return { input: wrapped.input, timeoutSeconds: capped };
  if (!isPositiveInteger(heartbeatSeconds) || heartbeatSeconds >= capped) {
    return new StatesRuntimeError(`${stateName}: the heartbeat must be a positive integer below the timeout, got ${JSON.stringify(heartbeatSeconds)}`);
  }
  return { input: wrapped.input, timeoutSeconds: capped, heartbeatSeconds };
};

const parametersOf = (plan: TaskPlan, input: Json): JsonObject => {
  if (!isJsonObject(input)) throw new StatesRuntimeError(`${plan.stateName}: Parameters must be an object for ${plan.resource}`);
  return input;
};

const functionNameOf = (plan: TaskPlan, parameters: JsonObject): string => {
  const name = parameters.FunctionName;
  if (typeof name !== 'string') throw new StatesRuntimeError(`${plan.stateName}: Parameters.FunctionName must be a string`);
  return name;
};

const dynamodbCommand = (operation: DynamoDbOperation, parameters: JsonObject) => {
  const input: unknown = parameters;
  switch (operation) {
    case 'getItem':
      return new GetItemCommand(input as GetItemCommandInput);
    case 'putItem':
      return new PutItemCommand(input as PutItemCommandInput);
    case 'updateItem':
      return new UpdateItemCommand(input as UpdateItemCommandInput);
    case 'deleteItem':
      return new DeleteItemCommand(input as DeleteItemCommandInput);
  }
};

export const createTaskHandlers = (context: TaskHandlerContext): TaskHandlers => {
  const { services, registry, executionArn } = context;

  const invoke = async (functionArn: string, payload: Json): Promise<Json> => {
    try {
      return toJson(await services.invokeFunction(functionArn, payload));
    } catch (error) {
      throw lambdaTaskError(error);
    }
  };

  const lambdaInvoke = async (plan: TaskPlan, task: PreparedTask): Promise<Json> => {
    const parameters = parametersOf(plan, task.input);
    // AWS invokes with an empty object when the task gives no Payload.
    const payload = await invoke(functionNameOf(plan, parameters), parameters.Payload ?? {});
    return { ExecutedVersion: '$LATEST', Payload: payload, StatusCode: 200 };
  };

  const waitForTaskToken = (plan: TaskPlan, task: PreparedTask): Promise<Json> => {
    const parameters = parametersOf(plan, task.input);
    const functionArn = functionNameOf(plan, parameters);
    const wait = registry.claim(executionArn, parameters, {
      stateName: plan.stateName,
      scopes: plan.scopes,
      timeoutSeconds: task.timeoutSeconds,
      ...(task.heartbeatSeconds === undefined ? {} : { heartbeatSeconds: task.heartbeatSeconds }),
    });
    if (!wait) throw new StatesRuntimeError(`${plan.stateName}: its Parameters carry no task token`);
    // The callback may come before the function returns (the function itself may answer); a
    // failing function fails the task at once.
    const invoked = invoke(functionArn, parameters.Payload ?? {}).then(
      () => wait.promise,
      (error: unknown) => {
        wait.close();
        throw error;
      },
    );
    return Promise.race([wait.promise, invoked]);
  };

  const dynamodb = async (plan: TaskPlan, operation: DynamoDbOperation, task: PreparedTask): Promise<Json> => {
    const client = services.dynamodb;
    if (!client) throw new StatesRuntimeError(`${plan.stateName}: no dynamodb client`);
    const command = dynamodbCommand(operation, parametersOf(plan, task.input));
    try {
      // send() is overloaded per command type; a union of commands matches none of the overloads.
      const { $metadata: _metadata, ...output } = await client.send(command as GetItemCommand);
      return toJson(output);
    } catch (error) {
      throw serviceTaskError('DynamoDB', error);
    }
  };

  const putEvents = async (plan: TaskPlan, task: PreparedTask): Promise<Json> => {
    const publish = services.putEvents;
    const entries = parametersOf(plan, task.input).Entries;
    if (!publish) throw new StatesRuntimeError(`${plan.stateName}: no putEvents function`);
    if (!Array.isArray(entries)) throw new StatesRuntimeError(`${plan.stateName}: Parameters.Entries must be an array`);
    // Step Functions serialises an object Detail for you; PutEvents itself takes a string.
    const requestEntries = entries.map((entry) =>
      isJsonObject(entry) && entry.Detail !== undefined && typeof entry.Detail !== 'string' ? { ...entry, Detail: JSON.stringify(entry.Detail) } : entry,
    ) as unknown as PutEventsRequestEntry[];
    let outcome: Awaited<ReturnType<typeof publish>>;
    try {
      outcome = await publish(requestEntries);
    } catch (error) {
      throw serviceTaskError('EventBridge', error);
    }
    const results: PutEventsResultEntry[] = outcome?.Entries ?? requestEntries.map(() => ({ EventId: randomUUID() }));
    if (results.some((result) => result.ErrorCode !== undefined)) {
      throw new TaskError('EventBridge.FailedEntry', JSON.stringify(results));
    }
    return { Entries: results.map((result) => ({ EventId: result.EventId ?? null })), FailedEntryCount: 0 };
  };

  const run = async (plan: TaskPlan, task: PreparedTask): Promise<Json> => {
    const integration = plan.integration;
    switch (integration.kind) {
      case 'lambda:invoke':
        return lambdaInvoke(plan, task);
      case 'lambda:invoke.waitForTaskToken':
        return waitForTaskToken(plan, task);
      case 'lambda:function':
        return invoke(plan.resource, task.input);
      case 'dynamodb':
        return dynamodb(plan, integration.operation, task);
      case 'events:putEvents':
        return putEvents(plan, task);
    }
  };

  // Map/Parallel states this execution has seen fail. The interpreter keeps running a Map's queued
  // iterations after one failed (MaxConcurrency queue), where AWS stops them: a task inside a failed
  // scope is released instead of run, so e.g. a refused stage never opens the next stage's work.
  const failedScopes = new Set<string>();

  /** Marks the scopes an uncaught task error fails: outward up to the first that handles it. */
  const propagate = (plan: TaskPlan, error: unknown): void => {
    const name = error instanceof Error ? error.name : 'Error';
    if (error instanceof TaskReleasedError || handlesError(plan.handles, name)) return;
    for (let i = plan.scopes.length - 1; i >= 0; i--) {
      const scope = plan.scopes[i] as string;
      failedScopes.add(scope);
      context.registry.releaseScope(context.executionArn, scope);
      if (handlesError(plan.scopeHandles[i] ?? [], name)) return;
    }
  };

  const handlerFor =
    (plan: TaskPlan) =>
    (raw: Json): Promise<Json> => {
      const task = prepare(raw, plan.stateName);
      if (task instanceof Error) return Promise.reject(task);
      if (!context.isRunning() || plan.scopes.some((scope) => failedScopes.has(scope))) return Promise.reject(new TaskReleasedError());
      return run(plan, task).catch((error: unknown) => {
        propagate(plan, error);
        throw error;
      });
    };

  return Object.fromEntries([...context.tasks.values()].map((plan) => [plan.stateName, handlerFor(plan)]));
};
