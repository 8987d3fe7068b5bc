// A department's work item on a case. Its id is derived from case and department, so a resumed
// execution finds the same work item (with a new task token) and callers keep using the same id.
import * as z from 'zod';
import { pauseReasons, type PauseReason } from './working-days.ts';

export type WorkItemStatus = 'open' | 'decided' | 'closed';

/**
 * approval: a department's review of an accepted case (issue #6). acceptance: the receiving window's
 * formal acceptance of a complete application, for items that require an officer (issue #5).
 */
export type WorkItemKind = 'approval' | 'acceptance';

/** The receiving officer's decision: accept, or refuse to accept (不予受理) with reason and legal basis. */
export const acceptanceDecisionSchema = z.discriminatedUnion('decision', [
  z.strictObject({ decision: z.literal('accept'), opinion: z.string().trim().min(1).max(2000).optional() }),
  z.strictObject({
    decision: z.literal('not-accept'),
    reason: z.string().trim().min(1).max(2000),
    legalBasis: z.string().trim().min(1).max(500),
  }),
]);

export type AcceptanceDecision = z.infer<typeof acceptanceDecisionSchema>;

/**
 * What the acceptance wait answers the workflow: the officer's decision, or deemed (Art. 32) at the
 * instant the sweep judged by, which the acceptance then carries.
 */
export type AcceptanceOutcome = (AcceptanceDecision & { readonly department: string }) | { readonly decision: 'deemed'; readonly at?: string };

export const decisionSchema = z.discriminatedUnion('decision', [
  z.strictObject({ decision: z.literal('approve'), opinion: z.string().trim().min(1).max(2000) }),
  z.strictObject({
    decision: z.literal('refuse'),
    reason: z.string().trim().min(1).max(2000),
    legalBasis: z.string().trim().min(1).max(500),
  }),
]);

export type Decision = z.infer<typeof decisionSchema>;

/** Art. 45 steps a department may stop the clock for (补正 has its own action, request-supplement). */
const suspendReasons = pauseReasons.filter((r): r is Exclude<PauseReason, 'correction'> => r !== 'correction');

/**
 * What a department may do with an open approval work item short of deciding it: ask the applicant
 * for a supplement (only this department then waits; the clock stops until the applicant answers),
 * or stop the clock for an Art. 45 step with the working days it commits to, and restart it.
 */
export const workItemActionSchema = z.discriminatedUnion('decision', [
  z.strictObject({
    decision: z.literal('request-supplement'),
    items: z
      .array(
        z
          .strictObject({
            materialCode: z.string().regex(/^[A-Z0-9-]{1,32}$/).optional(),
            field: z.string().regex(/^[a-z][a-zA-Z0-9]{0,39}$/).optional(),
            detail: z.string().trim().min(1).max(500),
          })
          .refine((i) => (i.materialCode === undefined) !== (i.field === undefined), { message: 'name exactly one of materialCode or field' }),
      )
      .min(1)
      .max(50),
  }),
  z.strictObject({
    decision: z.literal('suspend'),
    reason: z.enum(suspendReasons),
    days: z.number().int().min(1).max(180),
    note: z.string().trim().min(1).max(500),
  }),
  z.strictObject({ decision: z.literal('resume') }),
]);

export type WorkItemAction = z.infer<typeof workItemActionSchema>;

/** Everything an approval work item takes: a decision that closes it, or an action that does not. */
export const approvalRequestSchema = z.discriminatedUnion('decision', [...decisionSchema.options, ...workItemActionSchema.options]);

export const isAction = (body: Decision | WorkItemAction): body is WorkItemAction =>
  body.decision === 'request-supplement' || body.decision === 'suspend' || body.decision === 'resume';

/** What the workflow receives for each department (the SendTaskSuccess output). */
export interface DepartmentDecision {
  readonly department: string;
  readonly decision: Decision;
}

/** The error name a refusing department's task fails with; the ASL catches it by this name. */
export const DEPARTMENT_REFUSED = 'DepartmentRefused';

const SEPARATOR = '~';

/** `<caseNo>~<department>` for approval, `<caseNo>~<department>~acceptance` for acceptance. */
export const workItemId = (caseNo: string, department: string, kind: WorkItemKind = 'approval'): string =>
  `${caseNo}${SEPARATOR}${department}${kind === 'acceptance' ? `${SEPARATOR}acceptance` : ''}`;

export const parseWorkItemId = (id: string): { caseNo: string; department: string; kind: WorkItemKind } | undefined => {
  const match = /^(\d{2}-\d{8}-[0-9A-Z]{10})~([A-Z0-9]{2,16})(~acceptance)?$/.exec(id);
  return match ? { caseNo: match[1] as string, department: match[2] as string, kind: match[3] ? 'acceptance' : 'approval' } : undefined;
};

/** Same decision again → the same answer; a different one → conflict. Canonical comparison of the body. */
export const sameDecision = (a: Decision | AcceptanceDecision, b: Decision | AcceptanceDecision): boolean =>
  JSON.stringify(sortKeys(a)) === JSON.stringify(sortKeys(b));

const sortKeys = (d: Decision | AcceptanceDecision): Record<string, unknown> =>
  Object.fromEntries(Object.entries(d).sort(([x], [y]) => x.localeCompare(y)));

/** All approve → approved; any refusal → refused, with every refusal's reason. */
export const outcomeOf = (
  decisions: readonly DepartmentDecision[],
): { outcome: 'approved' } | { outcome: 'refused'; reasons: Array<{ department: string; reason: string; legalBasis: string }> } => {
  const reasons = decisions.flatMap(({ department, decision }) =>
    decision.decision === 'refuse' ? [{ department, reason: decision.reason, legalBasis: decision.legalBasis }] : [],
  );
  return reasons.length === 0 ? { outcome: 'approved' } : { outcome: 'refused', reasons };
};
