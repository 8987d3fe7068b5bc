// The local Step Functions endpoint, driven through the ordinary @aws-sdk/client-sfn client.
import { readFile } from 'node:fs/promises';
import {
  DescribeExecutionCommand,
  ExecutionAlreadyExists,
  ExecutionDoesNotExist,
  GetExecutionHistoryCommand,
  InvalidToken,
  ListExecutionsCommand,
  SFNClient,
  SendTaskFailureCommand,
  SendTaskHeartbeatCommand,
  SendTaskSuccessCommand,
  StartExecutionCommand,
  StateMachineDoesNotExist,
  StopExecutionCommand,
  TaskTimedOut,
  type HistoryEvent,
} from '@aws-sdk/client-sfn';
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { PutEventsRequestEntry } from '@aws-sdk/client-eventbridge';
import { afterEach, describe, expect, it } from 'vitest';
import { applySubstitutions, startLocalStepFunctions } from '#infra/local/step-functions/server.ts';
import { ACCOUNT, REGION, failingWith, functionArn, startHarness, stopHarnesses, type Harness } from './step-functions-harness.ts';

afterEach(stopHarnesses);

const invokeTask = (fn: string, payload: Record<string, unknown>, rest: Record<string, unknown>) => ({
  Type: 'Task',
  Resource: 'arn:aws:states:::lambda:invoke',
  Parameters: { FunctionName: functionArn(fn), Payload: payload },
  ...rest,
});

const waitTask = (fn: string, payload: Record<string, unknown>, rest: Record<string, unknown>) => ({
  Type: 'Task',
  Resource: 'arn:aws:states:::lambda:invoke.waitForTaskToken',
  Parameters: { FunctionName: functionArn(fn), Payload: { 'taskToken.$': '$$.Task.Token', ...payload } },
  ...rest,
});

const waiting = { StartAt: 'Wait', States: { Wait: waitTask('open', { 'item.$': '$.item' }, { TimeoutSeconds: 30, End: true }) } };

const succeed = (harness: Harness, taskToken: string, output: unknown) =>
  harness.client.send(new SendTaskSuccessCommand({ taskToken, output: JSON.stringify(output) }));

const historyOf = async (harness: Harness, executionArn: string, extra: { maxResults?: number; reverseOrder?: boolean } = {}) => {
  const events: HistoryEvent[] = [];
  let nextToken: string | undefined;
  do {
    const page = await harness.client.send(new GetExecutionHistoryCommand({ executionArn, nextToken, ...extra }));
    events.push(...(page.events ?? []));
    nextToken = page.nextToken;
  } while (nextToken);
  return events;
};

const enteredStates = (events: HistoryEvent[]) =>
  events.filter((event) => event.type?.endsWith('StateEntered')).map((event) => event.stateEnteredEventDetails?.name);

