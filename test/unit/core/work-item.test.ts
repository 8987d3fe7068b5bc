import { describe, expect, it } from 'vitest';
import { outcomeOf, parseWorkItemId, sameDecision, workItemId } from '../../../functions/core/work-item.ts';

describe('work items', () => {
  it('round-trips the id through case number and department', () => {
    const id = workItemId('32-20261123-ABCDEFGHJK', 'SCJGJ');
    expect(parseWorkItemId(id)).toEqual({ caseNo: '32-20261123-ABCDEFGHJK', department: 'SCJGJ', kind: 'approval' });
    const acceptance = workItemId('32-20261123-ABCDEFGHJK', 'SCJGJ', 'acceptance');
    expect(acceptance).toBe('32-20261123-ABCDEFGHJK~SCJGJ~acceptance');
    expect(parseWorkItemId(acceptance)).toEqual({ caseNo: '32-20261123-ABCDEFGHJK', department: 'SCJGJ', kind: 'acceptance' });
    expect(parseWorkItemId('32-20261123-ABCDEFGHJK~SCJGJ~other')).toBeUndefined();
    expect(parseWorkItemId('../../etc')).toBeUndefined();
  });

  it('approves only when every department approves, and refuses with every reason', () => {
    expect(outcomeOf([{ department: 'A', decision: { decision: 'approve', opinion: 'ok' } }])).toEqual({ outcome: 'approved' });
    expect(
      outcomeOf([
        { department: 'A', decision: { decision: 'refuse', reason: 'r1', legalBasis: 'b1' } },
        { department: 'B', decision: { decision: 'approve', opinion: 'ok' } },
        { department: 'C', decision: { decision: 'refuse', reason: 'r3', legalBasis: 'b3' } },
      ]),
    ).toEqual({
      outcome: 'refused',
      reasons: [
        { department: 'A', reason: 'r1', legalBasis: 'b1' },
        { department: 'C', reason: 'r3', legalBasis: 'b3' },
      ],
    });
  });

  it('compares decisions by content', () => {
    expect(sameDecision({ decision: 'approve', opinion: 'x' }, { opinion: 'x', decision: 'approve' })).toBe(true);
    expect(sameDecision({ decision: 'approve', opinion: 'x' }, { decision: 'approve', opinion: 'y' })).toBe(false);
  });
});
