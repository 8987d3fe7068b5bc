// What a department does with an open approval work item short of deciding it (issue #6):
//   request-supplement  one consolidated notice to the applicant; only THIS department waits (its
//                       task keeps waiting, the others keep their state); the clock stops (补正)
//                       until the applicant answers through POST /cases/{caseNo}/corrections.
//   suspend / resume    an Art. 45 step (expert review, site inspection, hearing, testing …) with
//                       the working days the department commits to; the clock stops, and on resume
//                       every due date of the case moves by the working days it stood still.
// The same action again answers the same; a different one while the first is open, 409.
import { isClockPaused, pauseClock, resumeClock, shiftDue } from '#core/clock-pause.ts';
import type { AuditDraft } from '#core/audit.ts';
import type { CaseRecord } from '#core/case.ts';
import { correctionNoticeOf, noticeSummary, type CorrectionNotice } from '#core/correction.ts';
import { Conflict } from '#core/errors.ts';
import { pauseReasonNames } from '#core/working-days.ts';
import type { WorkItemAction } from '#core/work-item.ts';
import { transitionCase } from '#adapters/case-store.ts';
import { clock, deadlineCalendar } from '#adapters/clock.ts';
import { publish } from '#adapters/event-bus.ts';
import { rescheduleCaseItem } from '#adapters/supervision.ts';
import { getWorkItem, listWorkItemsOfCase, updateOpenWorkItemItem, updateOpenWorkItemItems, type WorkItemChange, type WorkItemRecord } from '#adapters/work-items.ts';

const same = (a: unknown, b: unknown): boolean => JSON.stringify(a) === JSON.stringify(b);

/** Who decides or acts on a work item: the department's signed system, or one of its officers. */
export type DeciderActor = { readonly kind: 'department'; readonly id: string } | { readonly kind: 'officer'; readonly id: string; readonly department: string };

/** Applies the action; returns the work item's state as the department sees it. */
export const applyAction = async (item: WorkItemRecord, action: WorkItemAction, actor: DeciderActor): Promise<Record<string, unknown>> => {
  try {
    return await act(item, action, actor);
  } catch (error) {
    // A copy of this request sent at the same time acted first: judge it again against what that
    // copy wrote, as a repeat is judged (the same action answers the same; another one, 409).
    if (!(error instanceof Conflict)) throw error;
    const fresh = await getWorkItem(item.caseNo, item.department, item.kind);
    if (!fresh || fresh.status !== 'open' || same(fresh, item)) throw error;
    return act(fresh, action, actor);
  }
};

const act = async (item: WorkItemRecord, action: WorkItemAction, actor: DeciderActor): Promise<Record<string, unknown>> => {
  const now = clock.now();
  const at = now.toISOString();
  switch (action.decision) {
    case 'request-supplement': {
      if (item.supplement && !item.supplement.answeredAt) {
        if (!same(item.supplement.items, action.items)) throw new Conflict('a supplement of this work item is still waiting for the applicant');
        return { status: 'open', waitingFor: 'applicant', supplement: item.supplement };
      }
      const supplement = { requestedAt: at, items: action.items };
      let notice: CorrectionNotice | undefined;
      const next = await transitionCase(item.caseNo, (c) => {
        notice = correctionNoticeOf({
          round: (c.correction?.round ?? 0) + 1,
          items: action.items.map((i) => ({ ...i, name: i.materialCode ?? i.field ?? '', problem: 'inconsistent' as const })),
          now,
          correctionDays: Math.min(...(c.requirement?.items.map((r) => r.correctionDays) ?? [20])),
          // The applicant reads the notice as the department's, whoever of it asked.
          issuedBy: { kind: 'department', id: item.department },
          calendar: deadlineCalendar(),
        });
        return {
          set: { correction: notice, deadlines: pauseClock(requireDeadlines(c), { from: at, reason: 'correction', by: item.department }) },
          audit: {
            at,
            actor,
            action: 'SupplementRequested',
            summary: `${item.department} ${noticeSummary(notice)}；补正期间暂停计时`,
            data: { workItemId: item.id, notice },
          },
          also: [updateOpenWorkItemItem(item, { supplement })],
        };
      });
      const sent = notice as unknown as CorrectionNotice;
      // Not CorrectionRequested (the pre-review notice, before the clock starts): a supplement names
      // its work item and department and pauses a running clock, which a subscriber must tell apart.
      await publish('SupplementRequested', {
        caseNo: item.caseNo,
        province: next.province,
        at,
        workItemId: item.id,
        department: item.department,
        round: sent.round,
        items: sent.items.map(({ materialCode, field, problem, detail }) => ({ ...(materialCode ? { materialCode } : {}), ...(field ? { field } : {}), problem, detail })),
        answerBy: sent.answerBy.due,
      });
      return { status: 'open', waitingFor: 'applicant', supplement };
    }
    case 'suspend': {
      if (item.suspension && !item.suspension.resumedAt) {
        const { reason, days, note } = item.suspension;
        if (!same({ reason, days, note }, { reason: action.reason, days: action.days, note: action.note })) throw new Conflict('the clock is already stopped for another step');
        return { status: 'open', suspension: item.suspension };
      }
      const suspension = { reason: action.reason, days: action.days, note: action.note, from: at };
      const next = await transitionCase(item.caseNo, (c) => ({
        set: { deadlines: pauseClock(requireDeadlines(c), { from: at, reason: action.reason, by: item.department, committedDays: action.days }) },
        audit: {
          at,
          actor,
          action: 'ClockSuspended',
          summary: `${item.department} 暂停计时（${pauseReasonNames[action.reason].zh}，承诺 ${action.days} 个工作日）：${action.note}`,
          data: { workItemId: item.id, reason: action.reason, days: action.days },
        },
        also: [updateOpenWorkItemItem(item, { suspension })],
      }));
      await publish('ClockSuspended', { caseNo: item.caseNo, province: next.province, at, workItemId: item.id, department: item.department, reason: action.reason, days: action.days });
      return { status: 'open', suspension };
    }
    case 'resume': {
      if (!item.suspension || item.suspension.resumedAt) throw new Conflict('the clock of this work item is not stopped');
      const suspension = { ...item.suspension, resumedAt: at };
      const next = await resumeCase(item, now, {
        actor,
        action: 'ClockResumed',
        summary: `${item.department} 恢复计时（${pauseReasonNames[item.suspension.reason as keyof typeof pauseReasonNames]?.zh ?? item.suspension.reason}）`,
        change: { suspension },
      });
      return { status: 'open', suspension, deadlines: { committedDue: next.deadlines?.committed.due, statutoryDue: next.deadlines?.statutory.due } };
    }
  }
};

