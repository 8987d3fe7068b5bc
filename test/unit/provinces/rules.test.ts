// Each cross-field rule of a province config, broken one at a time on a small valid config: the
// finding names the offending field's path, as `cdk synth` and `npm start` print it.
import { describe, expect, it } from 'vitest';
import { InvalidProvinceConfig, parseProvince } from '../../../infra/provinces/index.ts';

const pdf = { contentTypes: ['application/pdf'], maxBytes: 1000 };

const valid = () => ({
  code: '98',
  name: '测试省',
  region: 'us-east-1',
  partition: 'aws',
  departments: [
    { code: 'AA', name: '甲局', uscc: '11990000000000019A' },
    { code: 'BB', name: '乙局', keyRef: 'nma/98/BB' },
    { code: 'CC', name: '丙局', webhookUrl: 'https://cc.example/hook' },
    { code: 'DD', name: '丁局' },
  ] as Record<string, unknown>[],
  licenceTypes: [
    { code: 'LA', name: '甲证' },
    { code: 'SFZ', name: '居民身份证', issuer: '公安部' },
  ] as Record<string, unknown>[],
  materials: [{ code: 'ID', name: '身份证件', ...pdf, licenceTypes: ['SFZ'] }] as Record<string, unknown>[],
  items: [
    {
      code: 'I-1',
      nationalCode: '00000001',
      name: '事项一',
      type: '许可',
      legalBasis: '某法第一条',
      departments: ['AA'],
      statutoryDays: 20,
      committedDays: 5,
      licenceType: 'LA',
      delivery: ['online'],
      materials: [{ code: 'ID' }, { code: 'M1', name: '申请书', ...pdf }, { code: 'M2', name: '租赁合同', ...pdf, situational: true }],
      situations: [
        { code: 'Q1', question: '经营场所？', options: [{ code: 'OWN', label: '自有' }, { code: 'RENT', label: '租赁', addMaterials: ['M2'] }] },
      ],
      form: [{ code: 'shopName', label: '名称', kind: 'text' }],
    },
    {
      code: 'I-2',
      nationalCode: '00000002',
      name: '事项二',
      type: '其他',
      legalBasis: '某法第二条',
      departments: ['BB', 'CC'],
      stages: [{ departments: ['BB'], committedDays: 1 }, { departments: ['CC'], committedDays: 1 }],
      statutoryDays: 10,
      committedDays: 2,
      materials: [{ code: 'ID' }, { code: 'LIC', name: '甲证', ...pdf, licenceTypes: ['LA'] }, { code: 'M3', name: '说明', ...pdf, key: false, deficiencyAllowed: true }],
      situations: [{ code: 'Q1', question: '经营场所？', options: [{ code: 'OWN', label: '自有' }, { code: 'RENT', label: '租赁' }] }],
      form: [{ code: 'shopName', label: '名称', kind: 'text' }],
    },
    { code: 'I-3', name: '事项三', type: '公共服务', legalBasis: '某法第三条', departments: ['DD'], statutoryDays: 5, committedDays: 1, materials: [{ code: 'ID' }] },
  ] as Array<Record<string, unknown> & { materials: Record<string, unknown>[] }>,
  bundles: [
    {
      code: 'B-1',
      name: '一件事',
      leadItem: 'I-1',
      stages: [['I-1'], ['I-2', 'I-3']],
      optionalItems: ['I-3'],
      situations: [{ code: 'BQ', question: '办理事项三？', options: [{ code: 'Y', label: '办理', addItems: ['I-3'] }, { code: 'N', label: '不办理' }] }],
      committedDays: 5,
    },
  ] as Record<string, unknown>[],
});

type Source = ReturnType<typeof valid>;
type Json = Record<string, unknown>;

const at = <T>(list: readonly T[] | undefined, index: number): T => {
  const value = list?.[index];
  if (value === undefined) throw new Error(`no entry ${index}`);
  return value;
};
const list = (value: unknown): Json[] => value as Json[];

/**
 * `path: message` for every finding, parsed from the prettified error the loader throws. A broken
 * rule may bring consequential findings (an item renamed is also unknown to its bundle); each test
 * asserts the finding of its rule.
 */
const findings = (mutate: (p: Source) => void = () => undefined): string[] => {
  const source = valid();
  mutate(source);
  try {
    parseProvince('98', source);
    return [];
  } catch (error) {
    expect(error).toBeInstanceOf(InvalidProvinceConfig);
    const lines = (error as Error).message.split('\n');
    return lines.flatMap((line, i) => {
      const path = /^\s+→ at (.+)$/.exec(lines[i + 1] ?? '')?.[1];
      return line.startsWith('✖ ') ? [`${path ?? '(root)'}: ${line.slice(2)}`] : [];
    });
  }
};

