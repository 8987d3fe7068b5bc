// The local stack's supervision controls (infra/local/supervision-controls.ts) on a department
// simulator of their own, without a stack: the clock control, the on-demand sweep's request, the
// supervisor notifications the simulator records, and the scheduled runs.
import { randomBytes } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { clockFromEnv } from '#core/clock.ts';
import { verifySignature } from '#core/request-signature.ts';
import { pushWithRetry } from '#adapters/webhook.ts';
import { startDepartmentSimulator, type DepartmentSimulator, type RecordedPush } from '#infra/local/department-simulator.ts';
import type { LocalRuntime } from '#infra/local/lambda-runtime.ts';
import { startSchedules, supervisionControls, type SweepRequest } from '#infra/local/supervision-controls.ts';
import { functionSpecs, type FunctionSpec } from '#infra/functions.ts';
import type { SweepReport } from '../../../functions/steps/supervise-deadlines.ts';

const keys = { AAJ: randomBytes(32).toString('base64') };
const DAY = 86_400_000;

const simulators: DepartmentSimulator[] = [];
afterEach(async () => {
  for (const s of simulators.splice(0)) await s.stop();
});

const report: SweepReport = { at: '', horizon: '', examined: { workItems: 0, cases: 0 }, raised: [], republished: 0, leftIndex: 0, waits: { correctionsExpired: 0, suspended: 0, deemedAccepted: 0 } };

const start = async () => {
  const env: NodeJS.ProcessEnv = {};
  const sweeps: SweepRequest[] = [];
  const controls = supervisionControls({
    env,
    sweep: (request) => {
      sweeps.push(request);
      return Promise.resolve({ ...report, at: request.at?.toISOString() ?? 'clock' });
    },
  });
  const simulator = await startDepartmentSimulator({ keys, controls });
  simulators.push(simulator);
  const post = (path: string, body?: unknown) =>
    fetch(`${simulator.url}${path}`, { method: 'POST', ...(body === undefined ? {} : { body: JSON.stringify(body) }) });
  return { simulator, env, sweeps, post };
};

describe('the clock control', () => {
  it('moves the clock of every handler that reads CLOCK_OFFSET_MS, by an offset or to an instant', async () => {
    const { simulator, env, post } = await start();
    const clock = clockFromEnv(env);
    expect(await (await fetch(`${simulator.url}/_clock`)).json()).toMatchObject({ offsetMs: 0 });

    const moved = await post('/_clock', { offsetMs: 3 * DAY });
    expect(moved.status).toBe(200);
    expect(env.CLOCK_OFFSET_MS).toBe(String(3 * DAY));
    expect(Math.abs(clock.now().getTime() - (Date.now() + 3 * DAY))).toBeLessThan(1000);

    const to = await post('/_clock', { at: '2027-01-04T09:00:00+08:00' });
    expect(to.status).toBe(200);
    expect(Math.abs(clock.now().getTime() - Date.parse('2027-01-04T01:00:00Z'))).toBeLessThan(1000);
    expect(((await to.json()) as { now: string }).now.slice(0, 13)).toBe('2027-01-04T01');
  });

  it('refuses anything but an offset or an instant, leaving the clock alone', async () => {
    const { env, post } = await start();
    for (const body of [{ offsetMs: 1.5 }, { at: 'tomorrow' }, { offsetMs: 1, at: '2027-01-01T00:00:00Z' }, undefined]) {
      expect((await post('/_clock', body)).status).toBe(400);
    }
    expect(env.CLOCK_OFFSET_MS).toBeUndefined();
  });
});

describe('the on-demand sweep', () => {
  it('runs a sweep judged at the instant given, for the cases given', async () => {
    const { sweeps, post } = await start();
    const res = await post('/_supervision/sweep', { at: '2026-12-01T00:00:00+08:00', caseNos: ['99-20261123-ABCDEFGHJK'] });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ at: '2026-11-30T16:00:00.000Z', raised: [] });
    expect(sweeps).toEqual([{ at: new Date('2026-11-30T16:00:00Z'), caseNos: ['99-20261123-ABCDEFGHJK'] }]);
  });

  it('sweeps on the stack clock for every case when given nothing', async () => {
    const { sweeps, post } = await start();
    expect((await post('/_supervision/sweep')).status).toBe(200);
    expect(sweeps).toEqual([{}]);
  });

  it('refuses an empty case list or a bad instant without sweeping', async () => {
    const { sweeps, post } = await start();
    expect((await post('/_supervision/sweep', { caseNos: [] })).status).toBe(400);
    expect((await post('/_supervision/sweep', { at: 'now' })).status).toBe(400);
    expect((await post('/_supervision/sweep', { scope: 'all' })).status).toBe(400);
    expect(sweeps).toEqual([]);
  });
});

