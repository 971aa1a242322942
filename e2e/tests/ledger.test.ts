import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ARTIFACTS, launch, shot, signInConsole, signInH5 } from '../browser';
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
  const page = await signInH5(browser, server.url, phone, { width, height: width < 500 ? 844 : 900 });
  await page.getByTestId('h5-tab-me').click();
  await page.getByTestId('h5-my-points-link').click();
  await page.getByTestId('h5-points-balances').locator('.h5-balance').first().waitFor();
  return page;
}

describe('我的积分 (H5)', () => {
  it('孙阿姨 sees her balances and statement, and redeems a haircut for a voucher code (390 px)', async () => {
    const page = await h5('13800000008', 390);
    const balances = page.getByTestId('h5-points-balances');
    await balances.locator('.h5-balance-points', { hasText: '20' }).waitFor();
    await page.getByTestId('h5-points-statement').getByText('口碑积分（季度评选）').waitFor();
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
    await balances.locator('.h5-balance-points', { hasText: '10' }).waitFor();
    await page.waitForTimeout(2500); // the success toast fades (a screenshot without it; not a test of timing)
    await page.screenshot({ path: join(ARTIFACTS, 'h5-points-voucher-390-full.png'), fullPage: true });
    // at the counter: the voucher as a QR code the barber's camera opens, with the code in large letters
    await page.getByTestId(`h5-voucher-show-${voucherCode}`).click();
    const qr = page.getByTestId('h5-voucher-qr');
    await qr.locator('svg').waitFor();
    await expect(qr.textContent()).resolves.toContain(voucherCode);
    await page.waitForTimeout(400); // the popup's animation (a screenshot of it; not a timing test)
    await shot(page, 'h5-points-voucher-qr-390');
    await qr.getByRole('button', { name: '关闭' }).click();
    // 时间银行: give 30 minutes to 陈党员 (family in the same community); the annual statement shows it
    await page.getByTestId('h5-give-open').click();
    await page.getByTestId('h5-give-phone').locator('input').fill('13800000006');
    await page.getByTestId('h5-give-hours').locator('input').fill('0.5');
    await page.getByTestId('h5-give-submit').click();
    await page.getByText('已转赠 0.5 小时给 陈党员').waitFor();
    await balances.locator('.h5-balance-hours', { hasText: '2' }).waitFor();
    await page.getByTestId('h5-points-annual').getByText('−0.5').waitFor();
    await page.waitForTimeout(2500); // the toast fades before the screenshot (not a test of timing)
    await page.screenshot({ path: join(ARTIFACTS, 'h5-points-timebank-390-full.png'), fullPage: true });
    await page.context().close();
  });

  it('周老板 sees his shop’s credit and standing, and marks 孙阿姨’s voucher used, once (390 px and 1366 px)', async () => {
    expect(voucherCode).toMatch(/^[A-Z0-9]{8}$/);
    const page = await h5('13800000007', 390);
    await page.getByTestId('h5-points-balances').getByText('优先续租').waitFor();
    // scanning the QR code opens the link it carries: the code is filled in, the barber confirms
    await page.goto(`${server.url}/h5/me/points?use=${voucherCode}`);
    await expect(page.getByTestId('h5-use-code').locator('input').inputValue()).resolves.toBe(voucherCode);
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

const desk = (phone: string, width: number) =>
  signInConsole(browser, server.url, phone, { width, height: width < 500 ? 844 : 800 });

describe('积分台账 (console)', () => {
  it('李书记 sees the accounts, awards volunteer hours by rule, reverses an entry with a reason, exports (1366 px)', async () => {
    const page = await desk('13800000002', 1366);
    await page.goto(`${server.url}/ledger`);
    await page.getByTestId('ledger-accounts').getByText('周记理发店').waitFor();
    await expect(page.getByTestId('ledger-accounts').textContent()).resolves.toContain('优先续租');
    await shot(page, 'console-ledger-accounts-1366');

    await page.getByTestId('ledger-award').click();
    await page.getByTestId('ledger-award-rule').click();
    await page.locator('.ant-select-item-option', { hasText: '志愿服务时长' }).click();
    await page.getByTestId('ledger-award-phone').fill('13800000006');
    await page.locator('.ant-modal input.ant-input-number-input').fill('90');
    await page.getByTestId('ledger-award-memo').fill('周三妈妈圆桌布置场地');
    await page.waitForTimeout(400); // the modal's animation (a screenshot of the filled form; not a timing test)
    await shot(page, 'console-ledger-award-1366');
    await page.locator('.ant-modal-footer .ant-btn-primary').click();
    await page.getByText('已记账：陈党员 1.5 小时').waitFor();

    await page.getByRole('tab', { name: '台账明细' }).click();
    const entries = page.getByTestId('ledger-entries');
    await entries.getByText('周三妈妈圆桌布置场地').waitFor();
    const row = entries.locator('tr', { hasText: '周三妈妈圆桌布置场地' });
    await row.getByRole('button', { name: '冲正' }).click();
    await page.getByTestId('ledger-reverse-reason').fill('记错了人，应记给孙阿姨');
    await page.locator('.ant-modal-footer .ant-btn-dangerous').click();
    await entries.getByText('记错了人，应记给孙阿姨').waitFor();
    const download = page.waitForEvent('download');
    await page.getByTestId('ledger-export').click();
    expect((await download).suggestedFilename()).toContain('积分台账.xlsx');
    await page.waitForTimeout(2500); // messages fade before the screenshot (not a test of timing)
    await shot(page, 'console-ledger-entries-1366');

    await page.getByRole('tab', { name: '记账规则' }).click();
    await page.getByTestId('ledger-rules').getByText('骑手随手拍照片核实').waitFor();
    await page.getByTestId('ledger-rule-add').click();
    await page.getByTestId('ledger-rule-name').fill('食堂帮厨');
    await page.getByTestId('ledger-rule-code').fill('canteen_help');
    await page.getByTestId('ledger-rule-event').fill('volunteer.canteen');
    await page.locator('.ant-modal-footer .ant-btn-primary').click();
    await page.getByTestId('ledger-rules').getByText('食堂帮厨').waitFor();
    await page.waitForTimeout(2500); // messages fade before the screenshot (not a test of timing)
    await shot(page, 'console-ledger-rules-1366');
    await page.context().close();
  });

  it('李书记 sees the funds at 1∶4.2 last year against 1∶5, and records a 20% profit back-feed (1366 px)', async () => {
    const page = await desk('13800000002', 1366);
    await page.goto(`${server.url}/ledger/funds`);
    await page.getByTestId('fund-leverage').getByText('1∶4.5').waitFor();
    await page.getByTestId('fund-micro_fund').getByText('8,300.00').waitFor();
    await page.getByTestId('fund-backfeed').click();
    await page.getByTestId('backfeed-project').fill('防空洞自习室');
    await page.getByTestId('backfeed-profit').fill('12345.67');
    await page.getByTestId('backfeed-preview').getByText('2,469.13 元').waitFor();
    await page.locator('.ant-modal-footer .ant-btn-primary').click();
    await page.getByText('已反哺 2,469.13 元').waitFor();
    await page.getByTestId('fund-micro_fund').getByText('10,769.13').waitFor();
    await page.waitForTimeout(2500); // messages fade before the screenshot (not a test of timing)
    await page.screenshot({ path: join(ARTIFACTS, 'console-ledger-funds-1366-full.png'), fullPage: true });
    // 积分超市: restock the canteen meal
    await page.getByRole('tab', { name: '积分超市' }).click();
    const meal = page.getByTestId('shop-items').locator('tr', { hasText: '社区食堂爱心套餐' });
    await meal.getByRole('button', { name: '编辑 / 补货' }).click();
    await page.getByTestId('shop-stock').fill('80');
    await page.locator('.ant-modal-footer .ant-btn-primary').click();
    await meal.getByText('80').waitFor();
    await page.waitForTimeout(2500); // messages fade before the screenshot (not a test of timing)
    await shot(page, 'console-ledger-shop-1366');
    // 党员积分: this year open (陈党员 75), closed with a frozen statement
    await page.getByRole('tab', { name: '党员积分' }).click();
    const members = page.getByTestId('party-members');
    await members.locator('tr', { hasText: '陈党员' }).getByText('75').waitFor();
    await page.getByTestId('party-close').click();
    await page.locator('.ant-modal-confirm-btns .ant-btn-dangerous').click();
    await page.getByTestId('party-closed').waitFor();
    await page.waitForTimeout(2500); // messages fade before the screenshot (not a test of timing)
    await shot(page, 'console-ledger-party-1366');
    await page.context().close();
  });

  it('the ledger works on a 390 px phone', async () => {
    const page = await desk('13800000003', 390);
    await page.goto(`${server.url}/ledger/entries`);
    await page.getByTestId('ledger-entries').getByText('先锋岗：楼道安全隐患排查').waitFor();
    await shot(page, 'console-ledger-entries-390');
    await page.context().close();
  });
});
