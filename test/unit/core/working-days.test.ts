import { execFileSync } from 'node:child_process';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { createCalendar, officialCalendar, officialCalendarYears } from '../../../functions/core/calendar.ts';
import { Invalid } from '../../../functions/core/errors.ts';
import {
  addWorkingDays,
  deadlineOf,
  pauseSchema,
  remaining,
  warningLevel,
  workingDaysBetween,
  type Pause,
} from '../../../functions/core/working-days.ts';

// Every expected date is counted by hand on the calendar of the State Council notices; the
// comments show the count. Instants are written with +08:00 (Beijing time) unless the test is
// about UTC. Day 1 is the day after the start (行政许可法 Art. 82, the start day does not count);
// `due` is 00:00 Beijing time after the last day, i.e. 16:00Z of the last day.
//
// February 2026: 14 Sat 调休上班 · 15–23 春节 (15 Sun … 23 Mon) · 28 Sat 调休上班.
// March 2026: 2–6, 9–13, 16–20, 23–27, 30–31 are Mon–Fri; no holidays until 清明 4–6 April.

const at = (iso: string): Date => new Date(iso);
const calendar = officialCalendar;
const accepted = at('2026-02-10T10:00:00+08:00'); // a Tuesday, five days before the Spring Festival

describe('a limit across the Spring Festival (2026)', () => {
  it('skips 15–23 February and counts the make-up Saturdays', () => {
    // 1 Feb 11 · 2 Feb 12 · 3 Feb 13 · 4 Feb 14 (Sat, 调休) · 15–23 off · 5 Feb 24 · 6 Feb 25 · 7 Feb 26
    // · 8 Feb 27 · 9 Feb 28 (Sat, 调休) · 10–14 Mar 2–6 · 15–19 Mar 9–13 · 20 Mar 16.
    const d = deadlineOf({ start: accepted, limitDays: 20, limitBasis: '行政许可法第四十二条', calendar });
    expect(d.lastDay).toBe('2026-03-16');
    expect(d.due?.toISOString()).toBe('2026-03-16T16:00:00.000Z');
    expect(d.totalDays).toBe(20);
    expect(d.provisionalYears).toEqual([]);
    expect(d.explanation).toEqual([
      '期限 20 个工作日（行政许可法第四十二条），自 2026-02-10 次日起算（行政许可法第八十二条：以工作日计算，不含法定节假日）',
      '法定节假日 春节（2026-02-15 至 2026-02-23）不计入',
      '调休上班日 2026-02-14、2026-02-28 计入',
      '期限届满：2026-03-16 24:00（北京时间）',
    ]);
    expect(d.explanationEn).toContain('make-up working days 2026-02-14, 2026-02-28 counted');
    expect(d.explanationEn).toContain('due by the end of 2026-03-16 (24:00 Asia/Shanghai)');
  });

  it('ends on the make-up Saturday when that is the next working day', () => {
    // Accepted Friday 13 Feb: day 1 is Saturday 14 (调休上班); day 2 jumps the holiday to Tuesday 24.
    const friday = at('2026-02-13T17:00:00+08:00');
    expect(addWorkingDays(friday, 1, calendar).lastDay).toBe('2026-02-14');
    expect(addWorkingDays(friday, 2, calendar).lastDay).toBe('2026-02-24');
  });

  it('agrees with addWorkingDays', () => {
    const d = addWorkingDays(accepted, 20, calendar);
    expect(d.due.toISOString()).toBe('2026-03-16T16:00:00.000Z');
    expect(d.lastDay).toBe('2026-03-16');
  });

  it('ends on the start day for a limit of 0 working days (当场办结)', () => {
    const d = deadlineOf({ start: accepted, limitDays: 0, calendar });
    expect(d.lastDay).toBe('2026-02-10');
    expect(d.due?.toISOString()).toBe('2026-02-10T16:00:00.000Z');
  });
});

