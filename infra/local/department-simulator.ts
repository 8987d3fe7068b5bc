// The local department simulator: what a department's system does with a pushed work item, on
// loopback. It verifies each push exactly as a department should (functions/core/request-signature.ts
// with the department's own key: timestamp window, nonce never seen before, constant-time compare),
// records it and answers 200. The local stack points every department's webhook here.
//
// Control endpoints, for tests in other processes and for trying things by hand:
//   GET  /_pushes?department=&caseNo=   the recorded pushes (every try, with its verdict and answer)
//   POST /_fail { department, times, status?, caseNo?, applicationId? }
//        answer `status` (default 503) to the next `times` pushes to that department, only those of
//        one case if caseNo or applicationId is given. applicationId lets a test script failures
//        before it submits, so the case's first push cannot slip through before the rule exists.
//   GET  /_notifications?department=&caseNo=   the recorded supervisor notifications (deadline
//        warnings, issue #7) received at /departments/<code>/supervision, verified like pushes
//   …and whatever `controls` the owner adds (the local stack's clock and on-demand supervision
//   sweep, infra/local/stack.ts). Every control path answers loopback callers only.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { GetItemCommand, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import * as z from 'zod';
import { verifySignature, type SignatureVerdict } from '../../functions/core/request-signature.ts';
import { listenOn, readBody, send } from './simulator-http.ts';

export type PushVerdict = SignatureVerdict | 'replayed' | 'unknown-department' | 'wrong-department' | 'unsigned';

export interface RecordedPush {
  readonly receivedAt: string;
  readonly department: string;
  readonly path: string;
  readonly verdict: PushVerdict;
  /** The HTTP status the simulator answered. */
  readonly answered: number;
  readonly headers: Readonly<Record<'x-department' | 'x-timestamp' | 'x-nonce' | 'x-signature', string>>;
  /** The body exactly as received (what the signature covers). */
  readonly body: string;
  readonly workItemId?: string;
  readonly caseNo?: string;
}

const failRuleSchema = z.strictObject({
  department: z.string().regex(/^[A-Z0-9]{2,16}$/),
  times: z.number().int().min(1).max(1000),
  status: z.number().int().min(400).max(599).default(503),
  caseNo: z.string().min(1).optional(),
  applicationId: z.string().min(1).optional(),
});

export type FailRule = z.input<typeof failRuleSchema>;

export interface DepartmentSimulatorOptions {
  /** @default 0 (any free port) */
  readonly port?: number;
  /** @default '127.0.0.1' */
  readonly host?: string;
  /** Department HMAC keys (base64), as the departments hold them. */
  readonly keys: Readonly<Record<string, string>>;
  /** Finds the application a case was submitted from (fail rules by applicationId need it). */
  readonly applicationOf?: (caseNo: string) => Promise<string | undefined>;
  /** One line per push received. @default silent */
  readonly log?: (line: string) => void;
  /** How many recent pushes are kept. @default 1000 */
  readonly limit?: number;
  /**
   * Extra control endpoints, keyed `"<METHOD> <path>"` (paths start with `/_`): the local stack
   * adds its clock and sweep controls here, so tests in other processes reach them at one URL.
   * @default none
   */
  readonly controls?: Readonly<Record<string, ControlHandler>>;
  /** The clock signatures are judged on: the stack's, which the platform signs pushes with. @default the system clock */
  readonly now?: () => Date;
}

/** A control endpoint: the parsed JSON body (undefined when empty) and the query → status and JSON body. */
export type ControlHandler = (request: { readonly body: unknown; readonly query: URLSearchParams }) => Promise<{ readonly status: number; readonly body: unknown }>;

export interface DepartmentSimulator {
  readonly url: string;
  readonly port: number;
  /** The webhook URL of one department: `<url>/departments/<code>/work-items`. */
  webhookFor(department: string): string;
  /** The supervisor webhook URL of one department: `<url>/departments/<code>/supervision`. */
  supervisionWebhookFor(department: string): string;
  readonly pushes: readonly RecordedPush[];
  /** Supervisor notifications received, verified as pushes are. */
  readonly notifications: readonly RecordedPush[];
  fail(rule: FailRule): void;
  stop(): Promise<void>;
}

