// The typed API client: paths and request shapes come from schema.d.ts (generated from the route
// table), so a route change the console relies on fails `vue-tsc`. Same origin: relative URLs.
import createClient from 'openapi-fetch';
import type { paths } from './schema';
import { session } from '../session';

export const api = createClient<paths>({ baseUrl: '' });

api.use({
  onRequest({ request }) {
    if (session.token) request.headers.set('authorization', `Bearer ${session.token}`);
    return request;
  },
});

/** An application/problem+json answer (RFC 9457), or the gateway's own message. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly problem: { detail?: string; message?: string; errors?: Array<{ field: string; message: string }> },
  ) {
    const fields = problem.errors?.map((e) => `${e.field}: ${e.message}`).join('; ');
    super([problem.detail ?? problem.message ?? `HTTP ${status}`, fields].filter(Boolean).join(' — '));
  }
}

/**
 * Unwraps an openapi-fetch answer into the view type the console reads (response bodies are
 * documented as plain objects, so their shape is declared once in views.ts), or throws ApiError.
 */
export const unwrap = async <T>(answer: Promise<{ data?: unknown; error?: unknown; response: Response }>): Promise<T> => {
  const { data, error, response } = await answer;
  if (!response.ok) throw new ApiError(response.status, (error ?? {}));
  return data as T;
};

/** For the few non-API endpoints (config.json, the local dev issuer) and routes added after the schema. */
export const rawJson = async <T>(path: string, init: RequestInit = {}): Promise<T> => {
  const headers = new Headers(init.headers);
  if (session.token) headers.set('authorization', `Bearer ${session.token}`);
  if (init.body) headers.set('content-type', 'application/json');
  const response = await fetch(path, { ...init, headers });
  const body = (await response.json().catch(() => ({}))) as unknown;
  if (!response.ok) throw new ApiError(response.status, body as ApiError['problem']);
  return body as T;
};
