// The guide over the shipped sample catalogues: the exact material list for each item and bundle
// under several situation combinations, and the answers it refuses.
import { describe, expect, it } from 'vitest';
import { catalogueVersion } from '../../../functions/core/catalogue.ts';
import { Invalid } from '../../../functions/core/errors.ts';
import { checkFormData, leadLicenceType, licenceResults, questionsOf, requirementFor, type Answers, type Requirement } from '../../../functions/core/guide.ts';
import { loadProvince } from '../../../infra/provinces/index.ts';

const jiangsu = loadProvince('32');
const hunan = loadProvince('43');
const demo = loadProvince('99');

const item = (catalogue: typeof jiangsu, code: string, answers: Answers = {}): Requirement =>
  requirementFor(catalogue, catalogueVersion(catalogue), { kind: 'item', code }, answers);
const bundle = (catalogue: typeof jiangsu, code: string, answers: Answers = {}): Requirement =>
  requirementFor(catalogue, catalogueVersion(catalogue), { kind: 'bundle', code }, answers);

const codes = (r: Requirement): string[] => r.materials.map((m) => m.code);
const material = (r: Requirement, code: string) => r.materials.find((m) => m.code === code);

/** The field errors of the Invalid the call throws. */
const refusal = (call: () => unknown) => {
  try {
    call();
  } catch (error) {
    expect(error).toBeInstanceOf(Invalid);
    return (error as Invalid).errors;
  }
  throw new Error('expected the guide to refuse');
};

describe('the demo item', () => {
  it('needs its one identity copy and keeps its department and licence', () => {
    const r = item(demo, 'DEMO-001');
    expect(codes(r)).toEqual(['ID-COPY']);
    expect(r).toMatchObject({ departments: ['SCJGJ'], statutoryDays: 20, committedDays: 5, visits: 0, leadItem: 'DEMO-001' });
    expect(leadLicenceType(r)).toBe('DEMO01');
  });
});

