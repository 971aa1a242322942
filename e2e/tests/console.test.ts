import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launch, shot } from '../browser';
import { type Running, startDoorstep, stop } from '../server';

/** The staff console in Chromium at 1366×768, against the real server with the demo city. */
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

async function signIn(phone: string, locale = 'zh-CN'): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1366, height: 768 }, locale });
  const page = await context.newPage();
  await page.goto(`${server.url}/`);
  await page.getByTestId('login-phone').fill(phone);
  await page.getByTestId('login-password').fill('demo1234');
  await page.getByTestId('login-submit').click();
  await page.getByTestId('area-tree').waitFor();
  return page;
}

describe('staff console', () => {
  it('refuses a wrong password with a Chinese message and keeps the phone', async () => {
    const page = await (await browser.newContext({ viewport: { width: 1366, height: 768 } })).newPage();
    await page.goto(`${server.url}/`);
    await page.getByTestId('login-phone').fill('13800000002');
    await page.getByTestId('login-password').fill('not-the-password');
    await page.getByTestId('login-submit').click();
    await page.getByText('手机号或密码不正确').first().waitFor();
    expect(await page.getByTestId('login-phone').inputValue()).toBe('13800000002');
    await shot(page, 'console-login-error');
    await page.context().close();
  });

  it("a secretary browses her community's tree, sees its grids on the map and a grid's worker", async () => {
    const page = await signIn('13800000002');
    const tree = page.getByTestId('area-tree');
    await tree.getByText('龙腾社区').first().waitFor();
    expect(await tree.textContent()).not.toContain('九龙社区'); // scoped to her community
    const map = page.getByTestId('area-map');
    await expect
      .poll(() => map.locator('path.leaflet-interactive').count(), { timeout: 15_000 })
      .toBeGreaterThanOrEqual(6);
    await shot(page, 'console-areas');
    await tree.getByText('第1网格').first().click();
    // the grid's own detail (not the community's list of grids) shows the lead worker with a masked phone
    const detail = page.getByTestId('area-detail');
    await detail.getByText('138****0004').first().waitFor({ timeout: 15_000 });
    expect(await detail.textContent()).toMatch(/990101001001001[\s\S]*赵网格/);
    await shot(page, 'console-grid');
    await page.context().close();
  });

  it('runs a dry-run Excel import of the template and shows what would be created', async () => {
    const page = await signIn('13800000002');
    const template = await page.evaluate(async () => {
      const res = await fetch('/api/areas/import-template.xlsx');
      return Array.from(new Uint8Array(await res.arrayBuffer()));
    });
    await page.getByTestId('import-open').first().click();
    const dialog = page.getByRole('dialog');
    await dialog.locator('input[type=file]').setInputFiles({
      name: '区域导入模板.xlsx',
      mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      buffer: Buffer.from(template),
    });
    await dialog.getByRole('button', { name: '开始检查' }).click();
    await dialog.getByText('将新增').first().waitFor({ timeout: 30_000 });
    expect(await dialog.textContent()).toMatch(/将新增\s*3/);
    await shot(page, 'console-import-dry-run');
    // nothing was written by the dry run
    const search = await page.evaluate(async () => (await fetch('/api/areas/search?q=示例小区')).json());
    expect(search.items).toHaveLength(0);
    await page.context().close();
  });

  it('a street admin sees the party organisations and can switch to English', async () => {
    const page = await signIn('13800000001');
    await page.getByRole('menuitem', { name: /党组织/ }).click();
    await page.getByText('长江路街道党工委').first().waitFor();
    expect(await page.locator('body').textContent()).toContain('金茂物业党支部');
    await shot(page, 'console-party');
    await page.getByRole('button', { name: /中文/ }).first().hover();
    await page.getByRole('menuitem', { name: 'English' }).click();
    await page
      .getByText(/Party organi[sz]ations/i)
      .first()
      .waitFor();
    await shot(page, 'console-party-en');
    await page.context().close();
  });

  it('serves the API documentation', async () => {
    const page = await (await browser.newContext()).newPage();
    await page.goto(`${server.url}/api/docs`);
    await page.getByText('Doorstep 家门口 API').first().waitFor({ timeout: 20_000 });
    await shot(page, 'api-docs');
    await page.context().close();
  });
});
