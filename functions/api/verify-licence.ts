// GET /licences/{id}/verify?at=: anyone checks a licence of the library: the e-seal over its data
// and its PDF as stored now, then revocation and expiry. Public; the answer never shows the
// holder's identity in clear.
import { Invalid } from '#core/errors.ts';
import { createHash } from 'node:crypto';
import { publicLicenceView } from '#core/licence.ts';
import { verifyRecord } from '#core/licence-verification.ts';
import { clock } from '#adapters/clock.ts';
import { readLicencePdf } from '#adapters/licence-files.ts';
import { getLicence } from '#adapters/licences.ts';
import { publicKeys } from '#adapters/signer.ts';
import { fieldErrors, httpHandler, json, pathParam } from '#middleware/http.ts';
import { licencePath, verifyLicenceQuery } from './licence.schema.ts';

export const handler = httpHandler(async (event) => {
  const id = pathParam(event, 'id', licencePath.shape.id);
  const query = verifyLicenceQuery.safeParse(event.queryStringParameters ?? {});
  if (!query.success) throw new Invalid('the query is invalid', fieldErrors(query.error, 'query'));
  const at = query.data.at ? new Date(query.data.at) : clock.now();
  const [record, keys] = await Promise.all([getLicence(id), publicKeys()]);
  const pdf = record ? await readLicencePdf(id) : undefined;
  const verification = verifyRecord({ record, pdfSha256: pdf && createHash('sha256').update(pdf).digest('hex'), keys, at });
  return json(200, { id, at: at.toISOString(), ...verification, ...(record ? { licence: publicLicenceView(record, at) } : {}) });
});
