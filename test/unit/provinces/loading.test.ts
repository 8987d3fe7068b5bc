// Synth and start go through the same loader: a bad config stops both before anything is built or
// started, with the offending field named.
import { App } from 'aws-cdk-lib';
import { describe, expect, it } from 'vitest';
import { buildProvinceApp } from '../../../infra/app.ts';
import { startLocalStack } from '../../../infra/local/stack.ts';
import { InvalidProvinceConfig, loadProvince, provinceCodes } from '../../../infra/provinces/index.ts';
import hunan from '../../../infra/provinces/43/province.json' with { type: 'json' };

describe('loading province configs', () => {
  it('ships the demo first, then Jiangsu and Hunan, each in its China partition', () => {
    expect(provinceCodes).toEqual(['99', '32', '43']);
    expect(loadProvince('32')).toMatchObject({ name: '江苏省', partition: 'aws-cn', region: 'cn-north-1' });
    expect(loadProvince('43')).toMatchObject({ name: '湖南省', partition: 'aws-cn', region: 'cn-northwest-1' });
  });

  it('fails the synth of a bad config, naming the field', () => {
    const [first, ...rest] = hunan.items;
    const bad = { ...hunan, items: [{ ...first, committedDays: 99 }, ...rest] };
    const synth = () => buildProvinceApp(new App({ context: { province: '43' } }), { provinceSource: bad, checks: false });
    expect(synth).toThrow(InvalidProvinceConfig);
    expect(synth).toThrow(/committed days \(99\) exceed statutory days \(3\)\n {2}→ at items\[0\]\.committedDays/);
  });

  it('fails the start of an unknown province before starting anything', async () => {
    await expect(startLocalStack({ province: '00', port: 0, inMemory: true })).rejects.toThrow(/unknown province "00"; known: 99, 32, 43/);
  });
});
