// Path and query of the department routes: used by the handlers and by the route table.
import * as z from 'zod';

export const departmentCodeSchema = z.string().regex(/^[A-Z0-9]{2,16}$/, 'a department code').describe('The department code, e.g. SCJGJ.');

/** The shape `parseWorkItemId` (core/work-item.ts) splits: `<caseNo>~<department>`. */
export const workItemIdSchema = z
  .string()
  .regex(/^\d{2}-\d{8}-[0-9A-Z]{10}~[A-Z0-9]{2,16}(~acceptance)?$/, 'a work item id, <caseNo>~<department>[~acceptance]')
  .describe('`<caseNo>~<department>` (approval) or `<caseNo>~<department>~acceptance` (formal acceptance), as pushed to the department or listed by GET /departments/{code}/work-items.');

/** `/departments/{code}/work-items` */
export const departmentPath = z.strictObject({ code: departmentCodeSchema });

/** `/work-items/{id}/decision` */
export const workItemPath = z.strictObject({ id: workItemIdSchema });

/** GET /departments/{code}/work-items?status=open&limit=&next= */
export const listWorkItemsQuery = z.strictObject({
  // Only open items are indexed (sparse index); decided ones are read per case.
  status: z.literal('open').default('open').describe('Only open work items can be listed.'),
  limit: z.coerce.number().int().min(1).max(100).default(50).describe('Work items per page.'),
  next: z.string().max(2000).optional().describe('The `next` token of the previous page.'),
});
