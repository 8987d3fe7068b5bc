// Path, query and body of the public catalogue routes: used by the handlers and by the route table
// (and so by the OpenAPI document). Pure zod: the route table may import it at synth.
import * as z from 'zod';
import { departmentCodeSchema, itemCodeSchema, itemTypes } from '#core/catalogue.ts';
import { situationAnswersSchema } from './application.schema.ts';

/** GET /catalogue/items?department=&type=&keyword=&limit=&next= */
export const listItemsQuery = z.strictObject({
  department: departmentCodeSchema.optional().describe('Only items this department approves, e.g. SCJGJ.'),
  type: z.enum(itemTypes).optional().describe('Only items of this type (事项类型), e.g. 许可.'),
  keyword: z.string().trim().min(1).max(50).optional().describe('Matched in code, national code, name and legal basis.'),
  limit: z.coerce.number().int().min(1).max(100).default(20).describe('Items per page.'),
  next: z.string().max(500).optional().describe('The `next` token of the previous page of the same query.'),
});

/** `/catalogue/items/{code}` */
export const catalogueItemPath = z.strictObject({ code: itemCodeSchema.describe('The province item code, e.g. JS-GSSLDJ.') });

/** `/catalogue/bundles/{code}` */
export const catalogueBundlePath = z.strictObject({ code: itemCodeSchema.describe('The bundle code, e.g. HN-KLFD.') });

/** POST /catalogue/guide */
export const guideBody = z
  .strictObject({
    itemCode: z.string().min(1).max(40).optional(),
    bundleCode: z.string().min(1).max(40).optional(),
    situationAnswers: situationAnswersSchema.default({}).describe('Question code → option code, for every question that applies.'),
  })
  .refine((b) => (b.itemCode === undefined) !== (b.bundleCode === undefined), { message: 'give either itemCode or bundleCode', path: ['itemCode'] });
