// The case view's `auditIntact` is computed, not assumed: an entry changed behind the platform's
// back breaks the hash chain and the view says so.
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from 'vitest';
import { call, stack, tokenFor } from '../support/api.ts';
import { createDraft, submit, waitForStatus } from '../support/applicant-journey.ts';
import { anApplicant } from '../support/identities.ts';

const db = () =>
  DynamoDBDocumentClient.from(
    new DynamoDBClient({ endpoint: stack().endpoints.dynamodb, region: 'us-east-1', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } }),
  );

describe('the audit trail', () => {
  it('reports a tampered entry as not intact', async () => {
    const token = await tokenFor(anApplicant());
    const { caseNo } = (await submit(token, await createDraft(token))).body;
    await waitForStatus(token, caseNo, ['correcting']);
    const view = async () => (await call<{ auditIntact: boolean; timeline: Array<{ action: string }> }>('GET', `/cases/${caseNo}`, { token })).body;
    expect((await view()).auditIntact).toBe(true);
    await db().send(
      new UpdateCommand({ TableName: stack().names.table, Key: { pk: `CASE#${caseNo}`, sk: 'AUDIT#000001' }, UpdateExpression: 'SET summary = :s', ExpressionAttributeValues: { ':s': '篡改' } }),
    );
    expect((await view()).auditIntact).toBe(false);
  });
});
