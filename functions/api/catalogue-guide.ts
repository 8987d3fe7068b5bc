// POST /catalogue/guide: an item or a bundle plus situation answers → the exact materials,
// departments, stages, limits, fees and visits (颗粒化办事指南). Public; the same body always gets
// the same answer under one catalogue version. An unknown question or option is a 400 naming it.
import { resolveRequirement } from '#adapters/catalogue.ts';
import { httpHandler, json, parseJsonBody, type HttpEvent, type HttpResult } from '#middleware/http.ts';
import { guideBody } from './catalogue.schema.ts';
import { requirementView } from './catalogue-views.ts';

const guide = (event: HttpEvent): HttpResult => {
  const body = parseJsonBody(event, guideBody, 16 * 1024);
  const requirement = resolveRequirement(
    body.bundleCode !== undefined ? { kind: 'bundle', code: body.bundleCode } : { kind: 'item', code: body.itemCode ?? '' },
    body.situationAnswers,
    'situationAnswers',
  );
  // A POST answer is not reused by shared caches; the version in the body tells a client when to ask again.
  return json(200, requirementView(requirement));
};

// The catalogue is in memory: nothing to await (middy awaits the promise).
export const handler = httpHandler((event) => Promise.resolve(guide(event)));