describe('local Step Functions: executions', () => {
  it('runs lambda:invoke (AWS-shaped result) and a plain function ARN, and describes the result', async () => {
    const harness = await startHarness(
      {
        invoke: {
          StartAt: 'Greet',
          States: {
            Greet: invokeTask('greet', { 'who.$': '$.who' }, { ResultPath: '$.greeting', Next: 'Shout' }),
            Shout: { Type: 'Task', Resource: functionArn('shout'), InputPath: '$.greeting.Payload', ResultPath: '$.shouted', End: true },
          },
        },
      },
      { greet: (p) => `hello ${(p as { who: string }).who}`, shout: (p) => String(p).toUpperCase() },
    );
    const executionArn = await harness.start('invoke', { who: 'Li' }, 'first');
    expect(executionArn).toBe(`arn:aws:states:${REGION}:${ACCOUNT}:execution:invoke:first`);
    const described = await harness.settled(executionArn);
    expect(described.status).toBe('SUCCEEDED');
    expect(JSON.parse(described.output ?? '')).toEqual({
      who: 'Li',
      greeting: { ExecutedVersion: '$LATEST', Payload: 'hello Li', StatusCode: 200 },
      shouted: 'HELLO LI',
    });
    expect(described.startDate).toBeInstanceOf(Date);
    expect(described.stopDate?.getTime()).toBeGreaterThanOrEqual(described.startDate?.getTime() ?? Infinity);
    expect(harness.calls.greet).toEqual([{ who: 'Li' }]);
  });

  it('answers unknown state machines and executions with the typed exceptions', async () => {
    const harness = await startHarness({ waiting }, {});
    const missingMachine = `arn:aws:states:${REGION}:${ACCOUNT}:stateMachine:nope`;
    await expect(harness.client.send(new StartExecutionCommand({ stateMachineArn: missingMachine }))).rejects.toBeInstanceOf(StateMachineDoesNotExist);
    const missingExecution = `arn:aws:states:${REGION}:${ACCOUNT}:execution:waiting:nope`;
    await expect(harness.client.send(new DescribeExecutionCommand({ executionArn: missingExecution }))).rejects.toBeInstanceOf(ExecutionDoesNotExist);
  });

  it('is idempotent on name + input while running, and refuses a taken name otherwise', async () => {
    const harness = await startHarness({ waiting }, { open: () => null });
    const stateMachineArn = harness.server.stateMachineArn('waiting');
    const send = (input: unknown) =>
      harness.client.send(new StartExecutionCommand({ stateMachineArn, name: 'case-1', input: JSON.stringify(input) }));
    const first = await send({ item: 1 });
    const again = await send({ item: 1 });
    expect(again.executionArn).toBe(first.executionArn);
    expect(again.startDate?.getTime()).toBe(first.startDate?.getTime());
    await expect(send({ item: 2 })).rejects.toBeInstanceOf(ExecutionAlreadyExists);

    const [token = ''] = await harness.tokens('open', 1);
    await succeed(harness, token, { ok: true });
    expect((await harness.settled(first.executionArn ?? '')).status).toBe('SUCCEEDED');
    // Finished: even the same input no longer counts as the same execution.
    await expect(send({ item: 1 })).rejects.toBeInstanceOf(ExecutionAlreadyExists);

    const unnamed = await harness.client.send(new StartExecutionCommand({ stateMachineArn, input: '{"item":3}' }));
    expect(unnamed.executionArn).toMatch(/:execution:waiting:[0-9a-f-]{36}$/);
    const listed = await harness.client.send(new ListExecutionsCommand({ stateMachineArn, statusFilter: 'RUNNING' }));
    expect(listed.executions?.map((e) => e.executionArn)).toEqual([unnamed.executionArn]);
  });

  it('retries and catches a task error by its name', async () => {
    let attempts = 0;
    const harness = await startHarness(
      {
        catching: {
          StartAt: 'Work',
          States: {
            Work: invokeTask('work', {}, {
              Retry: [{ ErrorEquals: ['TransientError'], MaxAttempts: 2 }],
              Catch: [
                { ErrorEquals: ['OtherError'], Next: 'Wrong' },
                { ErrorEquals: ['PermitExpired'], ResultPath: '$.error', Next: 'Handled' },
              ],
              End: true,
            }),
            Wrong: { Type: 'Fail', Error: 'WrongCatcher' },
            Handled: { Type: 'Pass', End: true },
          },
        },
      },
      {
        work: () => {
          attempts += 1;
          return (attempts < 3 ? failingWith('TransientError') : failingWith('PermitExpired', 'permit expired'))(null);
        },
      },
    );
    const described = await harness.settled(await harness.start('catching'));
    expect(described.status).toBe('SUCCEEDED');
    expect(attempts).toBe(3);
    const { error } = JSON.parse(described.output ?? '') as { error: { Error: string; Cause: string } };
    expect(error.Error).toBe('PermitExpired');
    expect(JSON.parse(error.Cause)).toMatchObject({ errorType: 'PermitExpired', errorMessage: 'permit expired' });
  });

  it('fails the execution with the error and cause of an uncaught task failure', async () => {
    const harness = await startHarness({ failing: { StartAt: 'Work', States: { Work: invokeTask('work', {}, { End: true }) } } }, {
      work: failingWith('Boom', 'it broke'),
    });
    const described = await harness.settled(await harness.start('failing'));
    expect(described.status).toBe('FAILED');
    expect(described.error).toBe('Boom');
    expect(JSON.parse(described.cause ?? '')).toMatchObject({ errorMessage: 'it broke' });
  });
});

