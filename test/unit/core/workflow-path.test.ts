import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { caseStates, workflowPosition, type PlacedEntry } from '../../../functions/core/workflow-path.ts';

interface AslState {
  Type: string;
  Next?: string;
  End?: boolean;
  Default?: string;
  Choices?: Array<{ Next: string }>;
  Catch?: Array<{ Next: string }>;
  ItemProcessor?: AslMachine;
  Iterator?: AslMachine;
}
interface AslMachine {
  StartAt: string;
  States: Record<string, AslState>;
}

const asl = JSON.parse(readFileSync(new URL('../../../statemachines/case.asl.json', import.meta.url), 'utf8')) as AslMachine;

/**
 * Every state name and every move the definition allows. A Map iteration is entered from its Map
 * state and left where the Map goes next, or where its Catch goes when an iteration fails.
 */
const graph = (machine: AslMachine, exit: { end: readonly string[]; error: readonly string[] } = { end: [], error: [] }, names = new Set<string>(), edges = new Set<string>()) => {
  for (const [name, state] of Object.entries(machine.States)) {
    names.add(name);
    const catches = (state.Catch ?? []).map((c) => c.Next);
    for (const next of [state.Next, state.Default, ...(state.Choices ?? []).map((c) => c.Next), ...catches, ...exit.error, ...(state.End ? exit.end : [])]) {
      if (next) edges.add(`${name}>${next}`);
    }
    const inner = state.ItemProcessor ?? state.Iterator;
    if (inner) {
      edges.add(`${name}>${inner.StartAt}`);
      graph(inner, { end: state.Next ? [state.Next] : exit.end, error: [...catches, ...exit.error] }, names, edges);
    }
  }
  return { names, edges };
};
const { names, edges } = graph(asl);

const entries = (...actions: Array<string | PlacedEntry>): PlacedEntry[] => actions.map((a) => (typeof a === 'string' ? { action: a } : a));

const expectWalkable = (path: readonly string[]) => {
  expect(path[0]).toBe(asl.StartAt);
  for (let i = 1; i < path.length; i++) expect(edges, `${path[i - 1]} → ${path[i]}`).toContain(`${path[i - 1]}>${path[i]}`);
};

describe('workflow position from the audit trail', () => {
  it('names exactly the states of statemachines/case.asl.json', () => {
    expect([...caseStates].sort()).toEqual([...names].sort());
  });

  it('follows a case from submission through parallel approval to delivery', () => {
    const { phase, path } = workflowPosition(
      entries('CaseSubmitted', 'CaseAccepted', 'WorkItemOpened', 'WorkItemOpened', 'DepartmentDecided', 'DeadlineWarning', 'DepartmentDecided', 'CaseApproved', 'LicenceIssued'),
    );
    expect(path).toEqual(['RouteToPhase', 'PreReview', 'IsAccepted', 'CollectOriginals', 'RunStages', 'OpenWorkItems', 'OpenWorkItem', 'IssueLicence', 'DeliverResult']);
    expect(phase).toBe('DeliverResult');
    expectWalkable(path);
  });

  it('shows a case waiting for its department while it is in approval', () => {
    const { phase, path } = workflowPosition(entries('CaseSubmitted', 'CaseAccepted', 'WorkItemOpened', 'SupplementRequested', 'ClockSuspended'));
    expect(phase).toBe('OpenWorkItem');
    expectWalkable(path);
  });

  it('repeats pre-review for each correction round', () => {
    const { phase, path } = workflowPosition(entries('CaseSubmitted', 'CorrectionRequested', 'CorrectionSubmitted', 'CorrectionRequested'));
    expect(path).toEqual(['RouteToPhase', 'PreReview', 'IsAccepted', 'AwaitCorrection', 'PreReview', 'IsAccepted', 'AwaitCorrection']);
    expect(phase).toBe('AwaitCorrection');
    expectWalkable(path);
  });

  it('ends in WithdrawCase when the correction window ran out', () => {
    const { phase, path } = workflowPosition(entries('CaseSubmitted', 'CorrectionRequested', 'DeadlineWarning', 'CaseWithdrawn'));
    expect(phase).toBe('WithdrawCase');
    expectWalkable(path);
  });

  it('reviews again after the receiving window accepts, also when acceptance was deemed', () => {
    const { phase, path } = workflowPosition(entries('CaseSubmitted', 'AcceptanceRequested', 'AcceptanceOpened', 'DepartmentDecided', 'CaseAccepted'));
    expect(path).toEqual(['RouteToPhase', 'PreReview', 'IsAccepted', 'AwaitAcceptance', 'PreReview', 'IsAccepted', 'CollectOriginals']);
    expect(phase).toBe('CollectOriginals');
    expectWalkable(path);
    expect(workflowPosition(entries('CaseSubmitted', 'AcceptanceRequested', 'CaseNotAccepted')).phase).toBe('NotAccepted');
  });

  it('places courier orders by their kind', () => {
    const pickup = workflowPosition(entries('CaseSubmitted', 'CaseAccepted', { action: 'CourierOrdered', data: { kind: 'pickup' } }, 'CourierDispatched'));
    expect(pickup.phase).toBe('CollectOriginals');
    const delivery = workflowPosition(
      entries('CaseSubmitted', 'CaseAccepted', 'WorkItemOpened', 'CaseApproved', 'LicenceIssued', { action: 'CourierOrdered', data: { kind: 'delivery' } }, 'CourierDelivered'),
    );
    expect(delivery.phase).toBe('DeliverResult');
    expectWalkable(delivery.path);
  });

  it('ends in RefuseCase after a refusal and in Failed after an unexpected error', () => {
    const refused = workflowPosition(entries('CaseSubmitted', 'CaseAccepted', 'WorkItemOpened', 'DepartmentDecided', 'CaseRefused'));
    expect(refused.phase).toBe('RefuseCase');
    expectWalkable(refused.path);
    const failed = workflowPosition(entries('CaseSubmitted', 'CaseFailed'));
    expect(failed.path.slice(-2)).toEqual(['RecordFailure', 'Failed']);
    expectWalkable(failed.path);
  });

  it('starts at pre-review before anything is recorded', () => {
    expect(workflowPosition([])).toEqual({ phase: 'PreReview', path: ['RouteToPhase', 'PreReview'] });
  });
});
