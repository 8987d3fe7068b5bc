// The OpenAPI 3.1 description of the HTTP API, generated from THE route table (infra/routes.ts) and
// the zod schemas the handlers parse their input with: what is documented is what is enforced, and
// there is no hand-written spec to drift. OpenAPI 3.1 schemas are JSON Schema 2020-12, which is what
// `z.toJSONSchema` emits, so request schemas go in unchanged.
import * as z from 'zod';
import pkg from '../../package.json' with { type: 'json' };
import { NONCE_PATTERN, SIGNATURE_WINDOW_SECONDS } from '#core/request-signature.ts';
import { functionSpecs } from '#infra/functions.ts';
import { routes as routeTable, type Route, type RouteAuth } from '#infra/routes.ts';

export type JsonSchema = Record<string, unknown>;

export interface Reference {
  readonly $ref: string;
}

export interface Parameter {
  readonly name: string;
  readonly in: 'path' | 'query' | 'header';
  readonly required: boolean;
  readonly description?: string;
  readonly schema: JsonSchema;
}

export interface MediaType {
  readonly schema: JsonSchema | Reference;
}

export interface ResponseObject {
  readonly description: string;
  readonly content?: Readonly<Record<string, MediaType>>;
}

export interface Operation {
  readonly operationId: string;
  readonly summary: string;
  readonly description?: string;
  readonly tags: readonly string[];
  readonly security: ReadonlyArray<Readonly<Record<string, readonly string[]>>>;
  readonly parameters?: readonly Parameter[];
  readonly requestBody?: { readonly required: boolean; readonly content: Readonly<Record<string, MediaType>> };
  readonly responses: Readonly<Record<string, ResponseObject | Reference>>;
}

export type SecurityScheme =
  | { readonly type: 'http'; readonly scheme: 'bearer'; readonly bearerFormat: string; readonly description: string }
  | { readonly type: 'apiKey'; readonly in: 'header'; readonly name: string; readonly description: string };

export interface OpenApiDocument {
  readonly openapi: '3.1.0';
  readonly info: { readonly title: string; readonly version: string; readonly description: string };
  readonly servers: ReadonlyArray<{ readonly url: string; readonly description: string }>;
  readonly tags: ReadonlyArray<{ readonly name: string; readonly description: string }>;
  readonly paths: Readonly<Record<string, Readonly<Record<string, Operation>>>>;
  readonly components: {
    readonly schemas: Readonly<Record<string, JsonSchema>>;
    readonly responses: Readonly<Record<string, ResponseObject>>;
    readonly securitySchemes: Readonly<Record<string, SecurityScheme>>;
  };
}

/**
 * How every zod schema becomes JSON Schema here: 2020-12 (OpenAPI 3.1's dialect); requests as the
 * caller sends them (`io: 'input'`: a defaulted field is optional); anything JSON Schema cannot say
 * (a refinement's rule, a transform) becomes `{}` rather than failing the document.
 */
export const jsonSchemaOptions = { target: 'draft-2020-12', io: 'input', unrepresentable: 'any' } as const;

/** RFC 9457 problem details, as functions/middleware/http.ts answers every 4xx and 5xx. */
export const problemDetailsSchema = z
  .object({
    type: z.string().describe('A URI naming the problem type; `about:blank` when the status says it all.'),
    title: z.string().describe('Short summary of the status, e.g. "Invalid request".'),
    status: z.number().int().min(400).max(599),
    detail: z.string().describe('What is wrong with this request, in English.'),
    instance: z.string().describe('The request path.'),
    errors: z
      .array(
        z.object({
          field: z.string().describe('The offending field: `body`, a body path like `delivery.address.mobile`, `path.<name>`, `query.<name>` or `header.<name>`.'),
          message: z.string(),
        }),
      )
      .optional()
      .describe('One entry per offending field, when the problem is about fields.'),
  })
  .describe('RFC 9457 problem details (application/problem+json).');

/** What API Gateway itself answers (401 without a valid token, 404 for no route, 413 over 10 MiB). */
export const gatewayMessageSchema = z.object({ message: z.string() }).describe("API Gateway's own answer, before any handler runs.");

const PROBLEM = 'application/problem+json';
const JSON_TYPE = 'application/json';

