// Issue #16: the department desk. Officers sign in as people (a dev-issuer token with role officer
// and their department, from POST /_dev/token), see their department's inbox, open a case with its
// documents and decide it; the audit trail names the officer. Another department's officer is refused.
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from 'vitest';
import { call, eventually, stack, tokenFor } from '../support/api.ts';
import { createDraft, samplePdf, submit, upload, waitForStatus, waitSettled } from '../support/applicant-journey.ts';
import { anApplicant } from '../support/identities.ts';

interface DevToken {
  token: string;
  claims: { sub: string; role: string; department: string; name: string };
}
interface InboxItem {
  workItemId: string;
  caseNo: string;
  status: string;
  due?: string;
  warning: 'yellow' | 'red' | null;
}
interface Detail {
  workItem: InboxItem & { department: string; decision?: { decision: string } };
  allowedActions: string[];
  case: {
    caseNo: string;
    status: string;
    requirement: { materials: Array<{ code: string }> };
    formData: Record<string, unknown>;
    documents: Array<{ materialCode: string; status: string; url?: string }>;
    timeline: Array<{ action: string; actor: string; officer?: string }>;
    workflow: { phase: string; path: string[] };
  };
}

const devToken = async (body: Record<string, string>): Promise<DevToken> => {
  const res = await call<DevToken>('POST', '/_dev/token', { body });
  expect(res.status).toBe(200);
  return res.body;
};

const db = () =>
  DynamoDBDocumentClient.from(
    new DynamoDBClient({ endpoint: stack().endpoints.dynamodb, region: 'us-east-1', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } }),
  );

/** A DEMO-001 case (SCJGJ alone) with its work item open. */
const openCase = async () => {
  const token = await tokenFor(anApplicant());
  const id = await createDraft(token);
  await upload(token, id, 'ID-COPY', samplePdf('officer desk'));
  expect(await waitSettled(token, id, 'ID-COPY')).toBe('verified');
  const { caseNo } = (await submit(token, id)).body;
  await waitForStatus(token, caseNo, ['in-approval']);
  return { token, caseNo, workItemId: `${caseNo}~SCJGJ` };
};

const inbox = async (token: string): Promise<InboxItem[]> => {
  const res = await call<{ workItems: InboxItem[]; next?: string }>('GET', '/officer/work-items?limit=100', { token });
  expect(res.status).toBe(200);
  const items = [...res.body.workItems];
  for (let next = res.body.next; next; ) {
    const page = await call<{ workItems: InboxItem[]; next?: string }>('GET', `/officer/work-items?limit=100&next=${encodeURIComponent(next)}`, { token });
    items.push(...page.body.workItems);
    next = page.body.next;
  }
  return items;
};

