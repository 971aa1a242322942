import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ARTIFACTS, launch, shot } from '../browser';
import { type Running, startDoorstep, stop } from '../server';

/**
 * 我的积分 (H5): 孙阿姨 sees her points and volunteer hours with the statement's reasons, redeems a free haircut at
 * 周记理发店 and gets a voucher code. Screenshots at 390 px and at desktop width.
 */
let server: Running;
let browser: Browser;
let voucherCode = '';
beforeAll(async () => {
  server = await startDoorstep({ env: { JOBS: 'false' } });
  browser = await launch();
});
afterAll(async () => {
  await browser?.close();
  if (server) await stop(server.proc);
});

async function h5(phone: string, width: number): Promise<Page> {
  const page = await (
    await browser.newContext({
      viewport: { width, height: width < 500 ? 844 : 900 },
      isMobile: width < 500,
      locale: 'zh-CN',
    })
  ).newPage();
  await page.goto(`${server.url}/h5/login`);
  await page.getByTestId('h5-phone').fill(phone);
  await page.getByTestId('h5-password').fill('demo1234');
  await page.getByTestId('h5-login-submit').click();
  await page.getByTestId('h5-tab-me').click();
  await page.getByTestId('h5-my-points-link').click();
  await page.getByTestId('h5-points-balances').locator('.h5-balance').first().waitFor();
  return page;
}

describe('我的积分 (H5)', () => {
  it('孙阿姨 sees her balances and statement, and redeems a haircut for a voucher code (390 px)', async () => {
    const page = await h5('13800000008', 390);
    const balances = page.getByTestId('h5-points-balances');
    await expect(balances.textContent()).resolves.toContain('20');
    await expect(page.getByTestId('h5-points-statement').textContent()).resolves.toContain('口碑积分');
    await shot(page, 'h5-points-390');
    await page.screenshot({ path: join(ARTIFACTS, 'h5-points-390-full.png'), fullPage: true });
    const haircut = page.getByTestId('h5-points-shop').locator('li', { hasText: '免费理发一次' });
    await haircut.getByRole('button').click();
    await page.locator('.adm-dialog').getByRole('button', { name: '兑换' }).click();
    const vouchers = page.getByTestId('h5-points-vouchers');
    await vouchers.waitFor();
    await expect(vouchers.textContent()).resolves.toMatch(/免费理发一次.*[A-Z0-9]{8}/);
    voucherCode = (await vouchers.locator('.h5-voucher-code').first().textContent())!
      .replace(/[^A-Z0-9]/g, '')
      .slice(0, 8);
    await expect(balances.textContent()).resolves.toContain('10');
    await page.waitForTimeout(2500); // the success toast fades (a screenshot without it; not a test of timing)
    await page.screenshot({ path: join(ARTIFACTS, 'h5-points-voucher-390-full.png'), fullPage: true });
    await page.context().close();
  });

  it('周老板 sees his shop’s credit and standing, and marks 孙阿姨’s voucher used, once (390 px and 1366 px)', async () => {
    expect(voucherCode).toMatch(/^[A-Z0-9]{8}$/);
    const page = await h5('13800000007', 390);
    await expect(page.getByTestId('h5-points-balances').textContent()).resolves.toContain('优先续租');
    await page.getByTestId('h5-use-code').locator('input').fill(voucherCode.toLowerCase());
    await page.getByTestId('h5-use-submit').click();
    await page.getByText('已核销：孙阿姨 的「免费理发一次」').waitFor();
    await page.getByTestId('h5-points-use').getByText('已使用').waitFor();
    await page.waitForTimeout(2500); // the toast fades before the screenshot (not a test of timing)
    await page.screenshot({ path: join(ARTIFACTS, 'h5-points-merchant-390-full.png'), fullPage: true });
    // the same code again is refused
    await page.getByTestId('h5-use-code').locator('input').fill(voucherCode);
    await page.getByTestId('h5-use-submit').click();
    await page.getByText('该券已核销').waitFor();
    await page.context().close();
    const wide = await h5('13800000007', 1366);
    await wide.getByTestId('h5-points-use').waitFor();
    await shot(wide, 'h5-points-merchant-1366');
    await wide.context().close();
    await page.context().close();
  });
});
