// The OpenAPI 3.1 document against the route table it is generated from: every route, its
// parameters and body schemas as the handlers' zod schemas say, every $ref resolvable, and the
// document itself shaped as OpenAPI 3.1 wants for the parts we use (checked by a strict schema).
import { z } from 'zod';
import { describe, expect, it } from 'vitest';
import {
  jsonSchemaOptions,
  openApiDocument,
  problemDetailsSchema,
  type JsonSchema,
  type OpenApiDocument,
  type Operation,
  type Parameter,
  type Reference,
  type ResponseObject,
} from '../../../functions/api/openapi-document.ts';
import pkg from '../../../package.json' with { type: 'json' };
import { routeKey, routes, type Route } from '../../../infra/routes.ts';

const doc = openApiDocument();

const operationFor = (document: OpenApiDocument, route: Route): Operation | undefined => document.paths[route.path]?.[route.method.toLowerCase()];

const expectedJsonSchema = (schema: z.ZodType): Record<string, unknown> => {
  const { $schema: _dialect, ...rest } = z.toJSONSchema(schema, jsonSchemaOptions) as Record<string, unknown>;
  return rest;
};

/** Follows a local `$ref` (`#/a/b/c`, JSON pointer escapes included) through the document. */
const resolve = (document: unknown, target: string): unknown => {
  if (!target.startsWith('#/')) return undefined;
  return target
    .slice(2)
    .split('/')
    .map((part) => part.replaceAll('~1', '/').replaceAll('~0', '~'))
    .reduce<unknown>((node, part) => (typeof node === 'object' && node !== null ? (node as Record<string, unknown>)[part] : undefined), document);
};

const refsIn = (node: unknown): string[] => {
  if (Array.isArray(node)) return node.flatMap(refsIn);
  if (typeof node !== 'object' || node === null) return [];
  return Object.entries(node).flatMap(([key, value]) => (key === '$ref' && typeof value === 'string' ? [value] : refsIn(value)));
};

const derefSchema = (schema: JsonSchema | Reference): unknown => (typeof schema.$ref === 'string' ? resolve(doc, schema.$ref) : schema);
const derefResponse = (response: ResponseObject | Reference | undefined): ResponseObject | undefined =>
  response !== undefined && '$ref' in response ? (resolve(doc, response.$ref) as ResponseObject) : response;

// --------------------------------------------- OpenAPI 3.1, as far as this document uses it (strict)

