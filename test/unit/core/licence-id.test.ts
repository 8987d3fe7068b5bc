import { describe, expect, it } from 'vitest';
import {
  hasValidMod37_36Check,
  LICENCE_ARC,
  licenceId,
  licenceIdSchema,
  mod37_36Check,
  parseLicenceId,
} from '../../../functions/core/licence-id.ts';

const ALPHABET = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ';
// A valid 统一社会信用代码 of a government body (registration authority 1, category 1), sample only.
const ISSUER = '11990000000000019A';

describe('ISO/IEC 7064 MOD 37,36', () => {
  // Worked by hand from the hybrid-system definition (values 0-9 → 0-9, A-Z → 10-35; p₀ = 36;
  // s = (p + v) mod 36 with 0 read as 36; p = 2s mod 37; check c with (p + c) mod 36 = 1):
  //   "A":  s = (36+10) mod 36 = 10, p = 20 mod 37 = 20, c = 37-20 = 17 → H
  //   "0":  s = 36 (0 read as 36),   p = 72 mod 37 = 35, c = 37-35 = 2  → 2
  //   "Z":  s = (36+35) mod 36 = 35, p = 70 mod 37 = 33, c = 37-33 = 4  → 4
  //   "A1": after A p = 20; s = 21, p = 42 mod 37 = 5,  c = 37-5 = 32   → W
  it.each([
    ['A', 'H'],
    ['0', '2'],
    ['Z', '4'],
    ['A1', 'W'],
  ])('gives %s the check character %s (worked by hand)', (data, check) => {
    expect(mod37_36Check(data)).toBe(check);
    expect(hasValidMod37_36Check(`${data}${check}`)).toBe(true);
  });

  // ISO 15706 (ISAN) uses the same MOD 37,36 check characters; its published sample number
  // ISAN 0000-0000-D07A-0090-Q-0000-0000-X has check Q over the root and episode, and X over
  // root, episode and version (without Q).
  it('agrees with the check characters of the ISAN sample number', () => {
    expect(mod37_36Check('00000000D07A0090')).toBe('Q');
    expect(mod37_36Check('00000000D07A009000000000')).toBe('X');
  });

  it('refuses characters outside 0-9 A-Z', () => {
    expect(() => mod37_36Check('ab')).toThrow(RangeError);
    expect(hasValidMod37_36Check('a')).toBe(false);
  });

  // Property: a hybrid system detects every single substitution. Checked for every position and
  // every other character of a few hundred pseudo-random strings (deterministic, so a failure
  // reproduces), with the original check character kept.
  it('detects every single-character substitution', () => {
    let seed = 20261123;
    const next = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    for (let n = 0; n < 200; n++) {
      const length = 1 + Math.floor(next() * 40);
      const data = Array.from({ length }, () => ALPHABET[Math.floor(next() * 36)]).join('');
      const check = mod37_36Check(data);
      for (let i = 0; i < data.length; i++) {
        for (const other of ALPHABET) {
          if (other === data[i]) continue;
          const changed = `${data.slice(0, i)}${other}${data.slice(i + 1)}`;
          expect(mod37_36Check(changed), `${data} → ${changed}`).not.toBe(check);
        }
      }
      // ...and a substituted check character.
      for (const other of ALPHABET) if (other !== check) expect(hasValidMod37_36Check(`${data}${other}`)).toBe(false);
    }
  });
});

describe('GB/T 36904 licence identifiers', () => {
  it('builds arc, type, issuer, padded serial, version and the check over the fields without dots', () => {
    const id = licenceId({ typeCode: 'DEMO01', issuerUscc: ISSUER, serial: 1 });
    const fields = `DEMO01${ISSUER}0000000101`;
    expect(id).toBe(`${LICENCE_ARC}.DEMO01.${ISSUER}.00000001.01.${mod37_36Check(fields)}`);
    expect(parseLicenceId(id)).toEqual({ ok: true, parts: { typeCode: 'DEMO01', issuerUscc: ISSUER, serial: 1, version: 1 } });
    expect(licenceIdSchema.safeParse(id).success).toBe(true);
  });

  it('refuses an identifier with any one field character changed', () => {
    const id = licenceId({ typeCode: 'YYZZ', issuerUscc: ISSUER, serial: 4711, version: 2 });
    const fieldPositions = Array.from(id, (_, i) => i).filter((i) => i > LICENCE_ARC.length && id[i] !== '.');
    for (const i of fieldPositions) {
      const replacement = id[i] === '7' ? '8' : '7';
      const changed = `${id.slice(0, i)}${replacement}${id.slice(i + 1)}`;
      expect(parseLicenceId(changed).ok, changed).toBe(false);
    }
  });

  it('names what is wrong', () => {
    expect(parseLicenceId('DEMO01-99-20261123-ABCDEFGHJK')).toMatchObject({ ok: false, reason: expect.stringContaining('not of the form') as string });
    const id = licenceId({ typeCode: 'DEMO01', issuerUscc: ISSUER, serial: 9 });
    const wrongCheck = `${id.slice(0, -1)}${id.endsWith('A') ? 'B' : 'A'}`;
    expect(parseLicenceId(wrongCheck)).toMatchObject({ ok: false, reason: expect.stringContaining('MOD 37,36') as string });
    expect(licenceIdSchema.safeParse(wrongCheck).success).toBe(false);
  });

  it('refuses parts no identifier can carry', () => {
    expect(() => licenceId({ typeCode: 'demo', issuerUscc: ISSUER, serial: 1 })).toThrow(RangeError);
    expect(() => licenceId({ typeCode: 'DEMO01', issuerUscc: '11990000000000019B', serial: 1 })).toThrow(/credit code/);
    expect(() => licenceId({ typeCode: 'DEMO01', issuerUscc: ISSUER, serial: 0 })).toThrow(RangeError);
  });
});
