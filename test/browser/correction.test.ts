// Issue #16: a correction round in the browser. Pre-review finds a material missing and sends the
// one correction notice (一次性告知); the applicant uploads it on the case page and answers, and the
// case goes on to acceptance.
import { afterAll, beforeAll, describe, it } from 'vitest';
import { samplePdf } from '../support/applicant-journey.ts';
import { aResidentId } from '../support/identities.ts';
import { openBrowser, shoot, signIn, type Browser } from './browser.ts';

let browser: Browser;
beforeAll(async () => {
  browser = await openBrowser();
});
afterAll(() => browser?.close());

describe('the console, a correction round', () => {
  it('shows the correction notice and takes the answer on the case page', async () => {
    const page = await browser.page();
    await signIn(page, { kind: 'applicant', name: '李梅', residentId: aResidentId() });
    await page.goto('/#/items/DEMO-YS');
    await page.locator('[data-test="apply"]').click();
    await page.waitForURL(/#\/applications\//);

    // The form field, one upload, and the commitment signed in place of the fire-safety proof;
    // the site plan (YS-SITE) is left out.
    await page.getByRole('textbox', { name: '店铺名称' }).fill('示范小店');
    await page.locator('[data-material="YS-PLAN"]').setInputFiles({ name: '经营方案.pdf', mimeType: 'application/pdf', buffer: samplePdf('plan') });
    await page.getByText('平台核验通过').waitFor();
    await page.locator('[data-commit="YS-SAFE"]').click();
    await page.getByText('已签署告知承诺').waitFor();
    await page.locator('[data-test="submit"]').click();
    await page.locator('[data-test="to-case"]').click();

    await page.locator('[data-status="correcting"]').waitFor({ timeout: 30_000 });
    const notice = page.locator('[data-test="notice"]');
    await notice.getByText('场所平面图').waitFor();
    await shoot(page, 'case-correction');

    await notice.locator('[data-material="YS-SITE"]').setInputFiles({ name: '平面图.pdf', mimeType: 'application/pdf', buffer: samplePdf('site plan') });
    await notice.getByText('平台核验通过').waitFor();
    await page.locator('[data-test="answer"]').click();
    await page.getByText('提交补正').first().waitFor();
    await page.locator('[data-status="in-approval"]').waitFor({ timeout: 30_000 });
  });
});
