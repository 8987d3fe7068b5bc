import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { generateSchema, schemaFile } from '../../../console/scripts/api-schema.ts';

describe('the console’s typed client', () => {
  it('is generated from the current route table (run `npm run console:api` after a route change)', async () => {
    const checkedIn = await readFile(schemaFile, 'utf8');
    expect(checkedIn === (await generateSchema()), 'console/src/api/schema.d.ts is stale: run `npm run console:api`').toBe(true);
  });
});