describe('Jiangsu 企业开办一件事 (3 working days)', () => {
  it('asks the legal representative once, takes the business licence from the first stage, and runs four departments in two stages', () => {
    const r = bundle(jiangsu, 'JS-QYKB', { 'QYKB-FP': 'S', 'GS-GDLX': 'ZRR', 'GS-ZS': 'CN', 'FP-NSRLX': 'XGM' });
    expect(codes(r)).toEqual(['GS-SQS', 'GS-ZC', 'FDDBR-SFZ', 'GS-RZWJ', 'GD-SFZ', 'ZS-SBCN', 'YZ-SQB', 'JBR-SFZ', 'FP-SQB', 'SB-DJB', 'SB-YHZH']);
    expect(material(r, 'FDDBR-SFZ')?.items).toEqual(['JS-GSSLDJ', 'JS-YZKZBA']);
    expect(material(r, 'JBR-SFZ')?.items).toEqual(['JS-FPSL', 'JS-DWCBDJ']);
    expect(r.providedWithin).toEqual([
      { code: 'YYZZ', name: '营业执照', items: ['JS-YZKZBA', 'JS-FPSL', 'JS-DWCBDJ'], providedBy: 'JS-GSSLDJ', licenceType: 'YYZZ' },
    ]);
    // Every item that yields a licence issues it, the lead item's first; 发票申领 yields none.
    expect(licenceResults(r)).toEqual([
      { itemCode: 'JS-GSSLDJ', licenceType: 'YYZZ' },
      { itemCode: 'JS-YZKZBA', licenceType: 'DZYZ' },
      { itemCode: 'JS-DWCBDJ', licenceType: 'DWCBZM' },
    ]);
    expect(r.stages).toEqual([
      { departments: ['SCJGJ'], items: ['JS-GSSLDJ'] },
      { departments: ['GAJ', 'SWJ', 'RSJ'], items: ['JS-YZKZBA', 'JS-FPSL', 'JS-DWCBDJ'] },
    ]);
    expect(r).toMatchObject({ committedDays: 3, statutoryDays: 18, totalFeeFen: 0, visits: 0, leadItem: 'JS-GSSLDJ' });
    expect(r.subject).toEqual({ kind: 'bundle', code: 'JS-QYKB', name: '企业开办一件事' });
  });

  it('drops the invoice item when no invoice is wanted, and keeps a legal-person shareholder\'s own licence required', () => {
    const r = bundle(jiangsu, 'JS-QYKB', { 'QYKB-FP': 'F', 'GS-GDLX': 'FR', 'GS-ZS': 'ZL' });
    expect(r.items.map((i) => i.code)).toEqual(['JS-GSSLDJ', 'JS-YZKZBA', 'JS-DWCBDJ']);
    // GD-YYZZ is the shareholder's licence: the bundle issues a YYZZ only in the same stage, so it is asked for.
    expect(codes(r)).toEqual(['GS-SQS', 'GS-ZC', 'FDDBR-SFZ', 'GS-RZWJ', 'GD-YYZZ', 'BDCQZS', 'ZS-ZLHT', 'YZ-SQB', 'JBR-SFZ', 'SB-DJB', 'SB-YHZH']);
    expect(r.departments).toEqual(['SCJGJ', 'GAJ', 'RSJ']);
  });

  it('keeps 容缺 for the bank account: non-key and allowed to be missing', () => {
    const r = bundle(jiangsu, 'JS-QYKB', { 'QYKB-FP': 'F', 'GS-GDLX': 'ZRR', 'GS-ZS': 'ZY' });
    expect(material(r, 'SB-YHZH')).toMatchObject({ key: false, deficiencyAllowed: true });
    expect(material(r, 'FDDBR-SFZ')).toMatchObject({ key: true, deficiencyAllowed: false, licenceTypes: ['SFZ'] });
  });

  it('refuses an answer to the invoice question when the invoice item is not included, and an unknown question', () => {
    expect(refusal(() => bundle(jiangsu, 'JS-QYKB', { 'QYKB-FP': 'F', 'GS-GDLX': 'FR', 'GS-ZS': 'ZL', 'FP-NSRLX': 'XGM', NOPE: 'X' }))).toEqual([
      { field: 'answers.FP-NSRLX', message: 'does not apply: none of the included items asks it' },
      { field: 'answers.NOPE', message: 'no such question' },
    ]);
  });
});

