// `npm run bench`: throughput, latency, cost per case and cold start of the platform, measured on a
// local stack the benchmark starts for itself (in memory, temporary data dir, free ports). Writes
// results.json, results.md and results.svg to --out and prints the tables.
import { execFileSync } from 'node:child_process';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { cpus, tmpdir, totalmem, type as osType, release } from 'node:os';
import { join, resolve } from 'node:path';
import { CreateBucketCommand } from '@aws-sdk/client-s3';
import { SFNClient } from '@aws-sdk/client-sfn';
import { functionSpecs, type FunctionName, type FunctionSpec } from '../../infra/functions.ts';
import type { InvocationTime } from '../../infra/local/lambda-runtime.ts';
import { dynamoDbClient, localCredentials, s3Client } from '../../infra/local/clients.ts';
import { startLocalStack, type LocalStack } from '../../infra/local/stack.ts';
import { measureBundles, type BundleMeasure } from './bundles.ts';
import { countConsumedCapacity } from './capacity.ts';
import { renderChart } from './chart.ts';
import { costOfCase, gbSeconds, type CaseCost, type CaseUsage, type PriceBook } from './cost-model.ts';
import { runEndToEnd, type EndToEndResult } from './e2e.ts';
import { countServerRequests, portOf } from './http-requests.ts';
import { initTimeMs } from './init-time.ts';
import { itemSizesByKind, type ItemKindSize } from './item-sizes.ts';
import { parseBenchOptions, type BenchOptions } from './options.ts';
import { runRawLimit, writeProfileOf, type RawLimitResult } from './raw-limit.ts';
import { renderMarkdown, type BenchResults } from './report.ts';
import { summarize, type LatencySummary } from './stats.ts';
import { billedTransitions, historyEventTypes } from './transitions.ts';

const ROOT = resolve(import.meta.dirname, '../..');
/** The three-department, single-stage item of the demo province (infra/provinces/99/province.json). */
const ITEM = 'DEMO-003';
/** Step Functions StateTransition quota refill per second for Standard workflows in the larger regions. */
const TRANSITION_QUOTA_PER_SECOND = 1_500;

const log = (line: string) => console.log(line);

const machine = () => ({
  cpu: cpus()[0]?.model ?? 'unknown',
  cores: cpus().length,
  memoryGb: Math.round(totalmem() / 2 ** 30),
  os: `${osType()} ${release()}`,
  node: process.version,
});

const gitCommit = (): string => {
  try {
    const sha = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: ROOT, encoding: 'utf8' }).trim();
    const dirty = execFileSync('git', ['status', '--porcelain'], { cwd: ROOT, encoding: 'utf8' }).trim() !== '';
    return `${sha}${dirty ? ' (with uncommitted changes)' : ''}`;
  } catch {
    return 'unknown';
  }
};

interface BundleRow extends BundleMeasure {
  readonly initMs: number;
}

interface BundlesPhase {
  readonly rows: BundleRow[];
  /** What NODE_OPTIONS=--enable-source-maps costs at init, on the largest bundle and on a median one. */
  readonly sourceMapCost: Array<{ name: string; withMs: number; withoutMs: number }>;
}

const bundlesPhase = async (o: BenchOptions): Promise<BundlesPhase> => {
  const dir = join(o.out, 'bundles');
  await rm(dir, { recursive: true, force: true });
  log(`Bundles: building ${Object.keys(functionSpecs).length} functions with the CDK bundling options; module init median of ${o.initRuns}…`);
  const measures = await measureBundles(dir);
  const rows: BundleRow[] = [];
  for (const m of measures) {
    const init = await initTimeMs(m.file, o.initRuns, { sourceMaps: true });
    rows.push({ ...m, initMs: init.median });
    log(`  ${m.name.padEnd(22)} ${(m.bytes / 1024).toFixed(0).padStart(5)} KB  init ${init.median.toFixed(0)} ms`);
  }
  const bySize = [...rows].sort((a, b) => b.bytes - a.bytes);
  const samples = [...new Set([bySize[0], bySize[Math.floor(bySize.length / 2)]])].filter((r): r is BundleRow => r !== undefined);
  const sourceMapCost = [];
  for (const row of samples) {
    const without = await initTimeMs(row.file, o.initRuns, { sourceMaps: false });
    sourceMapCost.push({ name: row.name, withMs: row.initMs, withoutMs: without.median });
  }
  return { rows, sourceMapCost };
};

