// Department webhooks: where a department's pushes go, and one signed push with its retries.
// A push is signed exactly as a department signs its decision (core/request-signature.ts), with the
// department's own key, so the department verifies it with the code it already has for the platform:
//   x-department, x-timestamp (epoch seconds), x-nonce (fresh per try),
//   x-signature = base64 HMAC-SHA256(key, "POST\n<url path>\n<timestamp>\n<nonce>\n<sha256 hex of body>")
import { randomBytes } from 'node:crypto';
import * as z from 'zod';
import { sign } from '#core/request-signature.ts';
import { backoffDelay, isRetryableStatus } from '#core/work-item-push.ts';
import { province } from './catalogue.ts';
import { clock } from './clock.ts';
import { config } from './config.ts';

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]']);

/** TLS, as the province config demands; plain HTTP only to this machine (the local department simulator). */
const webhookUrl = z.url().refine((text) => {
  const url = new URL(text);
  return url.protocol === 'https:' || (url.protocol === 'http:' && LOOPBACK.has(url.hostname));
}, 'a webhook URL must use https (http only on loopback)');

const overridesSchema = z.record(z.string().regex(/^[A-Z0-9]{2,16}$/), webhookUrl);

let overrides: Readonly<Record<string, string>> | undefined;

/** DEPARTMENT_WEBHOOKS, parsed once; a malformed value fails the first push loudly, naming the field. */
const webhookOverrides = (): Readonly<Record<string, string>> => {
  if (overrides) return overrides;
  const text = config().DEPARTMENT_WEBHOOKS;
  if (text === undefined) return (overrides = {});
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new Error('DEPARTMENT_WEBHOOKS is not JSON ({ "<department>": "<url>" })', { cause: error });
  }
  const parsed = overridesSchema.safeParse(json);
  if (!parsed.success) throw new Error(`DEPARTMENT_WEBHOOKS is invalid:\n${z.prettifyError(parsed.error)}`);
  return (overrides = parsed.data);
};

/** The department's webhook: DEPARTMENT_WEBHOOKS first, then the province config; undefined = pull only. */
export const webhookUrlOf = (department: string): URL | undefined => {
  const url = webhookOverrides()[department] ?? province().departments.find((d) => d.code === department)?.webhookUrl;
  return url === undefined ? undefined : new URL(url);
};

export interface SignedPush {
  readonly url: URL;
  readonly department: string;
  readonly key: Uint8Array;
  /** The exact bytes sent (and hashed into the signature). */
  readonly body: string;
}

/** Headers of one try: a fresh timestamp and nonce each time, so a retry is never a replay. */
export const signedHeaders = (push: SignedPush, nowMs = clock.now().getTime()): Record<string, string> => {
  const timestamp = String(Math.floor(nowMs / 1000));
  const nonce = randomBytes(16).toString('base64url');
  return {
    'content-type': 'application/json',
    'x-department': push.department,
    'x-timestamp': timestamp,
    'x-nonce': nonce,
    // The path without its query, as the department's server sees it (and as API Gateway's rawPath).
    'x-signature': sign(push.key, { method: 'POST', path: push.url.pathname, timestamp, nonce, body: push.body }),
  };
};

export type TryResult = { readonly ok: true; readonly status: number } | { readonly ok: false; readonly retryable: boolean; readonly error: string };

const describeFailure = (error: unknown, timeoutMs: number): string => {
  if (error instanceof Error && error.name === 'TimeoutError') return `no answer within ${timeoutMs} ms`;
  const cause = error instanceof Error ? error.cause : undefined;
  if (cause instanceof Error) return (cause as NodeJS.ErrnoException).code ?? cause.message;
  return error instanceof Error ? error.message : String(error);
};

/** One POST. Redirects are not followed: the signature names the path, and a push must not wander. */
export const postOnce = async (push: SignedPush, timeoutMs: number): Promise<TryResult> => {
  try {
    const res = await fetch(push.url, {
      method: 'POST',
      headers: signedHeaders(push),
      body: push.body,
      redirect: 'manual',
      signal: AbortSignal.timeout(timeoutMs),
    });
    await res.body?.cancel(); // the answer's body means nothing to the platform
    if (res.status >= 200 && res.status < 300) return { ok: true, status: res.status };
    return { ok: false, retryable: isRetryableStatus(res.status), error: `HTTP ${res.status}` };
  } catch (error) {
    // Refused, reset, unresolvable or too slow: all may pass.
    return { ok: false, retryable: true, error: describeFailure(error, timeoutMs) };
  }
};

export interface RetryPolicy {
  /** Tries in all, the first included. */
  readonly attempts: number;
  /** The wait before the second try; it doubles (jittered) for each later one. */
  readonly backoffMs: number;
  /** How long one try may take. */
  readonly timeoutMs: number;
  /** Time left for further tries; no try starts that could not finish within it. @default unlimited */
  readonly remainingMs?: () => number;
  readonly sleep?: (ms: number) => Promise<void>;
  readonly random?: () => number;
}

export type PushOutcome =
  | { readonly delivered: true; readonly attempts: number }
  | { readonly delivered: false; readonly attempts: number; readonly lastError: string };

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Tries until a 2xx, a failure that cannot pass, the last try, or the time left runs out. */
export const pushWithRetry = async (
  push: SignedPush,
  policy: RetryPolicy,
  onFailedTry: (attempt: number, error: string) => void = () => undefined,
): Promise<PushOutcome> => {
  const wait = policy.sleep ?? sleep;
  const random = policy.random ?? Math.random;
  for (let attempt = 1; ; attempt++) {
    const result = await postOnce(push, policy.timeoutMs);
    if (result.ok) return { delivered: true, attempts: attempt };
    onFailedTry(attempt, result.error);
    if (!result.retryable || attempt >= policy.attempts) return { delivered: false, attempts: attempt, lastError: result.error };
    const delay = backoffDelay(attempt, policy.backoffMs, random());
    if (policy.remainingMs && policy.remainingMs() < delay + policy.timeoutMs) {
      return { delivered: false, attempts: attempt, lastError: `${result.error} (no time left for another try)` };
    }
    await wait(delay);
  }
};
