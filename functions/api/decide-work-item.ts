// POST /work-items/{id}/decision: a department decides its own work item. The task token is looked
// up server-side; the same decision again answers the same, a different one 409, a closed case 410.
import { isFinal } from '#core/case-status.ts';
import { Conflict, Forbidden, Gone, NotFound } from '#core/errors.ts';
import { DEPARTMENT_REFUSED, decisionSchema, parseWorkItemId, sameDecision, type Decision } from '#core/work-item.ts';
import { requireCase, transitionCase } from '#adapters/case-store.ts';
import { publish } from '#adapters/event-bus.ts';
import { decideWorkItemItem, getWorkItem, type WorkItemRecord } from '#adapters/work-items.ts';
import { completeTask, failTask } from '#adapters/workflow.ts';
import { authenticateDepartment } from '#middleware/department-auth.ts';
import { httpHandler, json, parseJsonBody, pathParam } from '#middleware/http.ts';
import { log } from '#middleware/logger.ts';
import { workItemIdSchema } from './work-items.schema.ts';

const view = (item: WorkItemRecord, decision: Decision) => ({
  workItemId: item.id,
  caseNo: item.caseNo,
  department: item.department,
  status: 'decided',
  decision,
});

// A token that no longer waits is not the caller's problem: either it was answered already (a
// repeat after a lost response) or its execution ended (restart recovery), and the resumed
// execution answers itself from the recorded decision when it re-opens the work item.
// A refusal fails the department's task by name: the workflow stops waiting for the others at once
// (行政许可法 Art. 38: refused with reasons) instead of collecting every remaining opinion.
const resumeWorkflow = async (item: WorkItemRecord, decision: Decision): Promise<void> => {
  try {
    if (decision.decision === 'refuse') await failTask(item.taskToken, DEPARTMENT_REFUSED, { department: item.department });
    else await completeTask(item.taskToken, { department: item.department, decision });
  } catch (error) {
    const dead = error instanceof Error && (error.name === 'TaskTimedOut' || error.name === 'InvalidToken');
    if (!dead) throw error;
    log.warn('decision recorded; its task token no longer waits', { workItemId: item.id, caseNo: item.caseNo });
  }
};

export const handler = httpHandler(async (event) => {
  const department = await authenticateDepartment(event);
  const id = pathParam(event, 'id', workItemIdSchema);
  const decision = parseJsonBody(event, decisionSchema, 16 * 1024);
  const ref = parseWorkItemId(id);
  const item = ref ? await getWorkItem(ref.caseNo, ref.department) : undefined;
  if (!item) throw new NotFound(`work item ${id} does not exist`);
  if (item.department !== department) throw new Forbidden('this work item belongs to another department');

  if (item.status === 'decided' && item.decision) {
    if (!sameDecision(item.decision, decision)) throw new Conflict('this work item was already decided differently');
    const current = await requireCase(item.caseNo);
    if (!isFinal(current.status)) await resumeWorkflow(item, item.decision);
    return json(200, view(item, item.decision));
  }
  const current = await requireCase(item.caseNo);
  if (item.status !== 'open' || isFinal(current.status)) throw new Gone('the case is closed; the decision is no longer accepted');

  const at = new Date().toISOString();
  await transitionCase(item.caseNo, () => ({
    audit: {
      at,
      actor: { kind: 'department', id: department },
      action: 'DepartmentDecided',
      summary: decision.decision === 'approve' ? `${department} 审批通过：${decision.opinion}` : `${department} 不予许可：${decision.reason}`,
      data: { workItemId: item.id, decision: decision.decision },
    },
    also: [decideWorkItemItem(item, decision, at)],
  }));
  await resumeWorkflow(item, decision);
  await publish('DepartmentDecided', {
    caseNo: item.caseNo,
    province: current.province,
    at,
    workItemId: item.id,
    department,
    decision: decision.decision,
  });
  return json(200, view(item, decision));
});
