// Issue #16: a whole case in the browser, as people click through it: an applicant from catalogue
// search to a downloaded, verified licence, an officer deciding at the department desk, the public
// tracking page from the receipt, and a supervisor's charts counting the finished case.
import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { samplePdf } from '../support/applicant-journey.ts';
import { aResidentId } from '../support/identities.ts';
import { openBrowser, shoot, signIn, type Browser } from './browser.ts';

let browser: Browser;
beforeAll(async () => {
  browser = await openBrowser();
});
afterAll(() => browser?.close());

describe('the console, one case end to end', () => {
  it('takes an applicant from the catalogue to a verified licence, with an officer deciding at the desk and a supervisor seeing it', async () => {
    const page = await browser.page();
    await page.goto('/');
    await page.locator('[data-item="DEMO-001"]').waitFor();
    await shoot(page, 'catalogue');
    // Chinese first, English on request.
    await page.getByRole('combobox', { name: '语言' }).selectOption('en');
    await page.getByText('Service items').waitFor();
    await shoot(page, 'catalogue-en');
    await page.getByRole('combobox', { name: 'Language' }).selectOption('zh-CN');
    await page.getByText('政务服务事项').waitFor();
    await page.goto('/#/sign-in');
    await shoot(page, 'sign-in');
    await signIn(page, { kind: 'applicant', name: '张三', residentId: aResidentId() });

    // Search the catalogue and open the item's page: materials, limits, departments.
    await page.getByRole('searchbox').or(page.locator('#catalogue-search')).fill('示范许可事项');
    await page.getByRole('button', { name: '搜索' }).click();
    await page.locator('[data-item="DEMO-001"]').click();
    await page.getByText('申请人身份证明').waitFor();
    await shoot(page, 'item');

    // Apply, upload the one material (hashed in the browser, PUT to the presigned URL) and see it verified.
    await page.locator('[data-test="apply"]').click();
    await page.waitForURL(/#\/applications\//);
    await page.locator('[data-material="ID-COPY"]').setInputFiles({ name: '身份证.pdf', mimeType: 'application/pdf', buffer: samplePdf('identity copy') });
    await page.getByText('平台核验通过').waitFor();
    await shoot(page, 'application');

    await page.locator('[data-test="submit"]').click();
    const caseNo = (await page.locator('[data-test="case-no"]').textContent())?.trim() ?? '';
    expect(caseNo).toMatch(/^99-\d{8}-[0-9A-Z]{10}$/);
    await expect.poll(() => page.locator('[data-test="receipt"] svg').count()).toBeGreaterThan(0);
    const trackingUrl = (await page.getByRole('link', { name: /#\/track\// }).getAttribute('href')) ?? '';
    expect(trackingUrl).toContain(`#/track/${caseNo}/`);
    await shoot(page, 'receipt');

    await page.locator('[data-test="to-case"]').click();
    await page.locator('[data-status="in-approval"]').waitFor();
    await shoot(page, 'case-in-approval');

    // The department's officer signs in as a person and approves at the desk.
    const desk = await browser.page();
    await signIn(desk, { kind: 'officer', name: '李四', department: 'SCJGJ' });
    await desk.locator(`[data-work-item="${caseNo}~SCJGJ"]`).waitFor();
    await shoot(desk, 'desk');
    await desk.locator(`[data-work-item="${caseNo}~SCJGJ"]`).click();
    await desk.getByRole('link', { name: '身份证.pdf' }).waitFor();
    await shoot(desk, 'desk-item');
    await desk.getByLabel('审批意见').fill('符合条件，同意');
    await desk.locator('[data-test="approve"]').click();
    await desk.locator('[data-test="done"]').waitFor();

    // The applicant's case page follows the workflow to the end.
    await page.locator('[data-status="completed"]').waitFor({ timeout: 60_000 });
    await page.getByText('发证办结').first().waitFor();
    await shoot(page, 'case-completed');
    await page.goto('/#/cases');
    await page.locator(`[data-case="${caseNo}"]`).waitFor();
    await shoot(page, 'my-cases');

    // My licences: download the PDF, then verify it on the public verification page.
    await page.goto('/#/licences');
    await page.locator('[data-licence]').first().click();
    await page.locator('[data-test="licence"]').waitFor();
    await shoot(page, 'licences');
    const [download] = await Promise.all([page.waitForEvent('download'), page.locator('[data-test="pdf"]').click()]);
    const pdf = await readFile(await download.path());
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    await page.getByText('文件与发证时的 SHA-256 一致').waitFor();
    await page.locator('[data-test="verify"]').click();
    await page.locator('[data-test="verdict"][data-valid="true"]').waitFor();
    await shoot(page, 'verify');

    // The receipt's QR code opens the public tracking page: status, no personal data.
    const tracking = await browser.page();
    await tracking.goto(trackingUrl);
    await tracking.locator('[data-test="status"]').getByText('已办结').waitFor();
    expect(await tracking.content()).not.toContain('张三');
    await shoot(tracking, 'track');

    // A supervisor's charts count the finished case.
    const supervisor = await browser.page();
    await signIn(supervisor, { kind: 'supervisor', name: '王督查' });
    await expect.poll(async () => Number(await supervisor.locator('[data-test="finished"]').textContent()), { timeout: 20_000 }).toBeGreaterThan(0);
    await supervisor.locator('svg').getByText('示范许可事项').first().waitFor();
    await shoot(supervisor, 'supervision');
  });
});
