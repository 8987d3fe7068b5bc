// The departments' systems, answering automatically: every work item pushed to a department (the
// local department simulator receives and verifies the pushes) is decided at once through the signed
// decision API — approval items approved, acceptance items (~acceptance, manual acceptance) accepted.
// Should a push go missing, a department pulls its inbox, as a department without a webhook does.
import type { DepartmentSimulator } from '../../infra/local/department-simulator.ts';
import type { ApiClient } from './api-client.ts';

export interface DepartmentAnswerer {
  readonly decided: number;
  readonly errors: readonly string[];
  /** Inbox pulls made because pushes seemed missing. */
  readonly pulls: number;
  /** Call when cases make progress; a long silence with cases in flight triggers an inbox pull. */
  progressed(): void;
  stop(): void;
}

const decisionFor = (workItemId: string) =>
  workItemId.endsWith('~acceptance') ? { decision: 'accept', opinion: '材料齐全，予以受理' } : { decision: 'approve', opinion: '符合条件，同意' };

export const answerDepartments = (options: {
  readonly simulator: Pick<DepartmentSimulator, 'pushes'>;
  readonly api: ApiClient;
  readonly departments: readonly string[];
  readonly inFlight: () => number;
  /** @default 20 */
  readonly everyMs?: number;
  /** Pull inboxes when nothing progressed for this long with cases in flight. @default 5000 */
  readonly stuckMs?: number;
}): DepartmentAnswerer => {
  // Pushes received before this answerer started were answered by an earlier one (the warm-up).
  const handled = new Set<string>(options.simulator.pushes.flatMap((p) => (p.workItemId ? [p.workItemId] : [])));
  const errors: string[] = [];
  let decided = 0;
  let pulls = 0;
  let lastProgress = Date.now();
  let pulling = false;

  const decide = async (department: string, workItemId: string): Promise<void> => {
    if (handled.has(workItemId)) return;
    handled.add(workItemId);
    const path = `/work-items/${workItemId}/decision`;
    try {
      const answer = await options.api.departmentCall('POST /work-items/{id}/decision', department, 'POST', path, decisionFor(workItemId));
      if (answer.status === 200) {
        decided += 1;
        lastProgress = Date.now();
      } else errors.push(`${workItemId}: decision → ${answer.status} ${JSON.stringify(answer.body)}`);
    } catch (error) {
      errors.push(`${workItemId}: ${error instanceof Error ? error.message : String(error)}`);
    }
  };

  const pullInboxes = async (): Promise<void> => {
    pulling = true;
    try {
      for (const department of options.departments) {
        pulls += 1;
        const page = await options.api.departmentCall<{ workItems: Array<{ workItemId?: string; id?: string }> }>(
          'GET /departments/{code}/work-items',
          department,
          'GET',
          `/departments/${department}/work-items?limit=100`,
        );
        if (page.status !== 200) {
          errors.push(`inbox of ${department} → ${page.status}`);
          continue;
        }
        for (const item of page.body.workItems) {
          const id = item.workItemId ?? item.id;
          if (id) void decide(department, id);
        }
      }
    } finally {
      lastProgress = Date.now();
      pulling = false;
    }
  };

  const timer = setInterval(() => {
    for (const push of options.simulator.pushes) {
      if (push.verdict === 'valid' && push.answered === 200 && push.workItemId && !handled.has(push.workItemId)) void decide(push.department, push.workItemId);
    }
    if (!pulling && options.inFlight() > 0 && Date.now() - lastProgress > (options.stuckMs ?? 5_000)) void pullInboxes();
  }, options.everyMs ?? 20);

  return {
    get decided() {
      return decided;
    },
    get pulls() {
      return pulls;
    },
    errors,
    progressed: () => {
      lastProgress = Date.now();
    },
    stop: () => clearInterval(timer),
  };
};
