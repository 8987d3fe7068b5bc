// The push client (functions/adapters/webhook.ts) against the local department simulator, without a
// stack: signing, verification, retries with backoff, giving up, and the simulator's controls.
import { randomBytes } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { verifySignature } from '#core/request-signature.ts';
import { pushWithRetry, signedHeaders, type RetryPolicy, type SignedPush } from '#adapters/webhook.ts';
import { startDepartmentSimulator, type DepartmentSimulator } from '#infra/local/department-simulator.ts';

const keys = { AAJ: randomBytes(32).toString('base64'), BBJ: randomBytes(32).toString('base64') };
const keyOf = (department: keyof typeof keys) => Buffer.from(keys[department], 'base64');

const simulators: DepartmentSimulator[] = [];
const servers: Server[] = [];

afterEach(async () => {
  for (const s of simulators.splice(0)) await s.stop();
  for (const s of servers.splice(0)) await new Promise((resolve) => s.close(resolve));
});

const start = async (applicationOf?: (caseNo: string) => Promise<string | undefined>) => {
  const simulator = await startDepartmentSimulator({ keys, ...(applicationOf ? { applicationOf } : {}) });
  simulators.push(simulator);
  return simulator;
};

const bodyFor = (caseNo: string, department = 'AAJ') =>
  JSON.stringify({ workItemId: `${caseNo}~${department}`, caseNo, department, itemCode: 'X-1', itemName: '事项', openedAt: new Date().toISOString(), decisionPath: `/work-items/${caseNo}~${department}/decision` });

const pushTo = (simulator: DepartmentSimulator, caseNo: string, department: keyof typeof keys = 'AAJ', key = keyOf(department)): SignedPush => ({
  url: new URL(simulator.webhookFor(department)),
  department,
  key,
  body: bodyFor(caseNo, department),
});

/** A policy whose waits are recorded instead of slept. */
const recorded = (overrides: Partial<RetryPolicy> = {}) => {
  const waits: number[] = [];
  const policy: RetryPolicy = { attempts: 4, backoffMs: 100, timeoutMs: 2000, random: () => 0, sleep: (ms) => {
      waits.push(ms);
      return Promise.resolve();
    }, ...overrides };
  return { policy, waits };
};

describe('a signed push to the department simulator', () => {
  it('verifies with the department key and is recorded as received', async () => {
    const simulator = await start();
    const { policy, waits } = recorded();
    const push = pushTo(simulator, 'C-1');
    expect(await pushWithRetry(push, policy)).toEqual({ delivered: true, attempts: 1 });
    expect(waits).toEqual([]);
    const [received] = simulator.pushes;
    expect(received).toMatchObject({ department: 'AAJ', path: '/departments/AAJ/work-items', verdict: 'valid', answered: 200, body: push.body, caseNo: 'C-1' });
    // The department's own check, as README "Department integration" describes it.
    const h = received?.headers ?? { 'x-timestamp': '', 'x-nonce': '', 'x-signature': '' };
    expect(
      verifySignature(keyOf('AAJ'), { method: 'POST', path: '/departments/AAJ/work-items', timestamp: h['x-timestamp'], nonce: h['x-nonce'], body: push.body, signature: h['x-signature'] }, Math.floor(Date.now() / 1000)),
    ).toBe('valid');
  });

  it('is refused (401) when signed with another key, and not retried', async () => {
    const simulator = await start();
    const { policy, waits } = recorded();
    expect(await pushWithRetry(pushTo(simulator, 'C-2', 'AAJ', keyOf('BBJ')), policy)).toEqual({ delivered: false, attempts: 1, lastError: 'HTTP 401' });
    expect(waits).toEqual([]);
    expect(simulator.pushes.map((p) => [p.verdict, p.answered])).toEqual([['bad-signature', 401]]);
  });

  it('refuses a replayed nonce and a push to another department’s webhook', async () => {
    const simulator = await start();
    const push = pushTo(simulator, 'C-3');
    const headers = signedHeaders(push);
    const send = (url: string, h: Record<string, string>) => fetch(url, { method: 'POST', headers: h, body: push.body });
    expect((await send(simulator.webhookFor('AAJ'), headers)).status).toBe(200);
    expect((await send(simulator.webhookFor('AAJ'), headers)).status).toBe(401);
    expect((await send(simulator.webhookFor('BBJ'), signedHeaders(push))).status).toBe(403);
    expect(simulator.pushes.map((p) => p.verdict)).toEqual(['valid', 'replayed', 'wrong-department']);
  });
});

