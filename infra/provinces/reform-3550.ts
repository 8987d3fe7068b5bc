// Which items and bundles of each province fall under the 3550 reform (functions/core/supervision.ts
// reform3550Categories: business start-up ≤ 3, real-estate registration ≤ 5, industrial construction
// permit ≤ 50 working days). Data beside the province configs, by item or bundle code; a unit test
// checks that every code names an item or bundle of its province. A province not listed has no
// 3550 subjects (its statistics show the categories with zero cases).
//
// Kept apart from province.json because the config schema has no field for it yet; moving it into
// the catalogue (a `reform3550` flag on items and bundles) is a later step (issue #7 note).
import type { Reform3550Category } from '../../functions/core/supervision.ts';

export const reform3550Subjects: Readonly<Record<string, Readonly<Partial<Record<Reform3550Category, readonly string[]>>>>> = {
  // Jiangsu, where 3550 began: 企业开办一件事, 存量房转移登记, 工业建设项目施工许可.
  '32': {
    'business-start-up': ['JS-QYKB'],
    'real-estate-registration': ['JS-BDCZYDJ'],
    'construction-permit': ['JS-GYSGXK'],
  },
  // The demo item is a market-regulation (SCJGJ) licence: it stands in for business start-up, so
  // the demo province shows the 3550 statistics at work.
  '99': { 'business-start-up': ['DEMO-001'] },
};

/** Item or bundle code → 3550 category, for one province. */
export const reform3550Of = (province: string): Readonly<Record<string, Reform3550Category>> =>
  Object.fromEntries(
    Object.entries(reform3550Subjects[province] ?? {}).flatMap(([category, codes]) => (codes ?? []).map((code) => [code, category as Reform3550Category])),
  );
