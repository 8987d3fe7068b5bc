// GET /officer/work-items?status=open&limit=&next=: the signed-in officer's department inbox (the
// department desk, issue #16), in due-date order with yellow/red marks; the same items as the
// department system pulls.
import { httpHandler, json } from '#middleware/http.ts';
import { officerOf } from '#middleware/officer.ts';
import { inboxPage } from './work-item-view.ts';

export const handler = httpHandler(async (event) => json(200, await inboxPage(officerOf(event).department, event)));
