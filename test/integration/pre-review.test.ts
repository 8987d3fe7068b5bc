// Issue #5 end to end on the local stack: one consolidated correction notice, the correction loop,
// expiry → withdrawn, 容缺 acceptance with issuance held until supplied, 告知承诺, formal acceptance
// by the receiving window (deemed after 5 working days), and not-eligible applicants.
// Time moves per sweep (the simulator's /_supervision/sweep judges at the instant given, for the
// cases named), never for the whole stack, so other test files are not disturbed.
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from 'vitest';
import { eventContracts, type DetailType } from '../../events/contracts.ts';
import { call, departmentCall, departmentInbox, eventually, publishedEvents, stack, tokenFor } from '../support/api.ts';
import { createDraft, samplePdf, submit, upload, waitForStatus, waitSettled } from '../support/applicant-journey.ts';
import { anApplicant } from '../support/identities.ts';

interface NoticeItem {
  materialCode?: string;
  field?: string;
  problem: string;
  detail: string;
  guidance?: string;
}
interface CaseView {
  status: string;
  correction?: { round: number; items: NoticeItem[]; answerBy: { due: string; lastDay: string } };
  deficiencies?: Array<{ materialCode: string }>;
  deficiencyPromise?: { due: string };
  suspension?: { reason: string; liftedAt?: string };
  acceptance?: { mode: string };
  licenceId?: string;
  timeline: Array<{ action: string; summary: string; actor: string; at: string }>;
  auditIntact: boolean;
}

const getCase = async (token: string, caseNo: string) => (await call<CaseView>('GET', `/cases/${caseNo}`, { token })).body;

const sweep = async (at: Date, ...caseNos: string[]) => {
  const res = await fetch(`${stack().departmentSimulator}/_supervision/sweep`, { method: 'POST', body: JSON.stringify({ at: at.toISOString(), caseNos }) });
  expect(res.status).toBe(200);
  return (await res.json()) as { waits: { correctionsExpired: number; suspended: number; deemedAccepted: number } };
};

const eventsOf = async (caseNo: string, type: DetailType) => (await publishedEvents(caseNo)).filter((e) => e['detail-type'] === type);

/** A draft of the pre-review demo item with the given materials uploaded and verified. */
const draftWith = async (token: string, materials: readonly string[], formData: Record<string, unknown> = { shopName: '示范小店' }) => {
  const id = await createDraft(token, 'DEMO-YS');
  expect((await call('PATCH', `/applications/${id}`, { token, body: { formData } })).status).toBe(200);
  for (const code of materials) {
    await upload(token, id, code, samplePdf(code));
    expect(await waitSettled(token, id, code)).toBe('verified');
  }
  return id;
};

const approveAll = async (caseNo: string, department = 'SCJGJ') => {
  const item = await eventually(async () => (await departmentInbox<{ caseNo: string; workItemId: string; kind: string }>(department)).find((w) => w.caseNo === caseNo && w.kind === 'approval'), 20_000, 'work item');
  const res = await departmentCall(department, 'POST', `/work-items/${item.workItemId}/decision`, { decision: 'approve', opinion: '同意' });
  expect(res.status).toBe(200);
};