/** The courier simulator of issue #9, when this stack offers one (checked at run time). */
const offersCourierSimulator = (stack: LocalStack): boolean => ['courierSimulator', 'courier'].some((key) => key in stack);

interface E2ePhase {
  readonly e2e: EndToEndResult;
  readonly warmUpCases: number;
  readonly usage: CaseUsage;
  readonly transitionsPerCase: { readonly mean: number; readonly min: number; readonly max: number };
  readonly lambdaByFunction: Record<string, { invocationsPerCase: number; meanMs: number; billedMsPerCase: number; memoryMb: number }>;
  readonly dynamodbByOperation: Record<string, { requestsPerCase: number; unitsPerCase: number; indexUnitsPerCase: number }>;
  readonly raw: RawLimitResult;
  readonly delivery: string;
  readonly processing: LatencySummary | undefined;
  readonly itemSizes: Record<string, ItemKindSize>;
}

const delta = <T extends Record<string, number>>(after: T, before: T): Record<string, number> =>
  Object.fromEntries(Object.entries(after).map(([k, v]) => [k, v - (before[k] ?? 0)]));

const e2ePhase = async (o: BenchOptions): Promise<E2ePhase> => {
  process.env.LOG_LEVEL ??= 'warn';
  const dataDir = await mkdtemp(join(tmpdir(), 'nma-bench-'));
  log(`End to end: starting a local stack (in memory, ${dataDir})…`);
  const stack = await startLocalStack({ port: 0, inMemory: true, dataDir, push: { quiet: true }, schedules: { everyMs: 0 }, log: (l) => log(`  [stack] ${l}`) });
  try {
    const guide = await fetch(`${stack.apiUrl}/catalogue/guide`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ itemCode: ITEM }) });
    const guideBody = (await guide.json()) as { materials?: Array<{ code: string }>; departments?: unknown[]; delivery?: string[] };
    if (guide.status !== 200 || !guideBody.materials) throw new Error(`the guide of ${ITEM}: ${guide.status} ${JSON.stringify(guideBody)}`);
    const materials = guideBody.materials.map((m) => m.code);
    const courier = offersCourierSimulator(stack) && (guideBody.delivery ?? ['ems']).includes('ems');
    const delivery = courier
      ? { method: 'ems' as const, address: { recipient: '张三', mobile: '13800138000', province: '江苏省', city: '南京市', county: '玄武区', detail: '中山路 1 号' } }
      : { method: 'online' as const };
    const deliveryNote = courier ? 'EMS (the stack offers the courier simulator)' : 'online (this stack offers no courier simulator, so no EMS delivery)';
    log(`  item ${ITEM}: materials ${materials.join(', ')}, ${guideBody.departments?.length ?? '?'} departments; delivery ${deliveryNote}`);

    // Warm-up: every handler's module is loaded (the local stack's one cold start each), not counted.
    const warmUpCases = Math.min(o.concurrency, 4);
    log(`  warm-up: ${warmUpCases} cases (not counted)…`);
    const warm = await runEndToEnd({ stack, cases: warmUpCases, concurrency: warmUpCases, itemCode: ITEM, materials, delivery, log: () => undefined });
    if (warm.completed !== warmUpCases) throw new Error(`warm-up: ${warm.errors.join('; ')}`);

    // Counters from here on.
    const { documentClient } = await import('../../functions/adapters/dynamodb.ts');
    const capacity = countConsumedCapacity(documentClient);
    const requests = countServerRequests();
    let events = 0;
    const unsubscribe = stack.events.subscribe({}, () => {
      events += 1;
    });
    const invocationsBefore = { ...stack.runtime.invocations } as Record<string, number>;
    const durationsBefore = structuredClone(stack.runtime.durations ?? {}) as Record<string, InvocationTime>;

    log(`  ${o.cases} cases, ${o.concurrency} applicants at a time…`);
    const e2e = await runEndToEnd({ stack, cases: o.cases, concurrency: o.concurrency, itemCode: ITEM, materials, delivery, log });
    unsubscribe();
    requests.stop();
    // Deliveries to subscribers are asynchronous: the last events of the last case may still be on their way.
    await new Promise((r) => setTimeout(r, 200));

    const n = o.cases;
    const invocations = delta(stack.runtime.invocations as Record<string, number>, invocationsBefore);
    const lambdaByFunction: E2ePhase['lambdaByFunction'] = {};
    let lambdaGb = 0;
    for (const [name, time] of Object.entries(stack.runtime.durations ?? {})) {
      const before = durationsBefore[name] ?? { count: 0, totalMs: 0, billedMs: 0, maxMs: 0 };
      const count = time.count - before.count;
      if (count === 0) continue;
      const memoryMb = (functionSpecs[name as FunctionName] as FunctionSpec).memoryMb ?? 512;
      const billedMs = time.billedMs - before.billedMs;
      lambdaGb += gbSeconds(billedMs, memoryMb);
      lambdaByFunction[name] = { invocationsPerCase: (invocations[name] ?? count) / n, meanMs: (time.totalMs - before.totalMs) / count, billedMsPerCase: billedMs / n, memoryMb };
    }

    log('  counting state transitions from the execution histories…');
    const sfn = new SFNClient({ endpoint: stack.endpoints.stepFunctions, region: stack.province.region, credentials: localCredentials });
    const transitions: number[] = [];
    for (const outcome of e2e.outcomes) {
      if (!outcome.caseNo) continue;
      const arn = stack.names.stateMachineArn.replace(':stateMachine:', ':execution:') + `:${outcome.caseNo}`;
      transitions.push(billedTransitions(await historyEventTypes(sfn, arn)));
    }
    const transitionsPerCase = transitions.length
      ? { mean: transitions.reduce((a, b) => a + b, 0) / transitions.length, min: Math.min(...transitions), max: Math.max(...transitions) }
      : { mean: 0, min: 0, max: 0 };

    const s3Port = portOf(stack.endpoints.s3);
    const s3 = requests.byMethod(s3Port);
    const s3Puts = (s3.PUT ?? 0) + (s3.POST ?? 0);
    // What was stored: the bodies PUT to S3 (the applicant's documents, the licence PDFs…).
    const s3Bytes = (requests.bytesByMethod(s3Port).PUT ?? 0) + (requests.bytesByMethod(s3Port).POST ?? 0);
    const s3Gets = Object.entries(s3).reduce((sum, [method, count]) => (['PUT', 'POST', 'DELETE'].includes(method) ? sum : sum + count), 0);
    const usage: CaseUsage = {
      stateTransitions: transitionsPerCase.mean,
      lambdaRequests: Object.values(invocations).reduce((a, b) => a + b, 0) / n,
      lambdaGbSeconds: lambdaGb / n,
      dynamodbWriteUnits: capacity.writeUnits() / n,
      dynamodbReadUnits: capacity.readUnits() / n,
      s3PutRequests: s3Puts / n,
      s3GetRequests: s3Gets / n,
      s3GbMonths: s3Bytes / n / 2 ** 30,
      apiRequests: requests.total(portOf(stack.apiUrl)) / n,
      events: events / n,
    };
    const dynamodbByOperation = Object.fromEntries(
      Object.entries(capacity.snapshot()).map(([op, t]) => [
        op,
        { requestsPerCase: (t.count + t.failed) / n, unitsPerCase: (t.readUnits + t.writeUnits) / n, indexUnitsPerCase: t.indexUnits / n },
      ]),
    );

    const itemSizes = await itemSizesByKind(dynamoDbClient(stack.endpoints.dynamodb, stack.province.region), stack.names.table);

    // The limit beside it: the same writes straight at the same services. Raw objects go to a bucket
    // of their own, and their ObjectCreated notifications are not handed to verifyDocument.
    const rawBucket = 'nma-bench-raw';
    const s3c = s3Client(stack.endpoints.s3, stack.province.region);
    await s3c.send(new CreateBucketCommand({ Bucket: rawBucket }));
    const invoke = stack.runtime.invoke.bind(stack.runtime);
    (stack.runtime as { invoke: LocalStack['runtime']['invoke'] }).invoke = (name, event) =>
      name === 'verifyDocument' && JSON.stringify(event).includes(`"name":"${rawBucket}"`) ? Promise.resolve(undefined) : invoke(name, event);
    const profile = writeProfileOf(capacity.snapshot(), n, { puts: s3Puts, bytes: s3Bytes });
    log(`  raw limit: per case ${profile.singleWrites} single writes, ${profile.transactions} transactions of ${profile.itemsPerTransaction} items, ${profile.s3Puts} S3 PUTs; ${n} cases at ${o.concurrency}…`);
    const raw = await runRawLimit({
      dynamodb: dynamoDbClient(stack.endpoints.dynamodb, stack.province.region),
      s3: s3c,
      table: stack.names.table,
      bucket: rawBucket,
      profile,
      cases: n,
      concurrency: o.concurrency,
    });

    const processingTimes = e2e.outcomes.flatMap((c) => (c.ok && c.processingMs !== undefined ? [c.processingMs] : []));
    return {
      e2e,
      warmUpCases,
      usage,
      transitionsPerCase,
      lambdaByFunction,
      dynamodbByOperation,
      raw,
      delivery: deliveryNote,
      processing: processingTimes.length ? summarize(processingTimes) : undefined,
      itemSizes,
    };
  } finally {
    await stack.stop();
    await rm(dataDir, { recursive: true, force: true });
  }
};

