// Workflow task PreReview (预审), run on submission, after every correction round and after the
// receiving officer's decision. It judges the case against the requirement recorded at submission
// and returns the routing field the ASL's IsAccepted choice needs:
//   accepted            → approval (the statutory clock has started)
//   needs-correction    → AwaitCorrection (one consolidated notice went out)
//   awaiting-acceptance → AwaitAcceptance (an officer formally accepts; deemed after 5 working days)
//   not-accepted        → end (不予受理, with the failing condition)
// Its input is the execution state: `acceptance` is what AwaitAcceptance answered (the officer's
// decision, `deemed` from the supervision sweep, or the wait's own timeout error).
// Idempotent: the case status says what was already done; a retry returns the recorded outcome.
import type { CaseRecord } from '#core/case.ts';
import { correctionNoticeOf, dueAfter, noticeSummary, waitSecondsUntil, ACCEPTANCE_DAYS } from '#core/correction.ts';
import type { Requirement } from '#core/guide.ts';
import { preReview, type PreReviewVerdict } from '#core/pre-review.ts';
import type { AcceptanceOutcome } from '#core/work-item.ts';
import { requirementOfCase } from '#adapters/catalogue.ts';
import { checkpointIfClosed } from '#adapters/audit-archive.ts';
import { getApplication, listDocuments, requireCase, transitionCase } from '#adapters/case-store.ts';
import { putWaitItem } from '#adapters/case-waits.ts';
import { citationChecksOf } from '#adapters/citation-checks.ts';
import { clock, deadlineCalendar } from '#adapters/clock.ts';
import { listCommitments } from '#adapters/commitments.ts';
import { publish } from '#adapters/event-bus.ts';
import { acceptCase, notAcceptCase } from './acceptance.ts';

export interface PreReviewInput {
  readonly caseNo: string;
  readonly acceptance?: AcceptanceOutcome | { readonly Error: string; readonly Cause?: string };
}

export type PreReviewOutcome = 'accepted' | 'needs-correction' | 'awaiting-acceptance' | 'not-accepted';

export interface PreReviewOutput {
  readonly outcome: PreReviewOutcome;
  readonly departments: readonly string[];
  /** Departments by approval stage, in sequence; parallel within a stage. */
  readonly stages: ReadonlyArray<readonly string[]>;
  /** Ceiling for each department's wait: calendar days at twice the statutory limit; never infinite. */
  readonly approvalTimeoutSeconds: number;
  /** Backstop timeout of the correction or acceptance wait (the sweep acts at the due date). */
  readonly waitSeconds: number;
}

const actor = { kind: 'system', id: 'PreReview' } as const;

export const handler = async (input: PreReviewInput): Promise<PreReviewOutput> => {
  const current = await requireCase(input.caseNo);
  // Judged by the requirement recorded at submission, not by today's catalogue (issue #3).
  const requirement = await requirementOfCase(current, getApplication);
  const now = clock.now();
  const answer = (outcome: PreReviewOutcome, c: CaseRecord, waitUntil?: string): PreReviewOutput => ({
    outcome,
    departments: c.departments,
    stages: requirement.stages.length ? requirement.stages.map((stage) => stage.departments) : [requirement.departments],
    approvalTimeoutSeconds: requirement.statutoryDays * 2 * 86_400,
    waitSeconds: waitUntil ? waitSecondsUntil(waitUntil, now) : 60,
  });

  switch (current.status) {
    case 'submitted':
      return answer(...(await review(current, requirement, now)));
    case 'awaiting-acceptance': {
      const decided = input.acceptance;
      if (!decided) return answer('awaiting-acceptance', current, current.acceptanceDue?.due);
      if ('decision' in decided && decided.decision === 'not-accept') {
        return answer('not-accepted', await notAcceptCase(current, { reason: decided.reason, legalBasis: decided.legalBasis, by: decided.department, at: now }));
      }
      // The officer accepted, or nobody decided in time: deemed accepted (行政许可法 Art. 32), at
      // the instant the sweep judged by.
      const mode = 'decision' in decided && decided.decision === 'accept' ? 'officer' : 'deemed';
      const by = 'department' in decided ? decided.department : undefined;
      const at = 'decision' in decided && decided.decision === 'deemed' && decided.at ? new Date(decided.at) : now;
      return answer('accepted', await acceptCase(current, requirement, { mode, ...(by ? { by } : {}), at }));
    }
    case 'correcting':
      return answer('needs-correction', current, current.correction?.answerBy.due);
    case 'not-accepted':
    case 'withdrawn':
      // A retry after the case closed: make the checkpoint a crash may have cost.
      await checkpointIfClosed(current);
      return answer('not-accepted', current);
    default:
      return answer('accepted', current);
  }
};

