// The province stack as CloudFormation sees it: the properties that matter, not a snapshot.
// One synth of the demo province (99) per file: bundling every handler takes seconds.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { App, Stack, Validations } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { AwsSolutionsChecks } from 'cdk-nag';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildProvinceApp } from '../../infra/app.ts';
import { demoOidcAudience } from '../../infra/deployment.ts';
import { caseDefinitionFile, invokedFunctions, Workflow } from '../../infra/constructs/workflow.ts';
import { arnSubstitution, functionSpecs, type FunctionName, type FunctionSpec } from '../../infra/functions.ts';
import demo from '../../infra/provinces/99/province.json' with { type: 'json' };
import type { ProvinceStack } from '../../infra/province-stack.ts';
import { routeKey, routes } from '../../infra/routes.ts';
import { tableDesign } from '../../infra/table-design.ts';
import { cdkJsonContext, flatten, only, over, type Json, type Resource } from './template.ts';

const issuer = 'https://issuer.test/realms/province-99';

const names = Object.keys(functionSpecs) as FunctionName[];
const spec = (name: FunctionName): FunctionSpec => functionSpecs[name];
const aslText = readFileSync(caseDefinitionFile, 'utf8');

let app: App;
let stack: ProvinceStack;
let template: Template;
let resources: Record<string, Resource>;
const { ofType, functionId } = over(() => resources);

beforeAll(() => {
  app = new App({ context: { ...cdkJsonContext, province: '99', oidcIssuer: issuer } });
  // cdk-nag runs in its own test below (the CLI registers it as a synth-time plugin).
  stack = buildProvinceApp(app, { checks: false });
  template = Template.fromStack(stack);
  resources = (template.toJSON() as { Resources: Record<string, Resource> }).Resources;
}, 120_000);

// ---------------------------------------------------------------- helpers over the template



/** Every statement of every policy attached to the role `roleLogicalId`. */
const statementsOfRole = (roleLogicalId: string): { actions: string[]; resources: string[] }[] =>
  ofType('AWS::IAM::Policy')
    .filter(([, r]) => (r.Properties.Roles as unknown[]).some((role) => flatten(role) === `<${roleLogicalId}>`))
    .flatMap(([, r]) => (r.Properties.PolicyDocument as { Statement: Json[] }).Statement)
    .map((statement) => ({
      actions: [statement.Action].flat().map(String),
      resources: [statement.Resource].flat().map(flatten),
    }));

const roleOfFunction = (name: FunctionName): string => {
  const role = flatten((resources[functionId(name)] as Resource).Properties.Role);
  return role.replace(/^<|\.Arn>$/g, '');
};

const actionsOf = (name: FunctionName): string[] => statementsOfRole(roleOfFunction(name)).flatMap((s) => s.actions);

const tableWrites = ['dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:DeleteItem', 'dynamodb:BatchWriteItem'];

// ------------------------------------------------------------------------------- workflow

/** Every state name of an ASL definition, nested ones (Map, Parallel) included. */
const stateNames = (definition: { States: Record<string, Json> }): string[] =>
  Object.entries(definition.States).flatMap(([name, state]) => [
    name,
    ...(state.ItemProcessor ? stateNames(state.ItemProcessor as { States: Record<string, Json> }) : []),
    ...((state.Branches as { States: Record<string, Json> }[] | undefined) ?? []).flatMap(stateNames),
  ]);

