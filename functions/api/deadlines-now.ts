// A case's deadlines as the case views show them now (remaining working days and the warning while
// in flight): the applicant's case, the officer's desk and the public tracking page alike.
import { deadlinesView, type DeadlinesView } from '#core/case-deadlines.ts';
import type { CaseRecord } from '#core/case.ts';
import { isFinal } from '#core/case-status.ts';
import { province } from '#adapters/catalogue.ts';
import { clock, deadlineCalendar } from '#adapters/clock.ts';

export const deadlinesNow = (c: Pick<CaseRecord, 'deadlines' | 'status'>, now: Date = clock.now()): DeadlinesView | undefined =>
  c.deadlines
    ? deadlinesView(c.deadlines, { now, inFlight: !isFinal(c.status), yellowWhenRemainingDays: province().supervision.yellowRemainingDays, calendar: deadlineCalendar() })
    : undefined;