describe('a limit across National Day', () => {
  it('2026: skips 中秋 25–27 Sep and 1–7 Oct, ends on the make-up Saturday 10 Oct', () => {
    // Accepted Thu 24 Sep · 25–27 中秋节 · 1 Sep 28 · 2 Sep 29 · 3 Sep 30 · 1–7 Oct off · 4 Oct 8 · 5 Oct 9
    // · 6 Oct 10 (Sat, 调休).
    expect(addWorkingDays(at('2026-09-24T15:00:00+08:00'), 6, calendar).lastDay).toBe('2026-10-10');
  });

  it('2026: counts the make-up Sunday 20 September', () => {
    // Accepted Fri 18 Sep · Sat 19 off · 1 Sun 20 (调休).
    expect(addWorkingDays(at('2026-09-18T15:00:00+08:00'), 1, calendar).lastDay).toBe('2026-09-20');
  });

  it('2025: skips the eight-day break 1–8 Oct, counts Sun 28 Sep and Sat 11 Oct', () => {
    // Accepted Fri 26 Sep · Sat 27 off · 1 Sun 28 (调休) · 2 Mon 29 · 3 Tue 30 · 1–8 Oct off · 4 Thu 9
    // · 5 Fri 10 · 6 Sat 11 (调休).
    expect(addWorkingDays(at('2025-09-26T10:00:00+08:00'), 6, calendar).lastDay).toBe('2025-10-11');
  });

  it('crosses a year end into the next year’s data (元旦 2026, make-up Sunday 4 Jan)', () => {
    // Accepted Wed 31 Dec 2025 · 1–3 Jan off · 1 Sun 4 Jan (调休) · 2 Mon 5 Jan.
    expect(addWorkingDays(at('2025-12-31T10:00:00+08:00'), 1, calendar).lastDay).toBe('2026-01-04');
    expect(addWorkingDays(at('2025-12-31T10:00:00+08:00'), 2, calendar)).toMatchObject({ lastDay: '2026-01-05', provisionalYears: [] });
  });
});

describe('midnight in Shanghai while it is still the previous day in UTC', () => {
  it('starts from the Shanghai date of the instant', () => {
    // 2026-02-13T16:30Z is 00:30 on Saturday 14 Feb in Shanghai: the start day is the 14th (not
    // counted), the holiday follows, so day 1 is Tuesday 24. A UTC reading (Friday 13th) would
    // give Saturday 14.
    expect(addWorkingDays(at('2026-02-13T16:30:00Z'), 1, calendar).lastDay).toBe('2026-02-24');
    // One millisecond before Shanghai midnight it is still Friday 13th: day 1 is Saturday 14.
    expect(addWorkingDays(at('2026-02-13T15:59:59.999Z'), 1, calendar).lastDay).toBe('2026-02-14');
  });

  it('gives the same answers whatever the process time zone', () => {
    const url = (file: string): string => pathToFileURL(resolve(import.meta.dirname, '../../../functions/core', file)).href;
    const script = `
      const { officialCalendar } = await import(${JSON.stringify(url('calendar.ts'))});
      const { addWorkingDays, remaining } = await import(${JSON.stringify(url('working-days.ts'))});
      const answer = {
        offset: new Date('2026-01-15T00:00:00Z').getTimezoneOffset(),
        late: addWorkingDays(new Date('2026-02-13T16:30:00Z'), 1, officialCalendar).lastDay,
        early: addWorkingDays(new Date('2026-02-13T15:59:59.999Z'), 1, officialCalendar).lastDay,
        left: remaining({ now: new Date('2026-03-17T16:00:00Z'), due: new Date('2026-03-20T16:00:00Z'), calendar: officialCalendar }).days,
      };
      console.log(JSON.stringify(answer));`;
    // In January 2026 Kiritimati is UTC+14, Los Angeles UTC−8: both far from Shanghai's UTC+8. The
    // offset check proves the child really ran in that zone.
    for (const [tz, offset] of [['Pacific/Kiritimati', -840], ['America/Los_Angeles', 480], ['UTC', 0]] as const) {
      const out = execFileSync(process.execPath, ['--input-type=module', '--no-warnings', '-e', script], {
        env: { ...process.env, TZ: tz },
        encoding: 'utf8',
      });
      // Wed 18 Mar 00:00 Beijing time, due end of Fri 20 Mar: Wed, Thu, Fri remain.
      expect(JSON.parse(out), tz).toEqual({ offset, late: '2026-02-24', early: '2026-02-14', left: 3 });
    }
  });
});

