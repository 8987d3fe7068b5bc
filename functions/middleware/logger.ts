// Structured JSON logs. Identity numbers are masked here as a last line of defence, even if a
// caller forgets: a resident id or a USCC inside any string value never leaves in clear.
import { maskIdentity } from '#core/mask.ts';

type Level = 'debug' | 'info' | 'warn' | 'error';
const order: Record<Level, number> = { debug: 10, info: 20, warn: 30, error: 40 };
const threshold = order[(process.env.LOG_LEVEL as Level | undefined) ?? 'info'] ?? order.info;

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

const write = (level: Level, message: string, fields: Record<string, unknown>): void => {
  if (order[level] < threshold) return;
  const line = JSON.stringify(redact({ level, time: new Date().toISOString(), message, ...fields }));
  (level === 'error' || level === 'warn' ? process.stderr : process.stdout).write(`${line}\n`);
};

export const log = {
  debug: (message: string, fields: Record<string, unknown> = {}) => write('debug', message, fields),
  info: (message: string, fields: Record<string, unknown> = {}) => write('info', message, fields),
  warn: (message: string, fields: Record<string, unknown> = {}) => write('warn', message, fields),
  error: (message: string, fields: Record<string, unknown> = {}) => write('error', message, fields),
};
