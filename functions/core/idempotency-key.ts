// The Idempotency-Key a client sends with a creating POST (draft-ietf-httpapi-idempotency-key-header):
// one shape, checked by the idempotency adapter and documented in the OpenAPI description.
import * as z from 'zod';

export const idempotencyKeySchema = z
  .string()
  .regex(/^[A-Za-z0-9_-]{8,64}$/, '8 to 64 characters of A-Z, a-z, 0-9, _ or -')
  .describe('A client-chosen key, unique per intended request: a retry with the same key and body gets the same answer.');
