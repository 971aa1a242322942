import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launch, pickOption, shot, signInConsole, signInH5 } from '../browser';
import { type Running, startDoorstep, stop } from '../server';

/**
 * The "done when": a resident, a grid worker, a property-company responder and the secretary take one
 * request from report to rated closure in the browser — H5 for the resident, the console for the others.
 */
let server: Running;
let browser: Browser;
beforeAll(async () => {
  server = await startDoorstep({ env: { JOBS: 'false' } });
  browser = await launch();
});
afterAll(async () => {
  await browser?.close();
  if (server) await stop(server.proc);
});

const phone = (phoneNo: string) => signInH5(browser, server.url, phoneNo, { ready: 'h5-my-community' });

async function desk(phoneNo: string): Promise<Page> {
  const page = await signInConsole(browser, server.url, phoneNo, { height: 768 });
  await page.getByTestId('requests-nav').click();
  await page.getByTestId('requests-table').waitFor();
  return page;
}

const pick = pickOption;

async function act(page: Page, action: string, note?: string) {
  await page.getByTestId(`request-action-${action}`).click();
  if (note) await page.locator('.ant-modal textarea').first().fill(note);
  await page.getByTestId('request-action-submit').click();
  try {
    await page.locator('.ant-modal').waitFor({ state: 'hidden', timeout: 20_000 });
  } catch (err) {
    // say what the dialog shows (an error from the server, a validation message) instead of only "timeout"
    await shot(page, `flow-stuck-${action}`);
    const text = await page
      .locator('.ant-modal')
      .first()
      .innerText()
      .catch(() => '');
    const toast = await page
      .locator('.ant-message, .ant-notification')
      .allInnerTexts()
      .catch(() => []);
    throw new Error(`the ${action} dialog did not close: ${text} ${toast.join(' ')}`, { cause: err });
  }
}

async function open(page: Page, publicNo: string) {
  await page.getByTestId('requests-table').getByText(publicNo).first().click();
  await page.getByTestId('request-detail').waitFor();
}

describe('one request, report to rated closure', () => {
  it('resident → grid worker → property company → secretary → resident', async () => {
    // 1. 孙阿姨 reports on her phone (home grid as the place)
    const resident = await phone('13800000008');
    await resident.getByTestId('h5-report-entry').click();
    await resident
      .getByTestId('h5-report-text')
      .fill('2栋单元门口的路灯坏了一周，晚上很黑，老人出门不方便。');
    await resident.getByTestId('h5-report-nature-help').click();
    await resident.getByTestId('h5-report-use-home').click();
    await resident.getByTestId('h5-report-submit').click();
    const done = resident.getByTestId('h5-report-done');
    await done.waitFor({ timeout: 20_000 });
    const publicNo = /DS\d{8}-\d{6}/.exec((await done.textContent()) ?? '')?.[0];
    expect(publicNo).toBeTruthy();
    await shot(resident, 'flow-1-resident-reported');

    // 2. 赵网格, the grid's worker, whistles the property company (业主吹哨 → 金茂物业)
    const worker = await desk('13800000004');
    await open(worker, publicNo!);
    await worker.getByTestId('request-action-dispatch').click();
    await pick(worker, 'dispatch-kind', '业主吹哨');
    await pick(worker, 'dispatch-org', '金茂物业');
    await worker.locator('.ant-modal textarea').first().fill('请物业今天安排电工维修。');
    await worker.getByTestId('request-action-submit').click();
    await worker.locator('.ant-modal').waitFor({ state: 'hidden' });
    await worker.getByTestId('request-timeline').getByText('业主吹哨').first().waitFor();
    await shot(worker, 'flow-2-grid-worker-dispatched');

    // 3. 刘经理 of 金茂物业 accepts and reports it handled
    const responder = await desk('13800000005');
    await open(responder, publicNo!);
    await act(responder, 'accept', '已安排电工下午到场。');
    await act(responder, 'handle', '已更换2栋单元门口路灯灯泡，现场测试正常。');
    await responder.getByTestId('request-timeline').getByText('办结', { exact: true }).first().waitFor();
    await shot(responder, 'flow-3-responder-handled');

    // 4. 李书记 verifies
    const secretary = await desk('13800000002');
    await open(secretary, publicNo!);
    await act(secretary, 'verify', '网格员现场核查，路灯已亮。');
    await shot(secretary, 'flow-4-secretary-verified');

    // 5. 孙阿姨 sees every step and rates it
    await resident.goto(`${server.url}/h5/requests`);
    await resident.getByTestId('h5-my-requests').getByText(publicNo!).first().click();
    await resident.getByTestId('h5-request-timeline').waitFor();
    const timeline = (await resident.getByTestId('h5-request-timeline').textContent()) ?? '';
    expect(timeline).toContain('金茂物业');
    await resident.getByTestId('h5-rate-resolved-yes').click();
    await resident.getByTestId('h5-rate-satisfaction-satisfied').click();
    await resident.getByTestId('h5-rate-submit').click();
    await expect
      .poll(
        async () => {
          const res = await resident.evaluate(async (no) => {
            const list = await (await fetch('/api/my/requests')).json();
            return list.items.find((i: { publicNo: string }) => i.publicNo === no)?.status;
          }, publicNo);
          return res;
        },
        { timeout: 15_000 },
      )
      .toBe('closed');
    await shot(resident, 'flow-5-resident-rated');
  });
});
