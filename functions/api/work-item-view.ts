// A work item as a department sees it in its inbox: the signed system's pull
// (GET /departments/{code}/work-items) and the officer's desk (GET /officer/work-items) alike.
import { Invalid } from '#core/errors.ts';
import { warningLevel } from '#core/working-days.ts';
import { listOpenWorkItems, type WorkItemRecord } from '#adapters/work-items.ts';
import { province } from '#adapters/catalogue.ts';
import { clock, deadlineCalendar } from '#adapters/clock.ts';
import { fieldErrors, type HttpEvent } from '#middleware/http.ts';
import { decodePageToken, encodePageToken } from './page-token.ts';
import { listWorkItemsQuery } from './work-items.schema.ts';

/** 电子监察 now: yellow when few working days are left, red once overdue, null without a due date. */
const warningOf = (due: string | undefined, now: Date): 'yellow' | 'red' | null => {
  if (!due) return null;
  const level = warningLevel({ now, due: new Date(due), yellowWhenRemainingDays: province().supervision.yellowRemainingDays, calendar: deadlineCalendar() });
  return level === 'none' ? null : level;
};

export const inboxItemView = (
  { id, kind, caseNo, itemCode, itemName, status, openedAt, due, delivery, committed, supplement, suspension }: WorkItemRecord,
  now: Date,
) => ({
  workItemId: id,
  kind: kind ?? 'approval',
  caseNo,
  itemCode,
  itemName,
  status,
  openedAt,
  // When the department must have decided (issue #7); absent on items opened before deadlines existed.
  ...(due ? { due } : {}),
  warning: status === 'open' ? warningOf(due, now) : null,
  // delivery: the push to the department's webhook; `pending` until one is recorded (a push under
  // way, or a department without a webhook, which pulls only).
  delivery: delivery ?? { status: 'pending' },
  ...(committed?.length ? { committed } : {}),
  // Issue #6: waiting for the applicant's supplement (until answeredAt), or the clock stopped (until resumedAt).
  ...(supplement ? { supplement } : {}),
  ...(suspension ? { suspension } : {}),
});

export type InboxItemView = ReturnType<typeof inboxItemView>;

/** One page of the department's open work items in due-date order (`?status=open&limit=&next=`). */
export const inboxPage = async (department: string, event: HttpEvent): Promise<{ workItems: InboxItemView[]; next?: string }> => {
  const parsed = listWorkItemsQuery.safeParse(event.queryStringParameters ?? {});
  if (!parsed.success) throw new Invalid('the query is invalid', fieldErrors(parsed.error, 'query'));
  const after = parsed.data.next ? decodePageToken(parsed.data.next, 'gsi2pk', `DEPT#${department}`) : undefined;
  const page = await listOpenWorkItems(department, parsed.data.limit, after);
  const now = clock.now();
  return { workItems: page.items.map((item) => inboxItemView(item, now)), ...(page.next ? { next: encodePageToken(page.next) } : {}) };
};
