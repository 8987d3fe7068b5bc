import { describe, expect, it } from 'vitest';
import { Forbidden, Unauthenticated } from '../../../functions/core/errors.ts';
import { supervisorFromClaims } from '../../../functions/core/supervisor.ts';

describe('who may read the supervision statistics', () => {
  it('lets a token with role "supervisor" in', () => {
    expect(supervisorFromClaims({ sub: 'sup-1', name: '监察员', role: 'supervisor' })).toEqual({ sub: 'sup-1', name: '监察员' });
  });

  it('refuses an applicant or an agent with Forbidden, not as unknown', () => {
    expect(() => supervisorFromClaims({ sub: 'a', name: '张三', resident_id: '11010119900307451X' })).toThrow(Forbidden);
    expect(() => supervisorFromClaims({ sub: 'a', name: '帮办', role: 'agent' })).toThrow(Forbidden);
    expect(() => supervisorFromClaims({ sub: 'a', name: '某人', role: 'Supervisor' })).toThrow(Forbidden);
  });

  it('refuses claims that identify nobody as unauthenticated', () => {
    expect(() => supervisorFromClaims(undefined)).toThrow(Unauthenticated);
    expect(() => supervisorFromClaims({ role: 'supervisor' })).toThrow(Unauthenticated);
  });
});
