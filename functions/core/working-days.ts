// Clock arithmetic in working days (行政许可法 Art. 82), with the clock stops of Art. 45 and 补正
// waits, the extensions of Art. 42, and an explanation of every day that moved the deadline.
//
// Conventions (the same in every function here):
// - The day of the start does not count; counting begins the next day (行政许可法 Art. 82 counts in
//   working days; 民法典 Art. 201 and 行政诉讼法 Art. 82 / 民事诉讼法 Art. 85: 开始的当日不计入).
//   An acceptance on a Saturday therefore makes the next working day day 1.
// - A limit runs out at 24:00 (Beijing time) of its last working day (民法典 Art. 203: 期间的最后一日
//   的截止时间为二十四时). `due` is that instant, i.e. 00:00 Asia/Shanghai of the following day, and
//   is exclusive: at `due` and after, the limit is passed.
// - A pause holds the clock on the working days after the day it starts, up to and including the day
//   it ends: the starting day has already counted (the clock ran that day) and the day the clock
//   resumes is, like the day of acceptance, not counted (the same start-day rule). Holidays and
//   weekends inside a pause are not working days anyway, so a pause spanning the Spring Festival
//   holds the clock only for the working days in it, make-up Saturdays included.
// - Working days are those of the calendar; a date in a year without official data is counted as
//   Mon–Fri and its year is returned in `provisionalYears`, never silently.
import * as z from 'zod';
import { addDays, shanghaiDate, startOfShanghaiDay, yearOf, type Calendar, type CalendarDate } from './calendar.ts';
import { Invalid } from './errors.ts';

/**
 * Why the clock stops. 行政许可法 Art. 45: 听证、招标、拍卖、检验、检测、检疫、鉴定和专家评审 do not
 * count towards the limits; site inspection counts as such a special step where the item's 实施清单
 * lists it; a correction (补正) wait stops the clock until the applicant answers.
 */
export const pauseReasons = [
  'correction',
  'expert-review',
  'site-inspection',
  'hearing',
  'testing',
  'inspection',
  'quarantine',
  'appraisal',
  'tender',
  'auction',
] as const;

export type PauseReason = (typeof pauseReasons)[number];

export const pauseReasonNames: Readonly<Record<PauseReason, { readonly zh: string; readonly en: string }>> = {
  correction: { zh: '补正', en: 'correction' },
  'expert-review': { zh: '专家评审', en: 'expert review' },
  'site-inspection': { zh: '现场核查', en: 'site inspection' },
  hearing: { zh: '听证', en: 'hearing' },
  testing: { zh: '检测', en: 'testing' },
  inspection: { zh: '检验', en: 'inspection' },
  quarantine: { zh: '检疫', en: 'quarantine' },
  appraisal: { zh: '鉴定', en: 'appraisal' },
  tender: { zh: '招标', en: 'tender' },
  auction: { zh: '拍卖', en: 'auction' },
};

/** A stretch during which the clock does not run. Without `to` the clock is still stopped. */
export interface Pause {
  readonly from: Date;
  readonly to?: Date | undefined;
  readonly reason: PauseReason;
}

/** Extra working days, e.g. 行政许可法 Art. 42: +10 with the approval of the head of the organ. */
export interface Extension {
  readonly days: number;
  readonly reason: string;
  readonly basis: string;
}

const instantSchema = z.iso.datetime({ offset: true }).transform((value) => new Date(value));

/** Pauses as stored (ISO instants); parses to `Pause`. */
export const pauseSchema = z
  .strictObject({ from: instantSchema, to: instantSchema.optional(), reason: z.enum(pauseReasons) })
  .refine((p) => p.to === undefined || p.to.getTime() >= p.from.getTime(), { message: 'ends before it starts', path: ['to'] });

export const extensionSchema = z.strictObject({
  days: z.number().int().min(1).max(365),
  reason: z.string().trim().min(1).max(500),
  basis: z.string().trim().min(1).max(200),
});

