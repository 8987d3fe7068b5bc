// A local stack of another province, started by a test file in its own worker process (the global
// setup runs province 99). Each vitest worker is a separate process, so this stack's environment
// (PROVINCE, TABLE_NAME, endpoints) and its in-process handlers never meet the global stack's.
// DynamoDB Local starts in about three seconds; ports are picked free.
import { createHash, randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { clockFromEnv } from '../../functions/core/clock.ts';
import { sign } from '../../functions/core/request-signature.ts';
import type { ApplicantClaims } from '../../infra/local/dev-issuer.ts';
import { startLocalStack, type LocalStack } from '../../infra/local/stack.ts';

export interface ApiResponse<T> {
  readonly status: number;
  readonly headers: Headers;
  readonly body: T;
}

export interface ProvinceStack {
  readonly stack: LocalStack;
  call<T = Record<string, unknown>>(
    method: string,
    path: string,
    options?: { token?: string; body?: unknown; headers?: Record<string, string> },
  ): Promise<ApiResponse<T>>;
  /** A department's signed call, as test/support/api.ts signs it. */
  departmentCall<T = Record<string, unknown>>(department: string, method: string, path: string, body: unknown): Promise<ApiResponse<T>>;
  tokenFor(claims: ApplicantClaims): Promise<string>;
  /** Announces, PUTs and waits for the verification of one PDF material. */
  uploadPdf(token: string, applicationId: string, materialCode: string): Promise<string>;
  eventually<T>(check: () => Promise<T | undefined>, what: string): Promise<T>;
  stop(): Promise<void>;
}

const samplePdf = (text: string): Buffer => Buffer.from(`%PDF-1.4\n% ${text}\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n`);

export const startProvinceStack = async (province: string): Promise<ProvinceStack> => {
  process.env.LOG_LEVEL ??= 'warn';
  const dataDir = await mkdtemp(join(tmpdir(), `nma-test-${province}-`));
  const stack = await startLocalStack({ province, port: 0, inMemory: true, dataDir });

  const call: ProvinceStack['call'] = async <T,>(method: string, path: string, options: { token?: string; body?: unknown; headers?: Record<string, string> } = {}) => {
    const headers: Record<string, string> = { ...options.headers };
    if (options.token) headers.authorization = `Bearer ${options.token}`;
    if (options.body !== undefined) headers['content-type'] ??= 'application/json';
    const res = await fetch(`${stack.apiUrl}${path}`, {
      method,
      headers,
      ...(options.body !== undefined ? { body: JSON.stringify(options.body) } : {}),
    });
    const text = await res.text();
    return { status: res.status, headers: res.headers, body: (text ? JSON.parse(text) : null) as T };
  };

  const departmentCall: ProvinceStack['departmentCall'] = <T,>(department: string, method: string, path: string, body: unknown) => {
    const text = body === undefined ? '' : JSON.stringify(body);
    // Signed on the stack's clock (this process's CLOCK_OFFSET_MS, moved by /_clock), as a
    // department whose clock agrees with the platform's would.
    const timestamp = String(Math.floor(clockFromEnv(process.env).now().getTime() / 1000));
    const nonce = randomBytes(16).toString('base64url');
    const key = Buffer.from(stack.departmentKeys[department] ?? '', 'base64');
    return call<T>(method, path, {
      ...(body === undefined ? {} : { body }),
      headers: {
        'x-department': department,
        'x-timestamp': timestamp,
        'x-nonce': nonce,
        // The path is signed without its query string (what API Gateway hands over as rawPath).
        'x-signature': sign(key, { method, path: path.split('?')[0] ?? path, timestamp, nonce, body: text }),
      },
    });
  };

  const eventually = async <T,>(check: () => Promise<T | undefined>, what: string): Promise<T> => {
    const until = Date.now() + 20_000;
    for (;;) {
      const value = await check();
      if (value !== undefined) return value;
      if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
      await new Promise((r) => setTimeout(r, 50));
    }
  };

  const uploadPdf = async (token: string, applicationId: string, materialCode: string): Promise<string> => {
    const file = samplePdf(`${province} ${materialCode}`);
    const announced = await call<{ upload: { url: string; headers: Record<string, string> } }>('POST', `/applications/${applicationId}/uploads`, {
      token,
      body: {
        materialCode,
        fileName: `${materialCode}.pdf`,
        contentType: 'application/pdf',
        size: file.length,
        sha256: createHash('sha256').update(file).digest('hex'),
      },
    });
    if (announced.status !== 201) throw new Error(`announce ${materialCode}: ${announced.status} ${JSON.stringify(announced.body)}`);
    const put = await fetch(announced.body.upload.url, { method: 'PUT', headers: announced.body.upload.headers, body: file });
    if (!put.ok) throw new Error(`PUT ${materialCode}: ${put.status}`);
    return eventually(async () => {
      const app = await call<{ documents: Array<{ materialCode: string; status: string }> }>('GET', `/applications/${applicationId}`, { token });
      const status = app.body.documents.find((d) => d.materialCode === materialCode)?.status;
      return status === undefined || status === 'pending' ? undefined : status;
    }, `${materialCode} to be verified`);
  };

  return {
    stack,
    call,
    departmentCall,
    tokenFor: (claims) => stack.issuer.mint(claims),
    uploadPdf,
    eventually,
    stop: async () => {
      await stack.stop();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
};
