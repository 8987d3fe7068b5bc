// Workflow task AwaitCorrection (waitForTaskToken): the case waits for the applicant's answer to its
// correction notice. The token is kept on the case's correction wait (never served by the API);
// POST /cases/{caseNo}/corrections answers it, the supervision sweep fails it as CorrectionExpired
// once the answer date has passed (then the workflow withdraws the case).
import { getWait, armWait } from '#adapters/case-waits.ts';
import { requireCase } from '#adapters/case-store.ts';
import { clock } from '#adapters/clock.ts';
import { completeTask } from '#adapters/workflow.ts';

export interface AwaitCorrectionInput {
  readonly caseNo: string;
  readonly taskToken: string;
}

export const handler = async ({ caseNo, taskToken }: AwaitCorrectionInput): Promise<void> => {
  const current = await requireCase(caseNo);
  const wait = await getWait(caseNo, 'correction');
  const armed =
    current.status === 'correcting' &&
    (await armWait(
      {
        caseNo,
        province: current.province,
        kind: 'correction',
        due: wait?.due ?? current.correction?.answerBy.due ?? clock.now().toISOString(),
        openedAt: wait?.openedAt ?? clock.now().toISOString(),
        taskToken,
      },
      ['correcting'],
    ));
  // Answered before the workflow got here: go straight back to pre-review.
  if (!armed) await completeTask(taskToken, { answered: true });
};
