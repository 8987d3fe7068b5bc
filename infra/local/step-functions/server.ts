// The local AWS Step Functions endpoint: the workflows' ASL run by aws-local-stepfunctions, served
// over the AWS JSON 1.0 protocol that @aws-sdk/client-sfn speaks (`X-Amz-Target:
// AWSStepFunctions.<Operation>`), so handlers and tests use the ordinary SFN client pointed at it
// (AWS_ENDPOINT_URL_SFN or the `endpoint` option).
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { PutEventsRequestEntry, PutEventsResponse } from '@aws-sdk/client-eventbridge';
import { startAwsJsonServer } from '../aws-json.ts';
import { createOperations } from './api.ts';
import { stateMachineArnOf } from './arns.ts';
import { createMemoryExecutionStore } from './execution-store.ts';
import { prepareMachines } from './machines.ts';
import { createExecutionRunner } from './runner.ts';
import { createTokenRegistry } from './token-registry.ts';

export { applySubstitutions } from './substitutions.ts';

export interface LocalStepFunctionsOptions {
  /** @default 0 (any free port) */
  readonly port?: number;
  /** @default '127.0.0.1' */
  readonly host?: string;
  /** For ARNs (the partition follows the region: cn-* regions get arn:aws-cn). */
  readonly region: string;
  readonly accountId: string;
  /** ASL JSON with its ${Substitutions} already applied (see applySubstitutions). */
  readonly stateMachines: ReadonlyArray<{ readonly name: string; readonly definition: unknown }>;
  /**
   * Invokes a Lambda function in-process by the ARN (or name) in the state's Parameters.FunctionName
   * or Resource. Must throw errors whose `name` is the Lambda errorType (Retry/Catch match on it).
   */
  readonly invokeFunction: (functionArn: string, payload: unknown) => Promise<unknown>;
  /** For arn:aws:states:::dynamodb:getItem|putItem|updateItem|deleteItem. */
  readonly dynamodb?: DynamoDBClient;
  /** For arn:aws:states:::events:putEvents; per-entry results, when returned, fail the task on a rejected entry. */
  readonly putEvents?: (entries: PutEventsRequestEntry[]) => Promise<void | Pick<PutEventsResponse, 'Entries' | 'FailedEntryCount'>>;
  /** Multiplies every Retry IntervalSeconds/MaxDelaySeconds, e.g. 0.01 in tests. @default 1 */
  readonly retryIntervalScale?: number;
}

export interface LocalStepFunctions {
  readonly endpoint: string;
  readonly port: number;
  stateMachineArn(name: string): string;
  /** Aborts every running execution (releasing its tokens), then closes the endpoint. */
  stop(): Promise<void>;
}

export const startLocalStepFunctions = async (options: LocalStepFunctionsOptions): Promise<LocalStepFunctions> => {
  const { region, accountId } = options;
  const machines = prepareMachines(options.stateMachines, {
    region,
    accountId,
    services: { dynamodb: options.dynamodb !== undefined, putEvents: options.putEvents !== undefined },
    retryIntervalScale: options.retryIntervalScale ?? 1,
  });
  const store = createMemoryExecutionStore();
  const registry = createTokenRegistry({ isKnownExecution: (executionArn) => store.get(executionArn) !== undefined });
  const runner = createExecutionRunner({
    store,
    registry,
    services: {
      invokeFunction: options.invokeFunction,
      ...(options.dynamodb === undefined ? {} : { dynamodb: options.dynamodb }),
      ...(options.putEvents === undefined ? {} : { putEvents: options.putEvents }),
    },
  });
  const server = await startAwsJsonServer({
    ...(options.port === undefined ? {} : { port: options.port }),
    ...(options.host === undefined ? {} : { host: options.host }),
    serviceTarget: 'AWSStepFunctions',
    jsonVersion: '1.0',
    operations: createOperations({ machines, store, registry, runner }),
  });

  return {
    endpoint: server.endpoint,
    port: server.port,
    stateMachineArn: (name) => {
      const arn = stateMachineArnOf({ region, accountId }, name);
      if (!machines.has(arn)) throw new Error(`no local state machine named ${name}`);
      return arn;
    },
    stop: async () => {
      await runner.stopAll();
      await server.stop();
    },
  };
};
