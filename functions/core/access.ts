// Who may see an application or a case: the applicant (by identity, however they logged in) and
// the agent who submitted it. Everyone else is told it does not exist.
import type { AgentRecord, Applicant } from './applicant.ts';
import { applicantKey } from './applicant-key.ts';

export const canSee = (record: { applicant: Applicant; agent?: AgentRecord }, caller: Applicant & { sub: string }): boolean =>
  applicantKey(record.applicant) === applicantKey(caller) || record.agent?.sub === caller.sub;
