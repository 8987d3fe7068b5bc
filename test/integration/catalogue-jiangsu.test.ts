// Jiangsu (32) in its own local stack: the public catalogue API, and a whole case on a real
// Jiangsu item — 存量房转移登记, three departments approving in parallel — from situation answers
// to the issued 不动产权证书.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { anApplicant } from '../support/identities.ts';
import { startProvinceStack, type ProvinceStack } from './catalogue-stack.ts';

let p: ProvinceStack;

beforeAll(async () => {
  p = await startProvinceStack('32');
}, 120_000);

afterAll(async () => {
  await p?.stop();
});

interface ItemSummary {
  code: string;
  name: string;
  type: string;
  departments: Array<{ code: string; name: string }>;
  licence: { type: string; name: string } | null;
  bundles: string[];
}
interface ItemPage {
  catalogueVersion: string;
  total: number;
  items: ItemSummary[];
  next?: string;
}
interface Problem {
  status: number;
  errors?: Array<{ field: string; message: string }>;
}

describe('GET /catalogue/items', () => {
  it('lists every item by code, public and cacheable, Chinese intact, versioned by ETag', async () => {
    const res = await p.call<ItemPage>('GET', '/catalogue/items');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/json; charset=utf-8');
    expect(res.headers.get('cache-control')).toBe('public, max-age=300');
    expect(res.body.catalogueVersion).toMatch(/^[0-9a-f]{16}$/);
    expect(res.headers.get('etag')).toBe(`"${res.body.catalogueVersion}"`);
    expect(res.body.total).toBe(6);
    expect(res.body.items.map((i) => i.code)).toEqual(['JS-BDCZYDJ', 'JS-DWCBDJ', 'JS-FPSL', 'JS-GSSLDJ', 'JS-GYSGXK', 'JS-YZKZBA']);
    expect(res.body.items.find((i) => i.code === 'JS-GSSLDJ')).toMatchObject({
      name: '公司设立登记',
      type: '许可',
      departments: [{ code: 'SCJGJ', name: '南京市市场监督管理局' }],
      licence: { type: 'YYZZ', name: '营业执照' },
      bundles: ['JS-QYKB'],
    });
    expect(JSON.stringify(res.body)).not.toMatch(/webhook|keyRef/);
  });

  it('answers 304 to a caller that holds the current version', async () => {
    const first = await p.call<ItemPage>('GET', '/catalogue/items');
    const again = await fetch(`${p.stack.apiUrl}/catalogue/items`, { headers: { 'if-none-match': first.headers.get('etag') ?? '' } });
    expect(again.status).toBe(304);
    expect(await again.text()).toBe('');
  });

  it('filters by department, type and keyword (URL-encoded Chinese)', async () => {
    const codes = async (query: string) => (await p.call<ItemPage>('GET', `/catalogue/items?${query}`)).body.items.map((i) => i.code);
    expect(await codes('department=SWJ')).toEqual(['JS-BDCZYDJ', 'JS-FPSL']);
    expect(await codes(`type=${encodeURIComponent('确认')}`)).toEqual(['JS-BDCZYDJ', 'JS-DWCBDJ']);
    expect(await codes(`keyword=${encodeURIComponent('施工许可')}`)).toEqual(['JS-GYSGXK']);
    expect(await codes(`department=SWJ&type=${encodeURIComponent('其他')}`)).toEqual(['JS-FPSL']);
  });

  it('pages with an opaque token that only continues the same query', async () => {
    const seen: string[] = [];
    let next: string | undefined;
    do {
      const page: { body: ItemPage } = await p.call<ItemPage>('GET', `/catalogue/items?limit=4${next ? `&next=${next}` : ''}`);
      seen.push(...page.body.items.map((i) => i.code));
      next = page.body.next;
    } while (next);
    expect(seen).toEqual(['JS-BDCZYDJ', 'JS-DWCBDJ', 'JS-FPSL', 'JS-GSSLDJ', 'JS-GYSGXK', 'JS-YZKZBA']);

    const first = await p.call<ItemPage>('GET', '/catalogue/items?limit=1&department=SWJ');
    expect(first.body.next).toBeDefined();
    const foreign = await p.call<Problem>('GET', `/catalogue/items?limit=1&next=${first.body.next}`);
    expect(foreign.status).toBe(400);
    expect(foreign.headers.get('content-type')).toContain('application/problem+json');
    expect(foreign.body.errors).toEqual([{ field: 'query.next', message: 'not a token from a previous page of this query' }]);
    expect((await p.call<Problem>('GET', '/catalogue/items?next=garbage')).body.errors?.[0]?.field).toBe('query.next');
  });

  it('names a bad query parameter', async () => {
    const res = await p.call<Problem>('GET', `/catalogue/items?type=${encodeURIComponent('审批')}&limit=0`);
    expect(res.status).toBe(400);
    expect(res.body.errors?.map((e) => e.field).sort()).toEqual(['query.limit', 'query.type']);
    expect((await p.call<Problem>('GET', '/catalogue/items?colour=red')).status).toBe(400);
  });
});

