// The deadlines of a case and of its departments' work items (issue #7), fixed when the case is
// accepted (行政许可法 Art. 32/42: the limit runs from acceptance) and when a work item opens, each
// with the lines that explain it, so the timeline can say why a deadline is where it is.
//
// Work item rule (kept simple on purpose): a department's work item is due when the case's
// committed limit (承诺时限) runs out, unless the catalogue gives the department's approval stage
// its own share (`stages[].committedDays`, "the stage's share of the committed limit"). Then the
// work item is due that many working days after it opens (the time earlier stages took is not
// this department's), and never later than the case's committed deadline. The share applies only
// to a single-item case whose stages all carry a share and where the department sits in exactly one
// stage; a bundle's merged stages and anything ambiguous fall back to the case's deadline.
import { addDays, shanghaiDate, type Calendar, type CalendarDate } from './calendar.ts';
import type { StoredPause } from './clock-pause.ts';
import { Invalid } from './errors.ts';
import { deadlineOf, remaining, warningLevel, type Deadline, type WarningLevel } from './working-days.ts';

/** A deadline as stored with the case (ISO instants), with its explanation. */
export interface DeadlineRecord {
  /** The limit in working days (plus extensions, once there are any). */
  readonly limitDays: number;
  /** Where the limit comes from, e.g. 法定时限 / 承诺时限. */
  readonly basis: string;
  /** When the clock started (its own day does not count). */
  readonly start: string;
  /** 24:00 Beijing time of the last working day, as an instant; exclusive. */
  readonly due: string;
  /** The last working day (Asia/Shanghai). */
  readonly lastDay: CalendarDate;
  /** Years counted as plain Mon–Fri for want of official holiday data. */
  readonly provisionalYears: readonly number[];
  /** One line per fact that placed the deadline (Chinese, for the timeline). */
  readonly explanation: readonly string[];
}

/** The two deadlines of an accepted case (行政许可法 Art. 42: statutory; 承诺时限: the province's promise). */
export interface CaseDeadlines {
  readonly acceptedAt: string;
  readonly statutory: DeadlineRecord;
  readonly committed: DeadlineRecord;
  /** Art. 45 steps and supplements that stopped the clock (core/clock-pause.ts); none at acceptance. */
  readonly pauses?: readonly StoredPause[];
  /** Paused working days already applied to the work items' due dates. */
  readonly appliedPausedDays?: number;
}

export const STATUTORY_BASIS = '法定时限';
export const COMMITTED_BASIS = '承诺时限';

const recordOf = (deadline: Deadline, start: Date, limitDays: number, basis: string): DeadlineRecord => {
  if (!deadline.due || !deadline.lastDay) {
    // Only an open pause leaves a deadline without a due date, and acceptance starts without one.
    throw new Invalid('a deadline without pauses always has a due date', [{ field: 'pauses', message: 'unexpected open pause' }]);
  }
  return {
    limitDays,
    basis,
    start: start.toISOString(),
    due: deadline.due.toISOString(),
    lastDay: deadline.lastDay,
    provisionalYears: deadline.provisionalYears,
    explanation: deadline.explanation,
  };
};

/** Statutory and committed deadlines of a case accepted at `acceptedAt`. */
export const caseDeadlinesOf = (
  acceptedAt: Date,
  limits: { readonly statutoryDays: number; readonly committedDays: number },
  calendar: Calendar,
): CaseDeadlines => {
  // The catalogue guarantees committed ≤ statutory; a promise can never be later than the law.
  const committedDays = Math.min(limits.committedDays, limits.statutoryDays);
  const of = (limitDays: number, basis: string) => recordOf(deadlineOf({ start: acceptedAt, limitDays, limitBasis: basis, calendar }), acceptedAt, limitDays, basis);
  return {
    acceptedAt: acceptedAt.toISOString(),
    statutory: of(limits.statutoryDays, STATUTORY_BASIS),
    committed: of(committedDays, COMMITTED_BASIS),
  };
};

/** Years any of the case's deadlines was counted in without official holiday data. */
export const provisionalYearsOf = (deadlines: CaseDeadlines): number[] =>
  [...new Set([...deadlines.statutory.provisionalYears, ...deadlines.committed.provisionalYears])].sort((a, b) => a - b);

/** The timeline line of an acceptance: both limits and where they end. */
export const acceptanceSummary = (deadlines: CaseDeadlines): string => {
  const { statutory, committed } = deadlines;
  const provisional = provisionalYearsOf(deadlines);
  return (
    `材料齐全，已受理；承诺时限 ${committed.limitDays} 个工作日，${committed.lastDay} 24:00 前办结` +
    `（法定时限 ${statutory.limitDays} 个工作日，至 ${statutory.lastDay}）` +
    (provisional.length ? `；${provisional.join('、')} 年节假日安排尚未公布，期限为临时结果` : '')
  );
};

/** An approval stage as the requirement records it for a single item. */
export interface StageShare {
  readonly name?: string | undefined;
  readonly departments: readonly string[];
  readonly committedDays?: number | undefined;
}

