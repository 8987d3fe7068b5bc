// Starts a local Step Functions endpoint with in-test functions and an ordinary SFN client on it.
import {
  DescribeExecutionCommand,
  SFNClient,
  StartExecutionCommand,
  type DescribeExecutionCommandOutput,
} from '@aws-sdk/client-sfn';
import { expect, vi } from 'vitest';
import {
  startLocalStepFunctions,
  type LocalStepFunctions,
  type LocalStepFunctionsOptions,
} from '#infra/local/step-functions/server.ts';

export const REGION = 'us-east-1';
export const ACCOUNT = '000000000000';
export const functionArn = (name: string): string => `arn:aws:lambda:${REGION}:${ACCOUNT}:function:${name}`;

export type FakeFunction = (payload: unknown) => unknown;

export interface Harness {
  readonly server: LocalStepFunctions;
  readonly client: SFNClient;
  /** Payloads each function received, by function name. */
  readonly calls: Record<string, unknown[]>;
  start(machine: string, input?: unknown, name?: string): Promise<string>;
  describe(executionArn: string): Promise<DescribeExecutionCommandOutput>;
  /** Waits until the execution has left RUNNING. */
  settled(executionArn: string): Promise<DescribeExecutionCommandOutput>;
  /** Waits until `count` tokens were passed to the function and returns them. */
  tokens(functionName: string, count: number): Promise<string[]>;
}

const running: Harness[] = [];

export const stopHarnesses = async (): Promise<void> => {
  for (const harness of running.splice(0)) {
    harness.client.destroy();
    await harness.server.stop();
  }
};

export const startHarness = async (
  machines: Record<string, unknown>,
  functions: Record<string, FakeFunction>,
  extra: Partial<LocalStepFunctionsOptions> = {},
): Promise<Harness> => {
  const calls: Record<string, unknown[]> = {};
  const server = await startLocalStepFunctions({
    region: REGION,
    accountId: ACCOUNT,
    retryIntervalScale: 0.001,
    stateMachines: Object.entries(machines).map(([name, definition]) => ({ name, definition })),
    // Not async on purpose: a function that throws synchronously must fail its task, not the server.
    invokeFunction: (arn, payload) => {
      const name = arn.split(':').at(-1) ?? '';
      const fn = functions[name];
      if (!fn) throw new Error(`no fake function ${arn}`);
      (calls[name] ??= []).push(payload);
      return Promise.resolve(fn(payload));
    },
    ...extra,
  });
  const client = new SFNClient({
    endpoint: server.endpoint,
    region: REGION,
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    maxAttempts: 1,
  });
  const describe = (executionArn: string) => client.send(new DescribeExecutionCommand({ executionArn }));
  const harness: Harness = {
    server,
    client,
    calls,
    start: async (machine, input = {}, name) => {
      const started = await client.send(
        new StartExecutionCommand({ stateMachineArn: server.stateMachineArn(machine), input: JSON.stringify(input), name }),
      );
      return started.executionArn ?? '';
    },
    describe,
    settled: (executionArn) =>
      vi.waitFor(
        async () => {
          const described = await describe(executionArn);
          expect(described.status).not.toBe('RUNNING');
          return described;
        },
        { timeout: 5000, interval: 10 },
      ),
    tokens: (functionName, count) =>
      vi.waitFor(
        () => {
          const tokens = (calls[functionName] ?? []).map((payload) => (payload as { taskToken: string }).taskToken);
          expect(tokens).toHaveLength(count);
          return tokens;
        },
        { timeout: 5000, interval: 5 },
      ),
  };
  running.push(harness);
  return harness;
};

/** A function that rejects with an error of the given name, as a Lambda errorType. */
export const failingWith = (errorType: string, message = `${errorType} happened`): FakeFunction => () => {
  const error = new Error(message);
  error.name = errorType;
  throw error;
};