describe('local Step Functions: task tokens', () => {
  it('times out a waitForTaskToken task after TimeoutSecondsPath seconds, as States.Timeout (not States.TaskFailed)', async () => {
    const harness = await startHarness(
      {
        timing: {
          StartAt: 'Wait',
          States: {
            Wait: waitTask('open', {}, {
              TimeoutSecondsPath: '$.timeoutSeconds',
              Catch: [
                { ErrorEquals: ['States.TaskFailed'], Next: 'Wrong' },
                { ErrorEquals: ['States.Timeout'], ResultPath: '$.error', Next: 'TimedOut' },
              ],
              End: true,
            }),
            Wrong: { Type: 'Fail', Error: 'WrongCatcher' },
            TimedOut: { Type: 'Pass', End: true },
          },
        },
      },
      { open: () => null },
    );
    const began = Date.now();
    const executionArn = await harness.start('timing', { timeoutSeconds: 1 });
    const [token = ''] = await harness.tokens('open', 1);
    const described = await harness.settled(executionArn);
    const elapsed = Date.now() - began;
    expect(described.status).toBe('SUCCEEDED');
    expect(JSON.parse(described.output ?? '')).toMatchObject({ error: { Error: 'States.Timeout' } });
    expect(elapsed).toBeGreaterThanOrEqual(950);
    expect(elapsed).toBeLessThan(3000);
    await expect(succeed(harness, token, {})).rejects.toBeInstanceOf(TaskTimedOut);
    expect((await historyOf(harness, executionArn)).map((e) => e.type)).toContain('TaskTimedOut');
  });

  it('caps a timeout beyond setTimeout range instead of firing at once', async () => {
    const harness = await startHarness(
      { long: { StartAt: 'Wait', States: { Wait: waitTask('open', {}, { TimeoutSecondsPath: '$.t', End: true }) } } },
      { open: () => null },
    );
    const executionArn = await harness.start('long', { t: 40 * 24 * 3600 });
    const [token = ''] = await harness.tokens('open', 1);
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect((await harness.describe(executionArn)).status).toBe('RUNNING');
    await succeed(harness, token, { done: true });
    const described = await harness.settled(executionArn);
    expect(described.status).toBe('SUCCEEDED');
    expect(JSON.parse(described.output ?? '')).toEqual({ done: true });
  });

  it('fails the task with the error and cause given to SendTaskFailure', async () => {
    const harness = await startHarness({ waiting }, { open: () => null });
    const executionArn = await harness.start('waiting', { item: 1 });
    const [token = ''] = await harness.tokens('open', 1);
    await harness.client.send(new SendTaskFailureCommand({ taskToken: token, error: 'Refused', cause: 'incomplete materials' }));
    const described = await harness.settled(executionArn);
    expect(described.status).toBe('FAILED');
    expect(described.error).toBe('Refused');
    expect(described.cause).toBe('incomplete materials');
    await expect(succeed(harness, token, {})).rejects.toBeInstanceOf(TaskTimedOut);
  });

  it('accepts a callback that arrives before the function returns', async () => {
    const started: { harness?: Harness } = {};
    const harness = await startHarness({ waiting }, {
      open: async (payload) => {
        await succeed(started.harness as Harness, (payload as { taskToken: string }).taskToken, { early: true });
        return null;
      },
    });
    started.harness = harness;
    const described = await harness.settled(await harness.start('waiting', { item: 1 }));
    expect(described.status).toBe('SUCCEEDED');
    expect(JSON.parse(described.output ?? '')).toEqual({ early: true });
  });

  it('enforces HeartbeatSeconds: heartbeats keep the task alive, silence fails it with States.HeartbeatTimeout', async () => {
    const harness = await startHarness(
      {
        beating: {
          StartAt: 'Wait',
          States: {
            Wait: waitTask('open', {}, {
              TimeoutSeconds: 10,
              HeartbeatSeconds: 1,
              Catch: [{ ErrorEquals: ['States.HeartbeatTimeout'], ResultPath: '$.error', Next: 'Stalled' }],
              End: true,
            }),
            Stalled: { Type: 'Pass', End: true },
          },
        },
      },
      { open: () => null },
    );
    const executionArn = await harness.start('beating');
    const [token = ''] = await harness.tokens('open', 1);
    const began = Date.now();
    for (let i = 0; i < 4; i++) {
      await new Promise((resolve) => setTimeout(resolve, 400));
      await harness.client.send(new SendTaskHeartbeatCommand({ taskToken: token }));
    }
    expect((await harness.describe(executionArn)).status).toBe('RUNNING');
    const described = await harness.settled(executionArn);
    expect(Date.now() - began).toBeGreaterThanOrEqual(2000);
    expect(JSON.parse(described.output ?? '')).toMatchObject({ error: { Error: 'States.HeartbeatTimeout' } });
  });

  it('refuses unknown tokens with InvalidToken', async () => {
    const harness = await startHarness({ waiting }, {});
    await expect(succeed(harness, 'not-a-token', {})).rejects.toBeInstanceOf(InvalidToken);
    await expect(harness.client.send(new SendTaskHeartbeatCommand({ taskToken: 'bm9wZQ.x' }))).rejects.toBeInstanceOf(InvalidToken);
  });

  it('releases the sibling tokens when one Map iteration fails (execution fails)', async () => {
    const harness = await startHarness(
      {
        mapping: {
          StartAt: 'Each',
          States: {
            Each: {
              Type: 'Map',
              ItemsPath: '$.items',
              ItemProcessor: { StartAt: 'Approve', States: { Approve: waitTask('approve', { 'item.$': '$' }, { TimeoutSeconds: 30, End: true }) } },
              End: true,
            },
          },
        },
      },
      { approve: () => null },
    );
    const executionArn = await harness.start('mapping', { items: ['A', 'B'] });
    await harness.tokens('approve', 2);
    const tokenOf = (item: string) =>
      (harness.calls.approve?.find((p) => (p as { item: string }).item === item) as { taskToken: string }).taskToken;
    await harness.client.send(new SendTaskFailureCommand({ taskToken: tokenOf('A'), error: 'Refused', cause: 'no' }));
    const described = await harness.settled(executionArn);
    expect(described.status).toBe('FAILED');
    expect(described.error).toBe('Refused');
    await expect(succeed(harness, tokenOf('B'), {})).rejects.toBeInstanceOf(TaskTimedOut);
  });

  it('releases the sibling tokens of a failed Map even when a Catch lets the execution go on', async () => {
    const harness = await startHarness(
      {
        caught: {
          StartAt: 'Each',
          States: {
            Each: {
              Type: 'Map',
              ItemsPath: '$.items',
              ItemProcessor: { StartAt: 'Approve', States: { Approve: waitTask('approve', { 'item.$': '$' }, { TimeoutSeconds: 30, End: true }) } },
              Catch: [{ ErrorEquals: ['States.ALL'], ResultPath: '$.error', Next: 'Later' }],
              End: true,
            },
            Later: waitTask('later', {}, { TimeoutSeconds: 30, End: true }),
          },
        },
      },
      { approve: () => null, later: () => null },
    );
    const executionArn = await harness.start('caught', { items: ['A', 'B'] });
    const [tokenA = '', tokenB = ''] = await harness.tokens('approve', 2);
    await harness.client.send(new SendTaskFailureCommand({ taskToken: tokenA, error: 'Refused' }));
    const [later = ''] = await harness.tokens('later', 1);
    expect((await harness.describe(executionArn)).status).toBe('RUNNING');
    await expect(succeed(harness, tokenB, {})).rejects.toBeInstanceOf(TaskTimedOut);
    await succeed(harness, later, { after: true });
    expect((await harness.settled(executionArn)).status).toBe('SUCCEEDED');
  });

  it('StopExecution aborts the execution and releases its tokens', async () => {
    const harness = await startHarness({ waiting }, { open: () => null });
    const executionArn = await harness.start('waiting', { item: 1 });
    const [token = ''] = await harness.tokens('open', 1);
    const stopped = await harness.client.send(new StopExecutionCommand({ executionArn, error: 'Withdrawn', cause: 'the applicant withdrew' }));
    expect(stopped.stopDate).toBeInstanceOf(Date);
    const described = await harness.settled(executionArn);
    expect(described).toMatchObject({ status: 'ABORTED', error: 'Withdrawn', cause: 'the applicant withdrew' });
    await expect(succeed(harness, token, {})).rejects.toBeInstanceOf(TaskTimedOut);
    const history = await historyOf(harness, executionArn);
    expect(history.at(-1)).toMatchObject({ type: 'ExecutionAborted', executionAbortedEventDetails: { error: 'Withdrawn' } });
  });
});

