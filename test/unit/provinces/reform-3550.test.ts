import { describe, expect, it } from 'vitest';
import { reform3550Categories } from '../../../functions/core/supervision.ts';
import { loadProvince, provinceCodes } from '../../../infra/provinces/index.ts';
import { reform3550Of, reform3550Subjects } from '../../../infra/provinces/reform-3550.ts';

describe('3550 subjects of the provinces', () => {
  it.each(Object.entries(reform3550Subjects))('province %s names only its own items and bundles, in known categories', (code, byCategory) => {
    expect(provinceCodes).toContain(code);
    const province = loadProvince(code);
    const known = new Set([...province.items.map((i) => i.code), ...province.bundles.map((b) => b.code)]);
    for (const [category, codes] of Object.entries(byCategory)) {
      expect(Object.keys(reform3550Categories)).toContain(category);
      for (const subject of codes ?? []) expect(known, `${code}: ${subject}`).toContain(subject);
    }
  });

  it("keeps a category's promise no longer than its 3550 limit in Jiangsu, where the reform began", () => {
    const province = loadProvince('32');
    for (const [subject, category] of Object.entries(reform3550Of('32'))) {
      const committed = province.bundles.find((b) => b.code === subject)?.committedDays ?? province.items.find((i) => i.code === subject)?.committedDays;
      expect(committed, subject).toBeLessThanOrEqual(reform3550Categories[category].limitDays);
    }
  });

  it('maps codes to categories, and an unknown province to none', () => {
    expect(reform3550Of('32')).toEqual({ 'JS-QYKB': 'business-start-up', 'JS-BDCZYDJ': 'real-estate-registration', 'JS-GYSGXK': 'construction-permit' });
    expect(reform3550Of('00')).toEqual({});
  });
});
