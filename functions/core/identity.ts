// Identity codes an applicant's token may carry: the resident identity number (居民身份证号,
// GB 11643-1999) and the unified social credit code (统一社会信用代码, GB 32100-2015). Both are
// checked here, once, so a mistyped or forged number is refused before it reaches a case.
// Reasons never echo the input: an identity number must not reach a log line in clear (see mask.ts).
import { shanghaiDay } from './case-number.ts';

/** What is wrong with a rejected code, in the order the checks run. */
export type IdentityProblem = 'length' | 'characters' | 'division' | 'date' | 'registration-authority' | 'organisation-code' | 'check-character';

export interface IdentityRejected {
  readonly ok: false;
  readonly problem: IdentityProblem;
  /** English, names what is wrong; safe to show and to log (never contains the input). */
  readonly reason: string;
}

export interface ResidentIdParts {
  readonly ok: true;
  /** Normalised: a lowercase check character `x` becomes `X`. */
  readonly value: string;
  /** `YYYY-MM-DD`. */
  readonly birthDate: string;
  /** Positions 1-6: the administrative division (GB/T 2260) where the number was first issued. */
  readonly divisionCode: string;
}

export interface UsccParts {
  readonly ok: true;
  /** Normalised to uppercase. */
  readonly value: string;
  /** Position 1: 登记管理部门码 (e.g. 1 机构编制, 5 民政, 9 工商, Y 其他). */
  readonly registrationAuthority: string;
  /** Position 2: 机构类别码, meaningful per registration authority. */
  readonly category: string;
  /** Positions 3-8: 登记管理机关行政区划码 (GB/T 2260; 100000 for national registrations). */
  readonly divisionCode: string;
  /** Positions 9-17: 主体标识码, the GB 11714 organisation code including its own check character. */
  readonly organisationCode: string;
}

export type ResidentIdResult = ResidentIdParts | IdentityRejected;
export type UsccResult = UsccParts | IdentityRejected;

const reject = (problem: IdentityProblem, reason: string): IdentityRejected => ({ ok: false, problem, reason });

// ---------------------------------------------------------------------------------------------
// 居民身份证号, GB 11643-1999: 6-digit address code, 8-digit birth date, 3-digit sequence, check.
// ---------------------------------------------------------------------------------------------

// GB 11643-1999, ISO 7064 MOD 11-2: the weight of position i (1-based) is 2^(18-i) mod 11.
const RESIDENT_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2] as const;
// Check character indexed by (weighted sum mod 11): the value c with (sum + c) mod 11 = 1, X for 10.
const RESIDENT_CHECK = '10X98765432';

// Province-level codes of GB/T 2260 (the first two digits of the address code). Only the shape is
// checked, not the full county list: GB/T 2260 is amended every year as counties merge and split,
// and a number keeps the code it was issued under, so a retired county code is still a valid
// number. 71 (Taiwan), 81 (Hong Kong) and 82 (Macao) are GB/T 2260 province codes; 81/82 also
// prefix the numbers on residence permits for Hong Kong and Macao residents. 83 (residence permits
// for Taiwan residents) is not a GB/T 2260 code and is refused.
const PROVINCE_CODES: ReadonlySet<string> = new Set(
  '11 12 13 14 15 21 22 23 31 32 33 34 35 36 37 41 42 43 44 45 46 50 51 52 53 54 61 62 63 64 65 71 81 82'.split(' '),
);

// Our choice, not the standard's (its own example is born in 1880): an applicant alive today was
// born after 1900, so an earlier date is a typo.
const EARLIEST_BIRTH = '19000101';

// Gregorian rules, written out rather than via Date (which reads years 0-99 as 1900-1999).
const isCalendarDate = (year: number, month: number, day: number): boolean => {
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  const daysInMonth = month === 2 ? (leap ? 29 : 28) : [4, 6, 9, 11].includes(month) ? 30 : 31;
  return month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth;
};

/**
 * Parses a 居民身份证号 (GB 11643-1999). The birth date may not be after `today`'s calendar day in
 * Asia/Shanghai (Lambda runs in UTC; a baby born just after midnight in Beijing is not "future").
 */
