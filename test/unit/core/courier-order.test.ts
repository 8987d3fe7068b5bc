import { describe, expect, it } from 'vitest';
import { applicantAddressOf, deliveryOrderOf, orderNoOf, originalsOf, parseOrderNo, serviceCentreOf } from '../../../functions/core/courier-order.ts';

const centre = { name: '政务服务中心', mobile: '13900139000', prov: '江苏省', city: '南京市', county: '建邺区', address: '江东中路265号' };

describe('courier orders', () => {
  it('numbers a case\'s pickup and delivery orders, and reads them back', () => {
    expect(orderNoOf('99-20260302-ABCDEFGHJK', 'pickup')).toBe('99-20260302-ABCDEFGHJK-P');
    expect(parseOrderNo('99-20260302-ABCDEFGHJK-D')).toEqual({ caseNo: '99-20260302-ABCDEFGHJK', kind: 'delivery' });
    expect(parseOrderNo('99-20260302-ABCDEFGHJK-X')).toBeUndefined();
  });

  it('lists the materials whose originals are required', () => {
    const materials = [
      { code: 'A', name: '申请书', originalRequired: false },
      { code: 'B', name: '产权证书', originalRequired: true },
    ];
    expect(originalsOf({ materials } as never)).toEqual([{ code: 'B', name: '产权证书' }]);
  });

  it("sends to the configured service centre, else the lead item's first department", () => {
    const requirement = { leadItem: 'I2', items: [{ code: 'I1', departments: ['X'] }, { code: 'I2', departments: ['Y', 'Z'] }], departments: ['X', 'Y', 'Z'] } as never;
    expect(serviceCentreOf(undefined, requirement)).toBe('Y');
    expect(serviceCentreOf('ZWFW', requirement)).toBe('ZWFW');
  });

  it("takes the applicant's address from the EMS delivery choice only", () => {
    expect(applicantAddressOf({ delivery: { method: 'online' } })).toBeUndefined();
    const address = { recipient: '张三', mobile: '13800138000', province: '江苏省', city: '南京市', county: '玄武区', detail: '北京东路41号' };
    expect(applicantAddressOf({ delivery: { method: 'ems', address } })).toEqual({ name: '张三', mobile: '13800138000', prov: '江苏省', city: '南京市', county: '玄武区', address: '北京东路41号' });
  });

  it('posts the licence from the service centre to the applicant', () => {
    const to = { ...centre, name: '张三' };
    expect(deliveryOrderOf({ caseNo: '99-20260302-ABCDEFGHJK', to, serviceCentre: centre, licenceId: 'DEMO01-1' })).toEqual({
      orderNo: '99-20260302-ABCDEFGHJK-D',
      kind: 'delivery',
      sender: centre,
      receiver: to,
      cargo: { name: '行政许可证件 DEMO01-1', quantity: 1 },
    });
  });
});
