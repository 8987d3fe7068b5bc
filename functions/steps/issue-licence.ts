// Workflow task IssueLicence: every department approved → issue the case's e-licences (one per
// item with a licence result, so every item of a bundle that yields one; identifier, signed PDF in
// S3, e-seal: licence-issuance.ts), record them in the library and complete the case, in one
// transaction; any refusal → refuse with every reason. Idempotent on retry (each step checks the
// status, and issuance reuses what an earlier try fixed).
import { outcomeOf, type DepartmentDecision } from '#core/work-item.ts';
import type { CaseRecord } from '#core/case.ts';
import type { LicenceRecord } from '#core/licence.ts';
import { licenceResults } from '#core/guide.ts';
import { requirementOfCase } from '#adapters/catalogue.ts';
import { checkpointIfClosed } from '#adapters/audit-archive.ts';
import { getApplication, requireCase, transitionCase } from '#adapters/case-store.ts';
import { publish } from '#adapters/event-bus.ts';
import { clock } from '#adapters/clock.ts';
import { licenceItem } from '#adapters/licences.ts';
import { makeLicence } from './licence-issuance.ts';

export interface IssueLicenceInput {
  readonly caseNo: string;
  /** One array per approval stage (the stage Map's output), or a flat list. */
  readonly decisions: ReadonlyArray<DepartmentDecision | readonly DepartmentDecision[]>;
  /** Anything else the workflow passes (a task token, ...) is not this step's business. */
  readonly [other: string]: unknown;
}

export interface IssueLicenceOutput {
  readonly caseNo: string;
  readonly status: CaseRecord['status'];
  readonly licenceId?: string;
}

const actor = { kind: 'system', id: 'IssueLicence' } as const;

export const handler = async ({ caseNo, decisions }: IssueLicenceInput): Promise<IssueLicenceOutput> => {
  const result = outcomeOf(decisions.flat());
  const at = clock.now().toISOString();
  if (result.outcome === 'refused') {
    let refusedNow = false;
    const refused = await transitionCase(caseNo, (c) =>
      !(refusedNow = c.status === 'in-approval')
        ? undefined
        : {
            to: 'refused',
            set: { refusalReasons: result.reasons },
            audit: { at, actor, action: 'CaseRefused', summary: `不予许可：${result.reasons.map((r) => r.reason).join('；')}`, from: c.status, to: 'refused' },
          },
    );
    if (refusedNow) {
      await publish('CaseRefused', { caseNo, province: refused.province, at, reasons: result.reasons });
    }
    await checkpointIfClosed(refused);
    return { caseNo, status: refused.status };
  }

  let approvedNow = false;
  await transitionCase(caseNo, (c) =>
    !(approvedNow = c.status === 'in-approval')
      ? undefined
      : { to: 'approved', audit: { at, actor, action: 'CaseApproved', summary: '各部门审批通过', from: c.status, to: 'approved' } },
  );
  const approved = await requireCase(caseNo);
  if (approvedNow) await publish('CaseApproved', { caseNo, province: approved.province, at });
  // The licences of the requirement recorded at submission (issue #3). A case without a licence
  // result cannot complete here until CaseCompleted allows no licenceId: fail by name, recorded.
  const requirement = await requirementOfCase(approved, getApplication);
  const results = licenceResults(requirement);
  if (results.length === 0) throw Object.assign(new Error(`case ${caseNo} yields no licence`), { name: 'NoLicenceResult' });
  // Made only while the case waits for them: a retry after completion changes nothing.
  const licences: LicenceRecord[] = [];
  if (approved.status === 'approved') for (const result of results) licences.push(await makeLicence(approved, result, at));
  const [lead] = licences;
  let issuedNow = false;
  const completed = await transitionCase(caseNo, (c) =>
    !(issuedNow = c.status === 'approved') || !lead
      ? undefined
      : {
          to: 'completed',
          set: { licenceId: lead.id, licences: licences.map(({ id, type, name, itemCode }) => ({ id, type, name, itemCode })) },
          audit: {
            at,
            actor,
            action: 'LicenceIssued',
            summary: `已核发电子证照 ${licences.map((l) => `${l.name}（${l.id}）`).join('、')}，办结`,
            from: c.status,
            to: 'completed',
            data: { licenceId: lead.id, pdfSha256: lead.pdf.sha256, licences: licences.map((l) => ({ licenceId: l.id, pdfSha256: l.pdf.sha256 })) },
          },
          also: licences.map(licenceItem),
        },
  );
  if (issuedNow && lead) {
    for (const licence of licences) {
      await publish('LicenceIssued', {
        caseNo,
        province: completed.province,
        at,
        licenceId: licence.id,
        licenceType: licence.type,
        department: licence.issuer.department,
        ...(licence.validUntil ? { validUntil: licence.validUntil } : {}),
      });
    }
    const committedDue = completed.deadlines?.committed.due;
    await publish('CaseCompleted', {
      caseNo,
      province: completed.province,
      at,
      licenceId: lead.id,
      ...(committedDue ? { onTime: at <= committedDue } : {}),
    });
  }
  await checkpointIfClosed(completed);
  return { caseNo, status: completed.status, ...(completed.licenceId ? { licenceId: completed.licenceId } : {}) };
};
