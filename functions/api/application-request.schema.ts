// Path and header parts of the application routes (their bodies are in application.schema.ts):
// used by the handlers and by the route table, so the OpenAPI document states what is enforced.
import * as z from 'zod';
import { idempotencyKeySchema } from '#core/idempotency-key.ts';

export const applicationIdSchema = z.uuid().describe('The application id returned by POST /applications.');

/** `/applications/{id}…` */
export const applicationPath = z.strictObject({ id: applicationIdSchema });

/** POST /applications/{id}/submit: header names as API Gateway hands them over (lowercase). */
export const submitApplicationHeaders = z.object({ 'idempotency-key': idempotencyKeySchema });
