// Structured JSON logs through Powertools Logger (the Lambda context, cold start and X-Ray trace id
// on every line, levels from LOG_LEVEL). Identity numbers are masked here as a last line of
// defence, even if a caller forgets: a resident id or a USCC inside any string value never leaves
// in clear.
import { Logger } from '@aws-lambda-powertools/logger';
import { METRICS_SERVICE } from '#core/business-metrics.ts';
import { maskIdentity } from '#core/mask.ts';

const levels = ['DEBUG', 'INFO', 'WARN', 'ERROR'] as const;
const configured = process.env.LOG_LEVEL?.toUpperCase();
export const logger = new Logger({
  serviceName: METRICS_SERVICE,
  logLevel: levels.find((level) => level === configured) ?? 'INFO',
});

const IDENTITY = /(?<![0-9A-Z])(\d{17}[\dXx]|[0-9A-HJ-NPQRTUWXY]{2}\d{6}[0-9A-HJ-NPQRTUWXY]{10})(?![0-9A-Z])/g;

export const redact = (value: unknown): unknown => {
  if (typeof value === 'string') return value.replace(IDENTITY, (m) => maskIdentity(m));
  if (Array.isArray(value)) return value.map(redact);
  if (value instanceof Error) return { name: value.name, message: redact(value.message), stack: redact(value.stack) };
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, redact(v)]));
  }
  return value;
};

type Fields = Record<string, unknown>;

export const log = {
  debug: (message: string, fields: Fields = {}) => logger.debug(redact(message) as string, redact(fields) as Fields),
  info: (message: string, fields: Fields = {}) => logger.info(redact(message) as string, redact(fields) as Fields),
  warn: (message: string, fields: Fields = {}) => logger.warn(redact(message) as string, redact(fields) as Fields),
  error: (message: string, fields: Fields = {}) => logger.error(redact(message) as string, redact(fields) as Fields),
};
