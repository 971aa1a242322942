import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launch, shot, signInConsole } from '../browser';
import { ROOT, type Running, startDoorstep, stop } from '../server';

/**
 * 历史诉求导入 in the browser: 李书记 uploads 龙腾社区's 12345 export (the demo start imported it already, so
 * every row is skipped by its 工单编号), dry-runs it, imports the valid rows and reads the result; then the
 * suggester's accuracy; then in the workbench she ticks two new requests, dispatches both to 金茂物业 and exports
 * the queue to Excel. Desktop and 390 px screenshots of each screen.
 */
let server: Running;
let browser: Browser;
const CSV = readFileSync(join(ROOT, 'server/src/demo/data/history-12345.csv'));
const ROWS = CSV.toString('utf8').trim().split('\n').length - 1;

beforeAll(async () => {
  server = await startDoorstep({ env: { JOBS: 'false' } });
  browser = await launch();
});
afterAll(async () => {
  await browser?.close();
  if (server) await stop(server.proc);
});

const desk = (width = 1366) =>
  signInConsole(browser, server.url, '13800000002', { width, height: width < 500 ? 844 : 800 });

const pick = async (page: Page, testId: string, text: string) => {
  await page.getByTestId(testId).click();
  await page
    .locator('.ant-select-dropdown:visible .ant-select-item-option', { hasText: text })
    .first()
    .click();
};

/** Chooses the file, checks the preview, goes on to the mode step. */
async function uploadAndPreview(page: Page, prefix: string) {
  await page.locator('input[type=file]').setInputFiles({
    name: 'history-12345.csv',
    mimeType: 'text/csv',
    buffer: CSV,
  });
  await page.getByTestId('history-preview').waitFor();
  expect(await page.getByTestId('history-encoding').textContent()).toBe('UTF-8 文本');
  expect(await page.getByTestId('history-rows').textContent()).toBe(`${ROWS} 行`);
  // the server's guess fills the required fields: 诉求内容 and 来电时间
  await expect.poll(() => page.getByTestId('map-description').textContent()).toContain('诉求内容');
  expect(await page.getByTestId('map-createdAt').textContent()).toContain('来电时间');
  expect(await page.getByTestId('map-sourceRef').textContent()).toContain('工单编号');
  await shot(page, `${prefix}-2-preview`);
  await page.getByTestId('history-mapping').scrollIntoViewIfNeeded();
  await shot(page, `${prefix}-2b-mapping`);
  await page.getByTestId('history-next').click();
  await page.getByTestId('history-run').waitFor();
}

const count = async (page: Page, key: string) =>
  Number(
    (await page.getByTestId(`import-count-${key}`).locator('.ant-statistic-content-value').textContent())
      ?.replace(/,/g, '')
      .trim(),
  );

