// The local province stack: every AWS service the platform uses, on this machine, no cloud and no
// Docker. `npm start` runs it with data on disk; the tests run it once per test run in memory.
import { randomBytes } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { S3Event } from 'aws-lambda';
import { eventSource } from '../../events/contracts.ts';
import { clockFromEnv } from '../../functions/core/clock.ts';
import { functionSpecs, arnSubstitution, type FunctionName, type FunctionSpec } from '../functions.ts';
import { loadProvince } from '../provinces/index.ts';
import type { Province } from '../provinces/schema.ts';
import { routes } from '../routes.ts';
import { dynamoDbClient } from './clients.ts';
import { startCourierSimulator, type CourierSimulator } from './courier-simulator.ts';
import { caseApplicationLookup, startDepartmentSimulator, type DepartmentSimulator } from './department-simulator.ts';
import { openDevIssuer, type DevIssuer } from './dev-issuer.ts';
import { startDynamoDbLocal } from './dynamodb-local.ts';
import { startLocalEventBus } from './event-bus.ts';
import { consoleConfigOf, serveConsole } from './console-serving.ts';
import { devTokenEndpoint } from './dev-token.ts';
import { startGateway } from './gateway.ts';
import { AUDIT_SIGNING_KEY_FILE, ensureLicenceSigningKey } from './licence-signing-key.ts';
import { createLocalRuntime, type LocalRuntime } from './lambda-runtime.ts';
import { resumeInFlightCases } from './recover.ts';
import { startS3Server } from './s3-server.ts';
import { applySubstitutions, startLocalStepFunctions } from './step-functions/server.ts';
import { startSchedules, supervisionControls, type Sweep } from './supervision-controls.ts';
import { ensureTable } from './table.ts';

const ROOT = resolve(import.meta.dirname, '../..');
const ACCOUNT = '000000000000';

export interface LocalStackOptions {
  /** Province division code. @default '99' (the demo province) */
  readonly province?: string;
  /** Where data lives between runs. @default <repo>/.local/data */
  readonly dataDir?: string;
  /** Downloaded tools (the DynamoDB Local jar). @default <repo>/.local/cache */
  readonly cacheDir?: string;
  /** Keep DynamoDB in memory (tests) instead of on disk. @default false */
  readonly inMemory?: boolean;
  /** Gateway port; the other services (the department simulator, the EMS simulator) take the next six. 0 = any free ports. @default 3000 */
  readonly port?: number;
  readonly host?: string;
  readonly log?: (line: string) => void;
  /**
   * Work item pushes: tries and first backoff of pushWorkItem (PUSH_ATTEMPTS, PUSH_BACKOFF_MS), and
   * `quiet` to keep the department simulator from logging each push.
   * @default the handler's defaults (5 tries, 1000 ms), each push logged
   */
  readonly push?: { readonly attempts?: number; readonly backoffMs?: number; readonly quiet?: boolean };
  /**
   * Handlers with a `schedule` (the supervision sweep) run on a timer: every `everyMs`, 0 for
   * never (sweeps then run only on demand, infra/local/supervision-controls.ts).
   * @default each handler's own rate (15 minutes for the sweep)
   */
  readonly schedules?: { readonly everyMs?: number };
  /**
   * The simulated EMS (infra/local/courier-simulator.ts): time between a parcel's tracking events
   * on the stack's clock, 0 to move parcels only by its /_courier/advance control.
   * @default COURIER_STEP_MS, else 25 ms (fast, so tests never wait long for a parcel)
   */
  readonly courier?: { readonly stepMs?: number };
}

export interface LocalStack {
  readonly province: Province;
  readonly apiUrl: string;
  readonly endpoints: { readonly dynamodb: string; readonly s3: string; readonly stepFunctions: string; readonly eventBridge: string };
  readonly names: { readonly table: string; readonly bucket: string; readonly auditBucket: string; readonly eventBus: string; readonly stateMachineArn: string };
  readonly dataDir: string;
  readonly issuer: DevIssuer;
  readonly runtime: LocalRuntime;
  readonly events: ReturnType<typeof startLocalEventBus> extends Promise<infer B> ? B : never;
  /** Department HMAC keys (base64), as departments would hold them. */
  readonly departmentKeys: Readonly<Record<string, string>>;
  /** Receives every department's pushed work items (the departments' webhooks point here). */
  readonly departmentSimulator: DepartmentSimulator;
  /** One supervision sweep now, judged at an instant, for some cases (also POST /_supervision/sweep on the simulator). */
  readonly supervise: Sweep;
  /** The simulated EMS open platform; its controls are served with the department simulator's. */
  readonly courierSimulator: CourierSimulator;
  stop(): Promise<void>;
}

