// GET /openapi.json: the OpenAPI 3.1 description of this API, generated from the route table and
// its zod schemas. Public and cacheable: it changes only with a deployment, so it is built once per
// cold start and shared caches may keep it for five minutes.
import { httpHandler, json } from '#middleware/http.ts';
import { openApiDocument } from './openapi-document.ts';

const response = json(200, openApiDocument(), { 'cache-control': 'public, max-age=300' });

export const handler = httpHandler(() => Promise.resolve({ ...response }));
