// Where a department's supervisor (电子监察 contact) receives deadline warnings: the department's
// `supervisorWebhookUrl` in the province config, unless SUPERVISOR_WEBHOOKS, JSON
// `{ "<department>": "<url>" }` (https, or http on loopback as for work item pushes), overrides it;
// the local stack points every department at its department simulator that way. A department
// without one is told nothing by webhook: the warning is in the case's audit trail and on the bus
// either way.
import * as z from 'zod';
import { province } from './catalogue.ts';

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]']);

const webhookUrl = z.url().refine((text) => {
  const url = new URL(text);
  return url.protocol === 'https:' || (url.protocol === 'http:' && LOOPBACK.has(url.hostname));
}, 'a webhook URL must use https (http only on loopback)');

const schema = z.record(z.string().regex(/^[A-Z0-9]{2,16}$/), webhookUrl);

let parsed: Readonly<Record<string, string>> | undefined;

/** SUPERVISOR_WEBHOOKS, parsed once; a malformed value fails loudly, naming the problem. */
const webhooks = (): Readonly<Record<string, string>> => {
  if (parsed) return parsed;
  const text = process.env.SUPERVISOR_WEBHOOKS;
  if (text === undefined || text.trim() === '') return (parsed = {});
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new Error('SUPERVISOR_WEBHOOKS is not JSON ({ "<department>": "<url>" })', { cause: error });
  }
  const result = schema.safeParse(json);
  if (!result.success) throw new Error(`SUPERVISOR_WEBHOOKS is invalid:\n${z.prettifyError(result.error)}`);
  return (parsed = result.data);
};

export const supervisorWebhookOf = (department: string): URL | undefined => {
  const url = webhooks()[department] ?? province().departments.find((d) => d.code === department)?.supervisorWebhookUrl;
  return url === undefined ? undefined : new URL(url);
};