describe('retries', () => {
  it('delivers on the third try after two 503s, each try freshly signed, with doubling waits', async () => {
    const simulator = await start();
    simulator.fail({ department: 'AAJ', times: 2 });
    const { policy, waits } = recorded();
    const failed: number[] = [];
    expect(await pushWithRetry(pushTo(simulator, 'C-4'), policy, (attempt) => failed.push(attempt))).toEqual({ delivered: true, attempts: 3 });
    expect(failed).toEqual([1, 2]);
    expect(waits).toEqual([50, 100]); // random 0: half of 100, then half of 200
    expect(simulator.pushes.map((p) => [p.verdict, p.answered])).toEqual([
      ['valid', 503],
      ['valid', 503],
      ['valid', 200],
    ]);
    expect(new Set(simulator.pushes.map((p) => p.headers['x-nonce'])).size).toBe(3);
  });

  it('gives up after the last try with the last error', async () => {
    const simulator = await start();
    simulator.fail({ department: 'AAJ', times: 10 });
    const { policy, waits } = recorded({ attempts: 3 });
    expect(await pushWithRetry(pushTo(simulator, 'C-5'), policy)).toEqual({ delivered: false, attempts: 3, lastError: 'HTTP 503' });
    expect(waits).toEqual([50, 100]);
    expect(simulator.pushes).toHaveLength(3);
  });

  it('really waits between tries', async () => {
    const simulator = await start();
    simulator.fail({ department: 'AAJ', times: 2 });
    const started = Date.now();
    expect(await pushWithRetry(pushTo(simulator, 'C-6'), { attempts: 3, backoffMs: 100, timeoutMs: 2000, random: () => 0 })).toMatchObject({ delivered: true, attempts: 3 });
    expect(Date.now() - started).toBeGreaterThanOrEqual(50 + 100 - 5);
  });

  it('retries a refused connection and names it', async () => {
    const closed = await start();
    const url = new URL(closed.webhookFor('AAJ'));
    await closed.stop();
    simulators.splice(0);
    const { policy } = recorded({ attempts: 2 });
    expect(await pushWithRetry({ url, department: 'AAJ', key: keyOf('AAJ'), body: '{}' }, policy)).toEqual({ delivered: false, attempts: 2, lastError: 'ECONNREFUSED' });
  });

  it('gives a silent department a bounded time per try', async () => {
    const silent = createServer(() => undefined); // never answers
    servers.push(silent);
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const url = new URL(`http://127.0.0.1:${(silent.address() as AddressInfo).port}/hook`);
    const { policy } = recorded({ attempts: 2, timeoutMs: 150 });
    const started = Date.now();
    expect(await pushWithRetry({ url, department: 'AAJ', key: keyOf('AAJ'), body: '{}' }, policy)).toEqual({
      delivered: false,
      attempts: 2,
      lastError: 'no answer within 150 ms',
    });
    expect(Date.now() - started).toBeLessThan(2000);
    silent.closeAllConnections();
  });

  it('starts no try that could not finish in the time left', async () => {
    const simulator = await start();
    simulator.fail({ department: 'AAJ', times: 10 });
    const { policy } = recorded({ attempts: 5, timeoutMs: 1000, remainingMs: () => 900 });
    expect(await pushWithRetry(pushTo(simulator, 'C-7'), policy)).toEqual({ delivered: false, attempts: 1, lastError: 'HTTP 503 (no time left for another try)' });
  });
});

describe('the simulator’s failure script', () => {
  it('fails only the case named, leaving other pushes to the department alone', async () => {
    const simulator = await start();
    simulator.fail({ department: 'AAJ', times: 1, caseNo: 'C-8' });
    const { policy } = recorded();
    expect(await pushWithRetry(pushTo(simulator, 'C-other'), policy)).toEqual({ delivered: true, attempts: 1 });
    expect(await pushWithRetry(pushTo(simulator, 'C-8'), policy)).toEqual({ delivered: true, attempts: 2 });
  });

  it('fails the case of an application scripted before the case existed', async () => {
    const simulator = await start((caseNo) => Promise.resolve(caseNo === 'C-9' ? 'app-9' : undefined));
    simulator.fail({ department: 'AAJ', times: 2, applicationId: 'app-9' });
    const { policy } = recorded();
    expect(await pushWithRetry(pushTo(simulator, 'C-other'), policy)).toEqual({ delivered: true, attempts: 1 });
    expect(await pushWithRetry(pushTo(simulator, 'C-9'), policy)).toEqual({ delivered: true, attempts: 3 });
  });

  it('is scripted and read over HTTP, with bad scripts refused', async () => {
    const simulator = await start();
    const post = (body: unknown) => fetch(`${simulator.url}/_fail`, { method: 'POST', body: JSON.stringify(body) });
    expect((await post({ department: 'AAJ', times: 0 })).status).toBe(400);
    expect((await post({ times: 1 })).status).toBe(400);
    expect((await post({ department: 'AAJ', times: 1, status: 500 })).status).toBe(201);
    const { policy } = recorded();
    await pushWithRetry(pushTo(simulator, 'C-10'), policy);
    await pushWithRetry(pushTo(simulator, 'C-11', 'BBJ'), policy);
    const read = async (query: string) =>
      ((await (await fetch(`${simulator.url}/_pushes${query}`)).json()) as { pushes: Array<{ caseNo: string; answered: number }> }).pushes.map((p) => [p.caseNo, p.answered]);
    expect(await read('?department=AAJ')).toEqual([
      ['C-10', 500],
      ['C-10', 200],
    ]);
    expect(await read('?caseNo=C-11')).toEqual([['C-11', 200]]);
    expect(await read('')).toHaveLength(3);
  });
});
