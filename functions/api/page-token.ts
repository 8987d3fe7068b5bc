// Opaque page tokens for DynamoDB pagination: the last key, base64url JSON, accepted back only for
// the same index partition, so a forged token cannot read someone else's items.
import { Invalid } from '#core/errors.ts';

export const encodePageToken = (key: Record<string, unknown>): string => Buffer.from(JSON.stringify(key)).toString('base64url');

export const decodePageToken = (token: string, partitionAttribute: string, partition: string): Record<string, unknown> => {
  try {
    const key = JSON.parse(Buffer.from(token, 'base64url').toString('utf8')) as Record<string, unknown>;
    if (key[partitionAttribute] === partition) return key;
  } catch {
    // malformed: answered below like any foreign token
  }
  throw new Invalid('the page token is not valid', [{ field: 'query.next', message: 'not a token from a previous page' }]);
};
