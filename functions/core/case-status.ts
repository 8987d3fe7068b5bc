// The life of a case as a closed set of statuses and the one table of allowed transitions.
import { Conflict } from './errors.ts';

export const caseStatuses = [
  'submitted', // written at submit, and again when a correction round is answered; pre-review runs
  'correcting', // one consolidated correction notice (一次性告知) is out; the applicant corrects
  'awaiting-acceptance', // complete; an officer of the receiving window formally accepts (manual items)
  'accepted', // pre-review passed; statutory clock starts (行政许可法 Art. 32)
  'not-accepted', // not eligible, or refused by the receiving officer (不予受理)
  'withdrawn', // the correction window ran out: deemed withdrawn (视为撤回)
  'in-approval', // work items open with the departments
  'refused', // a department refused (不予许可), with every reason
  'approved', // every department approved
  'completed', // licence issued; evaluation opens
  'failed', // an unexpected workflow error, recorded so nothing hangs silently
] as const;

export type CaseStatus = (typeof caseStatuses)[number];

const transitions: Record<CaseStatus, readonly CaseStatus[]> = {
  submitted: ['accepted', 'correcting', 'awaiting-acceptance', 'not-accepted', 'failed'],
  correcting: ['submitted', 'withdrawn', 'failed'],
  'awaiting-acceptance': ['accepted', 'not-accepted', 'failed'],
  accepted: ['in-approval', 'failed'],
  'not-accepted': [],
  withdrawn: [],
  'in-approval': ['approved', 'refused', 'failed'],
  refused: [],
  approved: ['completed', 'failed'],
  completed: [],
  failed: [],
};

export const isFinal = (status: CaseStatus): boolean => transitions[status].length === 0;

export const canTransition = (from: CaseStatus, to: CaseStatus): boolean => transitions[from].includes(to);

export const assertTransition = (from: CaseStatus, to: CaseStatus): void => {
  if (!canTransition(from, to)) {
    throw new Conflict(`a case cannot go from "${from}" to "${to}"`);
  }
};
