// Issue #16: an officer at the department desk stops the clock for an Art. 45 step, restarts it, and
// refuses with reasons and the legal basis; the applicant's case page shows the refusal.
import { afterAll, beforeAll, describe, it } from 'vitest';
import { createDraft, samplePdf, submit, upload, waitForStatus, waitSettled } from '../support/applicant-journey.ts';
import { tokenFor } from '../support/api.ts';
import { anApplicant } from '../support/identities.ts';
import { openBrowser, shoot, signIn, type Browser } from './browser.ts';

let browser: Browser;
beforeAll(async () => {
  browser = await openBrowser();
});
afterAll(() => browser?.close());

describe('the department desk', () => {
  it('lets an officer stop and restart the clock, then refuse with reasons and legal basis', async () => {
    // The applicant's side through the API (the browser journey of the applicant is the other test).
    const applicant = anApplicant();
    const token = await tokenFor(applicant);
    const applicationId = await createDraft(token);
    await upload(token, applicationId, 'ID-COPY', samplePdf('desk'));
    await waitSettled(token, applicationId, 'ID-COPY');
    const { caseNo } = (await submit(token, applicationId)).body;
    await waitForStatus(token, caseNo, ['in-approval']);

    const desk = await browser.page();
    await signIn(desk, { kind: 'officer', name: '赵六', department: 'SCJGJ' });
    await desk.locator(`[data-work-item="${caseNo}~SCJGJ"]`).click();

    await desk.getByRole('combobox', { name: /中止事由/ }).selectOption('site-inspection');
    await desk.getByRole('textbox', { name: '中止说明' }).fill('需现场核查经营场所');
    await desk.getByRole('button', { name: '中止计时' }).click();
    await desk.getByText('已提交：中止计时').waitFor();
    await desk.getByText('中止计时').first().waitFor();
    await shoot(desk, 'desk-suspended');
    await desk.getByRole('button', { name: '恢复计时' }).click();
    await desk.getByText('已提交：恢复计时').waitFor();

    await desk.getByRole('textbox', { name: '理由', exact: true }).fill('经营场所不符合安全条件');
    await desk.getByRole('textbox', { name: '法律依据' }).fill('《中华人民共和国行政许可法》第三十八条');
    await desk.getByRole('button', { name: '不予许可' }).click();
    await desk.getByText('已提交：不予许可').waitFor();

    // The applicant (signed in with the same token) sees the refusal with its reasons.
    const page = await browser.page();
    // The console reads its session (kept per tab) when it loads.
    await page.addInitScript(
      ([t, c]) => sessionStorage.setItem('nma.session', JSON.stringify({ token: t, claims: c })),
      [token, { name: applicant.name, resident_id: applicant.resident_id }] as const,
    );
    await page.goto(`/#/cases/${caseNo}`);
    await page.locator('[data-status="refused"]').waitFor({ timeout: 30_000 });
    const refusal = page.getByRole('alert').filter({ hasText: '经营场所不符合安全条件' });
    await refusal.getByText('《中华人民共和国行政许可法》第三十八条').waitFor();
    await shoot(page, 'case-refused');
  });
});
