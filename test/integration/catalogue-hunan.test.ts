// Hunan (43) in its own local stack: the bundles 我要开理发店 and 出生一件事 through the public API,
// and a draft application for a bundle.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { anApplicant } from '../support/identities.ts';
import { startProvinceStack, type ProvinceStack } from './catalogue-stack.ts';

let p: ProvinceStack;

beforeAll(async () => {
  p = await startProvinceStack('43');
}, 120_000);

afterAll(async () => {
  await p?.stop();
});

interface Guide {
  catalogueVersion: string;
  subject: { kind: string; code: string; name: string };
  materials: Array<{ code: string; name: string; items: string[]; commitment?: { text: string } }>;
  providedWithin: Array<{ code: string; providedBy: string }>;
  departments: string[];
  committedDays: number;
  names: { departments: Record<string, string>; licenceTypes: Record<string, string> };
}

const rented = { 'KLFD-ZP': 'S', 'CS-QK': 'ZL', 'GT-ZCXS': 'GR', 'WS-MR': 'F' };

describe('我要开理发店', () => {
  it('is listed with its items, the sign optional', async () => {
    const res = await p.call<{ bundles: Array<{ code: string; name: string; items: Array<{ code: string; name: string; optional: boolean }> }> }>('GET', '/catalogue/bundles');
    expect(res.status).toBe(200);
    expect(res.body.bundles.map((b) => [b.code, b.name])).toEqual([
      ['HN-KLFD', '我要开理发店'],
      ['HN-CSYJS', '出生一件事'],
    ]);
    expect(res.body.bundles[0]?.items).toEqual([
      { code: 'HN-GTDJ', name: '个体工商户设立登记', optional: false },
      { code: 'HN-GGWSXK', name: '公共场所卫生许可（理发店、美容店）', optional: false },
      { code: 'HN-ZPSZ', name: '门头招牌设置备案', optional: true },
    ]);
  });

  it('asks the premises question once, though two items ask it', async () => {
    const res = await p.call<{ bundle: { questions: Array<{ code: string; question: string; options: Array<{ label: string }>; appliesTo: unknown }> } }>('GET', '/catalogue/bundles/HN-KLFD');
    const premises = res.body.bundle.questions.filter((q) => q.code === 'CS-QK');
    expect(premises).toHaveLength(1);
    expect(premises[0]).toMatchObject({ question: '经营场所的情况', appliesTo: ['HN-GTDJ', 'HN-ZPSZ'] });
    expect(premises[0]?.options.map((o) => o.label)).toEqual(['自有房产，已取得不动产权证书', '已购房，尚未取得不动产权证书', '租赁他人房屋', '农村自建房（无不动产权证书）']);
  });

  it('guides the rented-premises barbershop to its exact materials', async () => {
    const res = await p.call<Guide>('POST', '/catalogue/guide', { body: { bundleCode: 'HN-KLFD', situationAnswers: rented } });
    expect(res.status).toBe(200);
    expect(res.body.materials.map((m) => m.code)).toEqual([
      'GT-SQS', 'JYZ-SFZ', 'CS-ZLHT', 'CS-CZFCQ', 'WS-SQS', 'WS-PMT', 'WS-JKZM', 'WS-ZD', 'WS-JCBG', 'ZP-SQB', 'ZP-XGT', 'ZP-CQRTY',
    ]);
    expect(res.body.materials.find((m) => m.code === 'ZP-CQRTY')?.name).toBe('房屋产权人同意设置招牌的书面意见');
    expect(res.body.providedWithin).toEqual([expect.objectContaining({ code: 'YYZZ', providedBy: 'HN-GTDJ' })]);
    expect(res.body.names.departments).toEqual({ SCJGJ: '长沙市市场监督管理局', WJW: '长沙市卫生健康委员会', CGJ: '长沙市城市管理和综合执法局' });
    expect(res.body.names.licenceTypes).toMatchObject({ YYZZ: '营业执照', GGWSXK: '公共场所卫生许可证', JKZM: '健康证明（从业人员）' });
    expect(res.body.committedDays).toBe(5);
  });

  it('drafts one application for the bundle: lead item, answers and the merged materials', async () => {
    const token = await p.tokenFor(anApplicant());
    const res = await p.call<{ id: string; itemCode: string; bundleCode: string; bundleName: string; materials: Array<{ code: string }> }>('POST', '/applications', {
      token,
      body: { bundleCode: 'HN-KLFD', situationAnswers: rented },
    });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ itemCode: 'HN-GTDJ', itemName: '个体工商户设立登记', bundleCode: 'HN-KLFD', bundleName: '我要开理发店' });
    expect(res.body.materials.map((m) => m.code)).toHaveLength(12);
    const missing = await p.call<{ errors: unknown[] }>('POST', '/applications', { token, body: { bundleCode: 'HN-KLFD', situationAnswers: { 'KLFD-ZP': 'F' } } });
    expect(missing.status).toBe(400);
    expect(missing.body.errors).toEqual([
      { field: 'situationAnswers.CS-QK', message: expect.stringContaining('unanswered: 经营场所的情况') as string },
      { field: 'situationAnswers.GT-ZCXS', message: expect.stringContaining('unanswered') as string },
      { field: 'situationAnswers.WS-MR', message: expect.stringContaining('unanswered') as string },
    ]);
  });
});

describe('出生一件事', () => {
  it('asks each parent ID once for five items and takes the birth certificate from the first stage', async () => {
    const res = await p.call<Guide>('POST', '/catalogue/guide', { body: { bundleCode: 'HN-CSYJS', situationAnswers: { 'CSYJS-QY': 'S', 'CS-DD': 'JG', 'CS-HY': 'YH' } } });
    expect(res.status).toBe(200);
    expect(res.body.materials.map((m) => m.code)).toEqual(['FM-SFZ', 'CS-XSEXX', 'QY-XY', 'HKB', 'JHZ', 'YB-DJB']);
    expect(res.body.materials[0]?.items).toHaveLength(5);
    expect(res.body.providedWithin).toEqual([expect.objectContaining({ code: 'CS-YXZM', providedBy: 'HN-CSYXZM' })]);
    expect(res.body.departments).toEqual(['WJW', 'GAJ', 'YBJ']);
  });
});