describe('Jiangsu items', () => {
  it('公司设立登记: shareholders and premises decide the proofs', () => {
    const base = ['GS-SQS', 'GS-ZC', 'FDDBR-SFZ', 'GS-RZWJ'];
    expect(codes(item(jiangsu, 'JS-GSSLDJ', { 'GS-GDLX': 'ZRR', 'GS-ZS': 'ZL' }))).toEqual([...base, 'GD-SFZ', 'BDCQZS', 'ZS-ZLHT']);
    expect(codes(item(jiangsu, 'JS-GSSLDJ', { 'GS-GDLX': 'FR', 'GS-ZS': 'CN' }))).toEqual([...base, 'GD-YYZZ', 'ZS-SBCN']);
    expect(codes(item(jiangsu, 'JS-GSSLDJ', { 'GS-GDLX': 'HH', 'GS-ZS': 'ZY' }))).toEqual([...base, 'GD-SFZ', 'GD-YYZZ', 'BDCQZS']);
    const r = item(jiangsu, 'JS-GSSLDJ', { 'GS-GDLX': 'ZRR', 'GS-ZS': 'CN' });
    expect(material(r, 'ZS-SBCN')?.commitment?.text).toContain('住所（经营场所）真实、合法、安全');
    expect(r).toMatchObject({ statutoryDays: 3, committedDays: 1, departments: ['SCJGJ'] });
    expect(leadLicenceType(r)).toBe('YYZZ');
  });

  it('公章刻制备案, 单位参保登记 and 发票申领 ask what they always ask; a general taxpayer adds a form', () => {
    expect(codes(item(jiangsu, 'JS-YZKZBA'))).toEqual(['YYZZ', 'FDDBR-SFZ', 'YZ-SQB']);
    expect(codes(item(jiangsu, 'JS-DWCBDJ'))).toEqual(['YYZZ', 'JBR-SFZ', 'SB-DJB', 'SB-YHZH']);
    expect(codes(item(jiangsu, 'JS-FPSL', { 'FP-NSRLX': 'XGM' }))).toEqual(['YYZZ', 'JBR-SFZ', 'FP-SQB']);
    expect(codes(item(jiangsu, 'JS-FPSL', { 'FP-NSRLX': 'YB' }))).toEqual(['YYZZ', 'JBR-SFZ', 'FP-SQB', 'FP-YBNSR']);
    // Standalone, the business licence is the applicant's to give (or to cite as an e-licence).
    expect(item(jiangsu, 'JS-FPSL', { 'FP-NSRLX': 'XGM' }).providedWithin).toEqual([]);
    expect(leadLicenceType(item(jiangsu, 'JS-FPSL', { 'FP-NSRLX': 'XGM' }))).toBeUndefined();
    expect(licenceResults(item(jiangsu, 'JS-FPSL', { 'FP-NSRLX': 'XGM' }))).toEqual([]);
  });

  it('存量房转移登记 (5 working days): marriage, loan and agency decide the proofs; three departments in parallel; 80 yuan', () => {
    const single = item(jiangsu, 'JS-BDCZYDJ', { 'BDC-HYZK': 'WH', 'BDC-FKFS': 'QK', 'BDC-WT': 'BR' });
    expect(codes(single)).toEqual(['BDC-SQS', 'SQR-SFZ', 'BDCQZS', 'BDC-MMHT', 'BDC-HYSM']);
    expect(material(single, 'BDC-HYSM')?.commitment).toBeDefined();
    expect(material(single, 'BDCQZS')).toMatchObject({ originalRequired: true, licenceTypes: ['BDCQZ'] });
    expect(material(single, 'BDCQZS')?.guidance).toContain('EMS上门收取');
    expect(single).toMatchObject({ statutoryDays: 30, committedDays: 5, totalFeeFen: 8000, visits: 0 });
    expect(single.stages).toEqual([{ departments: ['GHZYJ', 'SWJ', 'FCJ'], items: ['JS-BDCZYDJ'] }]);

    expect(codes(item(jiangsu, 'JS-BDCZYDJ', { 'BDC-HYZK': 'YH', 'BDC-FKFS': 'DK', 'BDC-WT': 'WT' }))).toEqual([
      'BDC-SQS', 'SQR-SFZ', 'BDCQZS', 'BDC-MMHT', 'JHZ', 'BDC-JKHT', 'BDC-DYHT', 'BDC-WTS', 'JBR-SFZ',
    ]);
    expect(codes(item(jiangsu, 'JS-BDCZYDJ', { 'BDC-HYZK': 'LY', 'BDC-FKFS': 'QK', 'BDC-WT': 'BR' }))).toEqual([
      'BDC-SQS', 'SQR-SFZ', 'BDCQZS', 'BDC-MMHT', 'LHZ',
    ]);
  });

  it('工业建设项目施工许可 (50 working days): three stages, parallel inside each; regional assessment removes two reports', () => {
    const inPark = item(jiangsu, 'JS-GYSGXK', { 'GC-QYPG': 'S', 'GC-RF': 'XJ', 'GC-JL': 'S' });
    expect(codes(inPark)).toEqual(['GC-SQB', 'GC-XMXX', 'BDCQZS', 'GC-SGTSC', 'GC-SGHT', 'GC-JLHT', 'GC-ZJCN', 'GC-RFSJ', 'GC-FLSJ', 'GC-PSFA']);
    expect(inPark.stages.map((s) => s.departments)).toEqual([['FGW', 'GHZYJ'], ['RFB', 'QXJ', 'SWUJ'], ['CJW']]);
    expect(inPark.items[0]?.stages.map((s) => s.committedDays)).toEqual([15, 20, 15]);
    expect(inPark).toMatchObject({ statutoryDays: 80, committedDays: 50, manualAcceptance: true, delivery: ['online', 'ems'] });

    const outside = item(jiangsu, 'JS-GYSGXK', { 'GC-QYPG': 'F', 'GC-RF': 'YD', 'GC-JL': 'F' });
    expect(codes(outside)).toEqual([
      'GC-SQB', 'GC-XMXX', 'BDCQZS', 'GC-HPPF', 'GC-DZZH', 'GC-SGTSC', 'GC-SGHT', 'GC-ZJCN', 'GC-YDJSF', 'GC-FLSJ', 'GC-PSFA',
    ]);
    expect(material(outside, 'GC-YDJSF')).toMatchObject({ key: false, deficiencyAllowed: true });
  });

  it('names every problem with the answers at once: an unknown option and the unanswered questions', () => {
    expect(refusal(() => item(jiangsu, 'JS-GYSGXK', { 'GC-QYPG': 'X' }))).toEqual([
      { field: 'answers.GC-QYPG', message: 'no option "X"; options: S（是）、F（否）' },
      { field: 'answers.GC-RF', message: expect.stringContaining('unanswered: 是否结合项目修建防空地下室') as string },
      { field: 'answers.GC-JL', message: expect.stringContaining('unanswered: 是否属于依法必须实行监理的工程') as string },
    ]);
  });
});

