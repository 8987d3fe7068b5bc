import { describe, expect, it } from 'vitest';
import { applicantFromClaims } from '../../../functions/core/applicant.ts';
import { Unauthenticated } from '../../../functions/core/errors.ts';
import {
  isValidResidentId,
  isValidUscc,
  parseResidentId,
  parseUscc,
  type ResidentIdResult,
  type UsccResult,
} from '../../../functions/core/identity.ts';
import { aResidentId } from '../../support/identities.ts';

// Generators written from the algorithms' definitions, not copied from identity.ts, so that a wrong
// weight table or check mapping there cannot agree with them by construction.

/** ISO 7064 MOD 11-2: weights 2^(17-i) mod 11 (i from 0); the check c makes (sum + c) mod 11 = 1. */
const residentCheck = (body17: string): string => {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(body17[i]) * (2 ** (17 - i) % 11);
  const c = (12 - (sum % 11)) % 11;
  return c === 10 ? 'X' : String(c);
};
const residentId = (division: string, birth: string, seq = '123'): string => `${division}${birth}${seq}${residentCheck(`${division}${birth}${seq}`)}`;

/** GB 11714: 0-9 A-Z read as base-36 digits, weights 2^(8-i) mod 11 (i from 0), check 11 - sum mod 11. */
const organisationCheck = (body8: string): string => {
  let sum = 0;
  for (let i = 0; i < 8; i++) sum += parseInt(body8[i] as string, 36) * (2 ** (8 - i) % 11);
  const c = (11 - (sum % 11)) % 11;
  return c === 10 ? 'X' : String(c);
};

const USCC_CHARS = '0123456789ABCDEFGHJKLMNPQRTUWXY';
/** GB 32100: values are positions in the 31-character alphabet, weights 3^i mod 31, check 31 - sum mod 31. */
const usccCheck = (first17: string): string => {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += USCC_CHARS.indexOf(first17[i] as string) * (3 ** i % 31);
  return USCC_CHARS[(31 - (sum % 31)) % 31] as string;
};
/** A USCC from its parts; the organisation check is computed unless given, the final check always. */
const uscc = (authority: string, category: string, division: string, orgBody: string, orgCheck = organisationCheck(orgBody)): string => {
  const first17 = `${authority}${category}${division}${orgBody}${orgCheck}`;
  return `${first17}${usccCheck(first17)}`;
};

// A seeded generator so a failure is reproducible.
const lcg = (seed: number) => () => {
  seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
  return seed / 2 ** 31;
};
const pick = <T,>(rnd: () => number, items: readonly T[]): T => items[Math.floor(rnd() * items.length)] as T;

const reasonOf = (result: ResidentIdResult | UsccResult): string => (result.ok ? '(accepted)' : result.reason);

const TODAY = new Date('2026-06-15T04:00:00Z'); // 12:00 in Shanghai
const PROVINCES = '11 12 13 14 15 21 22 23 31 32 33 34 35 36 37 41 42 43 44 45 46 50 51 52 53 54 61 62 63 64 65 71 81 82'.split(' ');

