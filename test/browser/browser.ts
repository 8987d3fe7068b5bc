// Headless Chromium (Debian's, driven by playwright-core) on the console the local stack serves,
// and screenshots of every view at desktop (1280 px) and phone (375 px) width in .local/screenshots/.
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { stack } from '../support/api.ts';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export const SCREENSHOTS = join(import.meta.dirname, '..', '..', '.local', 'screenshots');

const FLAGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

export interface Browser {
  /** A fresh tab on the console: the console keeps its session per tab, so each tab is one person. */
  page(): Promise<Page>;
  close(): Promise<void>;
}

export const openBrowser = async (): Promise<Browser> => {
  const profile = await mkdtemp(join(tmpdir(), 'nma-chromium-'));
  // A persistent context is how Playwright takes a fresh --user-data-dir.
  const context: BrowserContext = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: FLAGS,
    viewport: { width: 1280, height: 900 },
    acceptDownloads: true,
    locale: 'zh-CN',
    baseURL: stack().apiUrl,
  });
  const blank = context.pages()[0];
  return {
    page: async () => {
      const page = await context.newPage();
      page.on('pageerror', (error) => console.error(`[browser] ${error.message}`));
      page.on('console', (message) => message.type() === 'error' && console.error(`[browser console] ${message.text()}`));
      return page;
    },
    close: async () => {
      await blank?.close();
      await context.close();
      await rm(profile, { recursive: true, force: true });
    },
  };
};

/** Screenshots of the page as it is now, at 1280 and at 375 px wide: `<name>-1280.png`, `<name>-375.png`. */
export const shoot = async (page: Page, name: string): Promise<void> => {
  await mkdir(SCREENSHOTS, { recursive: true });
  for (const width of [1280, 375]) {
    await page.setViewportSize({ width, height: width === 375 ? 812 : 900 });
    // Charts and layouts settle on resize.
    await page.waitForTimeout(400);
    await page.screenshot({ path: join(SCREENSHOTS, `${name}-${width}.png`), fullPage: true });
    // Usable at 375 px: nothing makes the page scroll sideways.
    const scrollWidth = await page.evaluate<number>('document.documentElement.scrollWidth');
    if (scrollWidth > width) throw new Error(`${name} is ${scrollWidth} px wide at a ${width} px viewport`);
  }
  await page.setViewportSize({ width: 1280, height: 900 });
};

export type Person =
  | { kind: 'applicant'; name: string; residentId: string }
  | { kind: 'officer'; name: string; department: string }
  | { kind: 'supervisor'; name: string };

const KIND_OPTION: Record<Person['kind'], string> = { applicant: 'applicant', officer: 'officer', supervisor: 'supervisor' };

/** Signs in through the console's dev sign-in form, as a person would. */
export const signIn = async (page: Page, person: Person): Promise<void> => {
  await page.goto('/#/sign-in');
  await page.getByRole('combobox', { name: '身份', exact: true }).selectOption(KIND_OPTION[person.kind]);
  await page.getByRole('textbox', { name: '姓名', exact: true }).fill(person.name);
  if (person.kind === 'applicant') await page.getByRole('textbox', { name: '居民身份证号' }).fill(person.residentId);
  if (person.kind === 'officer') await page.getByRole('textbox', { name: '部门代码' }).fill(person.department);
  await page.locator('[data-test="sign-in"]').click();
  await page.waitForURL((url) => !url.hash.startsWith('#/sign-in'));
};
