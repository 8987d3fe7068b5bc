// 快递送 (issue #9) on the local stack: EMS (the stack's courier simulator, speaking China Post's
// protocol to the platform's real EMS client and sealed tracking webhook) collects originals before
// approval and delivers the result after issuance; the tracking is in the case's timeline; a parcel
// that comes back opens an exception work item for the service centre instead of leaving the case
// waiting.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { GetExecutionHistoryCommand, ListExecutionsCommand, SFNClient } from '@aws-sdk/client-sfn';
import { DynamoDBDocumentClient, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { sealJson } from '../../functions/core/ems-envelope.ts';
import { dynamoDbClient } from '../../infra/local/clients.ts';
import { eventContracts, type DetailType } from '../../events/contracts.ts';
import { call, departmentCall, departmentInbox, eventually, publishedEvents, stack, tokenFor } from '../support/api.ts';
import { samplePdf, submit, upload, waitSettled } from '../support/applicant-journey.ts';
import { anApplicant } from '../support/identities.ts';

const ITEM = 'DEMO-YJ';
const ORIGINAL = 'YJ-CERT';
const SERVICE_CENTRE = 'SCJGJ';
const address = { recipient: '张三', mobile: '13800138000', province: '江苏省', city: '南京市', county: '玄武区', detail: '北京东路41号' };

interface TimelineEntry {
  readonly seq: number;
  readonly action: string;
  readonly summary: string;
}
interface CaseView {
  readonly status: string;
  readonly timeline: TimelineEntry[];
  readonly auditIntact: boolean;
}
interface SimulatedOrder {
  readonly orderNo: string;
  readonly waybillNo: string;
  readonly kind: 'pickup' | 'delivery';
  readonly plan: string[];
  readonly sent: number;
  readonly pushes: Array<{ state: string; answered: string }>;
}
interface InboxItem {
  readonly workItemId: string;
  readonly kind: string;
  readonly caseNo: string;
  readonly itemName: string;
  readonly status: string;
}

const simulator = () => stack().departmentSimulator;

const control = async <T,>(method: string, path: string, body?: unknown): Promise<{ status: number; body: T }> => {
  const res = await fetch(`${simulator()}${path}`, {
    method,
    ...(body === undefined ? {} : { headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }),
  });
  return { status: res.status, body: (await res.json()) as T };
};

const ordersOf = async (caseNo: string): Promise<SimulatedOrder[]> =>
  (await control<{ orders: SimulatedOrder[] }>('GET', `/_courier/orders?caseNo=${caseNo}`)).body.orders;

const view = async (token: string, caseNo: string): Promise<CaseView> => {
  const res = await call<CaseView>('GET', `/cases/${caseNo}`, { token });
  expect(res.status).toBe(200);
  return res.body;
};

const until = <T,>(token: string, caseNo: string, what: string, check: (v: CaseView) => T | undefined): Promise<T> =>
  eventually(async () => check(await view(token, caseNo)), 30_000, what);

/** A draft of the demo item whose material must be seen in the original, its scan uploaded. */
const draftWithOriginal = async (delivery: unknown = { method: 'ems', address }) => {
  const token = await tokenFor(anApplicant());
  const created = await call<{ id: string }>('POST', '/applications', { token, body: { itemCode: ITEM, ...(delivery ? { delivery } : {}) } });
  expect(created.status, JSON.stringify(created.body)).toBe(201);
  const applicationId = created.body.id;
  await upload(token, applicationId, ORIGINAL, samplePdf('original required'));
  expect(await waitSettled(token, applicationId, ORIGINAL)).toBe('verified');
  return { token, applicationId };
};

const submitted = async (token: string, applicationId: string): Promise<string> => {
  const res = await submit(token, applicationId);
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body.caseNo;
};

const actions = (v: CaseView): string[] => v.timeline.map((t) => t.action);

const sfn = () => new SFNClient({ endpoint: stack().endpoints.stepFunctions, region: 'us-east-1', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });

/** The states the case's execution entered, in order (each one a billed transition). */
const enteredStates = async (caseNo: string): Promise<string[]> => {
  const { executions = [] } = await sfn().send(new ListExecutionsCommand({ stateMachineArn: stack().names.stateMachineArn, maxResults: 1000 }));
  const executionArn = executions.find((e) => e.name === caseNo)?.executionArn;
  const { events = [] } = await sfn().send(new GetExecutionHistoryCommand({ executionArn, maxResults: 1000 }));
  return events.flatMap((e) => (e.type?.endsWith('StateEntered') && e.stateEnteredEventDetails?.name ? [e.stateEnteredEventDetails.name] : []));
};

describe('EMS hand-off', () => {
  it('collects the original before approval, and delivers the result after issuance until signed for, with the tracking in the timeline', async () => {
    const { token, applicationId } = await draftWithOriginal();
    const caseNo = await submitted(token, applicationId);

    // Approval opens only once the original has reached the service centre.
    const inApproval = await until(token, caseNo, 'the work item to open', (v) => (actions(v).includes('WorkItemOpened') ? v : undefined));
    const pickupDelivered = inApproval.timeline.find((t) => t.action === 'CourierDelivered');
    const opened = inApproval.timeline.find((t) => t.action === 'WorkItemOpened');
    expect(pickupDelivered?.summary).toContain('原件已送达政务服务中心');
    expect(pickupDelivered && opened && pickupDelivered.seq < opened.seq).toBe(true);
    const pickupEntries = inApproval.timeline.filter((t) => t.seq < (opened?.seq ?? 0)).map((t) => t.action);
    expect(pickupEntries).toEqual(expect.arrayContaining(['CourierOrdered', 'CourierDispatched', 'CourierTracking', 'CourierDelivered']));
    const [pickup] = await ordersOf(caseNo);
    expect(pickup).toMatchObject({ orderNo: `${caseNo}-P`, kind: 'pickup', sent: 4 });
    expect(inApproval.timeline.find((t) => t.action === 'CourierOrdered')?.summary).toContain(pickup?.waybillNo);

    const decided = await departmentCall(SERVICE_CENTRE, 'POST', `/work-items/${caseNo}~${SERVICE_CENTRE}/decision`, { decision: 'approve', opinion: '原件核验无误，同意' });
    expect(decided.status, JSON.stringify(decided.body)).toBe(200);

    const delivered = await until(token, caseNo, 'the result to be signed for', (v) =>
      v.timeline.filter((t) => t.action === 'CourierDelivered').length === 2 ? v : undefined,
    );
    expect(delivered.status).toBe('completed');
    const issued = delivered.timeline.find((t) => t.action === 'LicenceIssued');
    const afterIssue = delivered.timeline.filter((t) => t.seq > (issued?.seq ?? Infinity));
    expect(afterIssue.map((t) => t.action)).toEqual(['CourierOrdered', 'CourierDispatched', 'CourierTracking', 'CourierTracking', 'CourierDelivered']);
    expect(afterIssue[0]?.summary).toMatch(/办理结果已交 EMS 寄递，运单号 \d+；依《行政许可法》第四十四条，应于 \d{4}-\d{2}-\d{2} 前送达/);
    expect(afterIssue.at(-1)?.summary).toContain('已签收，本人签收');
    expect(actions(delivered)).not.toContain('DeliveryLate');
    expect(delivered.auditIntact).toBe(true);
    // The waiting tasks' tokens are stored with the courier records, never served.
    expect(JSON.stringify(delivered)).not.toMatch(/taskToken|execution-|\.token/i);

    const orders = await ordersOf(caseNo);
    expect(orders.map((o) => o.kind)).toEqual(['pickup', 'delivery']);
    expect(orders.every((o) => o.pushes.at(-1)?.answered === '00000')).toBe(true);

    const events = await eventually(async () => {
      const found = (await publishedEvents(caseNo)).filter((e) => e['detail-type'].startsWith('Courier'));
      return found.length === 4 ? found : undefined;
    }, 10_000, 'the courier events');
    expect(events.map((e) => `${e['detail-type']}:${String(e.detail.kind)}`).sort()).toEqual([
      'CourierDelivered:delivery',
      'CourierDelivered:pickup',
      'CourierDispatched:delivery',
      'CourierDispatched:pickup',
    ]);
    for (const event of events) expect(eventContracts[event['detail-type'] as DetailType].safeParse(event.detail).success).toBe(true);
    expect(events.find((e) => e['detail-type'] === 'CourierDelivered' && e.detail.kind === 'delivery')?.detail.late).toBe(false);

    // Cost follows billed transitions: each hand-off is one Task state entered once, however long it waits.
    const entered = await enteredStates(caseNo);
    expect(entered.filter((name) => name === 'CollectOriginals')).toHaveLength(1);
    expect(entered.filter((name) => name === 'DeliverResult')).toHaveLength(1);
    expect(entered.indexOf('CollectOriginals')).toBeLessThan(entered.indexOf('RunStages'));
  });

  it('opens an exception work item for the service centre when the originals come back, and goes on instead of waiting', async () => {
    const { token, applicationId } = await draftWithOriginal();
    // Scripted before submitting, so the case's first parcel cannot slip through.
    const rule = await control('POST', '/_courier/fail', { applicationId, kind: 'pickup', outcome: 'returned' });
    expect(rule.status).toBe(201);
    const caseNo = await submitted(token, applicationId);

    const returned = await until(token, caseNo, 'the returned parcel', (v) => (actions(v).includes('CourierException') ? v : undefined));
    expect(returned.timeline.find((t) => t.action === 'CourierException')?.summary).toContain('已退回');
    expect(actions(returned)).not.toContain('CourierDelivered');

    const exception = await eventually(
      async () => (await departmentInbox<InboxItem>(SERVICE_CENTRE)).find((w) => w.workItemId === `${caseNo}~courier-pickup`),
      10_000,
      'the exception in the service centre inbox',
    );
    expect(exception).toMatchObject({ caseNo, status: 'open', kind: 'courier-exception' });
    expect(exception.itemName).toContain('EMS 原件收取异常：已退回');
    // The journey ended: the workflow did not wait out its timeout, approval opened.
    await until(token, caseNo, 'approval to open', (v) => (v.status === 'in-approval' ? true : undefined));
    // An exception is no approval: the decision route does not take its id.
    const decided = await departmentCall(SERVICE_CENTRE, 'POST', `/work-items/${caseNo}~courier-pickup/decision`, { decision: 'approve', opinion: '同意' });
    expect(decided.status).toBe(400);
  });

  it('turns a case without an EMS address into an exception at once, and approval goes on', async () => {
    const { token, applicationId } = await draftWithOriginal(null);
    const caseNo = await submitted(token, applicationId);
    const v = await until(token, caseNo, 'approval to open', (c) => (c.status === 'in-approval' ? c : undefined));
    expect(v.timeline.find((t) => t.action === 'CourierException')?.summary).toContain('申请未填写 EMS 收寄地址');
    expect(await ordersOf(caseNo)).toEqual([]);
    const inbox = await departmentInbox<InboxItem>(SERVICE_CENTRE);
    expect(inbox.find((w) => w.workItemId === `${caseNo}~courier-pickup`)?.itemName).toContain('无收寄地址');
  });
});

describe('addresses at submit', () => {
  it('refuses to submit a draft saved before addresses were checked whose province EMS cannot route, naming the field', async () => {
    const { token, applicationId } = await draftWithOriginal();
    // As a draft stored before issue #9 would hold it: written straight to the case store.
    const db = DynamoDBDocumentClient.from(dynamoDbClient(stack().endpoints.dynamodb));
    await db.send(
      new UpdateCommand({
        TableName: stack().names.table,
        Key: { pk: `APP#${applicationId}`, sk: 'META' },
        UpdateExpression: 'SET delivery.address.province = :p',
        ExpressionAttributeValues: { ':p': '江苏' },
      }),
    );
    const res = await submit(token, applicationId);
    expect(res.status).toBe(400);
    expect((res.body as unknown as { errors: Array<{ field: string }> }).errors.map((e) => e.field)).toEqual(['delivery.address.province']);
    expect((await call<{ cases: unknown[] }>('GET', '/cases', { token })).body.cases).toEqual([]);
  });
});

describe('the tracking webhook', () => {
  const push = (payload: Record<string, unknown>, contract: { senderNo: string; signKey: string }) => ({
    logitcsInterface: sealJson(payload, contract.signKey),
    method: '040002',
    msgType: '0',
    senderNo: contract.senderNo,
    serialNo: 'TEST0001',
    timeStamp: '2026-03-02 10:00:00',
    version: 'V1.0.0',
  });
  const localContract = async () => JSON.parse(await readFile(join(stack().dataDir, 'courier.json'), 'utf8')) as { senderNo: string; signKey: string };
  const event = { waybillNo: '1999999999999', opCode: '704', opName: '妥投', opTime: '2026-03-02 10:00:00' };

  it('refuses a push sealed with another key (401), and asks EMS to push again for a waybill it does not know', async () => {
    const contract = await localContract();
    const forged = await call('POST', '/courier/ems/tracking', { body: push(event, { ...contract, signKey: Buffer.alloc(16, 9).toString('base64') }) });
    expect(forged.status).toBe(401);
    expect(forged.headers.get('content-type')).toContain('application/problem+json');
    const unknown = await call<{ code: string; serialNo: string }>('POST', '/courier/ems/tracking', { body: push(event, contract) });
    expect(unknown.status).toBe(200);
    expect(unknown.body).toMatchObject({ code: 'S00001', serialNo: 'TEST0001' });
  });

  it('names the field of a push that is not one (400)', async () => {
    const contract = await localContract();
    const bad = await call<{ errors: Array<{ field: string }> }>('POST', '/courier/ems/tracking', { body: push({ ...event, opTime: 'yesterday' }, contract) });
    expect(bad.status).toBe(400);
    expect(bad.body.errors.map((e) => e.field)).toContain('logitcsInterface.opTime');
  });
});
