import { describe, expect, it } from 'vitest';
import { addDays, officialCalendar as calendar, startOfShanghaiDay } from '../../../functions/core/calendar.ts';
import {
  matchesFilter,
  supervisionStats,
  sweepHorizon,
  warningSummary,
  warningThresholds,
  warningToRaise,
  type CaseForStats,
} from '../../../functions/core/supervision.ts';
import { warningLevel } from '../../../functions/core/working-days.ts';

const DUE = '2026-02-24T16:00:00.000Z'; // the end of Tuesday 24 February 2026, right after the Spring Festival

describe('which warning a sweep raises', () => {
  it('raises each level once per due date', () => {
    expect(warningToRaise(undefined, DUE, 'none')).toBeUndefined();
    expect(warningToRaise(undefined, DUE, 'yellow')).toBe('yellow');
    expect(warningToRaise({ level: 'yellow', due: DUE }, DUE, 'yellow')).toBeUndefined();
    expect(warningToRaise({ level: 'yellow', due: DUE }, DUE, 'red')).toBe('red');
    expect(warningToRaise({ level: 'red', due: DUE }, DUE, 'red')).toBeUndefined();
    expect(warningToRaise({ level: 'red', due: DUE }, DUE, 'yellow')).toBeUndefined();
  });

  it('goes straight to red when a sweep first sees the item overdue, and never back to yellow', () => {
    expect(warningToRaise(undefined, DUE, 'red')).toBe('red');
  });

  it('starts afresh when the deadline moved (an extension or a pause)', () => {
    expect(warningToRaise({ level: 'red', due: DUE }, '2026-03-10T16:00:00.000Z', 'yellow')).toBe('yellow');
  });
});

describe('the instants a due date turns yellow and red', () => {
  it('counts the threshold back over the Spring Festival to the make-up Saturday', () => {
    // Threshold 2: Tuesday the 24th is one, the holiday week counts nothing, Saturday the 14th (调休) is two.
    const { yellowFrom, redFrom } = warningThresholds(new Date(DUE), 2, calendar);
    expect(yellowFrom.toISOString()).toBe('2026-02-13T16:00:00.000Z'); // 00:00 on the 14th in Beijing
    expect(redFrom.toISOString()).toBe(DUE);
  });

  it.each([0, 1, 2, 3, 5])('agrees with warningLevel at every edge (threshold %i)', (threshold) => {
    for (let day = '2026-01-02'; day <= '2026-12-31'; day = addDays(day, 1)) {
      if (!calendar.isWorkingDay(day)) continue;
      const due = startOfShanghaiDay(addDays(day, 1));
      const level = (ms: number) => warningLevel({ now: new Date(ms), due, yellowWhenRemainingDays: threshold, calendar });
      const { yellowFrom, redFrom } = warningThresholds(due, threshold, calendar);
      expect(level(yellowFrom.getTime() - 1), `${day} just before yellow`).toBe('none');
      if (threshold > 0) expect(level(yellowFrom.getTime()), `${day} at yellow`).toBe('yellow');
      expect(level(redFrom.getTime() - 1), `${day} just before red`).toBe(threshold > 0 ? 'yellow' : 'none');
      expect(level(redFrom.getTime()), `${day} at red`).toBe('red');
    }
  });
});

describe('how far a sweep looks ahead', () => {
  const instants = [
    '2026-02-13T23:59:00+08:00', // Friday night before the make-up Saturday
    '2026-02-14T00:00:00+08:00', // the make-up Saturday
    '2026-02-16T12:00:00+08:00', // inside the Spring Festival
    '2026-09-30T23:30:00+08:00', // the eve of the National Day week
    '2026-11-23T15:59:59Z', // 23:59:59 in Beijing, a Monday
    '2026-11-28T10:00:00+08:00', // a Saturday
  ];

  it.each(instants.flatMap((at) => [0, 1, 2, 4].map((t) => [at, t] as const)))('covers every due date already warned at %s (threshold %i)', (at, threshold) => {
    const now = new Date(at);
    const horizon = sweepHorizon(now, threshold, calendar);
    // Due dates are 00:00 Beijing time; look at the next 40 days of them.
    let first = addDays(at.slice(0, 10), -1);
    for (let i = 0; i < 40; i++, first = addDays(first, 1)) {
      const due = startOfShanghaiDay(first);
      if (warningLevel({ now, due, yellowWhenRemainingDays: threshold, calendar }) !== 'none') expect(due.getTime()).toBeLessThanOrEqual(horizon.getTime());
    }
    // …and does not look absurdly far: a few working days plus any holiday week.
    expect(horizon.getTime() - now.getTime()).toBeLessThan(16 * 86_400_000);
  });

  it('is the end of the (threshold + 1)-th working day after today', () => {
    // Monday 23 November 2026, threshold 2: Tue 24, Wed 25, Thu 26 → 00:00 on Friday the 27th.
    expect(sweepHorizon(new Date('2026-11-23T10:00:00+08:00'), 2, calendar).toISOString()).toBe('2026-11-26T16:00:00.000Z');
  });
});

describe('the timeline line of a warning', () => {
  it('names the department and the last day, yellow with what remains, red with how late', () => {
    expect(warningSummary({ subject: 'work-item', level: 'yellow', department: 'SCJGJ', lastDay: '2026-11-30', remainingDays: 2 })).toBe(
      '督办提醒（黄牌）：SCJGJ 的审批任务剩余 2 个工作日，须于 2026-11-30 24:00 前办结',
    );
    expect(warningSummary({ subject: 'case', level: 'red', department: 'SCJGJ', lastDay: '2026-11-30', remainingDays: -3 })).toBe(
      '督办警告（红牌）：办件已超过办理期限（2026-11-30 24:00），已超期 3 个工作日',
    );
  });
});

