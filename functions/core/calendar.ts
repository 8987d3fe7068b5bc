// The official working-day calendar. 行政许可法 Art. 82: the limits of the law are counted in
// working days (工作日), public holidays excluded. A working day is Mon–Fri, minus the holidays,
// plus the make-up working days (调休上班日) that the State Council General Office publishes each
// year (国务院办公厅关于…年部分节假日安排的通知). The notices are data (calendar-data/holidays.json,
// or years a province supplies through its config), never code: a new year needs no release.
//
// Every rule works on Asia/Shanghai calendar dates (`YYYY-MM-DD`). Lambda runs in UTC, so an
// instant is turned into a date with Intl in Asia/Shanghai, never with the process time zone, and
// nothing here calls a local-time getter.
//
// A year without published data is *provisional*: its days are classified as plain Mon–Fri, but
// every answer says so (`provisional: true`), so no deadline is silently computed without holidays.
import * as z from 'zod';
import official from './calendar-data/holidays.json' with { type: 'json' };
import { Invalid, type FieldError } from './errors.ts';

/** A calendar date in Asia/Shanghai, `YYYY-MM-DD`: the unit of every working-day rule. */
export type CalendarDate = string;

const DAY_MS = 86_400_000;
const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

const utcMsOf = (date: CalendarDate): number => {
  const match = DATE.exec(date);
  if (!match) throw new Invalid(`Not a calendar date (YYYY-MM-DD): ${date}`, [{ field: 'date', message: 'expected YYYY-MM-DD' }]);
  return Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3]));
};

const dateOfUtcMs = (ms: number): CalendarDate => new Date(ms).toISOString().slice(0, 10);

/** `2026-02-30` is not a date: the string must survive a round trip through the UTC calendar. */
export const isCalendarDate = (value: string): boolean => DATE.test(value) && dateOfUtcMs(utcMsOf(value)) === value;

export const addDays = (date: CalendarDate, days: number): CalendarDate => dateOfUtcMs(utcMsOf(date) + days * DAY_MS);

/** 0 = Sunday … 6 = Saturday. UTC getters on a UTC midnight: independent of the process time zone. */
export const weekdayOf = (date: CalendarDate): number => new Date(utcMsOf(date)).getUTCDay();

export const yearOf = (date: CalendarDate): number => Number(date.slice(0, 4));

const shanghaiParts = new Intl.DateTimeFormat('en-US', {
  timeZone: 'Asia/Shanghai',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
});

/** The Asia/Shanghai date of an instant: `2026-02-13T16:30:00Z` → `2026-02-14` (00:30 in Shanghai). */
export const shanghaiDate = (at: Date): CalendarDate => {
  if (Number.isNaN(at.getTime())) throw new Invalid('Invalid instant', [{ field: 'at', message: 'not a valid date' }]);
  const parts = Object.fromEntries(shanghaiParts.formatToParts(at).map((p) => [p.type, p.value]));
  return `${parts.year}-${parts.month}-${parts.day}`;
};

/**
 * The instant a Shanghai date begins (00:00 Beijing time). Asia/Shanghai has been UTC+8 without
 * daylight saving since 1991, so the offset is fixed; the unit tests check it against Intl.
 */
export const startOfShanghaiDay = (date: CalendarDate): Date => new Date(utcMsOf(date) - 8 * 3_600_000);

export const calendarDateSchema = z.string().refine(isCalendarDate, { message: 'expected a calendar date YYYY-MM-DD' });

const holidaySchema = z.strictObject({
  /** As the notice names it: 元旦, 春节, 清明节, 劳动节, 端午节, 中秋节, 国庆节 … */
  name: z.string().trim().min(1),
  /** First and last day off, inclusive, as the notice writes them ("2月15日至23日"), weekends included. */
  from: calendarDateSchema,
  to: calendarDateSchema,
});

const makeUpDaySchema = z.strictObject({
  /** A Saturday or Sunday that is worked (调休上班). */
  date: calendarDateSchema,
  /** The holiday it pays for. */
  for: z.string().trim().min(1),
});

/** The longest official break so far is 9 days (Spring Festival 2026); 14 catches a typo in a range. */
const MAX_HOLIDAY_DAYS = 14;

/**
 * One year's official arrangement. Exported so the province config can supply years (a notice
 * published after the release, or regional holidays under 全国年节及纪念日放假办法 Art. 4).
 */
