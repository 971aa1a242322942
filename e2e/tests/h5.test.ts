import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launch, shot } from '../browser';
import { type Running, startDoorstep, stop } from '../server';

/** The resident/worker H5 in Chromium at phone size, against the real server with the demo city. */
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

async function phonePage(): Promise<Page> {
  const context = await browser.newContext({
    viewport: { width: 390, height: 844 },
    deviceScaleFactor: 2,
    isMobile: true,
    hasTouch: true,
    locale: 'zh-CN',
  });
  return context.newPage();
}

describe('H5', () => {
  it('a resident signs in with phone + password and sees her community, grid and grid worker', async () => {
    const page = await phonePage();
    await page.goto(`${server.url}/h5/`);
    await page.getByTestId('h5-phone').fill('13800000008');
    await page.getByTestId('h5-password').fill('wrong-pass');
    await page.getByTestId('h5-login-submit').click();
    await expect.poll(() => page.getByTestId('h5-login-error').textContent()).toContain('手机号或密码不正确');
    expect(await page.getByTestId('h5-phone').inputValue()).toBe('13800000008'); // nothing typed is lost
    await page.getByTestId('h5-password').fill('demo1234');
    await page.getByTestId('h5-login-submit').click();
    await page.getByTestId('h5-my-community').waitFor();
    expect(await page.getByTestId('h5-my-community').textContent()).toContain('龙腾社区');
    expect(await page.getByTestId('h5-my-grid').textContent()).toContain('990101001001001');
    expect(await page.getByTestId('h5-my-worker').textContent()).toContain('赵网格');
    expect(await page.getByTestId('h5-call-worker').getAttribute('href')).toBe('tel:13800000004');
    await shot(page, 'h5-home');

    // 适老化: large-text mode scales the whole page and survives a reload
    await page.getByTestId('h5-tab-me').click();
    const before = await page.evaluate(() =>
      Number.parseFloat(getComputedStyle(document.documentElement).fontSize),
    );
    await page.getByTestId('h5-large-text').click();
    await page.reload();
    const after = await page.evaluate(() =>
      Number.parseFloat(getComputedStyle(document.documentElement).fontSize),
    );
    expect(after / before).toBeGreaterThanOrEqual(1.2);
    await page.getByTestId('h5-tab-home').click();
    await page.getByTestId('h5-my-community').waitFor();
    await shot(page, 'h5-home-large');
    await page.context().close();
  });

  it('a newcomer signs in with a one-time code (read from the development SMS log)', async () => {
    const page = await phonePage();
    await page.goto(`${server.url}/h5/login`);
    await page.getByText('验证码登录').first().click();
    await page.getByTestId('h5-phone').fill('13966668888');
    await page.getByTestId('h5-send-otp').click();
    await expect
      .poll(() => /one-time code for 13966668888: (\d{6})/.exec(server.log())?.[1], { timeout: 10_000 })
      .toBeTruthy();
    const code = /one-time code for 13966668888: (\d{6})/.exec(server.log())![1]!;
    await page.getByTestId('h5-otp').fill(code);
    await page.getByTestId('h5-login-submit').click();
    await page.getByTestId('h5-tab-me').waitFor();
    await shot(page, 'h5-otp-newcomer');
    const me = await page.evaluate(async () => (await fetch('/api/me')).json());
    expect(me.user.phoneMasked).toBe('139****8888');
    await page.context().close();
  });

  it('switches to English', async () => {
    const page = await phonePage();
    await page.goto(`${server.url}/h5/login`);
    await page.getByTestId('h5-lang-toggle').click();
    await page.getByTestId('h5-phone').fill('13800000004');
    await page.getByTestId('h5-password').fill('demo1234');
    await page.getByTestId('h5-login-submit').click();
    await page.getByTestId('h5-my-grid').waitFor();
    const text = await page.locator('body').textContent();
    expect(text).toMatch(/grid/i);
    expect(text).not.toContain('我的网格');
    await shot(page, 'h5-home-en');
    await page.context().close();
  });
});
