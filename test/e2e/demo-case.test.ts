// The thinnest whole path on the demo province: draft → upload → submit → pre-review → one
// department work item → decision callback → licence record → completed.
import { describe, expect, it } from 'vitest';
import { eventContracts, type DetailType } from '../../events/contracts.ts';
import { call, departmentCall, publishedEvents, tokenFor } from '../support/api.ts';
import { createDraft, samplePdf, submit, upload, waitForStatus, waitSettled } from '../support/applicant-journey.ts';
import { anApplicant } from '../support/identities.ts';

interface CaseView {
  caseNo: string;
  status: string;
  licenceId?: string;
  refusalReasons?: Array<{ department: string; reason: string }>;
  deficiencies?: Array<{ materialCode: string; problem: string }>;
  applicant: { identityMasked: string };
  timeline: Array<{ action: string; summary: string }>;
  auditIntact: boolean;
}

const submittedCase = async (token: string): Promise<string> => {
  const id = await createDraft(token);
  await upload(token, id, 'ID-COPY', samplePdf());
  expect(await waitSettled(token, id, 'ID-COPY')).toBe('verified');
  const submitted = await submit(token, id);
  expect(submitted.status).toBe(201);
  return submitted.body.caseNo;
};

describe('a demo case end to end', () => {
  it('completes with a licence when the department approves, with a timeline from the audit trail', async () => {
    const applicant = anApplicant();
    const token = await tokenFor(applicant);
    const caseNo = await submittedCase(token);
    expect(caseNo).toMatch(/^99-\d{8}-[0-9A-Z]{10}$/);
    await waitForStatus(token, caseNo, ['in-approval']);

    const decided = await departmentCall('SCJGJ', 'POST', `/work-items/${caseNo}~SCJGJ/decision`, { decision: 'approve', opinion: '符合条件，同意' });
    expect(decided.status).toBe(200);
    expect(decided.body).toMatchObject({ status: 'decided', department: 'SCJGJ' });
    expect(JSON.stringify(decided.body)).not.toContain('taskToken');

    expect(await waitForStatus(token, caseNo, ['completed', 'failed'])).toBe('completed');
    const view = (await call<CaseView>('GET', `/cases/${caseNo}`, { token })).body;
    // GB/T 36904: arc, type, the issuing department's USCC, serial, version, check (issue #8).
    expect(view.licenceId).toMatch(/^1\.2\.156\.3005\.2\.DEMO01\.11990000000000019A\.\d{8,}\.01\.[0-9A-Z]$/);
    expect(view.timeline.map((t) => t.action)).toEqual([
      'CaseSubmitted',
      'CaseAccepted',
      'WorkItemOpened',
      'DepartmentDecided',
      'CaseApproved',
      'LicenceIssued',
    ]);
    expect(view.auditIntact).toBe(true);
    expect(view.applicant.identityMasked).not.toContain(applicant.resident_id.slice(4, 14));

    const events = await publishedEvents(caseNo);
    expect(events.map((e) => e['detail-type'])).toEqual(
      expect.arrayContaining(['CaseSubmitted', 'CaseAccepted', 'WorkItemOpened', 'DepartmentDecided', 'LicenceIssued', 'CaseCompleted']),
    );
    for (const event of events) {
      expect(event.source).toBe('no-meeting-approval.99');
      expect(eventContracts[event['detail-type'] as DetailType].safeParse(event.detail).success).toBe(true);
    }
  });

  it('answers a repeated decision the same way, a different one with 409, and a closed case with 410', async () => {
    const token = await tokenFor(anApplicant());
    const caseNo = await submittedCase(token);
    await waitForStatus(token, caseNo, ['in-approval']);
    const path = `/work-items/${caseNo}~SCJGJ/decision`;
    const approve = { decision: 'approve', opinion: '同意' };
    const first = await departmentCall('SCJGJ', 'POST', path, approve);
    expect(first.status).toBe(200);
    await waitForStatus(token, caseNo, ['completed']);
    const again = await departmentCall('SCJGJ', 'POST', path, approve);
    expect(again.status).toBe(200);
    expect(again.body).toEqual(first.body);
    const conflicting = await departmentCall('SCJGJ', 'POST', path, { decision: 'refuse', reason: '不符合', legalBasis: '某条例第一条' });
    expect(conflicting.status).toBe(409);
    expect(conflicting.headers.get('content-type')).toContain('application/problem+json');
    const timeline = (await call<CaseView>('GET', `/cases/${caseNo}`, { token })).body.timeline;
    expect(timeline.filter((t) => t.action === 'DepartmentDecided')).toHaveLength(1);
  });

  it('refuses the case with the department\'s reason', async () => {
    const token = await tokenFor(anApplicant());
    const caseNo = await submittedCase(token);
    await waitForStatus(token, caseNo, ['in-approval']);
    const refused = await departmentCall('SCJGJ', 'POST', `/work-items/${caseNo}~SCJGJ/decision`, {
      decision: 'refuse',
      reason: '经营场所不符合要求',
      legalBasis: '《示范条例》第十条',
    });
    expect(refused.status).toBe(200);
    expect(await waitForStatus(token, caseNo, ['refused', 'completed', 'failed'])).toBe('refused');
    const view = (await call<CaseView>('GET', `/cases/${caseNo}`, { token })).body;
    expect(view.refusalReasons).toEqual([{ department: 'SCJGJ', reason: '经营场所不符合要求', legalBasis: '《示范条例》第十条' }]);
    expect(view.licenceId).toBeUndefined();
  });

  it('asks for a missing key material in a correction notice instead of accepting', async () => {
    const token = await tokenFor(anApplicant());
    const id = await createDraft(token);
    const submitted = await submit(token, id);
    expect(submitted.status).toBe(201);
    expect(await waitForStatus(token, submitted.body.caseNo, ['correcting', 'accepted', 'in-approval'])).toBe('correcting');
    const view = (await call<{ correction: { items: unknown[] } }>('GET', `/cases/${submitted.body.caseNo}`, { token })).body;
    expect(view.correction.items).toEqual([expect.objectContaining({ materialCode: 'ID-COPY', problem: 'missing' })]);
  });
});

