// The local HTTP gateway: built from infra/routes.ts, it hands API Gateway v2 (payload 2.0) events
// to the same handlers and applies the same authorisation as the HTTP API does in AWS.
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import type { FunctionName } from '../functions.ts';
import { routeKey, type Route } from '../routes.ts';

export interface GatewayOptions {
  readonly port?: number;
  readonly host?: string;
  readonly routes: readonly Route[];
  readonly invoke: (fn: FunctionName, event: APIGatewayProxyEventV2) => Promise<unknown>;
  /** Verifies an applicant's (or officer's) bearer token; undefined → 401, as the JWT authoriser answers. */
  readonly verifyApplicant: (token: string) => Promise<Record<string, unknown> | undefined>;
  /**
   * Requests that match no route go here (the local stack's dev sign-in, infra/local/dev-token.ts,
   * and the console's files, infra/local/console-serving.ts); false answers 404 as API Gateway
   * would. @default none
   */
  readonly unmatched?: (req: IncomingMessage, res: ServerResponse, path: string) => Promise<boolean>;
  /** @default 10 MiB, API Gateway's payload limit */
  readonly maxBodyBytes?: number;
}

export interface Gateway {
  readonly url: string;
  readonly port: number;
  stop(): Promise<void>;
}

interface CompiledRoute {
  readonly route: Route;
  readonly pattern: RegExp;
  readonly params: readonly string[];
}

const compile = (route: Route): CompiledRoute => {
  const params: string[] = [];
  const source = route.path
    .split('/')
    .map((part) => {
      const param = /^\{(\w+)\}$/.exec(part);
      if (!param) return part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
      params.push(param[1] as string);
      return '([^/]+)';
    })
    .join('/');
  return { route, pattern: new RegExp(`^${source}$`), params };
};

const TEXTUAL = /^(application\/(?:[\w.+-]+\+)?(?:json|xml|x-www-form-urlencoded)|text\/)/i;

const readBody = async (req: IncomingMessage, limit: number): Promise<Buffer | 'too-large'> => {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > limit) return 'too-large';
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
};

const send = (res: ServerResponse, status: number, body: string, headers: Record<string, string | number | boolean> = {}) => {
  res.writeHead(status, { 'content-type': 'application/json', ...headers });
  res.end(body);
};

const isStructured = (value: unknown): value is APIGatewayProxyStructuredResultV2 =>
  typeof value === 'object' && value !== null && 'statusCode' in value;

const utf8 = new TextDecoder('utf-8', { fatal: true });
const isUtf8 = (bytes: Buffer): boolean => {
  try {
    utf8.decode(bytes);
    return true;
  } catch {
    return false;
  }
};

export const startGateway = async (options: GatewayOptions): Promise<Gateway> => {
  const compiled = options.routes.map(compile);
  const limit = options.maxBodyBytes ?? 10 * 1024 * 1024;

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const method = req.method ?? 'GET';
    const candidates = compiled.filter((c) => c.pattern.test(url.pathname));
    const match = candidates.find((c) => c.route.method === method);
    if (!match && !candidates.length && (await options.unmatched?.(req, res, url.pathname))) return;
    if (!match) return send(res, candidates.length ? 405 : 404, JSON.stringify({ message: candidates.length ? 'Method Not Allowed' : 'Not Found' }));

    let claims: Record<string, unknown> | undefined;
    if (match.route.auth === 'applicant' || match.route.auth === 'officer') {
      const bearer = /^Bearer (.+)$/i.exec(req.headers.authorization ?? '');
      claims = bearer ? await options.verifyApplicant(bearer[1] as string) : undefined;
      if (!claims) return send(res, 401, JSON.stringify({ message: 'Unauthorized' }), { 'www-authenticate': 'Bearer' });
    }
    const body = await readBody(req, limit);
    if (body === 'too-large') return send(res, 413, JSON.stringify({ message: 'Request Entity Too Large' }));

    const values = match.pattern.exec(url.pathname)?.slice(1) ?? [];
    let pathParameters: Record<string, string> | undefined;
    try {
      pathParameters = match.params.length ? Object.fromEntries(match.params.map((p, i) => [p, decodeURIComponent(values[i] ?? '')])) : undefined;
    } catch {
      return send(res, 400, JSON.stringify({ message: 'Bad Request' }));
    }
    const headers: Record<string, string> = {};
    for (const [name, value] of Object.entries(req.headers)) {
      if (value !== undefined && name !== 'cookie') headers[name] = Array.isArray(value) ? value.join(',') : value;
    }
    const contentType = headers['content-type'] ?? '';
    const textual = body.length === 0 || (TEXTUAL.test(contentType) && isUtf8(body));
    const now = new Date();
    const event: APIGatewayProxyEventV2 = {
      version: '2.0',
      routeKey: routeKey(match.route),
      rawPath: url.pathname,
      rawQueryString: url.search.slice(1),
      ...(req.headers.cookie ? { cookies: req.headers.cookie.split(/;\s*/) } : {}),
      headers,
      ...(url.search ? { queryStringParameters: Object.fromEntries(url.searchParams) } : {}),
      ...(pathParameters ? { pathParameters } : {}),
      requestContext: {
        accountId: '000000000000',
        apiId: 'local',
        domainName: headers.host ?? 'localhost',
        domainPrefix: 'local',
        http: { method, path: url.pathname, protocol: `HTTP/${req.httpVersion}`, sourceIp: req.socket.remoteAddress ?? '', userAgent: headers['user-agent'] ?? '' },
        requestId: randomUUID(),
        routeKey: routeKey(match.route),
        stage: '$default',
        time: now.toUTCString(),
        timeEpoch: now.getTime(),
        ...(claims ? { authorizer: { jwt: { claims, scopes: [] } } } : {}),
      },
      ...(body.length ? { body: textual ? body.toString('utf8') : body.toString('base64') } : {}),
      isBase64Encoded: !textual,
    };

    let result: unknown;
    try {
      result = await options.invoke(match.route.fn, event);
    } catch (error) {
      // An uncaught Lambda error: API Gateway answers 500 and reveals nothing.
      console.error(`${match.route.fn} failed:`, error);
      return send(res, 500, JSON.stringify({ message: 'Internal Server Error' }));
    }
    if (!isStructured(result)) return send(res, 200, JSON.stringify(result ?? null));
    const out = result.isBase64Encoded ? Buffer.from(result.body ?? '', 'base64') : Buffer.from(result.body ?? '', 'utf8');
    res.writeHead(result.statusCode ?? 200, { ...(result.headers ?? {}), ...(result.cookies ? { 'set-cookie': result.cookies } : {}) });
    res.end(out);
  };

  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      console.error('gateway error:', error);
      if (!res.headersSent) send(res, 500, JSON.stringify({ message: 'Internal Server Error' }));
      else res.destroy();
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://${options.host ?? '127.0.0.1'}:${port}`,
    port,
    stop: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
  };
};