describe('pre-review: one consolidated correction notice (一次性告知)', () => {
  it('lists two missing materials and one of the wrong type in exactly one notice, then accepts the corrected case', async () => {
    const token = await tokenFor(anApplicant());
    const id = await draftWith(token, ['YS-SITE']);
    // YS-PLAN announced as a PDF but a PNG arrives: rejected as the wrong type.
    const png = Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex');
    await upload(token, id, 'YS-PLAN', png);
    expect(await waitSettled(token, id, 'YS-PLAN')).toBe('rejected');
    const { caseNo } = (await submit(token, id)).body;
    expect(await waitForStatus(token, caseNo, ['correcting', 'accepted'])).toBe('correcting');

    const view = await getCase(token, caseNo);
    expect(view.correction?.round).toBe(1);
    // What must be corrected first, then what could have been owed (容缺) on its own.
    expect(view.correction?.items.map((i) => [i.materialCode, i.problem])).toEqual([
      ['YS-PLAN', 'wrong-type'],
      ['YS-SAFE', 'missing'],
      ['YS-BANK', 'missing'],
    ]);
    expect(view.correction?.items[0]?.guidance).toBe('须加盖申请人公章，PDF 格式');
    const requested = await eventsOf(caseNo, 'CorrectionRequested');
    expect(requested).toHaveLength(1);
    expect(eventContracts.CorrectionRequested.parse(requested[0]?.detail).items).toHaveLength(3);

    // The answer: the plan again, the bank proof, a commitment in place of the fire-safety proof.
    await upload(token, id, 'YS-PLAN', samplePdf('plan v2'));
    await upload(token, id, 'YS-BANK', samplePdf('bank'));
    expect(await waitSettled(token, id, 'YS-PLAN')).toBe('verified');
    expect(await waitSettled(token, id, 'YS-BANK')).toBe('verified');
    const answered = await call('POST', `/cases/${caseNo}/corrections`, { token, body: { materials: ['YS-PLAN', 'YS-BANK'], commitments: ['YS-SAFE'] } });
    expect(answered.status).toBe(200);
    expect(await waitForStatus(token, caseNo, ['accepted', 'in-approval', 'correcting'])).not.toBe('correcting');

    const after = await getCase(token, caseNo);
    const submittedRound = after.timeline.find((t) => t.action === 'CorrectionSubmitted');
    expect(submittedRound?.summary).toContain('补交材料：经营方案、银行开户证明');
    expect(submittedRound?.summary).toContain('签署告知承诺：消防安全证明');
    expect(after.timeline.find((t) => t.action === 'CaseAccepted')?.summary).toContain('以告知承诺代替：YS-SAFE');
    expect(after.auditIntact).toBe(true);
    // The department sees which proof the commitment replaced.
    const item = await eventually(async () => (await departmentInbox<{ caseNo: string; committed?: string[] }>('SCJGJ')).find((w) => w.caseNo === caseNo), 20_000, 'work item');
    expect(item.committed).toEqual(['YS-SAFE']);
    expect(await eventsOf(caseNo, 'CorrectionRequested')).toHaveLength(1);
  });

  it('withdraws the case when the correction window runs out, audited', async () => {
    const token = await tokenFor(anApplicant());
    const id = await draftWith(token, ['YS-SITE', 'YS-BANK']);
    const { caseNo } = (await submit(token, id)).body;
    expect(await waitForStatus(token, caseNo, ['correcting'])).toBe('correcting');
    const { correction } = await getCase(token, caseNo);
    // The day before the answer date nothing happens; after it, the case is withdrawn.
    expect((await sweep(new Date(Date.parse(correction?.answerBy.due ?? '') - 86_400_000), caseNo)).waits.correctionsExpired).toBe(0);
    expect(await getCase(token, caseNo)).toMatchObject({ status: 'correcting' });
    const report = await eventually(async () => {
      const r = await sweep(new Date(Date.parse(correction?.answerBy.due ?? '') + 1000), caseNo);
      return r.waits.correctionsExpired === 1 ? r : undefined;
    }, 20_000, 'the workflow to reach its wait');
    expect(report.waits.correctionsExpired).toBe(1);
    expect(await waitForStatus(token, caseNo, ['withdrawn'])).toBe('withdrawn');
    const view = await getCase(token, caseNo);
    expect(view.timeline.at(-1)).toMatchObject({ action: 'CaseWithdrawn' });
    expect(view.timeline.at(-1)?.summary).toContain('视为撤回');
    expect(await eventsOf(caseNo, 'CaseWithdrawn')).toHaveLength(1);
    // A late answer is refused.
    expect((await call('POST', `/cases/${caseNo}/corrections`, { token, body: { materials: ['YS-PLAN'] } })).status).toBe(409);
  });
});

