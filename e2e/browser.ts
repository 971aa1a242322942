import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { type Browser, chromium, type Page } from 'playwright-core';
import { ROOT } from './server';

export const ARTIFACTS = join(ROOT, 'e2e/artifacts');
mkdirSync(ARTIFACTS, { recursive: true });

/** Debian's Chromium, headless, with the flags this machine needs (never a downloaded browser). */
export function launch(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

export async function shot(page: Page, name: string) {
  await page.screenshot({ path: join(ARTIFACTS, `${name}.png`), fullPage: false });
}

export interface View {
  width?: number;
  /** default: 844 on a phone (< 500 px), else 860 */
  height?: number;
  locale?: string;
}

/** A fresh context (its own cookies) and page; below 500 px it is a phone. Downloads are accepted. */
export async function newPage(browser: Browser, { width = 1366, height, locale = 'zh-CN' }: View = {}) {
  const context = await browser.newContext({
    viewport: { width, height: height ?? (width < 500 ? 844 : 860) },
    isMobile: width < 500,
    locale,
    acceptDownloads: true,
  });
  return context.newPage();
}

/** A demo account (password demo1234) signed in on the staff console; resolves once `ready` (a test id) shows. */
export async function signInConsole(
  browser: Browser,
  url: string,
  phone: string,
  { ready = 'requests-nav', ...view }: View & { ready?: string } = {},
): Promise<Page> {
  const page = await newPage(browser, view);
  await page.goto(`${url}/`);
  await page.getByTestId('login-phone').fill(phone);
  await page.getByTestId('login-password').fill('demo1234');
  await page.getByTestId('login-submit').click();
  await page.getByTestId(ready).waitFor();
  return page;
}

/** A demo account signed in on the H5 (390 px unless told); resolves once `ready` (a test id on 首页) shows. */
export async function signInH5(
  browser: Browser,
  url: string,
  phone: string,
  { ready = 'h5-tab-me', ...view }: View & { ready?: string } = {},
): Promise<Page> {
  const page = await newPage(browser, { width: 390, ...view });
  await page.goto(`${url}/h5/login`);
  await page.getByTestId('h5-phone').fill(phone);
  await page.getByTestId('h5-password').fill('demo1234');
  await page.getByTestId('h5-login-submit').click();
  await page.getByTestId(ready).waitFor();
  return page;
}

/** Picks the option showing `text` in the Ant Design select with test id `testId`. */
export async function pickOption(page: Page, testId: string, text: string) {
  await page.getByTestId(testId).click();
  await page
    .locator('.ant-select-dropdown:visible .ant-select-item-option', { hasText: text })
    .first()
    .click();
}
