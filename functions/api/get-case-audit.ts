// GET /cases/{caseNo}/audit: a case's audit trail for a supervisor (token role "supervisor", as
// /supervision/stats), with its verification: the table's entries against the case's signed
// checkpoints and exported trail in the audit archive (core/audit-checkpoint.ts), naming the first
// broken entry. A case that no longer exists in the table but has checkpoints is reported broken.
import { verifyAudit } from '#core/audit-checkpoint.ts';
import { NotFound } from '#core/errors.ts';
import { readArchive } from '#adapters/audit-archive.ts';
import { getCase, listAudit } from '#adapters/case-store.ts';
import { httpHandler, json, pathParam } from '#middleware/http.ts';
import { supervisorOf } from '#middleware/supervisor.ts';
import { caseNoSchema } from './case.schema.ts';

export const handler = httpHandler(async (event) => {
  supervisorOf(event);
  const caseNo = pathParam(event, 'caseNo', caseNoSchema);
  const [found, entries, archive] = await Promise.all([getCase(caseNo), listAudit(caseNo), readArchive(caseNo)]);
  if (!found && archive.checkpoints.length === 0) throw new NotFound(`case ${caseNo} does not exist`);
  return json(200, {
    caseNo,
    ...(found ? { status: found.status } : {}),
    entries,
    verification: verifyAudit(entries, archive.checkpoints, archive.exported),
  });
});
