// Issue #7 on the local stack: deadlines fixed at acceptance and explained, work items due in the
// department's inbox, and the 电子监察 sweep raising each warning level once, as an event, an audit
// entry and a signed call to the supervisor's webhook.
//
// Time is moved per sweep, not for the stack: the simulator's POST /_supervision/sweep judges at the
// instant given and only the cases named, so the other test files running against the same stack
// (same department, same clock) never see a warning or a shifted deadline.
import { describe, expect, it } from 'vitest';
import { eventContracts } from '../../events/contracts.ts';
import { officialCalendar } from '../../functions/core/calendar.ts';
import { caseDeadlinesOf } from '../../functions/core/case-deadlines.ts';
import { verifySignature } from '../../functions/core/request-signature.ts';
import { warningThresholds } from '../../functions/core/supervision.ts';
import type { SweepReport } from '../../functions/steps/supervise-deadlines.ts';
import { loadProvince } from '../../infra/provinces/index.ts';
import { call, departmentCall, departmentInbox, eventually, publishedEvents, stack, tokenFor } from '../support/api.ts';
import { createDraft, samplePdf, submit, upload, waitForStatus, waitSettled } from '../support/applicant-journey.ts';
import { anApplicant } from '../support/identities.ts';

const DEPARTMENT = 'SCJGJ';
const DAY = 86_400_000;
/** The demo province's 电子监察 threshold (infra/provinces/99: the schema default). */
const THRESHOLD = loadProvince('99').supervision.yellowRemainingDays;

interface CaseView {
  readonly status: string;
  readonly auditIntact: boolean;
  readonly timeline: Array<{ action: string; summary: string; actor: string; at: string }>;
  readonly deadlines?: {
    acceptedAt: string;
    statutoryDue: string;
    statutoryLastDay: string;
    statutoryDays: number;
    committedDue: string;
    committedLastDay: string;
    committedDays: number;
    remainingWorkingDays?: number;
    overdue?: boolean;
    warningLevel?: string;
    provisional: boolean;
    provisionalYears: number[];
    explanation: { statutory: string[]; committed: string[] };
  };
}

interface InboxItem {
  readonly workItemId: string;
  readonly caseNo: string;
  readonly due?: string;
}

interface Notification {
  readonly path: string;
  readonly verdict: string;
  readonly answered: number;
  readonly headers: Record<'x-department' | 'x-timestamp' | 'x-nonce' | 'x-signature', string>;
  readonly body: string;
}

const simulator = () => stack().departmentSimulator;

/** One sweep judged at `at`, for these cases only. */
const sweep = async (at: Date, ...caseNos: string[]): Promise<SweepReport> => {
  const res = await fetch(`${simulator()}/_supervision/sweep`, { method: 'POST', body: JSON.stringify({ at: at.toISOString(), caseNos }) });
  expect(res.status).toBe(200);
  return (await res.json()) as SweepReport;
};

const raisedBy = (report: SweepReport) => report.raised.map((w) => `${w.subject}:${w.level}`).sort();

const notificationsOf = async (caseNo: string): Promise<Notification[]> =>
  ((await (await fetch(`${simulator()}/_notifications?caseNo=${caseNo}`)).json()) as { notifications: Notification[] }).notifications;

const warningEventsOf = async (caseNo: string) => (await publishedEvents(caseNo)).filter((e) => e['detail-type'] === 'DeadlineWarning');

const view = async (token: string, caseNo: string): Promise<CaseView> => {
  const res = await call<CaseView>('GET', `/cases/${caseNo}`, { token });
  expect(res.status).toBe(200);
  return res.body;
};

const inbox = (): Promise<InboxItem[]> => departmentInbox<InboxItem>(DEPARTMENT);

const caseInApproval = async () => {
  const token = await tokenFor(anApplicant());
  const applicationId = await createDraft(token);
  await upload(token, applicationId, 'ID-COPY', samplePdf('supervision'));
  expect(await waitSettled(token, applicationId, 'ID-COPY')).toBe('verified');
  const submitted = await submit(token, applicationId);
  expect(submitted.status).toBe(201);
  const { caseNo } = submitted.body;
  await waitForStatus(token, caseNo, ['in-approval']);
  const item = (await inbox()).find((w) => w.caseNo === caseNo);
  if (!item?.due) throw new Error(`the work item of ${caseNo} has no due date in the inbox`);
  return { token, caseNo, workItemId: item.workItemId, due: new Date(item.due) };
};