describe('case workflow', () => {
  const stateMachine = (): Resource => only(ofType('AWS::StepFunctions::StateMachine'), 'one state machine')[1];

  /** The definition after CloudFormation's DefinitionSubstitutions, as Step Functions will get it. */
  const deployedDefinition = (): string => {
    const props = stateMachine().Properties;
    const substitutions = (props.DefinitionSubstitutions ?? {}) as Json;
    return Object.entries(substitutions).reduce(
      (text, [key, value]) => text.replaceAll(`\${${key}}`, flatten(value)),
      flatten(props.DefinitionString),
    );
  };

  it('is a Standard state machine', () => {
    expect(stateMachine().Properties.StateMachineType).toBe('STANDARD');
  });

  it('runs every state of statemachines/case.asl.json with no placeholder left', () => {
    const deployed = deployedDefinition();
    expect(deployed).not.toContain('${');
    const expected = stateNames(JSON.parse(aslText) as { States: Record<string, Json> });
    expect(expected.length).toBeGreaterThan(3);
    expect(stateNames(JSON.parse(deployed) as { States: Record<string, Json> }).sort()).toEqual([...expected].sort());
  });

  it('substitutes each placeholder with the ARN of the function it names', () => {
    const substitutions = stateMachine().Properties.DefinitionSubstitutions as Json;
    for (const name of invokedFunctions(aslText, caseDefinitionFile)) {
      expect(flatten(substitutions[arnSubstitution(name)]), name).toBe(`<${functionId(name)}.Arn>`);
    }
  });

  it('may invoke exactly the functions its definition names', () => {
    const roleId = flatten(stateMachine().Properties.RoleArn).replace(/^<|\.Arn>$/g, '');
    // The unqualified ARN and its $LATEST alias: the same code, no other version or alias.
    const invokable = statementsOfRole(roleId)
      .filter((s) => s.actions.includes('lambda:InvokeFunction'))
      .flatMap((s) => s.resources)
      .map((arn) => arn.replace(/:\$LATEST$/, ''));
    const named = invokedFunctions(aslText, caseDefinitionFile).map((name) => `<${functionId(name)}.Arn>`);
    expect(named.length).toBeGreaterThan(0);
    expect([...new Set(invokable)].sort()).toEqual(named.sort());
  });

  it('logs every event without execution data, and traces', () => {
    expect(stateMachine().Properties).toMatchObject({
      LoggingConfiguration: { Level: 'ALL', IncludeExecutionData: false },
      TracingConfiguration: { Enabled: true },
    });
  });

  it('refuses a placeholder that names no function', () => {
    expect(() => invokedFunctions('{"FunctionName": "${NoSuchFunctionArn}"}', 'broken.asl.json')).toThrow(/broken\.asl\.json uses \$\{NoSuchFunctionArn\}/);
  });

  it('refuses a definition that hard-codes the aws partition in an aws-cn region', () => {
    const cn = new Stack(new App(), 'Cn', { env: { region: 'cn-north-1' } });
    expect(
      () =>
        new Workflow(cn, 'Workflow', {
          functions: {} as Record<FunctionName, never>,
          stateMachineName: 'cn-case',
          definitionFile: fileURLToPath(new URL('./fixtures/aws-partition.asl.json', import.meta.url)),
        }),
    ).toThrow(/hard-codes "arn:aws:"/);
  });
});

// ----------------------------------------------------------------------------- case store

describe('case store', () => {
  const table = (): Resource => only(ofType('AWS::DynamoDB::Table'), 'one table')[1];

  it('is on demand, point-in-time recoverable and kept on stack deletion', () => {
    expect(table().Properties).toMatchObject({
      BillingMode: 'PAY_PER_REQUEST',
      PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
      TimeToLiveSpecification: { AttributeName: tableDesign.timeToLiveAttribute, Enabled: true },
    });
    expect(table().DeletionPolicy).toBe('Retain');
  });

  it('has no stream: nothing reads one (issue #19)', () => {
    expect(table().Properties.StreamSpecification).toBeUndefined();
  });

  it('is encrypted with a customer-managed key that rotates', () => {
    const sse = table().Properties.SSESpecification as Json;
    expect(sse).toMatchObject({ SSEEnabled: true, SSEType: 'KMS' });
    const keyId = flatten(sse.KMSMasterKeyId).replace(/^<|\.Arn>$/g, '');
    expect(resources[keyId]).toMatchObject({ Type: 'AWS::KMS::Key', Properties: { EnableKeyRotation: true } });
  });

  it('has the three GSIs of infra/table-design.ts', () => {
    const indexes = table().Properties.GlobalSecondaryIndexes as { IndexName: string; KeySchema: Json[] }[];
    expect(indexes.map((i) => i.IndexName).sort()).toEqual(Object.keys(tableDesign.indexes).sort());
    for (const [name, design] of Object.entries(tableDesign.indexes)) {
      expect(indexes.find((i) => i.IndexName === name)?.KeySchema).toEqual([
        { AttributeName: design.partitionKey, KeyType: 'HASH' },
        { AttributeName: design.sortKey, KeyType: 'RANGE' },
      ]);
    }
  });
});

