// Applicant intake against the local stack: idempotent submit, agents, drafts, uploads, tracking.
import { HeadObjectCommand, ListObjectsV2Command } from '@aws-sdk/client-s3';
import { ListExecutionsCommand, SFNClient } from '@aws-sdk/client-sfn';
import { describe, expect, it } from 'vitest';
import { s3Client } from '../../infra/local/clients.ts';
import { call, eventually, stack, tokenFor } from '../support/api.ts';
import { createDraft, samplePdf, sha256Hex, submit, upload, waitSettled } from '../support/applicant-journey.ts';
import { aResidentId, anApplicant } from '../support/identities.ts';

const sfn = () => new SFNClient({ endpoint: stack().endpoints.stepFunctions, region: 'us-east-1', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });

const executionsNamed = async (name: string): Promise<number> => {
  const { executions = [] } = await sfn().send(new ListExecutionsCommand({ stateMachineArn: stack().names.stateMachineArn, maxResults: 1000 }));
  return executions.filter((e) => e.name === name).length;
};

describe('submit with an Idempotency-Key', () => {
  it('answers a retry with the same key with the same response and a receipt', async () => {
    const token = await tokenFor(anApplicant());
    const id = await createDraft(token);
    const first = await submit(token, id, 'retry-key-0001');
    expect(first.status).toBe(201);
    expect(first.body.receipt.qrCodeSvg).toMatch(/^<svg[\s\S]*<\/svg>$/);
    expect(first.body.receipt.trackingUrl).toMatch(new RegExp(`/#/track/${first.body.caseNo}/[0-9A-Z]{12}$`));
    const again = await submit(token, id, 'retry-key-0001');
    expect(again.status).toBe(201);
    expect(again.body).toEqual(first.body);
    expect(again.headers.get('idempotent-replayed')).toBe('true');
  });

  it('refuses a key reused for a different request with 422, writing nothing', async () => {
    const token = await tokenFor(anApplicant());
    const a = await createDraft(token);
    const b = await createDraft(token);
    expect((await submit(token, a, 'shared-key-0001')).status).toBe(201);
    const reused = await submit(token, b, 'shared-key-0001');
    expect(reused.status).toBe(422);
    expect(reused.headers.get('content-type')).toContain('application/problem+json');
    expect(JSON.stringify(reused.body)).toContain('header.idempotency-key');
    const draft = await call<{ status: string }>('GET', `/applications/${b}`, { token });
    expect(draft.body.status).toBe('draft');
  });

  it('requires the header', async () => {
    const token = await tokenFor(anApplicant());
    const id = await createDraft(token);
    const res = await call('POST', `/applications/${id}/submit`, { token });
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ errors: [{ field: 'header.idempotency-key' }] });
  });

  it('creates exactly one case and one execution from 50 concurrent submits with one key', async () => {
    const token = await tokenFor(anApplicant());
    const id = await createDraft(token);
    const responses = await Promise.all(Array.from({ length: 50 }, () => submit(token, id, 'concurrent-key-0001')));
    const caseNos = new Set(responses.map((r) => r.body.caseNo));
    expect(responses.map((r) => r.status).filter((s) => s !== 201)).toEqual([]);
    expect(caseNos.size).toBe(1);
    const caseNo = [...caseNos][0] as string;
    const mine = await call<{ cases: Array<{ caseNo: string }> }>('GET', '/cases', { token });
    expect(mine.body.cases.map((c) => c.caseNo)).toEqual([caseNo]);
    expect(await executionsNamed(caseNo)).toBe(1);
  });

  it('creates one case even from concurrent submits with different keys', async () => {
    const token = await tokenFor(anApplicant());
    const id = await createDraft(token);
    const responses = await Promise.all(Array.from({ length: 10 }, (_, i) => submit(token, id, `distinct-key-${String(i).padStart(4, '0')}`)));
    const caseNos = new Set(responses.filter((r) => r.status < 300).map((r) => r.body.caseNo));
    expect(caseNos.size).toBe(1);
    expect(responses.every((r) => r.status < 300 || r.status === 409)).toBe(true);
    expect((await call<{ cases: unknown[] }>('GET', '/cases', { token })).body.cases).toHaveLength(1);
  });
});

describe('agents (帮办)', () => {
  it('submits on behalf of a person, who then sees the case as their own; the case records both', async () => {
    const agentToken = await tokenFor({ ...anApplicant(), name: '帮办员李四', role: 'agent' });
    const person = anApplicant();
    const created = await call<{ id: string }>('POST', '/applications', {
      token: agentToken,
      body: { itemCode: 'DEMO-001', onBehalfOf: { kind: 'person', name: '王五', identity: person.resident_id } },
    });
    expect(created.status).toBe(201);
    const submitted = await submit(agentToken, created.body.id);
    expect(submitted.status).toBe(201);
    const personToken = await tokenFor(person);
    const mine = await call<{ cases: Array<{ caseNo: string }> }>('GET', '/cases', { token: personToken });
    expect(mine.body.cases.map((c) => c.caseNo)).toContain(submitted.body.caseNo);
    const view = await call<{ agent: { name: string }; applicant: { name: string }; timeline: Array<{ summary: string }> }>(
      'GET',
      `/cases/${submitted.body.caseNo}`,
      { token: agentToken },
    );
    expect(view.status).toBe(200);
    expect(view.body.agent.name).toBe('帮办员李四');
    expect(view.body.applicant.name).toBe('王五');
    expect(view.body.timeline[0]?.summary).toContain('帮办人员');
  });

  it('names the case\'s application, so a correction can be answered from any browser', async () => {
    const token = await tokenFor(anApplicant());
    const created = await call<{ id: string }>('POST', '/applications', { token, body: { itemCode: 'DEMO-001' } });
    const submitted = await submit(token, created.body.id);
    const view = await call<{ applicationId: string }>('GET', `/cases/${submitted.body.caseNo}`, { token });
    expect(view.body.applicationId).toBe(created.body.id);
  });

  it('forbids an ordinary applicant to apply for someone else', async () => {
    const token = await tokenFor(anApplicant());
    const res = await call('POST', '/applications', {
      token,
      body: { itemCode: 'DEMO-001', onBehalfOf: { kind: 'person', name: '王五', identity: aResidentId() } },
    });
    expect(res.status).toBe(403);
  });
});

