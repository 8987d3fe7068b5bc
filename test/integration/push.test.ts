// Issue #6, push: each new work item goes to the department's webhook (locally the department
// simulator), signed with the department's key, retried with backoff, and recorded undelivered
// after the last try without touching the case. Failures are scripted per application before the
// case is submitted, so other test files' cases (same department) never consume them.
import { EventBridgeClient, PutEventsCommand } from '@aws-sdk/client-eventbridge';
import { afterAll, describe, expect, it } from 'vitest';
import { eventSource } from '../../events/contracts.ts';
import { verifySignature } from '../../functions/core/request-signature.ts';
import { call, departmentCall, departmentInbox, eventually, stack, tokenFor } from '../support/api.ts';
import { createDraft, samplePdf, submit, upload, waitForStatus, waitSettled } from '../support/applicant-journey.ts';
import { anApplicant } from '../support/identities.ts';

const DEPARTMENT = 'SCJGJ';

interface RecordedPush {
  readonly path: string;
  readonly verdict: string;
  readonly answered: number;
  readonly headers: Record<'x-department' | 'x-timestamp' | 'x-nonce' | 'x-signature', string>;
  readonly body: string;
}

interface InboxItem {
  readonly workItemId: string;
  readonly caseNo: string;
  readonly status: string;
  readonly delivery: { status: string; attempts?: number; at?: string; lastError?: string };
}

interface CaseView {
  readonly status: string;
  readonly timeline: Array<{ action: string; summary: string; actor: string }>;
  readonly auditIntact: boolean;
}

const simulator = () => stack().departmentSimulator;

const pushesOf = async (caseNo: string): Promise<RecordedPush[]> => {
  const res = await fetch(`${simulator()}/_pushes?department=${DEPARTMENT}&caseNo=${caseNo}`);
  return ((await res.json()) as { pushes: RecordedPush[] }).pushes;
};

/** The case's work item as the department's inbox lists it. */
const inboxItem = async (caseNo: string): Promise<InboxItem | undefined> =>
  (await departmentInbox<InboxItem>(DEPARTMENT)).find((w) => w.caseNo === caseNo);

const deliveryOnceSettled = (caseNo: string) =>
  eventually(async () => {
    const item = await inboxItem(caseNo);
    return item && item.delivery.status !== 'pending' ? item : undefined;
  }, 20_000, `the push of ${caseNo} to settle`);

/** A demo case waiting in approval; `failPushes` scripts the simulator before the case exists. */
const caseInApproval = async (failPushes?: number) => {
  const applicant = anApplicant();
  const token = await tokenFor(applicant);
  const applicationId = await createDraft(token);
  await upload(token, applicationId, 'ID-COPY', samplePdf('push'));
  expect(await waitSettled(token, applicationId, 'ID-COPY')).toBe('verified');
  if (failPushes !== undefined) {
    const res = await fetch(`${simulator()}/_fail`, { method: 'POST', body: JSON.stringify({ department: DEPARTMENT, times: failPushes, applicationId }) });
    expect(res.status).toBe(201);
  }
  const submitted = await submit(token, applicationId);
  expect(submitted.status).toBe(201);
  const { caseNo } = submitted.body;
  await waitForStatus(token, caseNo, ['in-approval']);
  return { applicant, token, caseNo, workItemId: `${caseNo}~${DEPARTMENT}` };
};

const bus = new EventBridgeClient({
  endpoint: stack().endpoints.eventBridge,
  region: 'us-east-1',
  credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
});
afterAll(() => bus.destroy());

/** Puts a WorkItemOpened on the bus again, as an EventBridge retry or a redrive from the DLQ would. */
const republishOpened = async (caseNo: string) => {
  const { FailedEntryCount } = await bus.send(
    new PutEventsCommand({
      Entries: [
        {
          EventBusName: stack().names.eventBus,
          Source: eventSource('99'),
          DetailType: 'WorkItemOpened',
          Detail: JSON.stringify({ caseNo, province: '99', at: new Date().toISOString(), workItemId: `${caseNo}~${DEPARTMENT}`, department: DEPARTMENT }),
        },
      ],
    }),
  );
  expect(FailedEntryCount).toBe(0);
};

