// The Step Functions API operations the platform and its tests use, with the validation and error
// codes of the real service so the SDK raises the same typed exceptions.
import { randomUUID } from 'node:crypto';
import * as z from 'zod';
import { AwsJsonError, type AwsJsonOperation } from '../aws-json.ts';
import { executionArnOf, isExecutionArn, isStateMachineArn } from './arns.ts';
import type { ExecutionRecord, ExecutionStore, HistoryEvent } from './execution-store.ts';
import type { Json } from './json.ts';
import type { PreparedMachine } from './machines.ts';
import { RESOURCE_NAME } from './names.ts';
import type { ExecutionRunner } from './runner.ts';
import type { TokenRegistry } from './token-registry.ts';

export interface ApiDependencies {
  readonly machines: ReadonlyMap<string, PreparedMachine>;
  readonly store: ExecutionStore;
  readonly registry: TokenRegistry;
  readonly runner: ExecutionRunner;
}

const MAX_PAYLOAD_BYTES = 256 * 1024;
const DEFAULT_PAGE = 100;
const MAX_PAGE = 1000;

const parse = <T>(schema: z.ZodType<T>, input: unknown): T => {
  const result = schema.safeParse(input);
  if (!result.success) throw new AwsJsonError('ValidationException', z.prettifyError(result.error));
  return result.data;
};

/** Timestamps travel as epoch seconds in the JSON protocols. */
const seconds = (epochMs: number): number => epochMs / 1000;

const pageSize = z.number().int().min(0).max(MAX_PAGE).optional();

/** A page after the item whose key the token names: stable while new items arrive. */
const page = <T>(items: readonly T[], keyOf: (item: T) => string, maxResults: number | undefined, nextToken: string | undefined) => {
  let start = 0;
  if (nextToken !== undefined) {
    const after = Buffer.from(nextToken, 'base64url').toString('utf8');
    start = items.findIndex((item) => keyOf(item) === after) + 1;
    if (start === 0) throw new AwsJsonError('InvalidToken', 'Invalid Token: the nextToken is not valid');
  }
  const size = maxResults || DEFAULT_PAGE;
  const slice = items.slice(start, start + size);
  const last = slice.at(-1);
  const more = start + size < items.length && last !== undefined;
  return { slice, nextToken: more ? Buffer.from(keyOf(last)).toString('base64url') : undefined };
};

const summary = (record: ExecutionRecord) => ({
  executionArn: record.executionArn,
  stateMachineArn: record.stateMachineArn,
  name: record.name,
  status: record.status,
  startDate: seconds(record.startDate),
  ...(record.stopDate === undefined ? {} : { stopDate: seconds(record.stopDate) }),
});

const withoutData = (details: Readonly<Record<string, unknown>>): Record<string, unknown> =>
  Object.fromEntries(Object.entries(details).filter(([key]) => !['input', 'inputDetails', 'output', 'outputDetails'].includes(key)));

const wireEvent = (event: HistoryEvent, includeData: boolean) => ({
  timestamp: seconds(event.timestamp),
  type: event.type,
  id: event.id,
  previousEventId: event.previousEventId,
  ...Object.fromEntries(Object.entries(event.details).map(([key, details]) => [key, includeData ? details : withoutData(details)])),
});

