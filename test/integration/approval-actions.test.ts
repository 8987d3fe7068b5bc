// Issue #6 on the local stack: a department asks the applicant for a supplement while the others
// have approved — only that department reviews again — and a department stops the clock for an
// Art. 45 step and restarts it.
import { describe, expect, it } from 'vitest';
import { call, departmentCall, departmentInbox, eventually, stack, tokenFor } from '../support/api.ts';
import { createDraft, samplePdf, submit, upload, waitForStatus, waitSettled } from '../support/applicant-journey.ts';
import { anApplicant } from '../support/identities.ts';

interface InboxItem {
  caseNo: string;
  workItemId: string;
  kind: string;
  supplement?: { answeredAt?: string };
  suspension?: { reason: string; resumedAt?: string };
}
interface CaseView {
  status: string;
  correction?: { issuedBy: { kind: string; id: string }; items: Array<{ materialCode?: string; detail: string }> };
  deadlines?: { committedDue: string };
  timeline: Array<{ action: string; summary: string; actor: string }>;
  auditIntact: boolean;
}

const DEPARTMENTS = ['SCJGJ', 'ZRZYJ', 'ZJJ'] as const;

const decide = (caseNo: string, department: string, body: unknown) => departmentCall(department, 'POST', `/work-items/${caseNo}~${department}/decision`, body);

const pushesTo = async (department: string, caseNo: string): Promise<number> =>
  ((await (await fetch(`${stack().departmentSimulator}/_pushes?department=${department}&caseNo=${caseNo}`)).json()) as { pushes: Array<{ verdict: string }> }).pushes.filter((p) => p.verdict === 'valid').length;

/** A DEMO-003 case (three departments in parallel) with every work item open. */
const openCase = async () => {
  const token = await tokenFor(anApplicant());
  const id = await createDraft(token, 'DEMO-003');
  await upload(token, id, 'ID-COPY', samplePdf('id'));
  expect(await waitSettled(token, id, 'ID-COPY')).toBe('verified');
  const { caseNo } = (await submit(token, id)).body;
  for (const department of DEPARTMENTS) {
    await eventually(async () => (await departmentInbox<InboxItem>(department)).find((w) => w.caseNo === caseNo), 20_000, `${department}'s work item`);
  }
  return { token, id, caseNo };
};

const view = async (token: string, caseNo: string) => (await call<CaseView>('GET', `/cases/${caseNo}`, { token })).body;

describe('approval actions short of a decision', () => {
  it('returns a supplement to the department that asked for it only; the others keep their approval', async () => {
    const { token, id, caseNo } = await openCase();
    for (const d of ['SCJGJ', 'ZRZYJ']) expect((await decide(caseNo, d, { decision: 'approve', opinion: '同意' })).status).toBe(200);
    const ask = { decision: 'request-supplement', items: [{ materialCode: 'ID-COPY', detail: '身份证明复印件不清晰，请重新上传' }] };
    expect((await decide(caseNo, 'ZJJ', ask)).status).toBe(200);
    // The same request again answers the same; deciding while the applicant owes the supplement is refused.
    expect((await decide(caseNo, 'ZJJ', ask)).status).toBe(200);
    expect((await decide(caseNo, 'ZJJ', { decision: 'approve', opinion: '同意' })).status).toBe(409);

    const asked = await view(token, caseNo);
    expect(asked.status).toBe('in-approval');
    expect(asked.correction).toMatchObject({ issuedBy: { kind: 'department', id: 'ZJJ' }, items: [{ materialCode: 'ID-COPY' }] });
    expect(asked.timeline.find((t) => t.action === 'SupplementRequested')?.summary).toContain('暂停计时');
    const inbox = (await departmentInbox<InboxItem>('ZJJ')).find((w) => w.caseNo === caseNo);
    expect(inbox?.supplement?.answeredAt).toBeUndefined();
    const pushedBefore = await Promise.all(DEPARTMENTS.map((d) => pushesTo(d, caseNo)));

    // The applicant uploads the material again (open now: a department asked for it) and answers.
    await upload(token, id, 'ID-COPY', samplePdf('id, legible'));
    expect(await waitSettled(token, id, 'ID-COPY')).toBe('verified');
    const answered = await call<{ returnedTo: string[] }>('POST', `/cases/${caseNo}/corrections`, { token, body: { materials: ['ID-COPY'] } });
    expect(answered.status).toBe(200);
    expect(answered.body.returnedTo).toEqual(['ZJJ']);

    // Only ZJJ is pushed again; the two that approved are not asked again.
    await eventually(async () => ((await pushesTo('ZJJ', caseNo)) > (pushedBefore[2] ?? 0) ? true : undefined), 20_000, 'ZJJ to be pushed again');
    expect(await pushesTo('SCJGJ', caseNo)).toBe(pushedBefore[0]);
    expect(await pushesTo('ZRZYJ', caseNo)).toBe(pushedBefore[1]);
    expect((await departmentInbox<InboxItem>('ZJJ')).find((w) => w.caseNo === caseNo)?.supplement?.answeredAt).toBeDefined();

    expect((await decide(caseNo, 'ZJJ', { decision: 'approve', opinion: '补正后同意' })).status).toBe(200);
    expect(await waitForStatus(token, caseNo, ['completed', 'failed'])).toBe('completed');
    const done = await view(token, caseNo);
    expect(done.timeline.filter((t) => t.action === 'DepartmentDecided')).toHaveLength(3);
    expect(done.timeline.find((t) => t.action === 'SupplementSubmitted')?.actor).toBe('applicant');
    expect(done.auditIntact).toBe(true);
  });

  it('stops the clock for an Art. 45 step and restarts it; no decision while it is stopped', async () => {
    const { token, caseNo } = await openCase();
    const before = (await view(token, caseNo)).deadlines?.committedDue;
    const suspend = { decision: 'suspend', reason: 'expert-review', days: 10, note: '组织专家评审' };
    expect((await decide(caseNo, 'SCJGJ', suspend)).status).toBe(200);
    expect((await decide(caseNo, 'SCJGJ', suspend)).status).toBe(200);
    expect((await decide(caseNo, 'SCJGJ', { ...suspend, reason: 'hearing' })).status).toBe(409);
    expect((await decide(caseNo, 'SCJGJ', { decision: 'approve', opinion: '同意' })).status).toBe(409);
    // Another department cannot restart SCJGJ's clock, nor act on its work item.
    expect((await decide(caseNo, 'ZRZYJ', { decision: 'resume' })).status).toBe(409);
    expect((await departmentCall('ZRZYJ', 'POST', `/work-items/${caseNo}~SCJGJ/decision`, { decision: 'resume' })).status).toBe(403);
    expect((await departmentInbox<InboxItem>('SCJGJ')).find((w) => w.caseNo === caseNo)?.suspension?.reason).toBe('expert-review');

    const resumed = await decide(caseNo, 'SCJGJ', { decision: 'resume' });
    expect(resumed.status).toBe(200);
    const after = await view(token, caseNo);
    expect(after.timeline.map((t) => t.action)).toEqual(expect.arrayContaining(['ClockSuspended', 'ClockResumed']));
    expect(after.timeline.find((t) => t.action === 'ClockSuspended')?.summary).toContain('专家评审');
    // Stopped and restarted on the same day: no working day was held, the deadline stays.
    expect(after.deadlines?.committedDue).toBe(before);
    expect((await decide(caseNo, 'SCJGJ', { decision: 'resume' })).status).toBe(409);
    expect((await decide(caseNo, 'SCJGJ', { decision: 'approve', opinion: '同意' })).status).toBe(200);
  });
});