describe('a valid config', () => {
  it('has no findings', () => {
    expect(findings()).toEqual([]);
  });

  it('resolves library materials into each item and applies the defaults', () => {
    const province = parseProvince('98', valid());
    expect(province.items[0]?.materials[0]).toEqual({ code: 'ID', key: true, name: '身份证件', ...pdf, licenceTypes: ['SFZ'] });
    expect(province).toMatchObject({ bundles: [{ code: 'B-1' }], supervision: { yellowRemainingDays: 2 }, delivery: ['online', 'ems'], correctionDays: 20 });
  });
});

describe('departments, licence types and the library', () => {
  it.each([
    ['duplicate department code', (p: Source) => void p.departments.push({ code: 'AA', name: '又一个甲局' }), 'departments[4].code: duplicate department code "AA" (first at index 0)'],
    ['shared department key', (p: Source) => void (at(p.departments, 2).keyRef = 'nma/98/BB'), 'departments[2].keyRef: duplicate department key "nma/98/BB" (first at index 1): each department signs with its own'],
    ['duplicate licence type', (p: Source) => void p.licenceTypes.push({ code: 'LA', name: '甲证二' }), 'licenceTypes[2].code: duplicate licence type "LA" (first at index 0)'],
    ['duplicate library material', (p: Source) => void p.materials.push({ code: 'ID', name: '身份证', ...pdf }), 'materials[1].code: duplicate material code "ID" (first at index 0)'],
    ['undeclared licence type in the library', (p: Source) => void (at(p.materials, 0).licenceTypes = ['HZ']), 'materials[0].licenceTypes[0]: undeclared licence type "HZ": add it to licenceTypes'],
  ])('refuses a %s', (_, mutate, finding) => {
    expect(findings(mutate)).toContain(finding);
  });

  it('refuses a service centre that is no department of the province (issue #9)', () => {
    expect(findings((p) => void Object.assign(p, { serviceCentre: 'ZZ' }))).toEqual(['serviceCentre: unknown department "ZZ"']);
    expect(findings((p) => void Object.assign(p, { serviceCentre: 'DD' }))).toEqual([]);
  });

  it('refuses a webhook without TLS', () => {
    expect(findings((p) => void (at(p.departments, 2).webhookUrl = 'http://cc.example/hook'))).toEqual([
      expect.stringMatching(/^departments\[2\]\.webhookUrl: /),
    ]);
  });

  it("refuses a supervisor's webhook without TLS (issue #6)", () => {
    expect(findings((p) => void (at(p.departments, 2).supervisorWebhookUrl = 'http://cc.example/supervision'))).toEqual([
      expect.stringMatching(/^departments\[2\]\.supervisorWebhookUrl: /),
    ]);
    expect(findings((p) => void (at(p.departments, 2).supervisorWebhookUrl = 'https://cc.example/supervision'))).toEqual([]);
  });

  it('refuses a config for another province', () => {
    expect(() => parseProvince('97', valid())).toThrow(/the config is for province 98\n {2}→ at code/);
  });
});

describe('items', () => {
  const item = (p: Source, i: number) => at(p.items, i);
  it.each([
    ['duplicate item code', (p: Source) => void (item(p, 2).code = 'I-1'), 'items[2].code: duplicate item code "I-1" (first at index 0)'],
    ['duplicate national code', (p: Source) => void (item(p, 1).nationalCode = '00000001'), 'items[1].nationalCode: duplicate national item code "00000001" (first at index 0)'],
    ['unknown department', (p: Source) => void (item(p, 0).departments = ['NOPE']), 'items[0].departments[0]: unknown department "NOPE"'],
    ['department named twice', (p: Source) => void (item(p, 0).departments = ['AA', 'AA']), 'items[0].departments[1]: duplicate department "AA" (first at index 0)'],
    ['committed limit above the statutory one', (p: Source) => void (item(p, 0).committedDays = 21), 'items[0].committedDays: committed days (21) exceed statutory days (20)'],
    ['undeclared licence type', (p: Source) => void (item(p, 0).licenceType = 'XX'), 'items[0].licenceType: undeclared licence type "XX": add it to licenceTypes'],
    ['licence issuer without a USCC', (p: Source) => void delete at(p.departments, 0).uscc, 'departments[0].uscc: department "AA" issues LA licences (item I-1): give its unified social credit code'],
    ['USCC with a wrong check character', (p: Source) => void (at(p.departments, 0).uscc = '11990000000000019B'), 'departments[0].uscc: not a valid unified social credit code (GB 32100)'],
    ['issuing department that does not approve the item', (p: Source) => void (item(p, 0).issuingDepartment = 'BB'), 'items[0].issuingDepartment: department "BB" is not one of the item\'s departments'],
    ['named issuer without a USCC', (p: Source) => void Object.assign(item(p, 1), { licenceType: 'LA', issuingDepartment: 'CC' }), 'departments[2].uscc: department "CC" issues LA licences (item I-2): give its unified social credit code'],
    ['delivery the province does not offer', (p: Source) => void (item(p, 0).delivery = ['counter']), 'items[0].delivery[0]: delivery "counter" is not offered by the province (online, ems)'],
    ['duplicate form field', (p: Source) => void list(item(p, 0).form).push({ code: 'shopName', label: '又一个', kind: 'text' }), 'items[0].form[1].code: duplicate form field "shopName" (first at index 0)'],
    ['choice field without choices', (p: Source) => void list(item(p, 0).form).push({ code: 'size', label: '规模', kind: 'choice' }), 'items[0].form[1].choices: choices go with kind "choice", and only with it'],
  ])('refuses a %s', (_, mutate, finding) => {
    expect(findings(mutate)).toContain(finding);
  });
});