describe('work item push', () => {
  it('pushes a new work item to the department, signed with its key, without token or identity data', async () => {
    const { applicant, caseNo, workItemId } = await caseInApproval();
    const [push, ...more] = await eventually(async () => {
      const pushes = await pushesOf(caseNo);
      return pushes.length ? pushes : undefined;
    }, 20_000, `a push of ${caseNo}`);
    expect(more).toEqual([]);
    expect(push).toMatchObject({ path: `/departments/${DEPARTMENT}/work-items`, verdict: 'valid', answered: 200 });

    // What the department does with the key it holds: the same check as the platform's.
    const key = Buffer.from(stack().departmentKeys[DEPARTMENT] ?? '', 'base64');
    const { headers, body, path } = push as RecordedPush;
    expect(headers['x-department']).toBe(DEPARTMENT);
    const now = Math.floor(Date.now() / 1000);
    const signed = { method: 'POST', path, timestamp: headers['x-timestamp'], nonce: headers['x-nonce'], body, signature: headers['x-signature'] };
    expect(verifySignature(key, signed, now)).toBe('valid');
    expect(verifySignature(Buffer.alloc(32, 7), signed, now)).toBe('bad-signature');

    const pushed = JSON.parse(body) as Record<string, unknown>;
    expect(Object.keys(pushed).sort()).toEqual(['caseNo', 'decisionPath', 'department', 'itemCode', 'itemName', 'kind', 'openedAt', 'workItemId']);
    expect(pushed).toMatchObject({ workItemId, caseNo, department: DEPARTMENT, itemCode: 'DEMO-001', decisionPath: `/work-items/${workItemId}/decision` });
    expect(body).not.toMatch(/token/i);
    expect(body).not.toContain(applicant.resident_id);
    expect(body).not.toContain(applicant.name);

    const item = await deliveryOnceSettled(caseNo);
    expect(item.delivery).toMatchObject({ status: 'delivered', attempts: 1 });
    expect(Date.parse(item.delivery.at ?? '')).not.toBeNaN();
  });

  it('retries with backoff and delivers on the third try after two failures', async () => {
    const { caseNo } = await caseInApproval(2);
    const item = await deliveryOnceSettled(caseNo);
    expect(item.delivery).toMatchObject({ status: 'delivered', attempts: 3 });
    const pushes = await pushesOf(caseNo);
    expect(pushes.map((p) => [p.verdict, p.answered])).toEqual([
      ['valid', 503],
      ['valid', 503],
      ['valid', 200],
    ]);
    // Every try is signed afresh: a retry is never a replay.
    expect(new Set(pushes.map((p) => p.headers['x-nonce'])).size).toBe(3);
  });

  it('records a push that used up its tries as undelivered, in the inbox and on the timeline, and the case stays decidable', async () => {
    const attempts = stack().pushAttempts;
    const { token, caseNo, workItemId } = await caseInApproval(attempts + 10);
    const item = await deliveryOnceSettled(caseNo);
    expect(item.status).toBe('open');
    expect(item.delivery).toMatchObject({ status: 'undelivered', attempts, lastError: 'HTTP 503' });
    expect((await pushesOf(caseNo)).map((p) => p.answered)).toEqual(Array.from({ length: attempts }, () => 503));

    const view = (await call<CaseView>('GET', `/cases/${caseNo}`, { token })).body;
    expect(view.status).toBe('in-approval');
    expect(view.auditIntact).toBe(true);
    const undelivered = view.timeline.filter((t) => t.action === 'WorkItemUndelivered');
    expect(undelivered).toHaveLength(1);
    expect(undelivered[0]).toMatchObject({ actor: 'system' });
    expect(undelivered[0]?.summary).toContain(DEPARTMENT);
    expect(undelivered[0]?.summary).toMatch(/未能推送/);

    // The department pulls it instead and decides as usual.
    const decided = await departmentCall(DEPARTMENT, 'POST', `/work-items/${workItemId}/decision`, { decision: 'approve', opinion: '经待办列表获取，同意' });
    expect(decided.status).toBe(200);
    expect(await waitForStatus(token, caseNo, ['completed', 'failed'])).toBe('completed');
  });

  it('pushes again when the dead-lettered event is redriven, and ignores a copy of an event already delivered', async () => {
    const attempts = stack().pushAttempts;
    const delivered = await caseInApproval();
    expect((await deliveryOnceSettled(delivered.caseNo)).delivery.status).toBe('delivered');
    const dead = await caseInApproval(attempts); // every try of the first invocation fails, later ones pass
    expect((await deliveryOnceSettled(dead.caseNo)).delivery.status).toBe('undelivered');

    await republishOpened(delivered.caseNo);
    await republishOpened(dead.caseNo);
    const redriven = await eventually(async () => {
      const item = await inboxItem(dead.caseNo);
      return item?.delivery.status === 'delivered' ? item : undefined;
    }, 20_000, `the redriven push of ${dead.caseNo}`);
    expect(redriven.delivery).toMatchObject({ status: 'delivered', attempts: 1 });
    expect((await pushesOf(dead.caseNo)).map((p) => p.answered)).toEqual([...Array.from({ length: attempts }, () => 503), 200]);

    // Both events went out together; give the copy's invocation time to (not) push.
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(await pushesOf(delivered.caseNo)).toHaveLength(1);
    expect((await inboxItem(delivered.caseNo))?.delivery).toMatchObject({ status: 'delivered', attempts: 1 });
  });
});
