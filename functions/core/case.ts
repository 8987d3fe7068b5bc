// The case (办件) as stored and as shown to its applicant.
import type { AgentRecord, Applicant } from './applicant.ts';
import type { CaseDeadlines } from './case-deadlines.ts';
import type { CaseStatus } from './case-status.ts';
import type { Answers, Requirement } from './guide.ts';
import type { Deficiency } from './pre-review.ts';

export interface CaseRecord {
  readonly caseNo: string;
  readonly applicationId: string;
  readonly province: string;
  readonly itemCode: string;
  readonly itemName: string;
  readonly applicant: Applicant;
  /** The agent (帮办) who submitted for the applicant, if any. */
  readonly agent?: AgentRecord;
  readonly delivery?: Delivery;
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
  /** The catalogue version the case was submitted under (issue #3). */
  readonly catalogueVersion?: string;
  /**
   * What the case is judged by: the guide's requirement as resolved at submission, kept with the
   * case so a later catalogue change never alters it. Absent on cases submitted before issue #3.
   */
  readonly requirement?: Requirement;
  /** Statutory and committed deadlines, fixed at acceptance (issue #7); absent before acceptance. */
  readonly deadlines?: CaseDeadlines;
}

export interface ApplicationRecord {
  readonly id: string;
  readonly province: string;
  /** The item applied for; for a bundle, the bundle's lead item. */
  readonly itemCode: string;
  /** Set when the application is for a bundle (一件事一次办). */
  readonly bundleCode?: string;
  /** The applicant's situation answers (question code → option code). */
  readonly situationAnswers?: Answers;
  readonly applicant: Applicant;
  readonly agent?: AgentRecord;
  readonly status: 'draft' | 'submitted';
  readonly createdAt: string;
  readonly updatedAt: string;
  readonly formData?: Readonly<Record<string, string | number | boolean>>;
  readonly delivery?: Delivery;
  readonly caseNo?: string;
}

export type Delivery =
  | { readonly method: 'online' }
  | {
      readonly method: 'ems';
      readonly address: {
        readonly recipient: string;
        readonly mobile: string;
        readonly province: string;
        readonly city: string;
        readonly county: string;
        readonly detail: string;
      };
    };
