// PreReview (预审): are the materials complete and verified? Issue #5 adds correction notices,
// 容缺 and commitments; the skeleton accepts when every key material has a verified document.
import type { Material } from './catalogue.ts';
import type { DocumentRecord } from './document.ts';

export interface Deficiency {
  readonly materialCode: string;
  readonly problem: 'missing' | 'rejected' | 'pending';
  readonly detail: string;
}

export type PreReviewResult =
  | { readonly outcome: 'accepted'; readonly deficiencies: readonly [] }
  | { readonly outcome: 'not-accepted'; readonly deficiencies: readonly Deficiency[] };

/**
 * `requirement` is what the case is judged by: the requirement recorded at submission, i.e. the
 * materials the applicant's situation answers call for (issue #3, functions/core/guide.ts).
 */
export const preReview = (
  requirement: { readonly materials: ReadonlyArray<Pick<Material, 'code' | 'name' | 'key'>> },
  documents: readonly DocumentRecord[],
): PreReviewResult => {
  const deficiencies: Deficiency[] = [];
  for (const material of requirement.materials.filter((m) => m.key)) {
    const docs = documents.filter((d) => d.materialCode === material.code);
    if (docs.some((d) => d.status === 'verified')) continue;
    const rejected = docs.find((d) => d.status === 'rejected');
    if (rejected) {
      deficiencies.push({ materialCode: material.code, problem: 'rejected', detail: rejected.reason ?? '文件未通过校验' });
    } else if (docs.length > 0) {
      deficiencies.push({ materialCode: material.code, problem: 'pending', detail: `${material.name}尚未上传完成` });
    } else {
      deficiencies.push({ materialCode: material.code, problem: 'missing', detail: `缺少${material.name}` });
    }
  }
  return deficiencies.length === 0
    ? { outcome: 'accepted', deficiencies: [] }
    : { outcome: 'not-accepted', deficiencies };
};
