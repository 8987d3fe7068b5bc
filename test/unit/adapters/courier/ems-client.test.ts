// The EMS client against a fake open platform written from the description
// (test/support/fake-ems.ts): what it seals the fake can open, what the fake answers it reads, and a
// retCode other than 00000 is a named error the workflow does not retry.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CourierRejected } from '../../../../functions/adapters/courier/courier.ts';
import { emsClient } from '../../../../functions/adapters/courier/ems-client.ts';
import { pickupOrderOf } from '../../../../functions/core/courier-order.ts';
import { TransientError } from '../../../../functions/core/errors.ts';
import { aSignKey, startFakeEms, type FakeEms } from '../../../support/fake-ems.ts';

const credentials = { senderNo: '1100012345678', authorization: 'auth-test-0001', signKey: aSignKey(), userCode: 'NMA99' };
const at = new Date('2026-03-02T01:02:03Z');

const order = pickupOrderOf({
  caseNo: '99-20260302-ABCDEFGHJK',
  from: { name: '张三', mobile: '13800138000', prov: '江苏省', city: '南京市', county: '玄武区', address: '北京东路41号' },
  serviceCentre: { name: '示范市政务服务中心', mobile: '13900139000', prov: '江苏省', city: '南京市', county: '建邺区', address: '江东中路265号' },
  originals: [{ name: '资质证书' }],
});

let fake: FakeEms;
beforeAll(async () => {
  fake = await startFakeEms(credentials);
});
afterAll(() => fake.stop());

describe('the EMS client against a fake open platform', () => {
  it('creates an order: the fake opens the sealed payload and gets the order as sent, the client reads the waybill', async () => {
    const client = emsClient({ endpoint: fake.url, credentials, now: () => at });
    const { waybillNo } = await client.createOrder(order);
    expect(waybillNo).toMatch(/^9\d{12}$/);
    const call = fake.calls.at(-1);
    expect(call?.error).toBeUndefined();
    expect(call?.form).toMatchObject({
      apiCode: '020003',
      senderNo: credentials.senderNo,
      authorization: credentials.authorization,
      userCode: 'NMA99',
      msgType: '0',
      version: 'V1.0.0',
      // Beijing time, as the platform writes instants.
      timeStamp: '2026-03-02 09:02:03',
    });
    expect(call?.form.logitcsInterface).toMatch(/^\|\$4\|[A-Za-z0-9+/]+={0,2}$/);
    expect(call?.payload).toEqual({
      logisticsOrderNo: '99-20260302-ABCDEFGHJK-P',
      createdTime: '2026-03-02 09:02:03',
      senderNo: credentials.senderNo,
      sender: order.sender,
      receiver: order.receiver,
      cargos: [{ cargoName: order.cargo.name, cargoQuantity: 1 }],
    });
    // The same order number again is the same parcel.
    expect((await client.createOrder(order)).waybillNo).toBe(waybillNo);
  });

  it('reads a label URL and the tracking events of a waybill', async () => {
    const client = emsClient({ endpoint: fake.url, credentials });
    expect(await client.label('9000000000042')).toEqual({ url: 'https://label.example/9000000000042.pdf' });
    const events: Array<Record<string, string>> = [
      { waybillNo: '9000000000042', opCode: '203', opName: '收寄', opTime: '2026-03-02 10:00:00' },
      { waybillNo: '9000000000042', opCode: '704', opName: '妥投', opDesc: '本人签收', opTime: '2026-03-03 15:30:00' },
    ];
    fake.setTraces('9000000000042', events);
    expect(await client.track('9000000000042')).toEqual(events);
    expect(fake.calls.at(-1)?.payload).toEqual({ waybillNo: '9000000000042' });
  });

  it('rejects a reply with a bad retCode as CourierRejected, naming the code', async () => {
    const client = emsClient({ endpoint: fake.url, credentials });
    fake.failNext('B00099', '收件人地址超出服务范围');
    const error = await client.createOrder(order).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CourierRejected);
    expect(error).toMatchObject({ name: 'CourierRejected', retCode: 'B00099', apiCode: '020003' });
    expect((error as Error).message).toContain('收件人地址超出服务范围');
  });

  it('is refused by the fake when sealed with another key (the check can fail)', async () => {
    const client = emsClient({ endpoint: fake.url, credentials: { ...credentials, signKey: aSignKey() } });
    await expect(client.createOrder(order)).rejects.toMatchObject({ name: 'CourierRejected', retCode: 'B00004' });
    expect(fake.calls.at(-1)?.error).toMatch(/decrypt|sign key/);
  });

  it('names an unreachable platform a TransientError, which the workflow retries', async () => {
    const client = emsClient({ endpoint: 'http://127.0.0.1:9/amp/api/open', credentials, timeoutMs: 1000 });
    await expect(client.track('9000000000042')).rejects.toBeInstanceOf(TransientError);
  });
});
