// The key under which an applicant's cases are found: derived from the identity (kind + number),
// not from the token's subject, so a case an agent (帮办) submitted on someone's behalf shows up in
// that person's own list. Hashed, so no identity number appears in clear in index keys.
import { createHash } from 'node:crypto';
import type { Applicant } from './applicant.ts';

export const applicantKey = (a: Pick<Applicant, 'kind' | 'identity'>): string =>
  createHash('sha256').update(`${a.kind}:${a.identity}`).digest('hex').slice(0, 40);
