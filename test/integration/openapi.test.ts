// GET /openapi.json through the local gateway: public, cacheable, and the same document the route
// table and its zod schemas generate.
import { describe, expect, it } from 'vitest';
import { openApiDocument } from '../../functions/api/openapi-document.ts';
import { routeKey, routes } from '../../infra/routes.ts';
import { call } from '../support/api.ts';

describe('GET /openapi.json', () => {
  it('serves the OpenAPI 3.1 document without a token, as cacheable JSON', async () => {
    const res = await call<{ openapi: string; paths: Record<string, Record<string, unknown>> }>('GET', '/openapi.json');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('application/json');
    expect(res.headers.get('cache-control')).toBe('public, max-age=300');
    expect(res.body.openapi).toBe('3.1.0');
    const operations = Object.entries(res.body.paths).flatMap(([path, methods]) => Object.keys(methods).map((m) => `${m.toUpperCase()} ${path}`));
    expect(operations.sort()).toEqual(routes.map(routeKey).sort());
  });

  it('is exactly the document generated from the route table', async () => {
    const res = await call('GET', '/openapi.json');
    expect(res.body).toEqual(JSON.parse(JSON.stringify(openApiDocument())));
  });
});