const WEBHOOK_PATH = /^\/departments\/([A-Z0-9]{2,16})\/work-items$/;
const SUPERVISION_PATH = /^\/departments\/([A-Z0-9]{2,16})\/supervision$/;
const LOOPBACK = new Set(['127.0.0.1', '::1', '::ffff:127.0.0.1']);
const MAX_BODY = 1024 * 1024;
const NONCE_MEMORY = 10_000;


const header = (req: IncomingMessage, name: string): string => {
  const value = req.headers[name];
  return (Array.isArray(value) ? value[0] : value) ?? '';
};

const caseFields = (body: string): { workItemId?: string; caseNo?: string } => {
  try {
    const parsed = JSON.parse(body) as { workItemId?: unknown; caseNo?: unknown };
    return {
      ...(typeof parsed.workItemId === 'string' ? { workItemId: parsed.workItemId } : {}),
      ...(typeof parsed.caseNo === 'string' ? { caseNo: parsed.caseNo } : {}),
    };
  } catch {
    return {};
  }
};

/** caseNo → applicationId from the local case store (CASE#<caseNo> / META). */
export const caseApplicationLookup =
  (dynamodb: DynamoDBClient, table: string) =>
  async (caseNo: string): Promise<string | undefined> => {
    const { Item } = await dynamodb.send(
      new GetItemCommand({ TableName: table, Key: { pk: { S: `CASE#${caseNo}` }, sk: { S: 'META' } }, ProjectionExpression: 'applicationId' }),
    );
    return Item?.applicationId?.S;
  };

