// Opaque page tokens for DynamoDB pagination: the last key, base64url JSON, accepted back only for
// the same index partition, so a forged token cannot read someone else's items, and only in the
// shape of an index key (table key + index key, all strings), so a forged one cannot make the query
// itself fail (DynamoDB refuses a malformed ExclusiveStartKey with a ValidationException: a 500).
import * as z from 'zod';
import { Invalid } from '#core/errors.ts';

export const encodePageToken = (key: Record<string, unknown>): string => Buffer.from(JSON.stringify(key)).toString('base64url');

const keyOf = (partitionAttribute: string) => {
  const sortAttribute = partitionAttribute.replace(/pk$/, 'sk');
  return z.strictObject({ pk: z.string(), sk: z.string(), [partitionAttribute]: z.string(), [sortAttribute]: z.string() });
};

export const decodePageToken = (token: string, partitionAttribute: string, partition: string): Record<string, unknown> => {
  try {
    const key = keyOf(partitionAttribute).safeParse(JSON.parse(Buffer.from(token, 'base64url').toString('utf8')));
    if (key.success && key.data[partitionAttribute] === partition) return key.data;
  } catch {
    // malformed: answered below like any foreign token
  }
  throw new Invalid('the page token is not valid', [{ field: 'query.next', message: 'not a token from a previous page' }]);
};
