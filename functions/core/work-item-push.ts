// Pushing a new work item to its department: what is sent, when a failed try is worth repeating,
// how long to wait before the next one, and what is recorded. Pure: the HTTP and the store are in
// functions/adapters/webhook.ts and functions/steps/push-work-item.ts.

/**
 * The push body. Ids and the item only: no task token (it never leaves the platform) and nothing
 * about the applicant (the department reads the case through its own authorised channel).
 */
export interface WorkItemPush {
  readonly workItemId: string;
  /** approval, or the receiving window's formal acceptance (decided with accept / not-accept). */
  readonly kind: 'approval' | 'acceptance';
  readonly caseNo: string;
  readonly department: string;
  readonly itemCode: string;
  readonly itemName: string;
  readonly openedAt: string;
  /** Where the department POSTs its signed decision (relative to the platform's API). */
  readonly decisionPath: string;
  /** 告知承诺制: materials replaced by the applicant's signed commitment, for the department to weigh. */
  readonly committed?: readonly string[];
  /** Set when the applicant answered this department's supplement: the item is back for review. */
  readonly supplementAnsweredAt?: string;
}

export const pushBodyOf = (item: {
  readonly id: string;
  readonly kind?: 'approval' | 'acceptance';
  readonly committed?: readonly string[];
  readonly supplement?: { readonly answeredAt?: string };
  readonly caseNo: string;
  readonly department: string;
  readonly itemCode: string;
  readonly itemName: string;
  readonly openedAt: string;
}): WorkItemPush => ({
  workItemId: item.id,
  kind: item.kind ?? 'approval',
  caseNo: item.caseNo,
  department: item.department,
  itemCode: item.itemCode,
  itemName: item.itemName,
  openedAt: item.openedAt,
  decisionPath: `/work-items/${item.id}/decision`,
  ...(item.committed?.length ? { committed: item.committed } : {}),
  ...(item.supplement?.answeredAt ? { supplementAnsweredAt: item.supplement.answeredAt } : {}),
});

/** What the work item records about its push; no record means not (yet) pushed. */
export type Delivery =
  | { readonly status: 'delivered'; readonly attempts: number; readonly at: string }
  | { readonly status: 'undelivered'; readonly attempts: number; readonly at: string; readonly lastError: string };

/** The error name a push that used up its tries fails with (the invocation then goes to the DLQ). */
export const WEBHOOK_UNDELIVERED = 'WebhookUndelivered';

/**
 * Only a server error, a timeout or "slow down" may pass on a retry (RFC 9110 §15.5.9, RFC 8470,
 * RFC 6585 §4). Any other 4xx (bad signature, unknown path) and any redirect answer the same next
 * time: the push stops at once and is recorded undelivered with that answer.
 */
export const isRetryableStatus = (status: number): boolean => status >= 500 || status === 408 || status === 425 || status === 429;

/**
 * The wait before try `retry + 1` after `retry` failures (retry >= 1): exponential backoff with
 * "equal jitter" (AWS Architecture Blog, "Exponential Backoff And Jitter"): half of the doubled
 * delay is kept, the other half is random, so departments recovering from an outage are not hit by
 * every platform retry in the same instant, yet no retry comes sooner than half its step.
 * @param random a number in [0, 1), e.g. Math.random()
 */
export const backoffDelay = (retry: number, baseMs: number, random: number, capMs = 30_000): number => {
  const step = Math.min(capMs, baseMs * 2 ** (Math.max(1, retry) - 1));
  return Math.round(step / 2 + (step / 2) * Math.min(Math.max(random, 0), 1));
};
