// The demo province's catalogue through the API of the shared local stack (province 99), and the
// situation answers of a draft application checked against it.
import { describe, expect, it } from 'vitest';
import { call, tokenFor } from '../support/api.ts';
import { anApplicant } from '../support/identities.ts';

describe('the demo catalogue', () => {
  it('lists DEMO-001 with its licence and offers the same version everywhere', async () => {
    const list = await call<{ catalogueVersion: string; total: number; items: Array<{ code: string; licence: unknown }> }>('GET', '/catalogue/items');
    expect(list.status).toBe(200);
    // DEMO-001 and the items later issues added to show their rules (DEMO-YJ: an original collected by EMS, issue #9).
    expect(list.body.total).toBe(7);
    expect(list.body.items.map((i) => i.code)).toContain('DEMO-YJ');
    expect(list.body.items[0]).toMatchObject({ code: 'DEMO-001', licence: { type: 'DEMO01', name: '示范许可证' } });
    const item = await call<{ catalogueVersion: string; item: { materials: Array<{ code: string; situational: boolean }> } }>('GET', '/catalogue/items/DEMO-001');
    expect(item.body.catalogueVersion).toBe(list.body.catalogueVersion);
    expect(item.body.item.materials).toEqual([expect.objectContaining({ code: 'ID-COPY', situational: false, licences: [] })]);
    const bundles = await call<{ bundles: unknown[] }>('GET', '/catalogue/bundles');
    expect(bundles.body.bundles).toEqual([]);
    const guide = await call<{ catalogueVersion: string; materials: Array<{ code: string }>; departments: string[] }>('POST', '/catalogue/guide', { body: { itemCode: 'DEMO-001' } });
    expect(guide.body).toMatchObject({ catalogueVersion: list.body.catalogueVersion, materials: [{ code: 'ID-COPY' }], departments: ['SCJGJ'] });
    expect(guide.headers.get('cache-control')).toBe('no-store');
  });

  it('refuses situation answers the demo item does not ask, and a draft naming both an item and a bundle', async () => {
    const token = await tokenFor(anApplicant());
    const extra = await call<{ errors: unknown[] }>('POST', '/applications', { token, body: { itemCode: 'DEMO-001', situationAnswers: { PREMISES: 'RENTED' } } });
    expect(extra.status).toBe(400);
    expect(extra.body.errors).toEqual([{ field: 'situationAnswers.PREMISES', message: 'no such question' }]);
    const both = await call<{ errors: unknown[] }>('POST', '/applications', { token, body: { itemCode: 'DEMO-001', bundleCode: 'X' } });
    expect(both.body.errors).toEqual([{ field: 'itemCode', message: 'give either itemCode or bundleCode' }]);
    const bundle = await call<{ errors: unknown[] }>('POST', '/applications', { token, body: { bundleCode: 'NOPE' } });
    expect(bundle.body.errors).toEqual([{ field: 'bundleCode', message: 'unknown bundle' }]);
  });

  it('says who may apply, and refuses a draft from an applicant kind the item does not admit, naming both', async () => {
    const item = await call<{ item: { applicantKinds: string[] } }>('GET', '/catalogue/items/DEMO-QY');
    expect(item.body.item.applicantKinds).toEqual(['organisation']);
    const listed = await call<{ items: Array<{ code: string; applicantKinds: string[] }> }>('GET', '/catalogue/items');
    expect(listed.body.items.find((i) => i.code === 'DEMO-001')?.applicantKinds).toEqual(['person', 'organisation']);
    const guide = await call<{ applicantKinds: string[] }>('POST', '/catalogue/guide', { body: { itemCode: 'DEMO-QY' } });
    expect(guide.body.applicantKinds).toEqual(['organisation']);

    const person = await tokenFor(anApplicant());
    const refused = await call<{ detail: string; errors: Array<{ field: string; message: string }> }>('POST', '/applications', { token: person, body: { itemCode: 'DEMO-QY' } });
    expect(refused.status).toBe(403);
    expect(refused.headers.get('content-type')).toContain('application/problem+json');
    expect(refused.body.detail).toContain('DEMO-QY');
    expect(refused.body.errors).toEqual([{ field: 'applicant.kind', message: expect.stringContaining('organisation') as string }]);

    const company = await tokenFor({ name: '示范科技有限公司', uscc: '91320100MA1X7K2D0H', sub: `test-org-${Math.random().toString(36).slice(2, 10)}` });
    expect((await call('POST', '/applications', { token: company, body: { itemCode: 'DEMO-QY' } })).status).toBe(201);
  });
});
