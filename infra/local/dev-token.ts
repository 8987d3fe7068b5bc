// POST /_dev/token on the local gateway only: the console's dev sign-in (issue #16). Mints a token
// with the dev issuer, exactly as `npm run token` does, for an applicant, an agent, an officer or a
// supervisor. Never in infra/routes.ts, never deployed, and only for loopback callers that name a
// loopback host (a page on another site cannot reach it through DNS rebinding).
import type { IncomingMessage, ServerResponse } from 'node:http';
import * as z from 'zod';
import { parseResidentId, parseUscc } from '../../functions/core/identity.ts';
import type { DevClaims, DevIssuer } from './dev-issuer.ts';
import { readBody, send } from './simulator-http.ts';

const name = z.string().trim().min(1).max(200);
const residentId = z.string().refine((v) => parseResidentId(v.toUpperCase()).ok, 'not a valid resident identity number (GB 11643)');
const uscc = z.string().refine((v) => parseUscc(v.toUpperCase()).ok, 'not a valid unified social credit code (GB 32100)');

const requestSchema = (departments: readonly string[]) =>
  z.union([
    z.strictObject({ kind: z.literal('applicant'), name, residentId }),
    z.strictObject({ kind: z.literal('applicant'), name, uscc }),
    z.strictObject({ kind: z.literal('agent'), name, residentId }),
    z.strictObject({ kind: z.literal('officer'), name, department: z.enum(departments as [string, ...string[]]) }),
    z.strictObject({ kind: z.literal('supervisor'), name }),
  ]);

type DevTokenRequest = z.infer<ReturnType<typeof requestSchema>>;

const claimsOf = (request: DevTokenRequest): DevClaims => {
  switch (request.kind) {
    case 'applicant':
      return 'uscc' in request ? { name: request.name, uscc: request.uscc.toUpperCase() } : { name: request.name, resident_id: request.residentId.toUpperCase() };
    case 'agent':
      return { name: request.name, resident_id: request.residentId.toUpperCase(), role: 'agent' };
    case 'officer':
      return { name: request.name, role: 'officer', department: request.department };
    case 'supervisor':
      return { name: request.name, role: 'supervisor' };
  }
};

const LOOPBACK_ADDRESSES = new Set(['127.0.0.1', '::1', '::ffff:127.0.0.1']);
const LOOPBACK_HOSTS = new Set(['127.0.0.1', 'localhost', '[::1]']);

export const isLoopbackRequest = (req: IncomingMessage): boolean => {
  const host = (req.headers.host ?? '').replace(/:\d+$/, '').toLowerCase();
  return LOOPBACK_ADDRESSES.has(req.socket.remoteAddress ?? '') && LOOPBACK_HOSTS.has(host);
};

/** Answers POST /_dev/token; false for any other request (the gateway goes on). */
export const devTokenEndpoint =
  (issuer: DevIssuer, departments: readonly string[]) =>
  async (req: IncomingMessage, res: ServerResponse, path: string): Promise<boolean> => {
    if (path !== '/_dev/token') return false;
    if (req.method !== 'POST') return (send(res, 405, { message: 'Method Not Allowed' }), true);
    if (!isLoopbackRequest(req)) return (send(res, 403, { message: 'the dev sign-in answers loopback callers only' }), true);
    const text = await readBody(req, 4096);
    let value: unknown;
    try {
      value = text === undefined ? undefined : JSON.parse(text);
    } catch {
      value = undefined;
    }
    const parsed = requestSchema(departments).safeParse(value);
    if (!parsed.success) {
      send(res, 400, { message: 'expected {kind: applicant|agent|officer|supervisor, name, residentId|uscc|department}', errors: z.flattenError(parsed.error) });
      return true;
    }
    const token = await issuer.mint(claimsOf(parsed.data));
    send(res, 200, { token, claims: await issuer.verify(token) });
    return true;
  };
