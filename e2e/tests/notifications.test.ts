import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launch, pickOption, shot, signInConsole, signInH5 } from '../browser';
import { type Running, startDoorstep, stop } from '../server';

/**
 * 消息: 李书记 whistles a demo request in the console; 孙阿姨 (13800000008) sees the badge on her phone and the
 * message in her inbox, opens the request from it; 刘经理 of 金茂物业 sees the bell in the console header.
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

const phone = (phoneNo: string, width = 390) =>
  signInH5(browser, server.url, phoneNo, { width, ready: 'h5-my-community' });

async function desk(phoneNo: string, width = 1366): Promise<Page> {
  const page = await signInConsole(browser, server.url, phoneNo, {
    width,
    height: 768,
    ready: 'console-bell',
  });
  // at phone width the menu is folded: go straight to the workbench
  await page.goto(`${server.url}/requests`);
  await page.getByTestId('requests-table').waitFor();
  return page;
}

const pick = pickOption;

describe('notifications when a request moves', () => {
  it('the resident sees the badge and the message; the responder sees the bell', async () => {
    // 孙阿姨 starts with an empty inbox (the demo seed's steps already told her things: read them all)
    const resident = await phone('13800000008');
    await resident.getByTestId('h5-messages-entry').click();
    await resident.getByTestId('h5-messages').waitFor();
    const markAll = resident.getByTestId('h5-msg-markall');
    if (await markAll.isVisible()) await markAll.click();
    await expect.poll(() => markAll.isVisible()).toBe(false);
    await resident.goto(`${server.url}/h5/`);
    await resident.getByTestId('h5-messages-entry').waitFor();
    expect(await resident.getByTestId('h5-unread-badge').count()).toBe(0);

    // 李书记 whistles the demo's barbecue complaint to 金茂物业 in the console
    const secretary = await desk('13800000002');
    const row = secretary.getByTestId('requests-table').locator('tr', { hasText: '烧烤摊' }).first();
    const publicNo = /DS\d{8}-\d{6}/.exec((await row.textContent()) ?? '')?.[0];
    expect(publicNo).toBeTruthy();
    await row.click();
    await secretary.getByTestId('request-detail').waitFor();
    await secretary.getByTestId('request-action-dispatch').click();
    await pick(secretary, 'dispatch-kind', '业主吹哨');
    await pick(secretary, 'dispatch-org', '金茂物业');
    await secretary.locator('.ant-modal textarea').first().fill('请物业今晚劝导烧烤摊收摊。');
    await secretary.getByTestId('request-action-submit').click();
    await secretary.locator('.ant-modal').waitFor({ state: 'hidden' });
    await secretary.getByTestId('request-timeline').getByText('业主吹哨').first().waitFor();

    // the badge on her home page (it polls every minute and on focus; a reload is the same question now)
    await resident.reload();
    const badge = resident.getByTestId('h5-unread-badge');
    await badge.waitFor();
    expect(await badge.textContent()).toBe('1 条未读');
    await shot(resident, 'notify-1-h5-home-badge-390');

    // the message in her inbox, and the request opens from it
    await resident.getByTestId('h5-messages-entry').click();
    const message = resident.getByTestId('h5-messages').locator('.h5-msg-unread').first();
    await message.waitFor();
    const text = (await message.textContent()) ?? '';
    expect(text).toContain('已派给金茂物业办理');
    expect(text).toContain('烧烤摊');
    expect(text).toContain('请物业今晚劝导烧烤摊收摊。');
    expect(text).toContain(publicNo!);
    await shot(resident, 'notify-2-h5-messages-390');
    await message.click();
    await resident.getByTestId('h5-request-timeline').waitFor();
    expect(resident.url()).toMatch(/\/h5\/requests\/\d+$/);
    await resident.goBack();
    await resident.getByTestId('h5-messages').waitFor();
    await expect.poll(() => resident.locator('.h5-msg-unread').count()).toBe(0);
    await resident.goto(`${server.url}/h5/`);
    await resident.getByTestId('h5-messages-entry').waitFor();
    expect(await resident.getByTestId('h5-unread-badge').count()).toBe(0);

    // the same inbox on a desktop browser, in English
    const wide = await phone('13800000008', 1280);
    await wide.evaluate(() => localStorage.setItem('doorstep.lang', 'en-US'));
    await wide.goto(`${server.url}/h5/messages`);
    await wide.getByTestId('h5-messages').getByText('Sent to 金茂物业').first().waitFor();
    await shot(wide, 'notify-3-h5-messages-desktop-en');

    // 刘经理 of 金茂物业: the bell in the console header, the message, the request drawer
    const responder = await desk('13800000005');
    const bell = responder.getByTestId('console-bell');
    await expect.poll(async () => (await bell.textContent()) ?? '').toMatch(/\d/);
    await bell.click();
    const panel = responder.getByTestId('console-notifications');
    await panel.waitFor();
    const item = panel.locator('.ds-notif-unread', { hasText: publicNo! }).first();
    await item.waitFor();
    expect(await item.textContent()).toContain('新派单，请接单');
    await shot(responder, 'notify-4-console-bell-desktop');
    await item.click();
    await responder.getByTestId('request-detail').waitFor();
    await expect
      .poll(async () => (await responder.getByTestId('request-detail').textContent()) ?? '')
      .toContain('烧烤摊');
    expect(responder.url()).toMatch(/\/requests\/\d+/);

    // the console header at phone width
    const narrow = await desk('13800000005', 390);
    await narrow.getByTestId('console-bell').click();
    await narrow.getByTestId('console-notifications').locator('.ds-notif-item').first().waitFor();
    // let the drawer finish sliding in before the picture
    await narrow.waitForTimeout(500);
    await shot(narrow, 'notify-5-console-bell-390');
  });
});
