// Field errors as problem+json names them: every offending field by its path, an unknown key by
// its own name (not its parent's), with the caller's prefix for query, path and header inputs.
import { z } from 'zod';
import { describe, expect, it } from 'vitest';
import { fieldErrors } from '../../../functions/middleware/http.ts';

const errorsOf = (schema: z.ZodType, value: unknown, prefix?: string) => {
  const parsed = schema.safeParse(value);
  if (parsed.success) throw new Error('expected the value to be refused');
  return fieldErrors(parsed.error, prefix).map((e) => e.field);
};

describe('fieldErrors', () => {
  const body = z.strictObject({ name: z.string(), address: z.strictObject({ city: z.string() }) });

  it('names each unknown key itself, at any depth', () => {
    expect(errorsOf(body, { name: 'a', address: { city: 'b', floor: 3 }, admin: true, role: 'x' })).toEqual(['address.floor', 'admin', 'role']);
  });

  it('names wrong and missing fields by their path, and the body itself when it is not an object', () => {
    expect(errorsOf(body, { name: 1, address: {} })).toEqual(['name', 'address.city']);
    expect(errorsOf(body, [])).toEqual(['body']);
  });

  it('puts the prefix in front, and uses it alone for the whole input', () => {
    const query = z.strictObject({ limit: z.coerce.number().int().min(1) });
    expect(errorsOf(query, { limit: '0', owner: 'x' }, 'query')).toEqual(['query.limit', 'query.owner']);
    expect(errorsOf(z.uuid(), 'nope', 'path.id')).toEqual(['path.id']);
  });
});
