// `npm start` as a developer runs it: a fixed PORT and a DATA_DIR of their own, in its own process
// (the shared test stack's clock must never move). The token command finds that stack's issuer
// without being told DATA_DIR, and the clock control moves every clock of the stack (issue #15).
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { shanghaiDay } from '../../functions/core/case-number.ts';
import { sign } from '../../functions/core/request-signature.ts';
import { openDevIssuer } from '../../infra/local/dev-issuer.ts';
import { aResidentId } from '../support/identities.ts';
import { freePortBlock, root, startStackProcess, type StackProcess } from '../support/local-process.ts';

const DAY = 86_400_000;
let port = 0;
let dataDir = '';
let stack: StackProcess | undefined;
const api = () => stack?.api ?? '';
const controls = () => `http://127.0.0.1:${port + 5}`;

beforeAll(async () => {
  port = await freePortBlock();
  dataDir = await mkdtemp(join(tmpdir(), 'nma-npm-start-'));
  stack = await startStackProcess({ PORT: String(port), DATA_DIR: dataDir });
}, 120_000);

afterAll(async () => {
  await stack?.stop();
  await rm(dataDir, { recursive: true, force: true });
});

/** `npm run -s token -- …` as typed in a second terminal: PORT may be set, DATA_DIR is not. */
const tokenCommand = async (args: string[]): Promise<string> => {
  const { DATA_DIR: _unset, ...env } = process.env;
  const { stdout } = await promisify(execFile)(process.execPath, [join(root, 'infra/local/token.ts'), ...args], { env: { ...env, PORT: String(port) }, cwd: root });
  return stdout.trim();
};

const signedGet = async (path: string, timestampSeconds: number): Promise<number> => {
  const keys = JSON.parse(await readFile(join(dataDir, 'department-keys.json'), 'utf8')) as Record<string, string>;
  const timestamp = String(timestampSeconds);
  const nonce = randomBytes(16).toString('hex');
  const signature = sign(Buffer.from(keys.SCJGJ ?? '', 'base64'), { method: 'GET', path, timestamp, nonce, body: '' });
  const res = await fetch(`${api()}${path}`, { headers: { 'x-department': 'SCJGJ', 'x-timestamp': timestamp, 'x-nonce': nonce, 'x-signature': signature } });
  await res.body?.cancel();
  return res.status;
};

describe('npm start with a custom DATA_DIR', () => {
  it('gives tokens from `npm run token` without DATA_DIR that the running stack accepts', async () => {
    const token = await tokenCommand(['--resident-id', aResidentId(), '--name', '张三']);
    const res = await fetch(`${api()}/cases`, { headers: { authorization: `Bearer ${token}` } });
    expect(res.status).toBe(200);
  });
});

describe('the clock control of the local stack', () => {
  it('moves the signature window and the date in case numbers with the clock', async () => {
    const moved = await fetch(`${controls()}/_clock`, { method: 'POST', body: JSON.stringify({ offsetMs: 30 * DAY }) });
    const { now } = (await moved.json()) as { now: string };
    const stackSeconds = Math.floor(Date.parse(now) / 1000);
    // Departments sign with the platform's time; the wall clock is now 30 days off it.
    expect(await signedGet('/departments/SCJGJ/work-items', stackSeconds)).toBe(200);
    expect(await signedGet('/departments/SCJGJ/work-items', Math.floor(Date.now() / 1000))).toBe(401);

    const token = await (await openDevIssuer(dataDir)).mint({ name: '李四', resident_id: aResidentId() });
    const auth = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
    const draft = (await (await fetch(`${api()}/applications`, { method: 'POST', headers: auth, body: JSON.stringify({ itemCode: 'DEMO-001' }) })).json()) as { id: string };
    const submitted = await fetch(`${api()}/applications/${draft.id}/submit`, { method: 'POST', headers: { ...auth, 'idempotency-key': `clock-${draft.id}` } });
    const { caseNo } = (await submitted.json()) as { caseNo: string };
    expect(caseNo.split('-')[1]).toBe(shanghaiDay(new Date(now)));
  });
});
