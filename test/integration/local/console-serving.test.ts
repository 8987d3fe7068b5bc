// The console on the local gateway (issue #16): its files for GET requests no route matches, the
// runtime config generated from the province, and the dev sign-in for loopback callers only.
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { consoleConfigOf, serveConsole } from '../../../infra/local/console-serving.ts';
import { startGateway, type Gateway } from '../../../infra/local/gateway.ts';
import { routes } from '../../../infra/routes.ts';
import { stack } from '../../support/api.ts';

/** A raw request, so the Host header can be anything (fetch sets its own). */
const raw = (url: string, options: { method?: string; host?: string; body?: string } = {}) =>
  new Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: string }>((resolve, reject) => {
    const req = request(url, { method: options.method ?? 'GET', headers: { ...(options.host ? { host: options.host } : {}), 'content-type': 'application/json' } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }));
    });
    req.once('error', reject);
    req.end(options.body);
  });

describe('the console on the local gateway', () => {
  let dist: string;
  let gateway: Gateway;

  beforeAll(async () => {
    dist = await mkdtemp(join(tmpdir(), 'nma-console-'));
    await mkdir(join(dist, 'assets'));
    await writeFile(join(dist, 'index.html'), '<!doctype html><title>console</title>');
    await writeFile(join(dist, 'assets', 'index-Bx12.js'), 'console.log(1)');
    await writeFile(join(dist, 'assets', 'index-Cc34.css'), 'body{}');
    await writeFile(join(dist, '.secret'), 'no');
    gateway = await startGateway({
      routes,
      invoke: () => Promise.reject(new Error('no handler in this test')),
      verifyApplicant: () => Promise.resolve(undefined),
      unmatched: serveConsole({ distDir: dist, config: () => consoleConfigOf({ code: '99', name: '示范省' }, { kind: 'dev' }, 'http://127.0.0.1:1') }),
    });
  });
  afterAll(async () => {
    await gateway.stop();
    await rm(dist, { recursive: true, force: true });
  });

  it('serves index.html at / and hashed assets with their types, cached for good', async () => {
    const index = await fetch(`${gateway.url}/`);
    expect(index.status).toBe(200);
    expect(index.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(index.headers.get('cache-control')).toBe('no-cache');
    expect(await index.text()).toContain('<title>console</title>');
    const script = await fetch(`${gateway.url}/assets/index-Bx12.js`);
    expect(script.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(script.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    expect((await fetch(`${gateway.url}/assets/index-Cc34.css`)).headers.get('content-type')).toBe('text/css; charset=utf-8');
  });

  it('serves nothing outside the build, no dot files, and only to GET and HEAD', async () => {
    for (const path of ['/assets/missing.js', '/.secret', '/%2e%2e/package.json', '/assets/..%2f..%2fpackage.json']) {
      expect((await fetch(`${gateway.url}${path}`)).status, path).toBe(404);
    }
    expect((await fetch(`${gateway.url}/`, { method: 'POST' })).status).toBe(404);
    expect((await fetch(`${gateway.url}/`, { method: 'HEAD' })).status).toBe(200);
    // API routes keep answering as routes: a wrong method is 405, never a file.
    expect((await fetch(`${gateway.url}/catalogue/items`, { method: 'DELETE' })).status).toBe(405);
  });

  it("serves /config.json from the province, with the dev sign-in and the stack's public base URL", async () => {
    const res = await fetch(`${stack().apiUrl}/config.json`);
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect(await res.json()).toEqual({ province: { code: '99', name: '示范省 (demo)' }, signIn: { kind: 'dev' }, publicBaseUrl: stack().apiUrl });
  });

  it('mints dev tokens only for requests that name a loopback host', async () => {
    const body = JSON.stringify({ kind: 'supervisor', name: '赵监察' });
    const local = await raw(`${stack().apiUrl}/_dev/token`, { method: 'POST', body });
    expect(local.status).toBe(200);
    expect(JSON.parse(local.body) as unknown).toMatchObject({ claims: { role: 'supervisor', name: '赵监察' } });
    const rebound = await raw(`${stack().apiUrl}/_dev/token`, { method: 'POST', host: 'attacker.example:80', body });
    expect(rebound.status).toBe(403);
  });
});