describe('Hunan 我要开理发店', () => {
  const barbershop = (answers: Answers) => bundle(hunan, 'HN-KLFD', answers);
  const premises = ['WS-SQS', 'WS-PMT', 'WS-JKZM', 'WS-ZD', 'WS-JCBG'];

  it('rented premises with a shop sign: lease and landlord proofs, landlord consent for the sign, the business licence from stage one', () => {
    const r = barbershop({ 'KLFD-ZP': 'S', 'CS-QK': 'ZL', 'GT-ZCXS': 'GR', 'WS-MR': 'F' });
    expect(codes(r)).toEqual(['GT-SQS', 'JYZ-SFZ', 'CS-ZLHT', 'CS-CZFCQ', ...premises, 'ZP-SQB', 'ZP-XGT', 'ZP-CQRTY']);
    expect(material(r, 'JYZ-SFZ')?.items).toEqual(['HN-GTDJ', 'HN-GGWSXK']);
    expect(r.providedWithin).toEqual([{ code: 'YYZZ', name: '营业执照', items: ['HN-GGWSXK', 'HN-ZPSZ'], providedBy: 'HN-GTDJ', licenceType: 'YYZZ' }]);
    expect(r.stages).toEqual([
      { departments: ['SCJGJ'], items: ['HN-GTDJ'] },
      { departments: ['WJW', 'CGJ'], items: ['HN-GGWSXK', 'HN-ZPSZ'] },
    ]);
    expect(r).toMatchObject({ committedDays: 5, statutoryDays: 23 });
    // The premises question is asked once for both items that ask it.
    expect(Object.keys(r.answers)).toEqual(['CS-QK', 'GT-ZCXS', 'KLFD-ZP', 'WS-MR']);
    // 告知承诺: a landlord who cannot show a deed may be replaced by the applicant's commitment.
    expect(material(r, 'CS-CZFCQ')?.commitment?.text).toContain('本人承诺');
    expect(r.form.map((f) => f.code)).toEqual(['shopName', 'shopAddress', 'businessScope', 'employees', 'floorArea', 'signSize']);
  });

  it('own house with a certificate, no sign: the certificate, two departments', () => {
    const r = barbershop({ 'KLFD-ZP': 'F', 'CS-QK': 'ZY', 'GT-ZCXS': 'GR', 'WS-MR': 'F' });
    expect(codes(r)).toEqual(['GT-SQS', 'JYZ-SFZ', 'CS-CQZM', ...premises]);
    expect(r.departments).toEqual(['SCJGJ', 'WJW']);
    expect(r.providedWithin.map((p) => p.items)).toEqual([['HN-GGWSXK']]);
  });

  it('bought but no certificate yet: the purchase contract', () => {
    expect(codes(barbershop({ 'KLFD-ZP': 'S', 'CS-QK': 'GF', 'GT-ZCXS': 'GR', 'WS-MR': 'F' }))).toEqual([
      'GT-SQS', 'JYZ-SFZ', 'CS-GFHT', ...premises, 'ZP-SQB', 'ZP-XGT',
    ]);
  });

  it('self-built village house, family business, hair and beauty: the village committee\'s proof, family relation, disinfection', () => {
    expect(codes(barbershop({ 'KLFD-ZP': 'S', 'CS-QK': 'ZJF', 'GT-ZCXS': 'JT', 'WS-MR': 'S' }))).toEqual([
      'GT-SQS', 'JYZ-SFZ', 'CS-CWHZM', 'GT-JTCY', ...premises, 'WS-MRXD', 'ZP-SQB', 'ZP-XGT',
    ]);
  });

  it('refuses a premises option that does not exist, naming the field', () => {
    expect(refusal(() => barbershop({ 'KLFD-ZP': 'S', 'CS-QK': 'JIE', 'GT-ZCXS': 'GR', 'WS-MR': 'F' }))).toEqual([
      { field: 'answers.CS-QK', message: expect.stringContaining('no option "JIE"') as string },
    ]);
  });

  it('lists the bundle question and each shared question once, with the items that ask it', () => {
    const klfd = hunan.bundles.find((b) => b.code === 'HN-KLFD');
    if (!klfd) throw new Error('HN-KLFD missing');
    expect(questionsOf(hunan, klfd).map((q) => [q.code, q.appliesTo])).toEqual([
      ['KLFD-ZP', 'bundle'],
      ['CS-QK', ['HN-GTDJ', 'HN-ZPSZ']],
      ['GT-ZCXS', ['HN-GTDJ']],
      ['WS-MR', ['HN-GGWSXK']],
    ]);
  });
});

