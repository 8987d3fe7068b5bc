// Workflow task RefuseCase: a department refused (its task failed with DepartmentRefused). The case
// is refused with the reasons of every department that refused, and the work items still open are
// closed in the same transaction, so no department keeps deciding a case that is over.
import { isFinal } from '#core/case-status.ts';
import { checkpointIfClosed } from '#adapters/audit-archive.ts';
import { transitionCase } from '#adapters/case-store.ts';
import { publish } from '#adapters/event-bus.ts';
import { closeWorkItemItem, listWorkItemsOfCase } from '#adapters/work-items.ts';
import { clock } from '#adapters/clock.ts';

export interface RefuseCaseInput {
  readonly caseNo: string;
}

export const handler = async ({ caseNo }: RefuseCaseInput): Promise<{ caseNo: string; status: string }> => {
  const items = await listWorkItemsOfCase(caseNo);
  const reasons = items.flatMap((w) =>
    w.decision?.decision === 'refuse' ? [{ department: w.department, reason: w.decision.reason, legalBasis: w.decision.legalBasis }] : [],
  );
  if (reasons.length === 0) throw Object.assign(new Error(`case ${caseNo} has no recorded refusal`), { name: 'NoRefusalRecorded' });
  const open = items.filter((w) => w.status === 'open');
  const at = clock.now().toISOString();
  let refusedNow = false;
  const refused = await transitionCase(caseNo, (c) =>
    !(refusedNow = !isFinal(c.status))
      ? undefined
      : {
          to: 'refused',
          set: { refusalReasons: reasons },
          audit: {
            at,
            actor: { kind: 'system', id: 'RefuseCase' },
            action: 'CaseRefused',
            summary: `不予许可：${reasons.map((r) => r.reason).join('；')}${open.length ? `（已关闭 ${open.map((w) => w.department).join('、')} 的审批任务）` : ''}`,
            from: c.status,
            to: 'refused',
            data: { closedWorkItems: open.map((w) => w.id) },
          },
          also: open.map((w) => closeWorkItemItem(w, at)),
        },
  );
  if (refusedNow) await publish('CaseRefused', { caseNo, province: refused.province, at, reasons });
  await checkpointIfClosed(refused);
  return { caseNo, status: refused.status };
};
