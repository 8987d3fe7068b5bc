import { describe, expect, it } from 'vitest';
import { median, percentile, percentileOfSorted, perMinute, summarize } from '../../bench/stats.ts';

describe('percentiles by nearest rank', () => {
  const oneToHundred = Array.from({ length: 100 }, (_, i) => i + 1);

  it('gives the smallest sample with at least p% of the samples at or below it', () => {
    expect(percentile(oneToHundred, 50)).toBe(50);
    expect(percentile(oneToHundred, 95)).toBe(95);
    expect(percentile(oneToHundred, 99)).toBe(99);
    expect(percentile(oneToHundred, 100)).toBe(100);
  });

  it('reports a measured sample, never an interpolation, and rounds the rank up', () => {
    // rank = ceil(0.5 × 4) = 2 → the 2nd smallest; ceil(0.95 × 4) = 4 → the largest.
    expect(percentile([40, 10, 30, 20], 50)).toBe(20);
    expect(percentile([40, 10, 30, 20], 95)).toBe(40);
    expect(percentile([7], 99)).toBe(7);
  });

  it('does not depend on the order of the samples', () => {
    const shuffled = [...oneToHundred].reverse();
    expect(percentile(shuffled, 95)).toBe(95);
  });

  it('refuses an empty sample and a percentile outside (0, 100]', () => {
    expect(() => percentile([], 50)).toThrow(RangeError);
    expect(() => percentileOfSorted([1, 2], 0)).toThrow(RangeError);
    expect(() => percentileOfSorted([1, 2], 101)).toThrow(RangeError);
  });

  it('summarizes count, min, p50, p95, p99, max and mean', () => {
    const tail = [...Array.from({ length: 98 }, () => 10), 500, 1_000];
    expect(summarize(tail)).toEqual({ count: 100, min: 10, p50: 10, p95: 10, p99: 500, max: 1_000, mean: (98 * 10 + 1_500) / 100 });
  });
});

describe('median and rate', () => {
  it('takes the middle sample, or the mean of the two middle ones', () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 3, 2])).toBe(2.5);
  });

  it('turns a count over milliseconds into a count per minute', () => {
    expect(perMinute(30, 20_000)).toBe(90);
    expect(perMinute(5, 0)).toBe(0);
  });
});