describe('deadlines', () => {
  it('fixes statutory and committed deadlines at acceptance, explains them in the timeline and shows them in the case view', async () => {
    const { token, caseNo, due } = await caseInApproval();
    const { deadlines, timeline } = await view(token, caseNo);
    if (!deadlines) throw new Error('the case view has no deadlines');
    // The same arithmetic as the core's, from the acceptance instant the case recorded.
    const expected = caseDeadlinesOf(new Date(deadlines.acceptedAt), { statutoryDays: 20, committedDays: 5 }, officialCalendar);
    expect(deadlines).toMatchObject({
      statutoryDays: 20,
      statutoryDue: expected.statutory.due,
      statutoryLastDay: expected.statutory.lastDay,
      committedDays: 5,
      committedDue: expected.committed.due,
      committedLastDay: expected.committed.lastDay,
      overdue: false,
      warningLevel: 'none',
      provisional: expected.statutory.provisionalYears.length > 0,
    });
    // Accepted just now: the whole committed limit remains (today counts while it is a working day).
    expect(deadlines.remainingWorkingDays).toBeGreaterThanOrEqual(5);
    expect(deadlines.remainingWorkingDays).toBeLessThanOrEqual(6);
    expect(deadlines.explanation.committed).toEqual(expected.committed.explanation);

    const accepted = timeline.find((t) => t.action === 'CaseAccepted');
    expect(accepted?.summary).toContain(`承诺时限 5 个工作日，${expected.committed.lastDay} 24:00 前办结`);
    expect(accepted?.summary).toContain(`法定时限 20 个工作日，至 ${expected.statutory.lastDay}`);
    // The demo item has one stage: its work item is due with the case's committed deadline.
    expect(due.toISOString()).toBe(expected.committed.due);
    expect(timeline.find((t) => t.action === 'WorkItemOpened')?.summary).toContain(`办理期限 ${expected.committed.lastDay} 24:00`);
  });

  it("lists the department's inbox in due-date order", async () => {
    await caseInApproval();
    const dues = (await inbox()).flatMap((w) => (w.due ? [w.due] : []));
    expect(dues.length).toBeGreaterThan(0);
    expect(dues).toEqual([...dues].sort());
  });
});

