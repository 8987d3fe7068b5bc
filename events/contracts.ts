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
