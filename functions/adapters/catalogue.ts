// The province's catalogue, bundled with the function and validated at cold start.
import { findItem, type ServiceItem } from '#core/catalogue.ts';
import { Invalid } from '#core/errors.ts';
import { loadProvince } from '#infra/provinces/index.ts';
import type { Province } from '#infra/provinces/schema.ts';
import { config } from './config.ts';

let loaded: Province | undefined;

export const province = (): Province => (loaded ??= loadProvince(config().PROVINCE));

export const requireItem = (code: string, field = 'itemCode'): ServiceItem => {
  const item = findItem(province().items, code);
  if (!item) throw new Invalid(`no service item ${code} in this province`, [{ field, message: 'unknown service item' }]);
  return item;
};