const main = async (): Promise<void> => {
  const o = parseBenchOptions(process.argv.slice(2));
  const out = resolve(ROOT, o.out);
  await mkdir(out, { recursive: true });
  const options = { ...o, out };
  const started = new Date();
  log(`Benchmark: ${o.only.has('e2e') ? `${o.cases} cases at concurrency ${o.concurrency}` : 'no end-to-end run'}${o.quick ? ' (--quick)' : ''}; results in ${out}`);

  const e2e = o.only.has('e2e') ? await e2ePhase(options) : undefined;
  const bundles = o.only.has('bundles') ? await bundlesPhase(options) : undefined;

  const prices = JSON.parse(await readFile(join(import.meta.dirname, 'prices.json'), 'utf8')) as PriceBook;
  const costs: Record<string, CaseCost> = e2e ? Object.fromEntries(Object.entries(prices.regions).map(([region, p]) => [region, costOfCase(e2e.usage, p)])) : {};

  const results: BenchResults = {
    startedAt: started.toISOString(),
    durationS: (Date.now() - started.getTime()) / 1000,
    machine: machine(),
    commit: gitCommit(),
    options: { cases: o.cases, concurrency: o.concurrency, quick: o.quick, initRuns: o.initRuns, phases: [...o.only] },
    item: ITEM,
    ...(e2e
      ? {
          endToEnd: {
            cases: o.cases,
            warmUpCases: e2e.warmUpCases,
            completed: e2e.e2e.completed,
            elapsedS: e2e.e2e.elapsedMs / 1000,
            casesPerMinute: e2e.e2e.casesPerMinute,
            delivery: e2e.delivery,
            departmentDecisions: e2e.e2e.departmentDecisions,
            inboxPulls: e2e.e2e.inboxPulls,
            errors: e2e.e2e.errors.slice(0, 20),
            processing: e2e.processing,
            latencies: Object.fromEntries([...e2e.e2e.latencies.byRoute].map(([route, samples]) => [route, summarize(samples)])),
          },
          rawLimit: {
            ...e2e.raw,
            elapsedS: e2e.raw.elapsedMs / 1000,
            fractionOfLimit: e2e.raw.casesPerMinute > 0 ? e2e.e2e.casesPerMinute / e2e.raw.casesPerMinute : 0,
          },
          usagePerCase: e2e.usage,
          transitionsPerCase: e2e.transitionsPerCase,
          transitionQuotaCasesPerSecond: TRANSITION_QUOTA_PER_SECOND / Math.max(1, e2e.transitionsPerCase.mean),
          lambdaByFunction: e2e.lambdaByFunction,
          dynamodbByOperation: e2e.dynamodbByOperation,
          itemSizes: e2e.itemSizes,
          costs,
          prices,
        }
      : {}),
    ...(bundles
      ? {
          bundles: bundles.rows.map(({ file: _file, ...row }) => ({ ...row, contributors: row.contributors.slice(0, 6) })),
          sourceMapCost: bundles.sourceMapCost,
        }
      : {}),
  };

  const markdown = renderMarkdown(results);
  await writeFile(join(out, 'results.json'), `${JSON.stringify(results, null, 2)}\n`);
  await writeFile(join(out, 'results.md'), markdown);
  await writeFile(join(out, 'results.svg'), renderChart(results));
  log(`\n${markdown}`);
  log(`Written: ${join(out, 'results.json')}, results.md, results.svg (${results.durationS.toFixed(0)} s in all)`);
};

main().catch((error: unknown) => {
  console.error(error instanceof Error ? (error.message.startsWith('npm run bench') ? error.message : error.stack) : error);
  process.exitCode = 1;
});
