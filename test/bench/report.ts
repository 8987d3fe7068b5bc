// The benchmark's results: their shape (results.json) and the Markdown tables (results.md, printed).
import { costComponents, type CaseCost, type CaseUsage, type PriceBook } from './cost-model.ts';
import type { RawLimitResult } from './raw-limit.ts';
import type { LatencySummary } from './stats.ts';

/** Targets of issue #10: reported beside the figures, never asserted. */
export const TARGETS = {
  usdPerThousandCases: 0.4,
  transitionsPerCase: 12,
  fractionOfRawLimit: 0.5,
  submitP99Ms: 50,
  bundleBytes: 250 * 1024,
  initMs: 100,
} as const;

export interface BenchResults {
  readonly startedAt: string;
  readonly durationS: number;
  readonly machine: { readonly cpu: string; readonly cores: number; readonly memoryGb: number; readonly os: string; readonly node: string };
  readonly commit: string;
  readonly options: { readonly cases: number; readonly concurrency: number; readonly quick: boolean; readonly initRuns: number; readonly phases: readonly string[] };
  readonly item: string;
  readonly endToEnd?: {
    readonly cases: number;
    readonly warmUpCases: number;
    readonly completed: number;
    readonly elapsedS: number;
    readonly casesPerMinute: number;
    readonly delivery: string;
    readonly departmentDecisions: number;
    readonly inboxPulls: number;
    readonly errors: readonly string[];
    readonly processing: LatencySummary | undefined;
    readonly latencies: Readonly<Record<string, LatencySummary>>;
  };
  readonly rawLimit?: RawLimitResult & { readonly elapsedS: number; readonly fractionOfLimit: number };
  readonly usagePerCase?: CaseUsage;
  readonly transitionsPerCase?: { readonly mean: number; readonly min: number; readonly max: number };
  readonly transitionQuotaCasesPerSecond?: number;
  readonly lambdaByFunction?: Readonly<Record<string, { invocationsPerCase: number; meanMs: number; billedMsPerCase: number; memoryMb: number }>>;
  readonly dynamodbByOperation?: Readonly<Record<string, { requestsPerCase: number; unitsPerCase: number; indexUnitsPerCase: number }>>;
  readonly itemSizes?: Readonly<Record<string, { readonly count: number; readonly meanBytes: number; readonly maxBytes: number }>>;
  readonly costs?: Readonly<Record<string, CaseCost>>;
  readonly prices?: PriceBook;
  readonly bundles?: ReadonlyArray<{
    readonly name: string;
    readonly bytes: number;
    readonly initMs: number;
    readonly contributors: ReadonlyArray<{ readonly what: string; readonly bytes: number }>;
  }>;
  readonly sourceMapCost?: ReadonlyArray<{ readonly name: string; readonly withMs: number; readonly withoutMs: number }>;
}

const table = (header: readonly string[], rows: ReadonlyArray<readonly string[]>): string =>
  [`| ${header.join(' | ')} |`, `|${header.map((h, i) => (i === 0 ? '---' : '---:')).join('|')}|`, ...rows.map((r) => `| ${r.join(' | ')} |`)].join('\n');

const ms = (x: number): string => (x < 10 ? x.toFixed(1) : x.toFixed(0));
const kb = (bytes: number): string => (bytes / 1024).toFixed(0);
const num = (x: number, digits = 2): string => (Number.isInteger(x) ? String(x) : x.toFixed(digits));
const money = (x: number, currency: string): string => `${currency === 'USD' ? '$' : '¥'}${x.toFixed(x >= 1 ? 2 : x >= 0.01 ? 3 : 4)}`;
const pct = (x: number): string => `${(x * 100).toFixed(0)}%`;
const mark = (ok: boolean): string => (ok ? 'met' : 'not met');

