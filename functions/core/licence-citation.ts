// Citing an e-licence instead of uploading a material (一次提交、多方利用): the licence must be in
// the library, held by the applicant, of a type the material accepts, and valid now. The same rule
// serves the citation route (at citation) and pre-review (again at review: a licence may be
// revoked or expire in between).
import { applicantKey } from './applicant-key.ts';
import { statusAt, type LicenceRecord } from './licence.ts';

export type CitationProblemCode = 'expired' | 'revoked' | 'not-held' | 'wrong-type' | 'unknown';

export interface CitationProblem {
  readonly problem: CitationProblemCode;
  /** Chinese, for the applicant (quoted in a correction notice); never names another holder. */
  readonly detail: string;
}

const shanghaiDate = (iso: string): string => {
  const parts = new Intl.DateTimeFormat('zh-CN', { timeZone: 'Asia/Shanghai', year: 'numeric', month: 'numeric', day: 'numeric' }).formatToParts(new Date(iso));
  const part = (type: string) => parts.find((p) => p.type === type)?.value ?? '';
  return `${part('year')}年${part('month')}月${part('day')}日`;
};

/**
 * Why `licence` cannot stand in for a material, or undefined when it can. `holderKey` is the
 * applicant's key (functions/core/applicant-key.ts), `licenceTypes` the material's citable types.
 * Checked in this order, so a licence the applicant does not hold reveals nothing more about it.
 */
export const citationProblem = (
  licence: Pick<LicenceRecord, 'id' | 'type' | 'name' | 'holder' | 'status' | 'revocation' | 'validUntil'> | undefined,
  context: { readonly holderKey: string; readonly licenceTypes: readonly string[]; readonly now: Date },
): CitationProblem | undefined => {
  if (!licence) return { problem: 'unknown', detail: '证照库中没有该电子证照，请核对证照编号' };
  if (applicantKey(licence.holder) !== context.holderKey) return { problem: 'not-held', detail: '该电子证照不属于申请人，不能引用' };
  if (!context.licenceTypes.includes(licence.type)) {
    return { problem: 'wrong-type', detail: `${licence.name}不能作为本材料引用（可引用的证照类型：${context.licenceTypes.join('、') || '无'}）` };
  }
  const status = statusAt(licence, context.now);
  if (status === 'revoked') {
    const reason = licence.revocation ? `（${licence.revocation.reason}）` : '';
    return { problem: 'revoked', detail: `${licence.name}已被注销${reason}，不能引用` };
  }
  if (status === 'expired') return { problem: 'expired', detail: `${licence.name}已于${shanghaiDate(licence.validUntil as string)}过期，不能引用` };
  return undefined;
};
