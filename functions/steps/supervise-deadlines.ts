// 电子监察 sweep (issue #7): finds open work items and in-flight cases approaching or past their
// deadline and raises each warning level once. Invoked on a schedule (infra/functions.ts
// `schedule`: EventBridge Scheduler in AWS, a timer in the local stack); the local stack can also
// run `superviseDeadlines` on demand at a given instant for a given set of cases (its control
// endpoint), which the deployed handler cannot: it always sweeps the whole province at clock.now().
//
// Access paths, never a scan:
// - work items: per department of the province config, the byDepartmentDue index (DEPT#<code>,
//   sort key `<due>#<id>`) up to the sweep's horizon (core/supervision.ts sweepHorizon);
// - cases: the same index, partition CASEDUE#<province> (adapters/supervision.ts), up to the horizon.
//
// Once per level: the level reached is a marker on the work item (or the case's supervision
// record), written in ONE transaction with the case's audit entry and conditional on the marker,
// so concurrent or repeated sweeps raise it once. Then the DeadlineWarning event is published
// (notifySupervisor sends the signed webhook from it) and the marker notes it went out; a sweep that
// stopped in between is completed by the next one (the event is then at least once).
import type { Context } from 'aws-lambda';
import { shanghaiDate } from '#core/calendar.ts';
import { isFinal } from '#core/case-status.ts';
import { isClockPaused } from '#core/clock-pause.ts';
import { Conflict } from '#core/errors.ts';
import { sweepHorizon, warningSummary, warningToRaise, type RaisedLevel, type WarningMarker, type WarningSubject } from '#core/supervision.ts';
import { remaining, warningLevel } from '#core/working-days.ts';
import { province } from '#adapters/catalogue.ts';
import { getCase, transitionCase, type Transition } from '#adapters/case-store.ts';
import { clock, deadlineCalendar } from '#adapters/clock.ts';
import { publish } from '#adapters/event-bus.ts';
import { leaveDueIndex, listCasesDueBy, markCaseWarningPublished, warnCaseItem, type SupervisionRecord } from '#adapters/supervision.ts';
import { listOpenWorkItemsDueBy, markWorkItemWarningPublished, warnWorkItemItem, type WorkItemRecord } from '#adapters/work-items.ts';
import { log } from '#middleware/logger.ts';
import { expireWaits, type WaitsReport } from './expire-waits.ts';

export interface SweepOptions {
  /** The instant the sweep judges by. */
  readonly now: Date;
  /** Only these cases (the local stack's on-demand sweep, so tests never touch each other's cases). @default all */
  readonly caseNos?: ReadonlySet<string>;
}

export interface RaisedWarning {
  readonly subject: WarningSubject;
  readonly caseNo: string;
  readonly workItemId?: string;
  readonly department: string;
  readonly level: RaisedLevel;
  readonly due: string;
  readonly remainingDays: number;
}

export interface SweepReport {
  readonly at: string;
  /** Due dates up to this instant were looked at. */
  readonly horizon: string;
  readonly examined: { readonly workItems: number; readonly cases: number };
  readonly raised: readonly RaisedWarning[];
  /** Events of warnings raised earlier whose publication a stopped sweep had left undone. */
  readonly republished: number;
  /** Finished cases taken out of the due-date index. */
  readonly leftIndex: number;
  /** What the pre-review waits that ran out led to (functions/steps/expire-waits.ts). */
  readonly waits: WaitsReport;
}

/** A due date under supervision: a work item or a case (its committed deadline). */
interface Watched {
  readonly subject: WarningSubject;
  readonly caseNo: string;
  readonly workItemId?: string;
  readonly department: string;
  readonly due: string;
  readonly marker: WarningMarker | undefined;
  readonly published: RaisedLevel | undefined;
  /** The marker update, written with the audit entry. */
  readonly markerItem: (warning: WarningMarker) => NonNullable<Transition['also']>[number];
  readonly markPublished: (warning: WarningMarker) => Promise<void>;
}

const ACTOR = { kind: 'system', id: 'SuperviseDeadlines' } as const;
const CONCURRENCY = 8;

const markerOf = (r: { warningLevel?: RaisedLevel | undefined; warningDue?: string | undefined }): WarningMarker | undefined =>
  r.warningLevel && r.warningDue ? { level: r.warningLevel, due: r.warningDue } : undefined;

const watchedWorkItem = (w: WorkItemRecord & { due: string }): Watched => ({
  subject: 'work-item',
  caseNo: w.caseNo,
  workItemId: w.id,
  department: w.department,
  due: w.due,
  marker: markerOf(w),
  published: w.warningPublished,
  markerItem: (warning) => warnWorkItemItem(w, warning),
  markPublished: (warning) => markWorkItemWarningPublished(w, warning),
});

const watchedCase = (r: SupervisionRecord): Watched => ({
  subject: 'case',
  caseNo: r.caseNo,
  department: r.leadDepartment,
  due: r.committedDue,
  marker: markerOf(r),
  published: r.warningPublished,
  markerItem: (warning) => warnCaseItem(r.caseNo, warning),
  markPublished: (warning) => markCaseWarningPublished(r.caseNo, warning),
});