describe('resident identity numbers (GB 11643-1999)', () => {
  it('accepts the example from GB 11643 and returns its parts', () => {
    // 1 1 0 1 0 5 1 9 4 9 1 2 3 1 0 0 2 × 7 9 10 5 8 4 2 1 6 3 7 9 10 5 8 4 2
    // = 7+9+0+5+0+20+2+9+24+27+7+18+30+5+0+0+4 = 167; 167 mod 11 = 2; '10X98765432'[2] = 'X'.
    expect(parseResidentId('11010519491231002X', TODAY)).toEqual({
      ok: true,
      value: '11010519491231002X',
      birthDate: '1949-12-31',
      divisionCode: '110105',
    });
    // 1 1 0 1 0 1 1 9 9 0 0 3 0 7 4 5 1 × the same weights
    // = 7+9+0+5+0+4+2+9+54+0+0+27+0+35+32+20+2 = 206; 206 mod 11 = 8; '10X98765432'[8] = '4'.
    expect(parseResidentId('110101199003074514', TODAY)).toMatchObject({ ok: true, birthDate: '1990-03-07', divisionCode: '110101' });
  });

  it('accepts generated numbers from every province code and many birth dates', () => {
    const rnd = lcg(11643);
    for (let n = 0; n < 300; n++) {
      const division = `${pick(rnd, PROVINCES)}${String(Math.floor(rnd() * 10_000)).padStart(4, '0')}`;
      const year = 1900 + Math.floor(rnd() * 126);
      const month = 1 + Math.floor(rnd() * 12);
      const day = 1 + Math.floor(rnd() * 28);
      const birth = `${year}${String(month).padStart(2, '0')}${String(day).padStart(2, '0')}`;
      const id = residentId(division, birth, String(Math.floor(rnd() * 1000)).padStart(3, '0'));
      expect(parseResidentId(id, TODAY), id).toMatchObject({ ok: true, value: id, divisionCode: division });
    }
  });

  it('accepts a lowercase x and normalises it to X', () => {
    expect(parseResidentId('11010519491231002x', TODAY)).toMatchObject({ ok: true, value: '11010519491231002X' });
    expect(isValidResidentId('11010519491231002x', TODAY)).toBe(true);
  });

  it('rejects every check character but the right one', () => {
    const body = '11010519491231002';
    const wrong = [...'0123456789X'].filter((c) => c !== 'X');
    expect(wrong).toHaveLength(10);
    for (const c of wrong) expect(parseResidentId(`${body}${c}`, TODAY)).toMatchObject({ ok: false, problem: 'check-character' });
    expect(isValidResidentId('110105194912310021', TODAY)).toBe(false);
  });

  it('rejects birth dates that are not on the calendar, and accepts leap days that are', () => {
    for (const birth of ['20230230', '20230229', '19000229', '20231301', '20230000', '20230100', '20230431', '00000000']) {
      const id = residentId('320102', birth);
      expect(parseResidentId(id, TODAY), birth).toMatchObject({ ok: false, problem: 'date' });
    }
    for (const birth of ['20240229', '20000229', '19960229', '20231231', '20230131']) {
      expect(parseResidentId(residentId('320102', birth), TODAY), birth).toMatchObject({ ok: true });
    }
    expect(parseResidentId(residentId('320102', '20240229'), TODAY)).toMatchObject({ birthDate: '2024-02-29' });
  });

  it('rejects a birth date after today, taking today in Asia/Shanghai', () => {
    const future = parseResidentId(residentId('320102', '20260616'), TODAY);
    expect(future).toMatchObject({ ok: false, problem: 'date' });
    expect(reasonOf(future)).toMatch(/future/);
    expect(parseResidentId(residentId('320102', '20260615'), TODAY)).toMatchObject({ ok: true });
    // 16:00 UTC on the 15th is already the 16th in Shanghai.
    expect(parseResidentId(residentId('320102', '20260616'), new Date('2026-06-15T16:00:00Z'))).toMatchObject({ ok: true });
    expect(parseResidentId(residentId('320102', '20260616'), new Date('2026-06-15T15:59:59Z'))).toMatchObject({ ok: false, problem: 'date' });
  });

  it('rejects a birth date before 1900', () => {
    const early = parseResidentId(residentId('320102', '18991231'), TODAY);
    expect(early).toMatchObject({ ok: false, problem: 'date' });
    expect(reasonOf(early)).toMatch(/before 1900/);
    // GB 11643's own second example, born 1880: well-formed, but no longer a plausible applicant.
    expect(parseResidentId('440524188001010014', TODAY)).toMatchObject({ ok: false, problem: 'date' });
    expect(parseResidentId(residentId('320102', '19000101'), TODAY)).toMatchObject({ ok: true });
  });

  it('rejects a division code whose first two digits are not a province code', () => {
    for (const province of ['00', '10', '16', '20', '24', '30', '38', '40', '47', '55', '60', '66', '70', '72', '80', '83', '90', '99']) {
      const id = residentId(`${province}0101`, '19900307');
      expect(parseResidentId(id, TODAY), province).toMatchObject({ ok: false, problem: 'division' });
    }
  });

  it('rejects the wrong length, including 15-digit first-generation numbers', () => {
    for (const id of ['', '11010519491231002', '11010519491231002X0', '110105491231002']) {
      expect(parseResidentId(id, TODAY), id).toMatchObject({ ok: false, problem: 'length' });
    }
  });

  it('rejects characters other than digits and a final X', () => {
    for (const id of ['1101051949123100X2', '11010519491231002Y', 'A1010519491231002X', '11010519491231 02X', '１1010519491231002X', '11010519491231002Ｘ']) {
      expect(parseResidentId(id, TODAY), id).toMatchObject({ ok: false, problem: 'characters' });
    }
  });

  it('never repeats the number in its reason', () => {
    const id = '110105194912310021';
    const result = parseResidentId(id, TODAY);
    expect(result).toMatchObject({ ok: false, problem: 'check-character' });
    expect(reasonOf(result)).not.toContain(id.slice(0, 6));
    expect(reasonOf(parseUscc('91320100MA1X7K2D0J'))).not.toContain('MA1X7K2D');
  });

  it('accepts the numbers test/support/identities.ts makes for e2e tests', () => {
    for (let n = 0; n < 50; n++) {
      const id = aResidentId();
      const parsed = parseResidentId(id);
      expect(parsed, id).toMatchObject({ ok: true, value: id, divisionCode: '110101' });
      // The birth date is this worker's (test/support/identities.ts), 1960 onwards.
      expect(parsed.ok && parsed.birthDate, id).toMatch(/^(19[6-9]\d|20[0-4]\d)-\d{2}-\d{2}$/);
    }
  });
});