describe('who may see and decide what', () => {
  it('hides a case from another applicant (404) and from callers without a token (401)', async () => {
    const token = await tokenFor(anApplicant());
    const id = await createDraft(token);
    const { body } = await submit(token, id);
    const stranger = await tokenFor(anApplicant());
    const other = await call('GET', `/cases/${body.caseNo}`, { token: stranger });
    expect(other.status).toBe(404);
    expect(other.headers.get('content-type')).toContain('application/problem+json');
    expect((await call('GET', `/cases/${body.caseNo}`)).status).toBe(401);
    expect((await call('GET', `/applications/${id}`, { token: stranger })).status).toBe(404);
  });

  it('rejects a decision with a wrong key (401) or a stale timestamp (401)', async () => {
    const token = await tokenFor(anApplicant());
    const caseNo = await submittedCase(token);
    await waitForStatus(token, caseNo, ['in-approval']);
    const path = `/work-items/${caseNo}~SCJGJ/decision`;
    const body = { decision: 'approve', opinion: '同意' };
    const wrongKey = await departmentCall('SCJGJ', 'POST', path, body, { key: Buffer.alloc(32, 7).toString('base64') });
    expect(wrongKey.status).toBe(401);
    const stale = await departmentCall('SCJGJ', 'POST', path, body, { timestamp: Math.floor(Date.now() / 1000) - 301 });
    expect(stale.status).toBe(401);
    expect(await waitForStatus(token, caseNo, ['in-approval'])).toBe('in-approval');
  });

  it('lets a department pull its open work items, and only its own', async () => {
    const token = await tokenFor(anApplicant());
    const caseNo = await submittedCase(token);
    await waitForStatus(token, caseNo, ['in-approval']);
    const open = async (next?: string): Promise<Array<{ workItemId: string }>> => {
      const page = await departmentCall<{ workItems: Array<{ workItemId: string }>; next?: string }>(
        'SCJGJ',
        'GET',
        `/departments/SCJGJ/work-items${next ? `?next=${next}` : ''}`,
        undefined,
      );
      expect(page.status).toBe(200);
      return page.body.next ? [...page.body.workItems, ...(await open(page.body.next))] : page.body.workItems;
    };
    expect((await open()).map((w) => w.workItemId)).toContain(`${caseNo}~SCJGJ`);
    expect((await departmentCall('SCJGJ', 'GET', '/departments/GAJ/work-items', undefined)).status).toBe(403);
    await departmentCall('SCJGJ', 'POST', `/work-items/${caseNo}~SCJGJ/decision`, { decision: 'approve', opinion: '同意' });
    expect((await open()).map((w) => w.workItemId)).not.toContain(`${caseNo}~SCJGJ`);
  });

  it('rejects a replayed request (same nonce) even within the time window', async () => {
    const token = await tokenFor(anApplicant());
    const caseNo = await submittedCase(token);
    await waitForStatus(token, caseNo, ['in-approval']);
    const path = `/work-items/${caseNo}~SCJGJ/decision`;
    const body = { decision: 'approve', opinion: '同意' };
    const nonce = `replay-${caseNo.slice(-10)}-nonce`;
    expect((await departmentCall('SCJGJ', 'POST', path, body, { nonce })).status).toBe(200);
    const replayed = await departmentCall('SCJGJ', 'POST', path, body, { nonce });
    expect(replayed.status).toBe(401);
    expect(JSON.stringify(replayed.body)).toContain('replayed');
  });
});
