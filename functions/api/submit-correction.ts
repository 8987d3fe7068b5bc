// POST /cases/{caseNo}/corrections: the applicant answers the correction notice, or supplies what a
// 容缺 acceptance left owed. Replaced files are uploaded first (POST /applications/{id}/uploads, open
// while the case waits for them); this request names them, changes form fields and signs
// commitments, and closes the round.
//   correcting → submitted: pre-review runs again (the workflow's correction wait is answered).
//   owed materials → fewer owed; with none left a held issuance goes ahead (DeficienciesSupplied).
import { createHash } from 'node:crypto';
import { canSee } from '#core/access.ts';
import type { ApplicationRecord, CaseRecord } from '#core/case.ts';
import { roundChanges } from '#core/correction.ts';
import { Conflict, Invalid, NotFound, type FieldError } from '#core/errors.ts';
import { checkFormData, type Requirement } from '#core/guide.ts';
import { maskIdentity } from '#core/mask.ts';
import { requirementOfCase } from '#adapters/catalogue.ts';
import { correctFormData, getApplication, getCase, listDocuments, transitionCase } from '#adapters/case-store.ts';
import { deleteWait, getWait } from '#adapters/case-waits.ts';
import { clock } from '#adapters/clock.ts';
import { putCommitment } from '#adapters/commitments.ts';
import { publish } from '#adapters/event-bus.ts';
import { completeTask } from '#adapters/workflow.ts';
import { listWorkItemsOfCase, type WorkItemRecord } from '#adapters/work-items.ts';
import { callerOf } from '#middleware/applicant.ts';
import { httpHandler, json, parseJsonBody, pathParam } from '#middleware/http.ts';
import { log } from '#middleware/logger.ts';
import { caseNoSchema, correctionBody } from './case.schema.ts';
import { resumeCase } from './work-item-actions.ts';

type Body = ReturnType<typeof correctionBody.parse>;

const OWING: readonly CaseRecord['status'][] = ['accepted', 'in-approval', 'approved'];

export const handler = httpHandler(async (event) => {
  const caller = callerOf(event);
  const caseNo = pathParam(event, 'caseNo', caseNoSchema);
  const found = await getCase(caseNo);
  if (!found || !canSee(found, caller.self)) throw new NotFound(`case ${caseNo} does not exist`);
  const body = parseJsonBody(event, correctionBody);
  const application = await getApplication(found.applicationId);
  if (!application) throw new NotFound(`case ${caseNo} has no application`);
  const requirement = await requirementOfCase(found, getApplication);
  checkMaterials(body, requirement);
  const at = clock.now().toISOString();

  if (found.status === 'correcting') return answerNotice(found, application, requirement, body, at, caller.self.identity);
  const asking = found.status === 'in-approval' ? (await listWorkItemsOfCase(caseNo)).filter((w) => w.status === 'open' && w.supplement && !w.supplement.answeredAt) : [];
  if (asking.length > 0) return answerSupplement(found, application, requirement, body, asking, caller.self.identity);
  if ((found.deficiencies?.length ?? 0) > 0 && OWING.includes(found.status)) return supply(found, requirement, body, at, caller.self.identity);
  throw new Conflict(`case ${caseNo} is ${found.status}: it is not waiting for corrections or owed materials`);
});

const checkMaterials = (body: Body, requirement: Requirement): void => {
  const errors: FieldError[] = [];
  body.materials?.forEach((code, i) => {
    if (!requirement.materials.some((m) => m.code === code)) errors.push({ field: `materials.${i}`, message: 'not a material this case requires' });
  });
  body.commitments?.forEach((code, i) => {
    if (!requirement.materials.find((m) => m.code === code)?.commitment) errors.push({ field: `commitments.${i}`, message: 'this material cannot be replaced by a commitment' });
  });
  if (errors.length) throw new Invalid('the correction names materials it cannot', errors);
};

const signCommitments = async (c: CaseRecord, requirement: Requirement, codes: readonly string[], at: string, signer: string): Promise<void> => {
  for (const code of codes) {
    const text = requirement.materials.find((m) => m.code === code)?.commitment?.text ?? '';
    await putCommitment({
      applicationId: c.applicationId,
      materialCode: code,
      text,
      textSha256: createHash('sha256').update(text).digest('hex'),
      signedAt: at,
      signedBy: maskIdentity(signer),
    });
  }
};

/** Writes what an answer changes besides files (form fields, signed commitments); returns what changed, for the timeline. */
const applyAnswer = async (c: CaseRecord, application: ApplicationRecord, requirement: Requirement, body: Body, at: string, signer: string) => {
  const fields = Object.keys(body.formData ?? {});
  if (fields.length) {
    const errors = checkFormData(requirement.form, body.formData ?? {}, 'formData', false);
    if (errors.length) throw new Invalid('the corrected form data is invalid', errors);
    await correctFormData(application.id, { ...(application.formData ?? {}), ...body.formData }, at);
  }
  await signCommitments(c, requirement, body.commitments ?? [], at, signer);
  const names = new Map([...requirement.materials.map((m) => [m.code, m.name] as const), ...requirement.form.map((f) => [f.code, f.label] as const)]);
  return { fields, changes: roundChanges({ materials: body.materials ?? [], fields, commitments: body.commitments ?? [], names }) };
};

