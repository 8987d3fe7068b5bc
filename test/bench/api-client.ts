// The benchmark's HTTP client: every call an applicant or a department system makes, timed from
// the request to the last byte of the answer and filed under its route (`POST /applications/{id}/submit`),
// so each route gets its own latency percentiles.
import { randomBytes } from 'node:crypto';
import { sign } from '../../functions/core/request-signature.ts';

export interface Answer<T> {
  readonly status: number;
  readonly body: T;
}

export class UnexpectedAnswer extends Error {
  override name = 'UnexpectedAnswer';
}

export interface Latencies {
  record(route: string, ms: number): void;
  readonly byRoute: ReadonlyMap<string, readonly number[]>;
}

export const latencies = (): Latencies => {
  const byRoute = new Map<string, number[]>();
  return {
    byRoute,
    record: (route, ms) => {
      const list = byRoute.get(route) ?? [];
      list.push(ms);
      byRoute.set(route, list);
    },
  };
};

export interface ApiClient {
  call<T>(route: string, method: string, path: string, options?: { token?: string; body?: unknown; headers?: Record<string, string> }): Promise<Answer<T>>;
  /** A department's HMAC-signed call (method, path, timestamp, nonce, body hash). */
  departmentCall<T>(route: string, department: string, method: string, path: string, body?: unknown): Promise<Answer<T>>;
  /** A PUT to a presigned S3 URL (timed like an API call, under `route`). */
  put(route: string, url: string, headers: Record<string, string>, body: Uint8Array): Promise<number>;
}

export const apiClient = (options: { apiUrl: string; departmentKeys: Readonly<Record<string, string>>; latencies: Latencies }): ApiClient => {
  const timed = async <T>(route: string, request: () => Promise<Response>): Promise<Answer<T>> => {
    const started = performance.now();
    const res = await request();
    const text = await res.text();
    options.latencies.record(route, performance.now() - started);
    const json = (res.headers.get('content-type') ?? '').includes('json');
    return { status: res.status, body: (json && text ? JSON.parse(text) : text || null) as T };
  };

  const call: ApiClient['call'] = (route, method, path, { token, body, headers = {} } = {}) =>
    timed(route, () =>
      fetch(`${options.apiUrl}${path}`, {
        method,
        headers: {
          ...headers,
          ...(token ? { authorization: `Bearer ${token}` } : {}),
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      }),
    );

  return {
    call,
    departmentCall: (route, department, method, path, body) => {
      const text = body === undefined ? '' : JSON.stringify(body);
      const timestamp = String(Math.floor(Date.now() / 1000));
      const nonce = randomBytes(16).toString('base64url');
      const key = Buffer.from(options.departmentKeys[department] ?? '', 'base64');
      return timed(route, () =>
        fetch(`${options.apiUrl}${path}`, {
          method,
          headers: {
            ...(text ? { 'content-type': 'application/json' } : {}),
            'x-department': department,
            'x-timestamp': timestamp,
            'x-nonce': nonce,
            'x-signature': sign(key, { method, path: path.split('?')[0] ?? path, timestamp, nonce, body: text }),
          },
          ...(text ? { body: text } : {}),
        }),
      );
    },
    put: async (route, url, headers, body) => {
      const answer = await timed<unknown>(route, () => fetch(url, { method: 'PUT', headers, body }));
      return answer.status;
    },
  };
};
