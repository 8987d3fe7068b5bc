// Workflow task PreReview: checks the materials of a submitted case and accepts it or not.
// Idempotent: a retried invocation on a case already reviewed returns the recorded outcome.
// On acceptance the case gets its statutory and committed deadlines (issue #7), explained in the
// acceptance's audit entry, and its supervision record (adapters/supervision.ts), in one transaction.
import { acceptanceSummary, caseDeadlinesOf, type CaseDeadlines } from '#core/case-deadlines.ts';
import type { CaseRecord } from '#core/case.ts';
import type { Requirement } from '#core/guide.ts';
import { preReview } from '#core/pre-review.ts';
import { requirementOfCase } from '#adapters/catalogue.ts';
import { getApplication, listDocuments, requireCase, transitionCase } from '#adapters/case-store.ts';
import { clock, deadlineCalendar } from '#adapters/clock.ts';
import { publish } from '#adapters/event-bus.ts';
import { putSupervisionItem, type SupervisionRecord } from '#adapters/supervision.ts';

export interface PreReviewInput {
  readonly caseNo: string;
}

export interface PreReviewOutput {
  readonly outcome: 'accepted' | 'not-accepted';
  readonly departments: readonly string[];
  /** Departments by approval stage, in sequence; parallel within a stage. */
  readonly stages: ReadonlyArray<readonly string[]>;
  /** Ceiling for each department's wait. Calendar days at twice the statutory limit until the
   * working-day clock (issue #7) derives it from the real deadline; never infinite. */
  readonly approvalTimeoutSeconds: number;
}

export const handler = async ({ caseNo }: PreReviewInput): Promise<PreReviewOutput> => {
  const submitted = await requireCase(caseNo);
  // Judged by the requirement recorded at submission, not by today's catalogue (issue #3).
  const requirement = await requirementOfCase(submitted, getApplication);
  const approvalTimeoutSeconds = requirement.statutoryDays * 2 * 86_400;
  const stages = requirement.stages.length ? requirement.stages.map((stage) => stage.departments) : [requirement.departments];
  if (submitted.status !== 'submitted') {
    return { outcome: submitted.status === 'not-accepted' ? 'not-accepted' : 'accepted', departments: submitted.departments, stages, approvalTimeoutSeconds };
  }
  const result = preReview(requirement, await listDocuments(submitted.applicationId));
  const now = clock.now();
  const at = now.toISOString();
  const actor = { kind: 'system', id: 'PreReview' } as const;
  // 行政许可法 Art. 32/42: the limits run from acceptance.
  const deadlines = caseDeadlinesOf(now, requirement, deadlineCalendar());
  const next = await transitionCase(caseNo, (current) =>
    current.status !== 'submitted'
      ? undefined
      : result.outcome === 'accepted'
        ? {
            to: 'accepted',
            set: { deadlines },
            audit: {
              at,
              actor,
              action: 'CaseAccepted',
              summary: acceptanceSummary(deadlines),
              from: 'submitted',
              to: 'accepted',
              data: { deadlines: auditDeadlines(deadlines) },
            },
            also: [putSupervisionItem(supervisionRecordOf(current, requirement, deadlines))],
          }
        : {
            to: 'not-accepted',
            set: { deficiencies: result.deficiencies },
            audit: {
              at,
              actor,
              action: 'CaseNotAccepted',
              summary: `材料不全，不予受理：${result.deficiencies.map((d) => d.detail).join('；')}`,
              from: 'submitted',
              to: 'not-accepted',
            },
          },
  );
  if (result.outcome === 'accepted') {
    await publish('CaseAccepted', { caseNo, province: next.province, at, departments: [...next.departments] });
  } else {
    await publish('CaseNotAccepted', { caseNo, province: next.province, at, deficiencies: [...result.deficiencies] });
  }
  return { outcome: result.outcome, departments: next.departments, stages, approvalTimeoutSeconds };
};

/** What the acceptance's audit entry keeps of each deadline: the limit, the due date and why. */
const auditDeadlines = (d: CaseDeadlines) =>
  Object.fromEntries(
    (['statutory', 'committed'] as const).map((kind) => {
      const { limitDays, basis, due, lastDay, provisionalYears, explanation } = d[kind];
      return [kind, { limitDays, basis, due, lastDay, ...(provisionalYears.length ? { provisionalYears } : {}), explanation }];
    }),
  );

const supervisionRecordOf = (c: CaseRecord, requirement: Requirement, deadlines: CaseDeadlines): SupervisionRecord => ({
  caseNo: c.caseNo,
  province: c.province,
  itemCode: c.itemCode,
  subjectCode: requirement.subject.code,
  departments: [...requirement.departments],
  leadDepartment: requirement.items.find((item) => item.code === requirement.leadItem)?.departments[0] ?? requirement.departments[0] ?? c.departments[0] ?? '',
  acceptedAt: deadlines.acceptedAt,
  committedDue: deadlines.committed.due,
  committedLastDay: deadlines.committed.lastDay,
  committedDays: deadlines.committed.limitDays,
  statutoryDue: deadlines.statutory.due,
  statutoryDays: deadlines.statutory.limitDays,
  // No delivery choice: the result is the e-licence or notice online.
  deliveryMethod: c.delivery?.method ?? 'online',
  visits: requirement.visits,
});
