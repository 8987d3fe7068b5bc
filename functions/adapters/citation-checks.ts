// The e-licences an application cites in place of uploads (一次提交、多方利用), each checked again
// at pre-review against holder, type and validity: a licence may have been revoked or have expired
// since it was cited.
import type { Applicant } from '#core/applicant.ts';
import { applicantKey } from '#core/applicant-key.ts';
import type { DocumentRecord } from '#core/document.ts';
import type { Requirement } from '#core/guide.ts';
import { citationProblem } from '#core/licence-citation.ts';
import type { CitationCheck } from '#core/pre-review.ts';
import { getLicence } from './licences.ts';

export const citationChecksOf = async (
  documents: readonly DocumentRecord[],
  applicant: Applicant,
  requirement: Pick<Requirement, 'materials'>,
  now: Date,
): Promise<Map<string, CitationCheck>> => {
  const checks = new Map<string, CitationCheck>();
  const holderKey = applicantKey(applicant);
  for (const doc of documents.filter((d) => d.source === 'licence' && d.licenceId)) {
    const material = requirement.materials.find((m) => m.code === doc.materialCode);
    const licenceId = doc.licenceId as string;
    const problem = citationProblem(await getLicence(licenceId), { holderKey, licenceTypes: material?.licenceTypes ?? [], now });
    checks.set(doc.materialCode, { licenceId, ...(problem ? { problem: { kind: problem.problem, detail: problem.detail } } : {}) });
  }
  return checks;
};
