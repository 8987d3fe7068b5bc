// What the console remembers about the applicant's own drafts in this browser: what was applied for
// (item or bundle and the situation answers, so the draft page lists the exact materials), and each
// submitted case's application (its correction uploads go through the application's upload route).
export interface DraftSubject {
  itemCode?: string;
  bundleCode?: string;
  situationAnswers?: Record<string, string>;
}

export const rememberDraft = (applicationId: string, subject: DraftSubject): void => localStorage.setItem(`nma.draft.${applicationId}`, JSON.stringify(subject));

export const draftSubject = (applicationId: string): DraftSubject | null => JSON.parse(localStorage.getItem(`nma.draft.${applicationId}`) ?? 'null') as DraftSubject | null;

export const rememberCase = (caseNo: string, applicationId: string): void => localStorage.setItem(`nma.case.${caseNo}`, applicationId);

export const applicationOfCase = (caseNo: string): string | null => localStorage.getItem(`nma.case.${caseNo}`);
