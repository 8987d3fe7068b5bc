// `npm start` killed hard while a department's work item is open: the next start ends the old
// JVM, resumes the case's workflow, and the pending approval is still decidable.
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { sign } from '../../functions/core/request-signature.ts';
import { openDevIssuer } from '../../infra/local/dev-issuer.ts';
import { samplePdf, sha256Hex } from '../support/applicant-journey.ts';
import { anApplicant } from '../support/identities.ts';

const root = resolve(import.meta.dirname, '../..');
const children: ChildProcess[] = [];

/** Starts `npm start`'s entry point on free ports; resolves with the API URL once it is ready. */
const startStack = (dataDir: string): Promise<{ child: ChildProcess; api: string; output: () => string }> =>
  new Promise((resolveStart, reject) => {
    const child = spawn(process.execPath, [join(root, 'infra/local/main.ts')], {
      env: { ...process.env, PORT: '0', DATA_DIR: dataDir, LOG_LEVEL: 'warn', CONSOLE_BUILD: 'skip' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    children.push(child);
    let output = '';
    const timer = setTimeout(() => reject(new Error(`local stack did not start:\n${output}`)), 90_000);
    const onData = (chunk: Buffer) => {
      output += chunk.toString('utf8');
      const api = /API \(HTTP gateway\)\s+(http:\/\/\S+)/.exec(output)?.[1];
      if (api && output.includes('Ctrl-C to stop')) {
        clearTimeout(timer);
        resolveStart({ child, api, output: () => output });
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`local stack exited with ${code}:\n${output}`));
    });
  });

const json = async (res: Response) => ({ status: res.status, body: (await res.json()) as Record<string, unknown> });

afterAll(() => {
  for (const child of children) child.kill('SIGINT');
});

describe('restart recovery', () => {
  it('keeps a pending approval decidable after the stack is killed with SIGKILL', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'nma-restart-'));
    try {
      const first = await startStack(dataDir);
      const token = await (await openDevIssuer(dataDir)).mint(anApplicant());
      const auth = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
      const app = await json(await fetch(`${first.api}/applications`, { method: 'POST', headers: auth, body: JSON.stringify({ itemCode: 'DEMO-001' }) }));
      const id = app.body.id as string;
      const pdf = samplePdf('restart');
      const announced = await json(
        await fetch(`${first.api}/applications/${id}/uploads`, {
          method: 'POST',
          headers: auth,
          body: JSON.stringify({ materialCode: 'ID-COPY', fileName: 'id.pdf', contentType: 'application/pdf', size: pdf.length, sha256: sha256Hex(pdf) }),
        }),
      );
      const upload = announced.body.upload as { url: string; headers: Record<string, string> };
      expect((await fetch(upload.url, { method: 'PUT', headers: upload.headers, body: pdf })).ok).toBe(true);
      const caseView = async (api: string) => json(await fetch(`${api}/cases/${caseNo}`, { headers: auth }));
      let caseNo = '';
      for (let i = 0; i < 100 && !caseNo; i++) {
        const docs = (await json(await fetch(`${first.api}/applications/${id}`, { headers: auth }))).body.documents as Array<{ status: string }>;
        if (docs[0]?.status === 'verified') {
          caseNo = (await json(await fetch(`${first.api}/applications/${id}/submit`, { method: 'POST', headers: { ...auth, 'idempotency-key': `restart-${id}` } }))).body.caseNo as string;
        } else await new Promise((r) => setTimeout(r, 100));
      }
      for (let i = 0; i < 100 && (await caseView(first.api)).body.status !== 'in-approval'; i++) await new Promise((r) => setTimeout(r, 100));
      expect((await caseView(first.api)).body.status).toBe('in-approval');

      first.child.kill('SIGKILL');
      await new Promise((r) => first.child.once('exit', r));

      const second = await startStack(dataDir);
      expect(second.output()).toContain(`resumed 1 case(s) in flight: ${caseNo}`);
      // Wait until the resumed execution has re-armed the work item with a new token.
      const rearmed = async () => ((await caseView(second.api)).body.timeline as Array<{ action: string }>).some((t) => t.action === 'WorkItemRearmed');
      for (let i = 0; i < 100 && !(await rearmed()); i++) await new Promise((r) => setTimeout(r, 100));
      expect(await rearmed()).toBe(true);

      const keys = JSON.parse(await readFile(join(dataDir, 'department-keys.json'), 'utf8')) as Record<string, string>;
      const path = `/work-items/${caseNo}~SCJGJ/decision`;
      const body = JSON.stringify({ decision: 'approve', opinion: '重启后审批' });
      const timestamp = String(Math.floor(Date.now() / 1000));
      const nonce = randomBytes(16).toString('hex');
      const signature = sign(Buffer.from(keys.SCJGJ ?? '', 'base64'), { method: 'POST', path, timestamp, nonce, body });
      const decided = await fetch(`${second.api}${path}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-department': 'SCJGJ', 'x-timestamp': timestamp, 'x-nonce': nonce, 'x-signature': signature },
        body,
      });
      expect(decided.status).toBe(200);
      for (let i = 0; i < 100 && (await caseView(second.api)).body.status !== 'completed'; i++) await new Promise((r) => setTimeout(r, 100));
      const final = await caseView(second.api);
      expect(final.body.status).toBe('completed');
      expect(final.body.auditIntact).toBe(true);
      second.child.kill('SIGINT');
      await new Promise((r) => second.child.once('exit', r));
    } finally {
      await rm(dataDir, { recursive: true, force: true });
    }
  }, 180_000);
});
