// PATCH /applications/{id}: change a draft's form data or delivery choice; 409 once submitted.
import { Conflict, Invalid } from '#core/errors.ts';
import { requirementForApplication } from '#adapters/catalogue.ts';
import { updateDraft } from '#adapters/case-store.ts';
import { clock } from '#adapters/clock.ts';
import { callerOf } from '#middleware/applicant.ts';
import { httpHandler, json, parseJsonBody } from '#middleware/http.ts';
import { updateApplicationBody } from './application.schema.ts';
import { draftChoiceErrors } from './draft-choices.ts';
import { ownApplication } from './application-access.ts';

export const handler = httpHandler(async (event) => {
  const caller = callerOf(event);
  const body = parseJsonBody(event, updateApplicationBody);
  const application = await ownApplication(event, caller);
  if (application.status !== 'draft') throw new Conflict('only a draft application can be changed');
  const draftErrors = draftChoiceErrors(requirementForApplication(application), body);
  if (draftErrors.length) throw new Invalid('the form data or delivery choice does not fit this service', draftErrors);
  const updated = await updateDraft(application.id, body, clock.now().toISOString());
  return json(200, {
    id: updated.id,
    status: updated.status,
    updatedAt: updated.updatedAt,
    ...(updated.formData ? { formData: updated.formData } : {}),
    ...(updated.delivery ? { delivery: updated.delivery } : {}),
  });
});
