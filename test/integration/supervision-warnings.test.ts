// The live red/yellow list (issue #16): open work items whose due date is near or passed, judged at
// the request, for supervisors; the same marks in the officer's inbox. The due dates of two real
// cases' work items are moved in the case store (as a long wait would), nothing else is faked.
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, describe, expect, it } from 'vitest';
import { call, stack, tokenFor } from '../support/api.ts';
import { createDraft, samplePdf, submit, upload, waitForStatus, waitSettled } from '../support/applicant-journey.ts';
import { anApplicant } from '../support/identities.ts';

interface Warned {
  workItemId: string;
  department: string;
  due: string;
  warning: 'yellow' | 'red' | null;
}

const db = DynamoDBDocumentClient.from(
  new DynamoDBClient({ endpoint: stack().endpoints.dynamodb, region: 'us-east-1', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } }),
);
afterAll(() => db.destroy());

const devToken = async (body: Record<string, string>): Promise<string> => (await call<{ token: string }>('POST', '/_dev/token', { body })).body.token;

/** A DEMO-001 case whose SCJGJ work item is due at `due`. */
const caseDueAt = async (due: Date): Promise<string> => {
  const token = await tokenFor(anApplicant());
  const id = await createDraft(token);
  await upload(token, id, 'ID-COPY', samplePdf('warnings'));
  await waitSettled(token, id, 'ID-COPY');
  const { caseNo } = (await submit(token, id)).body;
  await waitForStatus(token, caseNo, ['in-approval']);
  const workItemId = `${caseNo}~SCJGJ`;
  await db.send(
    new UpdateCommand({
      TableName: stack().names.table,
      Key: { pk: `CASE#${caseNo}`, sk: 'WORK#SCJGJ' },
      UpdateExpression: 'SET #due = :due, gsi2sk = :sk',
      ConditionExpression: 'attribute_exists(#due)',
      ExpressionAttributeNames: { '#due': 'due' },
      ExpressionAttributeValues: { ':due': due.toISOString(), ':sk': `${due.toISOString()}#${workItemId}` },
    }),
  );
  return workItemId;
};

describe('the live red/yellow list', () => {
  it('lists overdue work items red and nearly due ones yellow, red first, for supervisors only', async () => {
    const overdue = await caseDueAt(new Date(Date.now() - 3 * 24 * 3600 * 1000));
    const nearlyDue = await caseDueAt(new Date(Date.now() + 3600 * 1000));
    const supervisor = await devToken({ kind: 'supervisor', name: '赵监察' });

    const res = await call<{ asOf: string; workItems: Warned[] }>('GET', '/supervision/warnings?department=SCJGJ', { token: supervisor });
    expect(res.status).toBe(200);
    const mine = res.body.workItems.filter((w) => w.workItemId === overdue || w.workItemId === nearlyDue);
    expect(mine.map((w) => [w.workItemId, w.warning])).toEqual([
      [overdue, 'red'],
      [nearlyDue, 'yellow'],
    ]);
    expect(res.body.workItems.every((w) => w.department === 'SCJGJ' && w.warning !== null)).toBe(true);
    const warnings = res.body.workItems.map((w) => w.warning);
    expect(warnings).toEqual([...warnings].sort((a, b) => (a === b ? 0 : a === 'red' ? -1 : 1)));

    // The officer's inbox carries the same marks.
    const officer = await devToken({ kind: 'officer', name: '李科员', department: 'SCJGJ' });
    const inbox = await call<{ workItems: Warned[] }>('GET', '/officer/work-items?limit=100', { token: officer });
    expect(inbox.body.workItems.find((w) => w.workItemId === overdue)?.warning).toBe('red');

    expect((await call('GET', '/supervision/warnings', { token: officer })).status).toBe(403);
    expect((await call('GET', '/supervision/warnings?department=nope', { token: supervisor })).status).toBe(400);
  });
});
