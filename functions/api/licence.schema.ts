// Paths, queries and bodies of the licence library routes (issue #8): used by the handlers and by
// the route table, so the OpenAPI document states what is enforced.
import * as z from 'zod';
import { materialCodeSchema } from '#core/catalogue.ts';
import { licenceIdSchema } from '#core/licence-id.ts';
import { tokenPattern } from '#core/licence-token.ts';
import { departmentCodeSchema } from './work-items.schema.ts';

/** `/licences/{id}…` */
export const licencePath = z.strictObject({ id: licenceIdSchema });

/** GET /licences?limit=&next= */
export const listLicencesQuery = z.strictObject({
  limit: z.coerce.number().int().min(1).max(100).default(20).describe('Licences per page.'),
  next: z.string().max(2000).optional().describe('The `next` token of the previous page.'),
});

/** `/departments/{code}/licences/{id}` */
export const departmentLicencePath = z.strictObject({ code: departmentCodeSchema, id: licenceIdSchema });

/** 用证事由: every read of a licence by a department states why, and the holder can see it. */
export const departmentLicenceQuery = z.strictObject({
  purpose: z.string().trim().min(2).max(200).describe('用证事由: why the department reads this licence, e.g. the case it handles.'),
});

/** POST /licences/{id}/revoke */
export const revokeLicenceBody = z.strictObject({
  reason: z.string().trim().min(2).max(500).describe('Why the licence is revoked (注销/撤销 reason), shown to the holder and to verifiers as the status.'),
});

const atSchema = z.iso
  .datetime({ offset: true })
  .describe('Judge validity at this instant instead of now (e.g. when a contract was signed). Revocation counts from its own time.');

/** GET /licences/{id}/verify?at= */
export const verifyLicenceQuery = z.strictObject({ at: atSchema.optional() });

/** POST /licences/verify: the token of a licence's QR code. */
export const verifyTokenBody = z.strictObject({
  token: z.string().max(4000).regex(tokenPattern, 'not a compact JWS (three base64url parts)').describe("The text of the licence's QR code."),
  at: atSchema.optional(),
});

/** POST /applications/{id}/citations: cite an e-licence the applicant holds instead of uploading. */
export const citationBody = z.strictObject({
  materialCode: materialCodeSchema,
  licenceId: licenceIdSchema,
});
