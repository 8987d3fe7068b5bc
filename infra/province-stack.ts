// One province's platform: composes the constructs, nothing else.
import { Stack, type StackProps } from 'aws-cdk-lib';
import { Alarm } from 'aws-cdk-lib/aws-cloudwatch';
import type { Construct } from 'constructs';
import { Api, type ApplicantIdentityProvider } from './constructs/api.ts';
import { CaseStore } from './constructs/case-store.ts';
import { Console } from './constructs/console.ts';
import { CourierCredentials } from './constructs/courier.ts';
import { Documents } from './constructs/documents.ts';
import { CaseEvents } from './constructs/events.ts';
import { DepartmentKeys } from './constructs/department-keys.ts';
import { Handlers } from './constructs/handlers.ts';
import { AuditArchive } from './constructs/audit-archive.ts';
import { Licensing } from './constructs/licensing.ts';
import { Observability } from './constructs/observability.ts';
import { Workflow } from './constructs/workflow.ts';
import type { Deployment } from './deployment.ts';
import type { Province } from './provinces/schema.ts';

export interface ProvinceStackProps extends StackProps {
  /** The validated province config (infra/provinces). */
  readonly province: Province;
  /** What deploying needs beyond the catalogue (deployment.ts): sign-in, domain, alarm recipients. */
  readonly deployment: Deployment;
  /** The province's OIDC issuer and audience for applicants' tokens. */
  readonly applicantIdentity: ApplicantIdentityProvider;
  /**
   * Browser origins of front ends besides the console (API CORS and presigned uploads).
   * @default the province config's `allowedOrigins`, else none: the console alone
   */
  readonly allowedOrigins?: readonly string[];
  /**
   * The built console (console/dist) to deploy. @default none: only its /config.json (infra tests
   * synthesise without building; infra/app.ts builds it first)
   */
  readonly consoleDist?: string;
}

export class ProvinceStack extends Stack {
  readonly caseStore: CaseStore;
  readonly documents: Documents;
  readonly events: CaseEvents;
  readonly handlers: Handlers;
  readonly workflow: Workflow;
  readonly api: Api;
  readonly console: Console;
  readonly observability: Observability;

  constructor(scope: Construct, id: string, props: ProvinceStackProps) {
    super(scope, id, props);
    const provinceCode = props.province.code;

    this.caseStore = new CaseStore(this, 'CaseStore');
    const allowedOrigins = props.allowedOrigins ?? props.province.allowedOrigins ?? [];
    // CORS names the front ends it admits: never `*`, never a path.
    const bad = allowedOrigins.find((origin) => !/^https:\/\/[^/*\s]+$/.test(origin));
    if (bad !== undefined) throw new Error(`allowedOrigins: "${bad}" is not an https origin (https://host[:port]; never *)`);
    this.documents = new Documents(this, 'Documents');
    this.events = new CaseEvents(this, 'Events', { provinceCode });

    const departmentKeys = new DepartmentKeys(this, 'DepartmentKeys', { provinceCode, departments: props.province.departments });
    const courierCredentials = new CourierCredentials(this, 'Courier', { provinceCode });
    const licensing = new Licensing(this, 'Licensing', { provinceCode, partition: props.province.partition, documents: this.documents });
    const auditArchive = new AuditArchive(this, 'AuditArchive', {
      provinceCode,
      partition: props.province.partition,
      retentionYears: props.province.auditRetentionYears,
      accessLogs: this.documents.accessLogs,
    });
    this.handlers = new Handlers(this, 'Handlers', {
      provinceCode,
      auditArchive,
      partition: props.province.partition,
      departmentKeys,
      courierCredentials,
      licensing,
      table: this.caseStore.table,
      documents: this.documents,
      bus: this.events.bus,
    });
    const functions = this.handlers.functions;

    this.workflow = new Workflow(this, 'Workflow', {
      functions,
      stateMachineName: `no-meeting-approval-${provinceCode}-case`,
    });
    this.handlers.connectWorkflow(this.workflow);
    this.documents.notifyUploads(functions.verifyDocument);

    this.api = new Api(this, 'Api', {
      functions,
      applicantIdentity: props.applicantIdentity,
      allowedOrigins,
    });

    // Issue #16: the console on the API's origin; receipts link to its tracking page (issue #15 item 4).
    const oidc = props.applicantIdentity;
    this.console = new Console(this, 'Console', {
      httpApi: this.api.httpApi,
      config: {
        province: { code: provinceCode, name: props.province.name },
        signIn: { kind: 'oidc', issuer: oidc.issuer, clientId: oidc.audience[0] ?? '', scopes: ['openid'] },
      },
      ...(props.consoleDist ? { distDir: props.consoleDist } : {}),
      partition: props.province.partition,
      ...(props.deployment.domain ? { domain: props.deployment.domain } : {}),
      accessLogsBucket: this.documents.accessLogs,
    });
    this.handlers.connectConsole(this.console.url);
    this.documents.allowUploadsFrom([this.console.url, ...allowedOrigins]);

    this.observability = new Observability(this, 'Observability', {
      provinceCode,
      stateMachine: this.workflow.stateMachine,
      httpApi: this.api.httpApi,
      table: this.caseStore.table,
      functions,
      asyncFunctions: { verifyDocument: functions.verifyDocument },
      recipients: props.deployment.alarms,
    });
    this.observability.addAlarmStatus(this.node.findAll().filter((node): node is Alarm => node instanceof Alarm));
  }
}