describe('local Step Functions: history', () => {
  it('lists the state-entered events in order, pages and reverses', async () => {
    const harness = await startHarness(
      {
        steps: {
          StartAt: 'Route',
          States: {
            Route: { Type: 'Choice', Choices: [{ Variable: '$.go', BooleanEquals: true, Next: 'Work' }], Default: 'Done' },
            Work: invokeTask('work', {}, { ResultPath: null, Next: 'Shape' }),
            Shape: { Type: 'Pass', Result: { shaped: true }, Next: 'Done' },
            Done: { Type: 'Succeed' },
          },
        },
      },
      { work: () => 1 },
    );
    const executionArn = await harness.start('steps', { go: true });
    await harness.settled(executionArn);
    const events = await historyOf(harness, executionArn);
    expect(events[0]).toMatchObject({ type: 'ExecutionStarted', id: 1, previousEventId: 0 });
    expect(events.at(-1)?.type).toBe('ExecutionSucceeded');
    expect(events.map((e) => e.id)).toEqual(events.map((_, i) => i + 1));
    expect(enteredStates(events)).toEqual(['Route', 'Work', 'Shape', 'Done']);
    expect(events.map((e) => e.type)).toEqual([
      'ExecutionStarted',
      'ChoiceStateEntered',
      'ChoiceStateExited',
      'TaskStateEntered',
      'TaskStateExited',
      'PassStateEntered',
      'PassStateExited',
      'SucceedStateEntered',
      'SucceedStateExited',
      'ExecutionSucceeded',
    ]);
    expect(await historyOf(harness, executionArn, { maxResults: 3 })).toEqual(events);
    expect(await historyOf(harness, executionArn, { maxResults: 4, reverseOrder: true })).toEqual([...events].reverse());
  });
});

