// A department's work item on a case. Its id is derived from case and department, so a resumed
// execution finds the same work item (with a new task token) and callers keep using the same id.
import { z } from 'zod';

export type WorkItemStatus = 'open' | 'decided' | 'closed';

export const decisionSchema = z.discriminatedUnion('decision', [
  z.strictObject({ decision: z.literal('approve'), opinion: z.string().trim().min(1).max(2000) }),
  z.strictObject({
    decision: z.literal('refuse'),
    reason: z.string().trim().min(1).max(2000),
    legalBasis: z.string().trim().min(1).max(500),
  }),
]);

export type Decision = z.infer<typeof decisionSchema>;

/** What the workflow receives for each department (the SendTaskSuccess output). */
export interface DepartmentDecision {
  readonly department: string;
  readonly decision: Decision;
}

/** The error name a refusing department's task fails with; the ASL catches it by this name. */
export const DEPARTMENT_REFUSED = 'DepartmentRefused';

const SEPARATOR = '~';

export const workItemId = (caseNo: string, department: string): string => `${caseNo}${SEPARATOR}${department}`;

export const parseWorkItemId = (id: string): { caseNo: string; department: string } | undefined => {
  const match = /^(\d{2}-\d{8}-[0-9A-Z]{10})~([A-Z0-9]{2,16})$/.exec(id);
  return match ? { caseNo: match[1] as string, department: match[2] as string } : undefined;
};

/** Same decision again → the same answer; a different one → conflict. Canonical comparison of the body. */
export const sameDecision = (a: Decision, b: Decision): boolean => JSON.stringify(sortKeys(a)) === JSON.stringify(sortKeys(b));

const sortKeys = (d: Decision): Record<string, unknown> =>
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