// ------------------------------------------------------------------------------- statistics

// Accepted Monday 2 March 2026 09:00: committed 5 → 3, 4, 5, 6, 9 March; due 9 March 24:00.
const acceptedAt = '2026-03-02T01:00:00.000Z';
const committedDue = '2026-03-09T16:00:00.000Z';
const aCase = (caseNo: string, over: Partial<CaseForStats>): CaseForStats => ({
  caseNo,
  itemCode: 'DEMO-001',
  subjectCode: 'DEMO-001',
  departments: ['SCJGJ'],
  acceptedAt,
  committedDue,
  committedDays: 5,
  deliveryMethod: 'online',
  visits: 0,
  status: 'in-approval',
  statusAt: acceptedAt,
  ...over,
});

const cases: CaseForStats[] = [
  // Finished on the 4th: 2 working days, on time, within 3550's 3.
  aCase('A', { status: 'completed', statusAt: '2026-03-04T02:00:00.000Z' }),
  // Refused on the 10th: 6 working days, one day late; posted by EMS.
  aCase('B', { status: 'refused', statusAt: '2026-03-10T01:00:00.000Z', deliveryMethod: 'ems' }),
  // Still in approval, overdue since the 9th; needs a visit.
  aCase('C', { visits: 1 }),
  aCase('D', { status: 'failed', statusAt: '2026-03-03T01:00:00.000Z', subjectCode: 'OTHER', itemCode: 'OTHER' }),
  // Accepted on the 10th, due the 17th: in flight, not late.
  aCase('E', { acceptedAt: '2026-03-10T01:00:00.000Z', committedDue: '2026-03-17T16:00:00.000Z', subjectCode: 'JS-BDCZYDJ', itemCode: 'JS-BDCZYDJ' }),
];
const now = new Date('2026-03-11T10:00:00+08:00');
const stats = supervisionStats(cases, { now, calendar, reform3550: { 'DEMO-001': 'business-start-up', 'JS-BDCZYDJ': 'real-estate-registration' } });

describe('supervision statistics', () => {
  it('counts accepted, finished, in-flight and failed cases', () => {
    expect(stats.cases).toEqual({ accepted: 5, finished: 2, inFlight: 2, failed: 1 });
  });

  it('rates finished cases on time against their committed deadline', () => {
    expect(stats.onTime).toEqual({ finished: 2, onTime: 1, percent: 50 });
    expect(stats.workingDays).toEqual({ averageUsed: 4, averageCommitted: 5 });
  });

  it('lists overdue cases, the worst first: late in flight (so far) and finished late', () => {
    expect(stats.overdue).toEqual({
      count: 2,
      truncated: false,
      cases: [
        // Wednesday the 11th: Tuesday the 10th has passed since the due date → −2.
        { caseNo: 'C', itemCode: 'DEMO-001', subjectCode: 'DEMO-001', status: 'in-approval', committedDue, overdueWorkingDays: 2, finished: false },
        { caseNo: 'B', itemCode: 'DEMO-001', subjectCode: 'DEMO-001', status: 'refused', committedDue, overdueWorkingDays: 1, finished: true },
      ],
    });
  });

  it('measures 3550 compliance over finished cases of each category', () => {
    expect(stats.reform3550).toEqual([
      { category: 'business-start-up', name: '企业开办', limitDays: 3, cases: 3, finished: 2, withinLimit: 1, percent: 50 },
      { category: 'real-estate-registration', name: '不动产登记', limitDays: 5, cases: 1, finished: 0, withinLimit: 0, percent: null },
      { category: 'construction-permit', name: '工业建设项目施工许可', limitDays: 50, cases: 0, finished: 0, withinLimit: 0, percent: null },
    ]);
  });

  it('counts a case fully online when delivered online with no visit', () => {
    expect(stats.fullyOnline).toEqual({ cases: 3, percent: 60 });
  });

  it('has no bad-rating share until evaluations exist', () => {
    expect(stats.badRating).toEqual({ percent: null });
  });

  it('answers nulls, not zeros or NaN, for an empty period', () => {
    const empty = supervisionStats([], { now, calendar, reform3550: {} });
    expect(empty.onTime.percent).toBeNull();
    expect(empty.workingDays).toEqual({ averageUsed: null, averageCommitted: null });
    expect(empty.fullyOnline).toEqual({ cases: 0, percent: null });
  });

  it('cuts the overdue list at its limit and says so', () => {
    const many = supervisionStats(cases, { now, calendar, reform3550: {}, overdueListLimit: 1 });
    expect(many.overdue).toMatchObject({ count: 2, truncated: true });
    expect(many.overdue.cases.map((c) => c.caseNo)).toEqual(['C']);
  });

  it('filters by department and by item or bundle code', () => {
    const bundleCase = { departments: ['SCJGJ', 'GAJ'], itemCode: 'JS-GSSLDJ', subjectCode: 'JS-QYKB' };
    expect(matchesFilter(bundleCase, {})).toBe(true);
    expect(matchesFilter(bundleCase, { department: 'GAJ' })).toBe(true);
    expect(matchesFilter(bundleCase, { department: 'SWJ' })).toBe(false);
    expect(matchesFilter(bundleCase, { item: 'JS-QYKB' })).toBe(true);
    expect(matchesFilter(bundleCase, { item: 'JS-GSSLDJ' })).toBe(true);
    expect(matchesFilter(bundleCase, { item: 'JS-FPSL', department: 'GAJ' })).toBe(false);
  });
});