describe('pauses', () => {
  const siteInspection = (from: string, to?: string): Pause => ({ from: at(from), ...(to ? { to: at(to) } : {}), reason: 'site-inspection' });

  it('holds only the working days of a pause spanning the Spring Festival, make-up Saturday included', () => {
    // Paused Thu 12 Feb → resumed Wed 25 Feb: the working days in (12 Feb, 25 Feb] are Fri 13, Sat 14
    // (调休), Tue 24, Wed 25 = 4; the nine holiday days hold nothing. Counted: 1 Feb 11 · 2 Feb 12 ·
    // (paused) · 3 Feb 26 · 4 Feb 27 · 5 Feb 28 (调休) · 6–10 Mar 2–6 · 11–15 Mar 9–13 · 16–20 Mar 16–20.
    const d = deadlineOf({
      start: accepted,
      limitDays: 20,
      pauses: [siteInspection('2026-02-12T09:00:00+08:00', '2026-02-25T17:00:00+08:00')],
      calendar,
    });
    expect(d.lastDay).toBe('2026-03-20');
    expect(d.pausedDays).toBe(4);
    expect(d.explanation).toContain('暂停计时 4 个工作日（现场核查，2026-02-12 至 2026-02-25）');
    expect(d.explanationEn).toContain('paused 4 working days for site inspection (2026-02-12 to 2026-02-25)');
    // 28 Feb is counted; 14 Feb was paused, so it is not listed as counted.
    expect(d.explanation).toContain('调休上班日 2026-02-28 计入');
  });

  it('explains a three-day site inspection', () => {
    // Paused Mon 2 Mar → resumed Thu 5 Mar: Tue 3, Wed 4, Thu 5 held (the resumption day does not count,
    // like an acceptance day). 20 days ended Mon 16 Mar; three more: Tue 17, Wed 18, Thu 19.
    const d = deadlineOf({ start: accepted, limitDays: 20, pauses: [siteInspection('2026-03-02T10:00:00+08:00', '2026-03-05T10:00:00+08:00')], calendar });
    expect(d.lastDay).toBe('2026-03-19');
    expect(d.explanation).toContain('暂停计时 3 个工作日（现场核查，2026-03-02 至 2026-03-05）');
    expect(d.explanationEn).toContain('paused 3 working days for site inspection (2026-03-02 to 2026-03-05)');
  });

  it('holds nothing for a pause inside a weekend, one day for a pause from Friday to Monday', () => {
    // Sat 7 → Sun 8 March: no working day in (7, 8]. Fri 6 → Mon 9: only Mon 9, the day the clock resumes.
    const weekend = deadlineOf({ start: accepted, limitDays: 20, pauses: [siteInspection('2026-03-07T10:00:00+08:00', '2026-03-08T10:00:00+08:00')], calendar });
    expect(weekend).toMatchObject({ lastDay: '2026-03-16', pausedDays: 0 });
    const friToMon = deadlineOf({ start: accepted, limitDays: 20, pauses: [siteInspection('2026-03-06T18:00:00+08:00', '2026-03-09T09:00:00+08:00')], calendar });
    expect(friToMon).toMatchObject({ lastDay: '2026-03-17', pausedDays: 1 });
  });

  it('counts a day held by two overlapping pauses once', () => {
    // Expert review Mon 2 → Thu 5 Mar holds Tue 3, Wed 4, Thu 5; testing Wed 4 → Mon 9 Mar adds
    // only Fri 6 and Mon 9. Five days after Mon 16: Tue 17, Wed 18, Thu 19, Fri 20, Mon 23.
    const d = deadlineOf({
      start: accepted,
      limitDays: 20,
      pauses: [
        { from: at('2026-03-04T10:00:00+08:00'), to: at('2026-03-09T10:00:00+08:00'), reason: 'testing' },
        { from: at('2026-03-02T10:00:00+08:00'), to: at('2026-03-05T10:00:00+08:00'), reason: 'expert-review' },
      ],
      calendar,
    });
    expect(d).toMatchObject({ lastDay: '2026-03-23', pausedDays: 5 });
    expect(d.explanationEn).toContain('paused 3 working days for expert review (2026-03-02 to 2026-03-05)');
    expect(d.explanationEn).toContain('paused 2 working days for testing (2026-03-04 to 2026-03-09)');
  });

  it('has no deadline while a correction wait is open, and says how many days remain', () => {
    // Counted before the stop on Thu 26 Feb: 11, 12, 13, 14 (调休), 24, 25, 26 = 7; 13 remain.
    const d = deadlineOf({ start: accepted, limitDays: 20, pauses: [{ from: at('2026-02-26T10:00:00+08:00'), reason: 'correction' }], calendar });
    expect(d.due).toBeUndefined();
    expect(d.lastDay).toBeUndefined();
    expect(d.stopped).toEqual({ since: at('2026-02-26T10:00:00+08:00'), reason: 'correction', usedDays: 7, remainingDays: 13 });
    expect(d.explanation).toContain('自 2026-02-26 起暂停计时（补正），尚未恢复；已用 7 个工作日，剩余 13 个工作日');
  });

  it('changes nothing for a pause that ended before the clock started', () => {
    const d = deadlineOf({ start: accepted, limitDays: 20, pauses: [{ from: at('2026-02-01T10:00:00+08:00'), to: at('2026-02-10T09:00:00+08:00'), reason: 'correction' }], calendar });
    expect(d).toMatchObject({ lastDay: '2026-03-16', pausedDays: 0 });
  });

  it('says so when a pause began after the limit had run out', () => {
    const d = deadlineOf({ start: accepted, limitDays: 20, pauses: [siteInspection('2026-03-17T10:00:00+08:00', '2026-03-20T10:00:00+08:00')], calendar });
    expect(d.lastDay).toBe('2026-03-16');
    expect(d.explanationEn).toContain('pause for site inspection (2026-03-17 to 2026-03-20) began after the limit had run out; the deadline is unchanged');
  });

  it('refuses a pause that ends before it starts', () => {
    expect(() =>
      deadlineOf({ start: accepted, limitDays: 20, pauses: [siteInspection('2026-03-05T10:00:00+08:00', '2026-03-02T10:00:00+08:00')], calendar }),
    ).toThrow(Invalid);
  });

  it('parses stored pauses from ISO instants', () => {
    expect(pauseSchema.parse({ from: '2026-03-02T02:00:00Z', reason: 'hearing' })).toEqual({ from: at('2026-03-02T02:00:00Z'), reason: 'hearing' });
    expect(pauseSchema.safeParse({ from: '2026-03-02T02:00:00Z', to: '2026-03-01T02:00:00Z', reason: 'hearing' }).success).toBe(false);
    expect(pauseSchema.safeParse({ from: '2026-03-02T02:00:00Z', reason: 'coffee' }).success).toBe(false);
  });
});

