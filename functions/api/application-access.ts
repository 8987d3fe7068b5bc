// Loads an application for its applicant or the agent who made it; anyone else learns nothing
// (404, not 403).
import { canSee } from '#core/access.ts';
import type { Caller } from '#core/applicant.ts';
import type { ApplicationRecord } from '#core/case.ts';
import { NotFound } from '#core/errors.ts';
import { getApplication } from '#adapters/case-store.ts';
import { pathParam, type HttpEvent } from '#middleware/http.ts';
import { applicationIdSchema } from './application-request.schema.ts';

export const ownApplication = async (event: HttpEvent, caller: Caller): Promise<ApplicationRecord> => {
  const id = pathParam(event, 'id', applicationIdSchema);
  const application = await getApplication(id);
  if (!application || !canSee(application, caller.self)) throw new NotFound(`application ${id} does not exist`);
  return application;
};
