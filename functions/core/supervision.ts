// 电子监察 (electronic supervision, issue #7): which deadline warnings a sweep raises, how far ahead
// it has to look, and the statistics a supervisor reads. Pure: the sweep and the statistics
// handler (functions/steps/supervise-deadlines.ts, functions/api/supervision-stats.ts) do the I/O.
import { shanghaiDate, startOfShanghaiDay, addDays, type Calendar, type CalendarDate } from './calendar.ts';
import type { CaseStatus } from './case-status.ts';
import { workingDaysUsed } from './case-deadlines.ts';
import { addWorkingDays, remaining, type WarningLevel } from './working-days.ts';

export type RaisedLevel = Exclude<WarningLevel, 'none'>;

/** What a work item or a case records about the warnings raised for it: the level reached for one due date. */
export interface WarningMarker {
  readonly level: RaisedLevel;
  /** The due date the level was reached for: a deadline that moves (extension, pause) starts afresh. */
  readonly due: string;
}

/**
 * The warning a sweep raises now, or undefined. Each level once per due date: yellow once, red
 * once. A level skipped between two sweeps (e.g. a short limit that went from nothing to overdue)
 * is not raised afterwards: red says more than yellow would.
 */
export const warningToRaise = (marker: WarningMarker | undefined, due: string, level: WarningLevel): RaisedLevel | undefined => {
  if (level === 'none') return undefined;
  if (!marker || marker.due !== due) return level;
  return marker.level === 'yellow' && level === 'red' ? 'red' : undefined;
};

/**
 * How far a sweep looks ahead: every due date whose warning level is not `none` at `now` lies at
 * or before this instant (the end of the (threshold + 1)-th working day after today), so the sweep
 * queries the due-date index up to it instead of scanning; the exact level is decided per item.
 */
export const sweepHorizon = (now: Date, yellowWhenRemainingDays: number, calendar: Calendar): Date =>
  addWorkingDays(now, yellowWhenRemainingDays + 1, calendar).due;

/**
 * The instants a due date turns yellow and red. Yellow once at most `threshold` working days remain
 * (core/working-days.ts remaining): from 00:00 of the day after the (threshold + 1)-th working day
 * counted back from the last day, so days off just before the yellow stretch are already yellow
 * (nothing is left to count on them). Red from `due`. A threshold of 0 has no yellow stretch.
 */
export const warningThresholds = (due: Date, yellowWhenRemainingDays: number, calendar: Calendar): { readonly yellowFrom: Date; readonly redFrom: Date } => {
  if (yellowWhenRemainingDays <= 0) return { yellowFrom: due, redFrom: due };
  let day: CalendarDate = shanghaiDate(new Date(due.getTime() - 1));
  for (let counted = 0, guard = 0; guard < 3660; guard++, day = addDays(day, -1)) {
    if (calendar.isWorkingDay(day)) counted += 1;
    if (counted === yellowWhenRemainingDays + 1) return { yellowFrom: startOfShanghaiDay(addDays(day, 1)), redFrom: due };
  }
  return { yellowFrom: due, redFrom: due };
};

export type WarningSubject = 'work-item' | 'case';

/** The timeline line of a warning (黄牌 / 红牌 as 电子监察 systems name them). */
export const warningSummary = (w: {
  readonly subject: WarningSubject;
  readonly level: RaisedLevel;
  readonly department: string;
  readonly lastDay: CalendarDate;
  readonly remainingDays: number;
}): string => {
  const whose = w.subject === 'work-item' ? `${w.department} 的审批任务` : '办件';
  return w.level === 'yellow'
    ? `督办提醒（黄牌）：${whose}剩余 ${w.remainingDays} 个工作日，须于 ${w.lastDay} 24:00 前办结`
    : `督办警告（红牌）：${whose}已超过办理期限（${w.lastDay} 24:00），已超期 ${Math.max(1, -w.remainingDays)} 个工作日`;
};

// ------------------------------------------------------------------------------- statistics

/**
 * The 3550 reform (江苏“3550”改革, since adopted nationally): business start-up within 3 working
 * days, real-estate registration within 5, an industrial construction permit within 50. Which
 * items or bundles fall under each is the province's call (infra/provinces/reform-3550.ts).
 */
export const reform3550Categories = {
  'business-start-up': { name: '企业开办', limitDays: 3 },
  'real-estate-registration': { name: '不动产登记', limitDays: 5 },
  'construction-permit': { name: '工业建设项目施工许可', limitDays: 50 },
} as const;

export type Reform3550Category = keyof typeof reform3550Categories;

/** One accepted case, as the statistics need it. */
export interface CaseForStats {
  readonly caseNo: string;
  readonly itemCode: string;
  /** The item or bundle applied for (a bundle case's itemCode is its lead item). */
  readonly subjectCode: string;
  readonly departments: readonly string[];
  readonly acceptedAt: string;
  readonly committedDue: string;
  readonly committedDays: number;
  /** How the result reaches the applicant: `online` = e-licence / notice online, nothing posted. */
  readonly deliveryMethod: 'online' | 'ems';
  /** 跑动次数 required by the case's items (0 = no visit). */
  readonly visits: number;
  readonly status: CaseStatus;
  /** When the case reached `status`; for a finished case the moment it finished. */
  readonly statusAt: string;
}

export interface StatsFilter {
  readonly department?: string | undefined;
  /** An item or bundle code: matches the case's item or the subject it applied for. */
  readonly item?: string | undefined;
}