describe('extensions', () => {
  it('adds the 10 working days of 行政许可法 Art. 42 and says why', () => {
    // 20 days end Mon 16 Mar; 10 more: Tue 17 … Fri 20 (4), Mon 23 … Fri 27 (9), Mon 30 (10).
    const d = deadlineOf({
      start: accepted,
      limitDays: 20,
      extensions: [{ days: 10, reason: '二十日内不能作出决定，经本行政机关负责人批准', basis: '行政许可法第四十二条' }],
      calendar,
    });
    expect(d.lastDay).toBe('2026-03-30');
    expect(d.due?.toISOString()).toBe('2026-03-30T16:00:00.000Z');
    expect(d.totalDays).toBe(30);
    expect(d.explanation).toContain('延长 10 个工作日（行政许可法第四十二条：二十日内不能作出决定，经本行政机关负责人批准）');
    expect(d.explanationEn).toContain('extended by 10 working days (行政许可法第四十二条: 二十日内不能作出决定，经本行政机关负责人批准)');
  });

  it('refuses a limit or an extension that is not a whole number of days', () => {
    expect(() => deadlineOf({ start: accepted, limitDays: -1, calendar })).toThrow(Invalid);
    expect(() => deadlineOf({ start: accepted, limitDays: 2.5, calendar })).toThrow(Invalid);
    expect(() => deadlineOf({ start: accepted, limitDays: 20, extensions: [{ days: 0, reason: 'x', basis: 'y' }], calendar })).toThrow(Invalid);
  });
});

