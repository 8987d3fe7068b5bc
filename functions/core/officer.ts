// A department officer signed in as a person (issue #16): a token from the province's issuer (the
// same JWT authoriser as applicants; locally the dev issuer) carrying `role: "officer"` and the
// department the officer works for. The officer acts for that department only, and the audit
// trail names the officer, not just the department.
import * as z from 'zod';
import { Forbidden, Unauthenticated } from './errors.ts';

export interface Officer {
  readonly sub: string;
  readonly name: string;
  readonly department: string;
}

export const OFFICER_ROLE = 'officer';

const claimsSchema = z.object({
  sub: z.string().min(1).max(128),
  name: z.string().min(1).max(200),
  role: z.string().optional(),
  department: z.string().optional(),
});

/**
 * The officer behind verified claims. `departments` are the province's department codes: a token
 * naming any other department is not an officer of this platform (403, like a wrong role).
 */
export const officerFromClaims = (claims: Record<string, unknown> | undefined, departments: readonly string[]): Officer => {
  const parsed = claimsSchema.safeParse(claims ?? {});
  if (!parsed.success) throw new Unauthenticated('the token does not identify its holder');
  const { sub, name, role, department } = parsed.data;
  if (role !== OFFICER_ROLE) throw new Forbidden(`the department desk is for officers: the token needs role "${OFFICER_ROLE}"`);
  if (department === undefined || !departments.includes(department)) throw new Forbidden('the token names no department of this province');
  return { sub, name, department };
};
