// Workflow task AwaitAcceptance (waitForTaskToken): a complete application of an item that requires
// formal acceptance waits for the receiving window (the lead item's first department). Its
// acceptance work item holds the token, is pushed and listed like an approval work item, and is due
// 5 working days after the application became complete: the officer accepts or refuses to accept
// through POST /work-items/{id}/decision; if nobody decides in time the supervision sweep answers
// `deemed` (行政许可法 Art. 32). A resumed execution re-arms the item, or answers from its decision.
import type { AcceptanceOutcome } from '#core/work-item.ts';
import { workItemId } from '#core/work-item.ts';
import { requireCase, transitionCase } from '#adapters/case-store.ts';
import { clock } from '#adapters/clock.ts';
import { publish } from '#adapters/event-bus.ts';
import { getWorkItem, openWorkItemItem } from '#adapters/work-items.ts';
import { completeTask } from '#adapters/workflow.ts';
import { receivingDepartments } from './acceptance.ts';

export interface OpenAcceptanceInput {
  readonly caseNo: string;
  readonly taskToken: string;
}

export const handler = async ({ caseNo, taskToken }: OpenAcceptanceInput): Promise<void> => {
  const current = await requireCase(caseNo);
  const department = receivingDepartments(current)[0] as string;
  const existing = await getWorkItem(caseNo, department, 'acceptance');
  const decided = existing?.status === 'decided' ? existing.decision : undefined;
  if (decided?.decision === 'accept' || decided?.decision === 'not-accept') {
    await completeTask(taskToken, { ...decided, department } satisfies AcceptanceOutcome);
    return;
  }
  // Nothing left to decide (accepted or closed meanwhile): pre-review reads the case status.
  if (current.status !== 'awaiting-acceptance') {
    await completeTask(taskToken, { decision: 'deemed' } satisfies AcceptanceOutcome);
    return;
  }
  const at = clock.now().toISOString();
  const id = workItemId(caseNo, department, 'acceptance');
  const due = current.acceptanceDue;
  const next = await transitionCase(caseNo, () => ({
    audit: {
      at,
      actor: { kind: 'system', id: 'AwaitAcceptance' },
      action: existing ? 'AcceptanceRearmed' : 'AcceptanceOpened',
      summary: existing ? `${department} 的受理任务已恢复` : `已推送至 ${department} 窗口受理${due ? `，${due.lastDay} 前未作决定的视为受理` : ''}`,
      data: { workItemId: id, department, kind: 'acceptance', ...(due ? { due: due.due, dueLastDay: due.lastDay } : {}) },
    },
    also: [
      openWorkItemItem({
        id,
        caseNo,
        department,
        kind: 'acceptance',
        itemCode: current.itemCode,
        itemName: current.itemName,
        status: 'open',
        openedAt: existing?.openedAt ?? at,
        taskToken,
        ...(existing?.delivery ? { delivery: existing.delivery } : {}),
        ...(due ? { due: due.due, dueLastDay: due.lastDay } : {}),
      }),
    ],
  }));
  if (!existing || existing.delivery?.status !== 'delivered') {
    await publish('WorkItemOpened', { caseNo, province: next.province, at, workItemId: id, department });
  }
};
