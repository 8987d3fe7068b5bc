// Workflow task IssueLicence (waitForTaskToken) with the 容缺 hold: the licence is not issued while
// materials promised at a 容缺 acceptance are still owed. Approved with nothing owed, it issues at
// once and answers its own task; otherwise it records the approval, keeps the token (and the
// decisions) on the case's deficiencies wait and returns. When the applicant supplies the last
// material, POST /cases/{caseNo}/corrections publishes DeficienciesSupplied, which invokes this
// same function: it issues and answers the held task. No extra state, so no extra billed
// transition on the usual path where nothing is owed.
import type { EventBridgeEvent } from 'aws-lambda';
import { eventContracts } from '#events/contracts.ts';
import { outcomeOf } from '#core/work-item.ts';
import { requireCase, transitionCase } from '#adapters/case-store.ts';
import { armWait, deleteWait, getWait } from '#adapters/case-waits.ts';
import { clock } from '#adapters/clock.ts';
import { publish } from '#adapters/event-bus.ts';
import { completeTask } from '#adapters/workflow.ts';
import { log } from '#middleware/logger.ts';
import { handler as issue, type IssueLicenceInput } from './issue-licence.ts';

export interface IssueLicenceTaskInput extends IssueLicenceInput {
  readonly taskToken: string;
}

const isSupplied = (event: unknown): event is EventBridgeEvent<'DeficienciesSupplied', unknown> =>
  typeof event === 'object' && event !== null && (event as { 'detail-type'?: unknown })['detail-type'] === 'DeficienciesSupplied';

export const handler = async (event: IssueLicenceTaskInput | EventBridgeEvent<'DeficienciesSupplied', unknown>): Promise<void> => {
  if (isSupplied(event)) return resumeHeld(eventContracts.DeficienciesSupplied.parse(event.detail).caseNo);
  const { caseNo, decisions, taskToken } = event;
  const owed = (await requireCase(caseNo)).deficiencies ?? [];
  if (owed.length > 0 && outcomeOf(decisions.flat()).outcome === 'approved' && (await hold(caseNo, decisions, taskToken))) return;
  await completeTask(taskToken, await issue({ caseNo, decisions }));
};

/** Records the approval and parks the task; false when the materials arrived meanwhile. */
const hold = async (caseNo: string, decisions: IssueLicenceInput['decisions'], taskToken: string): Promise<boolean> => {
  const at = clock.now().toISOString();
  let approvedNow = false;
  const approved = await transitionCase(caseNo, (c) =>
    !(approvedNow = c.status === 'in-approval')
      ? undefined
      : {
          to: 'approved',
          audit: {
            at,
            actor: { kind: 'system', id: 'IssueLicence' },
            action: 'CaseApproved',
            summary: `各部门审批通过；容缺材料（${(c.deficiencies ?? []).map((d) => d.name).join('、')}）补齐后发证`,
            from: c.status,
            to: 'approved',
          },
        },
  );
  if (approvedNow) await publish('CaseApproved', { caseNo, province: approved.province, at });
  const wait = await getWait(caseNo, 'deficiencies');
  return armWait(
    {
      caseNo,
      province: approved.province,
      kind: 'deficiencies',
      due: wait?.due ?? approved.deficiencyPromise?.due ?? at,
      openedAt: wait?.openedAt ?? at,
      taskToken,
      decisions,
    },
    ['approved'],
  );
};

const resumeHeld = async (caseNo: string): Promise<void> => {
  const wait = await getWait(caseNo, 'deficiencies');
  if (!wait?.taskToken) {
    // Supplied before approval finished: the issuance step will find nothing owed.
    log.info('deficiencies supplied; no issuance held', { caseNo });
    if (wait) await deleteWait(caseNo, 'deficiencies');
    return;
  }
  const result = await issue({ caseNo, decisions: wait.decisions as IssueLicenceInput['decisions'] });
  await completeTask(wait.taskToken, result);
  await deleteWait(caseNo, 'deficiencies');
};
