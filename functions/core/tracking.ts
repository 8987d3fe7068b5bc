// Public case tracking (issue #15 item 4): the receipt's QR code opens the console's tracking page
// with the case number and a short secret, the tracking key, kept on the case at submission. The
// page shows where the case is and what happened, in the platform's own words: never a name, an
// identity code, an address, form data or a department's free text (an opinion or a reason may
// quote the applicant), so a lost receipt reveals nothing personal.
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { randomBase32 } from './case-number.ts';
import type { AuditEntry } from './audit.ts';
import type { DeadlinesView } from './case-deadlines.ts';
import type { CaseStatus } from './case-status.ts';
import { parseWorkItemId } from './work-item.ts';
import { workflowPosition, type CaseState } from './workflow-path.ts';

/** 12 Crockford base32 characters: 60 bits, short enough to type from a printed receipt. */
export const TRACKING_KEY_CHARS = 12;
export const trackingKeyPattern = /^[0-9A-HJKMNP-TV-Z]{12}$/;

export const newTrackingKey = (random: Uint8Array = randomBytes(TRACKING_KEY_CHARS)): string => randomBase32(TRACKING_KEY_CHARS, random);

/** Constant-time comparison; a case without a key (submitted before keys existed) matches nothing. */
export const trackingKeyMatches = (stored: string | undefined, given: string | undefined): boolean => {
  if (stored === undefined || given === undefined || given.length !== stored.length) return false;
  return timingSafeEqual(Buffer.from(stored), Buffer.from(given));
};

/** The console's tracking page (hash routing: no server rewrite needed, infra/constructs/console.ts). */
export const trackingUrl = (publicBaseUrl: string, caseNo: string, key: string): string =>
  `${publicBaseUrl.replace(/\/+$/, '')}/#/track/${encodeURIComponent(caseNo)}/${encodeURIComponent(key)}`;

const decisionWords: Readonly<Record<string, string>> = { approve: '审批通过', refuse: '不予许可', accept: '窗口受理', 'not-accept': '不予受理' };

const departmentOf = (entry: AuditEntry): string | undefined => {
  const data = entry.data ?? {};
  if (typeof data.department === 'string') return data.department;
  return typeof data.workItemId === 'string' ? parseWorkItemId(data.workItemId)?.department : undefined;
};

/** The public line of an audit entry, or undefined for entries the public page leaves out (internal ones). */
const publicSummary = (entry: AuditEntry, department: string): string | undefined => {
  switch (entry.action) {
    case 'CaseSubmitted':
      return '申请已提交';
    case 'CorrectionRequested':
      return '需要补正材料（一次性告知）';
    case 'CorrectionSubmitted':
      return '已提交补正材料';
    case 'AcceptanceRequested':
      return '材料齐全，等待窗口受理';
    case 'CaseAccepted':
      return '已受理';
    case 'CaseNotAccepted':
      return '不予受理';
    case 'CaseWithdrawn':
      return '补正期限届满，申请视为撤回';
    case 'WorkItemOpened':
      return `${department} 开始审批`;
    case 'DepartmentDecided':
      return `${department} ${decisionWords[String(entry.data?.decision)] ?? '已作出决定'}`;
    case 'SupplementRequested':
      return `${department} 要求补充材料，暂停计时`;
    case 'SupplementSubmitted':
      return '已提交补充材料';
    case 'DeficienciesSupplied':
      return '已补齐容缺材料';
    case 'ClockSuspended':
      return `${department} 暂停计时（不计入办理时限的环节）`;
    case 'ClockResumed':
      return `${department} 恢复计时`;
    case 'CaseApproved':
      return '审批通过';
    case 'LicenceIssued':
      return '电子证照已签发';
    case 'CaseRefused':
      return '不予许可';
    case 'CourierOrdered':
      return entry.data?.kind === 'delivery' ? '办理结果已交 EMS 寄递' : '已预约 EMS 上门收取原件';
    case 'CourierDispatched':
      return 'EMS 已揽收';
    case 'CourierDelivered':
      return 'EMS 已妥投';
    case 'CourierException':
      return 'EMS 寄递异常，工作人员正在处理';
    case 'CaseFailed':
      return '办理异常，工作人员正在处理';
    default:
      return undefined;
  }
};

export interface TrackingView {
  readonly caseNo: string;
  readonly itemNames: readonly string[];
  readonly status: CaseStatus;
  readonly phase: CaseState;
  readonly submittedAt: string;
  readonly deadlines?: Pick<DeadlinesView, 'statutoryDue' | 'statutoryLastDay' | 'committedDue' | 'committedLastDay' | 'remainingWorkingDays' | 'overdue' | 'warningLevel'>;
  readonly timeline: ReadonlyArray<{ readonly at: string; readonly action: string; readonly summary: string }>;
}

export const trackingView = (
  c: { readonly caseNo: string; readonly status: CaseStatus; readonly submittedAt: string; readonly itemNames: readonly string[] },
  audit: readonly AuditEntry[],
  deadlines: DeadlinesView | undefined,
  departmentName: (code: string) => string,
): TrackingView => ({
  caseNo: c.caseNo,
  itemNames: c.itemNames,
  status: c.status,
  phase: workflowPosition(audit).phase,
  submittedAt: c.submittedAt,
  ...(deadlines
    ? {
        deadlines: {
          statutoryDue: deadlines.statutoryDue,
          statutoryLastDay: deadlines.statutoryLastDay,
          committedDue: deadlines.committedDue,
          committedLastDay: deadlines.committedLastDay,
          ...(deadlines.remainingWorkingDays === undefined ? {} : { remainingWorkingDays: deadlines.remainingWorkingDays }),
          ...(deadlines.overdue === undefined ? {} : { overdue: deadlines.overdue }),
          ...(deadlines.warningLevel === undefined ? {} : { warningLevel: deadlines.warningLevel }),
        },
      }
    : {}),
  timeline: audit.flatMap((entry) => {
    const code = departmentOf(entry);
    const summary = publicSummary(entry, code ? departmentName(code) : '审批部门');
    return summary === undefined ? [] : [{ at: entry.at, action: entry.action, summary }];
  }),
});
