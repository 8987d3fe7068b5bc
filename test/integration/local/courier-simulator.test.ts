// The local stack's simulated EMS on its own: the platform's EMS client places orders with it, and
// it pushes each parcel's tracking, sealed like EMS's 040002, to a webhook, on the clock it is given.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { emsClient } from '../../../functions/adapters/courier/ems-client.ts';
import { pickupOrderOf } from '../../../functions/core/courier-order.ts';
import { trackingEventSchema, trackingPushSchema, unsealJson, type TrackingEvent } from '../../../functions/core/ems-envelope.ts';
import { startCourierSimulator, type CourierSimulator } from '../../../infra/local/courier-simulator.ts';
import { eventually } from '../../support/api.ts';
import { aSignKey } from '../../support/fake-ems.ts';

const contract = { senderNo: '1100000000099', authorization: 'local-auth', signKey: aSignKey() };
const centre = { name: '政务服务中心', mobile: '13900139000', prov: '江苏省', city: '南京市', county: '建邺区', address: '江东中路265号' };
const applicant = { name: '张三', mobile: '13800138000', prov: '江苏省', city: '南京市', county: '玄武区', address: '北京东路41号' };
const orderFor = (caseNo: string) => pickupOrderOf({ caseNo, from: applicant, serviceCentre: centre, originals: [{ name: '资质证书' }] });

/** The platform's side: opens each push with the contract key, answers 00000 (after `refuse` refusals). */
const received: TrackingEvent[] = [];
let refuse = 0;
let webhook: Server;
let webhookUrl = '';
const clock = { offsetMs: 0 };
let manual: CourierSimulator;
let timed: CourierSimulator;

beforeAll(async () => {
  webhook = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const push = trackingPushSchema.parse(JSON.parse(Buffer.concat(chunks).toString('utf8')));
      const answer = (code: string) => res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ serialNo: push.serialNo, code, senderNo: contract.senderNo }));
      if (refuse > 0) {
        refuse -= 1;
        return answer('S00001');
      }
      received.push(unsealJson(push.logitcsInterface, contract.signKey, trackingEventSchema));
      answer('00000');
    });
  });
  await new Promise<void>((resolve) => webhook.listen(0, '127.0.0.1', () => resolve()));
  webhookUrl = `http://127.0.0.1:${(webhook.address() as AddressInfo).port}/courier/ems/tracking`;
  manual = await startCourierSimulator({ contract, webhookUrl: () => webhookUrl, stepMs: 0 });
  // One event an hour on a clock the test moves.
  timed = await startCourierSimulator({ contract, webhookUrl: () => webhookUrl, stepMs: 3_600_000, now: () => new Date(Date.now() + clock.offsetMs) });
});

afterAll(async () => {
  await manual.stop();
  await timed.stop();
  await new Promise<void>((resolve) => webhook.close(() => resolve()));
});

const eventsOf = (waybillNo: string) => received.filter((e) => e.waybillNo === waybillNo).map((e) => e.opCode);
const control = (sim: CourierSimulator, key: string, body?: unknown) => {
  const handler = sim.controls[key];
  if (!handler) throw new Error(`no control ${key}`);
  return handler({ body, query: new URLSearchParams() });
};

describe('the courier simulator', () => {
  it('takes an order from the EMS client, once per order number, and pushes its tracking sealed, in order, when advanced', async () => {
    const client = emsClient({ endpoint: manual.endpoint, credentials: contract });
    const { waybillNo } = await client.createOrder(orderFor('99-20260302-AAAAAAAAAA'));
    expect((await client.createOrder(orderFor('99-20260302-AAAAAAAAAA'))).waybillNo).toBe(waybillNo);
    expect(await client.label(waybillNo)).toEqual({ url: `${manual.url}/labels/${waybillNo}.pdf` });
    expect((await fetch(`${manual.url}/labels/${waybillNo}.pdf`)).headers.get('content-type')).toBe('application/pdf');

    expect(eventsOf(waybillNo)).toEqual([]); // stepMs 0: nothing moves on its own
    await control(manual, 'POST /_courier/advance', { waybillNo });
    expect(eventsOf(waybillNo)).toEqual(['203']);
    await control(manual, 'POST /_courier/advance', { waybillNo, all: true });
    expect(eventsOf(waybillNo)).toEqual(['203', '306', '702', '704']);
    expect((await client.track(waybillNo)).map((e) => e.opCode)).toEqual(['203', '306', '702', '704']);
    // Its journey is over: no failure can be scripted on it any more.
    expect((await control(manual, 'POST /_courier/fail', { waybillNo, outcome: 'lost' })).status).toBe(409);
  });

  it('changes the course of a parcel under way, and of the next order of a case by rule', async () => {
    const client = emsClient({ endpoint: manual.endpoint, credentials: contract });
    const { waybillNo } = await client.createOrder(orderFor('99-20260302-BBBBBBBBBB'));
    await control(manual, 'POST /_courier/advance', { waybillNo });
    expect((await control(manual, 'POST /_courier/fail', { waybillNo, outcome: 'refused' })).status).toBe(200);
    await control(manual, 'POST /_courier/advance', { waybillNo, all: true });
    expect(eventsOf(waybillNo)).toEqual(['203', '306', '702', '708']);

    expect((await control(manual, 'POST /_courier/fail', { caseNo: '99-20260302-CCCCCCCCCC', kind: 'pickup', outcome: 'lost' })).status).toBe(201);
    const next = await client.createOrder(orderFor('99-20260302-CCCCCCCCCC'));
    await control(manual, 'POST /_courier/advance', { waybillNo: next.waybillNo, all: true });
    expect(eventsOf(next.waybillNo)).toEqual(['203', '306', '751']);
    expect((await control(manual, 'POST /_courier/fail', { outcome: 'pigeon' })).status).toBe(400);
  });

  it('pushes again, as EMS does, until the platform answers 00000', async () => {
    const client = emsClient({ endpoint: manual.endpoint, credentials: contract });
    const { waybillNo } = await client.createOrder(orderFor('99-20260302-DDDDDDDDDD'));
    refuse = 2;
    await control(manual, 'POST /_courier/advance', { waybillNo });
    await eventually(() => Promise.resolve(eventsOf(waybillNo).length === 1 ? true : undefined), 10_000, 'the retried push');
    const order = manual.orders.find((o) => o.waybillNo === waybillNo);
    expect(order?.pushes.map((p) => p.answered)).toEqual(['S00001', 'S00001', '00000']);
  });

  it('moves parcels on the clock it is given: moving the clock moves them', async () => {
    const client = emsClient({ endpoint: timed.endpoint, credentials: contract });
    const { waybillNo } = await client.createOrder(orderFor('99-20260302-EEEEEEEEEE'));
    expect(eventsOf(waybillNo)).toEqual([]);
    clock.offsetMs += 3_600_000;
    await eventually(() => Promise.resolve(eventsOf(waybillNo).length === 1 ? true : undefined), 10_000, 'the first event an hour later');
    clock.offsetMs += 3 * 3_600_000;
    await eventually(() => Promise.resolve(eventsOf(waybillNo).length === 4 ? true : undefined), 10_000, 'the rest');
    expect(eventsOf(waybillNo)).toEqual(['203', '306', '702', '704']);
  });

  it('refuses an order under another contract', async () => {
    const client = emsClient({ endpoint: manual.endpoint, credentials: { ...contract, authorization: 'not-ours' } });
    await expect(client.createOrder(orderFor('99-20260302-FFFFFFFFFF'))).rejects.toMatchObject({ name: 'CourierRejected', retCode: 'B00002' });
  });
});
