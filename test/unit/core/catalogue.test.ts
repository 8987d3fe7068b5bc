import { describe, expect, it } from 'vitest';
import { canonicalJson, catalogueVersion, deliveryOf, searchItems, stagesOf, type Catalogue } from '../../../functions/core/catalogue.ts';
import { loadProvince, parseProvince } from '../../../infra/provinces/index.ts';
import demoSource from '../../../infra/provinces/99/province.json' with { type: 'json' };

const jiangsu = loadProvince('32');

describe('catalogue version', () => {
  it('is a stable 16-hex content hash', () => {
    expect(catalogueVersion(jiangsu)).toMatch(/^[0-9a-f]{16}$/);
    expect(catalogueVersion(loadProvince('32'))).toBe(catalogueVersion(jiangsu));
    expect(catalogueVersion(loadProvince('43'))).not.toBe(catalogueVersion(jiangsu));
  });

  it('changes with anything that decides what a case needs', () => {
    const base = catalogueVersion(jiangsu);
    const [first, ...rest] = jiangsu.items;
    if (!first) throw new Error('no items');
    const changed = (patch: Partial<Catalogue>) => catalogueVersion({ ...jiangsu, ...patch });
    expect(changed({ items: [{ ...first, committedDays: first.committedDays + 1 }, ...rest] })).not.toBe(base);
    expect(changed({ items: [{ ...first, materials: first.materials.map((m, i) => (i === 0 ? { ...m, key: !m.key } : m)) }, ...rest] })).not.toBe(base);
    expect(changed({ correctionDays: jiangsu.correctionDays + 1 })).not.toBe(base);
    expect(changed({ departments: jiangsu.departments.map((d, i) => (i === 0 ? { ...d, name: `${d.name}（新）` } : d)) })).not.toBe(base);
  });

  it('ignores deployment details and the order of keys in the config', () => {
    const base = catalogueVersion(jiangsu);
    expect(catalogueVersion({ ...jiangsu, departments: jiangsu.departments.map(({ webhookUrl: _w, ...d }) => ({ ...d, keyRef: `k/${d.code}` })) })).toBe(base);
    const reordered = parseProvince('99', Object.fromEntries(Object.entries(demoSource).reverse()));
    expect(catalogueVersion(reordered)).toBe(catalogueVersion(loadProvince('99')));
    expect(catalogueVersion({ ...reordered, region: 'eu-west-1' } as Catalogue)).toBe(catalogueVersion(reordered));
  });

  it('serialises canonically: keys sorted at every level, arrays kept in order', () => {
    expect(canonicalJson({ b: 1, a: { d: [3, { f: 1, e: 2 }], c: null } })).toBe('{"a":{"c":null,"d":[3,{"e":2,"f":1}]},"b":1}');
  });
});

describe('searching items', () => {
  const found = (filter: Parameters<typeof searchItems>[1]) => searchItems(jiangsu.items, filter).map((i) => i.code);

  it('orders by code and filters by department, type and keyword together', () => {
    expect(found({})).toEqual([...jiangsu.items.map((i) => i.code)].sort());
    expect(found({ department: 'SWJ' })).toEqual(['JS-BDCZYDJ', 'JS-FPSL']);
    expect(found({ type: '确认' })).toEqual(['JS-BDCZYDJ', 'JS-DWCBDJ']);
    expect(found({ type: '确认', department: 'SWJ' })).toEqual(['JS-BDCZYDJ']);
    expect(found({ keyword: '施工许可' })).toEqual(['JS-GYSGXK']);
    expect(found({ keyword: 'js-fpsl' })).toEqual(['JS-FPSL']);
    expect(found({ keyword: '社会保险法' })).toEqual(['JS-DWCBDJ']);
    expect(found({ keyword: '没有这个' })).toEqual([]);
  });
});

describe('item defaults', () => {
  it('puts every department in one parallel stage when an item names no stages', () => {
    expect(stagesOf({ departments: ['A', 'B'] })).toEqual([{ departments: ['A', 'B'] }]);
    const permit = jiangsu.items.find((i) => i.code === 'JS-GYSGXK');
    expect(permit && stagesOf(permit).length).toBe(3);
  });

  it('offers the province delivery options to an item that names none', () => {
    const demo = loadProvince('99');
    const item = demo.items[0];
    if (!item) throw new Error('no demo item');
    expect(deliveryOf(demo, item)).toEqual(['online', 'ems']);
    const permit = jiangsu.items.find((i) => i.code === 'JS-GYSGXK');
    if (!permit) throw new Error('no permit');
    expect(deliveryOf(jiangsu, permit)).toEqual(['online', 'ems']);
  });
});
