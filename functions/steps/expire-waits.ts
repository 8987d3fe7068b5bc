// The waits of pre-review that ran out, acted on by the supervision sweep on the working-day clock
// (the workflow's own timeouts are only backstops, one day later):
//   correction    the answer date passed: the case is withdrawn (视为撤回) at the sweep's instant
//                 and the waiting task fails as CorrectionExpired, which ends the workflow.
//   deficiencies  the promised date passed with materials still owed: the case is suspended (中止)
//                 with a red warning, once; supplying the materials lifts it.
//   acceptance    nobody at the receiving window decided within 5 working days: the acceptance
//                 task is answered `deemed` and pre-review records the deemed acceptance
//                 (行政许可法 Art. 32).
import { shanghaiDate } from '#core/calendar.ts';
import { isFinal } from '#core/case-status.ts';
import type { AcceptanceOutcome } from '#core/work-item.ts';
import { province } from '#adapters/catalogue.ts';
import { getCase, transitionCase } from '#adapters/case-store.ts';
import { deleteWait, listWaitsDueBy, type CaseWait } from '#adapters/case-waits.ts';
import { publish } from '#adapters/event-bus.ts';
import { listOpenWorkItemsDueBy } from '#adapters/work-items.ts';
import { completeTask, failTask } from '#adapters/workflow.ts';
import { log } from '#middleware/logger.ts';
import { withdrawExpired } from './withdraw-case.ts';

/** The error name the correction wait fails with; the ASL catches it by this name. */
export const CORRECTION_EXPIRED = 'CorrectionExpired';

export interface WaitsReport {
  readonly correctionsExpired: number;
  readonly suspended: number;
  readonly deemedAccepted: number;
}

const ACTOR = { kind: 'system', id: 'SuperviseDeadlines' } as const;

/** A token that no longer waits was answered or ended already: nothing to do. */
const quietly = async (signal: () => Promise<void>, fields: Record<string, string>): Promise<boolean> => {
  try {
    await signal();
    return true;
  } catch (error) {
    if (error instanceof Error && (error.name === 'TaskTimedOut' || error.name === 'InvalidToken')) {
      log.info('wait already settled', fields);
      return false;
    }
    throw error;
  }
};

const expireCorrection = async (wait: CaseWait, now: Date): Promise<boolean> => {
  const current = await getCase(wait.caseNo);
  if (current?.status !== 'correcting') {
    await deleteWait(wait.caseNo, 'correction'); // answered or closed: a leftover
    return false;
  }
  const taskToken = wait.taskToken;
  if (!taskToken) return false; // the workflow has not reached its wait yet; the next sweep acts
  // Withdrawn here, at the sweep's instant, then the wait is ended: the workflow's WithdrawCase
  // finds it done. Should the signal fail after this, the wait's timeout (a day later) ends it.
  // An answer that came in meanwhile wins: its workflow goes on, and the token is not failed.
  if ((await withdrawExpired(wait.caseNo, now.toISOString())).status !== 'withdrawn') return false;
  return quietly(() => failTask(taskToken, CORRECTION_EXPIRED, { caseNo: wait.caseNo, answerBy: wait.due }), { caseNo: wait.caseNo });
};

const suspendOwing = async (wait: CaseWait, now: Date): Promise<boolean> => {
  const at = now.toISOString();
  let suspendedNow = false;
  const next = await transitionCase(wait.caseNo, (c) => {
    suspendedNow = !isFinal(c.status) && (c.deficiencies?.length ?? 0) > 0 && (!c.suspension || c.suspension.liftedAt !== undefined);
    if (!suspendedNow) return undefined;
    return {
      set: { suspension: { reason: 'deficiency-overdue', since: at } },
      audit: {
        at,
        actor: ACTOR,
        action: 'DeadlineWarning',
        summary: `红灯警示：容缺材料（${(c.deficiencies ?? []).map((d) => d.name).join('、')}）逾期未补齐（承诺 ${c.deficiencyPromise?.lastDay ?? '—'} 前），办件中止，补齐后恢复`,
        data: { subject: 'deficiencies', level: 'red', due: wait.due },
      },
    };
  });
  if (!suspendedNow) return false;
  await publish('DeadlineWarning', {
    caseNo: wait.caseNo,
    province: next.province,
    at,
    subject: 'deficiencies',
    level: 'red',
    department: next.departments[0] ?? '',
    itemCode: next.itemCode,
    due: wait.due,
    dueLastDay: shanghaiDate(new Date(Date.parse(wait.due) - 1)),
    remainingDays: -1,
  });
  return true;
};

export const expireWaits = async ({ now, caseNos }: { readonly now: Date; readonly caseNos?: ReadonlySet<string> }): Promise<WaitsReport> => {
  const config = province();
  const inScope = (caseNo: string): boolean => caseNos === undefined || caseNos.has(caseNo);
  let correctionsExpired = 0;
  let suspended = 0;
  let deemedAccepted = 0;
  for (const wait of (await listWaitsDueBy(config.code, now)).filter((w) => inScope(w.caseNo))) {
    if (wait.kind === 'correction' && (await expireCorrection(wait, now))) correctionsExpired += 1;
    if (wait.kind === 'deficiencies' && (await suspendOwing(wait, now))) suspended += 1;
  }
  const acceptances = (await Promise.all(config.departments.map((d) => listOpenWorkItemsDueBy(d.code, now))))
    .flat()
    .filter((w) => w.kind === 'acceptance' && w.due !== undefined && Date.parse(w.due) <= now.getTime() && inScope(w.caseNo));
  for (const item of acceptances) {
    const deemed: AcceptanceOutcome = { decision: 'deemed', at: now.toISOString() };
    if (await quietly(() => completeTask(item.taskToken, deemed), { caseNo: item.caseNo, workItemId: item.id })) deemedAccepted += 1;
  }
  return { correctionsExpired, suspended, deemedAccepted };
};
