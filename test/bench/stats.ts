// Latency statistics of the benchmark: percentiles by the nearest-rank method (the smallest sample
// with at least p% of the samples at or below it), so every figure reported is a time that was
// actually measured, never an interpolation between two.

export interface LatencySummary {
  readonly count: number;
  readonly min: number;
  readonly p50: number;
  readonly p95: number;
  readonly p99: number;
  readonly max: number;
  readonly mean: number;
}

/** The p-th percentile (0 < p ≤ 100) of samples already sorted ascending, nearest rank. */
export const percentileOfSorted = (sorted: readonly number[], p: number): number => {
  if (sorted.length === 0) throw new RangeError('no samples');
  if (!(p > 0 && p <= 100)) throw new RangeError(`percentile must be in (0, 100], got ${p}`);
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[rank - 1] as number;
};

export const percentile = (samples: readonly number[], p: number): number =>
  percentileOfSorted([...samples].sort((a, b) => a - b), p);

export const summarize = (samples: readonly number[]): LatencySummary => {
  const sorted = [...samples].sort((a, b) => a - b);
  if (sorted.length === 0) throw new RangeError('no samples');
  return {
    count: sorted.length,
    min: sorted[0] as number,
    p50: percentileOfSorted(sorted, 50),
    p95: percentileOfSorted(sorted, 95),
    p99: percentileOfSorted(sorted, 99),
    max: sorted[sorted.length - 1] as number,
    mean: sorted.reduce((sum, x) => sum + x, 0) / sorted.length,
  };
};

export const median = (samples: readonly number[]): number => {
  const sorted = [...samples].sort((a, b) => a - b);
  if (sorted.length === 0) throw new RangeError('no samples');
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? (sorted[mid] as number) : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
};

/** Completed items per minute over a wall-clock span. */
export const perMinute = (count: number, elapsedMs: number): number => (elapsedMs > 0 ? (count * 60_000) / elapsedMs : 0);
