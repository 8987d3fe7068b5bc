import { describe, expect, it } from 'vitest';
import { officialCalendar } from '../../../functions/core/calendar.ts';
import { clockFromEnv, fixedClock, offsetClock, settableClock, systemClock } from '../../../functions/core/clock.ts';
import { Invalid } from '../../../functions/core/errors.ts';
import { warningLevel } from '../../../functions/core/working-days.ts';

const DAY = 86_400_000;

describe('clocks', () => {
  it('the system clock reads the wall clock', () => {
    const before = Date.now();
    const now = systemClock.now().getTime();
    expect(now).toBeGreaterThanOrEqual(before);
    expect(now).toBeLessThanOrEqual(Date.now());
  });

  it('a fixed clock always gives the same instant, whatever a caller does to it', () => {
    const clock = fixedClock('2026-02-10T02:00:00Z');
    clock.now().setTime(0);
    expect(clock.now().toISOString()).toBe('2026-02-10T02:00:00.000Z');
  });

  it('a settable clock moves only when told', () => {
    const clock = settableClock(new Date('2026-02-10T02:00:00Z'));
    clock.advance(DAY + 1);
    expect(clock.now().toISOString()).toBe('2026-02-11T02:00:00.001Z');
    clock.set('2026-03-01T00:00:00+08:00');
    expect(clock.now().toISOString()).toBe('2026-02-28T16:00:00.000Z');
  });

  it('refuses instants and steps that are not numbers', () => {
    expect(() => fixedClock('tomorrow')).toThrow(Invalid);
    expect(() => settableClock('2026-02-10T02:00:00Z').advance(Number.NaN)).toThrow(Invalid);
    expect(() => settableClock('2026-02-10T02:00:00Z').set('soon')).toThrow(Invalid);
  });

  it('an offset clock shifts its base', () => {
    expect(offsetClock(-DAY, fixedClock('2026-02-10T02:00:00Z')).now().toISOString()).toBe('2026-02-09T02:00:00.000Z');
  });

  it('moves a deadline across the yellow and red thresholds without waiting', () => {
    // Due at the end of Fri 20 Mar 2026 (Beijing time); yellow with 3 working days left (Wed 18 Mar).
    const due = new Date('2026-03-20T16:00:00Z');
    const clock = settableClock('2026-03-17T10:00:00+08:00'); // Tue: 4 left
    const level = () => warningLevel({ now: clock.now(), due, yellowWhenRemainingDays: 3, calendar: officialCalendar });
    expect(level()).toBe('none');
    clock.advance(DAY);
    expect(level()).toBe('yellow');
    clock.advance(3 * DAY); // Sat 21 Mar 10:00
    expect(level()).toBe('red');
  });
});

describe('clockFromEnv', () => {
  const base = fixedClock('2026-02-10T02:00:00Z');

  it('is the base clock when CLOCK_OFFSET_MS is unset or empty', () => {
    expect(clockFromEnv({}, base).now().toISOString()).toBe('2026-02-10T02:00:00.000Z');
    expect(clockFromEnv({ CLOCK_OFFSET_MS: ' ' }, base).now().toISOString()).toBe('2026-02-10T02:00:00.000Z');
  });

  it('shifts by CLOCK_OFFSET_MS, read on every call so a running stack can move time', () => {
    const env: Record<string, string | undefined> = { CLOCK_OFFSET_MS: String(DAY) };
    const clock = clockFromEnv(env, base);
    expect(clock.now().toISOString()).toBe('2026-02-11T02:00:00.000Z');
    env.CLOCK_OFFSET_MS = String(-2 * DAY);
    expect(clock.now().toISOString()).toBe('2026-02-08T02:00:00.000Z');
  });

  it('fails clearly on an offset that is not an integer', () => {
    expect(() => clockFromEnv({ CLOCK_OFFSET_MS: 'a day' }, base).now()).toThrow(Invalid);
    expect(() => clockFromEnv({ CLOCK_OFFSET_MS: '1.5' }, base).now()).toThrow(Invalid);
  });
});
