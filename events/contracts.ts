// Domain event contracts: the detail of every event the platform publishes on the province bus.
// Publishers validate against these before sending; tests validate what arrives.
import { z } from 'zod';

const base = {
  caseNo: z.string(),
  province: z.string().regex(/^\d{2}$/),
  at: z.iso.datetime(),
};

export const eventContracts = {
  CaseSubmitted: z.strictObject({ ...base, itemCode: z.string(), applicationId: z.string() }),
  CaseAccepted: z.strictObject({ ...base, departments: z.array(z.string()).min(1) }),
  CaseNotAccepted: z.strictObject({
    ...base,
    deficiencies: z.array(z.strictObject({ materialCode: z.string(), problem: z.string(), detail: z.string() })).min(1),
  }),
  WorkItemOpened: z.strictObject({ ...base, workItemId: z.string(), department: z.string() }),
  DepartmentDecided: z.strictObject({
    ...base,
    workItemId: z.string(),
    department: z.string(),
    decision: z.enum(['approve', 'refuse']),
  }),
  /**
   * 电子监察 (issue #7): a work item or a case reached a warning level, once per level and due date
   * (`at` is the sweep's instant). yellow: `remainingDays` working days or fewer remain (the
   * province's supervision threshold); red: overdue (`remainingDays` < 0). `department` is the
   * work item's department, or the case's lead department for a case warning.
   */
  DeadlineWarning: z.strictObject({
    ...base,
    subject: z.enum(['work-item', 'case']),
    level: z.enum(['yellow', 'red']),
    department: z.string(),
    workItemId: z.string().optional(),
    itemCode: z.string(),
    due: z.iso.datetime(),
    dueLastDay: z.iso.date(),
    remainingDays: z.number().int(),
  }),
  LicenceIssued: z.strictObject({ ...base, licenceId: z.string(), licenceType: z.string() }),
  CaseCompleted: z.strictObject({ ...base, licenceId: z.string() }),
  CaseRefused: z.strictObject({
    ...base,
    reasons: z.array(z.strictObject({ department: z.string(), reason: z.string(), legalBasis: z.string() })).min(1),
  }),
} as const;

export type DetailType = keyof typeof eventContracts;
export type EventDetail<T extends DetailType> = z.infer<(typeof eventContracts)[T]>;

/** The EventBridge `source` of every platform event of a province. */
export const eventSource = (province: string): string => `no-meeting-approval.${province}`;
