// Workflow task RecordFailure: an unexpected error is written on the case with its audit entry, so
// a case never hangs silently. The cause is kept for operators, not shown to the applicant.
import { isFinal } from '#core/case-status.ts';
import { checkpointIfClosed } from '#adapters/audit-archive.ts';
import { transitionCase } from '#adapters/case-store.ts';
import { clock } from '#adapters/clock.ts';
import { publish } from '#adapters/event-bus.ts';
import { log } from '#middleware/logger.ts';

export interface RecordFailureInput {
  readonly caseNo: string;
  readonly error: { readonly Error?: string; readonly Cause?: string };
}

export const handler = async ({ caseNo, error }: RecordFailureInput): Promise<{ caseNo: string }> => {
  log.error('workflow failed', { caseNo, error: error.Error, cause: error.Cause });
  const at = clock.now().toISOString();
  // Only the run that moves the case to `failed` publishes CaseFailed; a retry finds it final.
  let failedNow = false;
  const failed = await transitionCase(caseNo, (c) =>
    !(failedNow = !isFinal(c.status))
      ? undefined
      : {
          to: 'failed',
          audit: {
            at,
            actor: { kind: 'system', id: 'RecordFailure' },
            action: 'CaseFailed',
            summary: '办理过程出现系统错误，已通知运维人员处理',
            from: c.status,
            to: 'failed',
            data: { error: error.Error ?? 'unknown' },
          },
        },
  );
  await checkpointIfClosed(failed);
  if (failedNow) await publish('CaseFailed', { caseNo, province: failed.province, at });
  return { caseNo };
};
