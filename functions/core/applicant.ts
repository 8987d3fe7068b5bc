// Who applies. The identity number comes from the verified token, is kept on the case (encrypted
// at rest) for the licence holder, and is masked everywhere it could be displayed or logged.
import * as z from 'zod';
import { Unauthenticated } from './errors.ts';
import { parseResidentId, parseUscc } from './identity.ts';
import { maskIdentity } from './mask.ts';

export interface Applicant {
  readonly kind: 'person' | 'organisation';
  /** The issuer's subject id; absent for a person an agent applies for (they never logged in). */
  readonly sub?: string;
  readonly name: string;
  /** 居民身份证号 (person) or 统一社会信用代码 (organisation). Never logged in clear. */
  readonly identity: string;
}

const claimsSchema = z.object({
  sub: z.string().min(1).max(128),
  name: z.string().min(1).max(200),
  // Any string here: identity.ts checks the codes themselves (length, characters, date, check characters).
  resident_id: z.string().optional(),
  uscc: z.string().optional(),
  /** `agent` for service-centre staff (帮办) who may apply on someone's behalf. */
  role: z.string().optional(),
});

/**
 * Claims as the API Gateway JWT authoriser (or the local gateway) hands them to the handler.
 * `today` bounds the birth date in a resident id (injectable for tests).
 */
export const applicantFromClaims = (claims: Record<string, unknown> | undefined, today: Date = new Date()): Applicant => {
  const parsed = claimsSchema.safeParse(claims ?? {});
  if (!parsed.success) throw new Unauthenticated('the token does not identify an applicant');
  const { sub, name, resident_id: residentId, uscc } = parsed.data;
  if ((residentId === undefined) === (uscc === undefined)) {
    throw new Unauthenticated('the token must carry exactly one of resident_id or uscc');
  }
  // A signed token with an invalid code is still not an applicant we can identify: Unauthenticated,
  // with the reason (which never echoes the number) so the issuer's bug can be found.
  const identity = residentId !== undefined ? parseResidentId(residentId, today) : parseUscc(uscc as string);
  if (!identity.ok) throw new Unauthenticated(`the token's ${residentId !== undefined ? 'resident_id' : 'uscc'} is invalid: ${identity.reason}`);
  return { kind: residentId !== undefined ? 'person' : 'organisation', sub, name, identity: identity.value };
};

/** The person behind a request: an applicant, possibly also an agent (帮办) for others. */
export interface Caller {
  readonly self: Applicant & { readonly sub: string };
  readonly isAgent: boolean;
}

export const callerFromClaims = (claims: Record<string, unknown> | undefined, today: Date = new Date()): Caller => {
  const self = applicantFromClaims(claims, today) as Applicant & { sub: string };
  return { self, isAgent: claims?.role === 'agent' };
};

/** Someone an agent applies for, identified by their code (validated like a token's). */
export const representedApplicant = (
  who: { kind: 'person' | 'organisation'; name: string; identity: string },
  today: Date = new Date(),
): Applicant | { invalid: string } => {
  const parsed = who.kind === 'person' ? parseResidentId(who.identity, today) : parseUscc(who.identity);
  return parsed.ok ? { kind: who.kind, name: who.name, identity: parsed.value } : { invalid: parsed.reason };
};

/** The agent as recorded on an application and its case. */
export interface AgentRecord {
  readonly sub: string;
  readonly name: string;
}

/** The applicant as shown to callers and in logs. */
export const publicApplicant = (a: Applicant): Omit<Applicant, 'identity'> & { identityMasked: string } => ({
  kind: a.kind,
  sub: a.sub,
  name: a.name,
  identityMasked: maskIdentity(a.identity),
});
