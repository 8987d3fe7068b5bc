// Path and query of the applicant's case routes: used by the handlers and by the route table.
import * as z from 'zod';
import { caseNoPattern } from '#core/case-number.ts';

export const caseNoSchema = z.string().regex(caseNoPattern, 'not a case number').describe('`<province>-<yyyymmdd>-<10 base32>`, e.g. 99-20260101-0123456789');

/** `/cases/{caseNo}` */
export const casePath = z.strictObject({ caseNo: caseNoSchema });

/** GET /cases?limit=&next= */
export const listCasesQuery = z.strictObject({
  limit: z.coerce.number().int().min(1).max(100).default(20).describe('Cases per page.'),
  next: z.string().max(2000).optional().describe('The `next` token of the previous page.'),
});

const materialCode = z.string().regex(/^[A-Z0-9-]{1,32}$/, 'a material code');

/**
 * POST /cases/{caseNo}/corrections: the applicant's answer to a correction notice (replaced
 * materials, uploaded first through POST /applications/{id}/uploads; changed form fields; signed
 * commitments), or the supply of materials owed after a 容缺 acceptance.
 */
export const correctionBody = z
  .strictObject({
    materials: z.array(materialCode).max(100).optional().describe('Materials uploaded again (or for the first time) since the notice.'),
    formData: z
      .record(z.string().regex(/^[a-z][a-zA-Z0-9]{0,39}$/), z.union([z.string().max(500), z.number(), z.boolean()]))
      .optional()
      .describe('Form fields to change; the others keep their value.'),
    commitments: z.array(materialCode).max(100).optional().describe('Materials replaced by signing the catalogue\'s commitment text (告知承诺制).'),
  })
  .refine((b) => (b.materials?.length ?? 0) + Object.keys(b.formData ?? {}).length + (b.commitments?.length ?? 0) > 0, {
    message: 'name at least one material, form field or commitment',
    path: ['materials'],
  });

/** POST /applications/{id}/commitments */
export const commitmentBody = z.strictObject({
  materialCode,
  accept: z.literal(true).describe('The applicant accepts the commitment text of this material as written in the catalogue.'),
});

/** GET /tracking/{caseNo}?key=: the receipt's tracking key (a wrong or missing key answers 404). */
export const trackingQuery = z.strictObject({
  key: z.string().max(64).optional().describe('The tracking key printed on the receipt (in its QR code link).'),
});
