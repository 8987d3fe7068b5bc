// Workflow task PreReview: checks the materials of a submitted case and accepts it or not.
// Idempotent: a retried invocation on a case already reviewed returns the recorded outcome.
import { preReview } from '#core/pre-review.ts';
import { requirementOfCase } from '#adapters/catalogue.ts';
import { getApplication, listDocuments, requireCase, transitionCase } from '#adapters/case-store.ts';
import { publish } from '#adapters/event-bus.ts';

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
  const at = new Date().toISOString();
  const actor = { kind: 'system', id: 'PreReview' } as const;
  const next = await transitionCase(caseNo, (current) =>
    current.status !== 'submitted'
      ? undefined
      : result.outcome === 'accepted'
        ? { to: 'accepted', audit: { at, actor, action: 'CaseAccepted', summary: '材料齐全，已受理', from: 'submitted', to: 'accepted' } }
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
