// GET /licences/{id}: one of the caller's licences, with a download link for its PDF and every
// department's read of it (用证记录: who used it, when, why). Another holder's licence is a 404.
import { applicantKey } from '#core/applicant-key.ts';
import { NotFound } from '#core/errors.ts';
import { licenceView } from '#core/licence.ts';
import { clock } from '#adapters/clock.ts';
import { licencePdfUrl } from '#adapters/licence-files.ts';
import { getLicence, listLicenceReads } from '#adapters/licences.ts';
import { callerOf } from '#middleware/applicant.ts';
import { httpHandler, json, pathParam } from '#middleware/http.ts';
import { licencePath } from './licence.schema.ts';

export const handler = httpHandler(async (event) => {
  const caller = callerOf(event);
  const id = pathParam(event, 'id', licencePath.shape.id);
  const licence = await getLicence(id);
  if (!licence || applicantKey(licence.holder) !== applicantKey(caller.self)) throw new NotFound(`licence ${id} is not in your library`);
  const [reads, pdf] = await Promise.all([listLicenceReads(id), licencePdfUrl(id)]);
  const view = licenceView(licence, clock.now());
  return json(200, {
    ...view,
    pdf: { ...view.pdf, ...pdf },
    reads: reads.map(({ department, purpose, at }) => ({ department, purpose, at })),
  });
});
