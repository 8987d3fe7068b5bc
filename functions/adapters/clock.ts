// The clock and the working-day calendar handlers use for deadlines (issue #7).
// The clock is the system clock, shifted by CLOCK_OFFSET_MS where that is set: only the local stack
// sets it (its clock control, infra/local/stack.ts); no deployed function has it (an infra test
// checks), so in AWS deadlines always run on real time.
import { officialCalendar, type Calendar } from '#core/calendar.ts';
import { clockFromEnv, type Clock } from '#core/clock.ts';

export const clock: Clock = clockFromEnv(process.env);

/**
 * The calendar deadlines are counted on: the State Council's notices shipped with the code. A
 * province that has to add a year before a release (or regional holidays) will supply years in its
 * config; this is the one place that then becomes createCalendar([...officialCalendarYears, ...]).
 */
export const deadlineCalendar = (): Calendar => officialCalendar;