describe('pre-review: 容缺受理 and the held issuance', () => {
  it('accepts with the missing non-key material owed, approves, holds the licence until it is supplied', async () => {
    const token = await tokenFor(anApplicant());
    const id = await draftWith(token, ['YS-PLAN', 'YS-SITE', 'YS-SAFE']);
    const { caseNo } = (await submit(token, id)).body;
    expect(await waitForStatus(token, caseNo, ['accepted', 'in-approval', 'correcting'])).not.toBe('correcting');
    const accepted = await getCase(token, caseNo);
    expect(accepted.deficiencies?.map((d) => d.materialCode)).toEqual(['YS-BANK']);
    const [event] = await eventsOf(caseNo, 'CaseAccepted');
    expect(eventContracts.CaseAccepted.parse(event?.detail)).toMatchObject({ mode: 'automatic', deficiencies: [{ materialCode: 'YS-BANK', name: '银行开户证明' }] });

    await approveAll(caseNo);
    expect(await waitForStatus(token, caseNo, ['approved', 'completed'])).toBe('approved');
    // Held: still approved a moment later, no licence.
    await new Promise((r) => setTimeout(r, 500));
    expect(await getCase(token, caseNo)).toMatchObject({ status: 'approved' });
    expect((await getCase(token, caseNo)).licenceId).toBeUndefined();

    // The promised date passes: suspended with a red warning, once.
    const promised = Date.parse(accepted.deficiencyPromise?.due ?? '');
    expect((await sweep(new Date(promised + 1000), caseNo)).waits.suspended).toBe(1);
    expect((await sweep(new Date(promised + 2000), caseNo)).waits.suspended).toBe(0);
    expect((await getCase(token, caseNo)).suspension?.reason).toBe('deficiency-overdue');
    const warning = (await eventsOf(caseNo, 'DeadlineWarning')).find((e) => e.detail.subject === 'deficiencies');
    expect(warning?.detail.level).toBe('red');

    // Supplying it lifts the suspension and the licence is issued.
    await upload(token, id, 'YS-BANK', samplePdf('bank'));
    expect(await waitSettled(token, id, 'YS-BANK')).toBe('verified');
    const supplied = await call<{ deficiencies: unknown[] }>('POST', `/cases/${caseNo}/corrections`, { token, body: { materials: ['YS-BANK'] } });
    expect(supplied.status).toBe(200);
    expect(supplied.body.deficiencies).toEqual([]);
    expect(await waitForStatus(token, caseNo, ['completed'])).toBe('completed');
    const done = await getCase(token, caseNo);
    expect(done.licenceId).toBeDefined();
    expect(done.suspension?.liftedAt).toBeDefined();
    expect(done.auditIntact).toBe(true);
  });

  it('refuses a supply naming a material that has no verified upload, naming the field', async () => {
    const token = await tokenFor(anApplicant());
    const id = await draftWith(token, ['YS-PLAN', 'YS-SITE', 'YS-SAFE']);
    const { caseNo } = (await submit(token, id)).body;
    await waitForStatus(token, caseNo, ['accepted', 'in-approval']);
    const res = await call<{ errors: Array<{ field: string }> }>('POST', `/cases/${caseNo}/corrections`, { token, body: { materials: ['YS-BANK'] } });
    expect(res.status).toBe(400);
    expect(res.body.errors[0]?.field).toBe('materials.0');
  });
});