const componentKey = z.string().regex(/^[a-zA-Z0-9._-]+$/);
const reference = z.strictObject({ $ref: z.string().startsWith('#/components/') });
const jsonSchema = z.record(z.string(), z.unknown());
const mediaTypes = z.record(z.string().regex(/^[\w.+-]+\/[\w.+-]+$/), z.strictObject({ schema: z.union([reference, jsonSchema]) }));
const response = z.strictObject({ description: z.string().min(1), content: mediaTypes.optional() });
const parameter = z.strictObject({
  name: z.string().min(1),
  in: z.enum(['path', 'query', 'header', 'cookie']),
  required: z.boolean(),
  description: z.string().optional(),
  schema: jsonSchema,
});
const operation = z.strictObject({
  operationId: z.string().regex(/^[A-Za-z][A-Za-z0-9_]*$/),
  summary: z.string().min(1),
  description: z.string().optional(),
  tags: z.array(z.string()).optional(),
  security: z.array(z.record(z.string(), z.array(z.string()))).optional(),
  parameters: z.array(parameter).optional(),
  requestBody: z.strictObject({ required: z.boolean().optional(), content: mediaTypes }).optional(),
  responses: z.record(z.string().regex(/^([1-5](\d\d|XX)|default)$/), z.union([reference, response])),
});
const securityScheme = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('http'), scheme: z.string(), bearerFormat: z.string().optional(), description: z.string().optional() }),
  z.strictObject({ type: z.literal('apiKey'), in: z.enum(['header', 'query', 'cookie']), name: z.string(), description: z.string().optional() }),
]);
const openApi31 = z.strictObject({
  openapi: z.string().regex(/^3\.1\.\d+$/),
  info: z.strictObject({ title: z.string().min(1), version: z.string().min(1), description: z.string().optional() }),
  servers: z.array(z.strictObject({ url: z.string(), description: z.string().optional() })).optional(),
  tags: z.array(z.strictObject({ name: z.string(), description: z.string().optional() })).optional(),
  paths: z.record(
    z.string().regex(/^\//),
    z.strictObject({
      get: operation.optional(),
      put: operation.optional(),
      post: operation.optional(),
      delete: operation.optional(),
      patch: operation.optional(),
    }),
  ),
  components: z.strictObject({
    schemas: z.record(componentKey, jsonSchema),
    responses: z.record(componentKey, response),
    securitySchemes: z.record(componentKey, securityScheme),
  }),
});

describe('the OpenAPI document', () => {
  it('is OpenAPI 3.1.0 in the shape of the parts it uses, titled and versioned from package.json, served relative to itself', () => {
    const parsed = openApi31.safeParse(doc);
    expect(parsed.success ? [] : parsed.error.issues).toEqual([]);
    expect(doc.openapi).toBe('3.1.0');
    expect(doc.info.version).toBe(pkg.version);
    expect(doc.servers).toEqual([expect.objectContaining({ url: '/' })]);
  });

  it('has exactly one operation per route of the table, under its method', () => {
    const operations = Object.entries(doc.paths).flatMap(([path, methods]) => Object.keys(methods).map((m) => `${m.toUpperCase()} ${path}`));
    expect(operations.sort()).toEqual(routes.map(routeKey).sort());
    const ids = Object.values(doc.paths).flatMap((methods) => Object.values(methods).map((o) => o.operationId));
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('serves itself: GET /openapi.json is a public route', () => {
    expect(routes).toContainEqual(expect.objectContaining({ method: 'GET', path: '/openapi.json', auth: 'public' }));
    expect(doc.paths['/openapi.json']?.get?.security).toEqual([]);
  });

  it.each(routes.map((r) => [routeKey(r), r] as const))('%s declares exactly its path parameters, required', (_key, route) => {
    const op = operationFor(doc, route);
    const inPath = (op?.parameters ?? []).filter((p) => p.in === 'path');
    const names = [...route.path.matchAll(/\{(\w+)\}/g)].map((m) => m[1]);
    expect(inPath.map((p) => p.name)).toEqual(names);
    expect(inPath.every((p) => p.required)).toBe(true);
  });

  it.each(routes.filter((r) => r.request?.params).map((r) => [routeKey(r), r] as const))('%s documents its path parameters with their zod schemas', (_key, route) => {
    const params = expectedJsonSchema(route.request?.params as z.ZodType) as { properties: Record<string, Record<string, unknown>> };
    // Every parameter the schema names appears in the path template, nothing more.
    expect(Object.keys(params.properties).sort()).toEqual([...route.path.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort());
    for (const p of (operationFor(doc, route)?.parameters ?? []).filter((x) => x.in === 'path')) {
      const { description: _d, ...schema } = params.properties[p.name] ?? {};
      expect(p.schema, p.name).toEqual(schema);
    }
  });

  it.each(routes.map((r) => [routeKey(r), r] as const))('%s has a request body exactly when the table gives one, equal to z.toJSONSchema of it', (_key, route) => {
    const op = operationFor(doc, route);
    if (!route.request?.body) {
      expect(op?.requestBody).toBeUndefined();
      return;
    }
    const media = op?.requestBody?.content['application/json'];
    expect(op?.requestBody?.required).toBe(true);
    expect(media).toBeDefined();
    expect(derefSchema(media?.schema ?? {})).toEqual(expectedJsonSchema(route.request.body));
  });

  it.each(routes.filter((r) => r.request?.query).map((r) => [routeKey(r), r] as const))('%s documents each query parameter of its schema', (_key, route) => {
    const query = expectedJsonSchema(route.request?.query as z.ZodType) as { properties: Record<string, Record<string, unknown>>; required?: string[] };
    const documented = (operationFor(doc, route)?.parameters ?? []).filter((p) => p.in === 'query');
    expect(documented.map((p) => p.name).sort()).toEqual(Object.keys(query.properties).sort());
    for (const p of documented) {
      const { description: _d, ...schema } = query.properties[p.name] ?? {};
      expect(p.schema, p.name).toEqual(schema);
      expect(p.required, p.name).toBe((query.required ?? []).includes(p.name));
    }
  });

  it('asks for the Idempotency-Key header on submit, with the pattern the adapter enforces', () => {
    const submit = doc.paths['/applications/{id}/submit']?.post;
    const header = submit?.parameters?.find((p: Parameter) => p.in === 'header' && p.name.toLowerCase() === 'idempotency-key');
    expect(header).toMatchObject({ name: 'Idempotency-Key', required: true, schema: { type: 'string', pattern: '^[A-Za-z0-9_-]{8,64}$' } });
  });

  it('resolves every $ref inside the document', () => {
    const refs = refsIn(doc);
    expect(refs.length).toBeGreaterThan(10);
    expect(refs.filter((r) => resolve(doc, r) === undefined)).toEqual([]);
  });

  it('secures each route as the table says: a bearer JWT for applicants, all four signed headers for departments, nothing for public routes', () => {
    const schemes = doc.components.securitySchemes;
    expect(schemes.applicantJwt).toMatchObject({ type: 'http', scheme: 'bearer', bearerFormat: 'JWT' });
    for (const header of ['x-department', 'x-timestamp', 'x-nonce', 'x-signature']) {
      expect(Object.values(schemes)).toContainEqual(expect.objectContaining({ type: 'apiKey', in: 'header', name: header }));
    }
    expect(JSON.stringify(schemes)).toMatch(/HMAC-SHA256[\s\S]*METHOD[\s\S]*path[\s\S]*timestamp[\s\S]*nonce[\s\S]*sha256-hex/);
    for (const route of routes) {
      const security = operationFor(doc, route)?.security ?? [];
      const expected = { applicant: [['applicantJwt']], officer: [['officerJwt']], department: [['departmentCode', 'departmentNonce', 'departmentSignature', 'departmentTimestamp']], public: [] }[route.auth];
      expect(security.map((requirement) => Object.keys(requirement).sort()), routeKey(route)).toEqual(expected);
      for (const name of security.flatMap((requirement) => Object.keys(requirement))) expect(schemes[name], name).toBeDefined();
    }
  });

  it('answers success as JSON and every 4xx as problem+json with the ProblemDetails schema', () => {
    const problem = doc.components.schemas.ProblemDetails as { properties: Record<string, unknown>; required: string[] };
    const { $schema: _dialect, ...generated } = z.toJSONSchema(problemDetailsSchema, { ...jsonSchemaOptions, io: 'output' });
    expect(problem).toEqual(generated);
    expect([...problem.required].sort()).toEqual(['detail', 'instance', 'status', 'title', 'type']);
    expect(problem.properties.errors).toMatchObject({ type: 'array', items: { required: ['field', 'message'] } });
    for (const route of routes) {
      const responses = operationFor(doc, route)?.responses ?? {};
      const success = derefResponse(responses[String(route.successStatus ?? 200)]);
      expect(success?.content?.['application/json'], `${routeKey(route)} success`).toBeDefined();
      const clientErrors = Object.entries(responses).filter(([status]) => status.startsWith('4'));
      expect(clientErrors.map(([status]) => status), routeKey(route)).toContain('4XX');
      for (const [status, r] of clientErrors) {
        expect(derefResponse(r)?.content?.['application/problem+json']?.schema, `${routeKey(route)} ${status}`).toEqual({ $ref: '#/components/schemas/ProblemDetails' });
      }
    }
  });

  it('names the bad-request, unauthorised, not-found and too-large answers where a route can give them', () => {
    const statuses = (method: string, path: string) => Object.keys(doc.paths[path]?.[method]?.responses ?? {});
    expect(statuses('post', '/applications')).toEqual(expect.arrayContaining(['201', '400', '401', '413', '4XX']));
    expect(statuses('get', '/cases/{caseNo}')).toEqual(expect.arrayContaining(['200', '400', '401', '404', '4XX']));
    expect(statuses('post', '/work-items/{id}/decision')).toEqual(expect.arrayContaining(['200', '400', '401', '403', '404', '413', '4XX']));
    expect(statuses('get', '/openapi.json')).not.toContain('401');
  });

  it('is deterministic: the same table gives the same document', () => {
    expect(JSON.stringify(openApiDocument())).toBe(JSON.stringify(doc));
  });

  it('moves the $defs of recursive schemas into components, so their $refs resolve inside the document', () => {
    interface Node {
      name: string;
      children: Node[];
    }
    const node: z.ZodType<Node> = z.lazy(() => z.strictObject({ name: z.string(), children: z.array(node) }));
    const tree = z.strictObject({ root: node });
    const custom = openApiDocument([{ method: 'POST', path: '/trees/{id}', fn: 'createApplication', auth: 'public', request: { body: tree } }]);
    const text = JSON.stringify(custom);
    expect(text).not.toContain('$defs');
    expect(refsIn(custom).filter((r) => resolve(custom, r) === undefined)).toEqual([]);
    expect(openApi31.safeParse(custom).success).toBe(true);
  });
});