describe('the supervision sweep', () => {
  it('warns yellow and red exactly once each, as event, audit entry and signed supervisor webhook call', async () => {
    const { token, caseNo, workItemId, due } = await caseInApproval();
    const { yellowFrom } = warningThresholds(due, THRESHOLD, officialCalendar);

    expect(raisedBy(await sweep(new Date(yellowFrom.getTime() - 1), caseNo))).toEqual([]);
    // Yellow: the work item, and the case (its committed deadline is the same instant here).
    const yellow = await sweep(yellowFrom, caseNo);
    expect(raisedBy(yellow)).toEqual(['case:yellow', 'work-item:yellow']);
    expect(yellow.raised.find((w) => w.subject === 'work-item')).toMatchObject({ workItemId, department: DEPARTMENT, due: due.toISOString() });
    expect(raisedBy(await sweep(new Date(due.getTime() - 1), caseNo))).toEqual([]);
    // Red at 24:00 of the last day.
    const red = await sweep(due, caseNo);
    expect(raisedBy(red)).toEqual(['case:red', 'work-item:red']);
    expect(red.raised.every((w) => w.remainingDays < 0)).toBe(true);
    // Twice more, later still: nothing new.
    expect(raisedBy(await sweep(due, caseNo))).toEqual([]);
    expect(raisedBy(await sweep(new Date(due.getTime() + 5 * DAY), caseNo))).toEqual([]);

    // Webhook: four signed calls to the department's supervisor webhook, one per subject and level.
    const notifications = await eventually(async () => {
      const received = await notificationsOf(caseNo);
      return received.length >= 4 ? received : undefined;
    }, 20_000, `four supervisor notifications on ${caseNo}`);
    await new Promise((resolve) => setTimeout(resolve, 300)); // and no more arrive
    expect(await notificationsOf(caseNo)).toHaveLength(4);
    const key = Buffer.from(stack().departmentKeys[DEPARTMENT] ?? '', 'base64');
    for (const n of notifications) {
      expect(n).toMatchObject({ path: `/departments/${DEPARTMENT}/supervision`, verdict: 'valid', answered: 200 });
      const h = n.headers;
      const signed = { method: 'POST', path: n.path, timestamp: h['x-timestamp'], nonce: h['x-nonce'], body: n.body, signature: h['x-signature'] };
      expect(verifySignature(key, signed, Math.floor(Date.now() / 1000))).toBe('valid');
    }
    const bodies = notifications.map((n) => JSON.parse(n.body) as { kind: string; subject: string; level: string; workItemId?: string; due: string });
    expect(bodies.map((b) => `${b.subject}:${b.level}`).sort()).toEqual(['case:red', 'case:yellow', 'work-item:red', 'work-item:yellow']);
    expect(bodies.every((b) => b.kind === 'deadline-warning' && b.due === due.toISOString())).toBe(true);
    expect(bodies.filter((b) => b.subject === 'work-item').every((b) => b.workItemId === workItemId)).toBe(true);

    // Events: exactly the same four, each valid against its contract.
    const events = await warningEventsOf(caseNo);
    expect(events.map((e) => `${String(e.detail.subject)}:${String(e.detail.level)}`).sort()).toEqual(['case:red', 'case:yellow', 'work-item:red', 'work-item:yellow']);
    for (const event of events) {
      expect(eventContracts.DeadlineWarning.safeParse(event.detail).success).toBe(true);
      expect(event.detail).toMatchObject({ department: DEPARTMENT, itemCode: 'DEMO-001', due: due.toISOString() });
    }
    expect(events.find((e) => e.detail.subject === 'work-item' && e.detail.level === 'yellow')?.detail.at).toBe(yellowFrom.toISOString());

    // Audit: four entries on the case, in order, the chain intact; the case itself unmoved.
    const after = await view(token, caseNo);
    const warnings = after.timeline.filter((t) => t.action === 'DeadlineWarning');
    expect(warnings.map((w) => w.summary.slice(0, 8))).toEqual(['督办提醒（黄牌）', '督办提醒（黄牌）', '督办警告（红牌）', '督办警告（红牌）']);
    expect(warnings.filter((w) => w.summary.includes(`${DEPARTMENT} 的审批任务`))).toHaveLength(2);
    expect(warnings.every((w) => w.actor === 'system')).toBe(true);
    expect(after.auditIntact).toBe(true);
    expect(after.status).toBe('in-approval');
    // The stack's own clock never moved: on real time the case is not late.
    expect(after.deadlines?.warningLevel).toBe('none');
  });

  it('warns red at once a case first seen overdue, never yellow afterwards', async () => {
    const { caseNo, due } = await caseInApproval();
    expect(raisedBy(await sweep(new Date(due.getTime() + 2 * DAY), caseNo))).toEqual(['case:red', 'work-item:red']);
    expect(raisedBy(await sweep(new Date(due.getTime() - 1), caseNo))).toEqual([]);
    const events = await warningEventsOf(caseNo);
    expect(events.map((e) => e.detail.level)).toEqual(['red', 'red']);
  });

  it('touches only the cases it is given', async () => {
    const [mine, other] = await Promise.all([caseInApproval(), caseInApproval()]);
    const late = new Date(Math.max(mine.due.getTime(), other.due.getTime()) + DAY);
    expect(raisedBy(await sweep(late, mine.caseNo))).toEqual(['case:red', 'work-item:red']);
    const untouched = await view(other.token, other.caseNo);
    expect(untouched.timeline.filter((t) => t.action === 'DeadlineWarning')).toEqual([]);
    expect(await warningEventsOf(other.caseNo)).toEqual([]);
  });

  it('leaves a decided work item and a finished case alone, and takes the case out of its index once', async () => {
    const { token, caseNo, workItemId, due } = await caseInApproval();
    const decided = await departmentCall(DEPARTMENT, 'POST', `/work-items/${workItemId}/decision`, { decision: 'approve', opinion: '同意' });
    expect(decided.status).toBe(200);
    expect(await waitForStatus(token, caseNo, ['completed', 'failed'])).toBe('completed');
    const first = await sweep(new Date(due.getTime() + DAY), caseNo);
    expect(first.raised).toEqual([]);
    expect(first.leftIndex).toBe(1);
    expect(first.examined.workItems).toBe(0);
    const second = await sweep(new Date(due.getTime() + DAY), caseNo);
    expect(second).toMatchObject({ raised: [], leftIndex: 0, examined: { workItems: 0, cases: 0 } });
    expect((await view(token, caseNo)).timeline.filter((t) => t.action === 'DeadlineWarning')).toEqual([]);
  });
});
