// PreReview (预审): is the application complete and eligible? One verdict, with EVERY problem found
// at once (一次性告知, 国务院《优化营商环境条例》第 40 条 and 行政许可法 Art. 32: the authority
// tells the applicant everything to correct in one notice), never one problem at a time.
//
// A material is satisfied by a verified upload, by citing a valid e-licence the applicant holds
// (一次提交、多方利用), or, where the catalogue allows, by the applicant's signed commitment
// (告知承诺制). What is still missing decides the outcome:
//   - nothing                                   → complete
//   - only deficiency-allowed materials (容缺)  → accept-with-deficiency (supplied later, by a date)
//   - anything else, or a form problem          → needs-correction (one notice listing everything)
//   - an applicant the item does not admit      → not-eligible (不予受理, with the condition)
import type { Applicant } from './applicant.ts';
import type { DocumentRecord, RejectionProblem } from './document.ts';
import type { FieldError } from './errors.ts';
import { checkFormData, type Requirement, type RequiredMaterial } from './guide.ts';
import { isValidResidentId, isValidUscc } from './identity.ts';

/** What is wrong with one material or field, as the correction notice names it. */
export const noticeProblems = [
  'missing', // nothing submitted
  'pending', // an upload was announced but never arrived
  'wrong-type', // not a type the material accepts
  'unreadable', // arrived damaged (size or checksum) or too large
  'expired-licence', // the cited e-licence is no longer valid
  'revoked-licence', // the cited e-licence was revoked
  'inconsistent', // the cited e-licence is not the applicant's or not of the type required; form data contradicts the rules
  'invalid-field', // a form field does not meet the item's rules
] as const;

export type NoticeProblem = (typeof noticeProblems)[number];

/** One line of a correction notice: a material (materialCode) or a form field (field). */
export interface NoticeItem {
  readonly materialCode?: string;
  readonly field?: string;
  /** The material's name or the field's label. */
  readonly name: string;
  readonly problem: NoticeProblem;
  /** Why, in words the applicant reads. */
  readonly detail: string;
  /** The catalogue's guidance on how to prepare it. */
  readonly guidance?: string;
  /** Items naming this can be replaced by the applicant's signed commitment (告知承诺制). */
  readonly commitmentAllowed?: true;
  /** 容缺: may stay missing at acceptance against a promise to supply it. */
  readonly deficiencyAllowed?: true;
}

/** A cited e-licence as pre-review sees it: checked already against holder, type and validity. */
export interface CitationCheck {
  readonly licenceId: string;
  /** Why the licence cannot stand for the material; undefined when it can. */
  readonly problem?: { readonly kind: 'expired' | 'revoked' | 'not-held' | 'wrong-type' | 'unknown'; readonly detail: string };
}

export interface PreReviewInput {
  readonly requirement: Pick<Requirement, 'materials' | 'form' | 'applicantKinds'>;
  readonly applicant: Applicant;
  readonly formData: Readonly<Record<string, unknown>>;
  readonly documents: readonly DocumentRecord[];
  /** Cited e-licences by material code. */
  readonly citations: ReadonlyMap<string, CitationCheck>;
  /** Material codes the applicant signed the commitment for. */
  readonly commitments: ReadonlySet<string>;
  readonly now: Date;
}

export type PreReviewVerdict =
  | { readonly outcome: 'complete'; readonly satisfiedBy: Readonly<Record<string, Satisfaction>> }
  | { readonly outcome: 'accept-with-deficiency'; readonly satisfiedBy: Readonly<Record<string, Satisfaction>>; readonly deficiencies: readonly NoticeItem[] }
  | { readonly outcome: 'needs-correction'; readonly items: readonly NoticeItem[] }
  | { readonly outcome: 'not-eligible'; readonly condition: string };

/** How a material was satisfied: shown to the departments (a commitment replaces a proof). */
export type Satisfaction = { readonly by: 'upload' } | { readonly by: 'licence'; readonly licenceId: string } | { readonly by: 'commitment' };

const kindNames = { person: '自然人', organisation: '法人或其他组织' } as const;