describe("a department supervisor's webhook on the simulator", () => {
  const key = Buffer.from(keys.AAJ, 'base64');
  const notify = (simulator: DepartmentSimulator, signingKey = key) =>
    pushWithRetry(
      { url: new URL(simulator.supervisionWebhookFor('AAJ')), department: 'AAJ', key: signingKey, body: JSON.stringify({ kind: 'deadline-warning', caseNo: 'C-9', level: 'red' }) },
      { attempts: 1, backoffMs: 0, timeoutMs: 2000 },
    );

  it('verifies and records a signed notification apart from work item pushes', async () => {
    const { simulator } = await start();
    expect(await notify(simulator)).toEqual({ delivered: true, attempts: 1 });
    expect(simulator.pushes).toEqual([]);
    const listed = (await (await fetch(`${simulator.url}/_notifications?caseNo=C-9`)).json()) as { notifications: RecordedPush[] };
    expect(listed.notifications).toHaveLength(1);
    const [received] = listed.notifications as [RecordedPush];
    expect(received).toMatchObject({ department: 'AAJ', path: '/departments/AAJ/supervision', verdict: 'valid', answered: 200, caseNo: 'C-9' });
    const h = received.headers;
    const signed = { method: 'POST', path: received.path, timestamp: h['x-timestamp'], nonce: h['x-nonce'], body: received.body, signature: h['x-signature'] };
    expect(verifySignature(key, signed, Math.floor(Date.now() / 1000))).toBe('valid');
    expect(await (await fetch(`${simulator.url}/_notifications?caseNo=C-0`)).json()).toEqual({ notifications: [] });
  });

  it('refuses (401) a notification signed with another key', async () => {
    const { simulator } = await start();
    expect(await notify(simulator, randomBytes(32))).toEqual({ delivered: false, attempts: 1, lastError: 'HTTP 401' });
    expect(simulator.notifications.map((n) => [n.verdict, n.answered])).toEqual([['bad-signature', 401]]);
  });
});

describe('scheduled handlers in the local stack', () => {
  const fakeRuntime = (invoked: Array<{ name: string; event: unknown }>, delayMs = 0): LocalRuntime => ({
    arnOf: () => 'arn:aws:lambda:local',
    nameOfArn: () => undefined,
    invocations: {},
    invoke: async (name, event) => {
      invoked.push({ name, event });
      await new Promise((resolve) => setTimeout(resolve, delayMs));
      return undefined;
    },
  });

  it('runs the supervision sweep on its timer, never two runs at once', async () => {
    const all: Array<{ name: string; event: unknown }> = [];
    const schedules = startSchedules({ runtime: fakeRuntime(all, 120), everyMs: 20 });
    await new Promise((resolve) => setTimeout(resolve, 200));
    await schedules.stop();
    // Every scheduled handler has its own timer (the hourly audit checkpoint too); judge the sweep's.
    expect(new Set(all.map((run) => run.name))).toEqual(new Set((Object.entries(functionSpecs) as Array<[string, FunctionSpec]>).filter(([, spec]) => spec.schedule).map(([name]) => name)));
    const invoked = all.filter((run) => run.name === 'superviseDeadlines');
    // 200 ms of 20 ms ticks, but each run takes 120 ms: at most two runs.
    expect(invoked.length).toBeGreaterThanOrEqual(1);
    expect(invoked.length).toBeLessThanOrEqual(2);
    expect(invoked[0]).toEqual({ name: 'superviseDeadlines', event: { source: 'local-schedule', handler: 'superviseDeadlines' } });
    const count = all.length;
    await new Promise((resolve) => setTimeout(resolve, 60));
    expect(all).toHaveLength(count); // stopped means stopped
  });

  it('runs nothing when switched off', async () => {
    const invoked: Array<{ name: string; event: unknown }> = [];
    const schedules = startSchedules({ runtime: fakeRuntime(invoked), everyMs: 0 });
    await new Promise((resolve) => setTimeout(resolve, 50));
    await schedules.stop();
    expect(invoked).toEqual([]);
  });
});
