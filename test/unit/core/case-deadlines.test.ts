import { describe, expect, it } from 'vitest';
import { officialCalendar as calendar } from '../../../functions/core/calendar.ts';
import {
  acceptanceSummary,
  caseDeadlinesOf,
  deadlinesView,
  stageShareOf,
  workingDaysUsed,
  workItemDueOf,
  type StageShare,
} from '../../../functions/core/case-deadlines.ts';

// Counted by hand on the 2026 notice: 春节 15–23 February (Sun … Mon), make-up Saturdays 14 and 28
// February. Accepted on Tuesday 10 February: day 1 is the 11th (the start day does not count).
const accepted = new Date('2026-02-10T10:00:00+08:00');
const deadlines = caseDeadlinesOf(accepted, { statutoryDays: 20, committedDays: 5 }, calendar);

describe('the deadlines of an accepted case', () => {
  it('fixes the committed limit across the Spring Festival, counting the make-up Saturday', () => {
    // 1 Feb 11 · 2 Feb 12 · 3 Feb 13 · 4 Feb 14 (Sat, 调休) · 15–23 off · 5 Feb 24
    expect(deadlines.committed).toMatchObject({ limitDays: 5, basis: '承诺时限', lastDay: '2026-02-24', due: '2026-02-24T16:00:00.000Z', provisionalYears: [] });
    expect(deadlines.statutory).toMatchObject({ limitDays: 20, basis: '法定时限', lastDay: '2026-03-16', due: '2026-03-16T16:00:00.000Z' });
    expect(deadlines.acceptedAt).toBe('2026-02-10T02:00:00.000Z');
    expect(deadlines.committed.explanation).toContain('法定节假日 春节（2026-02-15 至 2026-02-23）不计入');
    expect(deadlines.committed.explanation).toContain('调休上班日 2026-02-14 计入');
  });

  it('never promises later than the law allows', () => {
    const d = caseDeadlinesOf(accepted, { statutoryDays: 3, committedDays: 5 }, calendar);
    expect(d.committed.limitDays).toBe(3);
    expect(d.committed.due).toBe(d.statutory.due);
  });

  it('says in the acceptance line where both limits end', () => {
    expect(acceptanceSummary(deadlines)).toBe('材料齐全，已受理；承诺时限 5 个工作日，2026-02-24 24:00 前办结（法定时限 20 个工作日，至 2026-03-16）');
  });

  it('flags a count that runs into a year without published holidays as provisional', () => {
    const late = caseDeadlinesOf(new Date('2026-12-21T10:00:00+08:00'), { statutoryDays: 20, committedDays: 5 }, calendar);
    expect(late.statutory.provisionalYears).toEqual([2027]);
    expect(acceptanceSummary(late)).toMatch(/2027 年节假日安排尚未公布，期限为临时结果$/);
    const view = deadlinesView(late, { now: new Date('2026-12-22T10:00:00+08:00'), inFlight: true, yellowWhenRemainingDays: 2, calendar });
    expect(view).toMatchObject({ provisional: true, provisionalYears: [2027] });
    expect(deadlinesView(deadlines, { now: accepted, inFlight: true, yellowWhenRemainingDays: 2, calendar }).provisional).toBe(false);
  });
});

describe('the deadlines as the case view shows them', () => {
  const view = (now: string, inFlight = true) => deadlinesView(deadlines, { now: new Date(now), inFlight, yellowWhenRemainingDays: 2, calendar });

  it('counts what remains of the committed limit and warns yellow within the threshold', () => {
    expect(view('2026-02-11T09:00:00+08:00')).toMatchObject({ remainingWorkingDays: 5, overdue: false, warningLevel: 'none' });
    // On the holiday Monday only Tuesday the 24th remains.
    expect(view('2026-02-23T10:00:00+08:00')).toMatchObject({ remainingWorkingDays: 1, overdue: false, warningLevel: 'yellow' });
  });

  it('turns red at 24:00 of the last day, not a minute later', () => {
    expect(view('2026-02-24T23:59:59+08:00')).toMatchObject({ overdue: false, warningLevel: 'yellow' });
    expect(view('2026-02-25T00:00:00+08:00')).toMatchObject({ remainingWorkingDays: -1, overdue: true, warningLevel: 'red' });
  });

  it('shows a finished case its deadlines without a count or a warning', () => {
    const done = view('2026-03-30T10:00:00+08:00', false);
    expect(done).toMatchObject({ committedDue: '2026-02-24T16:00:00.000Z', statutoryDue: '2026-03-16T16:00:00.000Z', committedDays: 5, statutoryDays: 20 });
    expect(done).not.toHaveProperty('remainingWorkingDays');
    expect(done).not.toHaveProperty('warningLevel');
    expect(done.explanation.committed).toEqual(deadlines.committed.explanation);
  });
});

