// Working days passing, on a demo stack of its own: these tests move the stack's clock
// (POST <simulator>/_clock), which the shared stack must never do (every other test's deadlines
// would move too). This worker's stack runs its handlers in this process, so its clock is this
// process's CLOCK_OFFSET_MS and nobody else's.
//   - a clock stopped during approval (a supplement asked for, an Art. 45 suspension) restarted
//     after working days passed: every due date moves (issue #15, item 1);
//   - the working days a case is overdue, counted on the official calendar (issue #15, item 5).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { anApplicant } from '../support/identities.ts';
import { startProvinceStack, type ProvinceStack } from './catalogue-stack.ts';

let p: ProvinceStack;

beforeAll(async () => {
  p = await startProvinceStack('99');
}, 120_000);

afterAll(async () => {
  await p?.stop();
});

interface InboxItem {
  caseNo: string;
  department: string;
  due?: string;
  supplement?: { answeredAt?: string };
  suspension?: { resumedAt?: string };
}
interface CaseView {
  status: string;
  deadlines?: { committedDue: string; committedLastDay: string; statutoryDue: string; remainingWorkingDays?: number; overdue?: boolean };
  timeline: Array<{ action: string; summary: string }>;
  auditIntact: boolean;
}

const DEPARTMENTS = ['SCJGJ', 'ZRZYJ', 'ZJJ'] as const;

const setClock = async (at: string): Promise<void> => {
  const res = await fetch(`${p.stack.departmentSimulator.url}/_clock`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ at }) });
  expect(res.status).toBe(200);
};

const view = async (token: string, caseNo: string) => (await p.call<CaseView>('GET', `/cases/${caseNo}`, { token })).body;

const decide = (caseNo: string, department: string, body: unknown) => p.departmentCall(department, 'POST', `/work-items/${caseNo}~${department}/decision`, body);

const workItems = async (caseNo: string): Promise<Record<string, InboxItem>> => {
  const found: Record<string, InboxItem> = {};
  for (const department of DEPARTMENTS) {
    const inbox = await p.departmentCall<{ workItems: InboxItem[] }>(department, 'GET', `/departments/${department}/work-items?limit=100`, undefined);
    const item = inbox.body.workItems.find((w) => w.caseNo === caseNo);
    if (item) found[department] = item;
  }
  return found;
};

/** A case of `itemCode` submitted (and accepted) at the stack's current clock. */
const submitCase = async (itemCode: string) => {
  const token = await p.tokenFor(anApplicant());
  const draft = await p.call<{ id: string }>('POST', '/applications', { token, body: { itemCode } });
  expect(draft.status).toBe(201);
  expect(await p.uploadPdf(token, draft.body.id, 'ID-COPY')).toBe('verified');
  const submitted = await p.call<{ caseNo: string }>('POST', `/applications/${draft.body.id}/submit`, { token, headers: { 'idempotency-key': `submit-${draft.body.id}` } });
  expect(submitted.status).toBe(201);
  return { token, id: draft.body.id, caseNo: submitted.body.caseNo };
};

/** A DEMO-003 case with its three work items open. */
const openCase = async () => {
  const opened = await submitCase('DEMO-003');
  await p.eventually(async () => (Object.keys(await workItems(opened.caseNo)).length === DEPARTMENTS.length ? true : undefined), 'three open work items');
  return opened;
};

const approveAllAndComplete = async (token: string, caseNo: string) => {
  for (const department of DEPARTMENTS) expect((await decide(caseNo, department, { decision: 'approve', opinion: '同意' })).status).toBe(200);
  await p.eventually(async () => ((await view(token, caseNo)).status === 'completed' ? true : undefined), 'the case to complete');
};

type Snapshot = { case: CaseView['deadlines']; items: Record<string, InboxItem> };

const snapshot = async (token: string, caseNo: string): Promise<Snapshot> => ({ case: (await view(token, caseNo)).deadlines, items: await workItems(caseNo) });

/** The case's committed due date and every open work item's due date are later than before; the entry says why. */
const expectEveryDueMoved = async (token: string, caseNo: string, before: Snapshot, action: string): Promise<Record<string, InboxItem>> => {
  const after = await view(token, caseNo);
  expect(Date.parse(after.deadlines?.committedDue ?? '')).toBeGreaterThan(Date.parse(before.case?.committedDue ?? ''));
  expect(after.timeline.find((t) => t.action === action)?.summary).toContain('期限顺延');
  const items = await workItems(caseNo);
  for (const department of DEPARTMENTS) {
    expect(Date.parse(items[department]?.due ?? ''), department).toBeGreaterThan(Date.parse(before.items[department]?.due ?? ''));
  }
  return items;
};

