// DeadlineWarning (EventBridge rule; locally a bus subscription) → a signed notification to the
// department's supervisor webhook (adapters/supervisor-webhooks.ts), signed with the department's
// key exactly like a work item push (adapters/webhook.ts), with the same retries inside one
// invocation. After the last try the invocation fails with WebhookUndelivered and the event goes to
// the dead-letter queue with its alarm (infra/constructs/event-trigger.ts); the warning itself is
// already in the case's audit trail.
//
// At least once, as EventBridge delivers: a supervisor's system treats (caseNo, subject,
// workItemId, level, due) as the key of a notification.
import type { Context, EventBridgeEvent } from 'aws-lambda';
import { WEBHOOK_UNDELIVERED } from '#core/work-item-push.ts';
import { eventContracts, type EventDetail } from '#events/contracts.ts';
import { config } from '#adapters/config.ts';
import { departmentKey } from '#adapters/department-keys.ts';
import { supervisorWebhookOf } from '#adapters/supervisor-webhooks.ts';
import { pushWithRetry } from '#adapters/webhook.ts';
import { log } from '#middleware/logger.ts';

const TRY_TIMEOUT_MS = 5_000;
const RESERVE_MS = 2_000;

export class SupervisorUndelivered extends Error {
  override name = WEBHOOK_UNDELIVERED;
}

/** What the supervisor receives: the warning as published, marked with its kind. No personal data. */
export const notificationBody = (warning: EventDetail<'DeadlineWarning'>) => ({ kind: 'deadline-warning' as const, ...warning });

export const handler = async (event: EventBridgeEvent<'DeadlineWarning', unknown>, context: Context): Promise<void> => {
  const warning = eventContracts.DeadlineWarning.parse(event.detail);
  const fields = { caseNo: warning.caseNo, workItemId: warning.workItemId, department: warning.department, level: warning.level, requestId: context.awsRequestId };
  const url = supervisorWebhookOf(warning.department);
  if (!url) {
    log.info('supervisor not notified: the department has no supervisor webhook', fields);
    return;
  }
  const key = await departmentKey(warning.department);
  if (!key) throw new SupervisorUndelivered(`department ${warning.department} has no signing key`);
  const { PUSH_ATTEMPTS, PUSH_BACKOFF_MS } = config();
  const outcome = await pushWithRetry(
    { url, department: warning.department, key, body: JSON.stringify(notificationBody(warning)) },
    { attempts: PUSH_ATTEMPTS, backoffMs: PUSH_BACKOFF_MS, timeoutMs: TRY_TIMEOUT_MS, remainingMs: () => context.getRemainingTimeInMillis() - RESERVE_MS },
    (attempt, error) => log.info('supervisor notification try failed', { ...fields, attempt, error }),
  );
  if (outcome.delivered) {
    log.info('supervisor notified', { ...fields, attempts: outcome.attempts });
    return;
  }
  log.error('supervisor notification undelivered', { ...fields, attempts: outcome.attempts, lastError: outcome.lastError });
  throw new SupervisorUndelivered(`deadline warning for ${warning.caseNo} not delivered to ${warning.department}'s supervisor after ${outcome.attempts} tries: ${outcome.lastError}`);
};
