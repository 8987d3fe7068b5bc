// Every handler of infra/functions.ts, built by HandlerFunction and granted exactly its `access`.
// Nothing here names a handler: add one to the function table and it appears in the stack.
import type { ITable } from 'aws-cdk-lib/aws-dynamodb';
import type { IEventBus } from 'aws-cdk-lib/aws-events';
import type { IKey } from 'aws-cdk-lib/aws-kms';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import type { IBucket } from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { eventSource } from '../../events/contracts.ts';
import { functionSpecs, type FunctionName, type FunctionSpec } from '../functions.ts';
import { Duration } from 'aws-cdk-lib';
import type { AuditArchive } from './audit-archive.ts';
import type { CourierCredentials } from './courier.ts';
import type { DepartmentKeys } from './department-keys.ts';
import { EventTrigger } from './event-trigger.ts';
import { HandlerFunction } from './handler-function.ts';
import { powertoolsLayer } from './powertools-layer.ts';
import type { Licensing } from './licensing.ts';
import { ScheduledInvocation } from './scheduled-invocation.ts';
import type { Workflow } from './workflow.ts';

export interface HandlersProps {
  /** GB/T 2260 code of the province (the handlers' PROVINCE). */
  readonly provinceCode: string;
  readonly table: ITable;
  readonly documents: { readonly bucket: IBucket; readonly key: IKey };
  readonly bus: IEventBus;
  readonly departmentKeys: DepartmentKeys;
  /** The EMS contract (issue #9), read by the functions with `courierCredentials: 'read'`. */
  readonly courierCredentials: CourierCredentials;
  /** The e-seal key and the licence PDFs (issue #8), for `access.signer` and `access.licences`. */
  readonly licensing: Licensing;
  /** The audit archive and its signing key (issue #18), for `access.auditArchive`. */
  readonly auditArchive: AuditArchive;
  /** Whose Powertools layer the functions use (powertools-layer.ts). */
  readonly partition: 'aws' | 'aws-cn';
}

export class Handlers extends Construct {
  readonly byName: Readonly<Record<FunctionName, HandlerFunction>>;
  /** The event rules (with their dead-letter queues) of the handlers with a `trigger`. */
  readonly triggers: Readonly<Partial<Record<FunctionName, EventTrigger>>>;
  /** The schedules (with their alarms) of the handlers with a `schedule`. */
  readonly schedules: Readonly<Partial<Record<FunctionName, ScheduledInvocation>>>;

  constructor(scope: Construct, id: string, props: HandlersProps) {
    super(scope, id);
    // functions/adapters/config.ts requires all of these at cold start, whatever the handler uses.
    const environment = {
      PROVINCE: props.provinceCode,
      TABLE_NAME: props.table.tableName,
      BUCKET_NAME: props.documents.bucket.bucketName,
      EVENT_BUS_NAME: props.bus.eventBusName,
    };
    const powertools = powertoolsLayer(this, props.partition);
    this.byName = byFunctionName((name, spec) => {
      const handler = new HandlerFunction(this, pascalCase(name), {
        spec,
        powertools,
        environment: {
          ...environment,
          ...(spec.access.departmentKeys ? { DEPARTMENT_KEYS: props.departmentKeys.source } : {}),
          ...(spec.access.courierCredentials ? { COURIER_CREDENTIALS: props.courierCredentials.source } : {}),
        },
      });
      grantAccess(handler, spec.access, props);
      return handler;
    });
    const triggers: Partial<Record<FunctionName, EventTrigger>> = {};
    byFunctionName((name, spec) => {
      if (spec.trigger === undefined) return;
      triggers[name] = new EventTrigger(this, `${pascalCase(name)}Trigger`, {
        bus: props.bus,
        source: eventSource(props.provinceCode),
        detailType: spec.trigger,
        handler: this.byName[name].function,
        handlerName: name,
      });
    });
    this.triggers = triggers;
    const schedules: Partial<Record<FunctionName, ScheduledInvocation>> = {};
    byFunctionName((name, spec) => {
      if (spec.schedule === undefined) return;
      schedules[name] = new ScheduledInvocation(this, `${pascalCase(name)}Schedule`, {
        handler: this.byName[name].function,
        handlerName: name,
        every: Duration.minutes(spec.schedule.everyMinutes),
      });
    });
    this.schedules = schedules;
  }

  /** The Lambda functions by name, as the workflow and the API integrate them. */
  get functions(): Record<FunctionName, IFunction> {
    return byFunctionName((name) => this.byName[name].function);
  }

  /** Gives the functions that link to the console (`publicBaseUrl`) its URL, once the console exists (it needs the API first). */
  connectConsole(publicBaseUrl: string): void {
    byFunctionName((name, spec) => {
      if (spec.publicBaseUrl) this.byName[name].function.addEnvironment('PUBLIC_BASE_URL', publicBaseUrl);
    });
  }

  /** Grants `access.workflow` once the workflow exists (it needs the functions first). */
  connectWorkflow(workflow: Workflow): void {
    byFunctionName((name, spec) => {
      const handler = this.byName[name];
      if (spec.access.workflow === 'start') handler.grantWorkflowStart(workflow.referenceFor(name));
      if (spec.access.workflow === 'respond') handler.grantWorkflowRespond(workflow.referenceFor(name));
    });
  }
}

/** Calls `make` for every row of the function table, in table order. */
const byFunctionName = <T>(make: (name: FunctionName, spec: FunctionSpec) => T): Record<FunctionName, T> => {
  const result: Partial<Record<FunctionName, T>> = {};
  for (const name of Object.keys(functionSpecs) as FunctionName[]) result[name] = make(name, functionSpecs[name]);
  return result as Record<FunctionName, T>;
};

const grantAccess = (handler: HandlerFunction, access: FunctionSpec['access'], props: HandlersProps): void => {
  const { bucket, key } = props.documents;
  if (access.table === 'read') handler.grantTableRead(props.table);
  if (access.table === 'readWrite') handler.grantTableReadWrite(props.table);
  if (access.documents === 'read') handler.grantDocumentsRead(bucket, key);
  if (access.documents === 'readWrite') handler.grantDocumentsReadWrite(bucket, key);
  if (access.documents === 'presignPut') handler.grantDocumentsPresignPut(bucket, key);
  if (access.events === 'put') handler.grantEventsPut(props.bus);
  if (access.departmentKeys === 'read') props.departmentKeys.grantRead(handler.function);
  if (access.courierCredentials === 'read') props.courierCredentials.grantRead(handler.function);
  if (access.signer === 'sign') props.licensing.grantSign(handler);
  if (access.signer === 'verify') props.licensing.grantVerify(handler);
  if (access.licences === 'write') props.licensing.grantPdfWrite(handler);
  if (access.licences === 'read') props.licensing.grantPdfRead(handler);
  if (access.auditArchive === 'write') props.auditArchive.grantWrite(handler);
  if (access.auditArchive === 'read') props.auditArchive.grantRead(handler);
};

const pascalCase = (name: string): string => `${name.charAt(0).toUpperCase()}${name.slice(1)}`;
