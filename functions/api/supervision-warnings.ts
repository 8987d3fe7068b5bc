// GET /supervision/warnings?department=: the live red/yellow list (电子监察, issue #16) for a
// supervisor: every open work item whose deadline is near (yellow) or passed (red) now, judged at
// the moment of the request rather than at the last sweep. One query per department on the
// due-date index, up to the furthest due date that can be yellow now (core/supervision.ts).
import { Invalid } from '#core/errors.ts';
import { sweepHorizon } from '#core/supervision.ts';
import { province } from '#adapters/catalogue.ts';
import { clock, deadlineCalendar } from '#adapters/clock.ts';
import { listOpenWorkItemsDueBy } from '#adapters/work-items.ts';
import { fieldErrors, httpHandler, json } from '#middleware/http.ts';
import { supervisorOf } from '#middleware/supervisor.ts';
import { supervisionWarningsQuery } from './supervision.schema.ts';
import { inboxItemView } from './work-item-view.ts';

export const handler = httpHandler(async (event) => {
  supervisorOf(event);
  const parsed = supervisionWarningsQuery.safeParse(event.queryStringParameters ?? {});
  if (!parsed.success) throw new Invalid('the query is invalid', fieldErrors(parsed.error, 'query'));
  const now = clock.now();
  const horizon = sweepHorizon(now, province().supervision.yellowRemainingDays, deadlineCalendar());
  const departments = province()
    .departments.map((d) => d.code)
    .filter((code) => parsed.data.department === undefined || code === parsed.data.department);
  const items = (await Promise.all(departments.map((code) => listOpenWorkItemsDueBy(code, horizon)))).flat();
  const warned = items.map((item) => ({ ...inboxItemView(item, now), department: item.department })).filter((item) => item.warning !== null);
  // Red before yellow, then the most urgent first.
  warned.sort((a, b) => (a.warning === b.warning ? (a.due ?? '').localeCompare(b.due ?? '') : a.warning === 'red' ? -1 : 1));
  return json(200, { asOf: now.toISOString(), workItems: warned });
});