// Monday 14 Dec 2026, and the Friday after: Monday to Thursday pass while the clock stands still.
const MONDAY = '2026-12-14T10:00:00+08:00';
const FRIDAY = '2026-12-18T10:00:00+08:00';

describe('a stopped clock restarted after working days passed', () => {
  it('moves every due date when the applicant answers a supplement', async () => {
    await setClock(MONDAY);
    const { token, id, caseNo } = await openCase();
    const before = await snapshot(token, caseNo);
    const ask = { decision: 'request-supplement', items: [{ materialCode: 'ID-COPY', detail: '身份证明复印件不清晰，请重新上传' }] };
    expect((await decide(caseNo, 'ZRZYJ', ask)).status).toBe(200);

    await setClock(FRIDAY);
    expect(await p.uploadPdf(token, id, 'ID-COPY')).toBe('verified');
    const answered = await p.call<{ returnedTo: string[] }>('POST', `/cases/${caseNo}/corrections`, { token, body: { materials: ['ID-COPY'] } });
    expect(answered.status).toBe(200);
    expect(answered.body.returnedTo).toEqual(['ZRZYJ']);

    // The department that asked sees its supplement answered AND its due date moved: both in one write.
    const items = await expectEveryDueMoved(token, caseNo, before, 'SupplementSubmitted');
    expect(items.ZRZYJ?.supplement?.answeredAt).toBeDefined();
    await approveAllAndComplete(token, caseNo);
    expect((await view(token, caseNo)).auditIntact).toBe(true);
  });

  it('moves every due date when a department resumes its Art. 45 suspension', async () => {
    await setClock(MONDAY);
    const { token, caseNo } = await openCase();
    const before = await snapshot(token, caseNo);
    expect((await decide(caseNo, 'ZJJ', { decision: 'suspend', reason: 'site-inspection', days: 3, note: '现场核查' })).status).toBe(200);

    await setClock(FRIDAY);
    const resumed = await p.departmentCall<{ action: string; deadlines: { committedDue: string } }>('ZJJ', 'POST', `/work-items/${caseNo}~ZJJ/decision`, { decision: 'resume' });
    expect(resumed.status).toBe(200);
    expect(resumed.body.action).toBe('resume');

    const items = await expectEveryDueMoved(token, caseNo, before, 'ClockResumed');
    expect(items.ZJJ?.suspension?.resumedAt).toBeDefined();
    expect((await view(token, caseNo)).deadlines?.committedDue).toBe(resumed.body.deadlines.committedDue);
    await approveAllAndComplete(token, caseNo);
    expect((await view(token, caseNo)).auditIntact).toBe(true);
  });
});

describe('working days overdue', () => {
  it('counts the working days after the last day, not one more on a rest day', async () => {
    // Accepted Tue 29 Sep 2026: five working days (国庆 1–8 Oct off, Sat 10 Oct worked) end Mon 12 Oct.
    await setClock('2026-09-29T10:00:00+08:00');
    const { token, caseNo } = await submitCase('DEMO-001');
    await p.eventually(async () => ((await view(token, caseNo)).status === 'in-approval' ? true : undefined), 'the case to be in approval');
    expect((await view(token, caseNo)).deadlines?.committedLastDay).toBe('2026-10-12');

    // Sat 5 Dec: 13 Oct – 4 Dec hold 39 working days, and a Saturday adds none.
    await setClock('2026-12-05T10:00:00+08:00');
    expect((await view(token, caseNo)).deadlines).toMatchObject({ overdue: true, remainingWorkingDays: -39 });
    const supervisor = await p.stack.issuer.mint({ name: '省政务办监察员', role: 'supervisor' });
    const stats = await p.call<{ overdue: { cases: Array<{ caseNo: string; overdueWorkingDays: number }> } }>('GET', '/supervision/stats?from=2026-09-01&to=2026-09-30', { token: supervisor });
    expect(stats.status).toBe(200);
    expect(stats.body.overdue.cases.find((c) => c.caseNo === caseNo)?.overdueWorkingDays).toBe(39);
  });
});
