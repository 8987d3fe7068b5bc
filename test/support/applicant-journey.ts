// Builders for the applicant's side of a case: a draft with uploaded, verified materials, submitted.
import { createHash } from 'node:crypto';
import { expect } from 'vitest';
import { call, departmentCall, eventually } from './api.ts';

/** A minimal valid PDF: enough for the platform's magic-byte check. */
export const samplePdf = (text = 'demo'): Buffer => Buffer.from(`%PDF-1.4\n% ${text}\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n`);

export const sha256Hex = (bytes: Uint8Array): string => createHash('sha256').update(bytes).digest('hex');

export const createDraft = async (token: string, itemCode = 'DEMO-001'): Promise<string> => {
  const res = await call<{ id: string }>('POST', '/applications', { token, body: { itemCode } });
  if (res.status !== 201) throw new Error(`create application: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body.id;
};

export const upload = async (
  token: string,
  applicationId: string,
  materialCode: string,
  file: Buffer,
  declared: { contentType?: string; sha256?: string } = {},
): Promise<void> => {
  const contentType = declared.contentType ?? 'application/pdf';
  const res = await call<{ upload: { url: string; headers: Record<string, string> } }>('POST', `/applications/${applicationId}/uploads`, {
    token,
    body: { materialCode, fileName: `${materialCode}.pdf`, contentType, size: file.length, sha256: declared.sha256 ?? sha256Hex(file) },
  });
  if (res.status !== 201) throw new Error(`announce upload: ${res.status} ${JSON.stringify(res.body)}`);
  const put = await fetch(res.body.upload.url, { method: 'PUT', headers: res.body.upload.headers, body: file });
  if (!put.ok) throw new Error(`upload PUT: ${put.status} ${await put.text()}`);
};

/** Submits with an Idempotency-Key (one per application unless given). */
export const submit = (token: string, applicationId: string, key = `submit-${applicationId}`) =>
  call<{ caseNo: string; status: string; receipt: { trackingUrl: string; trackingKey: string; qrCodeSvg: string } }>('POST', `/applications/${applicationId}/submit`, {
    token,
    headers: { 'idempotency-key': key },
  });

export const documentStatus = async (token: string, applicationId: string, materialCode: string): Promise<string | undefined> => {
  const res = await call<{ documents: Array<{ materialCode: string; status: string }> }>('GET', `/applications/${applicationId}`, { token });
  return res.body.documents.find((d) => d.materialCode === materialCode)?.status;
};

export const waitSettled = (token: string, applicationId: string, materialCode: string): Promise<string> =>
  eventually(async () => {
    const status = await documentStatus(token, applicationId, materialCode);
    return status === 'pending' ? undefined : status;
  }, 20_000, `document ${materialCode} to be verified`);

export const caseStatus = async (token: string, caseNo: string): Promise<string> =>
  (await call<{ status: string }>('GET', `/cases/${caseNo}`, { token })).body.status;

export const waitForStatus = (token: string, caseNo: string, statuses: readonly string[]): Promise<string> =>
  eventually(async () => {
    const status = await caseStatus(token, caseNo);
    return statuses.includes(status) ? status : undefined;
  }, 20_000, `case ${caseNo} to reach ${statuses.join('|')}`);

/** A demo case approved by its department: its licence id once completed. */
export const licensedCase = async (token: string): Promise<{ caseNo: string; licenceId: string }> => {
  const id = await createDraft(token);
  await upload(token, id, 'ID-COPY', samplePdf('licence'));
  expect(await waitSettled(token, id, 'ID-COPY')).toBe('verified');
  const { body } = await submit(token, id);
  await waitForStatus(token, body.caseNo, ['in-approval']);
  const decided = await departmentCall('SCJGJ', 'POST', `/work-items/${body.caseNo}~SCJGJ/decision`, { decision: 'approve', opinion: '符合条件，同意' });
  expect(decided.status).toBe(200);
  expect(await waitForStatus(token, body.caseNo, ['completed', 'failed'])).toBe('completed');
  const view = await call<{ licenceId: string }>('GET', `/cases/${body.caseNo}`, { token });
  return { caseNo: body.caseNo, licenceId: view.body.licenceId };
};
