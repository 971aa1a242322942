import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launch, shot } from '../browser';
import { type Running, startDoorstep, stop } from '../server';

/** 工作日历与时限 in Chromium: the platform admin marks a day and edits a deadline; a street admin only looks. */
let server: Running;
let browser: Browser;
beforeAll(async () => {
  server = await startDoorstep();
  browser = await launch();
});
afterAll(async () => {
  await browser?.close();
  if (server) await stop(server.proc);
});

async function signIn(phone: string, viewport: { width: number; height: number }, locale = 'zh-CN') {
  const context = await browser.newContext({
    viewport,
    locale,
    deviceScaleFactor: viewport.width < 500 ? 2 : 1,
  });
  const page = await context.newPage();
  await page.goto(`${server.url}/login`);
  await page.getByTestId('login-phone').fill(phone);
  await page.getByTestId('login-password').fill('demo1234');
  await page.getByTestId('login-submit').click();
  await page.waitForURL((u) => !u.pathname.startsWith('/login'));
  return page;
}

const day = (page: Page, date: string) => page.locator(`[data-date="${date}"]`);
/** Waits for the modal's opening animation to finish, so the screenshot shows it as a person sees it. */
const settled = (page: Page) =>
  expect
    .poll(() =>
      page.evaluate(
        () =>
          document
            .querySelector('.ant-modal')
            ?.getAnimations({ subtree: true })
            .filter((a) => a.playState === 'running').length ?? 0,
      ),
    )
    .toBe(0);

describe('working calendar and deadlines', () => {
  it('the platform admin marks a day as a holiday and clears it again; the deadline table reads humanly', async () => {
    const page = await signIn('13800000000', { width: 1440, height: 900 });
    await page.getByRole('menuitem', { name: '工作日历与时限' }).click();
    await page.waitForURL('**/settings/calendar');
    await page.getByTestId('calendar-year-label').getByText('2026 年').waitFor();
    // the seeded State Council schedule: 国庆节 red, 春节调休 (Saturday 2026-02-14) blue
    await expect.poll(() => day(page, '2026-10-01').getAttribute('class')).toContain('is-holiday');
    expect(await day(page, '2026-02-14').getAttribute('class')).toContain('is-workday');
    const table = page.getByTestId('policy-table');
    await table.getByText('7 个工作日').first().waitFor();
    expect(await table.textContent()).toContain('15 个工作日');
    expect(await table.textContent()).toContain('2 小时');
    await shot(page, 'console-calendar');

    // Thursday 2026-12-24 becomes a holiday
    await day(page, '2026-12-24').click();
    const dialog = page.getByRole('dialog');
    await dialog.getByText('2026 年 12 月 24 日 星期四').waitFor();
    await settled(page);
    await dialog.getByText('放假', { exact: true }).click();
    await dialog.getByRole('combobox').fill('测试假日');
    await shot(page, 'console-calendar-day');
    await page.getByTestId('calendar-day-save').click();
    await expect.poll(() => day(page, '2026-12-24').getAttribute('class')).toContain('is-holiday');
    await page.getByTestId('calendar-summary').getByText('测试假日').waitFor();
    await page.getByText('修改记录').scrollIntoViewIfNeeded();
    await page.locator('.ds-cal-change', { hasText: '2026-12-24' }).first().waitFor();

    // a deadline edited inline: 一般类 · 一般 from 7 to 5 working days
    await page.getByTestId('policy-edit-normal-normal').click();
    const resolve = page.getByTestId('policy-resolve');
    await resolve.fill('5');
    await page.getByTestId('policy-save').click();
    const row = table.locator('tr').filter({ has: page.getByTestId('policy-edit-normal-normal') });
    await expect.poll(() => row.textContent()).toContain('5 个工作日');
    await shot(page, 'console-calendar-edited');
    await page.getByTestId('policy-edit-normal-normal').click();
    await page.getByTestId('policy-resolve').fill('7');
    await page.getByTestId('policy-save').click();
    await expect.poll(() => row.textContent()).toContain('7 个工作日');

    // and back: the day is ordinary again
    await day(page, '2026-12-24').click();
    await page.getByRole('dialog').getByText('普通日', { exact: true }).click();
    await page.getByTestId('calendar-day-save').click();
    await expect.poll(() => day(page, '2026-12-24').getAttribute('class')).not.toContain('is-holiday');

    // the year's Excel, exported and imported back: the dry run finds nothing to change, the import commits it
    const xlsx = await page.request.get(`${server.url}/api/calendar/2026/export.xlsx`);
    expect(xlsx.status()).toBe(200);
    await page.locator('input[type=file]').setInputFiles({
      name: '工作日历-2026.xlsx',
      mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      buffer: await xlsx.body(),
    });
    const preview = page.getByRole('dialog');
    await preview.getByText('将新增 0 天、修改 0 天、移除 0 天').waitFor();
    await settled(page);
    await shot(page, 'console-calendar-import');
    await preview.getByRole('button', { name: '确认导入' }).click();
    await page.getByText('已导入：新增 0、修改 0、移除 0').waitFor();
    await page.context().close();
  });

  it('works on a 390 px phone', async () => {
    const page = await signIn('13800000000', { width: 390, height: 844 });
    await page.goto(`${server.url}/settings/calendar`);
    await expect.poll(() => day(page, '2026-10-01').getAttribute('class')).toContain('is-holiday');
    await shot(page, 'console-calendar-phone');
    await day(page, '2026-01-04').scrollIntoViewIfNeeded();
    await day(page, '2026-01-04').click();
    await page.getByRole('dialog').getByText('元旦调休').first().waitFor();
    await settled(page);
    await shot(page, 'console-calendar-phone-day');
    await page.keyboard.press('Escape');
    await page.getByTestId('policy-table').scrollIntoViewIfNeeded();
    await shot(page, 'console-calendar-phone-policies');
    // nothing is wider than the screen
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await page.context().close();
  });

  it('a street admin sees the calendar and the deadlines read-only, in English too', async () => {
    const page = await signIn('13800000001', { width: 1366, height: 768 });
    await page.goto(`${server.url}/settings/calendar`);
    await page.getByTestId('calendar-readonly').waitFor();
    expect(await day(page, '2026-10-01').evaluate((e) => e.tagName)).toBe('DIV'); // not a button
    expect(await page.getByTestId('policy-table').textContent()).not.toContain('编辑');
    await page.evaluate(() => localStorage.setItem('doorstep.lang', 'en-US'));
    await page.reload();
    await page.getByText('Working calendar & deadlines').first().waitFor();
    await page.getByTestId('policy-table').getByText('7 working days').first().waitFor();
    await shot(page, 'console-calendar-en');
    await page.context().close();
  });
});