describe('approval stages', () => {
  const stages = (p: Source) => list(at(p.items, 1).stages);
  it.each([
    ['stage department that is not the item\'s', (p: Source) => void (at(stages(p), 0).departments as string[]).push('AA'), 'items[1].stages[0].departments[1]: department "AA" is not one of the item\'s departments'],
    ['department in two stages', (p: Source) => void (at(stages(p), 1).departments = ['CC', 'BB']), 'items[1].stages[1].departments[1]: department "BB" already reviews in stage 0'],
    ['department in no stage', (p: Source) => void stages(p).pop(), 'items[1].departments[1]: department "CC" is in no stage'],
    ['stage shares above the promise', (p: Source) => void (at(stages(p), 1).committedDays = 2), 'items[1].stages: stage committed days add up to 3, more than the item\'s 2'],
  ])('refuses a %s', (_, mutate, finding) => {
    expect(findings(mutate)).toContain(finding);
  });
});

describe('materials', () => {
  const materials = (p: Source, i: number) => at(p.items, i).materials;
  it.each([
    ['duplicate material in an item', (p: Source) => void materials(p, 0).push({ code: 'M1', name: '申请书', ...pdf }), 'items[0].materials[3].code: duplicate material code "M1" (first at index 1)'],
    ['library material redefined', (p: Source) => void (at(materials(p, 0), 0).name = '身份证'), 'items[0].materials[0].name: material "ID" is defined in the material library; do not redefine name here'],
    ['material with no definition', (p: Source) => void materials(p, 0).push({ code: 'M9', name: '无类型' }), 'items[0].materials[3].contentTypes: material "M9" is not in the material library, so it needs contentTypes here'],
    ['inline material shared by two items', (p: Source) => void materials(p, 2).push({ code: 'M1', name: '申请书', ...pdf }), 'items[2].materials[1]: material "M1" is also defined by item I-1: a shared material belongs in the material library'],
    ['inline material citing an undeclared licence', (p: Source) => void (at(materials(p, 1), 1).licenceTypes = ['QQ']), 'items[1].materials[1].licenceTypes[0]: undeclared licence type "QQ": add it to licenceTypes'],
    ['容缺 on a key material', (p: Source) => void (at(materials(p, 1), 2).key = true), 'items[1].materials[2].deficiencyAllowed: 容缺受理 is for non-key materials only: set key to false or drop deficiencyAllowed'],
  ])('refuses a %s', (_, mutate, finding) => {
    expect(findings(mutate)).toContain(finding);
  });
});

describe('situations', () => {
  const situations = (p: Source, i = 0) => list(at(p.items, i).situations);
  const options = (p: Source) => list(at(situations(p), 0).options);
  it.each([
    ['duplicate question code', (p: Source) => void situations(p).push({ code: 'Q1', question: '又问', options: [{ code: 'A', label: '甲' }, { code: 'B', label: '乙' }] }), 'items[0].situations[1].code: duplicate question code "Q1" (first at index 0)'],
    ['duplicate option code', (p: Source) => void (at(options(p), 1).code = 'OWN'), 'items[0].situations[0].options[1].code: duplicate option code "OWN" (first at index 0)'],
    ['option adding a material the item does not list', (p: Source) => void (at(options(p), 0).addMaterials = ['NOPE']), 'items[0].situations[0].options[0].addMaterials[0]: adds material "NOPE", which the item does not list'],
    ['option adding an always-required material', (p: Source) => void (at(options(p), 0).addMaterials = ['M1']), 'items[0].situations[0].options[0].addMaterials[0]: adds material "M1", which is always required: mark it situational'],
    ['option removing a material the item does not list', (p: Source) => void (at(options(p), 0).removeMaterials = ['NOPE']), 'items[0].situations[0].options[0].removeMaterials[0]: removes material "NOPE", which the item does not list'],
    ['situational material no option adds', (p: Source) => void delete at(options(p), 1).addMaterials, 'items[0].materials[2].situational: material "M2" is never required: no situation option adds it'],
  ])('refuses a %s', (_, mutate, finding) => {
    expect(findings(mutate)).toContain(finding);
  });
});