describe('local Step Functions: service integrations', () => {
  it('maps events:putEvents (object Detail serialised) and dynamodb:getItem', async () => {
    const published: PutEventsRequestEntry[] = [];
    const sent: unknown[] = [];
    const dynamodb = {
      send: (command: { input: unknown }) => {
        sent.push(command.input);
        return Promise.resolve({ $metadata: { httpStatusCode: 200 }, Item: { pk: { S: 'CASE#1' } } });
      },
    } as unknown as DynamoDBClient;
    const harness = await startHarness(
      {
        services: {
          StartAt: 'Read',
          States: {
            Read: {
              Type: 'Task',
              Resource: 'arn:aws:states:::dynamodb:getItem',
              Parameters: { TableName: 'cases', Key: { pk: { 'S.$': '$.pk' } } },
              ResultPath: '$.read',
              Next: 'Tell',
            },
            Tell: {
              Type: 'Task',
              Resource: 'arn:aws:states:::events:putEvents',
              Parameters: { Entries: [{ Source: 'nma.test', DetailType: 'CaseRead', Detail: { 'pk.$': '$.pk' } }] },
              ResultPath: '$.told',
              End: true,
            },
          },
        },
      },
      {},
      {
        dynamodb,
        putEvents: (entries) => {
          published.push(...entries);
          return Promise.resolve();
        },
      },
    );
    const described = await harness.settled(await harness.start('services', { pk: 'CASE#1' }));
    expect(described.status).toBe('SUCCEEDED');
    const output = JSON.parse(described.output ?? '') as { read: unknown; told: { Entries: Array<{ EventId: string }>; FailedEntryCount: number } };
    expect(output.read).toEqual({ Item: { pk: { S: 'CASE#1' } } });
    expect(output.told.FailedEntryCount).toBe(0);
    expect(output.told.Entries).toHaveLength(1);
    expect(sent).toEqual([{ TableName: 'cases', Key: { pk: { S: 'CASE#1' } } }]);
    expect(published).toEqual([{ Source: 'nma.test', DetailType: 'CaseRead', Detail: '{"pk":"CASE#1"}' }]);
  });

  it('is reachable through AWS_ENDPOINT_URL_SFN', async () => {
    const harness = await startHarness({ waiting }, { open: () => null });
    const saved = process.env.AWS_ENDPOINT_URL_SFN;
    process.env.AWS_ENDPOINT_URL_SFN = harness.server.endpoint;
    try {
      const client = new SFNClient({ region: REGION, credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });
      const started = await client.send(new StartExecutionCommand({ stateMachineArn: harness.server.stateMachineArn('waiting'), input: '{"item":1}' }));
      expect(started.executionArn).toContain(':execution:waiting:');
      client.destroy();
    } finally {
      if (saved === undefined) delete process.env.AWS_ENDPOINT_URL_SFN;
      else process.env.AWS_ENDPOINT_URL_SFN = saved;
    }
  });
});

