import { readdir, readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { eventContracts, type DetailType } from '../../../events/contracts.ts';
import { schemasDir, schemaText } from '../../../events/write-schemas.ts';

const types = Object.keys(eventContracts) as DetailType[];
const examplesDir = new URL('../../../events/examples/', import.meta.url);
const jsonFiles = async (dir: string | URL): Promise<string[]> => (await readdir(dir)).filter((f) => f.endsWith('.json')).sort();

describe('event contracts as JSON Schema', () => {
  it('has one checked-in schema per detail type, none left over', async () => {
    expect(await jsonFiles(schemasDir)).toEqual(types.map((t) => `${t}.json`).sort());
  });

  it.each(types)('events/schemas/%s.json is what npm run events:schemas writes (not stale)', async (type) => {
    expect(await readFile(`${schemasDir}${type}.json`, 'utf8')).toBe(schemaText(type));
  });
});

describe('event examples', () => {
  it('has one example per detail type, none left over', async () => {
    expect(await jsonFiles(examplesDir)).toEqual(types.map((t) => `${t}.json`).sort());
  });

  it.each(types)('events/examples/%s.json satisfies its contract', async (type) => {
    const example: unknown = JSON.parse(await readFile(new URL(`${type}.json`, examplesDir), 'utf8'));
    const result = eventContracts[type].safeParse(example);
    expect(result.error?.issues ?? []).toEqual([]);
  });
});
