import { describe, expect, it } from 'vitest';
import { backoffDelay, isRetryableStatus, pushBodyOf } from '../../../functions/core/work-item-push.ts';

describe('push backoff', () => {
  it('doubles the step after each failure', () => {
    // random 0: the fixed half of each step.
    expect([1, 2, 3, 4].map((retry) => backoffDelay(retry, 1000, 0))).toEqual([500, 1000, 2000, 4000]);
    // random just under 1: almost the whole step.
    expect([1, 2, 3, 4].map((retry) => backoffDelay(retry, 1000, 0.999_999))).toEqual([1000, 2000, 4000, 8000]);
  });

  it('keeps half of the step and jitters the other half', () => {
    const delays = Array.from({ length: 200 }, (_, i) => backoffDelay(3, 1000, i / 200));
    expect(Math.min(...delays)).toBe(2000);
    expect(Math.max(...delays)).toBeLessThanOrEqual(4000);
    expect(new Set(delays).size).toBeGreaterThan(100);
  });

  it('never exceeds the cap', () => {
    expect(backoffDelay(20, 1000, 0.999, 30_000)).toBeLessThanOrEqual(30_000);
    expect(backoffDelay(20, 1000, 0, 30_000)).toBe(15_000);
  });

  it('waits nothing with a zero base, and clamps a random outside [0, 1]', () => {
    expect(backoffDelay(3, 0, 0.7)).toBe(0);
    expect(backoffDelay(1, 100, 5)).toBe(100);
    expect(backoffDelay(1, 100, -1)).toBe(50);
  });
});

describe('which answers a retry may change', () => {
  it('retries server errors, timeouts and slow-downs', () => {
    for (const status of [500, 502, 503, 504, 408, 425, 429]) expect(isRetryableStatus(status), String(status)).toBe(true);
  });

  it('gives up at once on other client errors and on redirects', () => {
    for (const status of [301, 302, 307, 400, 401, 403, 404, 410, 413]) expect(isRetryableStatus(status), String(status)).toBe(false);
  });
});

describe('push body', () => {
  it('carries ids, the item and the decision path, nothing else', () => {
    const item = {
      id: '99-20260101-ABCDEFGHJK~SCJGJ',
      caseNo: '99-20260101-ABCDEFGHJK',
      department: 'SCJGJ',
      itemCode: 'DEMO-001',
      itemName: '示范许可事项',
      openedAt: '2026-01-01T00:00:00.000Z',
      taskToken: 'secret-token',
      applicant: { identity: '110101199003074514' },
    };
    expect(pushBodyOf(item)).toEqual({
      workItemId: item.id,
      kind: 'approval',
      caseNo: item.caseNo,
      department: 'SCJGJ',
      itemCode: 'DEMO-001',
      itemName: '示范许可事项',
      openedAt: item.openedAt,
      decisionPath: '/work-items/99-20260101-ABCDEFGHJK~SCJGJ/decision',
    });
  });
});
