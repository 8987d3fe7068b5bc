// THE function table: every Lambda handler, what it may touch, and nothing else.
// CDK builds one NodejsFunction per entry and grants exactly `access`; the local stack imports the
// same entry files in-process. Add a handler here, never in a construct.
import type { DetailType } from '../events/contracts.ts';

export type TableAccess = 'read' | 'readWrite';
export type DocumentsAccess = 'read' | 'readWrite' | 'presignPut';

export interface FunctionSpec {
  /** Handler module, relative to the repository root; exports `handler`. */
  readonly entry: string;
  readonly description: string;
  readonly access: {
    readonly table?: TableAccess;
    readonly documents?: DocumentsAccess;
    /** start: StartExecution on the case workflow; respond: SendTaskSuccess/Failure. */
    readonly workflow?: 'start' | 'respond';
    readonly events?: 'put';
    /** read: the departments' HMAC keys (to verify their requests or sign pushes to them). */
    readonly departmentKeys?: 'read';
    /** read: the EMS contract (endpoint, credentials, sign key) in Secrets Manager (issue #9). */
    readonly courierCredentials?: 'read';
    /**
     * Licence PDFs under licences/ in the documents bucket (issue #8). write: store (never
     * overwrite) and read back; read: read and hand out presigned downloads.
     */
    readonly licences?: 'read' | 'write';
    /** The e-seal key (issue #8). sign: kms:Sign (the issuing function only); verify: kms:GetPublicKey. */
    readonly signer?: 'sign' | 'verify';
    /**
     * The audit archive (issue #18): write: put checkpoints and trails (never delete; read and list
     * to chain a checkpoint to the last), kms:Sign with the audit key; read: get and list, and
     * kms:GetPublicKey to check the signatures.
     */
    readonly auditArchive?: 'write' | 'read';
  };
  /**
   * Files copied next to the bundle, by name in the bundle → path from the repository root (the
   * licence font). Locally handlers read them from node_modules. @default none
   */
  readonly files?: Readonly<Record<string, string>>;
  /**
   * Invoked asynchronously for every event of this detail type on the province bus: in AWS an
   * EventBridge rule with a dead-letter queue (infra/constructs/event-trigger.ts), locally a
   * subscription on the local bus. @default not triggered by events
   */
  readonly trigger?: DetailType;
  /**
   * Invoked on a fixed rate with no input: in AWS an EventBridge Scheduler schedule
   * (infra/constructs/scheduled-invocation.ts), locally a timer of the local stack.
   * @default not scheduled
   */
  readonly schedule?: { readonly everyMinutes: number };
  /**
   * Reads PUBLIC_BASE_URL, the console's origin (receipts link to its tracking page): set by CDK
   * from the console's distribution (infra/constructs/console.ts). @default false
   */
  readonly publicBaseUrl?: boolean;
  /** @default 10 */
  readonly timeoutSeconds?: number;
  /** @default 512 */
  readonly memoryMb?: number;
}

