// Business metrics as CloudWatch embedded metric format (EMF) log lines, through Powertools
// Metrics: no API call, no latency, CloudWatch extracts them from the function's log. Locally
// (POWERTOOLS_METRICS_DISABLED=true) nothing is written.
import { Metrics } from '@aws-lambda-powertools/metrics';
import { METRICS_NAMESPACE, METRICS_SERVICE, type BusinessMetric } from '#core/business-metrics.ts';
import { config } from './config.ts';

let metrics: Metrics | undefined;

/** Writes the metrics at once (one EMF line), so nothing waits for the end of the invocation. */
export const recordMetrics = (values: readonly BusinessMetric[]): void => {
  if (values.length === 0) return;
  metrics ??= new Metrics({ namespace: METRICS_NAMESPACE, serviceName: METRICS_SERVICE, defaultDimensions: { Province: config().PROVINCE } });
  for (const { name, unit, value } of values) metrics.addMetric(name, unit, value);
  metrics.publishStoredMetrics();
};
