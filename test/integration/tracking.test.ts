// Issue #15 item 4: the receipt's QR code opens the public tracking page at the province's public
// base URL (locally the gateway) with the case number and a short secret; the page's data comes
// from GET /tracking/{caseNo}?key= and holds no personal data.
import { renderSVG } from 'uqr';
import { describe, expect, it } from 'vitest';
import { call, stack, tokenFor } from '../support/api.ts';
import { createDraft, samplePdf, submit, upload, waitForStatus, waitSettled } from '../support/applicant-journey.ts';
import { anApplicant } from '../support/identities.ts';

interface Tracking {
  caseNo: string;
  itemNames: string[];
  status: string;
  phase: string;
  submittedAt: string;
  timeline: Array<{ at: string; action: string; summary: string }>;
}

/** `<base>/#/track/<caseNo>/<key>` → its parts, or a failed expectation. */
const parseTrackingUrl = (url: string) => {
  const match = /^(.*)\/#\/track\/([^/]+)\/([^/]+)$/.exec(url);
  expect(match, url).not.toBeNull();
  return { base: match?.[1], caseNo: decodeURIComponent(match?.[2] ?? ''), key: decodeURIComponent(match?.[3] ?? '') };
};

describe('public tracking', () => {
  it("opens from the receipt's QR code and shows the case's progress", async () => {
    const token = await tokenFor(anApplicant());
    const id = await createDraft(token);
    await upload(token, id, 'ID-COPY', samplePdf('tracking'));
    expect(await waitSettled(token, id, 'ID-COPY')).toBe('verified');
    const { receipt, caseNo } = (await submit(token, id)).body;
    // The QR code encodes exactly the receipt's URL (the encoder is deterministic), which points at this stack.
    expect(receipt.qrCodeSvg).toBe(renderSVG(receipt.trackingUrl, { ecc: 'M' }));
    const link = parseTrackingUrl(receipt.trackingUrl);
    expect(link).toEqual({ base: stack().apiUrl, caseNo, key: receipt.trackingKey });
    expect(link.key).toMatch(/^[0-9A-Z]{12}$/);
    // The page itself is the console's (served on the same origin); its data:
    await waitForStatus(token, caseNo, ['in-approval']);
    const tracked = await call<Tracking>('GET', `/tracking/${caseNo}?key=${link.key}`);
    expect(tracked.status).toBe(200);
    expect(tracked.body).toMatchObject({ caseNo, itemNames: ['示范许可事项'], status: 'in-approval', phase: 'OpenWorkItem' });
    expect(tracked.body.timeline.map((t) => t.action)).toEqual(expect.arrayContaining(['CaseSubmitted', 'CaseAccepted', 'WorkItemOpened']));
    expect(tracked.body.timeline.find((t) => t.action === 'WorkItemOpened')?.summary).toContain('示范市市场监督管理局');
  });

  it('answers a wrong or missing key exactly like an unknown case', async () => {
    const token = await tokenFor(anApplicant());
    const { caseNo, receipt } = (await submit(token, await createDraft(token))).body;
    const { key } = parseTrackingUrl(receipt.trackingUrl);
    const wrongKey = `${key.slice(0, -1)}${key.endsWith('0') ? '1' : '0'}`;
    const unknown = await call('GET', `/tracking/99-20260101-0123456789?key=${key}`);
    expect(unknown.status).toBe(404);
    for (const query of [`?key=${wrongKey}`, '', '?key=', `?key=${key.toLowerCase()}`]) {
      const res = await call('GET', `/tracking/${caseNo}${query}`);
      expect(res.status, query).toBe(404);
      expect(res.body.title).toBe(unknown.body.title);
    }
  });

  it('shows no name, identity code, address or form data', async () => {
    const applicant = anApplicant();
    const token = await tokenFor(applicant);
    const id = await createDraft(token, 'DEMO-YS');
    const address = { recipient: '张三丰', mobile: '13912345678', province: '江苏省', city: '南京市', county: '玄武区', detail: '北京东路41号甲座' };
    const patched = await call('PATCH', `/applications/${id}`, { token, body: { formData: { shopName: '三丰理发店' }, delivery: { method: 'ems', address } } });
    expect(patched.status).toBe(200);
    const { caseNo, receipt } = (await submit(token, id)).body;
    await waitForStatus(token, caseNo, ['correcting']);
    const tracked = await call<Tracking>('GET', `/tracking/${caseNo}?key=${parseTrackingUrl(receipt.trackingUrl).key}`);
    expect(tracked.status).toBe(200);
    expect(tracked.body.phase).toBe('AwaitCorrection');
    const text = JSON.stringify(tracked.body);
    for (const secret of [applicant.name, applicant.resident_id, applicant.sub, address.recipient, address.mobile, address.detail, '三丰理发店', id]) {
      expect(text, secret).not.toContain(secret);
    }
  });
});
