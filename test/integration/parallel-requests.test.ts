// Copies of one request sent at once (issue #15, item 6), as a department system retrying on a
// timeout or a double-clicked submit send them: every copy gets the answer the rules promise.
//   - the same decision (or suspension, or supplement request) again answers the same, also while
//     the first copy is still being written;
//   - submits of one draft under different Idempotency-Keys all answer with its one case, and
//     copies under one key replay the first answer.
import { describe, expect, it } from 'vitest';
import { call, departmentCall, departmentInbox, eventually, tokenFor } from '../support/api.ts';
import { createDraft, samplePdf, submit, upload, waitForStatus, waitSettled } from '../support/applicant-journey.ts';
import { anApplicant } from '../support/identities.ts';

const COPIES = 40;

const draftReady = async () => {
  const token = await tokenFor(anApplicant());
  const id = await createDraft(token, 'DEMO-001');
  await upload(token, id, 'ID-COPY', samplePdf('id'));
  expect(await waitSettled(token, id, 'ID-COPY')).toBe('verified');
  return { token, id };
};

const timelineActions = async (token: string, caseNo: string): Promise<string[]> =>
  (await call<{ timeline: Array<{ action: string }> }>('GET', `/cases/${caseNo}`, { token })).body.timeline.map((t) => t.action);

describe('copies of one request sent at once', () => {
  it('answers every copy of the same decision with the decision, recorded once', async () => {
    const { token, id } = await draftReady();
    const { caseNo } = (await submit(token, id)).body;
    await eventually(async () => (await departmentInbox('SCJGJ')).find((w) => w.caseNo === caseNo), 20_000, 'the work item');

    const body = { decision: 'approve', opinion: '符合条件，同意' };
    const answers = await Promise.all(
      Array.from({ length: COPIES }, () => departmentCall<{ status: string; decision: unknown }>('SCJGJ', 'POST', `/work-items/${caseNo}~SCJGJ/decision`, body)),
    );
    expect(answers.map((a) => a.status)).toEqual(Array.from({ length: COPIES }, () => 200));
    for (const answer of answers) expect(answer.body).toMatchObject({ workItemId: `${caseNo}~SCJGJ`, status: 'decided', decision: body });

    expect(await waitForStatus(token, caseNo, ['completed', 'failed'])).toBe('completed');
    expect((await timelineActions(token, caseNo)).filter((a) => a === 'DepartmentDecided')).toHaveLength(1);
    // A different decision afterwards is still refused.
    expect((await departmentCall('SCJGJ', 'POST', `/work-items/${caseNo}~SCJGJ/decision`, { decision: 'refuse', reason: '不符合条件', legalBasis: '《示范条例》第十条' })).status).toBe(409);
  });

  it('answers every copy of the same suspension or supplement request alike, recorded once', async () => {
    const token = await tokenFor(anApplicant());
    const id = await createDraft(token, 'DEMO-003');
    await upload(token, id, 'ID-COPY', samplePdf('id'));
    expect(await waitSettled(token, id, 'ID-COPY')).toBe('verified');
    const { caseNo } = (await submit(token, id)).body;
    for (const department of ['SCJGJ', 'ZRZYJ']) await eventually(async () => (await departmentInbox(department)).find((w) => w.caseNo === caseNo), 20_000, `${department}'s work item`);

    const suspend = { decision: 'suspend', reason: 'expert-review', days: 10, note: '组织专家评审' };
    const ask = { decision: 'request-supplement', items: [{ materialCode: 'ID-COPY', detail: '身份证明复印件不清晰，请重新上传' }] };
    const answers = await Promise.all([
      ...Array.from({ length: COPIES / 2 }, () => departmentCall('SCJGJ', 'POST', `/work-items/${caseNo}~SCJGJ/decision`, suspend)),
      ...Array.from({ length: COPIES / 2 }, () => departmentCall('ZRZYJ', 'POST', `/work-items/${caseNo}~ZRZYJ/decision`, ask)),
    ]);
    expect(answers.map((a) => a.status)).toEqual(Array.from({ length: COPIES }, () => 200));
    const actions = await timelineActions(token, caseNo);
    expect(actions.filter((a) => a === 'ClockSuspended')).toHaveLength(1);
    expect(actions.filter((a) => a === 'SupplementRequested')).toHaveLength(1);
  });

  it('answers every submit of one draft with its one case, whatever the Idempotency-Key', async () => {
    const { token, id } = await draftReady();
    const answers = await Promise.all(Array.from({ length: COPIES }, (_, n) => submit(token, id, `race-${n}-${id}`)));
    const statuses = answers.map((a) => a.status);
    expect(statuses.filter((s) => s === 201)).toHaveLength(1);
    expect(statuses.filter((s) => s === 200)).toHaveLength(COPIES - 1);
    const caseNo = answers.find((a) => a.status === 201)?.body.caseNo ?? '';
    for (const answer of answers) expect(answer.body).toMatchObject({ caseNo, receipt: { trackingUrl: expect.any(String) as string } });

    expect(await waitForStatus(token, caseNo, ['in-approval'])).toBe('in-approval');
    expect((await timelineActions(token, caseNo)).filter((a) => a === 'CaseSubmitted')).toHaveLength(1);
  });

  it('answers every copy of one submit under one Idempotency-Key with the first answer', async () => {
    const { token, id } = await draftReady();
    const answers = await Promise.all(Array.from({ length: COPIES }, () => submit(token, id, `same-${id}`)));
    expect(answers.map((a) => a.status)).toEqual(Array.from({ length: COPIES }, () => 201));
    expect(new Set(answers.map((a) => a.body.caseNo)).size).toBe(1);
    expect(answers.filter((a) => a.headers.get('idempotent-replayed') === 'true')).toHaveLength(COPIES - 1);
  });
});