export const matchesFilter = (c: Pick<CaseForStats, 'departments' | 'itemCode' | 'subjectCode'>, filter: StatsFilter): boolean =>
  (filter.department === undefined || c.departments.includes(filter.department)) &&
  (filter.item === undefined || c.itemCode === filter.item || c.subjectCode === filter.item);

/** 办结: approved and issued, or refused with reasons. A failed case (a platform error) is neither. */
const isFinished = (status: CaseStatus): boolean => status === 'completed' || status === 'refused';
const isInFlight = (status: CaseStatus): boolean => status === 'accepted' || status === 'in-approval' || status === 'approved';

export interface OverdueCase {
  readonly caseNo: string;
  readonly itemCode: string;
  readonly subjectCode: string;
  readonly status: CaseStatus;
  readonly committedDue: string;
  /** Working days past the committed limit: at the finish, or so far for a case still in flight. */
  readonly overdueWorkingDays: number;
  readonly finished: boolean;
}

export interface SupervisionStats {
  readonly cases: { readonly accepted: number; readonly finished: number; readonly inFlight: number; readonly failed: number };
  readonly onTime: { readonly finished: number; readonly onTime: number; readonly percent: number | null };
  /** Over finished cases: average working days taken and average committed limit. */
  readonly workingDays: { readonly averageUsed: number | null; readonly averageCommitted: number | null };
  readonly overdue: { readonly count: number; readonly cases: readonly OverdueCase[]; readonly truncated: boolean };
  readonly reform3550: ReadonlyArray<{
    readonly category: Reform3550Category;
    readonly name: string;
    readonly limitDays: number;
    readonly cases: number;
    readonly finished: number;
    readonly withinLimit: number;
    readonly percent: number | null;
  }>;
  /** 全程网办: the result delivered online and no visit required. */
  readonly fullyOnline: { readonly cases: number; readonly percent: number | null };
  /** 差评率: null until evaluations (好差评) are collected. */
  readonly badRating: { readonly percent: number | null };
}

const percent = (part: number, whole: number): number | null => (whole === 0 ? null : Math.round((part / whole) * 1000) / 10);
const average = (values: readonly number[]): number | null =>
  values.length === 0 ? null : Math.round((values.reduce((a, b) => a + b, 0) / values.length) * 100) / 100;

/** The statistics over `cases` (already filtered to the period and the filters) at `now`. */
export const supervisionStats = (
  cases: readonly CaseForStats[],
  options: {
    readonly now: Date;
    readonly calendar: Calendar;
    /** Item or bundle code → its 3550 category. */
    readonly reform3550: Readonly<Record<string, Reform3550Category>>;
    /** @default 200 */
    readonly overdueListLimit?: number;
  },
): SupervisionStats => {
  const { now, calendar } = options;
  const finished = cases.filter((c) => isFinished(c.status));
  const used = new Map(finished.map((c) => [c.caseNo, workingDaysUsed(new Date(c.acceptedAt), new Date(c.statusAt), calendar)]));
  const onTime = finished.filter((c) => Date.parse(c.statusAt) < Date.parse(c.committedDue));

  const overdue: OverdueCase[] = [];
  for (const c of cases) {
    const view = { caseNo: c.caseNo, itemCode: c.itemCode, subjectCode: c.subjectCode, status: c.status, committedDue: c.committedDue };
    if (isFinished(c.status) && Date.parse(c.statusAt) >= Date.parse(c.committedDue)) {
      overdue.push({ ...view, overdueWorkingDays: Math.max(1, (used.get(c.caseNo) ?? 0) - c.committedDays), finished: true });
    } else if (isInFlight(c.status) && now.getTime() >= Date.parse(c.committedDue)) {
      overdue.push({ ...view, overdueWorkingDays: -remaining({ now, due: new Date(c.committedDue), calendar }).days, finished: false });
    }
  }
  overdue.sort((a, b) => b.overdueWorkingDays - a.overdueWorkingDays || (a.caseNo < b.caseNo ? -1 : 1));
  const limit = options.overdueListLimit ?? 200;

  const reform3550 = (Object.keys(reform3550Categories) as Reform3550Category[]).map((category) => {
    const { name, limitDays } = reform3550Categories[category];
    const inCategory = cases.filter((c) => options.reform3550[c.subjectCode] === category);
    const done = inCategory.filter((c) => isFinished(c.status));
    const within = done.filter((c) => (used.get(c.caseNo) ?? Infinity) <= limitDays);
    return { category, name, limitDays, cases: inCategory.length, finished: done.length, withinLimit: within.length, percent: percent(within.length, done.length) };
  });

  const online = cases.filter((c) => c.deliveryMethod === 'online' && c.visits === 0);
  return {
    cases: {
      accepted: cases.length,
      finished: finished.length,
      inFlight: cases.filter((c) => isInFlight(c.status)).length,
      failed: cases.filter((c) => c.status === 'failed').length,
    },
    onTime: { finished: finished.length, onTime: onTime.length, percent: percent(onTime.length, finished.length) },
    workingDays: { averageUsed: average([...used.values()]), averageCommitted: average(finished.map((c) => c.committedDays)) },
    overdue: { count: overdue.length, cases: overdue.slice(0, limit), truncated: overdue.length > limit },
    reform3550,
    fullyOnline: { cases: online.length, percent: percent(online.length, cases.length) },
    badRating: { percent: null },
  };
};