describe('历史诉求导入, accuracy, 批量派单 and 导出 Excel', () => {
  it('imports the 12345 export: preview, dry run, valid rows, result', async () => {
    const page = await desk();
    await page.getByTestId('requests-nav').click();
    await page.getByTestId('history-open').click();
    await page.getByTestId('history-file').waitFor();
    await shot(page, 'history-1-choose');
    await uploadAndPreview(page, 'history');

    // 试运行 first (the default mode)
    await shot(page, 'history-3-mode');
    await page.getByTestId('history-start').click();
    await page.getByTestId('history-result').waitFor({ timeout: 60_000 });
    const created = await count(page, 'created');
    const skipped = await count(page, 'skipped');
    // the demo start imported this very file: nothing new, every row known by its 工单编号
    expect(created + skipped).toBe(ROWS);
    await shot(page, 'history-4-dry-run');

    // then 仅导入有效行, without picking the file again
    await page.getByRole('button', { name: '重新选择导入方式' }).click();
    await page.getByTestId('history-mode-valid_rows').click();
    await page.getByTestId('history-start').click();
    await page.getByTestId('history-result').waitFor({ timeout: 60_000 });
    await page
      .getByText(/导入完成|已导入/)
      .first()
      .waitFor();
    expect(await count(page, 'created')).toBe(created);
    expect(await count(page, 'skipped')).toBe(skipped);
    await shot(page, 'history-5-imported');

    // the suggester's accuracy on the held-out fifth
    await page.getByTestId('history-tab-accuracy').click();
    await page.getByTestId('acc-top1').waitFor({ timeout: 60_000 });
    expect(await page.getByTestId('acc-top1').textContent()).toMatch(/\d+\.\d%/);
    expect(await page.getByTestId('acc-meta').textContent()).toMatch(/训练样本 \d+ 条 · 留出检验 \d+ 条/);
    await shot(page, 'history-6-accuracy');
    await page.getByTestId('acc-chart').locator('canvas').first().waitFor();
    await page.waitForTimeout(300);
    await page.getByTestId('acc-chart').scrollIntoViewIfNeeded();
    await shot(page, 'history-6b-accuracy-chart');
    await page.context().close();
  });

  it('works on a 390 px phone', async () => {
    const page = await desk(390);
    await page.goto(`${server.url}/requests/history`);
    await page.getByTestId('history-file').waitFor();
    await shot(page, 'history-390-1-choose');
    await uploadAndPreview(page, 'history-390');
    await shot(page, 'history-390-3-mode');
    await page.getByTestId('history-start').click();
    await page.getByTestId('history-result').waitFor({ timeout: 60_000 });
    await shot(page, 'history-390-4-dry-run');
    await page.goto(`${server.url}/requests/history?tab=accuracy`);
    await page.getByTestId('acc-top1').waitFor({ timeout: 60_000 });
    await shot(page, 'history-390-6-accuracy');
    await page.getByTestId('acc-chart').locator('canvas').first().waitFor();
    await page.getByTestId('acc-chart').scrollIntoViewIfNeeded();
    await page.waitForTimeout(300);
    await shot(page, 'history-390-6b-accuracy-chart');
    // no sideways scrolling of the page itself
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await page.context().close();
  });

  it('dispatches two new requests at once and exports the queue', async () => {
    const page = await desk();
    // two fresh requests in 待派单, told apart from the demo's by a word of their own
    const mark = `批量${Date.now() % 100000}`;
    await page.evaluate(async (mark) => {
      const roots = await (await fetch('/api/areas')).json();
      const community = roots.items.find((a: { name: string }) => a.name === '龙腾社区');
      for (const d of [`${mark} 3栋楼道灯坏了一个月了`, `${mark} 5栋门口垃圾桶满了没人收`]) {
        const res = await fetch('/api/requests/intake', {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ description: d, channel: 'visit', placeAreaId: community.id }),
        });
        if (!res.ok) throw new Error(await res.text());
      }
    }, mark);
    await page.goto(`${server.url}/requests?queue=new&q=${encodeURIComponent(mark)}`);
    const table = page.getByTestId('requests-table');
    await table.getByText(`${mark} 3栋`).waitFor();
    await table.getByText(`${mark} 5栋`).waitFor();
    const boxes = table.locator('tbody .ant-table-selection-column input[type=checkbox]');
    await expect.poll(() => boxes.count()).toBe(2);
    await boxes.nth(0).check();
    await boxes.nth(1).check();
    await page.getByText('已选 2 条').waitFor();
    // ticking does not open the request
    expect(await page.getByTestId('request-detail').count()).toBe(0);
    await shot(page, 'history-7-selected');

    await page.getByTestId('bulk-dispatch-open').click();
    await pick(page, 'dispatch-kind', '业主吹哨');
    await pick(page, 'dispatch-org', '金茂物业');
    await page.locator('.ant-modal textarea').fill('请物业尽快处理');
    await shot(page, 'history-8-bulk-form');
    await page.getByTestId('bulk-submit').click();
    await page.getByTestId('bulk-result').waitFor();
    await page.getByText('2 条派单成功').waitFor();
    expect(await page.locator('[data-testid^=bulk-ok-]').count()).toBe(2);
    await shot(page, 'history-9-bulk-result');
    await page.getByTestId('bulk-close').click();
    // both left 待派单
    await expect.poll(() => table.getByText(mark).count()).toBe(0);

    // 导出 Excel of the current queue and filters: the download is an xlsx (a ZIP: 'PK')
    await page.goto(`${server.url}/requests?queue=all&q=${encodeURIComponent(mark)}`);
    await table.getByText(`${mark} 3栋`).waitFor();
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByTestId('requests-export').click(),
    ]);
    expect(download.suggestedFilename()).toMatch(/\.xlsx$/);
    const bytes = readFileSync((await download.path())!);
    expect(bytes.subarray(0, 2).toString('latin1')).toBe('PK');
    await shot(page, 'history-10-export');
    await page.context().close();
  });

  it('the workbench toolbar and bulk dispatch fit a 390 px phone', async () => {
    const page = await desk(390);
    await page.goto(`${server.url}/requests?queue=all`);
    const table = page.getByTestId('requests-table');
    await table.locator('tbody .ant-table-selection-column input[type=checkbox]').first().check();
    await page.getByText('已选 1 条').waitFor();
    await shot(page, 'history-390-7-workbench');
    await page.getByTestId('bulk-dispatch-open').click();
    await page.getByTestId('dispatch-kind').waitFor();
    // let the dialog's opening animation finish before the picture
    await expect
      .poll(() =>
        page.evaluate(
          () =>
            document
              .querySelector('.ant-modal')
              ?.getAnimations({ subtree: true })
              .filter((a) => a.playState === 'running').length ?? 1,
        ),
      )
      .toBe(0);
    await shot(page, 'history-390-8-bulk-form');
    await page.context().close();
  });
});
