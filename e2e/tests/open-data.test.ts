import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launch, newPage, shot, signInConsole, signInH5 } from '../browser';
import { type Running, startDoorstep, stop } from '../server';

/**
 * Using the data (decision 0029): an anonymous visitor opens 龙腾社区's public page; 孙阿姨 opens 社区数据 and is asked
 * "这条数据与你有关吗?" (the street admin set the asking probability to 1 first) and answers; 李书记 restores the
 * down-weighted 按期结案率 in 数据权重. Screenshots at 390 px and 1366 px.
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

const h5 = (phone: string, width = 390) =>
  signInH5(browser, server.url, phone, { width, height: width < 500 ? 844 : 900, ready: 'h5-figures-entry' });

const desk = (phone: string, width = 1366) =>
  signInConsole(browser, server.url, phone, { width, height: width < 500 ? 844 : 900 });

describe('open data and the reverse survey', () => {
  it('an anonymous visitor sees 龙腾社区’s public page, with no personal data', async () => {
    for (const width of [390, 1366]) {
      const page = await newPage(browser, { width, height: width < 500 ? 844 : 900 });
      await page.goto(`${server.url}/h5/open/990101001001`);
      await page.getByTestId('h5-open').waitFor();
      await page.getByTestId('h5-fig-resolutionRate').waitFor();
      expect(await page.locator('h1').first().textContent()).toContain('龙腾社区');
      // the consented examples (demo: five) and the open-data links
      expect(await page.getByTestId('h5-open-examples').locator('li').count()).toBeGreaterThan(0);
      expect(await page.getByTestId('h5-open-csv').getAttribute('href')).toBe(
        '/api/open/communities/990101001001/data.csv',
      );
      // the down-weighted 按期结案率 is folded
      expect(await page.getByTestId('h5-fig-onTimeRate').getAttribute('data-folded')).toBe('true');
      const text = (await page.locator('body').textContent()) ?? '';
      expect(text).not.toMatch(/1[3-9]\d{9}/);
      for (const name of ['孙阿姨', '李书记', '赵网格', '王建国']) expect(text).not.toContain(name);
      await shot(page, `open-community-${width}`);
      await page.context().close();
    }
  });

  it('孙阿姨 is asked whether a figure concerns her, and answers', async () => {
    // the street admin asks every time (the demo street's default is 20 %), in 数据权重
    const admin = await desk('13800000001');
    await admin.goto(`${server.url}/insights/figures`);
    await admin.getByTestId('survey-settings').waitFor();
    const probability = admin.getByLabel('提问概率');
    await probability.fill('100');
    await admin
      .getByTestId('survey-settings')
      .getByRole('button', { name: /保\s*存/ })
      .click();
    await admin.getByText('已保存').waitFor();
    await admin.getByText('提问概率 100.0%', { exact: false }).waitFor();
    await shot(admin, 'insights-survey-settings-1366');
    await admin.context().close();

    const page = await h5('13800000008');
    await page.getByTestId('h5-figures-entry').click();
    await page.getByTestId('h5-fig-requests').waitFor();
    await page.getByTestId('h5-survey').waitFor();
    await page.waitForTimeout(300);
    await shot(page, 'community-figures-ask-390');
    await page.getByTestId('h5-survey-irrelevant').click();
    await page.getByTestId('h5-survey').waitFor({ state: 'detached' });
    await page.waitForTimeout(500);
    await shot(page, 'community-figures-390');
    // asked once a day: coming back asks nothing
    await page.reload();
    await page.getByTestId('h5-fig-requests').waitFor();
    await page.waitForTimeout(1000);
    expect(await page.getByTestId('h5-survey').count()).toBe(0);
  });

  it('李书记 sees 按期结案率 folded on the dashboard and restores it in 数据权重', async () => {
    const page = await desk('13800000002');
    await page.goto(`${server.url}/insights`);
    await page.getByTestId('weights-notice').waitFor();
    await page.getByTestId('data-use').waitFor();
    await page.getByTestId('data-use').scrollIntoViewIfNeeded();
    await page.waitForTimeout(800);
    await shot(page, 'insights-data-use-1366');
    await page.goto(`${server.url}/insights/figures`);
    await page.getByTestId('figure-weights').waitFor();
    await page.waitForTimeout(300);
    await shot(page, 'insights-figure-weights-1366');
    await page.getByTestId('restore-onTimeRate').click();
    await page.locator('.ant-popconfirm .ant-btn-primary').click();
    await page.getByTestId('restore-onTimeRate').waitFor({ state: 'detached' });
    // the history shows the automatic change and the restore, by 李书记
    await page.locator('.ant-table-row-expand-icon').nth(4).click();
    await page.getByText('李书记').first().waitFor();
    const narrow = await desk('13800000002', 390);
    await narrow.goto(`${server.url}/insights/figures`);
    await narrow.getByTestId('figure-weights').waitFor();
    await narrow.waitForTimeout(300);
    await shot(narrow, 'insights-figure-weights-390');
    // the dashboard no longer folds it
    await page.goto(`${server.url}/insights`);
    await page.getByTestId('data-use').waitFor();
    expect(await page.getByTestId('weights-notice').count()).toBe(0);
  });
});
