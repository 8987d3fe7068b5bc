// GET /catalogue/bundles: the province's one-thing bundles (一件事一次办). A province has a few dozen
// at most, so one page holds them all. Public and cacheable.
import { province } from '#adapters/catalogue.ts';
import { httpHandler } from '#middleware/http.ts';
import { bundleSummary, cacheable } from './catalogue-views.ts';

// The catalogue is in memory: nothing to await (middy awaits the promise).
export const handler = httpHandler((event) => Promise.resolve(cacheable(event, { bundles: province().bundles.map(bundleSummary) })));
