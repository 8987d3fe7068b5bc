// Loads an application for its own applicant; anyone else learns nothing (404, not 403).
import { z } from 'zod';
import type { Applicant } from '#core/applicant.ts';
import type { ApplicationRecord } from '#core/case.ts';
import { NotFound } from '#core/errors.ts';
import { getApplication } from '#adapters/case-store.ts';
import { pathParam, type HttpEvent } from '#middleware/http.ts';

export const ownApplication = async (event: HttpEvent, applicant: Applicant): Promise<ApplicationRecord> => {
  const id = pathParam(event, 'id', z.uuid());
  const application = await getApplication(id);
  if (!application || application.applicant.sub !== applicant.sub) throw new NotFound(`application ${id} does not exist`);
  return application;
};