export const startDepartmentSimulator = async (options: DepartmentSimulatorOptions): Promise<DepartmentSimulator> => {
  const limit = options.limit ?? 1000;
  const pushes: RecordedPush[] = [];
  const notifications: RecordedPush[] = [];
  const rules: Array<z.output<typeof failRuleSchema> & { remaining: number }> = [];
  const seenNonces = new Set<string>();
  const now = options.now ?? (() => new Date());

  const verdictOf = (req: IncomingMessage, pathDepartment: string, path: string, body: string): PushVerdict => {
    const department = header(req, 'x-department');
    const [timestamp, nonce, signature] = [header(req, 'x-timestamp'), header(req, 'x-nonce'), header(req, 'x-signature')];
    if (!department || !timestamp || !nonce || !signature) return 'unsigned';
    if (department !== pathDepartment) return 'wrong-department';
    const key = options.keys[department];
    if (key === undefined) return 'unknown-department';
    const verdict = verifySignature(Buffer.from(key, 'base64'), { method: 'POST', path, timestamp, nonce, body, signature }, Math.floor(now().getTime() / 1000));
    if (verdict !== 'valid') return verdict;
    // Only a verified push may claim its nonce, as the platform does with departments' requests.
    if (seenNonces.has(`${department}:${nonce}`)) return 'replayed';
    seenNonces.add(`${department}:${nonce}`);
    if (seenNonces.size > NONCE_MEMORY) seenNonces.delete(seenNonces.values().next().value as string);
    return 'valid';
  };

  /** The status a matching fail rule dictates (consuming one of its times), or undefined. */
  const scripted = async (department: string, caseNo: string | undefined): Promise<number | undefined> => {
    const needsApplication = rules.some((r) => r.remaining > 0 && r.applicationId !== undefined);
    const applicationId = needsApplication && caseNo && options.applicationOf ? await options.applicationOf(caseNo) : undefined;
    const rule = rules.find(
      (r) =>
        r.remaining > 0 &&
        r.department === department &&
        (r.caseNo === undefined || r.caseNo === caseNo) &&
        (r.applicationId === undefined || r.applicationId === applicationId),
    );
    if (!rule) return undefined;
    rule.remaining -= 1;
    return rule.status;
  };

  const receivePush = async (req: IncomingMessage, res: ServerResponse, path: string, pathDepartment: string, kind: 'work-item' | 'supervision' = 'work-item'): Promise<void> => {
    const body = await readBody(req, MAX_BODY);
    if (body === undefined) return send(res, 413, { error: 'the body is too large' });
    const verdict = verdictOf(req, pathDepartment, path, body);
    const fields = caseFields(body);
    // Scripted failures are for work item pushes; a supervisor's webhook always answers.
    const failure = kind === 'work-item' ? await scripted(pathDepartment, fields.caseNo) : undefined;
    const answered = verdict === 'wrong-department' ? 403 : verdict !== 'valid' ? 401 : (failure ?? 200);
    const received = kind === 'work-item' ? pushes : notifications;
    received.push({
      receivedAt: now().toISOString(),
      department: pathDepartment,
      path,
      verdict,
      answered,
      headers: {
        'x-department': header(req, 'x-department'),
        'x-timestamp': header(req, 'x-timestamp'),
        'x-nonce': header(req, 'x-nonce'),
        'x-signature': header(req, 'x-signature'),
      },
      body,
      ...fields,
    });
    if (received.length > limit) received.splice(0, received.length - limit);
    const what = kind === 'work-item' ? `push of ${fields.workItemId ?? '(no work item id)'}` : `supervisor notification on ${fields.caseNo ?? '(no case)'}`;
    options.log?.(`department ${pathDepartment} ← ${what}: signature ${verdict} → ${answered}`);
    send(res, answered, answered === 200 ? { received: true } : { error: answered === 401 || answered === 403 ? `push refused: ${verdict}` : 'simulated failure' });
  };

  const control = async (req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> => {
    // Controls move the stack's clock and run sweeps: this machine only, whatever the bind address.
    if (!LOOPBACK.has(req.socket.remoteAddress ?? '')) return send(res, 403, { error: 'control endpoints answer loopback callers only' });
    if (req.method === 'GET' && url.pathname === '/_notifications') {
      const department = url.searchParams.get('department');
      const caseNo = url.searchParams.get('caseNo');
      return send(res, 200, {
        notifications: notifications.filter((p) => (department === null || p.department === department) && (caseNo === null || p.caseNo === caseNo)),
      });
    }
    const extra = options.controls?.[`${req.method ?? 'GET'} ${url.pathname}`];
    if (extra && url.pathname.startsWith('/_')) {
      const text = (await readBody(req, MAX_BODY)) ?? '';
      let body: unknown;
      try {
        body = text.trim() === '' ? undefined : JSON.parse(text);
      } catch {
        return send(res, 400, { error: 'the body must be JSON' });
      }
      const answer = await extra({ body, query: url.searchParams });
      return send(res, answer.status, answer.body);
    }
    if (req.method === 'GET' && url.pathname === '/_pushes') {
      const department = url.searchParams.get('department');
      const caseNo = url.searchParams.get('caseNo');
      return send(res, 200, {
        pushes: pushes.filter((p) => (department === null || p.department === department) && (caseNo === null || p.caseNo === caseNo)),
      });
    }
    if (req.method === 'POST' && url.pathname === '/_fail') {
      const body = await readBody(req, MAX_BODY);
      let json: unknown;
      try {
        json = JSON.parse(body ?? '');
      } catch {
        return send(res, 400, { error: 'the body must be JSON' });
      }
      const parsed = failRuleSchema.safeParse(json);
      if (!parsed.success) return send(res, 400, { error: z.prettifyError(parsed.error) });
      rules.push({ ...parsed.data, remaining: parsed.data.times });
      return send(res, 201, { rule: parsed.data });
    }
    send(res, 404, { error: 'not a webhook or control path' });
  };

  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://simulator');
    const webhook = WEBHOOK_PATH.exec(url.pathname);
    const supervision = SUPERVISION_PATH.exec(url.pathname);
    const handled =
      webhook && req.method === 'POST'
        ? receivePush(req, res, url.pathname, webhook[1] as string)
        : supervision && req.method === 'POST'
          ? receivePush(req, res, url.pathname, supervision[1] as string, 'supervision')
          : control(req, res, url);
    handled.catch((error: unknown) => {
      console.error('department simulator:', error);
      if (!res.headersSent) send(res, 500, { error: 'simulator error' });
    });
  });
  const { url, port } = await listenOn(server, options.port, options.host);

  return {
    url,
    port,
    webhookFor: (department) => `${url}/departments/${department}/work-items`,
    supervisionWebhookFor: (department) => `${url}/departments/${department}/supervision`,
    get pushes() {
      return pushes;
    },
    get notifications() {
      return notifications;
    },
    fail: (rule) => {
      const parsed = failRuleSchema.parse(rule);
      rules.push({ ...parsed, remaining: parsed.times });
    },
    stop: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
  };
};
