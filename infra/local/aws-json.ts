// A tiny AWS JSON-protocol (1.0 / 1.1) HTTP server: POST /, operation named by `X-Amz-Target:
// <ServiceTarget>.<Operation>`, JSON in and out. Errors are `{ "__type", "message" }` with the code
// also in `x-amzn-ErrorType`, which is what the SDK v3 JSON-RPC protocols read to raise the
// service's typed exceptions (ExecutionAlreadyExists, InvalidToken, …). Signatures are not
// checked: the local stack accepts any credentials.
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A modelled service error: the SDK turns `code` into the exception class of that name. */
export class AwsJsonError extends Error {
  readonly code: string;
  readonly statusCode: number;
  constructor(code: string, message: string, statusCode = 400) {
    super(message);
    this.name = code;
    this.code = code;
    this.statusCode = statusCode;
  }
}

/** One operation: the parsed JSON request in, a JSON-serialisable response out (or an AwsJsonError). */
export type AwsJsonOperation = (input: unknown) => unknown;

export interface AwsJsonServerOptions {
  /** @default 0 (any free port) */
  readonly port?: number;
  /** @default '127.0.0.1' */
  readonly host?: string;
  /** The X-Amz-Target prefix, e.g. 'AWSStepFunctions' or 'AWSEvents'. */
  readonly serviceTarget: string;
  readonly jsonVersion: '1.0' | '1.1';
  readonly operations: Readonly<Record<string, AwsJsonOperation>>;
  /** Larger request bodies are refused. @default 1 MiB (every AWS JSON payload limit is below it) */
  readonly maxBodyBytes?: number;
  /**
   * Plain GET routes beside the protocol (local tooling such as the bus's /_events), answered as
   * application/json; undefined falls through to the protocol's error. @default none
   */
  readonly get?: (url: URL, request: IncomingMessage) => { readonly status: number; readonly body: unknown } | undefined;
}

export interface AwsJsonServer {
  readonly endpoint: string;
  readonly port: number;
  stop(): Promise<void>;
}

const readBody = async (request: IncomingMessage, limit: number): Promise<string> => {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    const buffer = chunk as Buffer;
    size += buffer.length;
    if (size > limit) throw new AwsJsonError('SerializationException', `request body exceeds ${limit} bytes`, 413);
    chunks.push(buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
};

const parseBody = (body: string): unknown => {
  if (body.trim() === '') return {};
  try {
    return JSON.parse(body) as unknown;
  } catch {
    throw new AwsJsonError('SerializationException', 'request body is not valid JSON');
  }
};

const endpointOf = (host: string, port: number): string =>
  `http://${host.includes(':') ? `[${host}]` : host}:${port}`;

export const startAwsJsonServer = async (options: AwsJsonServerOptions): Promise<AwsJsonServer> => {
  const contentType = `application/x-amz-json-${options.jsonVersion}`;
  const limit = options.maxBodyBytes ?? 1024 * 1024;

  const send = (response: ServerResponse, status: number, body: unknown, errorType?: string): void => {
    const text = JSON.stringify(body ?? {});
    response.writeHead(status, {
      'content-type': contentType,
      'content-length': Buffer.byteLength(text),
      'x-amzn-requestid': randomUUID(),
      ...(errorType ? { 'x-amzn-errortype': errorType } : {}),
    });
    response.end(text);
  };

  const operationOf = (request: IncomingMessage): AwsJsonOperation => {
    const target = request.headers['x-amz-target'];
    const prefix = `${options.serviceTarget}.`;
    const name = typeof target === 'string' && target.startsWith(prefix) ? target.slice(prefix.length) : undefined;
    if (request.method !== 'POST' || name === undefined || !Object.hasOwn(options.operations, name)) {
      throw new AwsJsonError('UnknownOperationException', `unsupported operation ${String(target)}`);
    }
    const operation = options.operations[name];
    if (!operation) throw new AwsJsonError('UnknownOperationException', `unsupported operation ${name}`);
    return operation;
  };

  const handle = async (request: IncomingMessage, response: ServerResponse): Promise<void> => {
    try {
      const routed = request.method === 'GET' && options.get ? options.get(new URL(request.url ?? '/', 'http://local'), request) : undefined;
      if (routed) {
        const text = JSON.stringify(routed.body);
        response.writeHead(routed.status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
        response.end(text);
        return;
      }
      const operation = operationOf(request);
      const input = parseBody(await readBody(request, limit));
      send(response, 200, await operation(input));
    } catch (error) {
      if (error instanceof AwsJsonError) {
        send(response, error.statusCode, { __type: error.code, message: error.message }, error.code);
        return;
      }
      console.error(`${options.serviceTarget}: unexpected error`, error);
      send(response, 500, { __type: 'InternalFailure', message: 'internal failure' }, 'InternalFailure');
    }
  };

  const server = createServer((request, response) => void handle(request, response));
  const host = options.host ?? '127.0.0.1';
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: endpointOf(host, port),
    port,
    stop: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        // SDK clients keep connections alive; without this close() waits for them to time out.
        server.closeAllConnections();
      }),
  };
};
