// Every province config the platform ships, validated once at load: a bad config fails loudly
// with the field named, at synth, at `npm start` and at Lambda cold start alike.
import { z } from 'zod';
import demo from './99/province.json' with { type: 'json' };
import { provinceSchema, type Province } from './schema.ts';

const sources: Record<string, unknown> = { '99': demo };

export class InvalidProvinceConfig extends Error {
  override name = 'InvalidProvinceConfig';
}

export const parseProvince = (code: string, source: unknown): Province => {
  const parsed = provinceSchema.safeParse(source);
  if (!parsed.success) {
    throw new InvalidProvinceConfig(`province ${code} config is invalid:\n${z.prettifyError(parsed.error)}`);
  }
  return parsed.data;
};

export const provinceCodes = Object.keys(sources);

export const loadProvince = (code: string): Province => {
  const source = sources[code];
  if (source === undefined) {
    throw new InvalidProvinceConfig(`unknown province "${code}"; known: ${provinceCodes.join(', ')}`);
  }
  return parseProvince(code, source);
};
