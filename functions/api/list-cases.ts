// GET /cases?limit=&next=: the caller's own cases, newest first, paginated with an opaque token.
import { z } from 'zod';
import { applicantKey } from '#core/applicant-key.ts';
import { Invalid } from '#core/errors.ts';
import { listCasesOf } from '#adapters/case-store.ts';
import { callerOf } from '#middleware/applicant.ts';
import { fieldErrors, httpHandler, json } from '#middleware/http.ts';

const query = z.strictObject({
  limit: z.coerce.number().int().min(1).max(100).default(20),
  next: z.string().max(2000).optional(),
});

// The token is the index position, sealed as base64url JSON; it is checked on the way back in so a
// forged token cannot read another applicant's partition.
const encodeNext = (key: Record<string, unknown>): string => Buffer.from(JSON.stringify(key)).toString('base64url');
const decodeNext = (token: string, partition: string): Record<string, unknown> => {
  try {
    const key = JSON.parse(Buffer.from(token, 'base64url').toString('utf8')) as Record<string, unknown>;
    if (key.gsi1pk === partition) return key;
  } catch {
    // fall through
  }
  throw new Invalid('the page token is not valid', [{ field: 'query.next', message: 'not a token from a previous page' }]);
};

export const handler = httpHandler(async (event) => {
  const caller = callerOf(event);
  const parsed = query.safeParse(event.queryStringParameters ?? {});
  if (!parsed.success) throw new Invalid('the query is invalid', fieldErrors(parsed.error, 'query'));
  const partition = `APPLICANT#${applicantKey(caller.self)}`;
  const page = await listCasesOf(caller.self, parsed.data.limit, parsed.data.next ? decodeNext(parsed.data.next, partition) : undefined);
  return json(200, {
    cases: page.cases.map((c) => ({ caseNo: c.caseNo, status: c.status, itemCode: c.itemCode, itemName: c.itemName, submittedAt: c.submittedAt, updatedAt: c.updatedAt })),
    ...(page.next ? { next: encodeNext(page.next) } : {}),
  });
});
