// POST /applications: a draft application for one service item or bundle of this province, with the
// applicant's situation answers, by the applicant or by an agent (帮办) on someone's behalf; the draft
// records both. The answer lists the exact materials those answers call for (issue #3).
import { randomUUID } from 'node:crypto';
import { representedApplicant } from '#core/applicant.ts';
import type { ApplicationRecord } from '#core/case.ts';
import { Forbidden, Invalid } from '#core/errors.ts';
import { province, resolveRequirement } from '#adapters/catalogue.ts';
import { clock } from '#adapters/clock.ts';
import { putApplication } from '#adapters/case-store.ts';
import { callerOf } from '#middleware/applicant.ts';
import { httpHandler, json, parseJsonBody } from '#middleware/http.ts';
import { createApplicationBody } from './application.schema.ts';
import { draftChoiceErrors } from './draft-choices.ts';

export const handler = httpHandler(async (event) => {
  const caller = callerOf(event);
  const body = parseJsonBody(event, createApplicationBody);
  const requirement = resolveRequirement(
    body.bundleCode !== undefined ? { kind: 'bundle', code: body.bundleCode } : { kind: 'item', code: body.itemCode ?? '' },
    body.situationAnswers ?? {},
    'situationAnswers',
  );
  const draftErrors = draftChoiceErrors(requirement, body);
  if (draftErrors.length) throw new Invalid('the form data or delivery choice does not fit this service', draftErrors);
  if (body.onBehalfOf && !caller.isAgent) throw new Forbidden('only an agent (帮办) may apply on behalf of someone else');
  const represented = body.onBehalfOf ? representedApplicant(body.onBehalfOf, clock.now()) : undefined;
  if (represented && 'invalid' in represented) {
    throw new Invalid('the identity of the person applied for is invalid', [{ field: 'onBehalfOf.identity', message: represented.invalid }]);
  }
  const applicant = represented ?? caller.self;
  // 受理条件: an item for organisations only is refused to a person at once, not after submission.
  if (!requirement.applicantKinds.includes(applicant.kind)) {
    const subject = body.bundleCode ?? requirement.leadItem;
    throw new Forbidden(`${subject} admits only ${requirement.applicantKinds.join(' and ')} applicants, not a ${applicant.kind}`, [
      { field: represented ? 'onBehalfOf.kind' : 'applicant.kind', message: `${subject} admits: ${requirement.applicantKinds.join(', ')}` },
    ]);
  }
  const now = clock.now().toISOString();
  const application: ApplicationRecord = {
    id: randomUUID(),
    province: province().code,
    itemCode: requirement.leadItem,
    ...(body.bundleCode !== undefined ? { bundleCode: body.bundleCode } : {}),
    ...(body.situationAnswers ? { situationAnswers: requirement.answers } : {}),
    applicant,
    ...(represented ? { agent: { sub: caller.self.sub, name: caller.self.name } } : {}),
    status: 'draft',
    createdAt: now,
    updatedAt: now,
    ...(body.formData ? { formData: body.formData } : {}),
    ...(body.delivery ? { delivery: body.delivery } : {}),
  };
  await putApplication(application);
  return json(
    201,
    {
      id: application.id,
      status: application.status,
      itemCode: requirement.leadItem,
      itemName: requirement.items.find((item) => item.code === requirement.leadItem)?.name,
      ...(body.bundleCode !== undefined ? { bundleCode: body.bundleCode, bundleName: requirement.subject.name } : {}),
      catalogueVersion: requirement.catalogueVersion,
      materials: requirement.materials.map(({ code, name, key, contentTypes, maxBytes }) => ({ code, name, key, contentTypes, maxBytes })),
    },
    { location: `/applications/${application.id}` },
  );
});
