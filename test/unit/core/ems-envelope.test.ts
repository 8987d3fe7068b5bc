import { createCipheriv } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  EmsEnvelopeInvalid,
  emsTimestamp,
  parseEmsTimestamp,
  requestForm,
  seal,
  sealJson,
  unseal,
  unsealJson,
  trackingEventSchema,
} from '../../../functions/core/ems-envelope.ts';

const signKey = Buffer.from('0123456789abcdeffedcba9876543210', 'hex').toString('base64');

describe('SM4 as Node provides it', () => {
  it('matches the GB/T 32907 example (key = plaintext = 0123456789abcdeffedcba9876543210)', () => {
    const key = Buffer.from('0123456789abcdeffedcba9876543210', 'hex');
    const cipher = createCipheriv('sm4-ecb', key, null).setAutoPadding(false);
    expect(Buffer.concat([cipher.update(key), cipher.final()]).toString('hex')).toBe('681edf34d206965e86b3e94f536e4246');
  });
});

describe('the EMS envelope', () => {
  it('seals as "|$4|" + Base64(SM4-ECB(json + signKey)) and opens again', () => {
    const sealed = seal('{"waybillNo":"1100000000001"}', signKey);
    expect(sealed.startsWith('|$4|')).toBe(true);
    const key = Buffer.from(signKey, 'base64');
    const cipher = createCipheriv('sm4-ecb', key, null);
    const expected = Buffer.concat([cipher.update(`{"waybillNo":"1100000000001"}${signKey}`, 'utf8'), cipher.final()]).toString('base64');
    expect(sealed).toBe(`|$4|${expected}`);
    expect(unseal(sealed, signKey)).toBe('{"waybillNo":"1100000000001"}');
  });

  it('keeps Chinese text intact', () => {
    expect(unsealJson(sealJson({ opName: '妥投', opDesc: '本人签收' }, signKey), signKey, trackingEventSchema.pick({ opName: true, opDesc: true }))).toEqual({
      opName: '妥投',
      opDesc: '本人签收',
    });
  });

  it.each([
    ['no prefix', (s: string) => s.slice(4)],
    ['not Base64', (s: string) => `${s.slice(0, 10)}!${s.slice(11)}`],
    ['a block swapped for another', (s: string) => `|$4|${Buffer.from(s.slice(4), 'base64').subarray(16).toString('base64')}`],
  ])('refuses an envelope with %s', (_, tamper) => {
    expect(() => unseal(tamper(seal('{"a":1}', signKey)), signKey)).toThrow(EmsEnvelopeInvalid);
  });

  it('refuses an envelope sealed with another key', () => {
    const other = Buffer.alloc(16, 7).toString('base64');
    expect(() => unseal(seal('{"a":1}', other), signKey)).toThrow(EmsEnvelopeInvalid);
  });

  it('refuses a payload that is not what the schema says', () => {
    expect(() => unsealJson(sealJson({ waybillNo: 'x' }, signKey), signKey, trackingEventSchema)).toThrow(EmsEnvelopeInvalid);
  });

  it('refuses a sign key that is not the Base64 of 16 bytes', () => {
    expect(() => seal('{}', 'c2hvcnQ=')).toThrow(EmsEnvelopeInvalid);
  });
});

describe('EMS timestamps (Beijing time)', () => {
  it('writes and reads "YYYY-MM-DD HH:mm:ss" at UTC+8', () => {
    expect(emsTimestamp(new Date('2026-12-31T16:30:05Z'))).toBe('2027-01-01 00:30:05');
    expect(parseEmsTimestamp('2027-01-01 00:30:05')?.toISOString()).toBe('2026-12-31T16:30:05.000Z');
  });

  it.each(['2026-02-30 10:00:00', '2026-1-1 10:00:00', '2026-01-01T10:00:00', ''])('refuses %j', (text) => {
    expect(parseEmsTimestamp(text)).toBeUndefined();
  });
});

describe('a request form', () => {
  it('carries the public parameters and the sealed payload', () => {
    const form = requestForm({ apiCode: '040001', payload: { waybillNo: '1100000000001' }, credentials: { senderNo: 'S1', authorization: 'A1', signKey }, at: new Date('2026-03-02T01:02:03Z') });
    expect(Object.fromEntries(form)).toEqual({
      apiCode: '040001',
      senderNo: 'S1',
      authorization: 'A1',
      timeStamp: '2026-03-02 09:02:03',
      msgType: '0',
      version: 'V1.0.0',
      logitcsInterface: sealJson({ waybillNo: '1100000000001' }, signKey),
    });
  });
});