const rejectionProblem = (problem: RejectionProblem | undefined): NoticeProblem => (problem === 'wrong-type' ? 'wrong-type' : 'unreadable');

const citationProblem = { expired: 'expired-licence', revoked: 'revoked-licence', 'not-held': 'inconsistent', 'wrong-type': 'inconsistent', unknown: 'missing' } as const;

/** The problem with one material, or its satisfaction. */
const judgeMaterial = (
  material: RequiredMaterial,
  input: PreReviewInput,
): { ok: Satisfaction } | { problem: NoticeProblem; detail: string } => {
  // A cited e-licence is judged from its check below, never by its document record.
  const docs = input.documents.filter((d) => d.materialCode === material.code && d.source !== 'licence');
  if (docs.some((d) => d.status === 'verified')) return { ok: { by: 'upload' } };
  const citation = input.citations.get(material.code);
  if (citation && !citation.problem) return { ok: { by: 'licence', licenceId: citation.licenceId } };
  if (material.commitment && input.commitments.has(material.code)) return { ok: { by: 'commitment' } };
  // The most telling problem first: what the applicant actually sent.
  const rejected = docs.find((d) => d.status === 'rejected');
  if (rejected) return { problem: rejectionProblem(rejected.problem), detail: rejected.reason ?? '文件未通过校验' };
  if (citation?.problem) return { problem: citationProblem[citation.problem.kind], detail: citation.problem.detail };
  if (docs.length > 0) return { problem: 'pending', detail: `${material.name}尚未上传完成` };
  return { problem: 'missing', detail: `缺少${material.name}` };
};

const identityValid = (applicant: Applicant, now: Date): boolean =>
  applicant.kind === 'person' ? isValidResidentId(applicant.identity, now) : isValidUscc(applicant.identity);

export const preReview = (input: PreReviewInput): PreReviewVerdict => {
  const { requirement, applicant } = input;
  if (!requirement.applicantKinds.includes(applicant.kind)) {
    return { outcome: 'not-eligible', condition: `本事项仅受理${requirement.applicantKinds.map((k) => kindNames[k]).join('、')}的申请` };
  }
  // Checked at intake already; a code that fails here was never a real one (行政许可法 Art. 31: the applicant answers for the truth of what is submitted).
  if (!identityValid(applicant, input.now)) {
    return { outcome: 'not-eligible', condition: '申请人身份证件号码（统一社会信用代码）无效' };
  }

  const satisfiedBy: Record<string, Satisfaction> = {};
  const corrections: NoticeItem[] = [];
  const deficiencies: NoticeItem[] = [];
  for (const material of requirement.materials) {
    const judged = judgeMaterial(material, input);
    if ('ok' in judged) {
      satisfiedBy[material.code] = judged.ok;
      continue;
    }
    const item: NoticeItem = {
      materialCode: material.code,
      name: material.name,
      problem: judged.problem,
      detail: judged.detail,
      ...(material.guidance ? { guidance: material.guidance } : {}),
      ...(material.commitment ? { commitmentAllowed: true as const } : {}),
      ...(material.deficiencyAllowed && !material.key ? { deficiencyAllowed: true as const } : {}),
    };
    // 容缺受理 is for non-key materials the catalogue marks; a key material always needs correcting.
    (material.deficiencyAllowed && !material.key ? deficiencies : corrections).push(item);
  }
  for (const error of checkFormData(requirement.form, input.formData, 'formData', true)) corrections.push(fieldItem(requirement, error));

  if (corrections.length > 0) return { outcome: 'needs-correction', items: [...corrections, ...deficiencies] };
  if (deficiencies.length > 0) return { outcome: 'accept-with-deficiency', satisfiedBy, deficiencies };
  return { outcome: 'complete', satisfiedBy };
};

const fieldItem = (requirement: Pick<Requirement, 'form'>, error: FieldError): NoticeItem => {
  const code = error.field.replace(/^formData\./, '');
  const field = requirement.form.find((f) => f.code === code);
  return {
    field: error.field,
    name: field?.label ?? code,
    problem: 'invalid-field',
    detail: field ? `${field.label}：${error.message}` : `${code}：${error.message}`,
  };
};
