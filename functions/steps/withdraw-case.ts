// Workflow task WithdrawCase: the correction window ran out without an answer (the sweep failed the
// wait as CorrectionExpired, or the wait's own timeout fired). The application is deemed withdrawn
// (视为撤回申请), recorded with its audit entry. Idempotent: when the sweep has withdrawn the case
// already, the task finds nothing left to do.
import type { CaseRecord } from '#core/case.ts';
import { checkpointIfClosed } from '#adapters/audit-archive.ts';
import { transitionCase } from '#adapters/case-store.ts';
import { endWaitItem } from '#adapters/case-waits.ts';
import { clock } from '#adapters/clock.ts';
import { publish } from '#adapters/event-bus.ts';

/**
 * Withdraws a case still waiting for its correction, stamped `at`: the sweep's instant when the
 * sweep found the window ran out (functions/steps/expire-waits.ts), now when the wait timed out.
 */
export const withdrawExpired = async (caseNo: string, at: string): Promise<CaseRecord> => {
  let withdrawnNow = false;
  const next = await transitionCase(caseNo, (c) =>
    !(withdrawnNow = c.status === 'correcting')
      ? undefined
      : {
          to: 'withdrawn',
          audit: {
            at,
            actor: { kind: 'system', id: 'WithdrawCase' },
            action: 'CaseWithdrawn',
            summary: `补正期限（${c.correction?.answerBy.lastDay ?? '—'}）届满未补正，视为撤回申请`,
            from: c.status,
            to: 'withdrawn',
          },
          also: [endWaitItem(c.caseNo, 'correction')],
        },
  );
  if (withdrawnNow) await publish('CaseWithdrawn', { caseNo, province: next.province, at, reason: 'correction-expired' });
  await checkpointIfClosed(next);
  return next;
};

export const handler = async ({ caseNo }: { readonly caseNo: string }): Promise<{ caseNo: string; status: string }> => {
  const next = await withdrawExpired(caseNo, clock.now().toISOString());
  return { caseNo, status: next.status };
};