export type WarningLevel = 'none' | 'yellow' | 'red';

/** Far beyond any statutory limit; stops a walk that could never end (e.g. a calendar without working days). */
const MAX_WALK_DAYS = 366 * 30;

const checkInstant = (at: Date, field: string): void => {
  if (Number.isNaN(at.getTime())) throw new Invalid(`${field} is not a valid instant`, [{ field, message: 'invalid date' }]);
};

const checkDays = (days: number, field: string, min: number): void => {
  if (!Number.isInteger(days) || days < min || days > MAX_WALK_DAYS)
    throw new Invalid(`${field} must be a whole number of working days`, [{ field, message: `expected an integer ≥ ${min}` }]);
};

interface Span {
  readonly index: number;
  readonly reason: PauseReason;
  readonly from: Date;
  readonly fromDay: CalendarDate;
  /** Undefined: still stopped. */
  readonly toDay: CalendarDate | undefined;
}

const spansOf = (pauses: readonly Pause[]): Span[] =>
  pauses
    .map((p, index) => {
      checkInstant(p.from, `pauses.${index}.from`);
      if (p.to !== undefined) {
        checkInstant(p.to, `pauses.${index}.to`);
        if (p.to.getTime() < p.from.getTime())
          throw new Invalid('A pause ends before it starts', [{ field: `pauses.${index}.to`, message: 'before from' }]);
      }
      return {
        index,
        reason: p.reason,
        from: p.from,
        fromDay: shanghaiDate(p.from),
        toDay: p.to === undefined ? undefined : shanghaiDate(p.to),
      };
    })
    // Earliest first: a day held by two overlapping pauses is attributed to the one that began first.
    .sort((a, b) => a.from.getTime() - b.from.getTime() || a.index - b.index);

/** The pause holding the clock on `day`: the working days in (fromDay, toDay]. */
const spanOn = (spans: readonly Span[], day: CalendarDate): Span | undefined =>
  spans.find((s) => day > s.fromDay && (s.toDay === undefined || day <= s.toDay));

interface HolidayRun {
  readonly name: string;
  readonly from: CalendarDate;
  to: CalendarDate;
}

interface Walk {
  /** The last counted day; undefined when an open pause stopped the clock first. */
  readonly lastDay: CalendarDate | undefined;
  readonly counted: number;
  readonly stoppedBy: Span | undefined;
  readonly pausedDays: readonly number[]; // by pause index
  readonly holidays: readonly HolidayRun[];
  readonly makeUpDays: readonly CalendarDate[];
  readonly provisionalYears: readonly number[];
}

/** Walks forward from the day after `startDay` until `total` working days have counted. */
const walk = (startDay: CalendarDate, total: number, spans: readonly Span[], calendar: Calendar, pauseCount: number): Walk => {
  const provisional = new Set<number>();
  const pausedDays: number[] = Array.from({ length: pauseCount }, () => 0);
  const holidays: HolidayRun[] = [];
  const makeUpDays: CalendarDate[] = [];
  const result = (lastDay: CalendarDate | undefined, counted: number, stoppedBy: Span | undefined): Walk => ({
    lastDay,
    counted,
    stoppedBy,
    pausedDays,
    holidays,
    makeUpDays,
    provisionalYears: [...provisional].sort((a, b) => a - b),
  });
  // A limit of 0 days (当场办结) ends with the day of the start itself.
  if (total === 0) return result(startDay, 0, undefined);

  let counted = 0;
  let day = startDay;
  for (let i = 0; i < MAX_WALK_DAYS; i++) {
    day = addDays(day, 1);
    const info = calendar.day(day);
    if (info.provisional) provisional.add(yearOf(day));
    if (!info.working) {
      if (info.kind === 'holiday') {
        const run = holidays.at(-1);
        if (run && run.name === info.holiday && run.to === addDays(day, -1)) run.to = day;
        else holidays.push({ name: info.holiday ?? '', from: day, to: day });
      }
      continue;
    }
    const span = spanOn(spans, day);
    if (span) {
      // An open pause holds every later day too: the clock is stopped, there is no deadline yet.
      if (span.toDay === undefined) return result(undefined, counted, span);
      pausedDays[span.index] = (pausedDays[span.index] ?? 0) + 1;
      continue;
    }
    counted += 1;
    if (info.kind === 'make-up') makeUpDays.push(day);
    if (counted === total) return result(day, counted, undefined);
  }
  throw new Invalid(`No end to a limit of ${total} working days within ${MAX_WALK_DAYS} days`, [{ field: 'limitDays', message: 'unreachable' }]);
};

