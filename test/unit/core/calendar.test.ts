import { describe, expect, it } from 'vitest';
import {
  calendarYearSchema,
  createCalendar,
  isCalendarDate,
  officialCalendar,
  officialCalendarYears,
  shanghaiDate,
  startOfShanghaiDay,
  weekdayOf,
  type CalendarYear,
} from '../../../functions/core/calendar.ts';
import { Invalid } from '../../../functions/core/errors.ts';

// Expected values below are read off the State Council notices and a printed calendar, not
// computed: 2026-01-01 is a Thursday, 2026-02-01 a Sunday, 2026-10-01 a Thursday, 2025-10-01 a
// Wednesday, 2024-01-01 a Monday.

const testSource = { title: 'test data, not an official notice' };

describe('Asia/Shanghai dates', () => {
  it('turns an instant into the Shanghai date, not the UTC or process date', () => {
    // 15:59:59.999Z is 23:59:59.999 in Shanghai (UTC+8); 16:00Z is already the next day there.
    expect(shanghaiDate(new Date('2026-02-13T15:59:59.999Z'))).toBe('2026-02-13');
    expect(shanghaiDate(new Date('2026-02-13T16:00:00.000Z'))).toBe('2026-02-14');
    // Still the 31st of December in UTC, already New Year's Day in Shanghai.
    expect(shanghaiDate(new Date('2025-12-31T20:00:00Z'))).toBe('2026-01-01');
  });

  it('starts a Shanghai day at 16:00 UTC of the day before, and agrees with Intl on it', () => {
    expect(startOfShanghaiDay('2026-02-14').toISOString()).toBe('2026-02-13T16:00:00.000Z');
    // [date, the day before] written by hand, including a leap day and a year end.
    const cases: [string, string][] = [
      ['2024-01-01', '2023-12-31'],
      ['2024-03-01', '2024-02-29'],
      ['2026-03-01', '2026-02-28'],
      ['2026-10-01', '2026-09-30'],
    ];
    for (const [date, before] of cases) {
      const start = startOfShanghaiDay(date);
      expect(shanghaiDate(start)).toBe(date);
      expect(shanghaiDate(new Date(start.getTime() - 1))).toBe(before);
    }
  });

  it('refuses an instant that is not one', () => {
    expect(() => shanghaiDate(new Date('not a date'))).toThrow(Invalid);
  });

  it('accepts only dates that exist', () => {
    expect(isCalendarDate('2024-02-29')).toBe(true); // 2024 is a leap year
    expect(isCalendarDate('2025-02-29')).toBe(false);
    expect(isCalendarDate('2026-02-30')).toBe(false);
    expect(isCalendarDate('26-02-01')).toBe(false);
    expect(isCalendarDate('2026-2-1')).toBe(false);
  });

  it('knows the weekday of a date whatever the process time zone', () => {
    expect(weekdayOf('2026-02-14')).toBe(6); // Saturday
    expect(weekdayOf('2026-10-01')).toBe(4); // Thursday
    expect(weekdayOf('2024-01-01')).toBe(1); // Monday
  });
});

