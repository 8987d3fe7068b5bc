// GET /departments/{code}/work-items?status=open&limit=&next=: a department pulls its open work
// items (the push webhook's fallback), in due-date order, one page at a time. Signed like decisions.
import { Forbidden, Invalid } from '#core/errors.ts';
import { listOpenWorkItems } from '#adapters/work-items.ts';
import { authenticateDepartment } from '#middleware/department-auth.ts';
import { fieldErrors, httpHandler, json, pathParam } from '#middleware/http.ts';
import { decodePageToken, encodePageToken } from './page-token.ts';
import { departmentCodeSchema, listWorkItemsQuery } from './work-items.schema.ts';

export const handler = httpHandler(async (event) => {
  const department = await authenticateDepartment(event);
  const code = pathParam(event, 'code', departmentCodeSchema);
  if (code !== department) throw new Forbidden('a department can read only its own work items');
  const parsed = listWorkItemsQuery.safeParse(event.queryStringParameters ?? {});
  if (!parsed.success) throw new Invalid('the query is invalid', fieldErrors(parsed.error, 'query'));
  const partition = `DEPT#${department}`;
  const page = await listOpenWorkItems(department, parsed.data.limit, parsed.data.next ? decodePageToken(parsed.data.next, 'gsi2pk', partition) : undefined);
  return json(200, {
    // delivery: the push to the department's webhook; `pending` until one is recorded (a push under
    // way, or a department without a webhook, which pulls only).
    workItems: page.items.map(({ id, kind, caseNo, itemCode, itemName, status, openedAt, due, delivery, committed, supplement, suspension }) => ({
      workItemId: id,
      kind: kind ?? 'approval',
      caseNo,
      itemCode,
      itemName,
      status,
      openedAt,
      // When the department must have decided (issue #7); absent on items opened before deadlines existed.
      ...(due ? { due } : {}),
      delivery: delivery ?? { status: 'pending' },
      ...(committed?.length ? { committed } : {}),
      // Issue #6: waiting for the applicant's supplement (until answeredAt), or the clock stopped (until resumedAt).
      ...(supplement ? { supplement } : {}),
      ...(suspension ? { suspension } : {}),
    })),
    ...(page.next ? { next: encodePageToken(page.next) } : {}),
  });
});