describe('when a work item is due', () => {
  const stages: StageShare[] = [
    { name: '立项', departments: ['FGW'], committedDays: 2 },
    { name: '许可', departments: ['RFB', 'QXJ'], committedDays: 3 },
  ];

  it("gives a stage's department its share from the moment its work item opens", () => {
    // Opened with the case: 1 Feb 11 · 2 Feb 12.
    const due = workItemDueOf({ openedAt: accepted, department: 'FGW', deadlines, stages, calendar });
    expect(due).toMatchObject({ rule: 'stage-share', limitDays: 2, lastDay: '2026-02-12', due: '2026-02-12T16:00:00.000Z' });
    expect(due.explanation[0]).toContain('第 1 阶段“立项”承诺时限');
  });

  it("never lets a share run past the case's committed deadline", () => {
    // Opened Friday 13th: 1 Feb 14 (Sat, 调休) · 2 Feb 24 · 3 Feb 25 > the case's 24th.
    const due = workItemDueOf({ openedAt: new Date('2026-02-13T09:00:00+08:00'), department: 'QXJ', deadlines, stages, calendar });
    expect(due).toMatchObject({ rule: 'case-committed', lastDay: '2026-02-24', due: deadlines.committed.due });
    expect(due.explanation.at(-1)).toBe('不得晚于办件承诺期限：按 2026-02-24 24:00 办结');
  });

  it("falls back to the case's committed deadline when no share applies", () => {
    const caseDue = { rule: 'case-committed', due: deadlines.committed.due, lastDay: '2026-02-24' };
    const at = { openedAt: accepted, deadlines, calendar };
    expect(workItemDueOf({ ...at, department: 'FGW', stages: undefined })).toMatchObject(caseDue);
    expect(workItemDueOf({ ...at, department: 'SCJGJ', stages: [{ departments: ['SCJGJ'], committedDays: 5 }] })).toMatchObject(caseDue);
    const unshared: StageShare[] = [{ departments: ['FGW'], committedDays: 2 }, { departments: ['RFB'] }];
    expect(workItemDueOf({ ...at, department: 'FGW', stages: unshared })).toMatchObject(caseDue);
    const twice: StageShare[] = [{ departments: ['FGW'], committedDays: 2 }, { departments: ['FGW', 'RFB'], committedDays: 3 }];
    expect(workItemDueOf({ ...at, department: 'FGW', stages: twice })).toMatchObject(caseDue);
  });

  it('finds the one stage a department sits in, or none', () => {
    expect(stageShareOf('RFB', stages)?.index).toBe(1);
    expect(stageShareOf('NOPE', stages)).toBeUndefined();
  });
});

describe('working days a case took', () => {
  it('counts the working days after acceptance up to the day it finished', () => {
    // Feb 11, 12, 13, 14 (Sat, 调休) and 24: the Spring Festival in between counts nothing.
    expect(workingDaysUsed(accepted, new Date('2026-02-24T09:00:00+08:00'), calendar)).toBe(5);
    expect(workingDaysUsed(accepted, new Date('2026-02-23T18:00:00+08:00'), calendar)).toBe(4);
    expect(workingDaysUsed(accepted, new Date('2026-02-10T17:00:00+08:00'), calendar)).toBe(0);
  });

  it('uses Beijing dates, not UTC ones', () => {
    // 2026-02-11T17:00Z is already the 12th in Beijing (01:00): two days.
    expect(workingDaysUsed(accepted, new Date('2026-02-11T17:00:00Z'), calendar)).toBe(2);
  });
});
