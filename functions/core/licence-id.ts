// E-licence identifiers (电子证照标识), GB/T 36904-2018:
//   1.2.156.3005.2.<licence type code>.<issuer USCC>.<serial>.<version>.<check>
// `1.2.156.3005.2` is the OID arc the standard assigns to e-licences (1.2.156: China, ISO member
// body). The check character is ISO/IEC 7064 MOD 37,36 over every field after the arc, written
// without the dots. The widths of serial and version are this platform's choice (the standard
// leaves them to the issuing system): a serial of at least 8 digits, unique per type and issuer
// (functions/adapters/licences.ts keeps a counter), and a 2-digit version, 01 for a first issue.
import * as z from 'zod';
import { isValidUscc } from './identity.ts';

export const LICENCE_ARC = '1.2.156.3005.2';

// ISO/IEC 7064, alphanumeric hybrid system MOD 37,36: characters 0-9 A-Z carry the values 0-35.
const ALPHABET = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ';
const M = 36;

/**
 * The ISO/IEC 7064 MOD 37,36 check character of `data` (characters 0-9 A-Z only). The hybrid
 * system: p starts at M; for each character s = (p + value) mod M, with 0 read as M, then
 * p = 2s mod (M + 1); the check c makes (p + c) mod M = 1. It detects every single substitution
 * and every transposition of adjacent characters.
 */
export const mod37_36Check = (data: string): string => {
  let p = M;
  for (const char of data) {
    const value = ALPHABET.indexOf(char);
    if (value < 0) throw new RangeError(`ISO 7064 MOD 37,36 takes 0-9 and A-Z only, not "${char}"`);
    const s = (p + value) % M || M;
    p = (2 * s) % (M + 1);
  }
  return ALPHABET[(M + 1 - p) % M] as string;
};

/** True when the last character of `dataWithCheck` is the MOD 37,36 check of the rest. */
export const hasValidMod37_36Check = (dataWithCheck: string): boolean => {
  if (dataWithCheck.length < 2 || !/^[0-9A-Z]+$/.test(dataWithCheck)) return false;
  return mod37_36Check(dataWithCheck.slice(0, -1)) === dataWithCheck.slice(-1);
};

export interface LicenceIdParts {
  /** The catalogue's licence type code (functions/core/catalogue.ts licenceTypeCodeSchema). */
  readonly typeCode: string;
  /** 统一社会信用代码 of the issuing department (GB 32100). */
  readonly issuerUscc: string;
  readonly serial: number;
  /** @default 1 */
  readonly version?: number;
}

const TYPE = /^[0-9A-Z]{1,16}$/;
export const SERIAL_DIGITS = 8;

/** Builds the identifier; throws on parts no valid identifier can carry (a bug, not input). */
export const licenceId = ({ typeCode, issuerUscc, serial, version = 1 }: LicenceIdParts): string => {
  if (!TYPE.test(typeCode)) throw new RangeError('a licence type code is 1-16 of 0-9 A-Z');
  if (!isValidUscc(issuerUscc)) throw new RangeError('the issuer needs a valid unified social credit code');
  if (!Number.isSafeInteger(serial) || serial < 1) throw new RangeError('a serial is a positive integer');
  if (!Number.isInteger(version) || version < 1 || version > 99) throw new RangeError('a version is 1-99');
  const fields = [typeCode, issuerUscc.toUpperCase(), String(serial).padStart(SERIAL_DIGITS, '0'), String(version).padStart(2, '0')];
  return `${LICENCE_ARC}.${fields.join('.')}.${mod37_36Check(fields.join(''))}`;
};

const ID = new RegExp(`^${LICENCE_ARC.replaceAll('.', '\\.')}\\.([0-9A-Z]{1,16})\\.([0-9A-Z]{18})\\.(\\d{${SERIAL_DIGITS},15})\\.(\\d{2})\\.([0-9A-Z])$`);

export type ParsedLicenceId = { readonly ok: true; readonly parts: Required<LicenceIdParts> } | { readonly ok: false; readonly reason: string };

/** Splits an identifier into its fields, checking shape, the issuer's USCC and the check character. */
export const parseLicenceId = (id: string): ParsedLicenceId => {
  const match = ID.exec(id);
  if (!match) return { ok: false, reason: `not of the form ${LICENCE_ARC}.<type>.<issuer USCC>.<serial>.<version>.<check>` };
  const [, typeCode, issuerUscc, serial, version, check] = match as unknown as [string, string, string, string, string, string];
  if (!isValidUscc(issuerUscc)) return { ok: false, reason: 'the issuer is not a valid unified social credit code' };
  if (mod37_36Check(`${typeCode}${issuerUscc}${serial}${version}`) !== check) {
    return { ok: false, reason: 'the check character is wrong (ISO/IEC 7064 MOD 37,36)' };
  }
  return { ok: true, parts: { typeCode, issuerUscc, serial: Number(serial), version: Number(version) } };
};

export const isValidLicenceId = (id: string): boolean => parseLicenceId(id).ok;

/** A licence id in a path or body: shape and check character, so a typo is a 400, not a lookup. */
export const licenceIdSchema = z
  .string()
  .max(80)
  .refine(isValidLicenceId, 'not a licence identifier (GB/T 36904, with a valid check character)')
  .describe('GB/T 36904 e-licence identifier, e.g. 1.2.156.3005.2.DEMO01.11990000MB0000001X.00000001.01.K');