describe('a year without published data', () => {
  it('flags the deadline as provisional and says so in the explanation', () => {
    // Accepted Wed 30 Dec 2026 · 1 Thu 31 Dec · 2 Fri 1 Jan 2027 (no data yet: counted as a weekday)
    // · 3 Mon 4 · 4 Tue 5 · 5 Wed 6 Jan.
    const d = deadlineOf({ start: at('2026-12-30T10:00:00+08:00'), limitDays: 5, calendar });
    expect(d.lastDay).toBe('2027-01-06');
    expect(d.provisionalYears).toEqual([2027]);
    expect(d.explanation).toContain('注意：2027 年的节假日安排尚未载入，暂按周一至周五计算，期限为临时结果');
    expect(addWorkingDays(at('2026-12-30T10:00:00+08:00'), 5, calendar).provisionalYears).toEqual([2027]);
  });

  it('is no longer provisional once a province supplies the year', () => {
    // With 1 Jan 2027 a holiday: 1 Thu 31 Dec · 2 Mon 4 · 3 Tue 5 · 4 Wed 6 · 5 Thu 7 Jan.
    const withYear = createCalendar([
      ...officialCalendarYears,
      { year: 2027, source: { title: 'test data, not an official notice' }, holidays: [{ name: '元旦', from: '2027-01-01', to: '2027-01-01' }], makeUpWorkingDays: [] },
    ]);
    const d = deadlineOf({ start: at('2026-12-30T10:00:00+08:00'), limitDays: 5, calendar: withYear });
    expect(d).toMatchObject({ lastDay: '2027-01-07', provisionalYears: [] });
  });
});

describe('workingDaysBetween', () => {
  it('counts whole working days elapsed, consistent with the deadline', () => {
    // From the start to its due (00:00 Tue 17 Mar Beijing time) elapse exactly the 20 days.
    expect(workingDaysBetween(accepted, at('2026-03-17T00:00:00+08:00'), calendar).days).toBe(20);
    // One millisecond earlier Mon 16 Mar has not ended yet.
    expect(workingDaysBetween(accepted, at('2026-03-16T23:59:59.999+08:00'), calendar).days).toBe(19);
    expect(workingDaysBetween(accepted, at('2026-02-10T23:00:00+08:00'), calendar).days).toBe(0);
  });

  it('is negative when to is before from', () => {
    expect(workingDaysBetween(at('2026-03-17T00:00:00+08:00'), accepted, calendar).days).toBe(-20);
  });

  it('counts the make-up Saturday and not the holiday', () => {
    // Days after Fri 13 Feb that ended before Wed 25 Feb: Sat 14 (调休) and Tue 24.
    expect(workingDaysBetween(at('2026-02-13T12:00:00+08:00'), at('2026-02-25T00:00:00+08:00'), calendar).days).toBe(2);
  });

  it('leaves out the days a pause held', () => {
    // (10 Feb, 21 Mar): 11–14 Feb (4), 24–28 Feb (5), 2–6, 9–13, 16–20 Mar (15) = 24; the site
    // inspection held 13, 14, 24, 25 Feb: 20.
    const pauses: Pause[] = [{ from: at('2026-02-12T09:00:00+08:00'), to: at('2026-02-25T17:00:00+08:00'), reason: 'site-inspection' }];
    expect(workingDaysBetween(accepted, at('2026-03-21T00:00:00+08:00'), calendar, pauses).days).toBe(20);
  });

  it('flags a provisional year', () => {
    // After Wed 30 Dec 2026, ended before Tue 5 Jan 2027: Thu 31, Fri 1 Jan (provisional), Mon 4.
    expect(workingDaysBetween(at('2026-12-30T10:00:00+08:00'), at('2027-01-05T00:00:00+08:00'), calendar)).toEqual({ days: 3, provisionalYears: [2027] });
  });
});

