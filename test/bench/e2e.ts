// The end-to-end run: N cases, C applicants at a time, each case from draft to its end, with the
// departments answering automatically. Throughput is cases completed over the wall-clock span from
// the first draft to the last completion.
import type { LocalStack } from '../../infra/local/stack.ts';
import { anApplicant } from '../support/identities.ts';
import { apiClient, latencies, type Latencies } from './api-client.ts';
import { QUIET_EVENTS, caseNotifications, driveCase, type CaseOutcome, type DeliveryChoice } from './applicant.ts';
import { answerDepartments } from './departments.ts';
import { perMinute } from './stats.ts';

export interface EndToEndOptions {
  readonly stack: LocalStack;
  readonly cases: number;
  readonly concurrency: number;
  readonly itemCode: string;
  readonly materials: readonly string[];
  readonly delivery: DeliveryChoice;
  /** Progress line every this many ms. @default 3000 */
  readonly progressEveryMs?: number;
  readonly log: (line: string) => void;
}

export interface EndToEndResult {
  readonly outcomes: readonly CaseOutcome[];
  readonly completed: number;
  readonly elapsedMs: number;
  readonly casesPerMinute: number;
  readonly latencies: Latencies;
  readonly departmentDecisions: number;
  readonly inboxPulls: number;
  readonly errors: readonly string[];
}

export const runEndToEnd = async (o: EndToEndOptions): Promise<EndToEndResult> => {
  const lat = latencies();
  const api = apiClient({ apiUrl: o.stack.apiUrl, departmentKeys: o.stack.departmentKeys, latencies: lat });
  const notifications = caseNotifications();
  const unsubscribe = o.stack.events.subscribe({}, (event) => {
    const caseNo = (event.detail as { caseNo?: unknown } | undefined)?.caseNo;
    if (typeof caseNo === 'string' && !QUIET_EVENTS.has(event['detail-type'])) notifications.notify(caseNo);
  });

  let inFlight = 0;
  const departments = answerDepartments({
    simulator: o.stack.departmentSimulator,
    api,
    departments: o.stack.province.departments.map((d) => d.code),
    inFlight: () => inFlight,
  });

  const outcomes: CaseOutcome[] = [];
  let next = 0;
  const started = performance.now();
  // Every case must end within this: generous, a stuck case is reported rather than awaited forever.
  const deadlineMs = Date.now() + Math.max(120_000, o.cases * 2_000);
  const progress = setInterval(() => {
    const done = outcomes.length;
    const failed = outcomes.filter((c) => !c.ok).length;
    const elapsed = performance.now() - started;
    o.log(`  ${done}/${o.cases} cases ended (${failed} not completed), ${inFlight} in flight, ${perMinute(done - failed, elapsed).toFixed(1)} cases/min, ${(elapsed / 1000).toFixed(0)} s`);
  }, o.progressEveryMs ?? 3_000);

  const applicant = async (): Promise<void> => {
    while (next < o.cases) {
      next += 1;
      inFlight += 1;
      try {
        const token = await o.stack.issuer.mint(anApplicant());
        const outcome = await driveCase({ api, token, itemCode: o.itemCode, materials: o.materials, delivery: o.delivery, notifications, deadlineMs });
        outcomes.push(outcome);
        if (!outcome.ok) o.log(`  case ${outcome.caseNo ?? '(no case number)'} ended ${outcome.status}: ${outcome.detail ?? ''}`);
      } catch (error) {
        outcomes.push({ status: 'error', ok: false, detail: error instanceof Error ? `${error.name}: ${error.message}` : String(error) });
      } finally {
        inFlight -= 1;
        departments.progressed();
      }
    }
  };
  try {
    await Promise.all(Array.from({ length: Math.min(o.concurrency, o.cases) }, applicant));
  } finally {
    clearInterval(progress);
    departments.stop();
    unsubscribe();
  }
  const elapsedMs = performance.now() - started;
  const completed = outcomes.filter((c) => c.ok).length;
  return {
    outcomes,
    completed,
    elapsedMs,
    casesPerMinute: perMinute(completed, elapsedMs),
    latencies: lat,
    departmentDecisions: departments.decided,
    inboxPulls: departments.pulls,
    errors: [...departments.errors, ...outcomes.filter((c) => !c.ok).map((c) => `${c.caseNo ?? '-'}: ${c.status} ${c.detail ?? ''}`)],
  };
};