const ref = (kind: 'schemas' | 'responses', name: string): Reference => ({ $ref: `#/components/${kind}/${name}` });
const problem = (description: string): ResponseObject => ({ description, content: { [PROBLEM]: { schema: ref('schemas', 'ProblemDetails') } } });
const problemOrGateway = (description: string): ResponseObject => ({
  description,
  content: { [JSON_TYPE]: { schema: ref('schemas', 'GatewayMessage') }, [PROBLEM]: { schema: ref('schemas', 'ProblemDetails') } },
});

const SIGNING_RECIPE = [
  'Department systems sign every request with their HMAC-SHA256 key (base64, issued per department) and send four headers:',
  '`x-department` (the department code), `x-timestamp` (epoch seconds), `x-nonce` (fresh per request) and `x-signature`.',
  '',
  '`x-signature` = base64(HMAC-SHA256(key, stringToSign)), where stringToSign is five lines joined by `\\n`:',
  '',
  '    METHOD          e.g. POST',
  '    path            the request path without the query string, e.g. /work-items/99-20260101-0123456789~SCJGJ/decision',
  '    timestamp       the x-timestamp value',
  '    nonce           the x-nonce value',
  '    sha256-hex      lowercase hex SHA-256 of the raw body bytes (of the empty string for a GET)',
  '',
  `A request is accepted within ${SIGNATURE_WINDOW_SECONDS} s of the platform's clock, and each nonce only once. A missing header,`,
  'a bad signature, a stale timestamp and a replayed nonce all answer 401; an unknown department answers like a bad signature.',
].join('\n');

const securitySchemes: Record<string, SecurityScheme> = {
  applicantJwt: {
    type: 'http',
    scheme: 'bearer',
    bearerFormat: 'JWT',
    description:
      "A token from the province's OIDC issuer (locally: `npm run token -- --resident-id …`), verified by the API Gateway JWT authoriser. " +
      'It carries `name` and exactly one of `resident_id` (GB 11643) or `uscc` (GB 32100); `role: agent` marks service-centre staff (帮办). ' +
      'A missing or unverifiable token answers 401 from the gateway; a verified token whose identity code is invalid answers 401 problem+json.',
  },
  officerJwt: {
    type: 'http',
    scheme: 'bearer',
    bearerFormat: 'JWT',
    description:
      "A department officer's token from the province's issuer (locally: `npm run token -- --officer --department SCJGJ`), verified by the same JWT authoriser. " +
      'It carries `name`, `role: officer` and `department` (a department code of the province); the officer sees and decides only that department’s work items, audited with the token’s `sub`. ' +
      'A token without role officer or naming an unknown department answers 403.',
  },
  departmentCode: { type: 'apiKey', in: 'header', name: 'x-department', description: `The department code, e.g. SCJGJ. Part of the signed request:\n\n${SIGNING_RECIPE}` },
  departmentTimestamp: { type: 'apiKey', in: 'header', name: 'x-timestamp', description: `Epoch seconds, 10 digits, within ${SIGNATURE_WINDOW_SECONDS} s of the platform's clock.` },
  departmentNonce: { type: 'apiKey', in: 'header', name: 'x-nonce', description: `Fresh per request, matching ${NONCE_PATTERN.source}; a repeat is refused (401).` },
  departmentSignature: { type: 'apiKey', in: 'header', name: 'x-signature', description: SIGNING_RECIPE },
};

const securityOf: Record<RouteAuth, Operation['security']> = {
  applicant: [{ applicantJwt: [] }],
  officer: [{ officerJwt: [] }],
  // One requirement naming all four schemes: every header is needed (AND), not any of them.
  department: [{ departmentCode: [], departmentTimestamp: [], departmentNonce: [], departmentSignature: [] }],
  public: [],
};

