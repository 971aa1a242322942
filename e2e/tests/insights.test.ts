import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ARTIFACTS, launch, shot } from '../browser';
import { type Running, startDoorstep, stop } from '../server';

/**
 * 数据应用: 李书记 opens 龙腾社区's dashboard and downloads a chart's data, runs the morning brief and assigns an item
 * to 赵网格, who reports back; the loop shows closed. Screenshots at desktop width and 390 px.
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

async function desk(phoneNo: string, width = 1366): Promise<Page> {
  const page = await (
    await browser.newContext({
      viewport: { width, height: width < 500 ? 844 : 900 },
      isMobile: width < 500,
      locale: 'zh-CN',
      acceptDownloads: true,
    })
  ).newPage();
  await page.goto(`${server.url}/`);
  await page.getByTestId('login-phone').fill(phoneNo);
  await page.getByTestId('login-password').fill('demo1234');
  await page.getByTestId('login-submit').click();
  await page.getByTestId('requests-nav').waitFor();
  return page;
}

describe('数据应用', () => {
  it('the dashboard for 龙腾社区: figures with definitions, charts, data download (desktop)', async () => {
    const page = await desk('13800000002');
    await page.goto(`${server.url}/insights`);
    await page.getByTestId('figure-resolutionRate').waitFor();
    await expect(page.getByTestId('dashboard').locator('h4').first().textContent()).resolves.toBe('龙腾社区');
    await page.locator('.ds-insights-chart canvas').first().waitFor();
    await page.waitForTimeout(800); // charts finish their entry animation (for the screenshot only)
    await shot(page, 'insights-dashboard-1366');
    await page.screenshot({ path: join(ARTIFACTS, 'insights-dashboard-1366-full.png'), fullPage: true });
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByTestId('export-channel').click(),
    ]);
    expect(download.suggestedFilename()).toMatch(/^龙腾社区-channel-.*\.xlsx$/);
  });

  it('the dashboard at 390 px', async () => {
    const page = await desk('13800000002', 390);
    await page.goto(`${server.url}/insights`);
    await page.getByTestId('figure-resolutionRate').waitFor();
    await page.locator('.ds-insights-chart canvas').first().waitFor();
    await page.waitForTimeout(800);
    await page.screenshot({ path: join(ARTIFACTS, 'insights-dashboard-390-full.png'), fullPage: true });
  });

  it('runs the brief, assigns an item; the grid worker reports back; the loop shows closed', async () => {
    const lead = await desk('13800000002');
    await lead.goto(`${server.url}/insights/brief`);
    await lead.getByTestId('brief-run').click();
    const first = lead.getByTestId('brief-item-1');
    await first.waitFor();
    await shot(lead, 'insights-brief-1366');
    await first.getByTestId('item-assign').click();
    await lead.getByTestId('assignee-select').click();
    await lead.locator('.ant-select-item-option', { hasText: '赵网格' }).click();
    await lead
      .locator('.ant-modal')
      .getByRole('button', { name: /确\s*定|OK/ })
      .click();
    await first.getByTestId('item-state').getByText('已交办').waitFor();

    const worker = await desk('13800000004', 390);
    await worker.goto(`${server.url}/insights/brief`);
    const mine = worker.getByTestId('my-items');
    await mine.waitFor();
    await mine.getByTestId('item-report-btn').first().click();
    await worker.getByTestId('report-text').fill('已到广场与舞队约定晚九点前结束，音量调低');
    await worker
      .locator('.ant-modal')
      .getByRole('button', { name: /确\s*定|OK/ })
      .click();
    await mine.getByTestId('item-state').getByText('已回报').first().waitFor();
    await worker.screenshot({ path: join(ARTIFACTS, 'insights-brief-report-390-full.png'), fullPage: true });

    await lead.reload();
    await lead.getByTestId('brief-item-1').getByTestId('item-report').waitFor();
    await expect(lead.getByTestId('closed-same-day').textContent()).resolves.toContain('1/3');
    await lead.screenshot({ path: join(ARTIFACTS, 'insights-brief-closed-1366-full.png'), fullPage: true });
  });

  it('portrait and hot spots (desktop)', async () => {
    const page = await desk('13800000002');
    await page.goto(`${server.url}/insights/portrait`);
    await page.getByTestId('portrait').getByText('独居老人').first().waitFor();
    await page.screenshot({ path: join(ARTIFACTS, 'insights-portrait-1366-full.png'), fullPage: true });
    await page.goto(`${server.url}/insights/hotspots`);
    await page.getByTestId('hotspots').getByText('龙腾社区文化广场').waitFor();
    await page.screenshot({ path: join(ARTIFACTS, 'insights-hotspots-1366-full.png'), fullPage: true });
  });
});