describe('Hunan 出生一件事', () => {
  it('born in hospital, married parents, family doctor: each parent ID once for five items, the birth certificate from stage one', () => {
    const r = bundle(hunan, 'HN-CSYJS', { 'CSYJS-QY': 'S', 'CS-DD': 'JG', 'CS-HY': 'YH' });
    expect(codes(r)).toEqual(['FM-SFZ', 'CS-XSEXX', 'QY-XY', 'HKB', 'JHZ', 'YB-DJB']);
    expect(material(r, 'FM-SFZ')?.items).toEqual(['HN-CSYXZM', 'HN-ETBJ', 'HN-JTYSQY', 'HN-CSDJ', 'HN-YBCB']);
    // The household book is needed by the registration itself, so it is asked for, not produced.
    expect(material(r, 'HKB')?.items).toEqual(['HN-CSDJ', 'HN-YBCB']);
    expect(r.providedWithin).toEqual([{ code: 'CS-YXZM', name: '出生医学证明', items: ['HN-CSDJ'], providedBy: 'HN-CSYXZM', licenceType: 'CSYXZM' }]);
    expect(r.stages.map((s) => s.departments)).toEqual([['WJW'], ['GAJ'], ['YBJ']]);
    expect(r).toMatchObject({ statutoryDays: 20, committedDays: 5, leadItem: 'HN-CSYXZM' });
    expect(r.items.map((i) => [i.code, i.licenceType])).toEqual([
      ['HN-CSYXZM', 'CSYXZM'],
      ['HN-ETBJ', null],
      ['HN-JTYSQY', null],
      ['HN-CSDJ', 'HKB'],
      ['HN-YBCB', null],
    ]);
  });

  it('born outside a hospital, unmarried parents, no family doctor: paternity proof, delivery proof, a commitment', () => {
    const r = bundle(hunan, 'HN-CSYJS', { 'CSYJS-QY': 'F', 'CS-DD': 'JGW', 'CS-HY': 'FH' });
    expect(codes(r)).toEqual(['FM-SFZ', 'CS-XSEXX', 'CS-QZJD', 'CS-JSZM', 'HKB', 'CS-FHSM', 'YB-DJB']);
    expect(r.items.map((i) => i.code)).not.toContain('HN-JTYSQY');
    expect(material(r, 'CS-FHSM')?.commitment).toBeDefined();
  });

  it('each birth item alone asks its own list', () => {
    expect(codes(item(hunan, 'HN-CSYXZM', { 'CS-DD': 'JG' }))).toEqual(['FM-SFZ', 'CS-XSEXX']);
    expect(codes(item(hunan, 'HN-CSDJ', { 'CS-HY': 'YH' }))).toEqual(['CS-YXZM', 'FM-SFZ', 'HKB', 'JHZ']);
    expect(codes(item(hunan, 'HN-YBCB'))).toEqual(['HKB', 'FM-SFZ', 'YB-DJB']);
    expect(codes(item(hunan, 'HN-ETBJ'))).toEqual(['FM-SFZ', 'CS-XSEXX']);
    expect(codes(item(hunan, 'HN-JTYSQY'))).toEqual(['FM-SFZ', 'QY-XY']);
  });
});

