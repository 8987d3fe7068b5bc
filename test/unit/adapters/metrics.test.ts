// The EMF line CloudWatch turns into metrics: namespace, Province and service dimensions, values.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { METRICS_NAMESPACE, businessMetricNames } from '../../../functions/core/business-metrics.ts';

describe('recordMetrics', () => {
  afterEach(() => {
    vi.restoreAllMocks();
    vi.unstubAllEnvs();
  });

  it('writes one EMF line with the province as a dimension', async () => {
    // As in Lambda: the integration project's global setup starts a local stack in the parent
    // process, which disables metrics for every worker it spawns after.
    vi.stubEnv('POWERTOOLS_METRICS_DISABLED', 'false');
    Object.assign(process.env, { PROVINCE: '32', TABLE_NAME: 't', BUCKET_NAME: 'b', EVENT_BUS_NAME: 'e' });
    const lines: string[] = [];
    vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
      lines.push(String(chunk));
      return true;
    });
    const { recordMetrics } = await import('../../../functions/adapters/metrics.ts');
    recordMetrics([{ name: businessMetricNames.submitted, unit: 'Count', value: 1 }]);
    const emf = lines.map((line) => JSON.parse(line) as Record<string, unknown>).find((line) => '_aws' in line);
    expect(emf).toMatchObject({
      Province: '32',
      service: 'no-meeting-approval',
      [businessMetricNames.submitted]: 1,
      _aws: { CloudWatchMetrics: [{ Namespace: METRICS_NAMESPACE, Dimensions: [['service', 'Province']], Metrics: [{ Name: businessMetricNames.submitted, Unit: 'Count' }] }] },
    });
  });
});