const requireDeadlines = (c: CaseRecord) => {
  if (!c.deadlines) throw new Conflict('the case has no deadlines to stop');
  return c.deadlines;
};

/**
 * Closes the pause of `item`'s department and, once no pause is left open, moves the case's
 * deadlines, its supervision record and every open work item's due date by the working days the
 * clock stood still, all in the one transaction of the audit entry that explains it. `change` is
 * what the entry sets on `item` itself; it is merged with the item's own due-date move into one
 * write (a transaction may not write one item twice).
 */
export const resumeCase = async (
  item: WorkItemRecord,
  now: Date,
  entry: { readonly action: string; readonly summary: string; readonly change: WorkItemChange; readonly actor?: AuditDraft['actor'] },
): Promise<CaseRecord> => {
  const { caseNo, department: by } = item;
  const at = now.toISOString();
  const openItems = (await listWorkItemsOfCase(caseNo)).filter((w) => w.status === 'open' && w.due);
  let shiftDays = 0;
  const next = await transitionCase(caseNo, (c) => {
    const resumed = resumeClock(requireDeadlines(c), by, now, deadlineCalendar());
    shiftDays = resumed.shiftDays;
    const moved = resumed.shiftDays > 0;
    const committed = resumed.deadlines.committed;
    const dueMoves = moved
      ? openItems.map((w) => {
          const shifted = shiftDue(w.due as string, resumed.shiftDays, deadlineCalendar());
          return { item: w, change: { due: shifted.due, dueLastDay: shifted.lastDay } };
        })
      : [];
    return {
      set: { deadlines: resumed.deadlines },
      audit: {
        at,
        actor: entry.actor ?? { kind: 'department', id: by },
        action: entry.action,
        summary: entry.summary + (isClockPaused(resumed.deadlines) ? '；其他部门的暂停尚未结束，期限待恢复后重新计算' : moved ? `；期限顺延 ${resumed.shiftDays} 个工作日，承诺期限至 ${committed.lastDay}` : ''),
        data: { shiftDays: resumed.shiftDays, committedDue: committed.due, explanation: committed.explanation },
      },
      also: [
        ...updateOpenWorkItemItems([{ item, change: entry.change }, ...dueMoves]),
        ...(moved ? [rescheduleCaseItem(caseNo, { committedDue: committed.due, committedLastDay: committed.lastDay, statutoryDue: resumed.deadlines.statutory.due })] : []),
      ],
    };
  });
  const paused = next.deadlines ? isClockPaused(next.deadlines) : false;
  await publish('ClockResumed', {
    caseNo,
    province: next.province,
    at,
    workItemId: item.id,
    department: by,
    shiftDays,
    ...(paused || !next.deadlines ? {} : { committedDue: next.deadlines.committed.due }),
  });
  return next;
};