describe('the department desk', () => {
  it('lets an officer of the department open the case with its documents and decide it, audited with the officer', async () => {
    const officer = await devToken({ kind: 'officer', name: '李科员', department: 'SCJGJ' });
    expect(officer.claims).toMatchObject({ role: 'officer', department: 'SCJGJ', name: '李科员' });
    const { token, caseNo, workItemId } = await openCase();

    const listed = await eventually(async () => (await inbox(officer.token)).find((w) => w.caseNo === caseNo), 20_000, 'the work item in the inbox');
    expect(listed).toMatchObject({ workItemId, status: 'open', warning: null });
    expect(listed.due).toBeDefined();

    const detail = await call<Detail>('GET', `/officer/work-items/${workItemId}`, { token: officer.token });
    expect(detail.status).toBe(200);
    expect(detail.body.allowedActions).toEqual(['approve', 'refuse', 'request-supplement', 'suspend']);
    expect(detail.body.case.requirement.materials.map((m) => m.code)).toEqual(['ID-COPY']);
    expect(detail.body.case.workflow.phase).toBe('OpenWorkItem');
    const document = detail.body.case.documents.find((d) => d.materialCode === 'ID-COPY');
    expect(document?.status).toBe('verified');
    // The presigned link downloads exactly what the applicant uploaded.
    const download = await fetch(document?.url ?? '');
    expect(download.status).toBe(200);
    expect(Buffer.from(await download.arrayBuffer()).equals(samplePdf('officer desk'))).toBe(true);

    const decision = { decision: 'approve', opinion: '材料齐全，同意' };
    const decided = await call('POST', `/officer/work-items/${workItemId}/decision`, { token: officer.token, body: decision });
    expect(decided.status).toBe(200);
    expect(decided.body).toMatchObject({ workItemId, status: 'decided', decision });
    // The same decision again answers the same.
    expect((await call('POST', `/officer/work-items/${workItemId}/decision`, { token: officer.token, body: decision })).body).toEqual(decided.body);
    expect(await waitForStatus(token, caseNo, ['completed', 'failed'])).toBe('completed');

    const { Items = [] } = await db().send(
      new QueryCommand({
        TableName: stack().names.table,
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :audit)',
        ExpressionAttributeValues: { ':pk': `CASE#${caseNo}`, ':audit': 'AUDIT#' },
      }),
    );
    expect(Items.find((e) => e.action === 'DepartmentDecided')?.actor).toEqual({ kind: 'officer', id: officer.claims.sub, department: 'SCJGJ' });
    const after = await call<Detail>('GET', `/officer/work-items/${workItemId}`, { token: officer.token });
    expect(after.body.allowedActions).toEqual([]);
    expect(after.body.workItem.decision).toEqual(decision);
    expect(after.body.case.timeline.find((t) => t.action === 'DepartmentDecided')).toMatchObject({ actor: 'officer', officer: officer.claims.sub });
    const applicantView = await call<{ timeline: Array<{ action: string; actor: string }>; workflow: { phase: string } }>('GET', `/cases/${caseNo}`, { token });
    expect(applicantView.body.timeline.find((t) => t.action === 'DepartmentDecided')?.actor).toBe('officer');
    expect(applicantView.body.workflow.phase).toBe('DeliverResult');
  });

  it("refuses another department's officer: not in their inbox, not found to read, forbidden to decide", async () => {
    const other = await devToken({ kind: 'officer', name: '王科员', department: 'ZRZYJ' });
    const { token, caseNo, workItemId } = await openCase();
    expect((await inbox(other.token)).some((w) => w.caseNo === caseNo)).toBe(false);
    const read = await call('GET', `/officer/work-items/${workItemId}`, { token: other.token });
    expect(read.status).toBe(404);
    const decided = await call('POST', `/officer/work-items/${workItemId}/decision`, { token: other.token, body: { decision: 'approve', opinion: '同意' } });
    expect(decided.status).toBe(403);
    expect(await waitForStatus(token, caseNo, ['in-approval'])).toBe('in-approval');
  });

  it('admits officers only: an applicant token is forbidden, no token is unauthorised', async () => {
    const applicant = await tokenFor(anApplicant());
    expect((await call('GET', '/officer/work-items', { token: applicant })).status).toBe(403);
    const supervisor = await devToken({ kind: 'supervisor', name: '赵监察' });
    expect((await call('GET', '/officer/work-items', { token: supervisor.token })).status).toBe(403);
    expect((await call('GET', '/officer/work-items')).status).toBe(401);
  });

  it('mints dev tokens for every kind of user, refusing unknown departments and invalid identity codes', async () => {
    const applicant = anApplicant();
    const minted = await devToken({ kind: 'applicant', name: '张三', residentId: applicant.resident_id });
    expect((await call('GET', '/cases', { token: minted.token })).status).toBe(200);
    const agent = await devToken({ kind: 'agent', name: '帮办员', residentId: applicant.resident_id });
    expect(agent.claims.role).toBe('agent');
    expect((await call('POST', '/_dev/token', { body: { kind: 'officer', name: '某人', department: 'NOPE' } })).status).toBe(400);
    expect((await call('POST', '/_dev/token', { body: { kind: 'applicant', name: '某人', residentId: '110101199003070000' } })).status).toBe(400);
    expect((await call('GET', '/_dev/token')).status).toBe(405);
  });
});
