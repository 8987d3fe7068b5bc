// POST /applications: a draft application for one service item of this province.
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import type { ApplicationRecord } from '#core/case.ts';
import { requireItem, province } from '#adapters/catalogue.ts';
import { putApplication } from '#adapters/case-store.ts';
import { applicantOf } from '#middleware/applicant.ts';
import { httpHandler, json, parseJsonBody } from '#middleware/http.ts';

export const createApplicationBody = z.strictObject({
  itemCode: z.string().min(1).max(40),
});

export const handler = httpHandler(async (event) => {
  const applicant = applicantOf(event);
  const body = parseJsonBody(event, createApplicationBody);
  const item = requireItem(body.itemCode);
  const application: ApplicationRecord = {
    id: randomUUID(),
    province: province().code,
    itemCode: item.code,
    applicant,
    status: 'draft',
    createdAt: new Date().toISOString(),
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
