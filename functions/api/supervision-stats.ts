// GET /supervision/stats?from&to&department&item: 电子监察 statistics for a supervisor (token role
// "supervisor"; anyone else 403). The cases are those accepted in the period (Asia/Shanghai dates,
// inclusive): their supervision records come from the byHolder index, one query per month
// partition (adapters/supervision.ts), filtered by department and item, then each case's current
// status from one BatchGetItem per 100 cases. No scan.
import { addDays, startOfShanghaiDay } from '#core/calendar.ts';
import { Invalid, Unprocessable } from '#core/errors.ts';
import { matchesFilter, supervisionStats, type CaseForStats } from '#core/supervision.ts';
import { reform3550Of } from '#infra/provinces/reform-3550.ts';
import { province } from '#adapters/catalogue.ts';
import { clock, deadlineCalendar } from '#adapters/clock.ts';
import { caseStates, listAcceptedBetween } from '#adapters/supervision.ts';
import { fieldErrors, httpHandler, json } from '#middleware/http.ts';
import { supervisorOf } from '#middleware/supervisor.ts';
import { supervisionStatsQuery } from './supervision.schema.ts';

/** Beyond this many cases a request would outgrow one Lambda invocation: narrow the period or filter. */
const MAX_CASES = 20_000;

export const handler = httpHandler(async (event) => {
  supervisorOf(event);
  const parsed = supervisionStatsQuery.safeParse(event.queryStringParameters ?? {});
  if (!parsed.success) throw new Invalid('the query is invalid', fieldErrors(parsed.error, 'query'));
  const query = parsed.data;
  const filter = { department: query.department, item: query.item };
  const { code } = province();

  const records = (await listAcceptedBetween(code, startOfShanghaiDay(query.from), startOfShanghaiDay(addDays(query.to, 1)))).filter((r) =>
    matchesFilter(r, filter),
  );
  if (records.length > MAX_CASES) {
    throw new Unprocessable(`${records.length} cases in the period: more than ${MAX_CASES}; narrow the period or filter by department or item`);
  }
  const states = await caseStates(records.map((r) => r.caseNo));
  const cases = records.flatMap((r): CaseForStats[] => {
    const state = states.get(r.caseNo);
    if (!state) return [];
    // A case takes no transition after a final status (core/case-status.ts), so for a finished
    // case its last change is the moment it finished.
    return [{ ...r, status: state.status, statusAt: state.updatedAt }];
  });
  const now = clock.now();
  return json(200, {
    province: code,
    period: { from: query.from, to: query.to },
    ...(query.department || query.item ? { filter: { ...(query.department ? { department: query.department } : {}), ...(query.item ? { item: query.item } : {}) } } : {}),
    asOf: now.toISOString(),
    ...supervisionStats(cases, { now, calendar: deadlineCalendar(), reform3550: reform3550Of(code) }),
  });
});
