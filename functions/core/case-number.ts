// Case numbers: `<province>-<yyyymmdd>-<random base32>`, the date in Asia/Shanghai (Lambda runs in UTC).
import { randomBytes } from 'node:crypto';

// Crockford base32: no I, L, O, U, so a number read over the phone is not misheard.
const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
const RANDOM_CHARS = 10; // 50 bits: collisions are negligible within one province-day

const shanghaiDate = new Intl.DateTimeFormat('en-CA', {
  timeZone: 'Asia/Shanghai',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
});

/** `2026-11-23T17:00:00Z` → `20261124` (01:00 the next day in Shanghai). */
export const shanghaiDay = (at: Date): string => shanghaiDate.format(at).replaceAll('-', '');

export const randomBase32 = (chars: number, bytes: Uint8Array = randomBytes(chars)): string =>
  Array.from(bytes.subarray(0, chars), (b) => ALPHABET[b & 31]).join('');

export const newCaseNo = (province: string, at: Date, random: Uint8Array = randomBytes(RANDOM_CHARS)): string =>
  `${province}-${shanghaiDay(at)}-${randomBase32(RANDOM_CHARS, random)}`;

export const caseNoPattern = /^\d{2}-\d{8}-[0-9A-HJKMNP-TV-Z]{10}$/;