export interface WorkItemDue {
  readonly due: string;
  readonly lastDay: CalendarDate;
  /** `stage-share`: the stage's own share of the committed limit; `case-committed`: the case's deadline. */
  readonly rule: 'stage-share' | 'case-committed';
  /** The stage's share in working days, for `stage-share`. */
  readonly limitDays?: number;
  readonly provisionalYears: readonly number[];
  readonly explanation: readonly string[];
}

/** The stage whose share applies to `department`, or undefined when the rule does not apply. */
export const stageShareOf = (department: string, stages: readonly StageShare[] | undefined): { stage: StageShare; index: number } | undefined => {
  if (!stages || stages.length < 2 || stages.some((s) => s.committedDays === undefined)) return undefined;
  const holding = stages.map((stage, index) => ({ stage, index })).filter(({ stage }) => stage.departments.includes(department));
  return holding.length === 1 ? holding[0] : undefined;
};

/**
 * When a department's work item is due (see the rule at the top of this file). `stages` are the
 * approval stages of a single-item case (the item's own, with their shares); pass undefined for a
 * bundle.
 */
export const workItemDueOf = (input: {
  readonly openedAt: Date;
  readonly department: string;
  readonly deadlines: CaseDeadlines;
  readonly stages: readonly StageShare[] | undefined;
  readonly calendar: Calendar;
}): WorkItemDue => {
  const { committed } = input.deadlines;
  const caseDue: WorkItemDue = {
    due: committed.due,
    lastDay: committed.lastDay,
    rule: 'case-committed',
    provisionalYears: committed.provisionalYears,
    explanation: [`办理期限与办件承诺期限一致：${committed.lastDay} 24:00（北京时间）`],
  };
  const share = stageShareOf(input.department, input.stages);
  if (!share) return caseDue;
  const days = share.stage.committedDays as number;
  const stageName = share.stage.name ? `第 ${share.index + 1} 阶段“${share.stage.name}”` : `第 ${share.index + 1} 阶段`;
  const own = deadlineOf({ start: input.openedAt, limitDays: days, limitBasis: `${stageName}承诺时限`, calendar: input.calendar });
  if (!own.due || !own.lastDay) return caseDue;
  if (own.due.getTime() > Date.parse(committed.due)) {
    return {
      ...caseDue,
      explanation: [...own.explanation, `不得晚于办件承诺期限：按 ${committed.lastDay} 24:00 办结`],
    };
  }
  return {
    due: own.due.toISOString(),
    lastDay: own.lastDay,
    rule: 'stage-share',
    limitDays: days,
    provisionalYears: own.provisionalYears,
    explanation: own.explanation,
  };
};

/** The deadlines as the case view shows them; remaining days and the warning only while in flight. */
export interface DeadlinesView {
  readonly acceptedAt: string;
  readonly statutoryDue: string;
  readonly statutoryLastDay: CalendarDate;
  readonly statutoryDays: number;
  readonly committedDue: string;
  readonly committedLastDay: CalendarDate;
  readonly committedDays: number;
  /** Working days left of the committed limit (today counted while it is a working day); negative once overdue. */
  readonly remainingWorkingDays?: number;
  readonly overdue?: boolean;
  readonly warningLevel?: WarningLevel;
  /** True when a year of the count has no published holiday data yet (counted as Mon–Fri). */
  readonly provisional: boolean;
  readonly provisionalYears: readonly number[];
  readonly explanation: { readonly statutory: readonly string[]; readonly committed: readonly string[] };
}

export const deadlinesView = (
  deadlines: CaseDeadlines,
  at: { readonly now: Date; readonly inFlight: boolean; readonly yellowWhenRemainingDays: number; readonly calendar: Calendar },
): DeadlinesView => {
  const { statutory, committed } = deadlines;
  const provisionalYears = provisionalYearsOf(deadlines);
  const base = {
    acceptedAt: deadlines.acceptedAt,
    statutoryDue: statutory.due,
    statutoryLastDay: statutory.lastDay,
    statutoryDays: statutory.limitDays,
    committedDue: committed.due,
    committedLastDay: committed.lastDay,
    committedDays: committed.limitDays,
  };
  const tail = { provisional: provisionalYears.length > 0, provisionalYears, explanation: { statutory: statutory.explanation, committed: committed.explanation } };
  if (!at.inFlight) return { ...base, ...tail };
  const due = new Date(committed.due);
  const left = remaining({ now: at.now, due, calendar: at.calendar });
  return {
    ...base,
    remainingWorkingDays: left.days,
    overdue: left.overdue,
    warningLevel: warningLevel({ now: at.now, due, yellowWhenRemainingDays: at.yellowWhenRemainingDays, calendar: at.calendar }),
    ...tail,
  };
};

/**
 * Working days a case took: the working days after the day of acceptance up to and including the
 * day it finished (a case finished on the day it was accepted took 0, 当场办结). Finished in time
 * exactly when this is at most the limit, i.e. when it finished before `due`.
 */
export const workingDaysUsed = (acceptedAt: Date, finishedAt: Date, calendar: Calendar): number => {
  const from = shanghaiDate(acceptedAt);
  const through = shanghaiDate(finishedAt);
  let days = 0;
  for (let day = addDays(from, 1); day <= through; day = addDays(day, 1)) if (calendar.isWorkingDay(day)) days += 1;
  return days;
};