describe('every shipped item and bundle', () => {
  // The first option of every question: each item and bundle resolves and asks something.
  const firstAnswers = (questions: ReadonlyArray<{ code: string; options: ReadonlyArray<{ code: string }> }>): Answers =>
    Object.fromEntries(questions.map((q) => [q.code, q.options[0]?.code ?? '']));

  it.each([jiangsu, hunan, demo].flatMap((p) => p.items.map((i) => [p.code, i.code, p] as const)))('%s %s resolves', (_, code, p) => {
    const subject = p.items.find((i) => i.code === code);
    if (!subject) throw new Error(code);
    const r = item(p, code, firstAnswers(questionsOf(p, subject)));
    expect(r.materials.length).toBeGreaterThan(0);
    expect(r.committedDays).toBeLessThanOrEqual(r.statutoryDays);
  });

  it.each([jiangsu, hunan].flatMap((p) => p.bundles.map((b) => [p.code, b.code, p] as const)))('%s %s resolves with every item', (_, code, p) => {
    const subject = p.bundles.find((b) => b.code === code);
    if (!subject) throw new Error(code);
    const r = bundle(p, code, firstAnswers(questionsOf(p, subject)));
    expect(r.items.length).toBe(subject.stages.flat().length);
    expect(new Set(codes(r)).size).toBe(r.materials.length);
  });
});

describe('unknown subjects', () => {
  it('names itemCode or bundleCode', () => {
    expect(refusal(() => item(jiangsu, 'NOPE'))).toEqual([{ field: 'itemCode', message: 'unknown service item' }]);
    expect(refusal(() => bundle(jiangsu, 'NOPE'))).toEqual([{ field: 'bundleCode', message: 'unknown bundle' }]);
  });
});

describe('form data against the merged form', () => {
  const form = bundle(hunan, 'HN-KLFD', { 'KLFD-ZP': 'S', 'CS-QK': 'ZL', 'GT-ZCXS': 'GR', 'WS-MR': 'F' }).form;

  it('accepts a complete form; an optional field may be missing', () => {
    expect(checkFormData(form, { shopAddress: '长沙市岳麓区麓山南路1号', businessScope: '理发服务', employees: 3, floorArea: 40, signSize: '3×0.8' })).toEqual([]);
  });

  it('names every missing, mistyped and unknown field', () => {
    expect(checkFormData(form, { shopAddress: '长沙', employees: '三', floorArea: 40, signSize: '3×0.8', colour: 'red' })).toEqual([
      { field: 'formData.colour', message: 'no such form field' },
      { field: 'formData.businessScope', message: 'required: 经营范围' },
      { field: 'formData.employees', message: 'expected a number' },
    ]);
    const birth = bundle(hunan, 'HN-CSYJS', { 'CSYJS-QY': 'F', 'CS-DD': 'JG', 'CS-HY': 'YH' }).form;
    expect(checkFormData(birth, { babyName: '小明', babyBirthDate: '2026-13-01', babyGender: '未知' })).toEqual([
      { field: 'formData.babyBirthDate', message: 'expected a date YYYY-MM-DD' },
      { field: 'formData.babyGender', message: 'expected one of 男、女' },
    ]);
  });
});
