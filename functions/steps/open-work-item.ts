// Workflow task OpenWorkItem (waitForTaskToken): opens the department's work item holding the
// token. Runs once per department in parallel, so the case update retries on a concurrent win.
// A resumed execution re-arms an open item with the new token, and answers a decided one at once.
import { workItemId } from '#core/work-item.ts';
import { transitionCase } from '#adapters/case-store.ts';
import { publish } from '#adapters/event-bus.ts';
import { getWorkItem, openWorkItemItem } from '#adapters/work-items.ts';
import { completeTask } from '#adapters/workflow.ts';

export interface OpenWorkItemInput {
  readonly caseNo: string;
  readonly department: string;
  readonly taskToken: string;
}

export const handler = async ({ caseNo, department, taskToken }: OpenWorkItemInput): Promise<void> => {
  const existing = await getWorkItem(caseNo, department);
  if (existing?.status === 'decided' && existing.decision) {
    await completeTask(taskToken, { department, decision: existing.decision });
    return;
  }
  const id = workItemId(caseNo, department);
  const at = new Date().toISOString();
  const next = await transitionCase(caseNo, (current) => ({
    ...(current.status === 'accepted' ? { to: 'in-approval' as const } : {}),
    audit: {
      at,
      actor: { kind: 'system', id: 'OpenWorkItem' },
      action: existing ? 'WorkItemRearmed' : 'WorkItemOpened',
      summary: existing ? `${department} 的审批任务已恢复` : `已推送至 ${department} 审批`,
      data: { workItemId: id, department },
    },
    also: [
      openWorkItemItem({
        id,
        caseNo,
        department,
        itemCode: current.itemCode,
        itemName: current.itemName,
        status: 'open',
        openedAt: existing?.openedAt ?? at,
        taskToken,
      }),
    ],
  }));
  if (!existing) await publish('WorkItemOpened', { caseNo, province: next.province, at, workItemId: id, department });
};