describe('drafts and uploads', () => {
  it('changes a draft, and refuses to change it once submitted', async () => {
    const token = await tokenFor(anApplicant());
    const id = await createDraft(token);
    const delivery = { method: 'ems', address: { recipient: '张三', mobile: '13800138000', province: '江苏省', city: '南京市', county: '玄武区', detail: '北京东路41号' } };
    const patched = await call<{ delivery: unknown }>('PATCH', `/applications/${id}`, { token, body: { delivery } });
    expect(patched.status).toBe(200);
    expect(patched.body.delivery).toEqual(delivery);
    await submit(token, id);
    const late = await call('PATCH', `/applications/${id}`, { token, body: { formData: { note: 'x' } } });
    expect(late.status).toBe(409);
  });

  it('refuses form fields the service does not have, naming them, and writes no draft', async () => {
    const token = await tokenFor(anApplicant());
    const res = await call<{ errors: Array<{ field: string }> }>('POST', '/applications', { token, body: { itemCode: 'DEMO-001', formData: { shopName: '某某理发店' } } });
    expect(res.status).toBe(400);
    expect(res.body.errors.map((e) => e.field)).toEqual(['formData.shopName']);
    expect((await call<{ cases: unknown[] }>('GET', '/cases', { token })).body.cases).toEqual([]);
  });

  it('rejects and removes an object whose bytes are not the declared type, with a readable reason', async () => {
    const token = await tokenFor(anApplicant());
    const id = await createDraft(token);
    const png = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 1, 2, 3]);
    await upload(token, id, 'ID-COPY', png, { contentType: 'application/pdf', sha256: sha256Hex(png) });
    expect(await waitSettled(token, id, 'ID-COPY')).toBe('rejected');
    const app = await call<{ documents: Array<{ reason?: string }> }>('GET', `/applications/${id}`, { token });
    expect(app.body.documents[0]?.reason).toContain('application/pdf');
    const s3 = s3Client(stack().endpoints.s3);
    const gone = await eventually(async () => {
      const listed = await s3.send(new ListObjectsV2Command({ Bucket: stack().names.bucket, Prefix: `applications/${id}/` }));
      return (listed.Contents ?? []).length === 0 ? true : undefined;
    }, 10_000, 'the rejected object to be removed');
    expect(gone).toBe(true);
  });

  it('rejects an object PUT with another content type than announced, even when its bytes are the announced type', async () => {
    // In AWS the presigned URL signs content-type, so S3 refuses the PUT; the local S3 server checks
    // no signatures, and the platform compares the stored type as well (issue #15).
    const token = await tokenFor(anApplicant());
    const id = await createDraft(token);
    const pdf = samplePdf('typed as png');
    const announced = await call<{ upload: { url: string; headers: Record<string, string> } }>('POST', `/applications/${id}/uploads`, {
      token,
      body: { materialCode: 'ID-COPY', fileName: 'id.pdf', contentType: 'application/pdf', size: pdf.length, sha256: sha256Hex(pdf) },
    });
    const put = await fetch(announced.body.upload.url, { method: 'PUT', headers: { ...announced.body.upload.headers, 'content-type': 'image/png' }, body: pdf });
    expect(put.ok).toBe(true);
    expect(await waitSettled(token, id, 'ID-COPY')).toBe('rejected');
    const app = await call<{ documents: Array<{ reason?: string }> }>('GET', `/applications/${id}`, { token });
    expect(app.body.documents[0]?.reason).toContain('image/png');
  });

  it('keeps a verified object', async () => {
    const token = await tokenFor(anApplicant());
    const id = await createDraft(token);
    await upload(token, id, 'ID-COPY', samplePdf('kept'));
    expect(await waitSettled(token, id, 'ID-COPY')).toBe('verified');
    const s3 = s3Client(stack().endpoints.s3);
    const listed = await s3.send(new ListObjectsV2Command({ Bucket: stack().names.bucket, Prefix: `applications/${id}/` }));
    expect(listed.Contents).toHaveLength(1);
    const head = await s3.send(new HeadObjectCommand({ Bucket: stack().names.bucket, Key: listed.Contents?.[0]?.Key }));
    expect(head.ContentLength).toBe(samplePdf('kept').length);
  });
});

describe('tracking', () => {
  it('lists my cases newest first, page by page', async () => {
    const token = await tokenFor(anApplicant());
    const submitted: string[] = [];
    for (let i = 0; i < 3; i++) submitted.push((await submit(token, await createDraft(token))).body.caseNo);
    const first = await call<{ cases: Array<{ caseNo: string }>; next?: string }>('GET', '/cases?limit=2', { token });
    expect(first.body.cases).toHaveLength(2);
    expect(first.body.next).toBeDefined();
    const second = await call<{ cases: Array<{ caseNo: string }>; next?: string }>('GET', `/cases?limit=2&next=${first.body.next}`, { token });
    expect([...first.body.cases, ...second.body.cases].map((c) => c.caseNo)).toEqual([...submitted].reverse());
    const other = await tokenFor(anApplicant());
    const forged = await call('GET', `/cases?limit=2&next=${first.body.next}`, { token: other });
    expect(forged.status).toBe(400);
  });
});
