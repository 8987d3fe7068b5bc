import { describe, expect, it } from 'vitest';
import { mobileSchema, provinceNameSchema, provinceNames, provincialDivisions } from '../../../functions/core/address.ts';

describe('postal addresses', () => {
  it('knows the 34 provincial-level divisions of GB/T 2260', () => {
    expect(provinceNames).toHaveLength(34);
    expect(new Set(provinceNames).size).toBe(34);
    expect(provincialDivisions['32']).toBe('江苏省');
    expect(provincialDivisions['45']).toBe('广西壮族自治区');
  });

  it.each(['江苏省', '北京市', '新疆维吾尔自治区', '澳门特别行政区'])('accepts %s', (name) => {
    expect(provinceNameSchema.safeParse(name).success).toBe(true);
  });

  it.each(['江苏', '江苏省 ', 'Jiangsu', '示范省', ''])('refuses %j', (name) => {
    expect(provinceNameSchema.safeParse(name).success).toBe(false);
  });

  it.each([
    ['13800138000', true],
    ['19912345678', true],
    ['12345678901', false],
    ['1380013800', false],
    ['+8613800138000', false],
  ])('mobile %s → %s', (mobile, ok) => {
    expect(mobileSchema.safeParse(mobile).success).toBe(ok);
  });
});