describe('local Step Functions: definitions', () => {
  const start = (definition: unknown, extra: { dynamodb?: DynamoDBClient } = {}) =>
    startLocalStepFunctions({
      region: REGION,
      accountId: ACCOUNT,
      stateMachines: [{ name: 'bad', definition }],
      invokeFunction: () => Promise.resolve(null),
      ...extra,
    });

  it('refuses at start what it cannot run, naming the state', async () => {
    await expect(start({ QueryLanguage: 'JSONata', StartAt: 'P', States: { P: { Type: 'Pass', End: true } } })).rejects.toThrow(/JSONata/);
    await expect(
      start({ StartAt: 'V', States: { V: { Type: 'Pass', Assign: { x: 1 }, End: true } } }),
    ).rejects.toThrow(/state V: Assign is not supported/);
    await expect(
      start({ StartAt: 'Q', States: { Q: { Type: 'Task', Resource: 'arn:aws:states:::sqs:sendMessage', Parameters: {}, End: true } } }),
    ).rejects.toThrow(/Task state Q: Resource .*sqs:sendMessage/);
    await expect(
      start({ StartAt: 'D', States: { D: { Type: 'Task', Resource: 'arn:aws:states:::dynamodb:getItem', Parameters: {}, End: true } } }),
    ).rejects.toThrow(/Task state D .* no dynamodb client/);
    await expect(
      start({
        StartAt: 'Both',
        States: {
          Both: {
            Type: 'Parallel',
            Branches: [
              { StartAt: 'Same', States: { Same: invokeTask('f', {}, { End: true }) } },
              { StartAt: 'Same', States: { Same: invokeTask('g', {}, { End: true }) } },
            ],
            End: true,
          },
        },
      }),
    ).rejects.toThrow(/state name Same is used more than once/);
    await expect(
      start({
        StartAt: 'W',
        States: { W: { Type: 'Task', Resource: 'arn:aws:states:::lambda:invoke.waitForTaskToken', Parameters: { FunctionName: 'f' }, End: true } },
      }),
    ).rejects.toThrow(/Task state W: .*\$\$\.Task\.Token/);
  });

  it('applies substitutions and names the unresolved ones', () => {
    expect(applySubstitutions('{"Resource":"${Fn}"}', { Fn: 'arn:x' })).toEqual({ Resource: 'arn:x' });
    expect(() => applySubstitutions('{"A":"${Fn}","B":"${Other}"}', { Fn: 'x' })).toThrow(/\$\{Other\}/);
  });
});

