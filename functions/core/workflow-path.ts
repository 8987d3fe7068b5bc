// Where a case is in its workflow (statemachines/case.asl.json) and the way it took, read from the
// audit trail, not from Step Functions: the execution history expires (90 days) and a restarted
// case runs a new execution, while the audit trail is the case's record (DESIGN.md). The console
// draws the ASL with `path` and `phase` highlighted (issue #16).

/** Every state of statemachines/case.asl.json (a unit test keeps the two in step). */
export const caseStates = [
  'RouteToPhase',
  'PreReview',
  'IsAccepted',
  'NotAccepted',
  'AwaitCorrection',
  'WithdrawCase',
  'AwaitAcceptance',
  'CollectOriginals',
  'RunStages',
  'OpenWorkItems',
  'OpenWorkItem',
  'IssueLicence',
  'DeliverResult',
  'RefuseCase',
  'RecordFailure',
  'Failed',
] as const;

export type CaseState = (typeof caseStates)[number];

export interface WorkflowPosition {
  /** The state the case is in now (or ended in). */
  readonly phase: CaseState;
  /** The states passed through, in order, `phase` last; a state visited again (a correction round) appears again. */
  readonly path: readonly CaseState[];
}

/** The audit entry's facts that place it in the workflow. */
export interface PlacedEntry {
  readonly action: string;
  readonly data?: Readonly<Record<string, unknown>>;
}

/** Which state an audit action is recorded in; actions absent here (warnings, tracking, clock stops) do not move the case. */
const stateOf = (entry: PlacedEntry): CaseState | undefined => {
  switch (entry.action) {
    case 'CaseSubmitted':
    case 'CorrectionSubmitted':
      return 'PreReview';
    case 'CorrectionRequested':
      return 'AwaitCorrection';
    case 'CaseWithdrawn':
      return 'WithdrawCase';
    case 'AcceptanceRequested':
    case 'AcceptanceOpened':
      return 'AwaitAcceptance';
    case 'CaseAccepted':
      return 'CollectOriginals';
    case 'CaseNotAccepted':
      return 'NotAccepted';
    case 'CourierOrdered':
      return entry.data?.kind === 'delivery' ? 'DeliverResult' : 'CollectOriginals';
    case 'WorkItemOpened':
    case 'WorkItemRearmed':
      return 'OpenWorkItem';
    case 'CaseApproved':
      return 'IssueLicence';
    // Issuance hands over to DeliverResult at once (which ends at once without an EMS delivery).
    case 'LicenceIssued':
      return 'DeliverResult';
    case 'CaseRefused':
      return 'RefuseCase';
    case 'CaseFailed':
      return 'Failed';
    default:
      return undefined;
  }
};

/** The one state each of these is entered from, so a state with no audit entry of its own still shows on the path. */
const enteredFrom: Partial<Record<CaseState, CaseState>> = {
  IsAccepted: 'PreReview',
  AwaitCorrection: 'IsAccepted',
  WithdrawCase: 'AwaitCorrection',
  AwaitAcceptance: 'IsAccepted',
  CollectOriginals: 'IsAccepted',
  NotAccepted: 'IsAccepted',
  RunStages: 'CollectOriginals',
  OpenWorkItems: 'RunStages',
  OpenWorkItem: 'OpenWorkItems',
  IssueLicence: 'RunStages',
  DeliverResult: 'IssueLicence',
  RefuseCase: 'RunStages',
  Failed: 'RecordFailure',
  PreReview: 'RouteToPhase',
};

/** Map iterations run inside their Map state: being in OpenWorkItem is being in RunStages too. */
const insideOf: Partial<Record<CaseState, CaseState>> = { OpenWorkItems: 'RunStages', OpenWorkItem: 'OpenWorkItems' };

const isIn = (current: CaseState | undefined, state: CaseState): boolean => {
  for (let s = current; s !== undefined; s = insideOf[s]) if (s === state) return true;
  return false;
};

const enter = (path: CaseState[], state: CaseState): void => {
  const current = path.at(-1);
  if (isIn(current, state)) return;
  const from = enteredFrom[state];
  // The first entry has only RouteToPhase before it; later a PreReview is entered from a wait.
  if (from !== undefined && !(state === 'PreReview' && current !== undefined) && !isIn(current, from)) enter(path, from);
  path.push(state);
};

export const workflowPosition = (entries: readonly PlacedEntry[]): WorkflowPosition => {
  const path: CaseState[] = [];
  for (const entry of entries) {
    const state = stateOf(entry);
    if (state !== undefined) enter(path, state);
  }
  if (path.length === 0) enter(path, 'PreReview');
  return { phase: path.at(-1) as CaseState, path };
};
