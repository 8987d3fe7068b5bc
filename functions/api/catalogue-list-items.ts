// GET /catalogue/items?department=&type=&keyword=&limit=&next=: the province's service items,
// filtered, ordered by code and paged with an opaque token. Public and cacheable.
import * as z from 'zod';
import { canonicalJson, searchItems, type ItemFilter } from '#core/catalogue.ts';
import { Invalid } from '#core/errors.ts';
import { catalogueVersion, province } from '#adapters/catalogue.ts';
import { fieldErrors, httpHandler, type HttpEvent, type HttpResult } from '#middleware/http.ts';
import { listItemsQuery } from './catalogue.schema.ts';
import { cacheable, itemSummary } from './catalogue-views.ts';

// The token holds the offset, sealed with the catalogue version and the filter: a token from
// another filter or from before a redeployment would page through a different list.
const encodeNext = (offset: number, filter: ItemFilter): string =>
  Buffer.from(JSON.stringify({ v: catalogueVersion(), f: canonicalJson(filter), o: offset })).toString('base64url');

const decodeNext = (token: string, filter: ItemFilter): number => {
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(token, 'base64url').toString('utf8'));
  } catch {
    parsed = undefined;
  }
  const page = z.strictObject({ v: z.string(), f: z.string(), o: z.number().int().positive() }).safeParse(parsed);
  if (!page.success || page.data.f !== canonicalJson(filter)) {
    throw new Invalid('the page token is not valid', [{ field: 'query.next', message: 'not a token from a previous page of this query' }]);
  }
  if (page.data.v !== catalogueVersion()) {
    throw new Invalid('the catalogue has changed since this page token was issued', [{ field: 'query.next', message: 'start again from the first page' }]);
  }
  return page.data.o;
};

const listItems = (event: HttpEvent): HttpResult => {
  const parsed = listItemsQuery.safeParse(event.queryStringParameters ?? {});
  if (!parsed.success) throw new Invalid('the query is invalid', fieldErrors(parsed.error, 'query'));
  const { limit, next, ...given } = parsed.data;
  const filter: ItemFilter = Object.fromEntries(Object.entries(given).filter(([, value]) => value !== undefined));
  const offset = next ? decodeNext(next, filter) : 0;
  const matching = searchItems(province().items, filter);
  const page = matching.slice(offset, offset + limit);
  const more = offset + limit < matching.length;
  return cacheable(event, {
    total: matching.length,
    items: page.map(itemSummary),
    ...(more ? { next: encodeNext(offset + limit, filter) } : {}),
  });
};

// The catalogue is in memory: nothing to await (middy awaits the promise).
export const handler = httpHandler((event) => Promise.resolve(listItems(event)));
