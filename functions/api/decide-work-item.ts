// POST /work-items/{id}/decision: a department decides its own work item. The task token is looked
// up server-side; the same decision again answers the same, a different one 409, a closed case 410.
import { isFinal } from '#core/case-status.ts';
import { Conflict, Forbidden, Gone, NotFound } from '#core/errors.ts';
import {
  DEPARTMENT_REFUSED,
  acceptanceDecisionSchema,
  approvalRequestSchema,
  parseWorkItemId,
  sameDecision,
  type AcceptanceDecision,
  type AcceptanceOutcome,
  type Decision,
} from '#core/work-item.ts';
import { requireCase, transitionCase } from '#adapters/case-store.ts';
import { publish } from '#adapters/event-bus.ts';
import { decideWorkItemItem, getWorkItem, type WorkItemRecord } from '#adapters/work-items.ts';
import { completeTask, failTask } from '#adapters/workflow.ts';
import { clock } from '#adapters/clock.ts';
import { authenticateDepartment } from '#middleware/department-auth.ts';
import { httpHandler, json, parseJsonBody, pathParam, type HttpEvent, type HttpResult } from '#middleware/http.ts';
import { log } from '#middleware/logger.ts';
import { applyAction, type DeciderActor } from './work-item-actions.ts';
import { workItemIdSchema } from './work-items.schema.ts';

const view = (item: WorkItemRecord, decision: Decision | AcceptanceDecision) => ({
  workItemId: item.id,
  caseNo: item.caseNo,
  department: item.department,
  kind: item.kind ?? 'approval',
  status: 'decided',
  decision,
});

// A token that no longer waits is not the caller's problem: either it was answered already (a
// repeat after a lost response) or its execution ended (restart recovery), and the resumed
// execution answers itself from the recorded decision when it re-opens the work item.
// A refusal fails the department's task by name: the workflow stops waiting for the others at once
// (行政许可法 Art. 38: refused with reasons) instead of collecting every remaining opinion.
// An acceptance decision goes back to pre-review, which records the acceptance or 不予受理.
const resumeWorkflow = async (item: WorkItemRecord, decision: Decision | AcceptanceDecision): Promise<void> => {
  try {
    if (decision.decision === 'refuse') await failTask(item.taskToken, DEPARTMENT_REFUSED, { department: item.department });
    else if (decision.decision === 'approve') await completeTask(item.taskToken, { department: item.department, decision });
    else await completeTask(item.taskToken, { ...decision, department: item.department } satisfies AcceptanceOutcome);
  } catch (error) {
    const dead = error instanceof Error && (error.name === 'TaskTimedOut' || error.name === 'InvalidToken');
    if (!dead) throw error;
    log.warn('decision recorded; its task token no longer waits', { workItemId: item.id, caseNo: item.caseNo });
  }
};

const summaryOf = (department: string, decision: Decision | AcceptanceDecision): string => {
  switch (decision.decision) {
    case 'approve':
      return `${department} 审批通过：${decision.opinion}`;
    case 'refuse':
      return `${department} 不予许可：${decision.reason}`;
    case 'accept':
      return `${department} 窗口受理${decision.opinion ? `：${decision.opinion}` : ''}`;
    case 'not-accept':
      return `${department} 不予受理：${decision.reason}`;
  }
};

/** The same decision again answers the same (the workflow is told again if it still waits); another one, 409. */
const answerDecided = async (item: WorkItemRecord, decision: Decision | AcceptanceDecision) => {
  if (!item.decision || !sameDecision(item.decision, decision)) throw new Conflict('this work item was already decided differently');
  const current = await requireCase(item.caseNo);
  if (!isFinal(current.status)) await resumeWorkflow(item, item.decision);
  return json(200, view(item, item.decision));
};

/**
 * Decides (or acts on) a work item for `actor`'s department: the signed department system below, or
 * an officer at the department desk (functions/api/officer-decide-work-item.ts), audited as `actor`.
 */
export const decideWorkItem = async (event: HttpEvent, actor: DeciderActor): Promise<HttpResult> => {
  const department = actor.kind === 'officer' ? actor.department : actor.id;
  const id = pathParam(event, 'id', workItemIdSchema);
  const ref = parseWorkItemId(id);
  // The decisions a work item admits depend on its kind: approval or formal acceptance.
  const body = parseJsonBody(event, ref?.kind === 'acceptance' ? acceptanceDecisionSchema : approvalRequestSchema, 16 * 1024);
  const item = ref ? await getWorkItem(ref.caseNo, ref.department, ref.kind) : undefined;
  if (!item) throw new NotFound(`work item ${id} does not exist`);
  if (item.department !== department) throw new Forbidden('this work item belongs to another department');
  if (body.decision === 'request-supplement' || body.decision === 'suspend' || body.decision === 'resume') {
    // Not a decision: the work item stays open (work-item-actions.ts).
    if (item.status === 'decided') throw new Conflict('this work item is decided already');
    if (item.status !== 'open' || isFinal((await requireCase(item.caseNo)).status)) throw new Gone('the case is closed; the work item takes no more actions');
    return json(200, { workItemId: item.id, caseNo: item.caseNo, department: item.department, kind: 'approval', action: body.decision, ...(await applyAction(item, body, actor)) });
  }
  const decision: Decision | AcceptanceDecision = body;
  // The clock this department stopped is restarted before it decides, so no pause is left open.
  if (item.status === 'open' && item.supplement && !item.supplement.answeredAt) throw new Conflict('a supplement of this work item is still waiting for the applicant');
  if (item.status === 'open' && item.suspension && !item.suspension.resumedAt) throw new Conflict('the clock of this work item is stopped: resume it before deciding');

  if (item.status === 'decided' && item.decision) return answerDecided(item, decision);
  const current = await requireCase(item.caseNo);
  if (item.status !== 'open' || isFinal(current.status)) throw new Gone('the case is closed; the decision is no longer accepted');

  const at = clock.now().toISOString();
  try {
    await transitionCase(item.caseNo, () => ({
      audit: {
        at,
        actor,
        action: 'DepartmentDecided',
        summary: summaryOf(department, decision),
        data: { workItemId: item.id, decision: decision.decision },
      },
      also: [decideWorkItemItem(item, decision, at)],
    }));
  } catch (error) {
    // A copy of this request sent at the same time decided first: answer as a repeat does.
    const decided = error instanceof Conflict ? await getWorkItem(item.caseNo, item.department, item.kind) : undefined;
    if (decided?.status === 'decided') return answerDecided(decided, decision);
    throw error;
  }
  await resumeWorkflow(item, decision);
  await publish('DepartmentDecided', {
    caseNo: item.caseNo,
    province: current.province,
    at,
    workItemId: item.id,
    department,
    decision: decision.decision,
    openedAt: item.openedAt,
  });
  return json(200, view(item, decision));
};

export const handler = httpHandler(async (event) => decideWorkItem(event, { kind: 'department', id: await authenticateDepartment(event) }));
