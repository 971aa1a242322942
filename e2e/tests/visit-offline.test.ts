import type { Browser, BrowserContext, CDPSession, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launch, shot } from '../browser';
import { type Running, startDoorstep, stop } from '../server';

/**
 * 入户走访 offline (decision 0031): 赵网格 picks a resident of her grid while online, loses the signal (CDP
 * Network.emulateNetworkConditions), updates phone, residence and a visit note, and the edit waits on the phone;
 * back online it lands once. Then a conflict: while she is offline again 李书记 changes the same person; her queued
 * edit shows 冲突 with the server's value, and 以我的为准重试 applies it on top. Screenshots at 390 px.
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

const settle = (page: Page) => page.waitForTimeout(400);
const network = (cdp: CDPSession, offline: boolean) =>
  cdp.send('Network.emulateNetworkConditions', {
    offline,
    latency: 0,
    downloadThroughput: -1,
    uploadThroughput: -1,
  });

async function h5(phone: string): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({
    viewport: { width: 390, height: 844 },
    isMobile: true,
    locale: 'zh-CN',
  });
  const page = await context.newPage();
  await page.goto(`${server.url}/h5/login`);
  await page.getByTestId('h5-phone').fill(phone);
  await page.getByTestId('h5-password').fill('demo1234');
  await page.getByTestId('h5-login-submit').click();
  await page.getByTestId('h5-tab-me').waitFor();
  return { context, page };
}

const updates = (page: Page, id: number) =>
  page.evaluate(async (pid) => {
    const h = await (await fetch(`/api/records/people/${pid}/history`)).json();
    return (h.items as { action: string; summary: Record<string, unknown> }[]).filter(
      (x) => x.action === 'person.update',
    );
  }, id);

describe('H5 入户走访 (offline-tolerant)', () => {
  it('an edit made without signal is sent once when back online; a conflict keeps it until the worker decides', async () => {
    const { context, page } = await h5('13800000004');
    await page.getByTestId('h5-tab-me').click();
    await page.getByTestId('h5-visit-link').click();
    const first = page.locator('[data-testid^="visit-person-"]').first();
    await first.waitFor();
    await settle(page);
    await shot(page, 'h5-visit-list-390');
    const id = Number(((await first.getAttribute('data-testid')) ?? '').replace('visit-person-', ''));
    const before = await updates(page, id);

    await first.click();
    await page.getByTestId('visit-phone').locator('input').waitFor();
    const cdp = await context.newCDPSession(page);
    await cdp.send('Network.enable');
    await network(cdp, true);
    await page.getByTestId('visit-phone').locator('input').fill('13912340001');
    await page.locator('.adm-selector-item', { hasText: '租住' }).click();
    await page.getByTestId('visit-note').locator('textarea').fill('入户走访：新换手机号，现为租住');
    await settle(page);
    await shot(page, 'h5-visit-form-390');
    await page.getByTestId('visit-save').click();
    await page.getByTestId('patrol-pending').waitFor();
    // a few tries fail while offline: the edit stays
    await page.waitForTimeout(4_000);
    expect(await page.getByTestId('patrol-pending').textContent()).toContain('1');
    await shot(page, 'h5-visit-offline-390');

    await network(cdp, false);
    await page.getByTestId('patrol-pending').waitFor({ state: 'detached', timeout: 30_000 });
    const after = await updates(page, id);
    expect(after.length).toBe(before.length + 1);
    expect(JSON.stringify(after[0]!.summary)).toContain('入户走访：新换手机号');
    const person = await page.evaluate(async (pid) => (await fetch(`/api/records/people/${pid}`)).json(), id);
    expect(person).toMatchObject({ residence: 'tenant', phone: '139****0001' });

    // the conflict: offline again, an edit from the (reloaded) version; 李书记 saves meanwhile
    await page.waitForTimeout(1_500);
    await page.locator(`[data-testid="visit-person-${id}"]`).waitFor();
    await page.locator(`[data-testid="visit-person-${id}"]`).click();
    await page.getByTestId('visit-phone').locator('input').waitFor();
    await network(cdp, true);
    await page.getByTestId('visit-phone').locator('input').fill('13912340002');
    await page.getByTestId('visit-save').click();
    await page.getByTestId('patrol-pending').waitFor();

    const sec = await h5('13800000002');
    const saved = await sec.page.evaluate(async (pid) => {
      const p = await (await fetch(`/api/records/people/${pid}`)).json();
      const r = await fetch(`/api/records/people/${pid}`, {
        method: 'PATCH',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ version: p.version, residence: 'permanent' }),
      });
      return r.status;
    }, id);
    expect(saved).toBe(200);
    await sec.context.close();

    await network(cdp, false);
    await page.getByTestId(`queue-person-${id}`).waitFor({ timeout: 30_000 });
    const card = page.getByTestId(`queue-person-${id}`);
    expect(await card.textContent()).toContain('冲突');
    expect(await card.getByTestId('queue-server-value').textContent()).toContain('139****0001');
    expect(await card.textContent()).toContain('13912340002'); // nothing typed is lost
    await settle(page);
    await shot(page, 'h5-visit-conflict-390');
    await card.getByTestId('queue-retry').click();
    await card.waitFor({ state: 'detached', timeout: 30_000 });
    const final = await page.evaluate(async (pid) => (await fetch(`/api/records/people/${pid}`)).json(), id);
    expect(final).toMatchObject({ residence: 'permanent', phone: '139****0002' });
    expect((await updates(page, id)).length).toBe(before.length + 3);

    // houses: found by address words on the server; the form (use, occupants, visit note)
    await page.locator('.adm-tabs-tab', { hasText: '房屋' }).click();
    const house = page.locator('[data-testid^="visit-house-"]').first();
    await house.waitFor();
    await house.click();
    await page.locator('.adm-selector-item', { hasText: '出租' }).waitFor();
    await settle(page);
    await shot(page, 'h5-visit-house-390');
    await context.close();
  });
});

describe('console: a unit’s contact phone with a stated purpose', () => {
  it('李书记 states a purpose and sees 周记理发店’s phone in full, at 1366 and 390 px', async () => {
    for (const width of [1366, 390]) {
      const context = await browser.newContext({
        viewport: { width, height: width < 500 ? 844 : 768 },
        isMobile: width < 500,
        locale: 'zh-CN',
      });
      const page = await context.newPage();
      await page.goto(`${server.url}/`);
      await page.getByTestId('login-phone').fill('13800000002');
      await page.getByTestId('login-password').fill('demo1234');
      await page.getByTestId('login-submit').click();
      await page.getByTestId('requests-nav').waitFor();
      await page.goto(`${server.url}/records/units`);
      await page.getByText('周记理发店').first().click();
      await page.getByTestId('unit-phone-shown').waitFor();
      expect(await page.getByTestId('unit-phone-shown').textContent()).toBe('138****0007');
      await page.getByTestId('unit-unmask').click();
      await page.getByTestId('unit-unmask-purpose').fill('联系商户核实营业执照');
      await settle(page);
      await shot(page, `units-unmask-ask-${width}`);
      await page.locator('.ant-modal-footer .ant-btn-primary').click();
      await page.waitForFunction(
        () => !document.querySelector('[data-testid="unit-phone-shown"]')?.textContent?.includes('*'),
      );
      expect(await page.getByTestId('unit-phone-shown').textContent()).toMatch(/^138\d{4}0007$/);
      await settle(page);
      await shot(page, `units-unmask-shown-${width}`);
      await context.close();
    }
  });
});