const answerNotice = async (c: CaseRecord, application: ApplicationRecord, requirement: Requirement, body: Body, at: string, signer: string) => {
  const { fields, changes } = await applyAnswer(c, application, requirement, body, at, signer);
  const round = c.correction?.round ?? 1;
  const next = await transitionCase(c.caseNo, (current) => {
    if (current.status !== 'correcting') throw new Conflict('the case is no longer waiting for this correction');
    return {
      to: 'submitted',
      audit: {
        at,
        actor: { kind: 'applicant', id: maskIdentity(signer) },
        action: 'CorrectionSubmitted',
        summary: `已提交第 ${round} 次补正：${changes.join('；')}`,
        from: 'correcting',
        to: 'submitted',
        data: { round, materials: body.materials ?? [], fields, commitments: body.commitments ?? [] },
      },
    };
  });
  // The workflow's wait is answered now, or answers itself when it arrives (await-correction.ts).
  const wait = await getWait(c.caseNo, 'correction');
  if (wait?.taskToken) await answer(wait.taskToken, c.caseNo);
  await deleteWait(c.caseNo, 'correction');
  await publish('CorrectionSubmitted', { caseNo: c.caseNo, province: next.province, at, round });
  return json(200, { caseNo: c.caseNo, status: next.status, round });
};

/**
 * The answer to a department's supplement (issue #6): the form and commitments as for a notice,
 * then only the departments that asked get their work item back (pushed again); the clock restarts.
 */
const answerSupplement = async (
  c: CaseRecord,
  application: ApplicationRecord,
  requirement: Requirement,
  body: Body,
  asking: readonly WorkItemRecord[],
  signer: string,
) => {
  const now = clock.now();
  const at = now.toISOString();
  const { changes } = await applyAnswer(c, application, requirement, body, at, signer);
  let next = c;
  for (const item of asking) {
    next = await resumeCase(item, now, {
      action: 'SupplementSubmitted',
      actor: { kind: 'applicant', id: maskIdentity(signer) },
      summary: `已向 ${item.department} 提交补正：${changes.join('；')}，退回该部门继续审查`,
      change: { supplement: { ...(item.supplement as NonNullable<WorkItemRecord['supplement']>), answeredAt: at } },
    });
    await publish('CorrectionSubmitted', { caseNo: c.caseNo, province: next.province, at, round: c.correction?.round ?? 1, workItemId: item.id, department: item.department });
    // Back to THIS department only: its work item is pushed again; the others keep their state.
    await publish('WorkItemOpened', { caseNo: c.caseNo, province: next.province, at, workItemId: item.id, department: item.department });
  }
  return json(200, { caseNo: c.caseNo, status: next.status, returnedTo: asking.map((w) => w.department) });
};

const supply = async (c: CaseRecord, requirement: Requirement, body: Body, at: string, signer: string) => {
  const verified = new Set((await listDocuments(c.applicationId)).filter((d) => d.status === 'verified').map((d) => d.materialCode));
  const notYet = (body.materials ?? []).map((code, i) => ({ code, i })).filter(({ code }) => !verified.has(code));
  if (notYet.length) {
    throw new Invalid('materials are not verified yet: upload them and wait for verification', notYet.map(({ i }) => ({ field: `materials.${i}`, message: 'no verified upload' })));
  }
  await signCommitments(c, requirement, body.commitments ?? [], at, signer);
  const supplied = new Set([...(body.materials ?? []), ...(body.commitments ?? [])]);
  let remaining: CaseRecord['deficiencies'] = [];
  const next = await transitionCase(c.caseNo, (current) => {
    const owed = current.deficiencies ?? [];
    remaining = owed.filter((d) => !supplied.has(d.materialCode ?? ''));
    const given = owed.filter((d) => supplied.has(d.materialCode ?? ''));
    if (!given.length) throw new Conflict('none of the named materials is owed');
    const lifted = remaining.length === 0 && current.suspension && !current.suspension.liftedAt;
    return {
      set: { deficiencies: remaining, ...(lifted && current.suspension ? { suspension: { ...current.suspension, liftedAt: at } } : {}) },
      audit: {
        at,
        actor: { kind: 'applicant', id: maskIdentity(signer) },
        action: 'DeficienciesSupplied',
        summary: `已补齐容缺材料：${given.map((d) => d.name).join('、')}${remaining.length ? `；尚欠：${remaining.map((d) => d.name).join('、')}` : '；容缺材料已全部补齐'}${lifted ? '，办件恢复' : ''}`,
        data: { supplied: given.map((d) => d.materialCode), remaining: remaining.map((d) => d.materialCode) },
      },
    };
  });
  if (remaining.length === 0) await publish('DeficienciesSupplied', { caseNo: c.caseNo, province: next.province, at });
  return json(200, { caseNo: c.caseNo, status: next.status, deficiencies: remaining });
};

const answer = async (taskToken: string, caseNo: string): Promise<void> => {
  try {
    await completeTask(taskToken, { answered: true });
  } catch (error) {
    const dead = error instanceof Error && (error.name === 'TaskTimedOut' || error.name === 'InvalidToken');
    if (!dead) throw error;
    log.warn('correction recorded; its task token no longer waits', { caseNo });
  }
};