export const functionSpecs = {
  createApplication: {
    entry: 'functions/api/create-application.ts',
    description: 'POST /applications: create a draft application (403 naming applicant.kind when the item does not admit the applicant)',
    access: { table: 'readWrite' },
  },
  getApplication: {
    entry: 'functions/api/get-application.ts',
    description: 'GET /applications/{id}: my draft or submitted application and its documents',
    access: { table: 'read' },
  },
  updateApplication: {
    entry: 'functions/api/update-application.ts',
    description: 'PATCH /applications/{id}: change a draft (form data, delivery choice)',
    access: { table: 'readWrite' },
  },
  listCases: {
    entry: 'functions/api/list-cases.ts',
    description: 'GET /cases: my cases, newest first',
    access: { table: 'read' },
  },
  createUpload: {
    entry: 'functions/api/create-upload.ts',
    description: 'POST /applications/{id}/uploads: presigned upload for one material',
    access: { table: 'read', documents: 'presignPut' },
  },
  submitApplication: {
    entry: 'functions/api/submit-application.ts',
    description: 'POST /applications/{id}/submit: turn a draft into a case and start its workflow',
    access: { table: 'readWrite', workflow: 'start', events: 'put' },
    publicBaseUrl: true,
  },
  getCase: {
    entry: 'functions/api/get-case.ts',
    description: 'GET /cases/{caseNo}: status and timeline of one of my cases',
    access: { table: 'read' },
  },
  listWorkItems: {
    entry: 'functions/api/list-work-items.ts',
    description: 'GET /departments/{code}/work-items: a department pulls its open work items',
    access: { table: 'readWrite', departmentKeys: 'read' },
  },
  decideWorkItem: {
    entry: 'functions/api/decide-work-item.ts',
    description: 'POST /work-items/{id}/decision: a department decides its work item',
    access: { table: 'readWrite', workflow: 'respond', events: 'put', departmentKeys: 'read' },
  },
  // Issue #16: the department desk. The officer's department comes from the token, not a signature.
  listOfficerWorkItems: {
    entry: 'functions/api/officer-list-work-items.ts',
    description: "GET /officer/work-items: the signed-in officer's department inbox, due-date order, with warnings",
    access: { table: 'read' },
  },
  getOfficerWorkItem: {
    entry: 'functions/api/officer-get-work-item.ts',
    description: 'GET /officer/work-items/{id}: a work item of my department with its case, documents (download links), requirement and the actions allowed now',
    access: { table: 'read', documents: 'read' },
  },
  decideOfficerWorkItem: {
    entry: 'functions/api/officer-decide-work-item.ts',
    description: 'POST /officer/work-items/{id}/decision: an officer decides a work item of their department, audited with their id',
    access: { table: 'readWrite', workflow: 'respond', events: 'put' },
  },
  getTracking: {
    entry: 'functions/api/get-tracking.ts',
    description: "GET /tracking/{caseNo}: a case's public tracking page (status, phase, deadlines, timeline; no personal data), with the receipt's key",
    access: { table: 'read' },
  },
  verifyDocument: {
    entry: 'functions/steps/verify-document.ts',
    description: 'S3 ObjectCreated: verify an uploaded document (size, type by magic bytes, sha256)',
    access: { table: 'readWrite', documents: 'readWrite' },
    timeoutSeconds: 30,
  },
  preReview: {
    entry: 'functions/steps/pre-review.ts',
    description: 'Workflow PreReview: materials, form and eligibility; one correction notice, or accept (with deficiencies), or not',
    // read: cited e-licences are checked in the licence library (same table).
    access: { table: 'readWrite', events: 'put', auditArchive: 'write' },
  },
  // Issue #5: the waits of pre-review and the applicant's answers.
  awaitCorrection: {
    entry: 'functions/steps/await-correction.ts',
    description: 'Workflow AwaitCorrection: keep the task token on the correction wait until the applicant answers',
    // respond: answered at once when the applicant was faster than the workflow.
    access: { table: 'readWrite', workflow: 'respond' },
  },
  withdrawCase: {
    entry: 'functions/steps/withdraw-case.ts',
    description: 'Workflow WithdrawCase: the correction window ran out, the application is deemed withdrawn',
    access: { table: 'readWrite', events: 'put', auditArchive: 'write' },
  },
  openAcceptance: {
    entry: 'functions/steps/open-acceptance.ts',
    description: "Workflow AwaitAcceptance: open the receiving window's acceptance work item holding the task token",
    access: { table: 'readWrite', events: 'put', workflow: 'respond' },
  },
  submitCorrection: {
    entry: 'functions/api/submit-correction.ts',
    description: 'POST /cases/{caseNo}/corrections: answer a correction notice or a department supplement, or supply materials owed after acceptance with deficiencies',
    access: { table: 'readWrite', workflow: 'respond', events: 'put' },
  },
  signCommitment: {
    entry: 'functions/api/sign-commitment.ts',
    description: "POST /applications/{id}/commitments: sign a material's commitment text in place of its proof",
    access: { table: 'readWrite' },
  },
  openWorkItem: {
    entry: 'functions/steps/open-work-item.ts',
    description: 'Workflow OpenWorkItem: store the task token on the department work item',
    // respond: a resumed execution's task is answered at once from a decision recorded earlier.
    access: { table: 'readWrite', events: 'put', workflow: 'respond' },
  },
  issueLicence: {
    // The task wrapper holds issuance while 容缺 materials are owed (waitForTaskToken) and resumes
    // it on DeficienciesSupplied; issue-licence.ts issues.
    entry: 'functions/steps/issue-licence-task.ts',
    description: 'Workflow IssueLicence: decide the outcome, record the licence, complete the case (held while materials are owed)',
    access: { table: 'readWrite', events: 'put', workflow: 'respond', licences: 'write', signer: 'sign', auditArchive: 'write' },
    trigger: 'DeficienciesSupplied',
    // Issue #8: the PDF library and the CJK font are in this bundle only (functions/adapters/licence-font.ts).
    files: { 'licence-font.woff': 'node_modules/@fontsource/noto-sans-sc/files/noto-sans-sc-chinese-simplified-400-normal.woff' },
    // Rendering the PDF (font subset, QR code) and two signatures: about a second warm, more cold.
    timeoutSeconds: 30,
    memoryMb: 1024,
  },
  refuseCase: {
    entry: 'functions/steps/refuse-case.ts',
    description: 'Workflow RefuseCase: refuse with every reason and close the open work items',
    access: { table: 'readWrite', events: 'put', auditArchive: 'write' },
  },
  recordFailure: {
    entry: 'functions/steps/record-failure.ts',
    description: 'Workflow RecordFailure: record an unexpected workflow error on the case',
    access: { table: 'readWrite', auditArchive: 'write', events: 'put' },
  },
  // Issue #3: the public catalogue. No table, documents, workflow or events: the catalogue is
  // bundled with the code and validated at cold start.
  listCatalogueItems: {
    entry: 'functions/api/catalogue-list-items.ts',
    description: 'GET /catalogue/items: service items with who may apply (applicantKinds), filtered and paged (public, cacheable)',
    access: {},
  },
  getCatalogueItem: {
    entry: 'functions/api/catalogue-get-item.ts',
    description: 'GET /catalogue/items/{code}: one service item with its implementation list and who may apply (applicantKinds; public)',
    access: {},
  },
  listCatalogueBundles: {
    entry: 'functions/api/catalogue-list-bundles.ts',
    description: 'GET /catalogue/bundles: one-thing bundles (public, cacheable)',
    access: {},
  },
  getCatalogueBundle: {
    entry: 'functions/api/catalogue-get-bundle.ts',
    description: 'GET /catalogue/bundles/{code}: one bundle with its merged form (public)',
    access: {},
  },
  catalogueGuide: {
    entry: 'functions/api/catalogue-guide.ts',
    description: 'POST /catalogue/guide: item or bundle + situation answers -> exact materials, limits, fees, who may apply (public)',
    access: {},
  },
  getOpenApi: {
    entry: 'functions/api/openapi.ts',
    description: 'GET /openapi.json: the OpenAPI 3.1 description of this API, from the route table and its zod schemas (public)',
    access: {},
  },
  // Issue #6: push each new work item to its department's webhook (signed, retried, dead-lettered).
  pushWorkItem: {
    entry: 'functions/steps/push-work-item.ts',
    description: 'WorkItemOpened: push the new work item to the department webhook, signed, with retries',
    access: { table: 'readWrite', departmentKeys: 'read' },
    trigger: 'WorkItemOpened',
    // Five tries of at most 5 s with backoff 1+2+4+8 s (jittered) fit with time left to record.
    timeoutSeconds: 60,
  },
  // Issue #7: electronic supervision (电子监察) of deadlines, and its statistics.
  superviseDeadlines: {
    entry: 'functions/steps/supervise-deadlines.ts',
    description: 'Every 15 minutes: raise yellow and red deadline warnings on work items and cases, once per level',
    // auditArchive: the sweep withdraws cases whose correction window ran out (expire-waits.ts).
    access: { table: 'readWrite', events: 'put', auditArchive: 'write' },
    schedule: { everyMinutes: 15 },
    // A sweep is a catch-up: whatever one run leaves undone the next finds again.
    timeoutSeconds: 300,
  },
  notifySupervisor: {
    entry: 'functions/steps/notify-supervisor.ts',
    description: "DeadlineWarning: notify the department's supervisor webhook, signed, with retries",
    access: { departmentKeys: 'read' },
    trigger: 'DeadlineWarning',
    timeoutSeconds: 60,
  },
  supervisionStats: {
    entry: 'functions/api/supervision-stats.ts',
    description: 'GET /supervision/stats: on-time rate, overdue cases, 3550 compliance and online share for a supervisor',
    access: { table: 'read' },
    timeoutSeconds: 30,
  },
  supervisionWarnings: {
    entry: 'functions/api/supervision-warnings.ts',
    description: 'GET /supervision/warnings: the live red/yellow list of open work items for a supervisor',
    access: { table: 'read' },
  },
  // Issue #9: EMS courier hand-off (快递送): originals collected before approval, results delivered
  // after issuance, tracking pushed by EMS to a sealed webhook.
  collectOriginals: {
    entry: 'functions/steps/collect-originals.ts',
    description: 'Workflow CollectOriginals: EMS pickup of the originals a case requires; waits until the service centre receives them',
    // respond: answers its own token when nothing is to be collected, or a resumed wait at once.
    access: { table: 'readWrite', workflow: 'respond', events: 'put', courierCredentials: 'read' },
    // Order, label and (on resume) a tracking query to EMS, 5 s each at most.
    timeoutSeconds: 30,
  },
  deliverResult: {
    entry: 'functions/steps/deliver-result.ts',
    description: 'Workflow DeliverResult: EMS delivery of the result when the applicant chose it; waits until signed for',
    access: { table: 'readWrite', workflow: 'respond', events: 'put', courierCredentials: 'read' },
    timeoutSeconds: 30,
  },
  courierTracking: {
    entry: 'functions/api/courier-tracking.ts',
    description: 'POST /courier/ems/tracking: EMS tracking push (040002), sealed with the contract key; answers the waiting hand-off',
    access: { table: 'readWrite', workflow: 'respond', events: 'put', courierCredentials: 'read' },
  },
  // Issue #8: the licence library (我的证照), departments' use of it (用证), revocation, public
  // verification and the published keys, and citing a licence instead of an upload.
  listLicences: {
    entry: 'functions/api/list-licences.ts',
    description: 'GET /licences: my e-licences (the licence library), newest first',
    access: { table: 'read' },
  },
  getLicence: {
    entry: 'functions/api/get-licence.ts',
    description: 'GET /licences/{id}: one of my e-licences, its PDF download and every department read of it',
    access: { table: 'read', licences: 'read' },
  },
  readLicence: {
    entry: 'functions/api/department-get-licence.ts',
    description: 'GET /departments/{code}/licences/{id}: a department reads a licence, its purpose of use recorded',
    access: { table: 'readWrite', departmentKeys: 'read', licences: 'read' },
  },
  revokeLicence: {
    entry: 'functions/api/revoke-licence.ts',
    description: 'POST /licences/{id}/revoke: the issuing department revokes a licence, with its reason',
    access: { table: 'readWrite', departmentKeys: 'read', events: 'put' },
  },
  verifyLicence: {
    entry: 'functions/api/verify-licence.ts',
    description: 'GET /licences/{id}/verify: e-seal over data and stored PDF, revocation, expiry (public)',
    access: { table: 'read', licences: 'read', signer: 'verify' },
  },
  verifyLicenceToken: {
    entry: 'functions/api/verify-licence-token.ts',
    description: "POST /licences/verify: a licence QR code's signed token against the published keys and the library (public)",
    access: { table: 'read', signer: 'verify' },
  },
  getLicenceKeys: {
    entry: 'functions/api/licence-keys.ts',
    description: 'GET /.well-known/licence-keys: the JWK set licences verify against (public)',
    access: { signer: 'verify' },
  },
  getLicenceCertificates: {
    entry: 'functions/api/licence-certificates.ts',
    description: "GET /.well-known/licence-certificates: the seal key's self-signed certificates, for PDF signature checks (public)",
    access: { table: 'read', signer: 'verify' },
  },
  citeLicence: {
    entry: 'functions/api/cite-licence.ts',
    description: 'POST /applications/{id}/citations: cite an e-licence I hold instead of uploading a material',
    access: { table: 'readWrite' },
  },
  // Issue #18: the audit that survives a writer of the table.
  getCaseAudit: {
    entry: 'functions/api/get-case-audit.ts',
    description: "GET /cases/{caseNo}/audit: a case's audit trail for a supervisor, verified against its signed checkpoints and export",
    access: { table: 'read', auditArchive: 'read' },
  },
  checkpointOpenCases: {
    entry: 'functions/steps/checkpoint-open-cases.ts',
    description: 'Every hour: checkpoint the audit chain of every case still in flight whose head moved since its last checkpoint',
    access: { table: 'read', auditArchive: 'write' },
    schedule: { everyMinutes: 60 },
    timeoutSeconds: 300,
  },
} as const satisfies Record<string, FunctionSpec>;

export type FunctionName = keyof typeof functionSpecs;

/** The ASL substitution naming a function's ARN, e.g. `${PreReviewFunctionArn}`. */
export const arnSubstitution = (name: FunctionName): string =>
  `${name.charAt(0).toUpperCase()}${name.slice(1)}FunctionArn`;
