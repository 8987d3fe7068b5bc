// GET /tracking/{caseNo}?key=: the public tracking page's data (issue #15 item 4), for whoever holds
// the receipt: status, workflow phase, deadlines and a timeline in the platform's own words, with
// no personal data (core/tracking.ts). A wrong or missing key answers exactly like an unknown case.
import { NotFound } from '#core/errors.ts';
import { trackingKeyMatches, trackingView } from '#core/tracking.ts';
import { getCase, listAudit } from '#adapters/case-store.ts';
import { province } from '#adapters/catalogue.ts';
import { httpHandler, json, pathParam } from '#middleware/http.ts';
import { caseNoSchema } from './case.schema.ts';
import { deadlinesNow } from './deadlines-now.ts';

export const handler = httpHandler(async (event) => {
  const caseNo = pathParam(event, 'caseNo', caseNoSchema);
  const found = await getCase(caseNo);
  if (!found || !trackingKeyMatches(found.trackingKey, event.queryStringParameters?.key)) throw new NotFound(`case ${caseNo} does not exist`);
  const departments = new Map(province().departments.map((d) => [d.code, d.name]));
  const itemNames = found.requirement?.items.map((i) => i.name) ?? [found.itemName];
  return json(200, trackingView({ ...found, itemNames }, await listAudit(caseNo), deadlinesNow(found), (code) => departments.get(code) ?? code));
});