describe('pre-review: formal acceptance by the receiving window', () => {
  const submitManual = async () => {
    const token = await tokenFor(anApplicant());
    const id = await createDraft(token, 'DEMO-SL');
    await upload(token, id, 'SL-FORM', samplePdf('form'));
    expect(await waitSettled(token, id, 'SL-FORM')).toBe('verified');
    const { caseNo } = (await submit(token, id)).body;
    expect(await waitForStatus(token, caseNo, ['awaiting-acceptance'])).toBe('awaiting-acceptance');
    const item = await eventually(
      async () => (await departmentInbox<{ caseNo: string; workItemId: string; kind: string; due: string }>('SCJGJ')).find((w) => w.caseNo === caseNo && w.kind === 'acceptance'),
      20_000,
      'acceptance work item',
    );
    return { token, caseNo, item };
  };

  it('is deemed accepted when nobody decides within 5 working days (行政许可法 Art. 32), and the audit says so', async () => {
    const { token, caseNo, item } = await submitManual();
    expect(item.workItemId).toBe(`${caseNo}~SCJGJ~acceptance`);
    expect((await sweep(new Date(Date.parse(item.due) - 3_600_000), caseNo)).waits.deemedAccepted).toBe(0);
    expect((await sweep(new Date(Date.parse(item.due) + 1000), caseNo)).waits.deemedAccepted).toBe(1);
    expect(await waitForStatus(token, caseNo, ['accepted', 'in-approval'])).toBeDefined();
    const view = await getCase(token, caseNo);
    expect(view.acceptance?.mode).toBe('deemed');
    expect(view.timeline.find((t) => t.action === 'CaseAccepted')?.summary).toContain('视为受理');
    expect(eventContracts.CaseAccepted.parse((await eventsOf(caseNo, 'CaseAccepted'))[0]?.detail).mode).toBe('deemed');
    // The window's item is closed: a late decision is refused.
    expect((await departmentCall('SCJGJ', 'POST', `/work-items/${item.workItemId}/decision`, { decision: 'accept' })).status).toBe(410);
  });

  it('is accepted by the officer, or not accepted with the reason', async () => {
    const first = await submitManual();
    expect((await departmentCall('SCJGJ', 'POST', `/work-items/${first.item.workItemId}/decision`, { decision: 'accept', opinion: '材料齐全' })).status).toBe(200);
    expect(await waitForStatus(first.token, first.caseNo, ['accepted', 'in-approval'])).toBeDefined();
    expect((await getCase(first.token, first.caseNo)).acceptance?.mode).toBe('officer');

    const second = await submitManual();
    // An approval decision is not what an acceptance item takes.
    expect((await departmentCall('SCJGJ', 'POST', `/work-items/${second.item.workItemId}/decision`, { decision: 'approve', opinion: 'x' })).status).toBe(400);
    const refused = { decision: 'not-accept', reason: '不属于本机关职权范围', legalBasis: '行政许可法第三十二条第一款第（二）项' };
    expect((await departmentCall('SCJGJ', 'POST', `/work-items/${second.item.workItemId}/decision`, refused)).status).toBe(200);
    expect(await waitForStatus(second.token, second.caseNo, ['not-accepted'])).toBe('not-accepted');
    const [event] = await eventsOf(second.caseNo, 'CaseRefused');
    expect(eventContracts.CaseRefused.parse(event?.detail)).toMatchObject({ phase: 'acceptance', reasons: [{ department: 'SCJGJ', reason: '不属于本机关职权范围' }] });
  });

  it('stamps what a sweep at a later instant leads to at that instant, and its timeline never runs backwards', async () => {
    const { token, caseNo, item } = await submitManual();
    const at = new Date(Date.parse(item.due) + 7 * 86_400_000);
    expect((await sweep(at, caseNo)).waits.deemedAccepted).toBe(1);
    expect(await waitForStatus(token, caseNo, ['in-approval'])).toBe('in-approval');
    await eventually(async () => ((await getCase(token, caseNo)).timeline.some((t) => t.action === 'WorkItemOpened') ? true : undefined), 20_000, 'the work item');
    const { timeline } = await getCase(token, caseNo);
    expect(timeline.find((t) => t.action === 'CaseAccepted')?.at).toBe(at.toISOString());
    const times = timeline.map((t) => Date.parse(t.at));
    expect(times).toEqual([...times].sort((a, b) => a - b));
  });

  it('withdraws a case whose correction window a sweep found run out at that sweep\'s instant', async () => {
    const token = await tokenFor(anApplicant());
    const { caseNo } = (await submit(token, await draftWith(token, ['YS-SITE', 'YS-BANK']))).body;
    expect(await waitForStatus(token, caseNo, ['correcting'])).toBe('correcting');
    const at = new Date(Date.parse((await getCase(token, caseNo)).correction?.answerBy.due ?? '') + 3 * 86_400_000);
    await eventually(async () => ((await sweep(at, caseNo)).waits.correctionsExpired === 1 ? true : undefined), 20_000, 'the workflow to reach its wait');
    expect(await waitForStatus(token, caseNo, ['withdrawn'])).toBe('withdrawn');
    const { timeline } = await getCase(token, caseNo);
    expect(timeline.filter((t) => t.action === 'CaseWithdrawn').map((t) => t.at)).toEqual([at.toISOString()]);
  });
});

/** Points a draft at another item behind the API's back: a draft started under an earlier catalogue. */
const draftBefore = async (id: string, itemCode: string): Promise<void> => {
  const db = DynamoDBDocumentClient.from(
    new DynamoDBClient({ endpoint: stack().endpoints.dynamodb, region: 'us-east-1', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } }),
  );
  await db.send(new UpdateCommand({ TableName: stack().names.table, Key: { pk: `APP#${id}`, sk: 'META' }, UpdateExpression: 'SET itemCode = :i', ExpressionAttributeValues: { ':i': itemCode } }));
};

describe('pre-review: eligibility', () => {
  it('does not accept a person for an item only organisations may apply for, naming the condition', async () => {
    const token = await tokenFor(anApplicant());
    // A person can no longer start a DEMO-QY draft (POST /applications refuses it); pre-review is
    // the check for a draft started before the item was narrowed to organisations, as here.
    const id = await createDraft(token, 'DEMO-001');
    await draftBefore(id, 'DEMO-QY');
    await upload(token, id, 'QY-FORM', samplePdf('form'));
    expect(await waitSettled(token, id, 'QY-FORM')).toBe('verified');
    const { caseNo } = (await submit(token, id)).body;
    expect(await waitForStatus(token, caseNo, ['not-accepted', 'accepted', 'in-approval'])).toBe('not-accepted');
    // The event is published after the transition that the status shows.
    const event = await eventually(async () => (await eventsOf(caseNo, 'CaseRefused'))[0], 10_000, 'CaseRefused');
    expect(eventContracts.CaseRefused.parse(event?.detail)).toMatchObject({ phase: 'acceptance', reasons: [{ reason: '本事项仅受理法人或其他组织的申请' }] });
  });
});
