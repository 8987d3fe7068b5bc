// A small client for the local stack's API, as a front end or a department system would call it.
import { randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { inject } from 'vitest';
import { sign } from '../../functions/core/request-signature.ts';
import { openDevIssuer, type ApplicantClaims } from '../../infra/local/dev-issuer.ts';

export const stack = () => inject('stack');

export interface ApiResponse<T = Record<string, unknown>> {
  readonly status: number;
  readonly headers: Headers;
  readonly body: T;
}

export const call = async <T = Record<string, unknown>>(
  method: string,
  path: string,
  options: { token?: string; body?: unknown; rawBody?: string | Uint8Array; headers?: Record<string, string> } = {},
): Promise<ApiResponse<T>> => {
  const headers: Record<string, string> = { ...options.headers };
  if (options.token) headers.authorization = `Bearer ${options.token}`;
  let body: string | Uint8Array | undefined = options.rawBody;
  if (options.body !== undefined) {
    body = JSON.stringify(options.body);
    headers['content-type'] ??= 'application/json';
  }
  const res = await fetch(`${stack().apiUrl}${path}`, { method, headers, ...(body !== undefined ? { body } : {}) });
  const text = await res.text();
  return { status: res.status, headers: res.headers, body: (text ? JSON.parse(text) : null) as T };
};

export const tokenFor = async (claims: ApplicantClaims): Promise<string> => (await openDevIssuer(stack().dataDir)).mint(claims);

/** A department's signed call (HMAC over method, path, timestamp, body hash). */
export const departmentCall = async <T = Record<string, unknown>>(
  department: string,
  method: string,
  path: string,
  body: unknown,
  options: { key?: string; timestamp?: number; nonce?: string } = {},
): Promise<ApiResponse<T>> => {
  const text = body === undefined ? '' : JSON.stringify(body);
  const timestamp = String(options.timestamp ?? Math.floor(Date.now() / 1000));
  const nonce = options.nonce ?? randomBytes(16).toString('base64url');
  const key = Buffer.from(options.key ?? stack().departmentKeys[department] ?? '', 'base64');
  return call<T>(method, path, {
    ...(text ? { rawBody: text } : {}),
    headers: {
      ...(text ? { 'content-type': 'application/json' } : {}),
      'x-department': department,
      'x-timestamp': timestamp,
      'x-nonce': nonce,
      // The path is signed without its query string (what API Gateway hands over as rawPath).
      'x-signature': sign(key, { method, path: path.split('?')[0] ?? path, timestamp, nonce, body: text }),
    },
  });
};

/** Polls until `check` returns a value (not undefined) or the time is up. */
export const eventually = async <T>(check: () => Promise<T | undefined>, timeoutMs = 20_000, what = 'condition'): Promise<T> => {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
};

export interface PublishedEvent {
  readonly 'detail-type': string;
  readonly source: string;
  readonly detail: Record<string, unknown>;
}

export const publishedEvents = async (caseNo: string): Promise<PublishedEvent[]> => {
  const text = await readFile(stack().eventLog, 'utf8').catch(() => '');
  return text
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line) as PublishedEvent)
    .filter((e) => e.detail.caseNo === caseNo);
};

/** A department's whole open inbox, every page (other tests' items too), as the department pulls it. */
export const departmentInbox = async <T extends { caseNo: string }>(department: string): Promise<T[]> => {
  const items: T[] = [];
  for (let next: string | undefined, first = true; first || next; first = false) {
    const page = await departmentCall<{ workItems: T[]; next?: string }>(
      department,
      'GET',
      `/departments/${department}/work-items?limit=100${next ? `&next=${encodeURIComponent(next)}` : ''}`,
      undefined,
    );
    if (page.status !== 200) throw new Error(`inbox of ${department}: ${page.status} ${JSON.stringify(page.body)}`);
    items.push(...page.body.workItems);
    next = page.body.next;
  }
  return items;
};