/** A deadline and why it is where it is. */
export interface Deadline {
  /**
   * The instant the limit runs out: 24:00 Beijing time of the last working day (民法典 Art. 203),
   * written as 00:00 Asia/Shanghai of the next day. Exclusive: at `due` the case is overdue.
   * Undefined while an open pause stops the clock.
   */
  readonly due: Date | undefined;
  /** The last working day of the limit (办结期限), in Asia/Shanghai. */
  readonly lastDay: CalendarDate | undefined;
  /** The limit plus every extension, in working days. */
  readonly totalDays: number;
  /** Working days held by pauses, overlaps counted once. */
  readonly pausedDays: number;
  /** Set while the clock is stopped by a pause without an end. */
  readonly stopped?: { readonly since: Date; readonly reason: PauseReason; readonly usedDays: number; readonly remainingDays: number };
  /** Years whose days were counted as plain Mon–Fri for want of official data. */
  readonly provisionalYears: readonly number[];
  /** One line per fact that placed the deadline, in Chinese (user-facing, for the timeline). */
  readonly explanation: readonly string[];
  /** The same lines in English, index for index. */
  readonly explanationEn: readonly string[];
}

export interface DeadlineInput {
  /** When the clock starts (受理, Art. 32/42); its own day does not count. */
  readonly start: Date;
  /** The statutory or committed limit in working days. */
  readonly limitDays: number;
  /** Where the limit comes from, shown in the explanation, e.g. "行政许可法第四十二条". */
  readonly limitBasis?: string;
  readonly pauses?: readonly Pause[];
  readonly extensions?: readonly Extension[];
  readonly calendar: Calendar;
}