const componentResponses: Record<string, ResponseObject> = {
  BadRequest: problem('The input is malformed or breaks a rule (malformed JSON, not UTF-8, wrong type, unknown or missing field, bad path or query parameter, bad header); `errors` names each field.'),
  ApplicantUnauthorized: problemOrGateway('No valid token (application/json, from the gateway), or a verified token whose identity code is invalid (problem+json).'),
  DepartmentUnauthorized: problem('A missing signature header, a bad signature, a stale timestamp or a replayed nonce.'),
  Forbidden: problem('Authenticated, but not allowed: another department’s work item, an applicant who is not an agent applying for someone else, or a token without the role the route needs.'),
  NotFound: problem('No such thing, or not the caller’s: another applicant’s application or case answers exactly like a missing one.'),
  PayloadTooLarge: problemOrGateway('The body is over the route’s limit (problem+json) or over 10 MiB (application/json, from the gateway).'),
  ClientError: problem('Any other client error, e.g. 409 (conflicts with the current state), 410 (the case is closed), 422 (an Idempotency-Key reused for another request).'),
};

const toJsonSchema = (schema: z.ZodType, io: 'input' | 'output' = 'input'): JsonSchema => {
  const { $schema: _dialect, ...rest } = z.toJSONSchema(schema, { ...jsonSchemaOptions, io }) as JsonSchema;
  return rest;
};

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

const componentName = (name: string): string => name.replace(/[^A-Za-z0-9._-]/g, '_');

/**
 * Moves a schema's `$defs` (zod emits them for recursive or registered schemas) into
 * components.schemas and points its `$ref`s there: inside an OpenAPI document, `#/$defs/…` would
 * resolve against the document root, where nothing is.
 */
const hoistDefinitions = (schema: JsonSchema, name: string, schemas: Record<string, JsonSchema>): JsonSchema => {
  const { $defs, ...rest } = schema;
  let selfReferenced = false;
  const retarget = (target: string): string => {
    if (target === '#') {
      selfReferenced = true;
      return ref('schemas', name).$ref;
    }
    return target.startsWith('#/$defs/') ? ref('schemas', componentName(`${name}.${target.slice('#/$defs/'.length)}`)).$ref : target;
  };
  const rewrite = (node: unknown): unknown => {
    if (Array.isArray(node)) return node.map(rewrite);
    if (!isRecord(node)) return node;
    return Object.fromEntries(Object.entries(node).map(([key, value]) => [key, key === '$ref' && typeof value === 'string' ? retarget(value) : rewrite(value)]));
  };
  for (const [definition, body] of Object.entries(isRecord($defs) ? $defs : {})) {
    schemas[componentName(`${name}.${definition}`)] = rewrite(body) as JsonSchema;
  }
  const result = rewrite(rest) as JsonSchema;
  if (selfReferenced) schemas[name] = result;
  return result;
};

const pascal = (name: string): string => name.charAt(0).toUpperCase() + name.slice(1);

/** `idempotency-key` → `Idempotency-Key` (header names are case-insensitive; this is how they are written). */
const headerName = (name: string): string => name.split('-').map(pascal).join('-');

const pathParameterNames = (path: string): string[] => [...path.matchAll(/\{(\w+)\}/g)].map((m) => m[1] as string);

const parametersOf = (
  where: Parameter['in'],
  schema: z.ZodType | undefined,
  name: string,
  schemas: Record<string, JsonSchema>,
): { parameters: Parameter[]; closed: boolean } => {
  if (!schema) return { parameters: [], closed: false };
  const json = hoistDefinitions(toJsonSchema(schema), name, schemas);
  const properties = isRecord(json.properties) ? json.properties : {};
  const required = new Set(Array.isArray(json.required) ? json.required : []);
  const parameters = Object.entries(properties).map(([key, property]): Parameter => {
    const { description, ...rest } = isRecord(property) ? property : {};
    return {
      name: where === 'header' ? headerName(key) : key,
      in: where,
      required: where === 'path' || required.has(key),
      ...(typeof description === 'string' ? { description } : {}),
      schema: rest,
    };
  });
  return { parameters, closed: json.additionalProperties === false };
};

const summaryOf = (route: Route): { summary: string; description: string } => {
  const description: string = functionSpecs[route.fn].description;
  const prefix = `${route.method} ${route.path}: `;
  const summary = description.startsWith(prefix) ? description.slice(prefix.length) : description;
  return { summary: summary.charAt(0).toUpperCase() + summary.slice(1), description };
};

