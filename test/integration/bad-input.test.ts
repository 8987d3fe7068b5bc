// Bad input everywhere on the applicant and department surface (issue #4, item 7), against the
// local stack. Each row is one request that must be refused with its exact 4xx: as
// application/problem+json naming the offending field, or, where the gateway refuses before any
// handler runs, with API Gateway's own `{"message": …}`. And each must leave nothing written:
// applicant rows run as a fresh applicant whose index partition, drafts and cases are read back
// after the request; department rows decide a real open work item whose case partition must not
// change by a single attribute.
import { randomBytes, randomUUID } from 'node:crypto';
import { DynamoDBDocumentClient, GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { beforeAll, describe, expect, it } from 'vitest';
import { problemDetailsSchema } from '../../functions/api/openapi-document.ts';
import { applicantKey } from '../../functions/core/applicant-key.ts';
import type { Applicant } from '../../functions/core/applicant.ts';
import { sign } from '../../functions/core/request-signature.ts';
import { dynamoDbClient } from '../../infra/local/clients.ts';
import { call, eventually, stack, tokenFor, type ApiResponse } from '../support/api.ts';
import { createDraft, samplePdf, sha256Hex, submit, upload, waitForStatus, waitSettled } from '../support/applicant-journey.ts';
import { aResidentId, anApplicant } from '../support/identities.ts';

// ------------------------------------------------------------------------------- what is expected

/** The exact answer: problem+json (naming `field` when given), or the gateway's own `{"message"}`. */
interface Refusal {
  readonly status: number;
  readonly field?: string;
  readonly gateway?: string;
}

const problem = (status: number, field?: string): Refusal => ({ status, ...(field !== undefined ? { field } : {}) });
const fromGateway = (status: number, message: string): Refusal => ({ status, gateway: message });

const expectRefused = (res: ApiResponse<unknown>, expected: Refusal): void => {
  expect(res.status, JSON.stringify(res.body)).toBe(expected.status);
  const contentType = res.headers.get('content-type') ?? '';
  if (expected.gateway !== undefined) {
    expect(contentType).toMatch(/^application\/json/);
    expect(res.body).toEqual({ message: expected.gateway });
    return;
  }
  expect(contentType).toContain('application/problem+json');
  const details = problemDetailsSchema.parse(res.body);
  expect(details.status).toBe(expected.status);
  if (expected.field !== undefined) expect(details.errors?.map((e) => e.field)).toContain(expected.field);
};

// ---------------------------------------------------------------------------- reading the table

let db: DynamoDBDocumentClient;

beforeAll(() => {
  db = DynamoDBDocumentClient.from(dynamoDbClient(stack().endpoints.dynamodb));
});

/** Everything indexed under an applicant (their applications and cases): the byApplicant index. */
const indexedUnder = async (who: Pick<Applicant, 'kind' | 'identity'>): Promise<Array<Record<string, unknown>>> => {
  const { Items = [] } = await db.send(
    new QueryCommand({
      TableName: stack().names.table,
      IndexName: 'byApplicant',
      KeyConditionExpression: 'gsi1pk = :pk',
      ExpressionAttributeValues: { ':pk': `APPLICANT#${applicantKey(who)}` },
    }),
  );
  return Items;
};

/** Every item of one partition (an application with its documents, or a case with audit and work items). */
const partition = async (pk: string): Promise<Array<Record<string, unknown>>> => {
  const { Items = [] } = await db.send(
    new QueryCommand({ TableName: stack().names.table, KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': pk }, ConsistentRead: true }),
  );
  return Items;
};

const idempotencyRecord = async (who: Pick<Applicant, 'kind' | 'identity'>, key: string): Promise<unknown> =>
  (await db.send(new GetCommand({ TableName: stack().names.table, Key: { pk: `IDEMPOTENCY#${applicantKey(who)}#${key}`, sk: 'META' }, ConsistentRead: true }))).Item;

// ------------------------------------------------------------------------------------ identities

const person = (identity: string) => ({ kind: 'person', identity }) as const;
const organisation = (identity: string) => ({ kind: 'organisation', identity }) as const;

/** The same resident id with another check character: well formed, wrong checksum. */
const withWrongCheck = (residentId: string): string => `${residentId.slice(0, 17)}${residentId.endsWith('1') ? '2' : '1'}`;
const VALID_USCC = '91320100MA1X7K2D0H';
const USCC_WRONG_CHECK = '91320100MA1X7K2D0J';

const KIB = 1024;
const pageToken = (key: Record<string, unknown>): string => Buffer.from(JSON.stringify(key)).toString('base64url');
const json = { 'content-type': 'application/json' };
const utf8 = (text: string) => new TextEncoder().encode(text);

// ================================================================ applicant: no draft needed

interface ApplicantContext {
  /** A fresh applicant; their token (with `role: agent` when the row says so). */
  readonly self: ReturnType<typeof anApplicant>;
  readonly token: string;
  /** Someone else an agent might apply for: a valid resident id, and the same with a wrong check character. */
  readonly other: string;
  readonly otherBad: string;
}

interface ApplicantRow {
  readonly agent?: boolean;
  readonly send: (c: ApplicantContext) => Promise<ApiResponse<unknown>>;
  readonly expected: Refusal;
}

const createApplication = (c: ApplicantContext, body: unknown) => call('POST', '/applications', { token: c.token, body });
const createApplicationRaw = (c: ApplicantContext, rawBody: string | Uint8Array, headers: Record<string, string> = json) =>
  call('POST', '/applications', { token: c.token, rawBody, headers });
const ems = (address: Record<string, unknown>) => ({
  method: 'ems',
  address: { recipient: '张三', mobile: '13800138000', province: '江苏省', city: '南京市', county: '玄武区', detail: '北京东路41号', ...address },
});

const applicantRows: Record<string, ApplicantRow> = {
  // malformed bodies
  'malformed JSON': { send: (c) => createApplicationRaw(c, '{"itemCode": "DEMO-001"'), expected: problem(400, 'body') },
  'an empty body': { send: (c) => createApplicationRaw(c, ''), expected: problem(400, 'body') },
  'a JSON array instead of an object': { send: (c) => createApplication(c, [{ itemCode: 'DEMO-001' }]), expected: problem(400, 'body') },
  'JSON null': { send: (c) => createApplicationRaw(c, 'null'), expected: problem(400, 'body') },
  'non-UTF-8 bytes (0xff 0xfe) as application/json': {
    send: (c) => createApplicationRaw(c, new Uint8Array([0xff, 0xfe, 0x7b, 0x7d])),
    expected: problem(400, 'body'),
  },
  'Latin-1 bytes inside a JSON string': {
    send: (c) => createApplicationRaw(c, new Uint8Array([...utf8('{"itemCode":"DEMO-'), 0xe9, ...utf8('"}')])),
    expected: problem(400, 'body'),
  },
  // content types
  'content-type text/plain': { send: (c) => createApplicationRaw(c, '{"itemCode":"DEMO-001"}', { 'content-type': 'text/plain' }), expected: problem(400, 'header.content-type') },
  'no content-type at all': { send: (c) => createApplicationRaw(c, utf8('{"itemCode":"DEMO-001"}'), {}), expected: problem(400, 'header.content-type') },
  'a form-encoded body': {
    send: (c) => createApplicationRaw(c, 'itemCode=DEMO-001', { 'content-type': 'application/x-www-form-urlencoded' }),
    expected: problem(400, 'header.content-type'),
  },
  // schema: types, required, unknown fields
  'itemCode of the wrong type': { send: (c) => createApplication(c, { itemCode: 42 }), expected: problem(400, 'itemCode') },
  'neither itemCode nor bundleCode': { send: (c) => createApplication(c, {}), expected: problem(400, 'itemCode') },
  'both itemCode and bundleCode': { send: (c) => createApplication(c, { itemCode: 'DEMO-001', bundleCode: 'DEMO-B' }), expected: problem(400, 'itemCode') },
  'an unknown top-level field (mass assignment of status)': {
    send: (c) => createApplication(c, { itemCode: 'DEMO-001', status: 'submitted' }),
    expected: problem(400, 'status'),
  },
  'a __proto__ key': { send: (c) => createApplicationRaw(c, '{"itemCode":"DEMO-001","__proto__":{"isAgent":true}}'), expected: problem(400, '__proto__') },
  'an unknown field inside delivery.address': {
    send: (c) => createApplication(c, { itemCode: 'DEMO-001', delivery: ems({ floor: 3 }) }),
    expected: problem(400, 'delivery.address.floor'),
  },
  'an unknown service item': { send: (c) => createApplication(c, { itemCode: 'NOPE-999' }), expected: problem(400, 'itemCode') },
  'an unknown delivery method': { send: (c) => createApplication(c, { itemCode: 'DEMO-001', delivery: { method: 'pigeon' } }), expected: problem(400, 'delivery.method') },
  'a mobile number that is not one': {
    send: (c) => createApplication(c, { itemCode: 'DEMO-001', delivery: ems({ mobile: '12345' }) }),
    expected: problem(400, 'delivery.address.mobile'),
  },
  // Issue #9: EMS routes by GB/T 2260 province names; city and county are required and bounded.
  'a delivery province that is not a GB/T 2260 name': {
    send: (c) => createApplication(c, { itemCode: 'DEMO-001', delivery: ems({ province: '江苏' }) }),
    expected: problem(400, 'delivery.address.province'),
  },
  'an empty delivery city': { send: (c) => createApplication(c, { itemCode: 'DEMO-001', delivery: ems({ city: '' }) }), expected: problem(400, 'delivery.address.city') },
  'a 31-character delivery county': {
    send: (c) => createApplication(c, { itemCode: 'DEMO-001', delivery: ems({ county: '区'.repeat(31) }) }),
    expected: problem(400, 'delivery.address.county'),
  },
  'a mobile number starting 12': { send: (c) => createApplication(c, { itemCode: 'DEMO-001', delivery: ems({ mobile: '12800138000' }) }), expected: problem(400, 'delivery.address.mobile') },
  'a form field name with a path in it': { send: (c) => createApplication(c, { itemCode: 'DEMO-001', formData: { '../x': 'a' } }), expected: problem(400, 'formData.../x') },
  'a nested object as a form value': { send: (c) => createApplication(c, { itemCode: 'DEMO-001', formData: { note: { a: 1 } } }), expected: problem(400, 'formData.note') },
  'more than 100 form fields': {
    send: (c) => createApplication(c, { itemCode: 'DEMO-001', formData: Object.fromEntries(Array.from({ length: 101 }, (_, i) => [`f${i}`, i])) }),
    expected: problem(400, 'formData'),
  },
  'a situation answer that is not a code': {
    send: (c) => createApplication(c, { itemCode: 'DEMO-001', situationAnswers: { 'Q-1': 'not a code!' } }),
    expected: problem(400, 'situationAnswers.Q-1'),
  },
  // huge strings and bodies
  'a 2001-character form value': { send: (c) => createApplication(c, { itemCode: 'DEMO-001', formData: { note: 'x'.repeat(2001) } }), expected: problem(400, 'formData.note') },
  'a 60 KiB itemCode (under the body limit)': { send: (c) => createApplication(c, { itemCode: 'X'.repeat(60 * KIB) }), expected: problem(400, 'itemCode') },
  'a body over the 64 KiB limit': { send: (c) => createApplication(c, { itemCode: 'DEMO-001', formData: { note: 'x'.repeat(64 * KIB) } }), expected: problem(413, 'body') },
  "a body over the gateway's 10 MiB limit": {
    send: (c) => createApplicationRaw(c, new Uint8Array(10 * KIB * KIB + 1).fill(0x20)),
    expected: fromGateway(413, 'Request Entity Too Large'),
  },
  // identities
  'onBehalfOf by an applicant who is not an agent': {
    send: (c) => createApplication(c, { itemCode: 'DEMO-001', onBehalfOf: { kind: 'person', name: '王五', identity: c.other } }),
    expected: problem(403),
  },
  'onBehalfOf a resident id with a wrong check character (agent)': {
    agent: true,
    send: (c) => createApplication(c, { itemCode: 'DEMO-001', onBehalfOf: { kind: 'person', name: '王五', identity: c.otherBad } }),
    expected: problem(400, 'onBehalfOf.identity'),
  },
  'onBehalfOf a USCC with a wrong check character (agent)': {
    agent: true,
    send: (c) => createApplication(c, { itemCode: 'DEMO-001', onBehalfOf: { kind: 'organisation', name: '某某公司', identity: USCC_WRONG_CHECK } }),
    expected: problem(400, 'onBehalfOf.identity'),
  },
  'onBehalfOf a valid USCC declared as a person (agent)': {
    agent: true,
    send: (c) => createApplication(c, { itemCode: 'DEMO-001', onBehalfOf: { kind: 'person', name: '王五', identity: VALID_USCC } }),
    expected: problem(400, 'onBehalfOf.identity'),
  },
  'onBehalfOf a 19-character identity (agent)': {
    agent: true,
    send: (c) => createApplication(c, { itemCode: 'DEMO-001', onBehalfOf: { kind: 'person', name: '王五', identity: `${c.other}0` } }),
    expected: problem(400, 'onBehalfOf.identity'),
  },
  'onBehalfOf an unknown kind (agent)': {
    agent: true,
    send: (c) => createApplication(c, { itemCode: 'DEMO-001', onBehalfOf: { kind: 'robot', name: '王五', identity: c.other } }),
    expected: problem(400, 'onBehalfOf.kind'),
  },
  'a signed token whose resident id has a wrong check character': {
    send: async (c) => call('POST', '/applications', { token: await tokenFor({ ...c.self, resident_id: withWrongCheck(c.self.resident_id) }), body: { itemCode: 'DEMO-001' } }),
    expected: problem(401),
  },
  'a signed token whose resident id has an impossible birth date': {
    send: async (c) => call('GET', '/cases', { token: await tokenFor({ ...c.self, resident_id: `11010119900230${c.self.resident_id.slice(14)}` }) }),
    expected: problem(401),
  },
  'a signed token with both a resident id and a USCC': {
    send: async (c) => call('POST', '/applications', { token: await tokenFor({ ...c.self, uscc: VALID_USCC }), body: { itemCode: 'DEMO-001' } }),
    expected: problem(401),
  },
  'no token': { send: () => call('POST', '/applications', { body: { itemCode: 'DEMO-001' } }), expected: fromGateway(401, 'Unauthorized') },
  'a token that is not a JWT of the issuer': {
    send: () => call('POST', '/applications', { token: 'eyJhbGciOiJub25lIn0.eyJzdWIiOiJ4In0.', body: { itemCode: 'DEMO-001' } }),
    expected: fromGateway(401, 'Unauthorized'),
  },
  // GET /cases query
  'GET /cases?limit=0': { send: (c) => call('GET', '/cases?limit=0', { token: c.token }), expected: problem(400, 'query.limit') },
  'GET /cases?limit=abc': { send: (c) => call('GET', '/cases?limit=abc', { token: c.token }), expected: problem(400, 'query.limit') },
  'GET /cases?limit=101': { send: (c) => call('GET', '/cases?limit=101', { token: c.token }), expected: problem(400, 'query.limit') },
  'GET /cases?limit=1.5': { send: (c) => call('GET', '/cases?limit=1.5', { token: c.token }), expected: problem(400, 'query.limit') },
  'GET /cases with an unknown query parameter': { send: (c) => call('GET', '/cases?owner=someone-else', { token: c.token }), expected: problem(400, 'query.owner') },
  'GET /cases with a forged page token': {
    send: (c) => call('GET', `/cases?next=${pageToken({ pk: 'CASE#x', sk: 'META', gsi1pk: 'APPLICANT#someone-else', gsi1sk: 'CASE#' })}`, { token: c.token }),
    expected: problem(400, 'query.next'),
  },
  'GET /cases with a page token for my own partition that is no key (was a 500)': {
    send: (c) => call('GET', `/cases?next=${pageToken({ gsi1pk: `APPLICANT#${applicantKey(person(c.self.resident_id))}`, gsi1sk: 5 })}`, { token: c.token }),
    expected: problem(400, 'query.next'),
  },
  // paths
  'GET /cases/{caseNo} with something that is not a case number': { send: (c) => call('GET', '/cases/not-a-case', { token: c.token }), expected: problem(400, 'path.caseNo') },
  'GET /cases/{caseNo} with letters outside Crockford base32': { send: (c) => call('GET', '/cases/99-20260101-ILOU000000', { token: c.token }), expected: problem(400, 'path.caseNo') },
  'GET /cases/{caseNo} with an encoded path traversal': { send: (c) => call('GET', '/cases/..%2F..%2Fapplications', { token: c.token }), expected: problem(400, 'path.caseNo') },
  'GET /applications/{id} with an id that is not a UUID': { send: (c) => call('GET', '/applications/12345', { token: c.token }), expected: problem(400, 'path.id') },
  'GET /applications/{id} with an encoded NUL': { send: (c) => call('GET', '/applications/%00', { token: c.token }), expected: problem(400, 'path.id') },
  'GET /applications/{id} with malformed percent-encoding': {
    send: (c) => call('GET', '/applications/%E0%A4%A', { token: c.token }),
    expected: fromGateway(400, 'Bad Request'),
  },
};

describe('bad input on the applicant surface, without a draft', () => {
  it.each(Object.entries(applicantRows))('refuses %s, writing nothing', async (_name, row) => {
    const self = anApplicant();
    const token = await tokenFor(row.agent ? { ...self, name: '帮办员', role: 'agent' } : self);
    const other = aResidentId();
    const c: ApplicantContext = { self, token, other, otherBad: withWrongCheck(other) };

    expectRefused(await row.send(c), row.expected);

    // Nothing indexed under anyone the request named: no application, no case.
    for (const who of [person(self.resident_id), person(other), person(c.otherBad), person(withWrongCheck(self.resident_id)), organisation(USCC_WRONG_CHECK)]) {
      expect(await indexedUnder(who), who.identity).toEqual([]);
    }
    const mine = await call<{ cases: unknown[] }>('GET', '/cases', { token });
    expect(mine.status).toBe(200);
    expect(mine.body.cases).toEqual([]);
  });
});

// ================================================================ applicant: on an existing draft

interface DraftContext {
  readonly token: string;
  readonly id: string;
  /** Another applicant (not the draft's). */
  readonly strangerToken: string;
  /** A valid Idempotency-Key unique to this row. */
  readonly key: string;
}

interface DraftRow {
  readonly send: (c: DraftContext) => Promise<ApiResponse<unknown>>;
  readonly expected: Refusal;
}

const pdf = samplePdf('bad input');
const announce = (c: DraftContext, change: Record<string, unknown>) =>
  call('POST', `/applications/${c.id}/uploads`, {
    token: c.token,
    body: { materialCode: 'ID-COPY', fileName: 'id.pdf', contentType: 'application/pdf', size: pdf.length, sha256: sha256Hex(pdf), ...change },
  });
const patch = (c: DraftContext, body: unknown) => call('PATCH', `/applications/${c.id}`, { token: c.token, body });
const submitWith = (c: DraftContext, headers: Record<string, string>, id = c.id, token = c.token) =>
  call('POST', `/applications/${id}/submit`, { token, headers });

const draftRows: Record<string, DraftRow> = {
  // file names: a display name only, never a path
  'an upload named ../x.pdf': { send: (c) => announce(c, { fileName: '../x.pdf' }), expected: problem(400, 'fileName') },
  'an upload named a/b.pdf': { send: (c) => announce(c, { fileName: 'a/b.pdf' }), expected: problem(400, 'fileName') },
  'an upload named a\\b.pdf': { send: (c) => announce(c, { fileName: 'a\\b.pdf' }), expected: problem(400, 'fileName') },
  'an upload named ..': { send: (c) => announce(c, { fileName: '..' }), expected: problem(400, 'fileName') },
  'an upload name with a NUL': { send: (c) => announce(c, { fileName: 'x\u0000.pdf' }), expected: problem(400, 'fileName') },
  'an upload name with a newline': { send: (c) => announce(c, { fileName: 'x\n.pdf' }), expected: problem(400, 'fileName') },
  'an upload name with DEL': { send: (c) => announce(c, { fileName: 'x\u007f.pdf' }), expected: problem(400, 'fileName') },
  // Bidi and other invisible format characters: U+202E shows "cod.pdf" as "fdp.doc" (issue #15).
  'an upload name with RIGHT-TO-LEFT OVERRIDE': { send: (c) => announce(c, { fileName: 'invoice\u202Efdp.exe' }), expected: problem(400, 'fileName') },
  'an upload name with a RIGHT-TO-LEFT ISOLATE': { send: (c) => announce(c, { fileName: '\u2067fdp.doc\u2069' }), expected: problem(400, 'fileName') },
  'an upload name with a zero-width space': { send: (c) => announce(c, { fileName: 'id\u200B.pdf' }), expected: problem(400, 'fileName') },
  'an upload name with a C1 control': { send: (c) => announce(c, { fileName: 'id\u0085.pdf' }), expected: problem(400, 'fileName') },
  'a 201-character upload name': { send: (c) => announce(c, { fileName: `${'名'.repeat(197)}.pdf` }), expected: problem(400, 'fileName') },
  // the rest of the announcement
  'an upload of size 0': { send: (c) => announce(c, { size: 0 }), expected: problem(400, 'size') },
  'an upload of a fractional size': { send: (c) => announce(c, { size: 1.5 }), expected: problem(400, 'size') },
  'an upload size given as a string': { send: (c) => announce(c, { size: '100' }), expected: problem(400, 'size') },
  "an upload over the material's 10 MiB": { send: (c) => announce(c, { size: 10 * KIB * KIB + 1 }), expected: problem(400, 'size') },
  'an uppercase sha256': { send: (c) => announce(c, { sha256: sha256Hex(pdf).toUpperCase() }), expected: problem(400, 'sha256') },
  'a missing sha256': { send: (c) => announce(c, { sha256: undefined }), expected: problem(400, 'sha256') },
  'an unknown material': { send: (c) => announce(c, { materialCode: 'NO-SUCH' }), expected: problem(400, 'materialCode') },
  'a content type the material does not accept': { send: (c) => announce(c, { contentType: 'text/html' }), expected: problem(400, 'contentType') },
  'an unknown field in the announcement': { send: (c) => announce(c, { key: 'applications/other/ID-COPY/x' }), expected: problem(400, 'key') },
  'an upload to an id that is not a UUID': {
    send: (c) => call('POST', '/applications/not-a-uuid/uploads', { token: c.token, body: { materialCode: 'ID-COPY', fileName: 'id.pdf', contentType: 'application/pdf', size: 1, sha256: 'a'.repeat(64) } }),
    expected: problem(400, 'path.id'),
  },
  "an upload to someone else's draft": {
    send: (c) =>
      call('POST', `/applications/${c.id}/uploads`, {
        token: c.strangerToken,
        body: { materialCode: 'ID-COPY', fileName: 'id.pdf', contentType: 'application/pdf', size: pdf.length, sha256: sha256Hex(pdf) },
      }),
    expected: problem(404),
  },
  // PATCH
  'a PATCH that changes nothing': { send: (c) => patch(c, {}), expected: problem(400, 'body') },
  'a PATCH that sets the status': { send: (c) => patch(c, { status: 'submitted' }), expected: problem(400, 'status') },
  'a PATCH that sets the applicant': { send: (c) => patch(c, { formData: { note: 'x' }, applicant: { identity: 'x' } }), expected: problem(400, 'applicant') },
  'a PATCH with a bad mobile number': { send: (c) => patch(c, { delivery: ems({ mobile: '138001380001' }) }), expected: problem(400, 'delivery.address.mobile') },
  'a PATCH with a province EMS cannot route (issue #9)': { send: (c) => patch(c, { delivery: ems({ province: 'Jiangsu' }) }), expected: problem(400, 'delivery.address.province') },
  'a PATCH with formData null': { send: (c) => patch(c, { formData: null }), expected: problem(400, 'formData') },
  'a PATCH with malformed JSON': { send: (c) => call('PATCH', `/applications/${c.id}`, { token: c.token, rawBody: '{"formData":', headers: json }), expected: problem(400, 'body') },
  'a PATCH over the 64 KiB limit': { send: (c) => patch(c, { formData: { a: 'x'.repeat(40 * KIB), b: 'y'.repeat(30 * KIB) } }), expected: problem(413, 'body') },
  // submit and its Idempotency-Key
  'a submit without an Idempotency-Key': { send: (c) => submitWith(c, {}), expected: problem(400, 'header.idempotency-key') },
  'a submit with a 7-character key': { send: (c) => submitWith(c, { 'idempotency-key': 'abcdefg' }), expected: problem(400, 'header.idempotency-key') },
  'a submit with a 65-character key': { send: (c) => submitWith(c, { 'idempotency-key': 'k'.repeat(65) }), expected: problem(400, 'header.idempotency-key') },
  'a submit with spaces in the key': { send: (c) => submitWith(c, { 'idempotency-key': 'my key with spaces' }), expected: problem(400, 'header.idempotency-key') },
  'a submit to an id that is not a UUID': { send: (c) => submitWith(c, { 'idempotency-key': c.key }, 'not-a-uuid'), expected: problem(400, 'path.id') },
  'a submit to a UUID that is no application': { send: (c) => submitWith(c, { 'idempotency-key': c.key }, randomUUID()), expected: problem(404) },
  "a submit of someone else's draft": { send: (c) => submitWith(c, { 'idempotency-key': c.key }, c.id, c.strangerToken), expected: problem(404) },
};

describe('bad input on the applicant surface, on a draft', () => {
  it.each(Object.entries(draftRows))('refuses %s, leaving the draft as it was', async (_name, row) => {
    const self = anApplicant();
    const stranger = anApplicant();
    const token = await tokenFor(self);
    const c: DraftContext = { token, id: await createDraft(token), strangerToken: await tokenFor(stranger), key: `bad-input-${randomBytes(8).toString('hex')}` };
    const draftBefore = await call('GET', `/applications/${c.id}`, { token });
    const itemsBefore = await partition(`APP#${c.id}`);

    expectRefused(await row.send(c), row.expected);

    // The draft and its documents are exactly as they were; no case, no other application, no
    // idempotency record left behind for either caller.
    expect(await call('GET', `/applications/${c.id}`, { token })).toMatchObject({ status: 200, body: draftBefore.body });
    expect(await partition(`APP#${c.id}`)).toEqual(itemsBefore);
    expect((await indexedUnder(person(self.resident_id))).map((i) => i.pk)).toEqual([`APP#${c.id}`]);
    expect(await indexedUnder(person(stranger.resident_id))).toEqual([]);
    expect((await call<{ cases: unknown[] }>('GET', '/cases', { token })).body.cases).toEqual([]);
    expect(await idempotencyRecord(person(self.resident_id), c.key)).toBeUndefined();
    expect(await idempotencyRecord(person(stranger.resident_id), c.key)).toBeUndefined();
  });
});

// ======================================================================== department surface

const DEPARTMENT = 'SCJGJ';

/** A department's signed request with any raw body and content type (support/api.ts signs JSON only). */
const signedCall = (method: string, path: string, options: { rawBody?: string; contentType?: string } = {}) => {
  const body = options.rawBody ?? '';
  const timestamp = String(Math.floor(Date.now() / 1000));
  const nonce = randomBytes(16).toString('base64url');
  const key = Buffer.from(stack().departmentKeys[DEPARTMENT] ?? '', 'base64');
  return call(method, path, {
    ...(options.rawBody !== undefined ? { rawBody: body } : {}),
    headers: {
      ...(options.contentType ? { 'content-type': options.contentType } : {}),
      'x-department': DEPARTMENT,
      'x-timestamp': timestamp,
      'x-nonce': nonce,
      'x-signature': sign(key, { method, path: path.split('?')[0] ?? path, timestamp, nonce, body }),
    },
  });
};

interface DepartmentContext {
  readonly caseNo: string;
  /** The open work item's decision path. */
  readonly decision: string;
}

interface DepartmentRow {
  readonly send: (c: DepartmentContext) => Promise<ApiResponse<unknown>>;
  readonly expected: Refusal;
}

const decide = (c: DepartmentContext, body: unknown) => signedCall('POST', c.decision, { rawBody: JSON.stringify(body), contentType: 'application/json' });
const listWorkItems = (query: string, code = DEPARTMENT) => signedCall('GET', `/departments/${code}/work-items${query}`);

const departmentRows: Record<string, DepartmentRow> = {
  'malformed JSON': { send: (c) => signedCall('POST', c.decision, { rawBody: '{"decision":"approve",', contentType: 'application/json' }), expected: problem(400, 'body') },
  'a JSON array': { send: (c) => decide(c, [{ decision: 'approve', opinion: '同意' }]), expected: problem(400, 'body') },
  'an unknown decision value': { send: (c) => decide(c, { decision: 'maybe', opinion: '再议' }), expected: problem(400, 'decision') },
  'no decision at all': { send: (c) => decide(c, { opinion: '同意' }), expected: problem(400, 'decision') },
  'a refusal without a reason': { send: (c) => decide(c, { decision: 'refuse', legalBasis: '《示范条例》第十条' }), expected: problem(400, 'reason') },
  'a refusal without a legal basis': { send: (c) => decide(c, { decision: 'refuse', reason: '经营场所不符合要求' }), expected: problem(400, 'legalBasis') },
  'a refusal with a blank reason': { send: (c) => decide(c, { decision: 'refuse', reason: '   ', legalBasis: '《示范条例》第十条' }), expected: problem(400, 'reason') },
  'an approval without an opinion': { send: (c) => decide(c, { decision: 'approve' }), expected: problem(400, 'opinion') },
  'an opinion of the wrong type': { send: (c) => decide(c, { decision: 'approve', opinion: 42 }), expected: problem(400, 'opinion') },
  'an approval carrying a refusal reason too': { send: (c) => decide(c, { decision: 'approve', opinion: '同意', reason: 'x' }), expected: problem(400, 'reason') },
  'a 2001-character opinion': { send: (c) => decide(c, { decision: 'approve', opinion: '同'.repeat(2001) }), expected: problem(400, 'opinion') },
  'a decision body over the 16 KiB limit': { send: (c) => decide(c, { decision: 'approve', opinion: 'x'.repeat(17 * KIB) }), expected: problem(413, 'body') },
  'a decision sent as text/plain': {
    send: (c) => signedCall('POST', c.decision, { rawBody: JSON.stringify({ decision: 'approve', opinion: '同意' }), contentType: 'text/plain' }),
    expected: problem(400, 'header.content-type'),
  },
  'a work item id that is not one': { send: () => signedCall('POST', '/work-items/not-a-work-item/decision', { rawBody: '{"decision":"approve","opinion":"同意"}', contentType: 'application/json' }), expected: problem(400, 'path.id') },
  'an encoded path traversal as work item id': {
    send: () => signedCall('POST', '/work-items/..%2F..%2Fapplications/decision', { rawBody: '{"decision":"approve","opinion":"同意"}', contentType: 'application/json' }),
    expected: problem(400, 'path.id'),
  },
  'an unsigned decision': { send: (c) => call('POST', c.decision, { body: { decision: 'approve', opinion: '同意' } }), expected: problem(401) },
  'list work items with limit=0': { send: () => listWorkItems('?limit=0'), expected: problem(400, 'query.limit') },
  'list work items with limit=abc': { send: () => listWorkItems('?limit=abc'), expected: problem(400, 'query.limit') },
  'list work items with status=decided': { send: () => listWorkItems('?status=decided'), expected: problem(400, 'query.status') },
  'list work items with an unknown query parameter': { send: () => listWorkItems('?department=GAJ'), expected: problem(400, 'query.department') },
  'list work items with a page token for its own partition that is no key (was a 500)': {
    send: () => listWorkItems(`?next=${pageToken({ gsi2pk: `DEPT#${DEPARTMENT}` })}`),
    expected: problem(400, 'query.next'),
  },
  'list work items with a lowercase department code': { send: () => listWorkItems('', 'scjgj'), expected: problem(400, 'path.code') },
};

describe('bad input on the department surface', () => {
  let c: DepartmentContext;

  beforeAll(async () => {
    const token = await tokenFor(anApplicant());
    const id = await createDraft(token);
    await upload(token, id, 'ID-COPY', samplePdf('department bad input'));
    expect(await waitSettled(token, id, 'ID-COPY')).toBe('verified');
    const submitted = await submit(token, id);
    expect(submitted.status).toBe(201);
    await waitForStatus(token, submitted.body.caseNo, ['in-approval']);
    // The webhook push records its delivery asynchronously; let it land before comparing partitions.
    await eventually(async () => {
      const items = await partition(`CASE#${submitted.body.caseNo}`);
      const delivery = items.find((i) => i.sk === `WORK#${DEPARTMENT}`)?.delivery as { status?: string } | undefined;
      return delivery?.status === 'delivered' ? true : undefined;
    }, 20_000, 'the work item push to be delivered');
    c = { caseNo: submitted.body.caseNo, decision: `/work-items/${submitted.body.caseNo}~${DEPARTMENT}/decision` };
  });

  it.each(Object.entries(departmentRows))('refuses %s, leaving the case as it was', async (_name, row) => {
    const before = await partition(`CASE#${c.caseNo}`);
    expect(before.find((i) => i.sk === `WORK#${DEPARTMENT}`)?.status).toBe('open');

    expectRefused(await row.send(c), row.expected);

    // Case, audit trail and work item: not one attribute changed.
    expect(await partition(`CASE#${c.caseNo}`)).toEqual(before);
  });
});