export const parseResidentId = (input: string, today: Date = new Date()): ResidentIdResult => {
  if (input.length !== 18) return reject('length', 'a resident identity number has 18 characters');
  if (!/^\d{17}[\dXx]$/.test(input)) {
    return reject('characters', 'a resident identity number is 17 digits followed by a digit or X');
  }
  const value = input.toUpperCase();

  const divisionCode = value.slice(0, 6);
  if (!PROVINCE_CODES.has(divisionCode.slice(0, 2))) {
    return reject('division', 'the resident identity number does not start with a known province code (GB/T 2260)');
  }

  const birth = value.slice(6, 14);
  const year = Number(birth.slice(0, 4));
  const month = Number(birth.slice(4, 6));
  const day = Number(birth.slice(6, 8));
  if (!isCalendarDate(year, month, day)) {
    return reject('date', 'the birth date in the resident identity number is not a calendar date');
  }
  // YYYYMMDD strings of equal length compare as dates.
  if (birth < EARLIEST_BIRTH) return reject('date', 'the birth date in the resident identity number is before 1900');
  if (birth > shanghaiDay(today)) return reject('date', 'the birth date in the resident identity number is in the future');

  const sum = RESIDENT_WEIGHTS.reduce((acc, weight, i) => acc + Number(value[i]) * weight, 0);
  if (value[17] !== RESIDENT_CHECK[sum % 11]) {
    return reject('check-character', 'the check character of the resident identity number is wrong (ISO 7064 MOD 11-2)');
  }

  return { ok: true, value, birthDate: `${birth.slice(0, 4)}-${birth.slice(4, 6)}-${birth.slice(6, 8)}`, divisionCode };
};

export const isValidResidentId = (input: string, today: Date = new Date()): boolean => parseResidentId(input, today).ok;

// ---------------------------------------------------------------------------------------------
// 统一社会信用代码, GB 32100-2015: authority, category, division, GB 11714 organisation code, check.
// ---------------------------------------------------------------------------------------------

// GB 32100-2015: Arabic numerals and uppercase Latin letters without I, O, S, V, Z (easily
// confused with 1, 0, 5, U, 2). A character's value is its index here (A=10 … Y=30).
const USCC_ALPHABET = '0123456789ABCDEFGHJKLMNPQRTUWXY';
// GB 32100-2015: the weight of position i (1-based) is 3^(i-1) mod 31.
const USCC_WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28] as const;

// GB 32100-2015 Table 1 (登记管理部门码): 1 机构编制, 2 外交, 3 司法行政, 4 文化, 5 民政, 6 旅游,
// 7 宗教, 8 工会, 9 工商, A 中央军委改革和编制办公室, N 农业, Y 其他. The category in position 2 is not
// checked against the per-authority table: authorities add categories without amending the
// standard, and the two check characters already catch a mistyped category.
const REGISTRATION_AUTHORITIES = '123456789ANY';

// GB 11714-1997: the organisation code's 8 body characters (0-9 = 0-9, A-Z = 10-35) weighted
// 3 7 9 10 5 8 4 2 (2^(9-i) mod 11); check = 11 - (sum mod 11), written X for 10 and 0 for 11.
const ORGANISATION_WEIGHTS = [3, 7, 9, 10, 5, 8, 4, 2] as const;

const organisationBodyValue = (char: string): number => {
  const code = char.charCodeAt(0);
  return code >= 65 ? code - 55 : code - 48; // 'A' (65) → 10; '0' (48) → 0; input is already [0-9A-Z]
};

const organisationCheck = (body: string): string => {
  const sum = ORGANISATION_WEIGHTS.reduce((acc, weight, i) => acc + organisationBodyValue(body[i] ?? '0') * weight, 0);
  const check = 11 - (sum % 11);
  return check === 10 ? 'X' : check === 11 ? '0' : String(check);
};

/** Parses a 统一社会信用代码 (GB 32100-2015); lowercase is accepted and normalised to uppercase. */
export const parseUscc = (input: string): UsccResult => {
  if (input.length !== 18) return reject('length', 'a unified social credit code has 18 characters');
  // Checked before uppercasing: some non-ASCII letters uppercase to ASCII ones (ſ → S) or change length.
  if (!/^[0-9A-HJ-NPQRTUWXYa-hj-npqrtuwxy]{18}$/.test(input)) {
    return reject('characters', 'a unified social credit code uses only digits and letters other than I, O, S, V and Z');
  }
  const value = input.toUpperCase();

  const registrationAuthority = value.slice(0, 1);
  if (!REGISTRATION_AUTHORITIES.includes(registrationAuthority)) {
    return reject('registration-authority', 'the unified social credit code has an unknown registration authority code (position 1)');
  }
  const category = value.slice(1, 2);
  const divisionCode = value.slice(2, 8);
  if (!/^\d{6}$/.test(divisionCode)) {
    return reject('division', 'the division code of the unified social credit code (positions 3-8) is not 6 digits');
  }
  const organisationCode = value.slice(8, 17);
  if (organisationCode[8] !== organisationCheck(organisationCode.slice(0, 8))) {
    return reject('organisation-code', 'the check character of the embedded organisation code (position 17, GB 11714) is wrong');
  }

  const sum = USCC_WEIGHTS.reduce((acc, weight, i) => acc + USCC_ALPHABET.indexOf(value[i] ?? '') * weight, 0);
  const check = USCC_ALPHABET[(31 - (sum % 31)) % 31];
  if (value[17] !== check) {
    return reject('check-character', 'the check character of the unified social credit code (position 18, GB 32100) is wrong');
  }

  return { ok: true, value, registrationAuthority, category, divisionCode, organisationCode };
};

export const isValidUscc = (input: string): boolean => parseUscc(input).ok;
