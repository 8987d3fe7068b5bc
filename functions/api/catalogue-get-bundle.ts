// GET /catalogue/bundles/{code}: one bundle with its items in stages and its single merged form:
// every question and form field once, whichever items ask it. Public and cacheable.
import { catalogueBundle } from '#adapters/catalogue.ts';
import { httpHandler, pathParam, type HttpEvent, type HttpResult } from '#middleware/http.ts';
import { catalogueBundlePath } from './catalogue.schema.ts';
import { bundleDetail, cacheable } from './catalogue-views.ts';

const getBundle = (event: HttpEvent): HttpResult => {
  const bundle = catalogueBundle(pathParam(event, 'code', catalogueBundlePath.shape.code));
  return cacheable(event, { bundle: bundleDetail(bundle) });
};

// The catalogue is in memory: nothing to await (middy awaits the promise).
export const handler = httpHandler((event) => Promise.resolve(getBundle(event)));