describe('GET /catalogue/items/{code}', () => {
  it('shows the construction permit with its stages in sequence and departments in parallel, with names', async () => {
    const res = await p.call<{ item: Record<string, unknown> & { stages: unknown[]; questions: unknown[]; materials: Array<{ code: string }> } }>(
      'GET',
      '/catalogue/items/JS-GYSGXK',
    );
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('public, max-age=300');
    expect(res.body.item).toMatchObject({ statutoryDays: 80, committedDays: 50, manualAcceptance: true, visits: 0 });
    expect(res.body.item.stages).toEqual([
      { name: '立项用地规划许可', departments: [{ code: 'FGW', name: '南京市发展和改革委员会' }, { code: 'GHZYJ', name: '南京市规划和自然资源局（不动产登记中心）' }], committedDays: 15 },
      { name: '工程建设许可', departments: [{ code: 'RFB', name: '南京市人民防空办公室' }, { code: 'QXJ', name: '南京市气象局' }, { code: 'SWUJ', name: '南京市水务局' }], committedDays: 20 },
      { name: '施工许可', departments: [{ code: 'CJW', name: '南京市城乡建设委员会' }], committedDays: 15 },
    ]);
    expect(res.body.item.questions).toContainEqual({
      code: 'GC-QYPG',
      question: '项目是否位于已完成区域评估的开发区（园区）内',
      help: '已完成区域评估的，区内项目不再单独编制相应评估报告。',
      options: [
        { code: 'S', label: '是', addMaterials: [], removeMaterials: ['GC-HPPF', 'GC-DZZH'] },
        { code: 'F', label: '否', addMaterials: [], removeMaterials: [] },
      ],
    });
  });

  it('answers 404 for an unknown item and 400 for a malformed code', async () => {
    expect((await p.call('GET', '/catalogue/items/JS-NOPE')).status).toBe(404);
    const bad = await p.call<Problem>('GET', '/catalogue/items/js_nope');
    expect(bad.status).toBe(400);
    expect(bad.body.errors?.[0]?.field).toBe('path.code');
  });
});

