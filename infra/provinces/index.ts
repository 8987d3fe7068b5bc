// Every province config the platform ships, validated once at load: a bad config fails loudly
// with the field named, at synth, at `npm start` and at Lambda cold start alike.
import * as z from 'zod';
import demo from './99/province.json' with { type: 'json' };
import jiangsu from './32/province.json' with { type: 'json' };
import hunan from './43/province.json' with { type: 'json' };
import { provinceSchema, type Province } from './schema.ts';

// A Map keeps this order (object keys that look like numbers would be sorted): the demo first.
const sources = new Map<string, unknown>([
  ['99', demo],
  ['32', jiangsu],
  ['43', hunan],
]);

export class InvalidProvinceConfig extends Error {
  override name = 'InvalidProvinceConfig';
}

export const parseProvince = (code: string, source: unknown): Province => {
  const parsed = provinceSchema.safeParse(source);
  if (!parsed.success) {
    throw new InvalidProvinceConfig(`province ${code} config is invalid:\n${z.prettifyError(parsed.error)}`);
  }
  if (parsed.data.code !== code) {
    throw new InvalidProvinceConfig(`province ${code} config is invalid:\n✖ the config is for province ${parsed.data.code}\n  → at code`);
  }
  return parsed.data;
};

export const provinceCodes = [...sources.keys()];

export const loadProvince = (code: string): Province => {
  const source = sources.get(code);
  if (source === undefined) {
    throw new InvalidProvinceConfig(`unknown province "${code}"; known: ${provinceCodes.join(', ')}`);
  }
  return parseProvince(code, source);
};
