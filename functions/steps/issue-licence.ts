// Workflow task IssueLicence: every department approved → record the licence and complete the
// case; any refusal → refuse with every reason. Idempotent on retry (each step checks the status).
import { outcomeOf, type DepartmentDecision } from '#core/work-item.ts';
import type { CaseRecord } from '#core/case.ts';
import { leadLicenceType } from '#core/guide.ts';
import { requirementOfCase } from '#adapters/catalogue.ts';
import { getApplication, requireCase, transitionCase } from '#adapters/case-store.ts';
import { publish } from '#adapters/event-bus.ts';
import { licenceItem } from '#adapters/licences.ts';

export interface IssueLicenceInput {
  readonly caseNo: string;
  /** One array per approval stage (the stage Map's output), or a flat list. */
  readonly decisions: ReadonlyArray<DepartmentDecision | readonly DepartmentDecision[]>;
}

export interface IssueLicenceOutput {
  readonly caseNo: string;
  readonly status: CaseRecord['status'];
  readonly licenceId?: string;
}

const actor = { kind: 'system', id: 'IssueLicence' } as const;

export const handler = async ({ caseNo, decisions }: IssueLicenceInput): Promise<IssueLicenceOutput> => {
  const result = outcomeOf(decisions.flat());
  const at = new Date().toISOString();
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
    return { caseNo, status: refused.status };
  }

  await transitionCase(caseNo, (c) =>
    c.status !== 'in-approval'
      ? undefined
      : { to: 'approved', audit: { at, actor, action: 'CaseApproved', summary: '各部门审批通过', from: c.status, to: 'approved' } },
  );
  const approved = await requireCase(caseNo);
  // The licence of the requirement recorded at submission (issue #3). An item without a licence
  // result cannot complete here until CaseCompleted allows no licenceId: fail by name, recorded.
  const licenceType = leadLicenceType(await requirementOfCase(approved, getApplication));
  if (licenceType === undefined) throw Object.assign(new Error(`case ${caseNo} yields no licence`), { name: 'NoLicenceResult' });
  const licenceId = `${licenceType}-${caseNo}`;
  let issuedNow = false;
  const completed = await transitionCase(caseNo, (c) =>
    !(issuedNow = c.status === 'approved')
      ? undefined
      : {
          to: 'completed',
          set: { licenceId },
          audit: { at, actor, action: 'LicenceIssued', summary: `已核发电子证照 ${licenceId}，办结`, from: c.status, to: 'completed', data: { licenceId } },
          also: [licenceItem({ id: licenceId, type: licenceType, caseNo, holder: c.applicant, issuedAt: at })],
        },
  );
  if (issuedNow) {
    await publish('LicenceIssued', { caseNo, province: completed.province, at, licenceId, licenceType });
    await publish('CaseCompleted', { caseNo, province: completed.province, at, licenceId });
  }
  return { caseNo, status: completed.status, ...(completed.licenceId ? { licenceId: completed.licenceId } : {}) };
};