describe('local Step Functions: the case workflow (statemachines/case.asl.json)', () => {
  const caseDefinition = async () =>
    applySubstitutions(await readFile(new URL('../../../statemachines/case.asl.json', import.meta.url), 'utf8'), {
      Partition: 'aws',
      ...Object.fromEntries(
        (['preReview', 'awaitCorrection', 'withdrawCase', 'openAcceptance', 'collectOriginals', 'openWorkItem', 'issueLicence', 'deliverResult', 'recordFailure', 'refuseCase'] as const).map(
          (name) => [`${name.charAt(0).toUpperCase()}${name.slice(1)}FunctionArn`, functionArn(name)],
        ),
      ),
    });
  type Waiting = Array<{ caseNo: string; taskToken: string; department?: string }>;
  const accepted = { outcome: 'accepted', departments: ['A', 'B', 'C'], stages: [['A', 'B'], ['C']], approvalTimeoutSeconds: 30, waitSeconds: 60 };

  it('pre-reviews, runs the approval stages in sequence (parallel inside a stage), issues the licence with all decisions and delivers', async () => {
    const harness = await startHarness({ case: await caseDefinition() }, {
      preReview: () => accepted,
      collectOriginals: () => null,
      openWorkItem: () => null,
      issueLicence: () => null,
      deliverResult: () => null,
      recordFailure: () => null,
    });
    const executionArn = await harness.start('case', { caseNo: 'C-1' }, 'C-1');
    // The courier steps and the issuance answer their own tokens (nothing to post here).
    await harness.tokens('collectOriginals', 1);
    await succeed(harness, (harness.calls.collectOriginals as Waiting)[0]?.taskToken ?? '', { kind: 'pickup', outcome: 'not-required' });
    await harness.tokens('openWorkItem', 2);
    const firstStage = harness.calls.openWorkItem as Waiting;
    expect(firstStage.map((w) => w.department).sort()).toEqual(['A', 'B']);
    expect(firstStage.every((w) => w.caseNo === 'C-1')).toBe(true);
    for (const item of [...firstStage]) await succeed(harness, item.taskToken, { department: item.department, decision: 'approve' });
    // The second stage opens only once the first has fully decided.
    await harness.tokens('openWorkItem', 3);
    const second = (harness.calls.openWorkItem as Waiting)[2];
    expect(second?.department).toBe('C');
    await succeed(harness, second?.taskToken ?? '', { department: 'C', decision: 'approve' });

    await harness.tokens('issueLicence', 1);
    const issue = (harness.calls.issueLicence as Array<{ caseNo: string; decisions: unknown; taskToken: string }>)[0];
    const expectedDecisions = [
      [
        { department: 'A', decision: 'approve' },
        { department: 'B', decision: 'approve' },
      ],
      [{ department: 'C', decision: 'approve' }],
    ];
    expect(issue).toMatchObject({ caseNo: 'C-1', decisions: expectedDecisions });
    await succeed(harness, issue?.taskToken ?? '', { caseNo: 'C-1', status: 'completed', licenceId: 'L-1' });
    await harness.tokens('deliverResult', 1);
    expect(harness.calls.deliverResult).toEqual([expect.objectContaining({ caseNo: 'C-1' })]);
    await succeed(harness, (harness.calls.deliverResult as Waiting)[0]?.taskToken ?? '', { kind: 'delivery', outcome: 'not-required' });

    const described = await harness.settled(executionArn);
    expect(described.status).toBe('SUCCEEDED');
    expect(harness.calls.recordFailure).toBeUndefined();
    // The billed path of a three-department case: 12 entered states.
    expect(enteredStates(await historyOf(harness, executionArn))).toEqual([
      'RouteToPhase',
      'PreReview',
      'IsAccepted',
      'CollectOriginals',
      'RunStages',
      'OpenWorkItems',
      'OpenWorkItem',
      'OpenWorkItem',
      'OpenWorkItems',
      'OpenWorkItem',
      'IssueLicence',
      'DeliverResult',
    ]);
  });

  it('loops through one correction round back to pre-review, and withdraws when the wait fails as CorrectionExpired', async () => {
    let reviews = 0;
    const harness = await startHarness({ case: await caseDefinition() }, {
      preReview: () => ({ ...accepted, outcome: 'needs-correction', waitSeconds: 60, round: ++reviews }),
      awaitCorrection: () => null,
      withdrawCase: (payload) => ({ withdrawn: payload }),
      recordFailure: () => null,
    });
    const executionArn = await harness.start('case', { caseNo: 'C-2' }, 'C-2');
    await harness.tokens('awaitCorrection', 1);
    await succeed(harness, (harness.calls.awaitCorrection as Waiting)[0]?.taskToken ?? '', { answered: true });
    // Answered: pre-review runs again and (still short) waits again; this time the window runs out.
    await harness.tokens('awaitCorrection', 2);
    expect(reviews).toBe(2);
    await harness.client.send(new SendTaskFailureCommand({ taskToken: (harness.calls.awaitCorrection as Waiting)[1]?.taskToken ?? '', error: 'CorrectionExpired', cause: '{}' }));
    const described = await harness.settled(executionArn);
    expect(described.status).toBe('SUCCEEDED');
    expect(harness.calls.withdrawCase).toEqual([{ caseNo: 'C-2' }]);
    expect(enteredStates(await historyOf(harness, executionArn))).toEqual([
      'RouteToPhase',
      'PreReview',
      'IsAccepted',
      'AwaitCorrection',
      'PreReview',
      'IsAccepted',
      'AwaitCorrection',
      'WithdrawCase',
    ]);
  });
});
