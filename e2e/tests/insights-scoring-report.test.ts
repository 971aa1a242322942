import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ARTIFACTS, launch, shot, signInConsole } from '../browser';
import { type Running, startDoorstep, stop } from '../server';

/**
 * 晨读评分 and 月报: 王建国 (street admin) raises the brief's items per day for his street; 李书记 sees the street's
 * scoring read-only, downloads 龙腾社区's monthly workbook and opens the printable page. Screenshots at 1366 and 390 px.
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

const desk = (phone: string, width = 1366) =>
  signInConsole(browser, server.url, phone, { width, height: width < 500 ? 844 : 900 });

describe('晨读评分 and 月报', () => {
  it('the street admin changes the scoring; the secretary reads it', async () => {
    const admin = await desk('13800000001');
    await admin.goto(`${server.url}/insights/scoring`);
    await admin.getByTestId('scoring-tab').waitFor();
    await expect(admin.getByTestId('scoring-state').textContent()).resolves.toContain('默认');
    await shot(admin, 'insights-scoring-1366');
    const items = admin.getByTestId('scoring-items');
    await items.fill('5');
    await admin.getByTestId('scoring-save').click();
    await admin.getByText('评分设置已保存').waitFor();
    await expect(admin.getByTestId('scoring-state').textContent()).resolves.toContain('第 1 版');

    const lead = await desk('13800000002');
    await lead.goto(`${server.url}/insights/scoring`);
    await lead.getByTestId('scoring-tab').waitFor();
    await expect(lead.getByTestId('scoring-items').inputValue()).resolves.toBe('5');
    await expect(lead.getByTestId('scoring-items').isDisabled()).resolves.toBe(true);
    await expect(lead.getByTestId('scoring-save').count()).resolves.toBe(0);

    const narrow = await desk('13800000001', 390);
    await narrow.goto(`${server.url}/insights/scoring`);
    await narrow.getByTestId('scoring-tab').waitFor();
    await shot(narrow, 'insights-scoring-390');
  });

  it('downloads the monthly workbook and opens the printable page', async () => {
    const page = await desk('13800000002');
    await page.goto(`${server.url}/insights`);
    await page.getByTestId('figure-resolutionRate').waitFor();
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByTestId('monthly-excel').click(),
    ]);
    expect(download.suggestedFilename()).toMatch(/^龙腾社区-\d{4}-\d{2}-月报\.xlsx$/);
    const file = join(ARTIFACTS, 'monthly-report.xlsx');
    await download.saveAs(file);
    expect(readFileSync(file).subarray(0, 2).toString()).toBe('PK');
    await shot(page, 'insights-monthly-buttons-1366');
    const [popup] = await Promise.all([
      page.waitForEvent('popup'),
      page.getByTestId('monthly-print').click(),
    ]);
    await popup.waitForLoadState();
    await expect(popup.locator('h1').textContent()).resolves.toContain('月报');
    await popup.setViewportSize({ width: 1366, height: 900 });
    await shot(popup, 'insights-monthly-print-1366');
    await popup.setViewportSize({ width: 390, height: 844 });
    await shot(popup, 'insights-monthly-print-390');
    await popup.emulateMedia({ media: 'print' });
    await popup.pdf({ path: join(ARTIFACTS, 'monthly-report.pdf'), format: 'A4' }).catch(() => {});
    const narrow = await desk('13800000002', 390);
    await narrow.goto(`${server.url}/insights`);
    // the dashboard re-renders its toolbar when the figures arrive: scroll again if the button was replaced meanwhile
    for (let attempt = 1; ; attempt++) {
      try {
        await narrow.getByTestId('monthly-excel').scrollIntoViewIfNeeded({ timeout: 10_000 });
        break;
      } catch (err) {
        if (attempt === 5) throw err;
      }
    }
    await shot(narrow, 'insights-monthly-buttons-390');
  });
});