export const createOperations = ({ machines, store, registry, runner }: ApiDependencies): Record<string, AwsJsonOperation> => {
  const machineOf = (stateMachineArn: string): PreparedMachine => {
    if (!isStateMachineArn(stateMachineArn)) throw new AwsJsonError('InvalidArn', `Invalid Arn: '${stateMachineArn}'`);
    const machine = machines.get(stateMachineArn);
    if (!machine) throw new AwsJsonError('StateMachineDoesNotExist', `State Machine Does Not Exist: '${stateMachineArn}'`);
    return machine;
  };

  const executionOf = (executionArn: string): ExecutionRecord => {
    if (!isExecutionArn(executionArn)) throw new AwsJsonError('InvalidArn', `Invalid Arn: '${executionArn}'`);
    const record = store.get(executionArn);
    if (!record) throw new AwsJsonError('ExecutionDoesNotExist', `Execution Does Not Exist: '${executionArn}'`);
    return record;
  };

  const parseJson = (text: string, code: string, what: string): Json => {
    if (Buffer.byteLength(text) > MAX_PAYLOAD_BYTES) throw new AwsJsonError(code, `${what} exceeds ${MAX_PAYLOAD_BYTES} bytes`);
    try {
      return JSON.parse(text) as Json;
    } catch {
      throw new AwsJsonError(code, `${what} is not valid JSON`);
    }
  };

  const token = z.string().min(1).max(2048);

  return {
    StartExecution: (raw) => {
      const request = parse(z.object({ stateMachineArn: z.string(), name: z.string().optional(), input: z.string().optional() }), raw);
      const machine = machineOf(request.stateMachineArn);
      const name = request.name ?? randomUUID();
      const input = request.input ?? '{}';
      if (!RESOURCE_NAME.test(name)) throw new AwsJsonError('InvalidName', `Invalid Name: '${name}'`);
      parseJson(input, 'InvalidExecutionInput', 'Invalid Execution Input: the input');
      // As AWS: the same name and input while it runs is the same execution; otherwise the name is taken.
      const existing = store.get(executionArnOf(machine.arn, name));
      if (existing) {
        if (existing.status === 'RUNNING' && existing.input === input) {
          return { executionArn: existing.executionArn, startDate: seconds(existing.startDate) };
        }
        throw new AwsJsonError('ExecutionAlreadyExists', `Execution Already Exists: '${existing.executionArn}'`);
      }
      const record = runner.start(machine, name, input);
      return { executionArn: record.executionArn, startDate: seconds(record.startDate) };
    },

    DescribeExecution: (raw) => {
      const record = executionOf(parse(z.object({ executionArn: z.string() }), raw).executionArn);
      return {
        ...summary(record),
        input: record.input,
        inputDetails: { included: true },
        ...(record.output === undefined ? {} : { output: record.output, outputDetails: { included: true } }),
        ...(record.error === undefined ? {} : { error: record.error }),
        ...(record.cause === undefined ? {} : { cause: record.cause }),
      };
    },

    StopExecution: (raw) => {
      const request = parse(z.object({ executionArn: z.string(), error: z.string().max(256).optional(), cause: z.string().max(32768).optional() }), raw);
      executionOf(request.executionArn);
      const record = runner.stop(request.executionArn, {
        ...(request.error === undefined ? {} : { error: request.error }),
        ...(request.cause === undefined ? {} : { cause: request.cause }),
      });
      return { stopDate: seconds(record.stopDate ?? Date.now()) };
    },

    ListExecutions: (raw) => {
      const request = parse(
        z.object({
          stateMachineArn: z.string(),
          statusFilter: z.enum(['RUNNING', 'SUCCEEDED', 'FAILED', 'TIMED_OUT', 'ABORTED', 'PENDING_REDRIVE']).optional(),
          maxResults: pageSize,
          nextToken: z.string().optional(),
        }),
        raw,
      );
      const machine = machineOf(request.stateMachineArn);
      const records = store.list(machine.arn).filter((record) => request.statusFilter === undefined || record.status === request.statusFilter);
      const { slice, nextToken } = page(records, (record) => record.executionArn, request.maxResults, request.nextToken);
      return { executions: slice.map(summary), ...(nextToken === undefined ? {} : { nextToken }) };
    },

    GetExecutionHistory: (raw) => {
      const request = parse(
        z.object({
          executionArn: z.string(),
          maxResults: pageSize,
          reverseOrder: z.boolean().optional(),
          nextToken: z.string().optional(),
          includeExecutionData: z.boolean().optional(),
        }),
        raw,
      );
      executionOf(request.executionArn);
      const history = store.history(request.executionArn);
      const ordered = request.reverseOrder ? [...history].reverse() : history;
      const { slice, nextToken } = page(ordered, (event) => String(event.id), request.maxResults, request.nextToken);
      const includeData = request.includeExecutionData ?? true;
      return { events: slice.map((event) => wireEvent(event, includeData)), ...(nextToken === undefined ? {} : { nextToken }) };
    },

    SendTaskSuccess: (raw) => {
      const request = parse(z.object({ taskToken: token, output: z.string() }), raw);
      registry.succeed(request.taskToken, parseJson(request.output, 'InvalidOutput', 'Invalid Output: the output'));
      return {};
    },

    SendTaskFailure: (raw) => {
      const request = parse(z.object({ taskToken: token, error: z.string().max(256).optional(), cause: z.string().max(32768).optional() }), raw);
      registry.fail(request.taskToken, request.error ?? '', request.cause ?? '');
      return {};
    },

    SendTaskHeartbeat: (raw) => {
      registry.heartbeat(parse(z.object({ taskToken: token }), raw).taskToken);
      return {};
    },

    DescribeStateMachine: (raw) => {
      const machine = machineOf(parse(z.object({ stateMachineArn: z.string() }), raw).stateMachineArn);
      return {
        stateMachineArn: machine.arn,
        name: machine.name,
        status: 'ACTIVE',
        definition: JSON.stringify(machine.definition),
        roleArn: machine.roleArn,
        type: 'STANDARD',
        creationDate: seconds(machine.creationDate),
      };
    },

    ListStateMachines: () => ({
      stateMachines: [...machines.values()].map((machine) => ({
        stateMachineArn: machine.arn,
        name: machine.name,
        type: 'STANDARD',
        creationDate: seconds(machine.creationDate),
      })),
    }),
  };
};
