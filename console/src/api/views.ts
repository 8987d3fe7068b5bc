// What the console reads from each answer: the parts of the API's response bodies it uses.

export interface Department {
  code: string;
  name: string;
}

export interface CatalogueItemSummary {
  code: string;
  name: string;
  type: string;
  departments: Department[];
  statutoryDays: number;
  committedDays: number;
  visits: number;
  licence?: { type: string; name: string };
  hasSituations: boolean;
}

export interface Material {
  code: string;
  name: string;
  key?: boolean;
  contentTypes: string[];
  maxBytes: number;
  originalRequired?: boolean;
  licences?: Array<{ type: string; name: string }>;
  licenceTypes?: string[];
  deficiencyAllowed?: boolean;
  guidance?: string;
  commitment?: { text: string };
}

export interface Question {
  code: string;
  question: string;
  help?: string;
  options: Array<{ code: string; label: string }>;
}

export interface FormField {
  code: string;
  label: string;
  kind: string;
  required?: boolean;
}

export interface Fee {
  name: string;
  amountFen: number;
  basis?: string;
}

export interface CatalogueItem extends CatalogueItemSummary {
  legalBasis: string;
  conditions: string[];
  materials: Material[];
  questions: Question[];
  fees: Fee[];
  totalFeeFen: number;
  form: FormField[];
  delivery: string[];
  manualAcceptance: boolean;
  applicantKinds?: string[] | null;
}

export interface Bundle {
  code: string;
  name: string;
  description?: string;
  items: Array<{ code: string; name: string; optional: boolean }>;
  departments: Department[];
  committedDays: number;
  questions?: Question[];
}

export interface Guide {
  subject: { kind: 'item' | 'bundle'; code: string; name: string };
  materials: Array<Material & { items: string[] }>;
  departments: string[];
  statutoryDays: number;
  committedDays: number;
  fees: Fee[];
  totalFeeFen: number;
  applicantKinds: string[];
  form: FormField[];
  delivery: string[];
  names: { departments: Record<string, string>; licenceTypes: Record<string, string> };
}

export interface DocumentView {
  materialCode: string;
  fileName: string;
  contentType: string;
  size: number;
  /** pending, verified or rejected */
  status: string;
  reason?: string;
  url?: string;
}

export interface Application {
  id: string;
  status: string;
  itemCode?: string;
  bundleCode?: string;
  itemName: string;
  materials: Material[];
  documents?: DocumentView[];
  citations?: Array<{ materialCode: string; licenceId: string }>;
  commitments?: Array<{ materialCode: string }>;
  formData?: Record<string, string | number | boolean>;
  caseNo?: string;
}

export interface UploadTicket {
  upload: { url: string; method: string; headers: Record<string, string> };
}

export interface Receipt {
  caseNo: string;
  itemName: string;
  submittedAt: string;
  trackingUrl: string;
  trackingKey?: string;
  qrCodeSvg: string;
}

export interface TimelineEntry {
  seq?: number;
  at: string;
  action: string;
  summary: string;
  actor?: string;
}

export interface Deadlines {
  acceptedAt: string;
  committedDue: string;
  committedLastDay: string;
  committedDays: number;
  statutoryLastDay: string;
  statutoryDays: number;
  remainingWorkingDays?: number;
  overdue?: boolean;
  warningLevel?: 'none' | 'yellow' | 'red';
  provisional?: boolean;
  explanation?: { statutory: string[]; committed: string[] };
}

export interface NoticeItem {
  materialCode?: string;
  field?: string;
  name: string;
  problem: string;
  detail: string;
  guidance?: string;
  commitment?: string;
}

export interface Workflow {
  phase: string;
  path: string[];
}

export interface CaseView {
  caseNo: string;
  status: string;
  itemCode: string;
  itemName: string;
  applicant?: { name: string; identityMasked?: string };
  departments: string[];
  submittedAt: string;
  deadlines?: Deadlines;
  documents: DocumentView[];
  timeline: TimelineEntry[];
  correction?: { round: number; items: NoticeItem[]; answerBy: { lastDay: string } };
  deficiencies?: NoticeItem[];
  supplements?: Array<{ department: string; items: NoticeItem[] }>;
  refusalReasons?: Array<{ department: string; reason: string; legalBasis: string }>;
  notAcceptedReason?: { reason: string; legalBasis: string };
  licenceId?: string;
  workflow?: Workflow;
  auditIntact?: boolean;
}

export interface CaseSummary {
  caseNo: string;
  status: string;
  itemName: string;
  submittedAt: string;
  updatedAt: string;
}

export interface LicenceSummary {
  id: string;
  name: string;
  type: string;
  issuer: { department: string; name: string };
  issuedAt: string;
  validUntil: string;
  status: string;
}

export interface Licence extends LicenceSummary {
  holder: { name: string; identityMasked: string };
  caseNo: string;
  itemName: string;
  pdf: { url: string; sha256: string; size: number };
  reads: Array<{ department: string; purpose: string; at: string }>;
}

export interface Verification {
  id: string;
  at: string;
  valid: boolean;
  reasons: string[];
  licence?: LicenceSummary & { holder: { name: string; identityMasked: string } };
}

export interface WorkItem {
  workItemId: string;
  kind: string;
  caseNo: string;
  itemName: string;
  status: string;
  openedAt: string;
  due?: string;
  warning?: 'yellow' | 'red' | null;
}

export interface StatsView {
  period: { from: string; to: string };
  asOf: string;
  cases: { accepted: number; finished: number; inFlight: number; failed: number };
  onTime: { finished: number; onTime: number; percent: number | null };
  workingDays: { averageUsed: number | null; averageCommitted: number | null };
  overdue: { count: number; cases: Array<{ caseNo: string; itemName?: string; department?: string; due?: string; overdueDays?: number }> };
  reform3550: Array<{ category: string; name: string; limitDays: number; cases: number; finished: number; withinLimit: number; percent: number | null }>;
}

export interface Tracking {
  caseNo: string;
  itemNames: string[];
  status: string;
  phase?: string;
  submittedAt: string;
  deadlines?: Partial<Deadlines>;
  timeline: TimelineEntry[];
}

export interface OfficerWorkItem {
  workItem: WorkItem & { department?: string; supplement?: { answeredAt?: string }; suspension?: { resumedAt?: string } };
  case: CaseView & {
    formData?: Record<string, string | number | boolean>;
    requirement?: { materials: Material[] };
    commitments?: Array<{ materialCode: string; text?: string }>;
    citedLicences?: Array<{ materialCode: string; licenceId: string }>;
  };
  allowedActions: string[];
}