describe('bundles and the guide', () => {
  it('lists 企业开办一件事 and shows its merged form', async () => {
    const list = await p.call<{ bundles: Array<{ code: string; committedDays: number; items: Array<{ code: string; optional: boolean }> }> }>('GET', '/catalogue/bundles');
    expect(list.headers.get('cache-control')).toBe('public, max-age=300');
    expect(list.body.bundles.map((b) => [b.code, b.committedDays])).toEqual([['JS-QYKB', 3]]);
    const detail = await p.call<{ bundle: { questions: Array<{ code: string; appliesTo: unknown }>; form: Array<{ code: string }> } }>('GET', '/catalogue/bundles/JS-QYKB');
    expect(detail.body.bundle.questions.map((q) => [q.code, q.appliesTo])).toEqual([
      ['QYKB-FP', 'bundle'],
      ['GS-GDLX', ['JS-GSSLDJ']],
      ['GS-ZS', ['JS-GSSLDJ']],
      ['FP-NSRLX', ['JS-FPSL']],
    ]);
    // 企业名称 is asked by three items and appears once.
    expect(detail.body.bundle.form.map((f) => f.code)).toEqual(['enterpriseName', 'registeredCapital', 'businessScope', 'legalRepresentative', 'sealSet', 'taxContactPhone']);
    expect((await p.call('GET', '/catalogue/bundles/NOPE')).status).toBe(404);
  });

  it('gives the exact start-up materials for situation answers, with department names', async () => {
    const res = await p.call<{ materials: Array<{ code: string }>; providedWithin: Array<{ code: string }>; committedDays: number; names: { departments: Record<string, string> } }>(
      'POST',
      '/catalogue/guide',
      { body: { bundleCode: 'JS-QYKB', situationAnswers: { 'QYKB-FP': 'F', 'GS-GDLX': 'ZRR', 'GS-ZS': 'CN' } } },
    );
    expect(res.status).toBe(200);
    expect(res.body.materials.map((m) => m.code)).toEqual(['GS-SQS', 'GS-ZC', 'FDDBR-SFZ', 'GS-RZWJ', 'GD-SFZ', 'ZS-SBCN', 'YZ-SQB', 'JBR-SFZ', 'SB-DJB', 'SB-YHZH']);
    expect(res.body.providedWithin.map((m) => m.code)).toEqual(['YYZZ']);
    expect(res.body.committedDays).toBe(3);
    expect(res.body.names.departments).toEqual({ SCJGJ: '南京市市场监督管理局', GAJ: '南京市公安局', RSJ: '南京市人力资源和社会保障局' });
  });

  it('answers an unknown option or question with problem+json naming the field', async () => {
    const res = await p.call<Problem>('POST', '/catalogue/guide', { body: { itemCode: 'JS-BDCZYDJ', situationAnswers: { 'BDC-HYZK': 'XX', 'BDC-FKFS': 'QK', 'BDC-WT': 'BR', 'BDC-NOPE': 'A' } } });
    expect(res.status).toBe(400);
    expect(res.headers.get('content-type')).toContain('application/problem+json');
    expect(res.body.errors).toEqual([
      { field: 'situationAnswers.BDC-NOPE', message: 'no such question' },
      { field: 'situationAnswers.BDC-HYZK', message: 'no option "XX"; options: YH（已婚）、LY（离异）、WH（未婚）' },
    ]);
    const both = await p.call<Problem>('POST', '/catalogue/guide', { body: { itemCode: 'JS-FPSL', bundleCode: 'JS-QYKB' } });
    expect(both.body.errors).toEqual([{ field: 'itemCode', message: 'give either itemCode or bundleCode' }]);
  });
});

