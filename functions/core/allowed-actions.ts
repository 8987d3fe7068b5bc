// What a department may do with one of its work items right now: the buttons of the department
// desk (issue #16), from the same rules POST /work-items/{id}/decision enforces.
import type { WorkItemKind, WorkItemStatus } from './work-item.ts';

export type WorkItemDecisionName = 'approve' | 'refuse' | 'request-supplement' | 'suspend' | 'resume' | 'accept' | 'not-accept';

export interface ActionableWorkItem {
  readonly kind?: WorkItemKind;
  readonly status: WorkItemStatus;
  readonly supplement?: { readonly answeredAt?: string };
  readonly suspension?: { readonly resumedAt?: string };
}

export const allowedActions = (item: ActionableWorkItem, caseClosed: boolean): WorkItemDecisionName[] => {
  if (item.status !== 'open' || caseClosed) return [];
  if ((item.kind ?? 'approval') === 'acceptance') return ['accept', 'not-accept'];
  // 补正: nothing until the applicant answers; an Art. 45 stop: only restarting the clock.
  if (item.supplement && !item.supplement.answeredAt) return [];
  if (item.suspension && !item.suspension.resumedAt) return ['resume'];
  return ['approve', 'refuse', 'request-supplement', 'suspend'];
};