export const calendarYearSchema = z
  .strictObject({
    year: z.number().int().min(1992).max(2200),
    /** The notice the data is copied from, so every holiday can be traced to its source. */
    source: z.strictObject({
      title: z.string().trim().min(1),
      documentNo: z.string().trim().min(1).optional(),
      issued: calendarDateSchema.optional(),
      url: z.url().optional(),
    }),
    /** At least one: an empty year would pass for "published" and hide the missing holidays. */
    holidays: z.array(holidaySchema).min(1),
    makeUpWorkingDays: z.array(makeUpDaySchema).default([]),
  })
  .superRefine((y, ctx) => {
    // A notice covers its own year; a make-up day or holiday may reach back into December of the
    // previous year (the 2012 notice had 2011-12-31 worked), never further.
    const first = `${y.year - 1}-12-01`;
    const last = `${y.year}-12-31`;
    const inWindow = (d: string): boolean => d >= first && d <= last;
    y.holidays.forEach((h, i) => {
      if (!isCalendarDate(h.from) || !isCalendarDate(h.to)) return; // reported by the field schema
      if (!inWindow(h.from) || !inWindow(h.to))
        ctx.addIssue({ code: 'custom', path: ['holidays', i], message: `outside ${first} … ${last}` });
      if (h.from > h.to) ctx.addIssue({ code: 'custom', path: ['holidays', i, 'to'], message: 'ends before it starts' });
      else if ((utcMsOf(h.to) - utcMsOf(h.from)) / DAY_MS + 1 > MAX_HOLIDAY_DAYS)
        ctx.addIssue({ code: 'custom', path: ['holidays', i], message: `longer than ${MAX_HOLIDAY_DAYS} days` });
      y.holidays.slice(0, i).forEach((other, j) => {
        if (h.from <= other.to && other.from <= h.to)
          ctx.addIssue({ code: 'custom', path: ['holidays', i], message: `overlaps holidays.${j}` });
      });
    });
    const seen = new Set<string>();
    y.makeUpWorkingDays.forEach((m, i) => {
      if (!isCalendarDate(m.date)) return;
      const path = ['makeUpWorkingDays', i, 'date'];
      if (!inWindow(m.date)) ctx.addIssue({ code: 'custom', path, message: `outside ${first} … ${last}` });
      const weekday = weekdayOf(m.date);
      if (weekday !== 0 && weekday !== 6) ctx.addIssue({ code: 'custom', path, message: 'a make-up working day is a Saturday or Sunday' });
      if (y.holidays.some((h) => m.date >= h.from && m.date <= h.to))
        ctx.addIssue({ code: 'custom', path, message: 'falls inside a holiday' });
      if (seen.has(m.date)) ctx.addIssue({ code: 'custom', path, message: 'listed twice' });
      seen.add(m.date);
    });
  });

export type CalendarYear = z.output<typeof calendarYearSchema>;
export type CalendarSource = CalendarYear['source'];

export type DayKind = 'workday' | 'weekend' | 'holiday' | 'make-up';

export interface CalendarDay {
  readonly date: CalendarDate;
  readonly working: boolean;
  readonly kind: DayKind;
  /** The holiday's name when `kind` is `holiday`, the holiday paid for when `make-up`. */
  readonly holiday?: string;
  /** No official data for this date's year: classified as plain Mon–Fri until the notice is loaded. */
  readonly provisional: boolean;
}

export interface Calendar {
  /** Years with official data, ascending. */
  readonly years: readonly number[];
  sourceOf(year: number): CalendarSource | undefined;
  /** Everything known about one date, including whether the answer is provisional. */
  day(date: CalendarDate): CalendarDay;
  /** Mon–Fri minus holidays plus make-up days. For a provisional year see `day(date).provisional`. */
  isWorkingDay(date: CalendarDate): boolean;
}

const fieldErrorsOf = (error: z.ZodError, prefix: string): FieldError[] =>
  error.issues.map((issue) => ({ field: [prefix, ...issue.path.map(String)].join('.'), message: issue.message }));

/**
 * A calendar from yearly arrangements. When a year appears twice the later entry wins, so a
 * province config listed after the built-in years can add a year or correct one.
 */
export const createCalendar = (years: readonly CalendarYear[]): Calendar => {
  const byYear = new Map<number, CalendarYear>();
  years.forEach((input, i) => {
    const parsed = calendarYearSchema.safeParse(input);
    if (!parsed.success) throw new Invalid(`Invalid calendar year at index ${i}`, fieldErrorsOf(parsed.error, String(i)));
    byYear.set(parsed.data.year, parsed.data);
  });

  const special = new Map<CalendarDate, { kind: 'holiday' | 'make-up'; name: string }>();
  const ordered = [...byYear.values()].sort((a, b) => a.year - b.year);
  for (const y of ordered) {
    for (const h of y.holidays) {
      for (let d = h.from; d <= h.to; d = addDays(d, 1)) special.set(d, { kind: 'holiday', name: h.name });
    }
    for (const m of y.makeUpWorkingDays) special.set(m.date, { kind: 'make-up', name: m.for });
  }

  const day = (date: CalendarDate): CalendarDay => {
    if (!isCalendarDate(date)) throw new Invalid(`Not a calendar date: ${date}`, [{ field: 'date', message: 'expected an existing YYYY-MM-DD' }]);
    const weekday = weekdayOf(date);
    const provisional = !byYear.has(yearOf(date));
    const entry = special.get(date);
    if (entry?.kind === 'holiday') return { date, working: false, kind: 'holiday', holiday: entry.name, provisional };
    if (entry?.kind === 'make-up') return { date, working: true, kind: 'make-up', holiday: entry.name, provisional };
    if (weekday === 0 || weekday === 6) return { date, working: false, kind: 'weekend', provisional };
    return { date, working: true, kind: 'workday', provisional };
  };

  return {
    years: ordered.map((y) => y.year),
    sourceOf: (year) => byYear.get(year)?.source,
    day,
    isWorkingDay: (date) => day(date).working,
  };
};

/** The built-in years, validated at load: a broken data file fails the cold start, not a deadline. */
export const officialCalendarYears: readonly CalendarYear[] = z.array(calendarYearSchema).parse(official.years);

/** The national calendar from the built-in notices only. Provinces add years with `createCalendar`. */
export const officialCalendar: Calendar = createCalendar(officialCalendarYears);