describe('a Jiangsu case end to end', () => {
  it('runs 存量房转移登记 from the answers to the 不动产权证书, three departments approving in parallel', async () => {
    const token = await p.tokenFor(anApplicant());
    const answers = { 'BDC-HYZK': 'WH', 'BDC-FKFS': 'QK', 'BDC-WT': 'BR' };

    const refused = await p.call<Problem>('POST', '/applications', { token, body: { itemCode: 'JS-BDCZYDJ', situationAnswers: { ...answers, 'BDC-HYZK': 'QT' } } });
    expect(refused.status).toBe(400);
    expect(refused.body.errors?.[0]?.field).toBe('situationAnswers.BDC-HYZK');

    const draft = await p.call<{ id: string; catalogueVersion: string; materials: Array<{ code: string; key: boolean }> }>('POST', '/applications', {
      token,
      body: { itemCode: 'JS-BDCZYDJ', situationAnswers: answers },
    });
    expect(draft.status).toBe(201);
    expect(draft.body.materials.map((m) => m.code)).toEqual(['BDC-SQS', 'SQR-SFZ', 'BDCQZS', 'BDC-MMHT', 'BDC-HYSM']);
    const version = (await p.call<ItemPage>('GET', '/catalogue/items?limit=1')).body.catalogueVersion;
    expect(draft.body.catalogueVersion).toBe(version);
    // The form is part of what pre-review checks (issue #5).
    const form = { propertyLocation: '南京市玄武区示范路 1 号', transactionPrice: 1_800_000, contractNo: 'HT-2026-001' };
    expect((await p.call('PATCH', `/applications/${draft.body.id}`, { token, body: { formData: form } })).status).toBe(200);

    for (const m of draft.body.materials) expect(await p.uploadPdf(token, draft.body.id, m.code)).toBe('verified');
    const submitted = await p.call<{ caseNo: string }>('POST', `/applications/${draft.body.id}/submit`, { token, headers: { 'idempotency-key': `submit-${draft.body.id}` } });
    expect(submitted.status).toBe(201);
    const caseNo = submitted.body.caseNo;
    expect(caseNo).toMatch(/^32-\d{8}-[0-9A-Z]{10}$/);

    const status = () => p.call<{ status: string }>('GET', `/cases/${caseNo}`, { token }).then((r) => r.body.status);
    // The case is in approval once the first work item opens; wait until all three are open.
    const opened = () =>
      p.call<{ timeline: Array<{ action: string }> }>('GET', `/cases/${caseNo}`, { token }).then((r) => r.body.timeline.filter((t) => t.action === 'WorkItemOpened').length);
    await p.eventually(async () => ((await opened()) === 3 ? true : undefined), 'all three work items to open');
    for (const department of ['GHZYJ', 'SWJ', 'FCJ']) {
      const decided = await p.departmentCall(department, 'POST', `/work-items/${caseNo}~${department}/decision`, { decision: 'approve', opinion: '符合登记条件，同意' });
      expect(decided.status, department).toBe(200);
    }
    await p.eventually(async () => (['completed', 'failed'].includes(await status()) ? true : undefined), 'the case to finish');
    const view = await p.call<{ status: string; licenceId: string; timeline: Array<{ action: string }>; auditIntact: boolean }>('GET', `/cases/${caseNo}`, { token });
    expect(view.body.status).toBe('completed');
    // A GB/T 36904 identifier of the 不动产权证书 type (issue #8).
    expect(view.body.licenceId).toMatch(/^1\.2\.156\.3005\.2\.BDCQZ\.[0-9A-Z]{18}\.\d{8,}\.\d{2}\.[0-9A-Z]$/);
    expect(view.body.timeline.filter((t) => t.action === 'WorkItemOpened')).toHaveLength(3);
    expect(view.body.timeline.filter((t) => t.action === 'DepartmentDecided')).toHaveLength(3);
    expect(view.body.auditIntact).toBe(true);
  });

  it('runs 企业开办一件事 stage by stage and issues every licence of the bundle, not only the lead item\'s', async () => {
    const token = await p.tokenFor(anApplicant());
    const draft = await p.call<{ id: string; materials: Array<{ code: string }> }>('POST', '/applications', {
      token,
      body: { bundleCode: 'JS-QYKB', situationAnswers: { 'QYKB-FP': 'F', 'GS-GDLX': 'ZRR', 'GS-ZS': 'CN' } },
    });
    expect(draft.status).toBe(201);
    const form = { enterpriseName: '南京示范科技有限公司', registeredCapital: 100, businessScope: '软件开发', legalRepresentative: '张三', sealSet: '公章、财务专用章、发票专用章' };
    expect((await p.call('PATCH', `/applications/${draft.body.id}`, { token, body: { formData: form } })).status).toBe(200);
    for (const m of draft.body.materials) expect(await p.uploadPdf(token, draft.body.id, m.code)).toBe('verified');
    const submitted = await p.call<{ caseNo: string }>('POST', `/applications/${draft.body.id}/submit`, { token, headers: { 'idempotency-key': `submit-${draft.body.id}` } });
    expect(submitted.status).toBe(201);
    const caseNo = submitted.body.caseNo;
    const decide = (department: string) => p.departmentCall(department, 'POST', `/work-items/${caseNo}~${department}/decision`, { decision: 'approve', opinion: '同意' });
    const opened = () =>
      p.call<{ timeline: Array<{ action: string }> }>('GET', `/cases/${caseNo}`, { token }).then((r) => r.body.timeline.filter((t) => t.action === 'WorkItemOpened').length);

    await p.eventually(async () => ((await opened()) === 1 ? true : undefined), 'stage 1 (公司设立登记) to open');
    expect((await decide('SCJGJ')).status).toBe(200);
    await p.eventually(async () => ((await opened()) === 3 ? true : undefined), 'stage 2 to open');
    for (const department of ['GAJ', 'RSJ']) expect((await decide(department)).status, department).toBe(200);

    interface Issued {
      id: string;
      type: string;
      itemCode: string;
    }
    const done = await p.eventually(async () => {
      const res = await p.call<{ status: string; licenceId?: string; licences?: Issued[]; timeline: Array<{ action: string; summary: string }>; auditIntact: boolean }>('GET', `/cases/${caseNo}`, { token });
      return ['completed', 'failed'].includes(res.body.status) ? res.body : undefined;
    }, 'the case to finish');
    expect(done.status).toBe('completed');
    // One licence per item that yields one (公司设立登记, 公章刻制备案, 单位参保登记), the lead item's first.
    expect(done.licences?.map((l) => [l.itemCode, l.type])).toEqual([
      ['JS-GSSLDJ', 'YYZZ'],
      ['JS-YZKZBA', 'DZYZ'],
      ['JS-DWCBDJ', 'DWCBZM'],
    ]);
    expect(done.licenceId).toBe(done.licences?.[0]?.id);
    const issuedEntry = done.timeline.find((t) => t.action === 'LicenceIssued');
    for (const licence of done.licences ?? []) {
      expect(licence.id).toMatch(new RegExp(`^1\\.2\\.156\\.3005\\.2\\.${licence.type}\\.`));
      expect(issuedEntry?.summary).toContain(licence.id);
      // Each one is in the holder's licence library and verifies.
      expect((await p.call<{ id: string }>('GET', `/licences/${licence.id}`, { token })).body.id).toBe(licence.id);
      expect((await p.call<{ valid: boolean }>('GET', `/licences/${licence.id}/verify`)).body.valid).toBe(true);
    }
    expect(done.auditIntact).toBe(true);
  });

  it('asks for a situation-required key material that is missing, in one correction notice', async () => {
    const token = await p.tokenFor(anApplicant());
    const draft = await p.call<{ id: string; materials: Array<{ code: string }> }>('POST', '/applications', {
      token,
      body: { itemCode: 'JS-BDCZYDJ', situationAnswers: { 'BDC-HYZK': 'YH', 'BDC-FKFS': 'QK', 'BDC-WT': 'BR' } },
    });
    // Everything but the buyer's marriage certificate, which the answer 已婚 requires.
    for (const m of draft.body.materials.filter((m) => m.code !== 'JHZ')) await p.uploadPdf(token, draft.body.id, m.code);
    const submitted = await p.call<{ caseNo: string }>('POST', `/applications/${draft.body.id}/submit`, { token, headers: { 'idempotency-key': `submit-${draft.body.id}` } });
    const caseNo = submitted.body.caseNo;
    const view = await p.eventually(async () => {
      const res = await p.call<{ status: string; correction?: { items: Array<{ materialCode?: string; field?: string; problem: string }> } }>('GET', `/cases/${caseNo}`, { token });
      return ['correcting', 'accepted', 'in-approval'].includes(res.body.status) ? res.body : undefined;
    }, 'pre-review');
    expect(view.status).toBe('correcting');
    expect(view.correction?.items.filter((i) => i.materialCode)).toEqual([expect.objectContaining({ materialCode: 'JHZ', problem: 'missing' })]);
  });

  it('runs the construction permit stage by stage, and a refusal in stage 2 refuses the case, closes the open item and never opens stage 3', async () => {
    const token = await p.tokenFor(anApplicant());
    const draft = await p.call<{ id: string; materials: Array<{ code: string }> }>('POST', '/applications', {
      token,
      body: { itemCode: 'JS-GYSGXK', situationAnswers: { 'GC-QYPG': 'S', 'GC-RF': 'XJ', 'GC-JL': 'S' } },
    });
    expect(draft.status).toBe(201);
    const form = { projectName: '示范厂房', projectCode: '2026-320102-00-01-000001', floorArea: 12000, contractPrice: 36_000_000, plannedStart: '2026-12-01' };
    expect((await p.call('PATCH', `/applications/${draft.body.id}`, { token, body: { formData: form } })).status).toBe(200);
    for (const m of draft.body.materials) expect(await p.uploadPdf(token, draft.body.id, m.code)).toBe('verified');
    const submitted = await p.call<{ caseNo: string }>('POST', `/applications/${draft.body.id}/submit`, { token, headers: { 'idempotency-key': `submit-${draft.body.id}` } });
    const caseNo = submitted.body.caseNo;
    // The permit requires formal acceptance (manualAcceptance): the receiving window, the lead
    // item's first department, accepts through its acceptance work item.
    const acceptance = `/work-items/${caseNo}~FGW~acceptance/decision`;
    await p.eventually(async () => ((await p.departmentCall('FGW', 'POST', acceptance, { decision: 'accept', opinion: '材料齐全，予以受理' })).status === 200 ? true : undefined), 'the acceptance work item');
    const view = () =>
      p.call<{ status: string; refusalReasons?: Array<{ department: string }>; timeline: Array<{ action: string; summary: string }> }>('GET', `/cases/${caseNo}`, { token }).then((r) => r.body);
    const openedCount = async () => (await view()).timeline.filter((t) => t.action === 'WorkItemOpened').length;
    const decide = (department: string, body: Record<string, string>) => p.departmentCall(department, 'POST', `/work-items/${caseNo}~${department}/decision`, body);

    await p.eventually(async () => ((await openedCount()) === 2 ? true : undefined), 'stage 1 to open');
    // Stage 2 is not open yet: its departments have nothing to decide.
    expect((await decide('RFB', { decision: 'approve', opinion: '同意' })).status).toBe(404);
    for (const d of ['FGW', 'GHZYJ']) expect((await decide(d, { decision: 'approve', opinion: '同意' })).status).toBe(200);

    await p.eventually(async () => ((await openedCount()) === 5 ? true : undefined), 'stage 2 to open');
    expect((await decide('RFB', { decision: 'approve', opinion: '同意' })).status).toBe(200);
    expect((await decide('QXJ', { decision: 'refuse', reason: '防雷装置设计不符合规范', legalBasis: '《气象灾害防御条例》第二十四条' })).status).toBe(200);

    const final = await p.eventually(async () => {
      const v = await view();
      return v.status === 'refused' ? v : undefined;
    }, 'the case to be refused');
    expect(final.refusalReasons?.map((r) => r.department)).toEqual(['QXJ']);
    expect(final.timeline.find((t) => t.action === 'CaseRefused')?.summary).toContain('SWUJ');
    expect(final.timeline.filter((t) => t.action === 'WorkItemOpened')).toHaveLength(5);
    // The closed item no longer accepts a decision; stage 3 never opened.
    expect((await decide('SWUJ', { decision: 'approve', opinion: '同意' })).status).toBe(410);
    expect((await decide('CJW', { decision: 'approve', opinion: '同意' })).status).toBe(404);
  });
});
