// POST /licences/{id}/revoke: the issuing department revokes a licence (注销/撤销), with its reason.
// Only the department that issued it may; a second revocation is a 409. The record keeps the
// reason, the department and the time; verification answers `revoked` from then on.
import { Forbidden, NotFound } from '#core/errors.ts';
import { licenceView } from '#core/licence.ts';
import { clock } from '#adapters/clock.ts';
import { config } from '#adapters/config.ts';
import { publish } from '#adapters/event-bus.ts';
import { getLicence, revokeLicence } from '#adapters/licences.ts';
import { authenticateDepartment } from '#middleware/department-auth.ts';
import { httpHandler, json, parseJsonBody, pathParam } from '#middleware/http.ts';
import { log } from '#middleware/logger.ts';
import { licencePath, revokeLicenceBody } from './licence.schema.ts';

export const handler = httpHandler(async (event) => {
  const department = await authenticateDepartment(event);
  const id = pathParam(event, 'id', licencePath.shape.id);
  const body = parseJsonBody(event, revokeLicenceBody);
  const licence = await getLicence(id);
  if (!licence) throw new NotFound(`no licence ${id} in the library`);
  if (licence.issuer.department !== department) throw new Forbidden('only the issuing department may revoke a licence');
  const now = clock.now();
  const revoked = await revokeLicence(id, { reason: body.reason, department, at: now.toISOString() });
  log.info('licence revoked', { licenceId: id, department });
  await publish('LicenceRevoked', { caseNo: revoked.caseNo, province: config().PROVINCE, at: now.toISOString(), licenceId: id, department, reason: body.reason });
  return json(200, licenceView(revoked, now));
});
