// Path and query of the applicant's case routes: used by the handlers and by the route table.
import { z } from 'zod';
import { caseNoPattern } from '#core/case-number.ts';

export const caseNoSchema = z.string().regex(caseNoPattern, 'not a case number').describe('`<province>-<yyyymmdd>-<10 base32>`, e.g. 99-20260101-0123456789');

/** `/cases/{caseNo}` */
export const casePath = z.strictObject({ caseNo: caseNoSchema });

/** GET /cases?limit=&next= */
export const listCasesQuery = z.strictObject({
  limit: z.coerce.number().int().min(1).max(100).default(20).describe('Cases per page.'),
  next: z.string().max(2000).optional().describe('The `next` token of the previous page.'),
});
