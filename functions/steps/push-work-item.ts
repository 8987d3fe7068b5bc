// WorkItemOpened (EventBridge rule; locally a bus subscription) → push the new work item to the
// department's webhook, signed with the department's key. Retries with backoff happen inside this
// one invocation, so the behaviour is the same locally and in AWS; after the last try the work item
// records `undelivered` with an audit entry on the case, and the invocation fails with
// WebhookUndelivered, which sends the event to the dead-letter queue (infra/constructs/event-trigger.ts).
// The department can always pull its inbox instead; the case itself is never affected.
//
// Idempotent, as EventBridge delivers at least once: an event for a work item already delivered,
// decided or closed does nothing. Two copies arriving at the same moment may both push, so a
// department treats `workItemId` as the key of a push (README, "Department integration").
import type { Context, EventBridgeEvent } from 'aws-lambda';
import { pushBodyOf, WEBHOOK_UNDELIVERED, type Delivery } from '#core/work-item-push.ts';
import { Conflict } from '#core/errors.ts';
import { eventContracts } from '#events/contracts.ts';
import { transitionCase } from '#adapters/case-store.ts';
import { config } from '#adapters/config.ts';
import { departmentKey } from '#adapters/department-keys.ts';
import { pushWithRetry, webhookUrlOf } from '#adapters/webhook.ts';
import { parseWorkItemId } from '#core/work-item.ts';
import { getWorkItem, recordDelivered, recordUndeliveredItem, type WorkItemRecord } from '#adapters/work-items.ts';
import { clock } from '#adapters/clock.ts';
import { log } from '#middleware/logger.ts';

/** How long one try may take. Five tries with backoff then fit well inside the 60 s timeout. */
const TRY_TIMEOUT_MS = 5_000;
/** Kept back from the function's time for recording the outcome. */
const RECORDING_RESERVE_MS = 5_000;

/** Thrown after the last try, so the invocation fails and its event is dead-lettered. */
export class WebhookUndelivered extends Error {
  override name = WEBHOOK_UNDELIVERED;
}

// Pushed once; again when the applicant answered this department's supplement after that push.
const isPushable = (item: WorkItemRecord | undefined): boolean =>
  item?.status === 'open' &&
  (item.delivery?.status !== 'delivered' || (item.supplement?.answeredAt !== undefined && item.supplement.answeredAt > item.delivery.at));

const recordUndelivered = async (item: WorkItemRecord, delivery: Delivery & { status: 'undelivered' }): Promise<'recorded' | 'delivered-meanwhile'> => {
  try {
    await transitionCase(item.caseNo, () => ({
      audit: {
        at: delivery.at,
        actor: { kind: 'system', id: 'PushWorkItem' },
        action: 'WorkItemUndelivered',
        summary: `审批任务未能推送至 ${item.department}（已尝试 ${delivery.attempts} 次），部门仍可通过待办列表获取`,
        data: { workItemId: item.id, department: item.department, attempts: delivery.attempts, lastError: delivery.lastError },
      },
      also: [recordUndeliveredItem(item, delivery)],
    }));
    return 'recorded';
  } catch (error) {
    // The work item's condition failed: another copy of the event delivered it meanwhile.
    if (error instanceof Conflict && (await getWorkItem(item.caseNo, item.department, item.kind))?.delivery?.status === 'delivered') return 'delivered-meanwhile';
    throw error;
  }
};

export const handler = async (event: EventBridgeEvent<'WorkItemOpened', unknown>, context: Context): Promise<void> => {
  const { caseNo, department, workItemId } = eventContracts.WorkItemOpened.parse(event.detail);
  const fields = { caseNo, workItemId, department, requestId: context.awsRequestId };
  const item = await getWorkItem(caseNo, department, parseWorkItemId(workItemId)?.kind);
  if (!item || !isPushable(item)) {
    log.info('push skipped: the work item is not open or already delivered', { ...fields, status: item?.status, delivery: item?.delivery?.status });
    return;
  }
  const url = webhookUrlOf(department);
  if (!url) {
    log.info('push skipped: the department has no webhook (pull only)', fields);
    return;
  }

  const key = await departmentKey(department);
  const { PUSH_ATTEMPTS, PUSH_BACKOFF_MS } = config();
  const outcome = key
    ? await pushWithRetry(
        { url, department, key, body: JSON.stringify(pushBodyOf(item)) },
        {
          attempts: PUSH_ATTEMPTS,
          backoffMs: PUSH_BACKOFF_MS,
          timeoutMs: TRY_TIMEOUT_MS,
          remainingMs: () => context.getRemainingTimeInMillis() - RECORDING_RESERVE_MS,
        },
        (attempt, error) => log.info('push try failed', { ...fields, attempt, error }),
      )
    : ({ delivered: false, attempts: 0, lastError: 'the department has no signing key' } as const);
  const at = clock.now().toISOString();

  if (outcome.delivered) {
    await recordDelivered(item, { status: 'delivered', attempts: outcome.attempts, at });
    log.info('work item pushed', { ...fields, attempts: outcome.attempts });
    return;
  }
  if ((await recordUndelivered(item, { status: 'undelivered', attempts: outcome.attempts, at, lastError: outcome.lastError })) === 'delivered-meanwhile') return;
  log.error('work item undelivered', { ...fields, attempts: outcome.attempts, lastError: outcome.lastError });
  throw new WebhookUndelivered(`work item ${workItemId} was not delivered to ${department} after ${outcome.attempts} tries: ${outcome.lastError}`);
};
