// Query of GET /supervision/stats: used by the handler and by the route table (OpenAPI).
import * as z from 'zod';
import { addDays, calendarDateSchema, isCalendarDate } from '#core/calendar.ts';
import { departmentCodeSchema, itemCodeSchema } from '#core/catalogue.ts';

/** A year and a day: enough for annual statistics, bounded so one request stays one Lambda's work. */
export const MAX_PERIOD_DAYS = 366;

export const supervisionStatsQuery = z
  .strictObject({
    from: calendarDateSchema.describe('First day of the period, YYYY-MM-DD (Asia/Shanghai): cases accepted on or after it.'),
    to: calendarDateSchema.describe(`Last day of the period, inclusive, at most ${MAX_PERIOD_DAYS} days after \`from\`.`),
    department: departmentCodeSchema.optional().describe('Only cases this department takes part in.'),
    item: itemCodeSchema.optional().describe('Only cases of this item or bundle.'),
  })
  .refine((q) => q.from <= q.to, { path: ['to'], message: 'the period ends before it starts' })
  // Guarded: a refinement may see fields that failed their own check.
  .refine((q) => !isCalendarDate(q.from) || q.to < addDays(q.from, MAX_PERIOD_DAYS), {
    path: ['to'],
    message: `the period is longer than ${MAX_PERIOD_DAYS} days`,
  });

export type SupervisionStatsQuery = z.infer<typeof supervisionStatsQuery>;

/** GET /supervision/warnings?department= */
export const supervisionWarningsQuery = z.strictObject({
  department: departmentCodeSchema.optional().describe('Only this department’s work items.'),
});
