// The one opinionated Lambda function: every handler in infra/functions.ts is built here, so the
// defaults (arm64, Node 24, ESM, minified with source maps, own log group, tracing) live in one
// place, and every permission is granted through a helper that names what the handler does.
import { fileURLToPath } from 'node:url';
import { CfnElement, Duration, Stack, Validations } from 'aws-cdk-lib';
import type { ITable } from 'aws-cdk-lib/aws-dynamodb';
import type { IEventBus } from 'aws-cdk-lib/aws-events';
import { PolicyStatement, Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import type { IKey } from 'aws-cdk-lib/aws-kms';
import { Architecture, Runtime, Tracing, type ILayerVersion } from 'aws-cdk-lib/aws-lambda';
import { NodejsFunction } from 'aws-cdk-lib/aws-lambda-nodejs';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { IBucket } from 'aws-cdk-lib/aws-s3';
import type { IStateMachine } from 'aws-cdk-lib/aws-stepfunctions';
import { Construct } from 'constructs';
import type { FunctionSpec } from '../functions.ts';
import { tableDesign } from '../table-design.ts';
import { uploadPrefix } from './documents.ts';
import { handlerBundling } from './handler-bundling.ts';

/** The repository root: entries in infra/functions.ts are relative to it. */
const repositoryRoot = fileURLToPath(new URL('../../', import.meta.url));

export interface HandlerFunctionProps {
  /** The handler's row in infra/functions.ts. */
  readonly spec: FunctionSpec;
  /**
   * Environment every handler reads at cold start (functions/adapters/config.ts parses it with zod).
   * Names are not permissions: access comes only from the grant helpers.
   */
  readonly environment: Readonly<Record<string, string>>;
  /** The Powertools layer (powertools-layer.ts): the Tracer the bundle leaves out. */
  readonly powertools: ILayerVersion;
  /**
   * 《网络安全法》第二十一条: network logs are kept for no less than six months.
   * @default RetentionDays.SIX_MONTHS
   */
  readonly logRetention?: RetentionDays;
}

export class HandlerFunction extends Construct {
  readonly function: NodejsFunction;
  readonly role: Role;
  readonly logGroup: LogGroup;

  constructor(scope: Construct, id: string, props: HandlerFunctionProps) {
    super(scope, id);

    this.logGroup = new LogGroup(this, 'Logs', { retention: props.logRetention ?? RetentionDays.SIX_MONTHS });

    // An explicit role instead of AWSLambdaBasicExecutionRole: that managed policy may write to any
    // log group in the account; this role writes only to the function's own.
    this.role = new Role(this, 'Role', {
      assumedBy: new ServicePrincipal('lambda.amazonaws.com'),
      description: props.spec.description,
    });
    this.logGroup.grantWrite(this.role);

    this.function = new NodejsFunction(this, 'Function', {
      entry: `${repositoryRoot}${props.spec.entry}`,
      handler: 'handler',
      description: props.spec.description,
      runtime: Runtime.NODEJS_24_X,
      architecture: Architecture.ARM_64,
      memorySize: props.spec.memoryMb ?? 512,
      timeout: Duration.seconds(props.spec.timeoutSeconds ?? 10),
      role: this.role,
      logGroup: this.logGroup,
      tracing: Tracing.ACTIVE,
      layers: [props.powertools],
      projectRoot: repositoryRoot,
      depsLockFilePath: `${repositoryRoot}package-lock.json`,
      environment: {
        ...props.environment,
        // Stack traces point at the TypeScript sources, not the minified bundle.
        NODE_OPTIONS: '--enable-source-maps',
      },
      // ESM, minified, the SDK inside: one definition, shared with the benchmark's size measurement.
      bundling: props.spec.files ? { ...handlerBundling, commandHooks: copyFiles(props.spec.files) } : handlerBundling,
    });

    // X-Ray's PutTraceSegments/PutTelemetryRecords have no resource-level permissions.
    this.acknowledgeWildcard('Resource::*', 'X-Ray tracing (Tracing.ACTIVE): xray:PutTraceSegments and xray:PutTelemetryRecords support no resource-level permissions.');
  }

  /** Reads cases, applications, documents' metadata and licences; no write of any kind. */
  grantTableRead(table: ITable): void {
    table.grantReadData(this.role);
    this.acknowledgeIndexes(table);
  }

  /** Reads and writes the case store (conditional puts, updates and transactions). */
  grantTableReadWrite(table: ITable): void {
    table.grantReadWriteData(this.role);
    this.acknowledgeIndexes(table);
    this.acknowledgeKeyDataKeyActions('the case store table');
  }

  /** Reads uploaded materials. */
  grantDocumentsRead(bucket: IBucket, key: IKey): void {
    this.role.addToPrincipalPolicy(new PolicyStatement({ actions: ['s3:GetObject'], resources: [bucket.arnForObjects(`${uploadPrefix}*`)] }));
    key.grantDecrypt(this.role);
    this.acknowledgeUploads(bucket);
  }

  /** Reads uploaded materials and removes rejected or superseded ones. */
  grantDocumentsReadWrite(bucket: IBucket, key: IKey): void {
    this.role.addToPrincipalPolicy(
      new PolicyStatement({ actions: ['s3:GetObject', 's3:PutObject', 's3:DeleteObject'], resources: [bucket.arnForObjects(`${uploadPrefix}*`)] }),
    );
    key.grant(this.role, 'kms:Decrypt', 'kms:GenerateDataKey');
    this.acknowledgeUploads(bucket);
  }

  /**
   * Signs presigned PUT URLs. The browser's PUT runs with this role's permissions, so the role may
   * put objects under the upload prefix and nothing else; S3 asks KMS for a data key on its behalf.
   */
  grantDocumentsPresignPut(bucket: IBucket, key: IKey): void {
    this.role.addToPrincipalPolicy(new PolicyStatement({ actions: ['s3:PutObject'], resources: [bucket.arnForObjects(`${uploadPrefix}*`)] }));
    key.grant(this.role, 'kms:GenerateDataKey');
    this.acknowledgeUploads(bucket);
  }

  /** Starts the case workflow; its ARN is the function's STATE_MACHINE_ARN. */
  grantWorkflowStart(stateMachine: IStateMachine): void {
    stateMachine.grantStartExecution(this.role);
    this.function.addEnvironment('STATE_MACHINE_ARN', stateMachine.stateMachineArn);
  }

  /** Answers task tokens (SendTaskSuccess/Failure/Heartbeat); needs no ARN in its environment. */
  grantWorkflowRespond(stateMachine: IStateMachine): void {
    stateMachine.grantTaskResponse(this.role);
  }

  /** Publishes domain events on the province bus. */
  grantEventsPut(bus: IEventBus): void {
    bus.grantPutEventsTo(this.role);
  }

  // DynamoDB grants include `<table>/index/*`: queries on the three GSIs of infra/table-design.ts.
  private acknowledgeIndexes(table: ITable): void {
    this.acknowledgeWildcard(
      `Resource::<${logicalIdOf(table)}.Arn>/index/*`,
      `Queries the case store GSIs of infra/table-design.ts (${Object.keys(tableDesign.indexes).join(', ')}); an index ARN is the table ARN + /index/<name>.`,
    );
  }

  // Table#grantReadWriteData grants the key's kms:ReEncrypt* and kms:GenerateDataKey* families.
  private acknowledgeKeyDataKeyActions(what: string): void {
    const reason = `CDK's grantReadWriteData on ${what} (customer-managed KMS key): data-key generation and re-encryption on that one key only.`;
    this.acknowledgeWildcard('Action::kms:ReEncrypt*', reason);
    this.acknowledgeWildcard('Action::kms:GenerateDataKey*', reason);
  }

  private acknowledgeUploads(bucket: IBucket): void {
    this.acknowledgeWildcard(
      `Resource::<${logicalIdOf(bucket)}.Arn>/${uploadPrefix}*`,
      `Object keys are generated per upload (${uploadPrefix}<applicationId>/<material>/<uuid>); access is limited to that prefix.`,
    );
  }

  private acknowledgeWildcard(finding: string, reason: string): void {
    Validations.of(this.role).acknowledge({ id: `AwsSolutions-IAM5[${finding}]`, reason });
  }
}

/** Copies a spec's `files` (repository paths) next to the bundle after esbuild has run. */
const copyFiles = (files: Readonly<Record<string, string>>) => ({
  beforeBundling: (): string[] => [],
  beforeInstall: (): string[] => [],
  afterBundling: (inputDir: string, outputDir: string): string[] =>
    Object.entries(files).map(([name, path]) => `cp "${inputDir}/${path}" "${outputDir}/${name}"`),
});

/** The CloudFormation logical id of an L2 resource, as cdk-nag prints it in findings. */
const logicalIdOf = (resource: Construct): string => {
  const cfn = resource.node.defaultChild;
  if (!(cfn instanceof CfnElement)) throw new Error(`${resource.node.path} has no CloudFormation resource of its own`);
  return Stack.of(resource).getLogicalId(cfn);
};
