import { readFileSync } from 'node:fs';
import { chromium } from 'playwright-core';

const BASE = 'http://127.0.0.1:3202';
const OUT = process.env.OUT ?? '/tmp/shots';
const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});
const newCtx = () =>
  browser.newContext({ viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true, locale: 'zh-CN' });
const log = (...a) => console.log(...a);
const shot = async (page, name, full = false) => {
  await page.waitForTimeout(400);
  await page.screenshot({ path: `${OUT}/${name}.png`, fullPage: full });
  log('shot', name);
};

const ctx = await newCtx();
const page = await ctx.newPage();
page.on('console', (m) => m.type() === 'error' && log('console error:', m.text()));
page.on('pageerror', (e) => log('page error:', e.message));

// Signed out → login, remembering where we were going.
await page.goto(`${BASE}/h5/me`);
await page.waitForURL(/\/h5\/login/);
log('redirected to', page.url());
await shot(page, 'h5-login');

// Validation and a wrong password: errors inline, input kept.
await page.getByTestId('h5-login-submit').click();
await shot(page, 'dbg-login-empty');
await page.getByTestId('h5-phone').fill('13800000008');
await page.getByTestId('h5-password').fill('wrong-pass');
await page.getByTestId('h5-login-submit').click();
await page.getByTestId('h5-login-error').waitFor();
log('error:', await page.getByTestId('h5-login-error').textContent(), 'phone kept:', await page.getByTestId('h5-phone').inputValue());
await shot(page, 'dbg-login-wrong');

// OTP tab: the phone carries over; send, read the code from the server log, type it.
await page.getByRole('tab', { name: '验证码登录' }).click();
await page.getByTestId('h5-send-otp').click();
await page.waitForTimeout(1200);
const m = [...readFileSync('/tmp/h5-server.log', 'utf8').matchAll(/one-time code for 13800000008: (\d{6})/g)].pop();
log('code', m?.[1]);
await page.getByTestId('h5-otp').fill(m[1]);
await page.waitForTimeout(2500); // let the toast fade, the countdown stays
await shot(page, 'h5-login-otp');
await page.getByTestId('h5-login-submit').click();
await page.waitForURL(/\/h5\/me$/);
log('back at', page.url());
await page.getByTestId('h5-tab-home').click();
await page.getByTestId('h5-my-worker').waitFor();
await shot(page, 'h5-home');
await shot(page, 'dbg-home-full', true);

await page.getByTestId('h5-tab-me').click();
await page.getByTestId('h5-large-text').waitFor();
await shot(page, 'h5-me');
await page.getByTestId('h5-large-text').click();
await shot(page, 'dbg-me-large', true);
await page.getByTestId('h5-tab-home').click();
await shot(page, 'h5-home-large');
await shot(page, 'dbg-home-large-full', true);
// Remembered before first paint on reload.
await page.reload();
log('large after reload:', await page.evaluate(() => document.documentElement.className));
await page.getByTestId('h5-tab-me').click();
await page.getByTestId('h5-large-text').click();
await page.getByTestId('h5-lang-en').click();
await shot(page, 'dbg-me-en', true);
await page.getByTestId('h5-tab-home').click();
await shot(page, 'h5-home-en');
await shot(page, 'dbg-home-en-full', true);

// Sign out (confirm dialog), then English login page.
await page.getByTestId('h5-tab-me').click();
await page.getByTestId('h5-logout').click();
await shot(page, 'dbg-logout-dialog');
await page.locator('.adm-dialog-button').filter({ hasText: 'Sign out' }).click();
await page.waitForURL(/\/h5\/login/);
await shot(page, 'dbg-login-en');
await page.getByTestId('h5-lang-toggle').click().catch(() => {});

// Other users: grid worker (himself), responder (no grid), merchant.
for (const [phone, name] of [['13800000004', 'worker'], ['13800000005', 'responder'], ['13800000007', 'merchant']]) {
  const c = await newCtx();
  const p = await c.newPage();
  await p.goto(`${BASE}/h5/`);
  await p.getByTestId('h5-phone').fill(phone);
  await p.getByTestId('h5-password').fill('demo1234');
  await p.getByTestId('h5-login-submit').click();
  await p.getByTestId('h5-my-worker').waitFor();
  await shot(p, `dbg-home-${name}`, true);
  if (name === 'worker') {
    await p.getByTestId('h5-tab-me').click();
    await shot(p, 'dbg-me-worker', true);
  }
  await c.close();
}

// Desktop width.
const d = await browser.newContext({ viewport: { width: 1280, height: 800 } });
const dp = await d.newPage();
await dp.goto(`${BASE}/h5/login`);
await shot(dp, 'dbg-desktop-login');
await browser.close();
