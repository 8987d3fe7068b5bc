// X-Ray tracing of AWS SDK calls through Powertools Tracer: each client is wrapped once, where it is
// created, so a trace shows which DynamoDB, Step Functions, EventBridge, KMS or Secrets Manager call
// a request waited on. The S3 clients stay unwrapped: they also presign, and a presigned URL is
// built through the client's middleware without a request ever being sent, which would leave the
// X-Ray middleware a subsegment with no response. Outside Lambda (the local stack, tests) the
// tracer is off and the wrapper is a no-op.
// In Lambda the tracer comes from the Powertools layer (infra/constructs/powertools.ts), not the
// bundle: its X-Ray SDK would add ~130 KB to every function.
import { Tracer } from '@aws-lambda-powertools/tracer';
import { METRICS_SERVICE } from '#core/business-metrics.ts';

export const tracer = new Tracer({ serviceName: METRICS_SERVICE });

/** The client, its calls recorded as subsegments of the invocation's trace. */
export const traced = <T>(client: T): T => tracer.captureAWSv3Client(client);
