// GET /departments/{code}/work-items?status=open&limit=&next=: a department pulls its open work
// items (the push webhook's fallback), in due-date order, one page at a time. Signed like decisions.
import { z } from 'zod';
import { Forbidden, Invalid } from '#core/errors.ts';
import { listOpenWorkItems } from '#adapters/work-items.ts';
import { authenticateDepartment } from '#middleware/department-auth.ts';
import { fieldErrors, httpHandler, json, pathParam } from '#middleware/http.ts';
import { decodePageToken, encodePageToken } from './page-token.ts';

const query = z.strictObject({
  // Only open items are indexed (sparse index); decided ones are read per case.
  status: z.literal('open').default('open'),
  limit: z.coerce.number().int().min(1).max(100).default(50),
  next: z.string().max(2000).optional(),
});

export const handler = httpHandler(async (event) => {
  const department = await authenticateDepartment(event);
  const code = pathParam(event, 'code', z.string().regex(/^[A-Z0-9]{2,16}$/));
  if (code !== department) throw new Forbidden('a department can read only its own work items');
  const parsed = query.safeParse(event.queryStringParameters ?? {});
  if (!parsed.success) throw new Invalid('the query is invalid', fieldErrors(parsed.error, 'query'));
  const partition = `DEPT#${department}`;
  const page = await listOpenWorkItems(department, parsed.data.limit, parsed.data.next ? decodePageToken(parsed.data.next, 'gsi2pk', partition) : undefined);
  return json(200, {
    workItems: page.items.map(({ id, caseNo, itemCode, itemName, status, openedAt }) => ({ workItemId: id, caseNo, itemCode, itemName, status, openedAt })),
    ...(page.next ? { next: encodePageToken(page.next) } : {}),
  });
});
