// GET /catalogue/items/{code}: one service item with every element of its implementation list
// (实施清单): materials, situations, stages, limits, fees, delivery, form. Public and cacheable.
import { catalogueItem } from '#adapters/catalogue.ts';
import { httpHandler, pathParam, type HttpEvent, type HttpResult } from '#middleware/http.ts';
import { catalogueItemPath } from './catalogue.schema.ts';
import { cacheable, itemDetail } from './catalogue-views.ts';

const getItem = (event: HttpEvent): HttpResult => {
  const item = catalogueItem(pathParam(event, 'code', catalogueItemPath.shape.code));
  return cacheable(event, { item: itemDetail(item) });
};

// The catalogue is in memory: nothing to await (middy awaits the promise).
export const handler = httpHandler((event) => Promise.resolve(getItem(event)));
