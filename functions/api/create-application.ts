// POST /applications: a draft application for one service item of this province, by the applicant
// or by an agent (帮办) on someone's behalf; the draft records both.
import { randomUUID } from 'node:crypto';
import { representedApplicant } from '#core/applicant.ts';
import type { ApplicationRecord } from '#core/case.ts';
import { Forbidden, Invalid } from '#core/errors.ts';
import { requireItem, province } from '#adapters/catalogue.ts';
import { putApplication } from '#adapters/case-store.ts';
import { callerOf } from '#middleware/applicant.ts';
import { httpHandler, json, parseJsonBody } from '#middleware/http.ts';
import { createApplicationBody } from './application.schema.ts';

export const handler = httpHandler(async (event) => {
  const caller = callerOf(event);
  const body = parseJsonBody(event, createApplicationBody);
  const item = requireItem(body.itemCode);
  if (body.onBehalfOf && !caller.isAgent) throw new Forbidden('only an agent (帮办) may apply on behalf of someone else');
  const represented = body.onBehalfOf ? representedApplicant(body.onBehalfOf) : undefined;
  if (represented && 'invalid' in represented) {
    throw new Invalid('the identity of the person applied for is invalid', [{ field: 'onBehalfOf.identity', message: represented.invalid }]);
  }
  const now = new Date().toISOString();
  const application: ApplicationRecord = {
    id: randomUUID(),
    province: province().code,
    itemCode: item.code,
    applicant: represented ?? caller.self,
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
      itemCode: item.code,
      itemName: item.name,
      materials: item.materials.map(({ code, name, key, contentTypes, maxBytes }) => ({ code, name, key, contentTypes, maxBytes })),
    },
    { location: `/applications/${application.id}` },
  );
});
