// The case (办件) as stored and as shown to its applicant.
import type { Applicant } from './applicant.ts';
import type { CaseStatus } from './case-status.ts';
import type { Deficiency } from './pre-review.ts';

export interface CaseRecord {
  readonly caseNo: string;
  readonly applicationId: string;
  readonly province: string;
  readonly itemCode: string;
  readonly itemName: string;
  readonly applicant: Applicant;
  readonly status: CaseStatus;
  readonly departments: readonly string[];
  readonly submittedAt: string;
  readonly updatedAt: string;
  /** Optimistic lock: every transition is conditional on it. */
  readonly version: number;
  readonly auditSeq: number;
  readonly auditHead: string;
  readonly deficiencies?: readonly Deficiency[];
  readonly refusalReasons?: ReadonlyArray<{ department: string; reason: string; legalBasis: string }>;
  readonly licenceId?: string;
}

export interface ApplicationRecord {
  readonly id: string;
  readonly province: string;
  readonly itemCode: string;
  readonly applicant: Applicant;
  readonly status: 'draft' | 'submitted';
  readonly createdAt: string;
  readonly caseNo?: string;
}