describe('bundles', () => {
  const bundle = (p: Source) => at(p.bundles, 0);
  const bundleOptions = (p: Source) => list(at(list(bundle(p).situations), 0).options);
  it.each([
    ['duplicate bundle code', (p: Source) => void p.bundles.push({ ...bundle(p) }), 'bundles[1].code: duplicate bundle code "B-1" (first at index 0)'],
    ['unknown item', (p: Source) => void (bundle(p).stages = [['I-1'], ['I-2', 'I-3', 'I-9']]), 'bundles[0].stages[1][2]: unknown item "I-9"'],
    ['item named twice', (p: Source) => void (bundle(p).stages = [['I-1', 'I-2'], ['I-2', 'I-3']]), 'bundles[0].stages[1][0]: duplicate item "I-2" (first at index 1)'],
    ['lead item outside the bundle', (p: Source) => void (bundle(p).leadItem = 'I-9'), 'bundles[0].leadItem: lead item "I-9" is not in the bundle\'s stages'],
    ['optional lead item', (p: Source) => void (bundle(p).optionalItems = ['I-3', 'I-1']), 'bundles[0].optionalItems: the lead item cannot be optional'],
    ['optional item outside the bundle', (p: Source) => void (bundle(p).optionalItems = ['I-3', 'I-9']), 'bundles[0].optionalItems[1]: optional item "I-9" is not in the bundle\'s stages'],
    ['option adding an item outside the bundle', (p: Source) => void (at(bundleOptions(p), 1).addItems = ['I-9']), 'bundles[0].situations[0].options[1].addItems[0]: adds item "I-9", which the bundle does not list'],
    ['option adding an always-included item', (p: Source) => void (at(bundleOptions(p), 1).addItems = ['I-2']), 'bundles[0].situations[0].options[1].addItems[0]: adds item "I-2", which is always included: list it in optionalItems'],
    ['option removing the lead item', (p: Source) => void (at(bundleOptions(p), 1).removeItems = ['I-1']), 'bundles[0].situations[0].options[1].removeItems[0]: the lead item cannot be removed'],
    ['optional item no option adds', (p: Source) => void delete at(bundleOptions(p), 0).addItems, 'bundles[0].optionalItems[0]: optional item "I-3" is never included: no bundle situation option adds it'],
    ['duplicate bundle question', (p: Source) => void list(bundle(p).situations).push({ code: 'BQ', question: '再问', options: [{ code: 'Y', label: '是' }, { code: 'N', label: '否' }] }), 'bundles[0].situations[1].code: duplicate question code "BQ" (first at index 0)'],
    ['bundle question with an item question\'s code', (p: Source) => void (at(list(bundle(p).situations), 0).code = 'Q1'), 'bundles[0].situations: bundle question "Q1" has the code of a question of item I-1'],
    ['committed limit above the critical path', (p: Source) => void (bundle(p).committedDays = 31), 'bundles[0].committedDays: committed days (31) exceed the statutory days of its stages (30)'],
  ])('refuses a %s', (_, mutate, finding) => {
    expect(findings(mutate)).toContain(finding);
  });

  it('refuses a single-item bundle', () => {
    expect(findings((p) => void (bundle(p).stages = [['I-1']]))).toEqual(
      expect.arrayContaining(['bundles[0].stages: a bundle covers at least two items']),
    );
  });

  it('refuses a shared question that means different things in two items', () => {
    expect(findings((p) => void (at(list(at(list(at(p.items, 1).situations), 0).options), 1).label = '借用'))).toEqual([
      'bundles[0].stages[1][0]: question "Q1" differs between items I-1 and I-2: a shared question needs the same text and options',
    ]);
  });

  it('refuses a shared form field defined two ways', () => {
    expect(findings((p) => void (at(list(at(p.items, 1).form), 0).label = '店名'))).toEqual([
      'bundles[0].stages[1][0]: form field "shopName" differs between items I-1 and I-2',
    ]);
  });

  it('refuses a department that would review in two merged stages (one work item per department)', () => {
    expect(findings((p) => void (at(p.items, 2).departments = ['CC']))).toEqual([
      'bundles[0].stages: department "CC" would review in two stages (2 and 3): put its items in one stage',
    ]);
  });
});

describe('the shipped configs', () => {
  it.each(['99', '32', '43'])('province %s satisfies every rule', async (code) => {
    const { default: source } = (await import(`../../../infra/provinces/${code}/province.json`, { with: { type: 'json' } })) as { default: unknown };
    expect(() => parseProvince(code, source)).not.toThrow();
  });
});