/** Runs `work` over `items`, at most `limit` at a time. */
const eachLimited = async <T>(items: readonly T[], limit: number, work: (item: T) => Promise<void>): Promise<void> => {
  let next = 0;
  const lanes = Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) await work(items[next++] as T);
  });
  await Promise.all(lanes);
};

export const superviseDeadlines = async ({ now, caseNos }: SweepOptions): Promise<SweepReport> => {
  const config = province();
  const threshold = config.supervision.yellowRemainingDays;
  const calendar = deadlineCalendar();
  const horizon = sweepHorizon(now, threshold, calendar);
  const at = now.toISOString();
  const inScope = (caseNo: string): boolean => caseNos === undefined || caseNos.has(caseNo);
  const raised: RaisedWarning[] = [];
  let republished = 0;
  let leftIndex = 0;

  const publishWarning = async (w: Watched, level: RaisedLevel, itemCode: string): Promise<number> => {
    const due = new Date(w.due);
    const remainingDays = remaining({ now, due, calendar }).days;
    await publish('DeadlineWarning', {
      caseNo: w.caseNo,
      province: config.code,
      at,
      subject: w.subject,
      level,
      department: w.department,
      ...(w.workItemId ? { workItemId: w.workItemId } : {}),
      itemCode,
      due: w.due,
      dueLastDay: shanghaiDate(new Date(due.getTime() - 1)),
      remainingDays,
    });
    return remainingDays;
  };

  const supervise = async (w: Watched, itemCode: string): Promise<void> => {
    const due = new Date(w.due);
    const level = warningLevel({ now, due, yellowWhenRemainingDays: threshold, calendar });
    const raise = warningToRaise(w.marker, w.due, level);
    if (!raise) {
      // Raised by a sweep that stopped before its event went out: send it now.
      if (w.marker?.due === w.due && w.published !== w.marker.level) {
        await publishWarning(w, w.marker.level, itemCode);
        await w.markPublished(w.marker);
        republished += 1;
      }
      return;
    }
    const warning = { level: raise, due: w.due };
    const remainingDays = remaining({ now, due, calendar }).days;
    const lastDay = shanghaiDate(new Date(due.getTime() - 1));
    let written = false;
    try {
      await transitionCase(w.caseNo, (current) => {
        // While a department has stopped the clock (Art. 45, or a supplement) no deadline comes closer.
        written = !isFinal(current.status) && !isClockPaused(current.deadlines);
        if (!written) return undefined;
        return {
          audit: {
            at,
            actor: ACTOR,
            action: 'DeadlineWarning',
            summary: warningSummary({ subject: w.subject, level: raise, department: w.department, lastDay, remainingDays }),
            data: { subject: w.subject, level: raise, department: w.department, ...(w.workItemId ? { workItemId: w.workItemId } : {}), due: w.due, remainingDays },
          },
          also: [w.markerItem(warning)],
        };
      });
    } catch (error) {
      // The marker's condition failed: another sweep raised this level first, or the work item
      // was decided meanwhile. Either way there is nothing left to raise.
      if (error instanceof Conflict) {
        log.info('warning not raised: settled meanwhile', { caseNo: w.caseNo, workItemId: w.workItemId, level: raise });
        return;
      }
      throw error;
    }
    if (!written) return;
    await publishWarning(w, raise, itemCode);
    await w.markPublished(warning);
    raised.push({ subject: w.subject, caseNo: w.caseNo, ...(w.workItemId ? { workItemId: w.workItemId } : {}), department: w.department, level: raise, due: w.due, remainingDays });
  };

  const workItems = (await Promise.all(config.departments.map((d) => listOpenWorkItemsDueBy(d.code, horizon))))
    .flat()
    .filter((w): w is WorkItemRecord & { due: string } => w.due !== undefined && inScope(w.caseNo));
  await eachLimited(workItems, CONCURRENCY, (w) => supervise(watchedWorkItem(w), w.itemCode));

  const cases = (await listCasesDueBy(config.code, horizon)).filter((r) => inScope(r.caseNo));
  await eachLimited(cases, CONCURRENCY, async (record) => {
    const current = await getCase(record.caseNo);
    if (!current || isFinal(current.status)) {
      await leaveDueIndex(record.caseNo);
      leftIndex += 1;
      return;
    }
    await supervise(watchedCase(record), record.itemCode);
  });

  // Issue #5: correction windows, 容缺 promises and acceptance limits that ran out.
  const waits = await expireWaits({ now, ...(caseNos ? { caseNos } : {}) });

  return { at, horizon: horizon.toISOString(), examined: { workItems: workItems.length, cases: cases.length }, raised, republished, leftIndex, waits };
};

/** The scheduled invocation: the whole province, on the clock. Its input is ignored. */
export const handler = async (_event: unknown, context: Context): Promise<Omit<SweepReport, 'raised'> & { raised: number }> => {
  const report = await superviseDeadlines({ now: clock.now() });
  const summary = { ...report, raised: report.raised.length };
  log.info('supervision sweep', { requestId: context.awsRequestId, ...summary });
  return summary;
};
