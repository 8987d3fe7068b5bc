// GET /departments/{code}/licences/{id}?purpose=: a department reads a licence of the library
// (用证), signed like its other calls. Every read is recorded with its purpose (用证事由) before
// anything is answered, and the holder sees it in GET /licences/{id}.
import { Forbidden, Invalid, NotFound } from '#core/errors.ts';
import { licenceView } from '#core/licence.ts';
import { clock } from '#adapters/clock.ts';
import { licencePdfUrl } from '#adapters/licence-files.ts';
import { getLicence, recordLicenceRead } from '#adapters/licences.ts';
import { authenticateDepartment } from '#middleware/department-auth.ts';
import { fieldErrors, httpHandler, json, pathParam } from '#middleware/http.ts';
import { departmentLicencePath, departmentLicenceQuery } from './licence.schema.ts';

export const handler = httpHandler(async (event, context) => {
  const department = await authenticateDepartment(event);
  const code = pathParam(event, 'code', departmentLicencePath.shape.code);
  if (code !== department) throw new Forbidden('a department reads licences under its own code only');
  const id = pathParam(event, 'id', departmentLicencePath.shape.id);
  const query = departmentLicenceQuery.safeParse(event.queryStringParameters ?? {});
  if (!query.success) throw new Invalid('the purpose of use (用证事由) is required', fieldErrors(query.error, 'query'));
  const licence = await getLicence(id);
  if (!licence) throw new NotFound(`no licence ${id} in the library`);
  const now = clock.now();
  await recordLicenceRead(id, { department, purpose: query.data.purpose, at: now.toISOString(), requestId: context.awsRequestId });
  const view = licenceView(licence, now);
  return json(200, { ...view, pdf: { ...view.pdf, ...(await licencePdfUrl(id)) } });
});
