// The case (办件) as stored and as shown to its applicant.
import type { AgentRecord, Applicant } from './applicant.ts';
import type { CaseDeadlines } from './case-deadlines.ts';
import type { CaseStatus } from './case-status.ts';
import type { Answers, Requirement } from './guide.ts';
import type { CorrectionNotice, DueDate } from './correction.ts';
import type { NoticeItem, Satisfaction } from './pre-review.ts';

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
  /** The latest correction notice (一次性告知); open while the case is `correcting`. */
  readonly correction?: CorrectionNotice;
  /** 容缺受理: materials still owed, and the promised date; the licence waits until none is owed. */
  readonly deficiencies?: readonly NoticeItem[];
  readonly deficiencyPromise?: DueDate;
  /** Set when a promised date passed with materials still owed (中止): cleared when they arrive. */
  readonly suspension?: { readonly reason: 'deficiency-overdue'; readonly since: string; readonly liftedAt?: string };
  /** How each material was satisfied: the departments see where a commitment replaced a proof. */
  readonly satisfiedBy?: Readonly<Record<string, Satisfaction>>;
  /** Manual acceptance: the officer decides by then, or the case is deemed accepted (行政许可法 Art. 32). */
  readonly acceptanceDue?: DueDate;
  /** How the case was accepted: automatically, by the receiving officer, or deemed (行政许可法 Art. 32). */
  readonly acceptance?: { readonly mode: 'automatic' | 'officer' | 'deemed'; readonly at: string; readonly by?: string };
  /** Why the case was not accepted (不予受理), e.g. the eligibility condition that failed. */
  readonly notAcceptedReason?: { readonly reason: string; readonly legalBasis: string; readonly by: string };
  readonly refusalReasons?: ReadonlyArray<{ department: string; reason: string; legalBasis: string }>;
  /** The lead item's licence (the first of `licences`), as before bundles issued several. */
  readonly licenceId?: string;
  /** Every licence the case issued, the lead item's first; absent on cases completed before. */
  readonly licences?: readonly IssuedLicence[];
  /** The catalogue version the case was submitted under (issue #3). */
  readonly catalogueVersion?: string;
  /**
   * What the case is judged by: the guide's requirement as resolved at submission, kept with the
   * case so a later catalogue change never alters it. Absent on cases submitted before issue #3.
   */
  readonly requirement?: Requirement;
  /** Statutory and committed deadlines, fixed at acceptance (issue #7); absent before acceptance. */
  readonly deadlines?: CaseDeadlines;
  /** The secret of the public tracking page, printed on the receipt (core/tracking.ts); absent on older cases. */
  readonly trackingKey?: string;
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

/** A licence a case issued, as the case lists it (the record itself is in the licence library). */
export interface IssuedLicence {
  readonly id: string;
  readonly type: string;
  readonly name: string;
  readonly itemCode: string;
}
