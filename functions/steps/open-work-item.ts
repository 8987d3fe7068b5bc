// Workflow task OpenWorkItem (waitForTaskToken): opens the department's work item holding the
// token. Runs once per department in parallel, so the case update retries on a concurrent win.
// A resumed execution re-arms an open item with the new token, and answers a decided one at once.
// Each new work item is due per core/case-deadlines.ts (workItemDueOf), explained in its audit entry;
// the due date is its sort key in the department's inbox. A re-armed item keeps its due date.
import { workItemDueOf, type WorkItemDue } from '#core/case-deadlines.ts';
import type { CaseRecord } from '#core/case.ts';
import { Conflict } from '#core/errors.ts';
import { DEPARTMENT_REFUSED, workItemId } from '#core/work-item.ts';
import { transitionCase } from '#adapters/case-store.ts';
import { clock, deadlineCalendar } from '#adapters/clock.ts';
import { publish } from '#adapters/event-bus.ts';
import { getWorkItem, openWorkItemItem, type WorkItemRecord } from '#adapters/work-items.ts';
import { completeTask, failTask } from '#adapters/workflow.ts';

export interface OpenWorkItemInput {
  readonly caseNo: string;
  readonly department: string;
  readonly taskToken: string;
}

/** Answers the waiting task at once from a decision recorded earlier; false if there is none. */
const answeredFromRecord = async (item: WorkItemRecord | undefined, taskToken: string): Promise<boolean> => {
  if (item?.status !== 'decided' || !item.decision) return false;
  if (item.decision.decision === 'refuse') await failTask(taskToken, DEPARTMENT_REFUSED, { department: item.department });
  else await completeTask(taskToken, { department: item.department, decision: item.decision });
  return true;
};

export const handler = async ({ caseNo, department, taskToken }: OpenWorkItemInput): Promise<void> => {
  const existing = await getWorkItem(caseNo, department);
  if (await answeredFromRecord(existing, taskToken)) return;
  const id = workItemId(caseNo, department);
  const now = clock.now();
  const at = now.toISOString();
  try {
    const next = await transitionCase(caseNo, (current) => {
      const due = existing ? undefined : dueOf(current, department, now);
      return {
        ...(current.status === 'accepted' ? { to: 'in-approval' as const } : {}),
        audit: {
          at,
          actor: { kind: 'system', id: 'OpenWorkItem' },
          action: existing ? 'WorkItemRearmed' : 'WorkItemOpened',
          summary: existing ? `${department} 的审批任务已恢复` : `已推送至 ${department} 审批${due ? `，办理期限 ${due.lastDay} 24:00` : ''}`,
          data: {
            workItemId: id,
            department,
            ...(due ? { due: due.due, dueLastDay: due.lastDay, dueRule: due.rule, dueExplanation: due.explanation } : {}),
          },
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
            ...committedOf(current),
            // Re-arming keeps what the push already achieved, the due date and the warnings raised.
            ...(existing?.delivery ? { delivery: existing.delivery } : {}),
            ...(due ? { due: due.due, dueLastDay: due.lastDay } : {}),
            ...(existing ? keptOnRearm(existing) : {}),
          }),
        ],
      };
    });
    // A re-armed item the department never received is pushed again (the push is idempotent).
    if (!existing || existing.delivery?.status !== 'delivered') {
      await publish('WorkItemOpened', { caseNo, province: next.province, at, workItemId: id, department });
    }
  } catch (error) {
    // The department decided between our read and our write (on the previous token): answer now.
    if (error instanceof Conflict && (await answeredFromRecord(await getWorkItem(caseNo, department), taskToken))) return;
    throw error;
  }
};

/** The new work item's due date, or undefined for a case accepted before deadlines existed. */
const dueOf = (current: CaseRecord, department: string, openedAt: Date): WorkItemDue | undefined => {
  if (!current.deadlines) return undefined;
  const requirement = current.requirement;
  // Stage shares apply to a single item's own stages only (see core/case-deadlines.ts).
  const stages = requirement?.subject.kind === 'item' && requirement.items.length === 1 ? requirement.items[0]?.stages : undefined;
  return workItemDueOf({ openedAt, department, deadlines: current.deadlines, stages, calendar: deadlineCalendar() });
};

const keptOnRearm = (item: WorkItemRecord): Partial<WorkItemRecord> => {
  const { due, dueLastDay, warningLevel, warningDue, warningPublished } = item;
  return Object.fromEntries(Object.entries({ due, dueLastDay, warningLevel, warningDue, warningPublished }).filter(([, v]) => v !== undefined));
};

/** 告知承诺制: the materials a signed commitment replaced, for the department to see. */
const committedOf = (c: CaseRecord): { committed?: string[] } => {
  const committed = Object.entries(c.satisfiedBy ?? {}).filter(([, s]) => s.by === 'commitment').map(([code]) => code);
  return committed.length ? { committed } : {};
};