describe('unified social credit codes (GB 32100-2015)', () => {
  it('accepts a hand-checked code and returns its parts', () => {
    // Organisation code body M A 1 X 7 K 2 D, base-36 values 22 10 1 33 7 20 2 13,
    // × 3 7 9 10 5 8 4 2 = 66+70+9+330+35+160+8+26 = 704 = 64 × 11; 11 - 0 = 11 → '0'.
    // Code 9 1 3 2 0 1 0 0 M A 1 X 7 K 2 D 0, alphabet values 9 1 3 2 0 1 0 0 21 10 1 29 7 19 2 13 0
    // (no I, O, S, V, Z, so M=21, X=29, K=19 here), × 1 3 9 27 19 26 16 17 20 29 25 13 8 24 10 30 28
    // = 9+3+27+54+0+26+0+0+420+290+25+377+56+456+20+390+0 = 2153; 2153 mod 31 = 14; 31 - 14 = 17 → 'H'.
    expect(parseUscc('91320100MA1X7K2D0H')).toEqual({
      ok: true,
      value: '91320100MA1X7K2D0H',
      registrationAuthority: '9',
      category: '1',
      divisionCode: '320100',
      organisationCode: 'MA1X7K2D0',
    });
    expect(uscc('9', '1', '320100', 'MA1X7K2D')).toBe('91320100MA1X7K2D0H'); // the generator agrees with the hand
  });

  it('accepts generated codes from every registration authority', () => {
    const rnd = lcg(32100);
    const bodyChars = [...USCC_CHARS];
    const seenOrgChecks = new Set<string>();
    const seenChecks = new Set<string>();
    for (let n = 0; n < 2000; n++) {
      const authority = pick(rnd, [...'123456789ANY']);
      const division = String(Math.floor(rnd() * 1_000_000)).padStart(6, '0');
      const body = Array.from({ length: 8 }, () => pick(rnd, bodyChars)).join('');
      const code = uscc(authority, pick(rnd, [...'1239']), division, body);
      const result = parseUscc(code);
      expect(result, code).toMatchObject({ ok: true, value: code, registrationAuthority: authority, divisionCode: division });
      seenOrgChecks.add(code.charAt(16));
      seenChecks.add(code.charAt(17));
    }
    // Every organisation check (0-9, X) and every final check value came up, including 31 → 0.
    expect(seenOrgChecks.size).toBe(11);
    expect(seenChecks.size).toBe(31);
  });

  it('accepts lowercase and normalises it to uppercase', () => {
    expect(parseUscc('91320100ma1x7k2d0h')).toMatchObject({ ok: true, value: '91320100MA1X7K2D0H', organisationCode: 'MA1X7K2D0' });
    expect(isValidUscc('91320100Ma1x7K2d0h')).toBe(true);
  });

  it('rejects every final check character but the right one', () => {
    for (const c of USCC_CHARS.replace('H', '')) {
      expect(parseUscc(`91320100MA1X7K2D0${c}`), c).toMatchObject({ ok: false, problem: 'check-character' });
    }
    expect(isValidUscc('91320100MA1X7K2D0J')).toBe(false);
  });

  it('rejects I, O, S, V and Z anywhere, in either case', () => {
    const valid = '91320100MA1X7K2D0H';
    for (const letter of ['I', 'O', 'S', 'V', 'Z', 'i', 'o', 's', 'v', 'z']) {
      for (const at of [0, 1, 8, 12, 17]) {
        const code = `${valid.slice(0, at)}${letter}${valid.slice(at + 1)}`;
        expect(parseUscc(code), code).toMatchObject({ ok: false, problem: 'characters' });
      }
    }
    // Non-ASCII letters that uppercase to ASCII ones (ſ → S, ı → I) are not let in by normalising.
    expect(parseUscc('91320100MA1X7K2D0ſ')).toMatchObject({ ok: false, problem: 'characters' });
    expect(parseUscc('91320100MA1X7K2Dı0')).toMatchObject({ ok: false, problem: 'characters' });
  });

  it('rejects a code whose embedded organisation code has the wrong check character', () => {
    // The final check is recomputed so that only the organisation code's own check is wrong.
    for (const wrong of [...'123456789X']) {
      const code = uscc('9', '1', '320100', 'MA1X7K2D', wrong);
      expect(parseUscc(code), code).toMatchObject({ ok: false, problem: 'organisation-code' });
    }
  });

  it('rejects an unknown registration authority code', () => {
    for (const authority of [...'0BCDEFGHJKLMPQRTUWX']) {
      const code = uscc(authority, '1', '320100', 'MA1X7K2D');
      expect(parseUscc(code), code).toMatchObject({ ok: false, problem: 'registration-authority' });
    }
  });

  it('rejects a division code that is not 6 digits', () => {
    const code = uscc('9', '1', '32A100', 'MA1X7K2D');
    expect(parseUscc(code)).toMatchObject({ ok: false, problem: 'division' });
  });

  it('rejects the wrong length', () => {
    for (const code of ['', '91320100MA1X7K2D0', '91320100MA1X7K2D0H1', 'MA1X7K2D0']) {
      expect(parseUscc(code), code).toMatchObject({ ok: false, problem: 'length' });
    }
  });
});