// ------------------------------------------------------------------------------ documents

describe('documents', () => {
  const kmsBucket = (): [string, Resource] =>
    only(
      // The audit archive (issue #18, test/infra/audit-archive.test.ts) is KMS-encrypted too, and locked.
      ofType('AWS::S3::Bucket').filter(([, r]) => JSON.stringify(r.Properties.BucketEncryption).includes('aws:kms') && r.Properties.ObjectLockEnabled !== true),
      'one KMS-encrypted (documents) bucket',
    );

  it('blocks all public access and refuses plain HTTP on every bucket', () => {
    const buckets = ofType('AWS::S3::Bucket');
    expect(buckets.length).toBeGreaterThanOrEqual(2);
    for (const [id, bucket] of buckets) {
      expect(bucket.Properties.PublicAccessBlockConfiguration, id).toEqual({
        BlockPublicAcls: true,
        BlockPublicPolicy: true,
        IgnorePublicAcls: true,
        RestrictPublicBuckets: true,
      });
      template.hasResourceProperties('AWS::S3::BucketPolicy', {
        Bucket: { Ref: id },
        PolicyDocument: {
          Statement: Match.arrayWith([
            Match.objectLike({ Effect: 'Deny', Action: 's3:*', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
          ]),
        },
      });
    }
  });

  it('keeps versions, encrypts with its own key and logs access to a separate bucket', () => {
    const [id, bucket] = kmsBucket();
    expect(bucket.Properties.VersioningConfiguration).toEqual({ Status: 'Enabled' });
    const rule = (bucket.Properties.BucketEncryption as { ServerSideEncryptionConfiguration: Json[] }).ServerSideEncryptionConfiguration[0] as Json;
    const keyId = flatten((rule.ServerSideEncryptionByDefault as Json).KMSMasterKeyID).replace(/^<|\.Arn>$/g, '');
    expect(resources[keyId]).toMatchObject({ Type: 'AWS::KMS::Key', Properties: { EnableKeyRotation: true } });
    const logTarget = flatten((bucket.Properties.LoggingConfiguration as Json).DestinationBucketName).replace(/^<|>$/g, '');
    expect(logTarget).not.toBe(id);
    expect(resources[logTarget]?.Type).toBe('AWS::S3::Bucket');
  });

  it('lets browsers PUT presigned uploads', () => {
    const rules = (kmsBucket()[1].Properties.CorsConfiguration as { CorsRules: Json[] }).CorsRules;
    const rule = only(rules, 'one CORS rule');
    expect(rule.AllowedMethods).toEqual(['PUT']);
    // The headers functions/adapters/documents.ts signs a presigned PUT with.
    expect(rule.AllowedHeaders).toEqual(expect.arrayContaining(['content-type', 'x-amz-checksum-sha256']));
    // Only from the console unless the province names other front ends (test/infra/console.test.ts); never *.
    expect((rule.AllowedOrigins as unknown[]).map(flatten)).toEqual([`https://<${only(ofType('AWS::CloudFront::Distribution'), 'one distribution')[0]}.DomainName>`]);
    expect(only(ofType('AWS::ApiGatewayV2::Api'), 'one HTTP API')[1].Properties.CorsConfiguration).toBeUndefined();
  });

  it('hands every new object under applications/ to verifyDocument', () => {
    const notifications = only(ofType('Custom::S3BucketNotifications'), 'one bucket notification')[1];
    expect(flatten(notifications.Properties.BucketName)).toBe(`<${kmsBucket()[0]}>`);
    expect(notifications.Properties.NotificationConfiguration).toMatchObject({
      LambdaFunctionConfigurations: [
        {
          Events: ['s3:ObjectCreated:*'],
          Filter: { Key: { FilterRules: [{ Name: 'prefix', Value: 'applications/' }] } },
          LambdaFunctionArn: { 'Fn::GetAtt': [functionId('verifyDocument'), 'Arn'] },
        },
      ],
    });
  });
});

// ------------------------------------------------------------------------------ functions

describe('functions', () => {
  /** Lambda functions CDK adds for its own purposes (by logical id), each accounted for. */
  // CDK's singletons: bucket notifications (documents) and the console's file deployment.
  const cdkHelpers = ['BucketNotificationsHandler', 'CustomCDKBucketDeployment'];
  const isHelper = ([id]: [string, Resource]): boolean => cdkHelpers.some((helper) => id.startsWith(helper));

  it('builds exactly one function per entry of infra/functions.ts, besides CDK helpers', () => {
    const own = ofType('AWS::Lambda::Function').filter((f) => !isHelper(f));
    expect(own.map(([, r]) => r.Properties.Description).sort()).toEqual(names.map((n) => spec(n).description).sort());
    expect(ofType('AWS::Lambda::Function').filter(isHelper)).toHaveLength(cdkHelpers.length);
  });

  it.each(names)('%s runs on arm64 and Node 24, traced, with source maps', (name) => {
    const props = (resources[functionId(name)] as Resource).Properties;
    expect(props).toMatchObject({
      Runtime: 'nodejs24.x',
      Architectures: ['arm64'],
      TracingConfig: { Mode: 'Active' },
      Timeout: spec(name).timeoutSeconds ?? 10,
      MemorySize: spec(name).memoryMb ?? 512,
    });
    expect((props.Environment as { Variables: Json }).Variables).toMatchObject({ PROVINCE: '99', NODE_OPTIONS: '--enable-source-maps' });
  });

  it.each(names)('%s is told where department keys live only if it reads them', (name) => {
    const variables = ((resources[functionId(name)] as Resource).Properties.Environment as { Variables: Json }).Variables;
    expect(variables.DEPARTMENT_KEYS).toBe(spec(name).access.departmentKeys === 'read' ? 'secretsmanager:nma/99/departments/' : undefined);
  });

  it.each(names)('%s knows the state machine ARN only if it starts executions', (name) => {
    const variables = ((resources[functionId(name)] as Resource).Properties.Environment as { Variables: Json }).Variables;
    expect('STATE_MACHINE_ARN' in variables).toBe(spec(name).access.workflow === 'start');
  });
});

// ------------------------------------------------------------------------ least privilege

describe('department keys', () => {
  it('are one generated, retained secret per department, named by its key reference', () => {
    const secrets = ofType('AWS::SecretsManager::Secret');
    const departmentSecrets = secrets.filter(([, r]) => String(r.Properties.Name).startsWith('nma/99/departments/'));
    expect(departmentSecrets.map(([, r]) => r.Properties.Name).sort()).toEqual(demo.departments.map((d) => `nma/99/departments/${d.code}`).sort());
    for (const [, secret] of departmentSecrets) {
      expect(secret.Properties.GenerateSecretString).toMatchObject({ PasswordLength: 44, ExcludePunctuation: true });
      expect(secret.DeletionPolicy).toBe('Retain');
    }
  });
});

describe('EMS contract (issue #9)', () => {
  const secretId = (): string =>
    only(
      ofType('AWS::SecretsManager::Secret').filter(([, r]) => r.Properties.Name === 'nma/99/courier/ems'),
      'one EMS contract secret',
    )[0];

  it('is one retained secret the operator fills in, never a value in the template', () => {
    const secret = resources[secretId()] as Resource;
    expect(secret.DeletionPolicy).toBe('Retain');
    expect(secret.Properties.SecretString).toBeUndefined();
  });

  it.each(names)('%s is told where it lives, and may read it, only if its spec says courierCredentials', (name) => {
    const variables = ((resources[functionId(name)] as Resource).Properties.Environment as { Variables: Json }).Variables;
    const reads = spec(name).access.courierCredentials === 'read';
    expect(variables.COURIER_CREDENTIALS).toBe(reads ? 'secretsmanager:nma/99/courier/ems' : undefined);
    const readable = statementsOfRole(roleOfFunction(name))
      .filter((s) => s.actions.includes('secretsmanager:GetSecretValue'))
      .flatMap((s) => s.resources);
    expect(readable.includes(`<${secretId()}>`)).toBe(reads);
  });
});

describe('least privilege', () => {
  it.each(names)('%s gets only the kinds of access its spec declares', (name) => {
    const { access } = spec(name);
    const actions = actionsOf(name);
    const has = (prefix: string): boolean => actions.some((a) => a.startsWith(prefix));
    expect(has('dynamodb:GetItem')).toBe(access.table !== undefined);
    expect(actions.some((a) => tableWrites.includes(a))).toBe(access.table === 'readWrite');
    expect(has('s3:')).toBe(access.documents !== undefined || access.licences !== undefined || access.auditArchive !== undefined);
    expect(has('kms:Sign')).toBe(access.signer === 'sign' || access.auditArchive === 'write');
    expect(has('events:')).toBe(access.events === 'put');
    expect(has('states:StartExecution')).toBe(access.workflow === 'start');
    expect(has('states:SendTask')).toBe(access.workflow === 'respond');
    expect(has('secretsmanager:GetSecretValue')).toBe(access.departmentKeys === 'read' || access.courierCredentials === 'read');
    expect(actions.filter((a) => a.endsWith(':*') || a === '*')).toEqual([]);
  });

  it('getCase reads the table and nothing else', () => {
    const actions = actionsOf('getCase');
    expect(actions).toContain('dynamodb:Query');
    expect(actions.filter((a) => tableWrites.includes(a))).toEqual([]);
    expect(actions.filter((a) => a.startsWith('states:'))).toEqual([]);
  });

  it('decideWorkItem can answer a task token but not start a workflow', () => {
    const actions = actionsOf('decideWorkItem');
    expect(actions).toContain('states:SendTaskSuccess');
    expect(actions).not.toContain('states:StartExecution');
  });

  it('createUpload may only put objects under applications/', () => {
    const s3 = statementsOfRole(roleOfFunction('createUpload')).filter((s) => s.actions.some((a) => a.startsWith('s3:')));
    expect(s3.flatMap((s) => s.actions)).toEqual(['s3:PutObject']);
    expect(s3.flatMap((s) => s.resources).every((r) => r.endsWith('/applications/*'))).toBe(true);
  });

  it('writes each function log to its own log group only', () => {
    for (const name of names) {
      const logs = statementsOfRole(roleOfFunction(name)).filter((s) => s.actions.some((a) => a.startsWith('logs:')));
      const logGroup = flatten(((resources[functionId(name)] as Resource).Properties.LoggingConfig as Json).LogGroup);
      expect(logs.flatMap((s) => s.resources), name).toEqual([logGroup.replace(/>$/, '.Arn>')]);
    }
  });
});

// ------------------------------------------------------------------------------------ API

describe('api', () => {
  const routeResources = (): Resource[] => ofType('AWS::ApiGatewayV2::Route').map(([, r]) => r);

  it('has exactly the routes of infra/routes.ts', () => {
    expect(routeResources().map((r) => r.Properties.RouteKey).sort()).toEqual(routes.map(routeKey).sort());
  });

  it.each(routes.map((r) => [routeKey(r), r] as const))('%s is authorised as its row says and reaches its function', (key, route) => {
    const resource = only(routeResources().filter((r) => r.Properties.RouteKey === key), key);
    expect(resource.Properties.AuthorizationType).toBe(route.auth === 'applicant' || route.auth === 'officer' ? 'JWT' : 'NONE');
    const integrationId = flatten(resource.Properties.Target).replace(/^integrations\/<|>$/g, '');
    expect(flatten((resources[integrationId] as Resource).Properties.IntegrationUri)).toBe(`<${functionId(route.fn)}.Arn>`);
  });

  it("verifies applicants' JWTs from the issuer given as context", () => {
    template.hasResourceProperties('AWS::ApiGatewayV2::Authorizer', {
      AuthorizerType: 'JWT',
      JwtConfiguration: { Issuer: issuer, Audience: [demoOidcAudience('99')] },
    });
  });

  it('logs access and throttles on its default stage', () => {
    const stage = only(ofType('AWS::ApiGatewayV2::Stage'), 'one stage')[1];
    expect(stage.Properties.StageName).toBe('$default');
    const accessLogs = stage.Properties.AccessLogSettings as { DestinationArn: unknown; Format: string };
    expect(resources[flatten(accessLogs.DestinationArn).replace(/^<|\.Arn>$/g, '')]?.Type).toBe('AWS::Logs::LogGroup');
    expect(accessLogs.Format).toContain('$context.requestId');
    const throttle = stage.Properties.DefaultRouteSettings as { ThrottlingRateLimit: number; ThrottlingBurstLimit: number };
    expect(throttle.ThrottlingRateLimit).toBeGreaterThan(0);
    expect(throttle.ThrottlingBurstLimit).toBeGreaterThanOrEqual(throttle.ThrottlingRateLimit);
  });
});

// -------------------------------------------------------------------------------- cdk-nag

describe('cdk-nag AwsSolutions', () => {
  it('finds nothing unacknowledged, error or warning', () => {
    const report = new AwsSolutionsChecks().validateScope(app);
    const findings = report.violations.flatMap((v) => v.violatingResources.map((r) => `${v.severity} ${v.ruleName} at ${r.constructPath}`));
    expect(findings).toEqual([]);
  });

  it('gives every acknowledgement a written reason', () => {
    const acknowledgements = stack.node
      .findAll()
      .flatMap((c) => c.node.metadata.filter((m) => m.type === Validations.ACKNOWLEDGED_RULES_METADATA_KEY))
      .flatMap((m) => Object.entries(m.data as Record<string, string>));
    expect(acknowledgements.length).toBeGreaterThan(0);
    for (const [id, reason] of acknowledgements) expect(reason.length, id).toBeGreaterThan(40);
  });
});

// ---------------------------------------------------------------------- province configs

describe('province config', () => {
  const build = (context: Json, provinceSource?: unknown) => () =>
    buildProvinceApp(new App({ context: { ...cdkJsonContext, ...context } }), { provinceSource });
  const firstItem = demo.items[0] as (typeof demo.items)[number];

  it('refuses an item citing an undeclared department, naming the field', () => {
    const source = { ...demo, items: [{ ...firstItem, departments: ['NOPE'] }] };
    expect(build({ province: '99' }, source)).toThrow(/unknown department "NOPE"[\s\S]*items\[0\]\.departments\[0\]/);
  });

  it('refuses a region outside the configured partition', () => {
    expect(build({ province: '99' }, { ...demo, region: 'cn-north-1' })).toThrow(/cn-north-1 is in partition aws-cn, not aws/);
  });

  it('lists the known provinces when none or an unknown one is given', () => {
    expect(build({})).toThrow(/-c province=<code>; known: 99/);
    expect(build({ province: '00' })).toThrow(/unknown province "00"; known: 99/);
  });
});

// ------------------------------------------------------------------------- work item push

describe('work item push (event-triggered handlers)', () => {
  const triggered = names.filter((name) => spec(name).trigger !== undefined);
  const rules = (): [string, Resource][] => ofType('AWS::Events::Rule');
  const ruleTargeting = (name: FunctionName): Resource =>
    only(
      rules().filter(([, r]) => (r.Properties.Targets as Json[]).some((t) => flatten(t.Arn) === `<${functionId(name)}.Arn>`)),
      `one rule targeting ${name}`,
    )[1];
  const deadLetterQueueOf = (name: FunctionName): string => {
    const target = only(ruleTargeting(name).Properties.Targets as Json[], 'one target');
    return flatten((target.DeadLetterConfig as Json).Arn).replace(/^<|\.Arn>$/g, '');
  };

  it('pushWorkItem is triggered by WorkItemOpened', () => {
    expect(triggered).toContain('pushWorkItem');
    expect(spec('pushWorkItem').trigger).toBe('WorkItemOpened');
  });

  it.each(triggered)("%s is invoked for its detail type from this province's bus only", (name) => {
    const rule = ruleTargeting(name).Properties;
    expect(rule.EventPattern).toEqual({ source: ['no-meeting-approval.99'], 'detail-type': [spec(name).trigger] });
    expect(rule.State ?? 'ENABLED').toBe('ENABLED');
    const busId = only(ofType('AWS::Events::EventBus'), 'one bus')[0];
    expect(flatten(rule.EventBusName)).toBe(`<${busId}>`);
  });

  it('targets no function by rule except those with a trigger', () => {
    const targeted = rules().flatMap(([, r]) => (r.Properties.Targets as Json[]).map((t) => flatten(t.Arn)));
    expect(targeted.sort()).toEqual(triggered.map((name) => `<${functionId(name)}.Arn>`).sort());
  });

  it.each(triggered)('%s dead-letters an undeliverable event and a failed invocation to one queue', (name) => {
    const queueId = deadLetterQueueOf(name);
    expect(resources[queueId]?.Type).toBe('AWS::SQS::Queue');
    const target = only(ruleTargeting(name).Properties.Targets as Json[], 'one target');
    expect(target.RetryPolicy).toMatchObject({ MaximumRetryAttempts: expect.any(Number) as number, MaximumEventAgeInSeconds: expect.any(Number) as number });
    // Lambda must not re-run a failed invocation: the handler already retried with backoff.
    const invokeConfig = only(
      ofType('AWS::Lambda::EventInvokeConfig').filter(([, r]) => flatten(r.Properties.FunctionName) === `<${functionId(name)}>`),
      `one async invoke config for ${name}`,
    )[1];
    expect(invokeConfig.Properties.MaximumRetryAttempts).toBe(0);
    expect(flatten(((invokeConfig.Properties.DestinationConfig as Json).OnFailure as Json).Destination)).toBe(`<${queueId}.Arn>`);
  });

  it.each(triggered)('%s keeps its dead letters encrypted, TLS-only and for 14 days, writable by its rule only', (name) => {
    const queueId = deadLetterQueueOf(name);
    expect((resources[queueId] as Resource).Properties).toMatchObject({ SqsManagedSseEnabled: true, MessageRetentionPeriod: 14 * 24 * 3600 });
    const policy = only(
      ofType('AWS::SQS::QueuePolicy').filter(([, r]) => (r.Properties.Queues as unknown[]).some((q) => flatten(q) === `<${queueId}>`)),
      'one queue policy',
    )[1];
    const statements = (policy.Properties.PolicyDocument as { Statement: Json[] }).Statement;
    expect(statements).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
        expect.objectContaining({ Effect: 'Allow', Action: 'sqs:SendMessage', Principal: { Service: 'events.amazonaws.com' } }),
      ]),
    );
    const allowEvents = statements.find((s) => s.Effect === 'Allow') as Json;
    expect(flatten((allowEvents.Condition as { ArnEquals: Json }).ArnEquals['aws:SourceArn'])).toMatch(/^<.*\.Arn>$/);
  });

  it.each(triggered)('%s raises an alarm while its dead-letter queue holds anything', (name) => {
    const queueId = deadLetterQueueOf(name);
    const alarm = only(
      ofType('AWS::CloudWatch::Alarm').filter(([, r]) => JSON.stringify(r.Properties.Dimensions ?? []).includes(queueId)),
      `one alarm on ${queueId}`,
    )[1];
    expect(alarm.Properties).toMatchObject({
      Namespace: 'AWS/SQS',
      MetricName: 'ApproximateNumberOfMessagesVisible',
      Threshold: 1,
      ComparisonOperator: 'GreaterThanOrEqualToThreshold',
    });
  });

  it('pushWorkItem cannot answer task tokens, start executions or publish events; it may only send dead letters', () => {
    const statements = statementsOfRole(roleOfFunction('pushWorkItem'));
    const actions = statements.flatMap((s) => s.actions);
    expect(actions.filter((a) => a.startsWith('states:') || a.startsWith('events:') || a.startsWith('s3:'))).toEqual([]);
    const sqs = statements.filter((s) => s.actions.some((a) => a.startsWith('sqs:')));
    expect(sqs.flatMap((s) => s.actions)).toContain('sqs:SendMessage');
    expect(sqs.flatMap((s) => s.actions).filter((a) => !['sqs:SendMessage', 'sqs:GetQueueAttributes', 'sqs:GetQueueUrl'].includes(a))).toEqual([]);
    expect([...new Set(sqs.flatMap((s) => s.resources))]).toEqual([`<${deadLetterQueueOf('pushWorkItem')}.Arn>`]);
  });

  it('gives pushWorkItem time for every try with backoff', () => {
    expect((resources[functionId('pushWorkItem')] as Resource).Properties.Timeout).toBeGreaterThanOrEqual(60);
  });
});