/** A limit with its pauses and extensions: the deadline, explained line by line. */
export const deadlineOf = (input: DeadlineInput): Deadline => {
  const { start, limitDays, limitBasis, pauses = [], extensions = [], calendar } = input;
  checkInstant(start, 'start');
  checkDays(limitDays, 'limitDays', 0);
  extensions.forEach((e, i) => checkDays(e.days, `extensions.${i}.days`, 1));
  const totalDays = limitDays + extensions.reduce((sum, e) => sum + e.days, 0);
  checkDays(totalDays, 'limitDays', 0);

  const startDay = shanghaiDate(start);
  const spans = spansOf(pauses);
  const w = walk(startDay, totalDays, spans, calendar, pauses.length);

  const zh: string[] = [];
  const en: string[] = [];
  const line = (chinese: string, english: string): void => {
    zh.push(chinese);
    en.push(english);
  };

  const basisZh = limitBasis ? `（${limitBasis}）` : '';
  const basisEn = limitBasis ? ` (${limitBasis})` : '';
  line(
    `期限 ${limitDays} 个工作日${basisZh}，自 ${startDay} 次日起算（行政许可法第八十二条：以工作日计算，不含法定节假日）`,
    `limit ${limitDays} working days${basisEn}, counted from the day after ${startDay} (行政许可法第八十二条: working days, public holidays excluded)`,
  );
  for (const e of extensions) {
    line(`延长 ${e.days} 个工作日（${e.basis}：${e.reason}）`, `extended by ${e.days} working days (${e.basis}: ${e.reason})`);
  }
  for (const h of w.holidays) {
    const range = h.from === h.to ? h.from : `${h.from} 至 ${h.to}`;
    const rangeEn = h.from === h.to ? h.from : `${h.from} to ${h.to}`;
    line(`法定节假日 ${h.name}（${range}）不计入`, `public holiday ${h.name} (${rangeEn}) not counted`);
  }
  if (w.makeUpDays.length > 0) {
    line(`调休上班日 ${w.makeUpDays.join('、')} 计入`, `make-up working day${w.makeUpDays.length > 1 ? 's' : ''} ${w.makeUpDays.join(', ')} counted`);
  }
  for (const s of spans) {
    const name = pauseReasonNames[s.reason];
    if (s.toDay === undefined) {
      if (w.stoppedBy?.index === s.index) continue; // told below, with what remains
      if (w.stoppedBy) {
        line(`${s.fromDay} 起同时暂停计时（${name.zh}），尚未恢复`, `also stopped since ${s.fromDay} for ${name.en}, not yet resumed`);
        continue;
      }
      line(
        `${s.fromDay} 起暂停计时（${name.zh}），期限届满后开始，不影响期限`,
        `clock stop for ${name.en} from ${s.fromDay} began after the limit had run out; the deadline is unchanged`,
      );
      continue;
    }
    const days = w.pausedDays[s.index] ?? 0;
    const range = `${s.fromDay} 至 ${s.toDay}`;
    const rangeEn = `${s.fromDay} to ${s.toDay}`;
    if (days === 0 && w.lastDay !== undefined && s.fromDay >= w.lastDay) {
      line(`暂停计时（${name.zh}，${range}）在期限届满后开始，不影响期限`, `pause for ${name.en} (${rangeEn}) began after the limit had run out; the deadline is unchanged`);
    } else {
      line(`暂停计时 ${days} 个工作日（${name.zh}，${range}）`, `paused ${days} working day${days === 1 ? '' : 's'} for ${name.en} (${rangeEn})`);
    }
  }
  const pausedDays = w.pausedDays.reduce((sum, d) => sum + d, 0);

  let due: Date | undefined;
  let stopped: Deadline['stopped'];
  if (w.stoppedBy) {
    const name = pauseReasonNames[w.stoppedBy.reason];
    const remainingDays = totalDays - w.counted;
    stopped = { since: w.stoppedBy.from, reason: w.stoppedBy.reason, usedDays: w.counted, remainingDays };
    line(
      `自 ${w.stoppedBy.fromDay} 起暂停计时（${name.zh}），尚未恢复；已用 ${w.counted} 个工作日，剩余 ${remainingDays} 个工作日`,
      `clock stopped since ${w.stoppedBy.fromDay} for ${name.en}, not yet resumed; ${w.counted} working days used, ${remainingDays} remain`,
    );
  } else if (w.lastDay !== undefined) {
    due = startOfShanghaiDay(addDays(w.lastDay, 1));
    line(`期限届满：${w.lastDay} 24:00（北京时间）`, `due by the end of ${w.lastDay} (24:00 Asia/Shanghai)`);
  }
  if (w.provisionalYears.length > 0) {
    const years = w.provisionalYears.join('、');
    line(
      `注意：${years} 年的节假日安排尚未载入，暂按周一至周五计算，期限为临时结果`,
      `provisional: no official holiday data for ${w.provisionalYears.join(', ')}; counted as Mon–Fri`,
    );
  }

  return {
    due,
    lastDay: w.lastDay,
    totalDays,
    pausedDays,
    ...(stopped ? { stopped } : {}),
    provisionalYears: w.provisionalYears,
    explanation: zh,
    explanationEn: en,
  };
};

/** `n` working days after `start` (its own day not counted): the instant the limit runs out. */
export const addWorkingDays = (
  start: Date,
  n: number,
  calendar: Calendar,
): { readonly due: Date; readonly lastDay: CalendarDate; readonly provisionalYears: readonly number[] } => {
  checkInstant(start, 'start');
  checkDays(n, 'n', 0);
  const w = walk(shanghaiDate(start), n, [], calendar, 0);
  const lastDay = w.lastDay as CalendarDate; // no pauses: the walk always ends on a day
  return { due: startOfShanghaiDay(addDays(lastDay, 1)), lastDay, provisionalYears: w.provisionalYears };
};