describe('identity codes in applicant claims', () => {
  const person = (residentIdClaim: string) => ({ sub: 's-1', name: '张三', resident_id: residentIdClaim });
  const organisation = (usccClaim: string) => ({ sub: 's-2', name: '某某有限公司', uscc: usccClaim });

  it('keeps the normalised code as the applicant identity', () => {
    expect(applicantFromClaims(person('11010519491231002x'), TODAY)).toMatchObject({ kind: 'person', identity: '11010519491231002X' });
    expect(applicantFromClaims(organisation('91320100ma1x7k2d0h'), TODAY)).toMatchObject({ kind: 'organisation', identity: '91320100MA1X7K2D0H' });
  });

  it('refuses a token whose resident id or USCC does not validate', () => {
    expect(() => applicantFromClaims(person('110105194912310021'), TODAY)).toThrow(Unauthenticated);
    expect(() => applicantFromClaims(person(residentId('320102', '20260616')), TODAY)).toThrow(/resident_id is invalid: .*future/);
    expect(() => applicantFromClaims(organisation('91320100MA1X7K2D0J'), TODAY)).toThrow(Unauthenticated);
    expect(() => applicantFromClaims(organisation(uscc('9', '1', '320100', 'MA1X7K2D', '1')), TODAY)).toThrow(/uscc is invalid: .*organisation code/);
  });
});