const review = async (current: CaseRecord, requirement: Requirement, now: Date): Promise<[PreReviewOutcome, CaseRecord, string?]> => {
  const application = await getApplication(current.applicationId);
  const [documents, commitments] = await Promise.all([listDocuments(current.applicationId), listCommitments(current.applicationId)]);
  const citations = await citationChecksOf(documents, current.applicant, requirement, now);
  const verdict = preReview({
    requirement,
    applicant: current.applicant,
    formData: application?.formData ?? {},
    documents,
    citations,
    commitments: new Set(commitments.map((c) => c.materialCode)),
    now,
  });
  switch (verdict.outcome) {
    case 'not-eligible':
      return ['not-accepted', await notAcceptCase(current, { reason: verdict.condition, legalBasis: '《中华人民共和国行政许可法》第三十二条', by: 'PreReview', at: now })];
    case 'needs-correction':
      return requestCorrection(current, requirement, verdict, now);
    default:
      if (requirement.manualAcceptance) return awaitOfficer(current, verdict, now);
      return ['accepted', await acceptCase(current, requirement, { mode: 'automatic', at: now, verdict })];
  }
};

const requestCorrection = async (
  current: CaseRecord,
  requirement: Requirement,
  verdict: Extract<PreReviewVerdict, { outcome: 'needs-correction' }>,
  now: Date,
): Promise<[PreReviewOutcome, CaseRecord, string]> => {
  const correctionDays = Math.min(...requirement.items.map((item) => item.correctionDays));
  const notice = correctionNoticeOf({
    round: (current.correction?.round ?? 0) + 1,
    items: verdict.items,
    now,
    correctionDays,
    issuedBy: actor,
    calendar: deadlineCalendar(),
  });
  const at = now.toISOString();
  let wrote = false;
  const next = await transitionCase(current.caseNo, (c) =>
    !(wrote = c.status === 'submitted')
      ? undefined
      : {
          to: 'correcting',
          set: { correction: notice },
          audit: { at, actor, action: 'CorrectionRequested', summary: noticeSummary(notice), from: c.status, to: 'correcting', data: { notice } },
          // The wait the sweep expires at the answer date; AwaitCorrection adds the task token.
          also: [putWaitItem({ caseNo: c.caseNo, province: c.province, kind: 'correction', due: notice.answerBy.due, openedAt: at })],
        },
  );
  if (wrote) {
    await publish('CorrectionRequested', {
      caseNo: next.caseNo,
      province: next.province,
      at,
      round: notice.round,
      items: notice.items.map(({ materialCode, field, problem, detail }) => ({ ...(materialCode ? { materialCode } : {}), ...(field ? { field } : {}), problem, detail })),
      answerBy: notice.answerBy.due,
    });
  }
  return ['needs-correction', next, next.correction?.answerBy.due ?? notice.answerBy.due];
};

/** Complete, but the item wants an officer's formal acceptance: the case waits for the window. */
const awaitOfficer = async (
  current: CaseRecord,
  verdict: Extract<PreReviewVerdict, { outcome: 'complete' | 'accept-with-deficiency' }>,
  now: Date,
): Promise<[PreReviewOutcome, CaseRecord, string]> => {
  const at = now.toISOString();
  const due = dueAfter(now, ACCEPTANCE_DAYS, '受理期限', deadlineCalendar());
  const next = await transitionCase(current.caseNo, (c) =>
    c.status !== 'submitted'
      ? undefined
      : {
          to: 'awaiting-acceptance',
          set: { acceptanceDue: due, satisfiedBy: verdict.satisfiedBy, ...(verdict.outcome === 'accept-with-deficiency' ? { deficiencies: verdict.deficiencies } : {}) },
          audit: {
            at,
            actor,
            action: 'AcceptanceRequested',
            summary: `材料齐全，待窗口受理；${due.lastDay} 前未作决定的，视为受理（行政许可法第三十二条）`,
            from: c.status,
            to: 'awaiting-acceptance',
            data: { due: due.due, dueLastDay: due.lastDay },
          },
        },
  );
  return ['awaiting-acceptance', next, due.due];
};