describe('the official calendar', () => {
  it('ships 2024, 2025 and 2026, each traced to its notice', () => {
    expect(officialCalendar.years).toEqual([2024, 2025, 2026]);
    expect(officialCalendar.sourceOf(2024)?.documentNo).toBe('国办发明电〔2023〕7号');
    expect(officialCalendar.sourceOf(2025)?.documentNo).toBe('国办发明电〔2024〕12号');
    expect(officialCalendar.sourceOf(2026)?.title).toBe('国务院办公厅关于2026年部分节假日安排的通知');
    expect(officialCalendar.sourceOf(2027)).toBeUndefined();
  });

  it('follows the 2026 Spring Festival notice: off 15–23 February, worked Saturdays 14 and 28 February', () => {
    // [date, working, kind] from 国办发明电〔2025〕7号 and a calendar of February 2026.
    const table: [string, boolean, string][] = [
      ['2026-02-13', true, 'workday'], // Friday
      ['2026-02-14', true, 'make-up'], // Saturday, 调休上班
      ['2026-02-15', false, 'holiday'], // Sunday, first day off
      ['2026-02-16', false, 'holiday'], // Monday, 除夕
      ['2026-02-20', false, 'holiday'], // Friday
      ['2026-02-21', false, 'holiday'], // Saturday inside the holiday
      ['2026-02-23', false, 'holiday'], // Monday, 正月初七, last day off
      ['2026-02-24', true, 'workday'], // Tuesday
      ['2026-02-28', true, 'make-up'], // Saturday, 调休上班
      ['2026-03-01', false, 'weekend'], // Sunday
    ];
    for (const [date, working, kind] of table) {
      expect(officialCalendar.day(date), date).toMatchObject({ date, working, kind, provisional: false });
      expect(officialCalendar.isWorkingDay(date), date).toBe(working);
    }
    expect(officialCalendar.day('2026-02-16').holiday).toBe('春节');
    expect(officialCalendar.day('2026-02-14').holiday).toBe('春节');
  });

  it('follows the 2026 National Day notice: off 1–7 October, worked Sunday 20 September and Saturday 10 October', () => {
    const table: [string, boolean][] = [
      ['2026-09-20', true], // Sunday, 调休上班
      ['2026-09-25', false], // Friday, 中秋节
      ['2026-09-28', true], // Monday
      ['2026-10-01', false], // Thursday
      ['2026-10-07', false], // Wednesday, last day off
      ['2026-10-08', true], // Thursday
      ['2026-10-10', true], // Saturday, 调休上班
      ['2026-10-11', false], // Sunday
    ];
    for (const [date, working] of table) expect(officialCalendar.isWorkingDay(date), date).toBe(working);
  });

  it('follows the 2024 and 2025 notices, including days the notices leave as working days', () => {
    const table: [string, boolean][] = [
      ['2024-02-09', true], // Friday, 除夕 2024: the notice only *encouraged* rest, it stayed a working day
      ['2024-02-18', true], // Sunday, 调休上班
      ['2024-09-14', true], // Saturday, 调休上班 for 中秋节
      ['2024-10-12', true], // Saturday, 调休上班 for 国庆节
      ['2025-01-28', false], // Tuesday, 除夕 2025: a holiday since the 2024 revision of the holiday rules
      ['2025-01-26', true], // Sunday, 调休上班
      ['2025-06-02', false], // Monday, 端午节
      ['2025-10-08', false], // Wednesday, 8th day of the joint 国庆节、中秋节 break
      ['2025-10-11', true], // Saturday, 调休上班
    ];
    for (const [date, working] of table) expect(officialCalendar.isWorkingDay(date), date).toBe(working);
  });

  it('has as many working days per year as the holiday rules allow', () => {
    // Rest days are the weekends plus the statutory days (全国年节及纪念日放假办法: 11 days until
    // 2024, 13 from 2025); 调休 only moves them. 2024: 366 − 104 − 11 = 251. 2025 and 2026 (104
    // weekend days each): 365 − 104 − 13 = 248.
    const expected: Record<number, number> = { 2024: 251, 2025: 248, 2026: 248 };
    for (const [year, days] of Object.entries(expected)) {
      let count = 0;
      for (let d = new Date(`${year}-01-01T00:00:00Z`); d.getUTCFullYear() === Number(year); d = new Date(d.getTime() + 86_400_000)) {
        if (officialCalendar.isWorkingDay(d.toISOString().slice(0, 10))) count += 1;
      }
      expect(count, year).toBe(days);
    }
  });

  it('flags a year without published data as provisional instead of passing it off as plain weekdays', () => {
    // 1 January 2027 is a Friday: a weekday by default, but provisional until the notice is loaded.
    expect(officialCalendar.day('2027-01-01')).toEqual({ date: '2027-01-01', working: true, kind: 'workday', provisional: true });
    expect(officialCalendar.day('2027-01-02')).toEqual({ date: '2027-01-02', working: false, kind: 'weekend', provisional: true });
  });

  it('refuses a date that does not exist', () => {
    expect(() => officialCalendar.day('2026-02-30')).toThrow(Invalid);
  });
});