const operationOf = (route: Route, operationId: string, schemas: Record<string, JsonSchema>): Operation => {
  const request = route.request ?? {};
  const base = pascal(operationId);
  const declared = parametersOf('path', request.params, `${base}Path`, schemas).parameters;
  // Every `{name}` of the path is a parameter, schema or not: a string when the table gives none.
  const path = pathParameterNames(route.path).map(
    (name): Parameter => declared.find((p) => p.name === name) ?? { name, in: 'path', required: true, schema: { type: 'string' } },
  );
  const query = parametersOf('query', request.query, `${base}Query`, schemas);
  const headers = parametersOf('header', request.headers, `${base}Headers`, schemas).parameters;
  const parameters = [...path, ...query.parameters, ...headers];
  let requestBody: Operation['requestBody'];
  if (request.body) {
    const name = `${base}Request`;
    schemas[name] = hoistDefinitions(toJsonSchema(request.body), name, schemas);
    requestBody = { required: true, content: { [JSON_TYPE]: { schema: ref('schemas', name) } } };
  }
  const { summary, description } = summaryOf(route);
  const responses: Record<string, ResponseObject | Reference> = {
    [String(route.successStatus ?? 200)]: { description: 'Success', content: { [JSON_TYPE]: { schema: { type: 'object' } } } },
  };
  if (parameters.length > 0 || requestBody) responses['400'] = ref('responses', 'BadRequest');
  if (route.auth === 'applicant') responses['401'] = ref('responses', 'ApplicantUnauthorized');
  if (route.auth === 'officer') {
    responses['401'] = ref('responses', 'ApplicantUnauthorized');
    responses['403'] = ref('responses', 'Forbidden');
  }
  if (route.auth === 'department') {
    responses['401'] = ref('responses', 'DepartmentUnauthorized');
    responses['403'] = ref('responses', 'Forbidden');
  }
  if (path.length > 0) responses['404'] = ref('responses', 'NotFound');
  if (requestBody) responses['413'] = ref('responses', 'PayloadTooLarge');
  responses['4XX'] = ref('responses', 'ClientError');
  return {
    operationId,
    summary,
    description: query.closed ? `${description}\n\nUnknown query parameters are refused (400).` : description,
    tags: [route.auth],
    security: securityOf[route.auth],
    ...(parameters.length > 0 ? { parameters } : {}),
    ...(requestBody ? { requestBody } : {}),
    responses,
  };
};

/** The document for a route table (THE route table unless given). Pure: the same table, the same document. */
export const openApiDocument = (table: readonly Route[] = routeTable): OpenApiDocument => {
  const schemas: Record<string, JsonSchema> = {
    ProblemDetails: toJsonSchema(problemDetailsSchema, 'output'),
    GatewayMessage: toJsonSchema(gatewayMessageSchema, 'output'),
  };
  const uses = new Map<string, number>();
  for (const route of table) uses.set(route.fn, (uses.get(route.fn) ?? 0) + 1);
  const paths: Record<string, Record<string, Operation>> = {};
  for (const route of table) {
    // A function serving several routes gets one operation id per route.
    const operationId = (uses.get(route.fn) ?? 0) > 1 ? `${route.fn}${pascal(route.method.toLowerCase())}` : route.fn;
    (paths[route.path] ??= {})[route.method.toLowerCase()] = operationOf(route, operationId, schemas);
  }
  return {
    openapi: '3.1.0',
    info: {
      title: '不见面审批 (no-meeting approval) API',
      version: pkg.version,
      description:
        'Applicants apply, upload materials, submit and track their cases; departments pull and decide their work items. ' +
        'Every client error answers `application/problem+json` (RFC 9457) naming the offending fields, except the few the gateway answers itself (`{"message": …}`). ' +
        'Generated from the route table and the zod schemas the handlers validate with.',
    },
    servers: [{ url: '/', description: 'This API (relative to where this document was fetched).' }],
    tags: [
      { name: 'applicant', description: 'Citizens, companies and agents (帮办), with a JWT from the province’s OIDC issuer.' },
      { name: 'department', description: 'Department systems, with HMAC-signed requests.' },
      { name: 'officer', description: 'Department officers at the department desk, with a JWT carrying role officer and their department.' },
      { name: 'public', description: 'No authentication.' },
    ],
    paths,
    components: { schemas, responses: componentResponses, securitySchemes },
  };
};
