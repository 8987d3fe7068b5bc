// GET /cases?limit=&next=: the caller's own cases, newest first, paginated with an opaque token.
import { applicantKey } from '#core/applicant-key.ts';
import { Invalid } from '#core/errors.ts';
import { listCasesOf } from '#adapters/case-store.ts';
import { callerOf } from '#middleware/applicant.ts';
import { fieldErrors, httpHandler, json } from '#middleware/http.ts';
import { listCasesQuery } from './case.schema.ts';
import { decodePageToken, encodePageToken } from './page-token.ts';

export const handler = httpHandler(async (event) => {
  const caller = callerOf(event);
  const parsed = listCasesQuery.safeParse(event.queryStringParameters ?? {});
  if (!parsed.success) throw new Invalid('the query is invalid', fieldErrors(parsed.error, 'query'));
  const partition = `APPLICANT#${applicantKey(caller.self)}`;
  const page = await listCasesOf(caller.self, parsed.data.limit, parsed.data.next ? decodePageToken(parsed.data.next, 'gsi1pk', partition) : undefined);
  return json(200, {
    cases: page.cases.map((c) => ({ caseNo: c.caseNo, status: c.status, itemCode: c.itemCode, itemName: c.itemName, submittedAt: c.submittedAt, updatedAt: c.updatedAt })),
    ...(page.next ? { next: encodePageToken(page.next) } : {}),
  });
});
