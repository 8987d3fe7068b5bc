// POST /officer/work-items/{id}/decision: an officer decides (or acts on) a work item of their own
// department at the desk: the same bodies and answers as the signed POST /work-items/{id}/decision,
// audited with the officer's id.
import { httpHandler } from '#middleware/http.ts';
import { officerOf } from '#middleware/officer.ts';
import { decideWorkItem } from './decide-work-item.ts';

export const handler = httpHandler(async (event) => {
  const officer = officerOf(event);
  return decideWorkItem(event, { kind: 'officer', id: officer.sub, department: officer.department });
});