/** Working days in the open interval of dates (after, before), skipping days held by a pause. */
const countBetween = (
  after: CalendarDate,
  before: CalendarDate,
  calendar: Calendar,
  spans: readonly Span[],
): { days: number; provisionalYears: number[] } => {
  const provisional = new Set<number>();
  let days = 0;
  for (let day = addDays(after, 1); day < before; day = addDays(day, 1)) {
    const info = calendar.day(day);
    if (info.provisional) provisional.add(yearOf(day));
    if (info.working && !spanOn(spans, day)) days += 1;
  }
  return { days, provisionalYears: [...provisional].sort((a, b) => a - b) };
};

/**
 * Whole working days elapsed from `from` to `to`: the working days after the day of `from` that
 * have ended by `to` (a day ends at 24:00 Beijing time), minus those held by pauses. Consistent
 * with `addWorkingDays`: from a start to its `due` elapse exactly the limit. Negative if `to` is
 * before `from`.
 */
export const workingDaysBetween = (
  from: Date,
  to: Date,
  calendar: Calendar,
  pauses: readonly Pause[] = [],
): { readonly days: number; readonly provisionalYears: readonly number[] } => {
  checkInstant(from, 'from');
  checkInstant(to, 'to');
  if (to.getTime() < from.getTime()) {
    const reversed = workingDaysBetween(to, from, calendar, pauses);
    return { days: -reversed.days, provisionalYears: reversed.provisionalYears };
  }
  return countBetween(shanghaiDate(from), shanghaiDate(to), calendar, spansOf(pauses));
};

/**
 * Working days left before `due`, counting today while it is a working day of the limit: on the
 * last day 1 remains. Once overdue the count is negative: minus the working days after the last
 * day that have begun by now, so −1 from `due` until the end of the first working day after the
 * last day, −2 on the next, and so on; a rest day keeps the count of the working day before it
 * (a weekend right after the deadline already shows −1; it is not 0).
 */
export const remaining = (input: {
  readonly now: Date;
  readonly due: Date;
  readonly calendar: Calendar;
}): { readonly days: number; readonly overdue: boolean; readonly provisionalYears: readonly number[] } => {
  const { now, due, calendar } = input;
  checkInstant(now, 'now');
  checkInstant(due, 'due');
  const today = shanghaiDate(now);
  const lastDay = shanghaiDate(new Date(due.getTime() - 1));
  if (now.getTime() < due.getTime()) {
    // [today, lastDay] = (today − 1, lastDay + 1)
    const left = countBetween(addDays(today, -1), addDays(lastDay, 1), calendar, []);
    return { days: left.days, overdue: false, provisionalYears: left.provisionalYears };
  }
  // The working days after the last day that have begun by now: today while it is one, never a
  // rest day (counting "the days before today, plus today" added one on every weekend and holiday).
  const late = countBetween(lastDay, addDays(today, 1), calendar, []);
  return { days: -Math.max(1, late.days), overdue: true, provisionalYears: late.provisionalYears };
};

/**
 * 电子监察: red once `due` has passed (the instant itself included); yellow while at most
 * `yellowWhenRemainingDays` working days remain (the province's supervision.yellowRemainingDays);
 * otherwise none.
 */
export const warningLevel = (input: {
  readonly now: Date;
  readonly due: Date;
  readonly yellowWhenRemainingDays: number;
  readonly calendar: Calendar;
}): WarningLevel => {
  checkDays(input.yellowWhenRemainingDays, 'yellowWhenRemainingDays', 0);
  const left = remaining(input);
  if (left.overdue) return 'red';
  return left.days <= input.yellowWhenRemainingDays ? 'yellow' : 'none';
};