export const renderMarkdown = (r: BenchResults): string => {
  const parts: string[] = [];
  parts.push(`# Benchmark results`);
  parts.push(
    `${r.startedAt.slice(0, 16).replace('T', ' ')} UTC, commit ${r.commit}; ${r.machine.cpu}, ${r.machine.cores} cores, ${r.machine.memoryGb} GB, ${r.machine.os}, Node ${r.machine.node}. ` +
      `Everything (local stack with DynamoDB Local, S3 server, ASL interpreter, gateway; applicants; departments) ran on this one machine.`,
  );

  const e = r.endToEnd;
  if (e && r.rawLimit && r.usagePerCase && r.costs && r.transitionsPerCase) {
    parts.push(`## End to end`);
    parts.push(
      table(
        ['measure', 'value'],
        [
          ['cases (item, delivery)', `${e.cases} of ${r.item}, 3 departments in parallel; delivery ${e.delivery}`],
          ['applicants at a time', String(r.options.concurrency)],
          ['completed', `${e.completed} of ${e.cases} (after ${e.warmUpCases} warm-up cases, not counted)`],
          ['wall time', `${e.elapsedS.toFixed(1)} s`],
          ['throughput', `**${e.casesPerMinute.toFixed(1)} cases/min**`],
          ['raw-write limit (same writes and PUTs, no API, no workflow)', `${r.rawLimit.casesPerMinute.toFixed(0)} cases/min (${r.rawLimit.requestsPerSecond.toFixed(0)} requests/s)`],
          ['end to end as a share of the limit', `**${pct(r.rawLimit.fractionOfLimit)}** (target ≥ ${pct(TARGETS.fractionOfRawLimit)}: ${mark(r.rawLimit.fractionOfLimit >= TARGETS.fractionOfRawLimit)})`],
          ...(e.processing ? [['submit → completed', `p50 ${ms(e.processing.p50)} ms, p95 ${ms(e.processing.p95)} ms, p99 ${ms(e.processing.p99)} ms`]] : []),
          ['department decisions / inbox pulls', `${e.departmentDecisions} / ${e.inboxPulls}`],
        ],
      ),
    );
    if (e.errors.length) parts.push(`Not completed or failed calls (first ${e.errors.length}):\n\n${e.errors.map((x) => `- ${x}`).join('\n')}`);

    parts.push(`## Latency per API call (ms, at ${r.options.concurrency} concurrent applicants)`);
    parts.push(
      table(
        ['call', 'n', 'p50', 'p95', 'p99', 'max'],
        Object.entries(e.latencies).map(([route, s]) => [route, String(s.count), ms(s.p50), ms(s.p95), ms(s.p99), ms(s.max)]),
      ),
    );
    const submit = e.latencies['POST /applications/{id}/submit'];
    if (submit) parts.push(`Submit p99 ${ms(submit.p99)} ms (target < ${TARGETS.submitP99Ms} ms: ${mark(submit.p99 < TARGETS.submitP99Ms)}).`);

    const u = r.usagePerCase;
    parts.push(`## What one case used (counted)`);
    parts.push(
      table(
        ['resource', 'per case', 'counted from'],
        [
          ['Step Functions state transitions', `${num(r.transitionsPerCase.mean)} (min ${r.transitionsPerCase.min}, max ${r.transitionsPerCase.max})`, 'execution histories (*StateEntered)'],
          ['Lambda invocations', num(u.lambdaRequests), 'local Lambda runtime'],
          ['Lambda GB-seconds', u.lambdaGbSeconds.toFixed(3), 'billed ms (rounded up per call) × configured memory'],
          ['DynamoDB write request units', num(u.dynamodbWriteUnits), 'ReturnConsumedCapacity'],
          ['DynamoDB read request units', num(u.dynamodbReadUnits), 'ReturnConsumedCapacity'],
          ['S3 PUT/POST requests', num(u.s3PutRequests), 'requests the S3 server received'],
          ['S3 GET/HEAD requests', num(u.s3GetRequests), 'requests the S3 server received'],
          ['S3 storage', `${(u.s3GbMonths * 2 ** 30).toFixed(0)} bytes (kept one month)`, 'bytes PUT'],
          ['API requests', num(u.apiRequests), 'requests the gateway received'],
          ['events put', num(u.events), 'events on the bus'],
        ],
      ),
    );
    parts.push(
      `Step Functions quota ceiling: ${r.transitionQuotaCasesPerSecond?.toFixed(0)} cases/s at 1,500 transitions/s (target: ≤ ${TARGETS.transitionsPerCase} transitions per case, ≥ 125 cases/s: ${mark(r.transitionsPerCase.mean <= TARGETS.transitionsPerCase)}).`,
    );

    const regions = Object.keys(r.costs);
    parts.push(`## Cost per 1,000 cases on AWS (list prices, no free tier)`);
    parts.push(
      table(
        ['component', ...regions.map((region) => `${region} (${r.costs?.[region]?.currency})`)],
        [
          ...costComponents.map((c) => [c, ...regions.map((region) => money((r.costs?.[region]?.perCase[c] ?? 0) * 1_000, r.costs?.[region]?.currency ?? 'USD'))]),
          ['**total**', ...regions.map((region) => `**${money(r.costs?.[region]?.totalPerThousandCases ?? 0, r.costs?.[region]?.currency ?? 'USD')}**`)],
        ],
      ),
    );
    const us = r.costs['us-east-1'];
    if (us) {
      parts.push(
        `Dominant: **${us.dominant.component}** (${pct(us.dominant.share)} of the us-east-1 total). Target ≤ $${TARGETS.usdPerThousandCases.toFixed(2)} per 1,000 cases: ${mark(us.totalPerThousandCases <= TARGETS.usdPerThousandCases)}.`,
      );
    }
    for (const region of regions) {
      const unverified = r.costs[region]?.unverified ?? [];
      if (unverified.length) parts.push(`${region}: ${unverified.length} of the prices used are estimates not checked against their source (${unverified.join(', ')}); see test/bench/prices.json.`);
    }
    parts.push(
      'Not counted: CloudWatch Logs ingestion, X-Ray traces, KMS requests (S3 bucket keys and the table key make them rare), Secrets Manager reads (cached 5 min per function instance), data transfer, DynamoDB storage and Lambda cold-start init. Lambda durations are measured here, with every handler sharing one Node process and two cores with the whole stack, so they overstate what Lambda would bill.',
    );

    if (r.lambdaByFunction) {
      parts.push(`## Lambda per case`);
      parts.push(
        table(
          ['function', 'invocations', 'mean ms', 'billed ms', 'memory MB'],
          Object.entries(r.lambdaByFunction)
            .sort((a, b) => b[1].billedMsPerCase - a[1].billedMsPerCase)
            .map(([name, f]) => [name, num(f.invocationsPerCase), ms(f.meanMs), ms(f.billedMsPerCase), String(f.memoryMb)]),
        ),
      );
    }
    if (r.dynamodbByOperation) {
      parts.push(`## DynamoDB per case`);
      parts.push(
        table(
          ['operation', 'requests', 'request units', 'of which indexes'],
          Object.entries(r.dynamodbByOperation).map(([op, d]) => [op.replace(/Command$/, ''), num(d.requestsPerCase), num(d.unitsPerCase), num(d.indexUnitsPerCase)]),
        ),
      );
    }
    if (r.itemSizes) {
      parts.push(`Case store items after the run (a write costs one unit per started KB of the item, twice in a transaction):`);
      parts.push(
        table(
          ['pk/sk kind', 'items', 'mean bytes', 'max bytes'],
          Object.entries(r.itemSizes).map(([kind, s]) => [kind, String(s.count), s.meanBytes.toFixed(0), String(s.maxBytes)]),
        ),
      );
    }
  }

  if (r.bundles) {
    const over = r.bundles.filter((b) => b.bytes > TARGETS.bundleBytes).length;
    const slow = r.bundles.filter((b) => b.initMs > TARGETS.initMs).length;
    parts.push(`## Cold start: bundles as CDK builds them`);
    parts.push(
      `Minified ESM with the AWS SDK inside (infra/constructs/handler-bundling.ts); module init = import of the bundle in a fresh Node ${r.machine.node} process, median of ${r.options.initRuns}, with NODE_OPTIONS=--enable-source-maps as deployed. ` +
        `Targets ≤ ${kb(TARGETS.bundleBytes)} KB: ${over ? `${over} of ${r.bundles.length} over` : 'all met'}; init ≤ ${TARGETS.initMs} ms: ${slow ? `${slow} of ${r.bundles.length} over` : 'all met'} (on this machine; a 512 MB Lambda has a fraction of a core).`,
    );
    parts.push(
      table(
        ['function', 'KB', 'init ms', 'largest parts (KB)'],
        r.bundles.map((b) => [
          b.name,
          kb(b.bytes),
          ms(b.initMs),
          b.contributors
            .slice(0, 3)
            .map((c) => `${c.what} ${kb(c.bytes)}`)
            .join(', '),
        ]),
      ),
    );
    if (r.sourceMapCost?.length) {
      parts.push(
        `--enable-source-maps at init: ${r.sourceMapCost.map((c) => `${c.name} ${ms(c.withMs)} ms with, ${ms(c.withoutMs)} ms without`).join('; ')}.`,
      );
    }
  }
  return `${parts.join('\n\n')}\n`;
};