describe('createCalendar', () => {
  const year2027: CalendarYear = {
    year: 2027,
    source: testSource,
    holidays: [{ name: '元旦', from: '2027-01-01', to: '2027-01-03' }],
    makeUpWorkingDays: [],
  };

  it('takes years a province supplies on top of the official ones', () => {
    const calendar = createCalendar([...officialCalendarYears, year2027]);
    expect(calendar.years).toEqual([2024, 2025, 2026, 2027]);
    expect(calendar.day('2027-01-01')).toMatchObject({ working: false, kind: 'holiday', provisional: false });
    expect(calendar.day('2027-01-04')).toMatchObject({ working: true, provisional: false }); // Monday
  });

  it('lets a later entry for the same year replace an earlier one', () => {
    const correction: CalendarYear = {
      year: 2026,
      source: testSource,
      holidays: [{ name: 'test', from: '2026-03-02', to: '2026-03-02' }],
      makeUpWorkingDays: [],
    };
    const calendar = createCalendar([...officialCalendarYears, correction]);
    expect(calendar.isWorkingDay('2026-02-16')).toBe(true); // the official Spring Festival is gone
    expect(calendar.isWorkingDay('2026-03-02')).toBe(false);
  });

  it('names the offending field when a supplied year is wrong', () => {
    const bad = { ...year2027, makeUpWorkingDays: [{ date: '2027-01-06', for: '元旦' }] }; // a Wednesday
    let thrown: unknown;
    try {
      createCalendar([bad]);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(Invalid);
    expect((thrown as Invalid).errors.map((e) => e.field)).toContain('0.makeUpWorkingDays.0.date');
  });
});

describe('calendarYearSchema', () => {
  const valid = {
    year: 2026,
    source: testSource,
    holidays: [{ name: '春节', from: '2026-02-15', to: '2026-02-23' }],
    makeUpWorkingDays: [{ date: '2026-02-14', for: '春节' }],
  };
  const issuesOf = (input: unknown): string[] => {
    const result = calendarYearSchema.safeParse(input);
    return result.success ? [] : result.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
  };

  it('accepts a well-formed year', () => {
    expect(issuesOf(valid)).toEqual([]);
  });

  it('accepts a make-up day in December of the year before (the 2012 notice had 2011-12-31)', () => {
    expect(issuesOf({ ...valid, year: 2012, holidays: [{ name: '元旦', from: '2012-01-01', to: '2012-01-03' }], makeUpWorkingDays: [{ date: '2011-12-31', for: '元旦' }] })).toEqual([]);
  });

  it.each([
    ['a make-up day on a weekday', { makeUpWorkingDays: [{ date: '2026-03-04', for: '春节' }] }, 'makeUpWorkingDays.0.date'],
    ['a make-up day inside the holiday', { makeUpWorkingDays: [{ date: '2026-02-21', for: '春节' }] }, 'makeUpWorkingDays.0.date'],
    ['a holiday that ends before it starts', { holidays: [{ name: '春节', from: '2026-02-23', to: '2026-02-15' }] }, 'holidays.0.to'],
    ['a date that does not exist', { holidays: [{ name: '春节', from: '2026-02-30', to: '2026-03-01' }] }, 'holidays.0.from'],
    ['a date outside the year', { holidays: [{ name: '元旦', from: '2027-01-01', to: '2027-01-01' }] }, 'holidays.0'],
    ['no holidays at all', { holidays: [] }, 'holidays'],
    ['overlapping holidays', { holidays: [{ name: 'a', from: '2026-02-15', to: '2026-02-20' }, { name: 'b', from: '2026-02-20', to: '2026-02-23' }] }, 'holidays.1'],
    ['a holiday range longer than any real one', { holidays: [{ name: '春节', from: '2026-02-01', to: '2026-02-28' }], makeUpWorkingDays: [] }, 'holidays.0'],
    ['an unknown field', { holidayz: [] }, ''],
  ])('rejects %s', (_label, change, path) => {
    const issues = issuesOf({ ...valid, ...change });
    expect(issues.length).toBeGreaterThan(0);
    expect(issues.some((i) => i.startsWith(`${path}:`))).toBe(true);
  });
});
