// E-licences end to end on the local stack (issue #8): a completed case yields a GB/T 36904
// identifier, a signed PDF in S3, a library entry and a QR token that verifies (offline too);
// tampering with one byte of the data or of the PDF, revocation and expiry each fail verification
// with their reason; departments read with a recorded purpose; a second application cites it.
import { createHash } from 'node:crypto';
import { GetObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { DynamoDBDocumentClient, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { compactVerify, importJWK, type JWK } from 'jose';
import { beforeAll, describe, expect, it } from 'vitest';
import { eventContracts } from '../../events/contracts.ts';
import { licenceId, parseLicenceId } from '../../functions/core/licence-id.ts';
import { dynamoDbClient, s3Client } from '../../infra/local/clients.ts';
import { call, departmentCall, publishedEvents, stack, tokenFor } from '../support/api.ts';
import { createDraft, licensedCase } from '../support/applicant-journey.ts';
import { anApplicant } from '../support/identities.ts';

interface LicenceView {
  id: string;
  type: string;
  name: string;
  status: 'valid' | 'revoked' | 'expired';
  holder: { kind: string; name: string; identityMasked: string };
  issuer: { department: string; name: string; uscc?: string };
  validFrom: string;
  validUntil?: string;
  pdf: { sha256: string; size: number; url?: string };
  token: string;
  revocation?: { reason: string; department: string; at: string };
  reads?: Array<{ department: string; purpose: string; at: string }>;
}
interface Verification {
  valid: boolean;
  reasons: string[];
  licence?: { status: string; holder: { name: string; identityMasked: string } };
}

const DEMO_ISSUER_USCC = '11990000000000019A';
const db = () => DynamoDBDocumentClient.from(dynamoDbClient(stack().endpoints.dynamodb));
const s3 = () => s3Client(stack().endpoints.s3);

const verify = async (id: string, at?: string) =>
  (await call<Verification>('GET', `/licences/${id}/verify${at ? `?at=${encodeURIComponent(at)}` : ''}`)).body;
const verifyToken = async (token: string, at?: string) =>
  (await call<Verification>('POST', '/licences/verify', { body: { token, ...(at ? { at } : {}) } })).body;

const holder = anApplicant();
let token: string;
let first: { caseNo: string; licenceId: string };

beforeAll(async () => {
  token = await tokenFor(holder);
  first = await licensedCase(token);
});

describe('issuing an e-licence', () => {
  it('gives a GB/T 36904 identifier with the issuing department as issuer and a valid check character', () => {
    const parsed = parseLicenceId(first.licenceId);
    expect(parsed).toMatchObject({ ok: true, parts: { typeCode: 'DEMO01', issuerUscc: DEMO_ISSUER_USCC, version: 1 } });
  });

  it('stores the PDF once under licences/<id>.pdf, and the library lists it for its holder only', async () => {
    const view = await call<LicenceView>('GET', `/licences/${first.licenceId}`, { token });
    expect(view.status).toBe(200);
    expect(view.body).toMatchObject({ id: first.licenceId, type: 'DEMO01', name: '示范许可证', status: 'valid', issuer: { department: 'SCJGJ', uscc: DEMO_ISSUER_USCC } });
    expect(view.body.holder.identityMasked).not.toContain(holder.resident_id.slice(4, 14));
    // Valid five years from issue (DEMO01 validityYears).
    expect(new Date(view.body.validUntil as string).getUTCFullYear() - new Date(view.body.validFrom).getUTCFullYear()).toBe(5);

    const stored = await s3().send(new GetObjectCommand({ Bucket: stack().names.bucket, Key: `licences/${first.licenceId}.pdf` }));
    const bytes = Buffer.from(await (stored.Body as { transformToByteArray(): Promise<Uint8Array> }).transformToByteArray());
    expect(bytes.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    expect(createHash('sha256').update(bytes).digest('hex')).toBe(view.body.pdf.sha256);
    // The subset font is embedded (the licence renders without installed fonts).
    expect(bytes.toString('latin1')).toMatch(/\/FontFile2 /);
    expect(bytes.toString('latin1')).toMatch(/\/BaseFont \/[A-Z]{6}\+NotoSansSC-Regular/);
    // To look at it: LICENCE_PDF_OUT=/tmp/licence.pdf, then pdftoppm -png (a manual check only).
    if (process.env.LICENCE_PDF_OUT) (await import('node:fs')).writeFileSync(process.env.LICENCE_PDF_OUT, bytes);

    const download = await fetch(view.body.pdf.url as string);
    expect(download.status).toBe(200);
    expect(createHash('sha256').update(Buffer.from(await download.arrayBuffer())).digest('hex')).toBe(view.body.pdf.sha256);

    const mine = await call<{ licences: Array<{ id: string; status: string }> }>('GET', '/licences?limit=100', { token });
    expect(mine.body.licences).toContainEqual(expect.objectContaining({ id: first.licenceId, status: 'valid' }));
    const stranger = await tokenFor(anApplicant());
    expect((await call('GET', `/licences/${first.licenceId}`, { token: stranger })).status).toBe(404);
    expect((await call<{ licences: Array<{ id: string }> }>('GET', '/licences', { token: stranger })).body.licences.map((l) => l.id)).not.toContain(first.licenceId);
    expect((await call('GET', '/licences')).status).toBe(401);
  });

  it('publishes LicenceIssued, valid against its contract', async () => {
    const issued = (await publishedEvents(first.caseNo)).filter((e) => e['detail-type'] === 'LicenceIssued');
    expect(issued).toHaveLength(1);
    expect(eventContracts.LicenceIssued.parse(issued[0]?.detail)).toMatchObject({
      licenceId: first.licenceId,
      licenceType: 'DEMO01',
      department: 'SCJGJ',
      validUntil: expect.stringMatching(/^20\d\d-/) as string,
    });
  });
});

describe('verifying a licence', () => {
  it('verifies by identifier and by its QR token, and the token offline against the published keys', async () => {
    expect(await verify(first.licenceId)).toMatchObject({ valid: true, reasons: [], licence: { status: 'valid', holder: { name: '张*' } } });
    const view = (await call<LicenceView>('GET', `/licences/${first.licenceId}`, { token })).body;
    expect(await verifyToken(view.token)).toMatchObject({ valid: true, reasons: [] });

    const keys = await call<{ keys: JWK[] }>('GET', '/.well-known/licence-keys');
    expect(keys.status).toBe(200);
    const [header] = view.token.split('.');
    const { kid } = JSON.parse(Buffer.from(header as string, 'base64url').toString('utf8')) as { kid: string };
    const jwk = keys.body.keys.find((k) => k.kid === kid);
    expect(jwk).toMatchObject({ kty: 'EC', crv: 'P-256', alg: 'ES256', use: 'sig' });
    // What a scanner does with no network: a standard JOSE library and the published key.
    const { payload } = await compactVerify(view.token, await importJWK(jwk as JWK, 'ES256'));
    expect(JSON.parse(new TextDecoder().decode(payload))).toMatchObject({ id: first.licenceId, type: 'DEMO01', issuer: DEMO_ISSUER_USCC });
  });

  it('answers unknown-licence for an identifier not in the library, and 400 for one with a wrong check character', async () => {
    // Well formed, right check character, never issued.
    const unknown = licenceId({ typeCode: 'DEMO01', issuerUscc: DEMO_ISSUER_USCC, serial: 99_999_999 });
    expect(await verify(unknown)).toEqual({ id: unknown, at: expect.any(String) as string, valid: false, reasons: ['unknown-licence'] });
    const wrongCheck = await call<{ errors: Array<{ field: string }> }>('GET', `/licences/${unknown.slice(0, -1)}${unknown.endsWith('0') ? '1' : '0'}/verify`);
    expect(wrongCheck.status).toBe(400);
    expect(wrongCheck.body.errors[0]?.field).toBe('path.id');
  });

  it('fails with bad-signature when one byte of the data or of the PDF changes', async () => {
    const tampered = await licensedCase(await tokenFor(anApplicant()));
    const key = { pk: `LICENCE#${tampered.licenceId}`, sk: 'META' };
    const original = (await db().send(new GetCommand({ TableName: stack().names.table, Key: key }))).Item as Record<string, unknown> & { itemName: string };
    // One character of the data: the item name printed on the licence.
    await db().send(new PutCommand({ TableName: stack().names.table, Item: { ...original, itemName: `${original.itemName.slice(0, -1)}X` } }));
    expect(await verify(tampered.licenceId)).toMatchObject({ valid: false, reasons: ['bad-signature'] });
    await db().send(new PutCommand({ TableName: stack().names.table, Item: original }));
    expect(await verify(tampered.licenceId)).toMatchObject({ valid: true });

    // One byte of the PDF: a new version of the object (the bucket keeps the original one).
    const bucketKey = `licences/${tampered.licenceId}.pdf`;
    const stored = await s3().send(new GetObjectCommand({ Bucket: stack().names.bucket, Key: bucketKey }));
    const bytes = Buffer.from(await (stored.Body as { transformToByteArray(): Promise<Uint8Array> }).transformToByteArray());
    const flipped = Buffer.from(bytes);
    const middle = Math.floor(flipped.length / 2);
    flipped[middle] = (flipped[middle] as number) ^ 0x01;
    await s3().send(new PutObjectCommand({ Bucket: stack().names.bucket, Key: bucketKey, Body: flipped, ContentType: 'application/pdf' }));
    expect(await verify(tampered.licenceId)).toMatchObject({ valid: false, reasons: ['bad-signature'] });

    // One claim of the QR token's payload.
    const tokenView = await db().send(new GetCommand({ TableName: stack().names.table, Key: key }));
    const qr = (tokenView.Item as { token: string }).token;
    const [h, p, s] = qr.split('.') as [string, string, string];
    const payload = JSON.parse(Buffer.from(p, 'base64url').toString('utf8')) as { validUntil: string };
    const forged = `${h}.${Buffer.from(JSON.stringify({ ...payload, validUntil: '2099-12-31T00:00:00.000Z' })).toString('base64url')}.${s}`;
    expect(await verifyToken(forged)).toMatchObject({ valid: false, reasons: ['bad-signature'] });
    expect(await verifyToken(qr)).toMatchObject({ valid: true });
  });

  it('fails with expired after the licence runs out, judged at a given instant', async () => {
    const view = (await call<LicenceView>('GET', `/licences/${first.licenceId}`, { token })).body;
    const after = new Date(Date.parse(view.validUntil as string) + 1000).toISOString();
    const before = new Date(Date.parse(view.validUntil as string) - 1000).toISOString();
    expect(await verify(first.licenceId, after)).toMatchObject({ valid: false, reasons: ['expired'], licence: { status: 'expired' } });
    expect(await verify(first.licenceId, before)).toMatchObject({ valid: true, reasons: [] });
    expect(await verifyToken(view.token, after)).toMatchObject({ valid: false, reasons: ['expired'] });
  });
});

describe('revoking a licence', () => {
  it('lets only the issuing department revoke, once, with a reason; verification then says revoked', async () => {
    const revoked = await licensedCase(await tokenFor(anApplicant()));
    const path = `/licences/${revoked.licenceId}/revoke`;
    const noReason = await departmentCall<{ errors: Array<{ field: string }> }>('SCJGJ', 'POST', path, {});
    expect(noReason.status).toBe(400);
    expect(noReason.body.errors[0]?.field).toBe('reason');
    expect((await departmentCall('ZRZYJ', 'POST', path, { reason: '非发证机关' })).status).toBe(403);
    expect((await call('POST', path, { body: { reason: '无签名' } })).status).toBe(401);

    const done = await departmentCall<LicenceView>('SCJGJ', 'POST', path, { reason: '申请人以欺骗手段取得许可（行政许可法第六十九条）' });
    expect(done.status).toBe(200);
    expect(done.body).toMatchObject({ status: 'revoked', revocation: { department: 'SCJGJ', reason: '申请人以欺骗手段取得许可（行政许可法第六十九条）' } });
    expect((await departmentCall('SCJGJ', 'POST', path, { reason: '再次注销' })).status).toBe(409);

    expect(await verify(revoked.licenceId)).toMatchObject({ valid: false, reasons: ['revoked'], licence: { status: 'revoked' } });
    const record = await db().send(new GetCommand({ TableName: stack().names.table, Key: { pk: `LICENCE#${revoked.licenceId}`, sk: 'META' } }));
    expect(await verifyToken((record.Item as { token: string }).token)).toMatchObject({ valid: false, reasons: ['revoked'] });
    // Before its revocation it was valid.
    expect(await verify(revoked.licenceId, new Date(Date.parse((done.body.revocation as { at: string }).at) - 1000).toISOString())).toMatchObject({ valid: true });
  });
});

describe('using a licence', () => {
  it("records every department's read with its purpose, which the holder sees", async () => {
    const path = `/departments/SCJGJ/licences/${first.licenceId}`;
    const noPurpose = await departmentCall<{ errors: Array<{ field: string }> }>('SCJGJ', 'GET', path, undefined);
    expect(noPurpose.status).toBe(400);
    expect(noPurpose.body.errors[0]?.field).toBe('query.purpose');
    expect((await departmentCall('SCJGJ', 'GET', `/departments/ZRZYJ/licences/${first.licenceId}?purpose=x1`, undefined)).status).toBe(403);

    const purpose = `办理示范许可证延续 ${Date.now()}`;
    const read = await departmentCall<LicenceView>('SCJGJ', 'GET', `${path}?purpose=${encodeURIComponent(purpose)}`, undefined);
    expect(read.status).toBe(200);
    expect(read.body).toMatchObject({ id: first.licenceId, status: 'valid' });
    const mine = (await call<LicenceView>('GET', `/licences/${first.licenceId}`, { token })).body;
    expect(mine.reads).toContainEqual({ department: 'SCJGJ', purpose, at: expect.any(String) as string });
  });

  it('lets the holder cite it in a second application instead of an upload, and nobody else', async () => {
    const draft = await createDraft(token, 'DEMO-002');
    const cited = await call<{ materialCode: string; source: string; licence: { id: string } }>('POST', `/applications/${draft}/citations`, {
      token,
      body: { materialCode: 'DEMO-LICENCE', licenceId: first.licenceId },
    });
    expect(cited.status).toBe(201);
    expect(cited.body).toMatchObject({ materialCode: 'DEMO-LICENCE', source: 'licence', licence: { id: first.licenceId } });
    const application = await call<{ documents: Array<Record<string, unknown>> }>('GET', `/applications/${draft}`, { token });
    expect(application.body.documents).toContainEqual(
      expect.objectContaining({ materialCode: 'DEMO-LICENCE', status: 'verified', source: 'licence', licenceId: first.licenceId }),
    );

    const other = await tokenFor(anApplicant());
    const otherDraft = await createDraft(other, 'DEMO-002');
    const notHeld = await call<{ errors: Array<{ field: string; message: string }> }>('POST', `/applications/${otherDraft}/citations`, {
      token: other,
      body: { materialCode: 'DEMO-LICENCE', licenceId: first.licenceId },
    });
    expect(notHeld.status).toBe(400);
    expect(notHeld.body.errors).toEqual([{ field: 'licenceId', message: '该电子证照不属于申请人，不能引用' }]);

    const uploadOnly = await createDraft(token, 'DEMO-001');
    const wrongMaterial = await call<{ errors: Array<{ field: string }> }>('POST', `/applications/${uploadOnly}/citations`, {
      token,
      body: { materialCode: 'ID-COPY', licenceId: first.licenceId },
    });
    expect(wrongMaterial.status).toBe(400);
    expect(wrongMaterial.body.errors[0]?.field).toBe('materialCode');
  });
});
