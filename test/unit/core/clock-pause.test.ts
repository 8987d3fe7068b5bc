import { describe, expect, it } from 'vitest';
import { officialCalendar } from '../../../functions/core/calendar.ts';
import { caseDeadlinesOf } from '../../../functions/core/case-deadlines.ts';
import { isClockPaused, pauseClock, resumeClock, shiftDue } from '../../../functions/core/clock-pause.ts';

// Accepted Monday 2026-03-02 10:00 Beijing; 5 committed / 20 statutory working days.
const accepted = new Date('2026-03-02T02:00:00Z');
const deadlines = caseDeadlinesOf(accepted, { statutoryDays: 20, committedDays: 5 }, officialCalendar);

describe('stopping the clock (行政许可法 Art. 45)', () => {
  it('accepts at the date expected without pauses', () => {
    expect(deadlines.committed.lastDay).toBe('2026-03-09');
  });

  it('moves both deadlines by the working days a closed pause held, and says so', () => {
    // Stopped Tuesday 03-03, restarted Thursday 03-05: Wednesday and Thursday do not count.
    const paused = pauseClock(deadlines, { from: '2026-03-03T02:00:00Z', reason: 'expert-review', by: 'SCJGJ', committedDays: 5 });
    expect(isClockPaused(paused)).toBe(true);
    const resumed = resumeClock(paused, 'SCJGJ', new Date('2026-03-05T02:00:00Z'), officialCalendar);
    expect(isClockPaused(resumed.deadlines)).toBe(false);
    expect(resumed.shiftDays).toBe(2);
    expect(resumed.deadlines.committed.lastDay).toBe('2026-03-11');
    expect(resumed.deadlines.statutory.lastDay > deadlines.statutory.lastDay).toBe(true);
    expect(resumed.deadlines.committed.explanation.join('\n')).toContain('专家评审');
  });

  it('keeps the due dates while another department still holds the clock, and moves them once when the last pause ends', () => {
    let d = pauseClock(deadlines, { from: '2026-03-03T02:00:00Z', reason: 'expert-review', by: 'A' });
    d = pauseClock(d, { from: '2026-03-04T02:00:00Z', reason: 'site-inspection', by: 'B' });
    const first = resumeClock(d, 'A', new Date('2026-03-05T02:00:00Z'), officialCalendar);
    expect(first.shiftDays).toBe(0);
    expect(first.deadlines.committed.due).toBe(deadlines.committed.due);
    const last = resumeClock(first.deadlines, 'B', new Date('2026-03-06T02:00:00Z'), officialCalendar);
    // Held: 03-04, 03-05 (A) and 03-05, 03-06 (B), overlaps counted once → 3 working days.
    expect(last.shiftDays).toBe(3);
    expect(last.deadlines.committed.lastDay).toBe('2026-03-12');
  });

  it('refuses a second pause by the same department and a resume without a pause', () => {
    const paused = pauseClock(deadlines, { from: '2026-03-03T02:00:00Z', reason: 'testing', by: 'A' });
    expect(() => pauseClock(paused, { from: '2026-03-03T03:00:00Z', reason: 'hearing', by: 'A' })).toThrow(/already stopped/);
    expect(() => resumeClock(deadlines, 'A', new Date(), officialCalendar)).toThrow(/not stopped/);
  });

  it('moves a work item due date by working days, over a weekend', () => {
    // Due end of Friday 2026-03-06; two working days later is Tuesday 03-10.
    expect(shiftDue('2026-03-06T16:00:00.000Z', 2, officialCalendar)).toEqual({ due: '2026-03-10T16:00:00.000Z', lastDay: '2026-03-10' });
    expect(shiftDue('2026-03-06T16:00:00.000Z', 0, officialCalendar).lastDay).toBe('2026-03-06');
  });
});
