// Stopping and restarting a case's clock after acceptance (不计时环节, 行政许可法 Art. 45): a
// department's expert review, site inspection, hearing, testing …, or a supplement it asked the
// applicant for (补正). While a pause is open no deadline of the case moves closer and no warning is
// raised; when it closes, both limits are counted again with every pause, and each due date moves
// by the working days the pauses held, explained line by line for the timeline.
import { shanghaiDate, type Calendar, type CalendarDate } from './calendar.ts';
import type { CaseDeadlines, DeadlineRecord } from './case-deadlines.ts';
import { Conflict } from './errors.ts';
import { addWorkingDays, deadlineOf, type PauseReason } from './working-days.ts';

/** A pause as the case keeps it (ISO instants). */
export interface StoredPause {
  readonly from: string;
  readonly to?: string;
  readonly reason: PauseReason;
  /** The department that stopped the clock. */
  readonly by: string;
  /** Working days the department committed the step would take (Art. 45: told to the applicant). */
  readonly committedDays?: number;
}

export const isClockPaused = (deadlines: CaseDeadlines | undefined): boolean => (deadlines?.pauses ?? []).some((p) => p.to === undefined);

export const openPauseBy = (deadlines: CaseDeadlines, by: string): StoredPause | undefined =>
  (deadlines.pauses ?? []).find((p) => p.to === undefined && p.by === by);

/** Stops the clock for `pause`; a department can hold one pause at a time. */
export const pauseClock = (deadlines: CaseDeadlines, pause: StoredPause): CaseDeadlines => {
  if (openPauseBy(deadlines, pause.by)) throw new Conflict(`${pause.by} has already stopped the clock of this case`);
  return { ...deadlines, pauses: [...(deadlines.pauses ?? []), pause] };
};

const recount = (record: DeadlineRecord, pauses: readonly StoredPause[], calendar: Calendar): { record: DeadlineRecord; pausedDays: number } => {
  const deadline = deadlineOf({
    start: new Date(record.start),
    limitDays: record.limitDays,
    limitBasis: record.basis,
    pauses: pauses.map((p) => ({ from: new Date(p.from), to: p.to === undefined ? undefined : new Date(p.to), reason: p.reason })),
    calendar,
  });
  if (!deadline.due || !deadline.lastDay) return { record, pausedDays: deadline.pausedDays }; // another pause still open
  return {
    record: { ...record, due: deadline.due.toISOString(), lastDay: deadline.lastDay, provisionalYears: deadline.provisionalYears, explanation: deadline.explanation },
    pausedDays: deadline.pausedDays,
  };
};

/**
 * Closes `by`'s open pause at `at` and counts both limits again. While another department's pause
 * is still open the due dates stay as they were (they move when the last pause closes).
 * `shiftDays`: how many working days the committed due date moved, to move work items alike.
 */
export const resumeClock = (
  deadlines: CaseDeadlines,
  by: string,
  at: Date,
  calendar: Calendar,
): { readonly deadlines: CaseDeadlines; readonly shiftDays: number; readonly pause: StoredPause } => {
  const open = openPauseBy(deadlines, by);
  if (!open) throw new Conflict(`${by} has not stopped the clock of this case`);
  const closed: StoredPause = { ...open, to: at.toISOString() };
  const pauses = (deadlines.pauses ?? []).map((p) => (p === open ? closed : p));
  const statutory = recount(deadlines.statutory, pauses, calendar);
  const committed = recount(deadlines.committed, pauses, calendar);
  const stillStopped = pauses.some((p) => p.to === undefined);
  // Work items move by the paused working days not applied to them yet (a pause that closed while
  // another was open is applied when the last one closes).
  const applied = deadlines.appliedPausedDays ?? 0;
  const shiftDays = stillStopped ? 0 : Math.max(0, committed.pausedDays - applied);
  return {
    deadlines: { ...deadlines, statutory: statutory.record, committed: committed.record, pauses, appliedPausedDays: stillStopped ? applied : committed.pausedDays },
    shiftDays,
    pause: closed,
  };
};

/** A work item's due date moved by the working days the case's clock stood still. */
export const shiftDue = (due: string, days: number, calendar: Calendar): { due: string; lastDay: CalendarDate } => {
  if (days <= 0) return { due, lastDay: shanghaiDate(new Date(Date.parse(due) - 1)) };
  // `due` is 00:00 Shanghai after the last day: the last day itself is the start to count from.
  const shifted = addWorkingDays(new Date(Date.parse(due) - 1), days, calendar);
  return { due: shifted.due.toISOString(), lastDay: shifted.lastDay };
};
