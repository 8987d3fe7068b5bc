// The waits of pre-review, each with a due date in working days so that 电子监察 can act on it:
//   - a correction notice (一次性告知): the applicant corrects within the item's correction window,
//     or the application is deemed withdrawn (视为撤回);
//   - a 容缺 acceptance: the missing materials are promised by a date; the licence waits for them;
//   - a manual acceptance: 行政许可法 Art. 32 — an authority that does not decide within 5 days of
//     receiving a complete application is deemed to have accepted it (逾期不告知的，自收到申请材料之日起即为受理).
import type { Calendar, CalendarDate } from './calendar.ts';
import type { NoticeItem } from './pre-review.ts';
import { deadlineOf } from './working-days.ts';

/** 行政许可法 Art. 32: days the receiving window has to accept or refuse (working days, 实施条例 practice). */
export const ACCEPTANCE_DAYS = 5;

/** A due date as the case stores it: the exclusive instant and the last working day. */
export interface DueDate {
  readonly due: string;
  readonly lastDay: CalendarDate;
}

/** The one consolidated correction notice of a round. */
export interface CorrectionNotice {
  /** 1 for the first notice; a new round after every answer that still falls short. */
  readonly round: number;
  readonly issuedAt: string;
  /** Who asked: the automatic pre-review, or the receiving officer. */
  readonly issuedBy: { readonly kind: 'system' | 'department'; readonly id: string };
  readonly items: readonly NoticeItem[];
  readonly answerBy: DueDate;
}

export const dueAfter = (start: Date, days: number, basis: string, calendar: Calendar): DueDate => {
  const deadline = deadlineOf({ start, limitDays: days, limitBasis: basis, calendar });
  // No pauses, so a due date always exists.
  return { due: (deadline.due as Date).toISOString(), lastDay: deadline.lastDay as CalendarDate };
};

export const correctionNoticeOf = (input: {
  readonly round: number;
  readonly items: readonly NoticeItem[];
  readonly now: Date;
  readonly correctionDays: number;
  readonly issuedBy: CorrectionNotice['issuedBy'];
  readonly calendar: Calendar;
}): CorrectionNotice => ({
  round: input.round,
  issuedAt: input.now.toISOString(),
  issuedBy: input.issuedBy,
  items: input.items,
  answerBy: dueAfter(input.now, input.correctionDays, '补正期限', input.calendar),
});

/** The timeline line of a notice: everything at once, each with what to do. */
export const noticeSummary = (notice: CorrectionNotice): string =>
  `一次性告知补正（第 ${notice.round} 次）：${notice.items.map((i) => i.detail).join('；')}；请于 ${notice.answerBy.lastDay} 前补正，逾期视为撤回申请`;

/**
 * How long the workflow's wait may last before its own timeout fires: until the due date plus a
 * day. The supervision sweep acts at the due date on the working-day clock; the timeout is only the
 * backstop should no sweep run (never infinite, DESIGN: every wait has a timeout).
 */
export const waitSecondsUntil = (due: string, now: Date): number =>
  Math.max(60, Math.ceil((Date.parse(due) - now.getTime()) / 1000) + 86_400);

/** What an answer changed between two rounds, for the timeline (names only, never file content). */
export const roundChanges = (input: {
  readonly materials: readonly string[];
  readonly fields: readonly string[];
  readonly commitments: readonly string[];
  readonly names: ReadonlyMap<string, string>;
}): string[] => {
  const name = (code: string): string => input.names.get(code) ?? code;
  return [
    ...(input.materials.length ? [`补交材料：${input.materials.map(name).join('、')}`] : []),
    ...(input.fields.length ? [`修改表单：${input.fields.map(name).join('、')}`] : []),
    ...(input.commitments.length ? [`签署告知承诺：${input.commitments.map(name).join('、')}`] : []),
  ];
};
