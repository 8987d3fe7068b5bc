// GET /licences?limit=&next=: the caller's licence library (我的证照), newest first, paginated with
// an opaque token bound to the caller's holder partition.
import { applicantKey } from '#core/applicant-key.ts';
import { Invalid } from '#core/errors.ts';
import { licenceSummary } from '#core/licence.ts';
import { clock } from '#adapters/clock.ts';
import { listLicencesOf } from '#adapters/licences.ts';
import { callerOf } from '#middleware/applicant.ts';
import { fieldErrors, httpHandler, json } from '#middleware/http.ts';
import { listLicencesQuery } from './licence.schema.ts';
import { decodePageToken, encodePageToken } from './page-token.ts';

export const handler = httpHandler(async (event) => {
  const caller = callerOf(event);
  const parsed = listLicencesQuery.safeParse(event.queryStringParameters ?? {});
  if (!parsed.success) throw new Invalid('the query is invalid', fieldErrors(parsed.error, 'query'));
  const partition = `HOLDER#${applicantKey(caller.self)}`;
  const page = await listLicencesOf(caller.self, parsed.data.limit, parsed.data.next ? decodePageToken(parsed.data.next, 'gsi3pk', partition) : undefined);
  const now = clock.now();
  return json(200, {
    licences: page.licences.map((licence) => licenceSummary(licence, now)),
    ...(page.next ? { next: encodePageToken(page.next) } : {}),
  });
});
