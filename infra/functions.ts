// THE function table: every Lambda handler, what it may touch, and nothing else.
// CDK builds one NodejsFunction per entry and grants exactly `access`; the local stack imports the
// same entry files in-process. Add a handler here, never in a construct.

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
  };
  /** @default 10 */
  readonly timeoutSeconds?: number;
  /** @default 512 */
  readonly memoryMb?: number;
}

export const functionSpecs = {
  createApplication: {
    entry: 'functions/api/create-application.ts',
    description: 'POST /applications: create a draft application',
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
  },
  getCase: {
    entry: 'functions/api/get-case.ts',
    description: 'GET /cases/{caseNo}: status and timeline of one of my cases',
    access: { table: 'read' },
  },
  listWorkItems: {
    entry: 'functions/api/list-work-items.ts',
    description: 'GET /departments/{code}/work-items: a department pulls its open work items',
    access: { table: 'readWrite' },
  },
  decideWorkItem: {
    entry: 'functions/api/decide-work-item.ts',
    description: 'POST /work-items/{id}/decision: a department decides its work item',
    access: { table: 'readWrite', workflow: 'respond', events: 'put' },
  },
  verifyDocument: {
    entry: 'functions/steps/verify-document.ts',
    description: 'S3 ObjectCreated: verify an uploaded document (size, type by magic bytes, sha256)',
    access: { table: 'readWrite', documents: 'readWrite' },
    timeoutSeconds: 30,
  },
  preReview: {
    entry: 'functions/steps/pre-review.ts',
    description: 'Workflow PreReview: completeness of materials, then accept',
    access: { table: 'readWrite', events: 'put' },
  },
  openWorkItem: {
    entry: 'functions/steps/open-work-item.ts',
    description: 'Workflow OpenWorkItem: store the task token on the department work item',
    // respond: a resumed execution's task is answered at once from a decision recorded earlier.
    access: { table: 'readWrite', events: 'put', workflow: 'respond' },
  },
  issueLicence: {
    entry: 'functions/steps/issue-licence.ts',
    description: 'Workflow IssueLicence: decide the outcome, record the licence, complete the case',
    access: { table: 'readWrite', events: 'put' },
  },
  refuseCase: {
    entry: 'functions/steps/refuse-case.ts',
    description: 'Workflow RefuseCase: refuse with every reason and close the open work items',
    access: { table: 'readWrite', events: 'put' },
  },
  recordFailure: {
    entry: 'functions/steps/record-failure.ts',
    description: 'Workflow RecordFailure: record an unexpected workflow error on the case',
    access: { table: 'readWrite' },
  },
} as const satisfies Record<string, FunctionSpec>;

export type FunctionName = keyof typeof functionSpecs;

/** The ASL substitution naming a function's ARN, e.g. `${PreReviewFunctionArn}`. */
export const arnSubstitution = (name: FunctionName): string =>
  `${name.charAt(0).toUpperCase()}${name.slice(1)}FunctionArn`;