describe('remaining', () => {
  // Last day Fri 20 Mar 2026; due at 00:00 Sat 21 Mar Beijing time = 2026-03-20T16:00Z.
  const due = at('2026-03-20T16:00:00Z');
  const left = (now: string): number => remaining({ now: at(now), due, calendar }).days;

  it('counts today while it is a working day of the limit', () => {
    expect(left('2026-03-14T12:00:00+08:00')).toBe(5); // Sat: Mon 16 … Fri 20
    expect(left('2026-03-18T10:00:00+08:00')).toBe(3); // Wed, Thu, Fri
    expect(left('2026-03-20T15:59:59.999Z')).toBe(1); // Fri 23:59:59.999, the last day
  });

  it('is negative once overdue', () => {
    expect(remaining({ now: due, due, calendar })).toEqual({ days: -1, overdue: true, provisionalYears: [] }); // Sat 00:00
    expect(left('2026-03-22T12:00:00+08:00')).toBe(-1); // Sun
    expect(left('2026-03-23T10:00:00+08:00')).toBe(-1); // Mon, the first overdue working day
    expect(left('2026-03-24T10:00:00+08:00')).toBe(-2); // Tue
  });

  it('adds no overdue day on a rest day', () => {
    expect(left('2026-03-27T10:00:00+08:00')).toBe(-5); // Fri: Mon 23 … Fri 27
    expect(left('2026-03-28T10:00:00+08:00')).toBe(-5); // Sat
    expect(left('2026-03-29T23:59:59+08:00')).toBe(-5); // Sun
    expect(left('2026-03-30T00:00:00+08:00')).toBe(-6); // Mon
  });

  it('counts the overdue working days across 国庆 on the official calendar', () => {
    // Last day Mon 12 Oct 2026; 13 Oct … 4 Dec hold 39 working days, and Sat 5 Dec adds none.
    const october = at('2026-10-13T00:00:00+08:00');
    expect(remaining({ now: at('2026-12-04T18:00:00+08:00'), due: october, calendar }).days).toBe(-39);
    expect(remaining({ now: at('2026-12-05T10:00:00+08:00'), due: october, calendar }).days).toBe(-39);
    expect(remaining({ now: at('2026-12-07T09:00:00+08:00'), due: october, calendar }).days).toBe(-40);
  });

  it('counts the make-up Saturday and skips the holiday on both sides of a deadline', () => {
    // Last day Tue 24 Feb. On Fri 13 Feb: Fri 13, Sat 14 (调休), Tue 24 remain.
    expect(remaining({ now: at('2026-02-13T10:00:00+08:00'), due: at('2026-02-25T00:00:00+08:00'), calendar }).days).toBe(3);
    // Last day Fri 13 Feb. On Tue 24 Feb: Sat 14 (调休) was the first overdue working day, Tue 24 the second.
    expect(remaining({ now: at('2026-02-24T10:00:00+08:00'), due: at('2026-02-14T00:00:00+08:00'), calendar }).days).toBe(-2);
  });
});

describe('warningLevel', () => {
  const due = at('2026-03-20T16:00:00Z'); // end of Fri 20 Mar, Beijing time
  const level = (now: string, yellowWhenRemainingDays = 3) => warningLevel({ now: at(now), due, yellowWhenRemainingDays, calendar });

  it('turns yellow exactly when the remaining days reach the threshold', () => {
    expect(level('2026-03-17T15:59:59.999Z')).toBe('none'); // Tue 23:59:59.999 Beijing: Tue–Fri = 4 left
    expect(level('2026-03-17T16:00:00Z')).toBe('yellow'); // Wed 00:00 Beijing: Wed–Fri = 3 left
  });

  it('turns red exactly at the due instant', () => {
    expect(level('2026-03-20T15:59:59.999Z')).toBe('yellow');
    expect(level('2026-03-20T16:00:00Z')).toBe('red');
  });

  it('with a threshold of 0 goes straight from none to red', () => {
    expect(level('2026-03-20T15:59:59.999Z', 0)).toBe('none');
    expect(level('2026-03-20T16:00:00Z', 0)).toBe('red');
  });

  it('turns yellow on a make-up Saturday before the Spring Festival', () => {
    // Last day Tue 24 Feb, threshold 2. Fri 13 Feb: 13, 14, 24 = 3 left. Sat 14 (调休): 14, 24 = 2.
    const springDue = at('2026-02-25T00:00:00+08:00');
    expect(warningLevel({ now: at('2026-02-13T23:59:59.999+08:00'), due: springDue, yellowWhenRemainingDays: 2, calendar })).toBe('none');
    expect(warningLevel({ now: at('2026-02-14T00:00:00+08:00'), due: springDue, yellowWhenRemainingDays: 2, calendar })).toBe('yellow');
  });

  it('refuses a negative threshold', () => {
    expect(() => level('2026-03-17T16:00:00Z', -1)).toThrow(Invalid);
  });
});
