// HTTP plumbing shared by every API handler: the middy chain, JSON bodies parsed with zod, and
// responses. Errors are mapped to problem+json in ONE place (problemJson below).
import middy, { type MiddlewareObj } from '@middy/core';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import type * as z from 'zod';
import { DomainError, Invalid, PayloadTooLarge, type FieldError } from '#core/errors.ts';
import { log } from './logger.ts';

export type HttpEvent = APIGatewayProxyEventV2 & {
  requestContext: APIGatewayProxyEventV2['requestContext'] & {
    authorizer?: { jwt?: { claims?: Record<string, unknown>; scopes?: string[] } };
  };
};
export type HttpResult = APIGatewayProxyStructuredResultV2;

const SECURITY_HEADERS = {
  'cache-control': 'no-store',
  'x-content-type-options': 'nosniff',
};

export const json = (statusCode: number, body: unknown, headers: Record<string, string> = {}): HttpResult => ({
  statusCode,
  headers: { 'content-type': 'application/json; charset=utf-8', ...SECURITY_HEADERS, ...headers },
  body: JSON.stringify(body),
});

const statusOf: Record<string, { status: number; title: string }> = {
  Invalid: { status: 400, title: 'Invalid request' },
  Unauthenticated: { status: 401, title: 'Unauthenticated' },
  Forbidden: { status: 403, title: 'Forbidden' },
  NotFound: { status: 404, title: 'Not found' },
  Conflict: { status: 409, title: 'Conflict' },
  Gone: { status: 410, title: 'Gone' },
  PayloadTooLarge: { status: 413, title: 'Payload too large' },
  Unprocessable: { status: 422, title: 'Unprocessable request' },
};

/** RFC 9457 problem details. Unknown errors become a 500 that reveals nothing but the request id. */
export const problemOf = (error: unknown, requestId: string, instance: string): HttpResult => {
  const mapped = error instanceof DomainError ? statusOf[error.name] : undefined;
  if (!mapped || !(error instanceof DomainError)) {
    log.error('unhandled error', { requestId, error });
    return problem(500, 'Internal error', `something went wrong; quote request id ${requestId}`, instance, []);
  }
  return problem(mapped.status, mapped.title, error.message, instance, error.errors);
};

const problem = (status: number, title: string, detail: string, instance: string, errors: readonly FieldError[]): HttpResult => ({
  statusCode: status,
  headers: { 'content-type': 'application/problem+json; charset=utf-8', ...SECURITY_HEADERS },
  body: JSON.stringify({ type: 'about:blank', title, status, detail, instance, ...(errors.length ? { errors } : {}) }),
});

/** Wraps a route handler with logging and problem+json error mapping. */
export const httpHandler = (fn: (event: HttpEvent, context: Context) => Promise<HttpResult>) =>
  middy<HttpEvent, HttpResult>().handler(fn).use(problemJson);

const problemJson: MiddlewareObj<HttpEvent, HttpResult, Error, Context> = {
  before: ({ event, context }) => {
    log.info('request', { requestId: context.awsRequestId, route: event.routeKey });
  },
  onError: (request) => {
    request.response = problemOf(request.error, request.context.awsRequestId, request.event.rawPath);
  },
};

const fieldName = (prefix: string, path: readonly PropertyKey[]): string => [prefix, ...path.map(String)].filter(Boolean).join('.') || prefix || 'body';

/** One entry per offending field; an unknown key is named itself, not its parent object. */
export const fieldErrors = (error: z.ZodError, prefix = ''): FieldError[] =>
  error.issues.flatMap((issue) =>
    issue.code === 'unrecognized_keys'
      ? issue.keys.map((key) => ({ field: fieldName(prefix, [...issue.path, key]), message: 'unknown field' }))
      : [{ field: fieldName(prefix, issue.path), message: issue.message }],
  );

const utf8 = new TextDecoder('utf-8', { fatal: true });

/** Parses a JSON body against a schema: 413 over the limit, 400 naming the field for anything else. */
export const parseJsonBody = <S extends z.ZodType>(event: HttpEvent, schema: S, maxBytes = 64 * 1024): z.infer<S> => {
  const raw = event.body ?? '';
  const bytes = event.isBase64Encoded ? Buffer.from(raw, 'base64') : Buffer.from(raw, 'utf8');
  if (bytes.length > maxBytes) {
    throw new PayloadTooLarge(`the body exceeds ${maxBytes} bytes`, [{ field: 'body', message: `at most ${maxBytes} bytes` }]);
  }
  const contentType = event.headers['content-type'] ?? '';
  if (!/^application\/(?:[\w.+-]+\+)?json\s*(;|$)/i.test(contentType)) {
    throw new Invalid('the body must be JSON', [{ field: 'header.content-type', message: 'expected application/json' }]);
  }
  let text: string;
  try {
    text = utf8.decode(bytes);
  } catch {
    throw new Invalid('the body is not valid UTF-8', [{ field: 'body', message: 'not valid UTF-8' }]);
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new Invalid('the body is not valid JSON', [{ field: 'body', message: 'malformed JSON' }]);
  }
  const parsed = schema.safeParse(value);
  if (!parsed.success) throw new Invalid('the body does not match the schema', fieldErrors(parsed.error));
  return parsed.data;
};

/** A path parameter validated like any other input. */
export const pathParam = <S extends z.ZodType>(event: HttpEvent, name: string, schema: S): z.infer<S> => {
  const parsed = schema.safeParse(event.pathParameters?.[name]);
  if (!parsed.success) throw new Invalid(`path parameter ${name} is invalid`, fieldErrors(parsed.error, `path.${name}`));
  return parsed.data;
};
