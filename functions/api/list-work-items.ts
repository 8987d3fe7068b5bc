// GET /departments/{code}/work-items?status=open&limit=&next=: a department pulls its open work
// items (the push webhook's fallback), in due-date order, one page at a time. Signed like decisions.
import { Forbidden } from '#core/errors.ts';
import { authenticateDepartment } from '#middleware/department-auth.ts';
import { httpHandler, json, pathParam } from '#middleware/http.ts';
import { inboxPage } from './work-item-view.ts';
import { departmentCodeSchema } from './work-items.schema.ts';

export const handler = httpHandler(async (event) => {
  const department = await authenticateDepartment(event);
  const code = pathParam(event, 'code', departmentCodeSchema);
  if (code !== department) throw new Forbidden('a department can read only its own work items');
  return json(200, await inboxPage(department, event));
});
