import { describe, expect, it } from 'vitest';
import { trackingStateOf, trackingUpdate, type ParcelView, type TraceEntry } from '../../../functions/core/courier-tracking.ts';

const entry = (opCode: string, opTime: string, opName = 'x', opDesc?: string): TraceEntry => {
  const state = trackingStateOf(opCode);
  return { opCode, opName, opTime, ...(opDesc ? { opDesc } : {}), ...(state ? { state } : {}) };
};

const parcel = (over: Partial<ParcelView> = {}): ParcelView => ({ kind: 'delivery', waybillNo: '1100000000001', status: 'ordered', trace: [], exceptionOpen: false, ...over });

describe('EMS op codes', () => {
  it.each([
    ['203', 'picked-up'],
    ['306', 'in-transit'],
    ['702', 'out-for-delivery'],
    ['704', 'signed'],
    ['708', 'refused'],
    ['711', 'returned'],
    ['747', 'address-problem'],
    ['751', 'lost'],
    ['999', undefined],
  ])('%s is %s', (code, state) => {
    expect(trackingStateOf(code)).toBe(state);
  });
});

describe('a tracking event', () => {
  it('dispatches on 收寄 and delivers on 妥投, answering the wait only at the end', () => {
    const picked = trackingUpdate(parcel(), entry('203', '2026-03-02T02:00:00.000Z', '收寄'));
    expect(picked).toMatchObject({ status: 'picked-up', action: 'CourierDispatched', closeException: false });
    expect(picked?.settled).toBeUndefined();
    const signed = trackingUpdate(parcel({ status: 'out-for-delivery' }), entry('704', '2026-03-03T02:00:00.000Z', '妥投', '本人签收'));
    expect(signed).toMatchObject({ status: 'signed', action: 'CourierDelivered', settled: 'signed' });
    expect(signed?.summary).toBe('EMS 结果寄递（运单号 1100000000001）：已签收，本人签收');
  });

  it('says in the pickup timeline that the originals reached the service centre', () => {
    expect(trackingUpdate(parcel({ kind: 'pickup' }), entry('704', '2026-03-03T02:00:00.000Z'))?.summary).toBe('EMS 原件收取（运单号 1100000000001）：原件已送达政务服务中心');
  });

  it('opens an exception on a refusal and keeps waiting; a return ends the journey', () => {
    const refused = trackingUpdate(parcel({ status: 'out-for-delivery' }), entry('708', '2026-03-03T02:00:00.000Z'));
    expect(refused).toMatchObject({ status: 'refused', action: 'CourierException', exception: 'refused' });
    expect(refused?.settled).toBeUndefined();
    const returned = trackingUpdate(parcel({ status: 'refused', exceptionOpen: true }), entry('711', '2026-03-04T02:00:00.000Z'));
    expect(returned).toMatchObject({ status: 'returned', exception: 'returned', settled: 'returned' });
  });

  it('closes the exception when a parcel refused once is signed for after all', () => {
    expect(trackingUpdate(parcel({ status: 'address-problem', exceptionOpen: true }), entry('704', '2026-03-05T02:00:00.000Z'))).toMatchObject({
      settled: 'signed',
      closeException: true,
    });
  });

  it('records the same event once', () => {
    const first = entry('306', '2026-03-02T05:00:00.000Z');
    expect(trackingUpdate(parcel({ status: 'in-transit', trace: [first] }), first)).toBeUndefined();
  });

  it('obeys nothing after the journey ended: a late event is recorded and moves nothing', () => {
    const late = trackingUpdate(parcel({ status: 'signed' }), entry('711', '2026-03-06T02:00:00.000Z'));
    expect(late).toMatchObject({ status: 'signed', action: 'CourierTracking', closeException: false });
    expect(late?.settled).toBeUndefined();
    expect(late?.exception).toBeUndefined();
  });

  it('records an op code it does not know under the name EMS gave it, moving nothing', () => {
    expect(trackingUpdate(parcel({ status: 'in-transit' }), entry('389', '2026-03-02T06:00:00.000Z', '海关查验'))).toMatchObject({
      status: 'in-transit',
      action: 'CourierTracking',
      summary: 'EMS 结果寄递（运单号 1100000000001）：海关查验',
    });
  });
});
