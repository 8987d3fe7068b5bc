// Who may read the supervision statistics: a supervisor (电子监察 staff), identified by a token from
// the province's OIDC issuer (the same JWT authoriser as applicants) carrying `role: "supervisor"`.
// Applicants and agents are authenticated but not allowed: 403.
import * as z from 'zod';
import { Forbidden, Unauthenticated } from './errors.ts';

export interface Supervisor {
  readonly sub: string;
  readonly name: string;
}

export const SUPERVISOR_ROLE = 'supervisor';

const claimsSchema = z.object({
  sub: z.string().min(1).max(128),
  name: z.string().min(1).max(200),
  role: z.string().optional(),
});

export const supervisorFromClaims = (claims: Record<string, unknown> | undefined): Supervisor => {
  const parsed = claimsSchema.safeParse(claims ?? {});
  if (!parsed.success) throw new Unauthenticated('the token does not identify its holder');
  if (parsed.data.role !== SUPERVISOR_ROLE) throw new Forbidden(`supervision statistics are for supervisors: the token needs role "${SUPERVISOR_ROLE}"`);
  return { sub: parsed.data.sub, name: parsed.data.name };
};
