// Issue #18 part 1: a case's audit trail against its signed checkpoints in the audit archive. A
// writer of the table who edits, deletes, or rewrites the rows with a recomputed chain and head is
// caught, and the first broken entry is named (GET /cases/{caseNo}/audit, supervisors only).
import { DeleteCommand, DynamoDBDocumentClient, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chainEntry, type AuditEntry } from '../../functions/core/audit.ts';
import type { AuditVerification } from '../../functions/core/audit-checkpoint.ts';
import { dynamoDbClient } from '../../infra/local/clients.ts';
import { openDevIssuer } from '../../infra/local/dev-issuer.ts';
import { call, departmentCall, stack, tokenFor } from '../support/api.ts';
import { createDraft, samplePdf, submit, upload, waitForStatus, waitSettled } from '../support/applicant-journey.ts';
import { anApplicant } from '../support/identities.ts';

interface AuditView {
  caseNo: string;
  status?: string;
  entries: AuditEntry[];
  verification: AuditVerification;
}

const db = DynamoDBDocumentClient.from(dynamoDbClient(stack().endpoints.dynamodb));
afterAll(() => db.destroy());

let supervisor: string;
beforeAll(async () => {
  supervisor = await (await openDevIssuer(stack().dataDir)).mint({ name: '省政务办监察员', role: 'supervisor' });
});

const auditOf = (caseNo: string, token = supervisor) => call<AuditView>('GET', `/cases/${caseNo}/audit`, { token });

/** A demo case approved by its department, completed, and checkpointed at its close. */
const completedCase = async (): Promise<AuditView> => {
  const token = await tokenFor(anApplicant());
  const id = await createDraft(token);
  await upload(token, id, 'ID-COPY', samplePdf('audit'));
  expect(await waitSettled(token, id, 'ID-COPY')).toBe('verified');
  const { caseNo } = (await submit(token, id)).body;
  await waitForStatus(token, caseNo, ['in-approval']);
  expect((await departmentCall('SCJGJ', 'POST', `/work-items/${caseNo}~SCJGJ/decision`, { decision: 'approve', opinion: '符合条件，同意' })).status).toBe(200);
  expect(await waitForStatus(token, caseNo, ['completed', 'failed'])).toBe('completed');
  // The checkpoint is written right after the closing transition; wait for it to appear.
  for (let i = 0; i < 100; i++) {
    const view = (await auditOf(caseNo)).body;
    if (view.verification.checkpoints > 0) return view;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`case ${caseNo} was never checkpointed`);
};

const auditKey = (caseNo: string, seq: number) => ({ pk: `CASE#${caseNo}`, sk: `AUDIT#${String(seq).padStart(6, '0')}` });

describe('audit checkpoints', () => {
  it('verifies a completed case against its checkpoint and export, for supervisors only', async () => {
    const view = await completedCase();
    expect(view.status).toBe('completed');
    expect(view.verification).toMatchObject({ intact: true, checkpoints: 1 });
    expect(view.verification.checkpointedSeq).toBeGreaterThan(2);
    expect(view.entries.map((e) => e.seq)).toEqual(view.entries.map((_, i) => i + 1));
    const applicant = await tokenFor(anApplicant());
    expect((await auditOf(view.caseNo, applicant)).status).toBe(403);
  });

  it('names an edited row', async () => {
    const { caseNo } = await completedCase();
    await db.send(new UpdateCommand({ TableName: stack().names.table, Key: auditKey(caseNo, 2), UpdateExpression: 'SET summary = :s', ExpressionAttributeValues: { ':s': '篡改' } }));
    expect((await auditOf(caseNo)).body.verification).toMatchObject({ intact: false, firstBroken: { seq: 2, kind: 'edited' } });
  });

  it('names a deleted row', async () => {
    const { caseNo } = await completedCase();
    await db.send(new DeleteCommand({ TableName: stack().names.table, Key: auditKey(caseNo, 2) }));
    expect((await auditOf(caseNo)).body.verification).toMatchObject({ intact: false, firstBroken: { seq: 2, kind: 'deleted' } });
  });

  it('names the first rewritten row when the chain and the head were recomputed in the table', async () => {
    const { caseNo, entries } = await completedCase();
    // Rewrite entry 2 and re-chain everything after it, exactly as the platform would have.
    const rewritten: AuditEntry[] = [entries[0]!];
    for (const { seq, prevHash: _p, hash: _h, ...draft } of entries.slice(1)) {
      const changed = seq === 2 ? { ...draft, summary: '改写的记录' } : draft;
      rewritten.push(chainEntry(changed, seq, rewritten.at(-1)!.hash));
    }
    for (const entry of rewritten.slice(1)) await db.send(new PutCommand({ TableName: stack().names.table, Item: { ...auditKey(caseNo, entry.seq), ...entry } }));
    await db.send(
      new UpdateCommand({ TableName: stack().names.table, Key: { pk: `CASE#${caseNo}`, sk: 'META' }, UpdateExpression: 'SET auditHead = :h', ExpressionAttributeValues: { ':h': rewritten.at(-1)!.hash } }),
    );
    const view = (await auditOf(caseNo)).body;
    expect(view.entries.find((e) => e.seq === 2)?.summary).toBe('改写的记录');
    expect(view.verification).toMatchObject({ intact: false, firstBroken: { seq: 2, kind: 'rewritten-chain-differs-from-checkpoint' } });
  });
});
