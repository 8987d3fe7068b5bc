import { describe, expect, it } from 'vitest';
import { assertTransition, canTransition, isFinal } from '../../../functions/core/case-status.ts';
import { Conflict } from '../../../functions/core/errors.ts';

describe('case status transitions', () => {
  it('follows the happy path', () => {
    expect(canTransition('submitted', 'accepted')).toBe(true);
    expect(canTransition('accepted', 'in-approval')).toBe(true);
    expect(canTransition('in-approval', 'approved')).toBe(true);
    expect(canTransition('approved', 'completed')).toBe(true);
  });

  it('refuses to skip approval or to reopen a final case', () => {
    expect(() => assertTransition('submitted', 'completed')).toThrow(Conflict);
    expect(() => assertTransition('refused', 'approved')).toThrow(Conflict);
    expect(isFinal('completed')).toBe(true);
    expect(isFinal('in-approval')).toBe(false);
  });
});