/** One random HMAC key per department, created once and kept in the data dir. */
const loadDepartmentKeys = async (file: string, province: Province): Promise<Record<string, string>> => {
  let keys: Record<string, string> = {};
  try {
    keys = JSON.parse(await readFile(file, 'utf8')) as Record<string, string>;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  // Stored by key name (keyRef, default the code), as the handlers look them up; returned by code.
  const missing = province.departments.filter((d) => keys[d.keyRef ?? d.code] === undefined);
  if (missing.length) {
    for (const d of missing) keys[d.keyRef ?? d.code] = randomBytes(32).toString('base64');
    await writeFile(file, `${JSON.stringify(keys, null, 2)}\n`, { mode: 0o600 });
  }
  return Object.fromEntries(province.departments.map((d) => [d.code, keys[d.keyRef ?? d.code] as string]));
};

/** The local EMS contract: credentials generated once and kept in the data dir, like department keys. */
const loadCourierContract = async (file: string): Promise<{ senderNo: string; authorization: string; signKey: string; userCode: string }> => {
  try {
    const { senderNo, authorization, signKey, userCode } = JSON.parse(await readFile(file, 'utf8')) as Record<string, string>;
    if (senderNo && authorization && signKey && userCode) return { senderNo, authorization, signKey, userCode };
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  return {
    senderNo: `1100${randomBytes(5).readUIntBE(0, 5).toString().padStart(9, '0').slice(0, 9)}`,
    authorization: randomBytes(12).toString('hex'),
    signKey: randomBytes(16).toString('base64'),
    userCode: 'NMA-LOCAL',
  };
};

/** Written at every start: the simulator's port may change; the handlers read it (COURIER_CREDENTIALS). */
const writeCourierContract = async (file: string, contract: Awaited<ReturnType<typeof loadCourierContract>>, endpoint: string): Promise<void> => {
  const serviceCentreAddress = { name: '示范市政务服务中心', mobile: '13900139000', prov: '江苏省', city: '南京市', county: '建邺区', address: '江东中路265号' };
  await writeFile(file, `${JSON.stringify({ ...contract, endpoint, serviceCentreAddress }, null, 2)}\n`, { mode: 0o600 });
};

export const startLocalStack = async (options: LocalStackOptions = {}): Promise<LocalStack> => {
  const log = options.log ?? (() => undefined);
  const province = loadProvince(options.province ?? '99');
  const dataDir = resolve(options.dataDir ?? join(ROOT, '.local', 'data'));
  const cacheDir = resolve(options.cacheDir ?? join(ROOT, '.local', 'cache'));
  const host = options.host ?? '127.0.0.1';
  const basePort = options.port ?? 3000;
  const portFor = (offset: number) => (basePort === 0 ? 0 : basePort + offset);
  const region = province.region;
  const prefix = `nma-${province.code}`;
  // The audit archive is a bucket of its own (issue #18); the local S3 server has no Object Lock.
  const names = { table: `${prefix}-cases`, bucket: `${prefix}-documents`, auditBucket: `${prefix}-audit`, eventBus: `${prefix}-events` };
  await mkdir(dataDir, { recursive: true });

  const stops: Array<() => Promise<void>> = [];
  const stop = async () => {
    for (const s of stops.reverse()) await s().catch((error: unknown) => console.error('stopping:', error));
  };
  try {
    log(`DynamoDB Local (${options.inMemory ? 'in memory' : join(dataDir, 'dynamodb')})…`);
    if (!options.inMemory) await mkdir(join(dataDir, 'dynamodb'), { recursive: true });
    const dynamodb = await startDynamoDbLocal({
      port: portFor(1),
      host,
      cacheDir,
      ...(options.inMemory ? {} : { dbPath: join(dataDir, 'dynamodb') }),
      log,
    });
    stops.push(() => dynamodb.stop());
    const ddb = dynamoDbClient(dynamodb.endpoint);
    await ensureTable(ddb, names.table);

    const runtime = createLocalRuntime({ region, accountId: ACCOUNT, prefix });
    log('S3 server…');
    const s3 = await startS3Server({
      port: portFor(2),
      host,
      directory: join(dataDir, 's3'),
      buckets: [names.bucket, names.auditBucket],
      onObjectCreated: (record) => {
        // Only uploads, as the bucket notification's prefix filter in AWS (infra/constructs/documents.ts):
        // licence PDFs (licences/) are the platform's own.
        if (!record.key.startsWith('applications/')) return;
        // As an S3 notification would: asynchronously, the key URL-encoded.
        const event = {
          Records: [{ eventSource: 'aws:s3', eventName: 'ObjectCreated:Put', s3: { bucket: { name: record.bucket }, object: { key: encodeURIComponent(record.key), size: record.size } } }],
        } as unknown as S3Event;
        runtime.invoke('verifyDocument', event).catch((error: unknown) => console.error('verifyDocument failed:', error));
      },
    });
    stops.push(() => s3.stop());

    const events = await startLocalEventBus({ port: portFor(4), host });
    stops.push(() => events.stop());

    const definitionText = await readFile(join(ROOT, 'statemachines', 'case.asl.json'), 'utf8');
    // The same substitutions CDK supplies: the partition and every function's ARN.
    const substitutions = {
      Partition: 'aws',
      ...Object.fromEntries((Object.keys(functionSpecs) as FunctionName[]).map((name) => [arnSubstitution(name), runtime.arnOf(name)])),
    };
    const stepFunctions = await startLocalStepFunctions({
      port: portFor(3),
      host,
      region,
      accountId: ACCOUNT,
      stateMachines: [{ name: `${prefix}-case`, definition: applySubstitutions(definitionText, substitutions) }],
      invokeFunction: (arn, payload) => {
        const name = runtime.nameOfArn(arn);
        if (!name) throw new Error(`no local function has the ARN ${arn}`);
        return runtime.invoke(name, payload);
      },
      dynamodb: ddb,
      putEvents: async (entries) => {
        await events.putEntries(entries);
      },
    });
    stops.push(() => stepFunctions.stop());
    const stateMachineArn = stepFunctions.stateMachineArn(`${prefix}-case`);

    const departmentKeysFile = join(dataDir, 'department-keys.json');
    const departmentKeys = await loadDepartmentKeys(departmentKeysFile, province);
    const licenceSigningKey = await ensureLicenceSigningKey(dataDir);
    const auditSigningKey = await ensureLicenceSigningKey(dataDir, AUDIT_SIGNING_KEY_FILE);
    // The sweep module is loaded on first use, once the handlers' environment below is set.
    const supervise: Sweep = async ({ at, caseNos }) => {
      const { superviseDeadlines } = await import('../../functions/steps/supervise-deadlines.ts');
      const { clock } = await import('../../functions/adapters/clock.ts');
      return superviseDeadlines({ now: at ?? clock.now(), ...(caseNos ? { caseNos: new Set(caseNos) } : {}) });
    };
    // The simulated EMS: pushes tracking to the gateway once it runs, on the stack's clock.
    const tracking: { webhook?: string } = {};
    const courierFile = join(dataDir, 'courier.json');
    const courierContract = await loadCourierContract(courierFile);
    const stackClock = clockFromEnv(process.env);
    const courierSimulator = await startCourierSimulator({
      port: portFor(6),
      host,
      contract: courierContract,
      webhookUrl: () => tracking.webhook,
      stepMs: options.courier?.stepMs ?? (/^\d+$/.test(process.env.COURIER_STEP_MS ?? '') ? Number(process.env.COURIER_STEP_MS) : undefined),
      now: () => stackClock.now(),
      applicationOf: caseApplicationLookup(ddb, names.table),
      ...(options.push?.quiet ? {} : { log }),
    });
    stops.push(() => courierSimulator.stop());
    await writeCourierContract(courierFile, courierContract, courierSimulator.endpoint);
    const departmentSimulator = await startDepartmentSimulator({
      port: portFor(5),
      host,
      keys: departmentKeys,
      applicationOf: caseApplicationLookup(ddb, names.table),
      controls: { ...supervisionControls({ sweep: supervise }), ...courierSimulator.controls },
      now: () => stackClock.now(),
      ...(options.push?.quiet ? {} : { log }),
    });
    stops.push(() => departmentSimulator.stop());

    // The handlers read their configuration and endpoints from the environment, exactly as in
    // Lambda; the SDK picks up AWS_ENDPOINT_URL_<SERVICE>. Set before any handler is loaded.
    Object.assign(process.env, {
      AWS_REGION: region,
      AWS_ACCESS_KEY_ID: 'local',
      AWS_SECRET_ACCESS_KEY: 'local',
      AWS_ENDPOINT_URL_DYNAMODB: dynamodb.endpoint,
      AWS_ENDPOINT_URL_S3: s3.endpoint,
      AWS_ENDPOINT_URL_SFN: stepFunctions.endpoint,
      AWS_ENDPOINT_URL_EVENTBRIDGE: events.endpoint,
      PROVINCE: province.code,
      // Business metrics are EMF lines for CloudWatch; locally they would only fill the console.
      POWERTOOLS_METRICS_DISABLED: 'true',
      TABLE_NAME: names.table,
      BUCKET_NAME: names.bucket,
      EVENT_BUS_NAME: names.eventBus,
      STATE_MACHINE_ARN: stateMachineArn,
      DEPARTMENT_KEYS: `file:${departmentKeysFile}`,
      LICENCE_SIGNER: `file:${licenceSigningKey}`,
      AUDIT_BUCKET_NAME: names.auditBucket,
      AUDIT_SIGNER: `file:${auditSigningKey}`,
      COURIER_CREDENTIALS: `file:${courierFile}`,
      DEPARTMENT_WEBHOOKS: JSON.stringify(Object.fromEntries(province.departments.map((d) => [d.code, departmentSimulator.webhookFor(d.code)]))),
      SUPERVISOR_WEBHOOKS: JSON.stringify(Object.fromEntries(province.departments.map((d) => [d.code, departmentSimulator.supervisionWebhookFor(d.code)]))),
      ...(options.push?.attempts === undefined ? {} : { PUSH_ATTEMPTS: String(options.push.attempts) }),
      ...(options.push?.backoffMs === undefined ? {} : { PUSH_BACKOFF_MS: String(options.push.backoffMs) }),
    });

    // Handlers with a `trigger` get their events as an EventBridge rule would hand them over. A
    // failure is what the dead-letter queue would receive in AWS: logged, never fatal to the stack.
    for (const name of Object.keys(functionSpecs) as FunctionName[]) {
      const trigger = (functionSpecs[name] as FunctionSpec).trigger;
      if (trigger === undefined) continue;
      events.subscribe({ source: [eventSource(province.code)], detailType: [trigger] }, (event) =>
        runtime.invoke(name, event).then(
          () => undefined,
          (error: unknown) => console.error(`${name} failed on ${trigger} ${event.id} (dead-lettered): ${error instanceof Error ? `${error.name}: ${error.message}` : String(error)}`),
        ),
      );
    }
    // On stop, let deliveries under way finish while the services they use still run (bounded).
    stops.push(() => Promise.race([events.drain(), new Promise<void>((resolve) => setTimeout(resolve, 3_000).unref())]));

    const issuer = await openDevIssuer(dataDir);
    // Issue #16: the dev sign-in and the console on the API's origin, for paths no route matches.
    const devToken = devTokenEndpoint(issuer, province.departments.map((d) => d.code));
    const consoleFiles = serveConsole({
      distDir: join(ROOT, 'console', 'dist'),
      config: () => consoleConfigOf(province, { kind: 'dev' }, process.env.PUBLIC_BASE_URL ?? ''),
    });
    const gateway = await startGateway({
      port: basePort,
      host,
      routes,
      invoke: (fn, event) => runtime.invoke(fn, event),
      verifyApplicant: (token) => issuer.verify(token),
      unmatched: async (req, res, path) => (await devToken(req, res, path)) || consoleFiles(req, res, path),
    });
    stops.push(() => gateway.stop());
    // Receipts' QR codes open the tracking page here (issue #15 item 4); in AWS CDK sets it.
    process.env.PUBLIC_BASE_URL ??= gateway.url;
    tracking.webhook = `${gateway.url}/courier/ems/tracking`;

    const resumed = await resumeInFlightCases({
      dynamodb: ddb,
      table: names.table,
      stepFunctionsEndpoint: stepFunctions.endpoint,
      stateMachineArn,
      region,
    });
    if (resumed.length) log(`resumed ${resumed.length} case(s) in flight: ${resumed.join(', ')}`);

    const schedules = startSchedules({ runtime, ...(options.schedules?.everyMs === undefined ? {} : { everyMs: options.schedules.everyMs }), log });
    stops.push(() => schedules.stop());

    return {
      province,
      apiUrl: gateway.url,
      endpoints: { dynamodb: dynamodb.endpoint, s3: s3.endpoint, stepFunctions: stepFunctions.endpoint, eventBridge: events.endpoint },
      names: { ...names, stateMachineArn },
      dataDir,
      issuer,
      runtime,
      events,
      departmentKeys,
      departmentSimulator,
      supervise,
      courierSimulator,
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
};
