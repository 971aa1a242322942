import { join } from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ARTIFACTS, launch, shot, signInConsole } from '../browser';
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

/** axe-core (WCAG 2 A/AA): serious or critical violations on the page. */
async function violations(page: Page) {
  const result = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa']).analyze();
  return result.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(' | ')} — ${v.help}`);
}

const desk = (phone: string, width = 1366) =>
  signInConsole(browser, server.url, phone, { width, height: width < 500 ? 844 : 900 });

describe('数据应用', () => {
  it('the dashboard for 龙腾社区: figures with definitions, charts, data download (desktop)', async () => {
    const page = await desk('13800000002');
    await page.goto(`${server.url}/insights`);
    await page.getByTestId('figure-resolutionRate').waitFor();
    await expect(page.getByTestId('dashboard').locator('h4').first().textContent()).resolves.toBe('龙腾社区');
    await page.locator('.ds-insights-chart canvas').first().waitFor();
    await page.waitForTimeout(800); // charts finish their entry animation (for the screenshot only)
    await shot(page, 'insights-dashboard-1366');
    expect(await violations(page)).toEqual([]);
    await page.getByTestId('heat-map').scrollIntoViewIfNeeded();
    await page.waitForTimeout(500);
    await shot(page, 'insights-dashboard-heat-1366');
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByTestId('export-channel').click(),
    ]);
    expect(download.suggestedFilename()).toMatch(/^龙腾社区-channel-.*\.xlsx$/);
    // 数据翻译官: the figures as a story card for residents
    const [card] = await Promise.all([page.waitForEvent('download'), page.getByTestId('story-card').click()]);
    expect(card.suggestedFilename()).toMatch(/^龙腾社区-.*\.png$/);
    await card.saveAs(join(ARTIFACTS, 'insights-story-card.png'));
  });

  it('the dashboard at 390 px', async () => {
    const page = await desk('13800000002', 390);
    await page.goto(`${server.url}/insights`);
    await page.getByTestId('figure-resolutionRate').waitFor();
    await page.locator('.ds-insights-chart canvas').first().waitFor();
    await page.waitForTimeout(800);
    await shot(page, 'insights-dashboard-390');
    await page.locator('.ds-insights-chart').first().scrollIntoViewIfNeeded();
    await shot(page, 'insights-dashboard-chart-390');
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

    // 赵网格 reports back from the H5 (390 px): 我的 → 晨读交办
    const worker = await (
      await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, locale: 'zh-CN' })
    ).newPage();
    await worker.goto(`${server.url}/h5/login`);
    await worker.getByTestId('h5-phone').fill('13800000004');
    await worker.getByTestId('h5-password').fill('demo1234');
    await worker.getByTestId('h5-login-submit').click();
    await worker.getByTestId('h5-tab-me').click();
    await worker.getByTestId('h5-my-brief-link').click();
    const item = worker.getByTestId('h5-brief-item').first();
    await item.waitFor();
    await shot(worker, 'insights-h5-brief-390');
    await item.getByTestId('h5-brief-text').locator('textarea').fill('已当面核实并处理，结果已告知居民');
    await item.getByTestId('h5-brief-send').click();
    await worker.getByTestId('h5-brief-report').first().waitFor();
    await worker.waitForTimeout(2500); // the toast fades (for the screenshot only)
    await shot(worker, 'insights-h5-brief-reported-390');

    await lead.reload();
    await lead.getByTestId('brief-item-1').getByTestId('item-report').waitFor();
    await expect(lead.getByTestId('closed-same-day').textContent()).resolves.toContain('1/3');
    await lead.screenshot({ path: join(ARTIFACTS, 'insights-brief-closed-1366-full.png'), fullPage: true });
    expect(await violations(lead)).toEqual([]);
    expect(await violations(worker)).toEqual([]);
  });

  it('portrait and hot spots (desktop)', async () => {
    const page = await desk('13800000002');
    await page.goto(`${server.url}/insights/portrait`);
    await page.getByTestId('portrait').getByText('独居老人').first().waitFor();
    await page.screenshot({ path: join(ARTIFACTS, 'insights-portrait-1366-full.png'), fullPage: true });
    await page.goto(`${server.url}/insights/hotspots`);
    await page.getByTestId('hotspots').getByText('龙腾社区文化广场').waitFor();
    await page.screenshot({ path: join(ARTIFACTS, 'insights-hotspots-1366-full.png'), fullPage: true });
    // 转为主动任务: a patrol request in the workbench
    await page.getByTestId('hotspot-task').first().click();
    await page.waitForURL(/\/requests\/\d+/);
  });

  it('brief, portrait and hot spots at 390 px', async () => {
    const page = await desk('13800000002', 390);
    await page.goto(`${server.url}/insights/brief`);
    await page.getByTestId('brief-item-1').waitFor();
    await shot(page, 'insights-brief-390');
    await page.goto(`${server.url}/insights/portrait`);
    await page.getByTestId('portrait').getByText('独居老人').first().waitFor();
    await shot(page, 'insights-portrait-390');
    await page.goto(`${server.url}/insights/hotspots`);
    await page.getByTestId('hotspots').getByText('龙腾社区文化广场').waitFor();
    await shot(page, 'insights-hotspots-390');
  });
});
