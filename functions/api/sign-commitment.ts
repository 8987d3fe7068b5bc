// POST /applications/{id}/commitments: on a draft, the applicant signs the catalogue's commitment
// text for a material that allows one (告知承诺制), in place of uploading the proof. The exact text
// and its hash are recorded; pre-review counts the material as satisfied by the commitment.
import { createHash } from 'node:crypto';
import { Conflict, Invalid } from '#core/errors.ts';
import { maskIdentity } from '#core/mask.ts';
import { requirementForApplication } from '#adapters/catalogue.ts';
import { clock } from '#adapters/clock.ts';
import { putCommitment } from '#adapters/commitments.ts';
import { callerOf } from '#middleware/applicant.ts';
import { httpHandler, json, parseJsonBody } from '#middleware/http.ts';
import { ownApplication } from './application-access.ts';
import { commitmentBody } from './case.schema.ts';

export const handler = httpHandler(async (event) => {
  const caller = callerOf(event);
  const body = parseJsonBody(event, commitmentBody);
  const application = await ownApplication(event, caller);
  if (application.status !== 'draft') throw new Conflict('commitments are signed on a draft; on a case, answer its correction notice');
  const material = requirementForApplication(application).materials.find((m) => m.code === body.materialCode);
  if (!material) throw new Invalid('unknown material', [{ field: 'materialCode', message: 'not a material this application requires' }]);
  if (!material.commitment) throw new Invalid('no commitment for this material', [{ field: 'materialCode', message: 'this material cannot be replaced by a commitment' }]);
  const text = material.commitment.text;
  const signed = {
    applicationId: application.id,
    materialCode: material.code,
    text,
    textSha256: createHash('sha256').update(text).digest('hex'),
    signedAt: clock.now().toISOString(),
    signedBy: maskIdentity(caller.self.identity),
  };
  await putCommitment(signed);
  return json(201, { materialCode: signed.materialCode, text, textSha256: signed.textSha256, signedAt: signed.signedAt });
});
