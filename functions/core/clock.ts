// An injectable clock: core functions take `now` as an argument; handlers ask a Clock for it, so
// tests (and the local stack) move time instead of waiting for a deadline to come.
import * as z from 'zod';
import { Invalid } from './errors.ts';

export interface Clock {
  now(): Date;
}

/** Wall-clock time: what every deployed handler uses. */
export const systemClock: Clock = { now: () => new Date() };

const toMs = (at: Date | string, field: string): number => {
  const ms = typeof at === 'string' ? Date.parse(at) : at.getTime();
  if (Number.isNaN(ms)) throw new Invalid(`${field} is not a valid instant`, [{ field, message: 'invalid date' }]);
  return ms;
};

/** Always the same instant (a fresh Date each call, so a caller mutating it changes nothing). */
export const fixedClock = (at: Date | string): Clock => {
  const ms = toMs(at, 'at');
  return { now: () => new Date(ms) };
};

export interface SettableClock extends Clock {
  set(at: Date | string): void;
  advance(ms: number): void;
}

/** A clock a test moves by hand: `clock.advance(3 * DAY)`, `clock.set('2026-02-24T01:00:00Z')`. */
export const settableClock = (at: Date | string): SettableClock => {
  let current = toMs(at, 'at');
  return {
    now: () => new Date(current),
    set: (next) => {
      current = toMs(next, 'at');
    },
    advance: (ms) => {
      if (!Number.isFinite(ms)) throw new Invalid('advance takes a finite number of milliseconds', [{ field: 'ms', message: 'not finite' }]);
      current += ms;
    },
  };
};

/** `base` shifted by a constant: the wall clock as it will read `offsetMs` from now. */
export const offsetClock = (offsetMs: number, base: Clock = systemClock): Clock => ({
  now: () => new Date(base.now().getTime() + offsetMs),
});

const offsetSchema = z.coerce.number().int().safe();

/**
 * The clock a handler uses: the system clock, shifted by `CLOCK_OFFSET_MS` when that variable is
 * set. The variable is read on every call, not once at cold start, so the local stack (which runs
 * the handlers in its own process) moves time for already-loaded handlers by changing
 * `process.env.CLOCK_OFFSET_MS`. The deployed stack never sets it: a shifted clock would shift
 * statutory deadlines, so infra should keep it out of every function's environment.
 */
export const clockFromEnv = (env: Readonly<Record<string, string | undefined>>, base: Clock = systemClock): Clock => ({
  now: () => {
    const raw = env.CLOCK_OFFSET_MS;
    if (raw === undefined || raw.trim() === '') return base.now();
    const parsed = offsetSchema.safeParse(raw);
    if (!parsed.success) throw new Invalid('CLOCK_OFFSET_MS must be an integer number of milliseconds', [{ field: 'CLOCK_OFFSET_MS', message: raw }]);
    return new Date(base.now().getTime() + parsed.data);
  },
});
