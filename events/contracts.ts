// Domain event contracts: the detail of every event the platform publishes on the province bus.
// Publishers validate against these before sending; tests validate what arrives.
import * as z from 'zod';
import { evaluationLevels } from '#core/evaluation.ts';
import { pauseReasons } from '#core/working-days.ts';

const base = {
  caseNo: z.string(),
  province: z.string().regex(/^\d{2}$/),
  at: z.iso.datetime(),
};

export const eventContracts = {
  CaseSubmitted: z.strictObject({ ...base, itemCode: z.string(), applicationId: z.string() }),
  /**
   * Issue #5: one consolidated correction notice (一次性告知) went out: every item to correct, by
   * material or form field, and the date to answer by (after which the case is deemed withdrawn).
   */
  CorrectionRequested: z.strictObject({
    ...base,
    round: z.number().int().min(1),
    items: z
      .array(z.strictObject({ materialCode: z.string().optional(), field: z.string().optional(), problem: z.string(), detail: z.string() }))
      .min(1),
    answerBy: z.iso.datetime(),
  }),
  /**
   * The statutory clock starts. `mode`: automatic pre-review, the receiving officer, or deemed
   * (行政许可法 Art. 32). 容缺: the materials still owed and the date promised.
   */
  CaseAccepted: z.strictObject({
    ...base,
    departments: z.array(z.string()).min(1),
    mode: z.enum(['automatic', 'officer', 'deemed']),
    deficiencies: z.array(z.strictObject({ materialCode: z.string(), name: z.string() })).optional(),
    promisedBy: z.iso.datetime().optional(),
  }),
  /** 容缺: the last material owed has arrived; a held issuance goes ahead. */
  DeficienciesSupplied: z.strictObject({ ...base }),
  /** Correction window ran out: the application is deemed withdrawn (视为撤回). */
  CaseWithdrawn: z.strictObject({ ...base, reason: z.string() }),
  WorkItemOpened: z.strictObject({ ...base, workItemId: z.string(), department: z.string() }),
  DepartmentDecided: z.strictObject({
    ...base,
    workItemId: z.string(),
    department: z.string(),
    decision: z.enum(['approve', 'refuse', 'accept', 'not-accept']),
    /** When the work item opened: the decision's latency (a business metric) is `at - openedAt`. */
    openedAt: z.iso.datetime().optional(),
  }),
  /**
   * 电子监察 (issue #7): a work item or a case reached a warning level, once per level and due date
   * (`at` is the sweep's instant). yellow: `remainingDays` working days or fewer remain (the
   * province's supervision threshold); red: overdue (`remainingDays` < 0). `department` is the
   * work item's department, or the case's lead department for a case warning.
   */
  DeadlineWarning: z.strictObject({
    ...base,
    subject: z.enum(['work-item', 'case', 'deficiencies']),
    level: z.enum(['yellow', 'red']),
    department: z.string(),
    workItemId: z.string().optional(),
    itemCode: z.string(),
    due: z.iso.datetime(),
    dueLastDay: z.iso.date(),
    remainingDays: z.number().int(),
  }),
  /**
   * Issue #8: `licenceId` is the GB/T 36904 identifier; `department` the issuing department and
   * `validUntil` the expiry (absent: valid indefinitely), for renewal reminders downstream.
   */
  LicenceIssued: z.strictObject({
    ...base,
    licenceId: z.string(),
    licenceType: z.string(),
    department: z.string().optional(),
    validUntil: z.iso.datetime().optional(),
  }),
  /** `onTime`: completed by the committed deadline (承诺时限), where the case had one. */
  CaseCompleted: z.strictObject({ ...base, licenceId: z.string(), onTime: z.boolean().optional() }),
  /**
   * 快递送 (issue #9): EMS has the parcel (收寄). `kind` pickup: the applicant's originals on their
   * way to the service centre; delivery: the result on its way to the applicant.
   */
  CourierDispatched: z.strictObject({ ...base, kind: z.enum(['pickup', 'delivery']), waybillNo: z.string(), opTime: z.iso.datetime() }),
  /** The parcel was signed for (妥投): originals received at the service centre, or the result served. */
  CourierDelivered: z.strictObject({
    ...base,
    kind: z.enum(['pickup', 'delivery']),
    waybillNo: z.string(),
    signedAt: z.iso.datetime(),
    /** Delivery only: served after the limit of 行政许可法 Art. 44 (10 working days from the decision). */
    late: z.boolean().optional(),
  }),
  /** `phase` acceptance: 不予受理 (not eligible, or the receiving officer); approval: 不予许可. */
  CaseRefused: z.strictObject({
    ...base,
    phase: z.enum(['acceptance', 'approval']).optional(),
    reasons: z.array(z.strictObject({ department: z.string(), reason: z.string(), legalBasis: z.string() })).min(1),
  }),
  /**
   * A department asked for a supplement during approval (补正, 行政许可法 Art. 32/审查中补正): unlike
   * CorrectionRequested (pre-review, before the statutory clock starts) it names the work item and
   * department and means the clock is paused until the applicant answers.
   */
  SupplementRequested: z.strictObject({
    ...base,
    workItemId: z.string(),
    department: z.string(),
    round: z.number().int().min(1),
    items: z
      .array(z.strictObject({ materialCode: z.string().optional(), field: z.string().optional(), problem: z.string(), detail: z.string() }))
      .min(1),
    answerBy: z.iso.datetime(),
  }),
  /** The applicant answered a correction notice (pre-review) or a department's supplement request. */
  CorrectionSubmitted: z.strictObject({
    ...base,
    round: z.number().int().min(1),
    /** Present for a supplement: the work item that asked and goes on. */
    workItemId: z.string().optional(),
    department: z.string().optional(),
  }),
  /**
   * A department stopped the statutory clock for a step not counted in the time limit
   * (行政许可法 Art. 45: hearing, testing, expert review …), committing `days` working days.
   */
  ClockSuspended: z.strictObject({ ...base, workItemId: z.string(), department: z.string(), reason: z.enum(pauseReasons), days: z.number().int().min(1) }),
  /**
   * A pause ended (the department resumed, or the applicant answered a supplement). `shiftDays`:
   * working days every deadline moved; `committedDue` the new committed deadline (absent while
   * another department's pause is still open).
   */
  ClockResumed: z.strictObject({
    ...base,
    workItemId: z.string(),
    department: z.string(),
    shiftDays: z.number().int().min(0),
    committedDue: z.iso.datetime().optional(),
  }),
  /** Every department approved; the licence is being issued. */
  CaseApproved: z.strictObject({ ...base }),
  /** The workflow hit an unexpected error and the case is marked failed for operators (no cause). */
  CaseFailed: z.strictObject({ ...base }),
  /** The issuing department revoked a licence (注销/撤销, 行政许可法 Art. 69/70); verifiers answer `revoked`. */
  LicenceRevoked: z.strictObject({ ...base, licenceId: z.string(), department: z.string(), reason: z.string() }),
  /**
   * 好差评 (国办发〔2019〕51号): the applicant rated a finished case. `department` is the responsible
   * department (the lead department, or the one whose decision was refused). No comment text: it may
   * carry personal data and stays on the case.
   */
  EvaluationReceived: z.strictObject({
    ...base,
    itemCode: z.string(),
    department: z.string(),
    level: z.enum(evaluationLevels),
    dimensions: z.record(z.string(), z.enum(evaluationLevels)).optional(),
  }),
  /** A bad rating (差评) opened a rectification work item for the responsible department, due in 15 working days. */
  RectificationOpened: z.strictObject({ ...base, workItemId: z.string(), department: z.string(), due: z.iso.datetime() }),
  /** The department closed the rectification with its reply (整改反馈); `late` when after the due date. */
  RectificationClosed: z.strictObject({ ...base, workItemId: z.string(), department: z.string(), late: z.boolean() }),
} as const;

export type DetailType = keyof typeof eventContracts;
export type EventDetail<T extends DetailType> = z.infer<(typeof eventContracts)[T]>;

/** The EventBridge `source` of every platform event of a province. */
export const eventSource = (province: string): string => `no-meeting-approval.${province}`;
