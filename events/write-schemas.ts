// `npm run events:schemas`: writes events/schemas/<DetailType>.json from the zod contracts, so
// subscribers outside TypeScript (and the EventBridge schema registry) read the same contract.
// test/unit/events/schemas.test.ts fails when the checked-in files are stale.
import { mkdir, writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import * as z from 'zod';
import { eventContracts, type DetailType } from './contracts.ts';

export const schemasDir = fileURLToPath(new URL('./schemas/', import.meta.url));

/** The JSON Schema text of one detail type, as checked in. */
export const schemaText = (type: DetailType): string =>
  `${JSON.stringify({ ...z.toJSONSchema(eventContracts[type], { io: 'input' }), title: type }, null, 2)}\n`;

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  await mkdir(schemasDir, { recursive: true });
  for (const type of Object.keys(eventContracts) as DetailType[]) await writeFile(`${schemasDir}${type}.json`, schemaText(type));
  console.warn(`wrote ${Object.keys(eventContracts).length} schemas to ${schemasDir}`);
}
