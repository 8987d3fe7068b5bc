import { describe, expect, it } from 'vitest';
import { officialCalendar } from '../../../functions/core/calendar.ts';
import { deliveryDeadlineOf, lateDeliverySummary, servedLate } from '../../../functions/core/delivery-deadline.ts';

describe('行政许可法 Art. 44: served within 10 working days of the decision', () => {
  // Decided Monday 2026-03-02 (Beijing): ten working days later is Monday 2026-03-16.
  const deadline = deliveryDeadlineOf(new Date('2026-03-02T02:00:00Z'), officialCalendar);

  it('ends at 24:00 Beijing time of the tenth working day', () => {
    expect(deadline).toEqual({ decidedAt: '2026-03-02T02:00:00.000Z', due: '2026-03-16T16:00:00.000Z', lastDay: '2026-03-16' });
  });

  it('is late from its due instant on', () => {
    expect(servedLate(deadline, new Date('2026-03-16T15:59:59Z'))).toBe(false);
    expect(servedLate(deadline, new Date('2026-03-16T16:00:00Z'))).toBe(true);
  });

  it('says so in the timeline', () => {
    expect(lateDeliverySummary(deadline, new Date('2026-03-18T02:00:00Z'))).toContain('2026-03-18 签收，超过《行政许可法》第四十四条规定的送达期限（2026-03-16 前');
  });
});
