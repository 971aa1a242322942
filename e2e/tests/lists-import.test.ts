import ExcelJS from 'exceljs';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launch, shot, signInConsole } from '../browser';
import { type Running, startDoorstep, stop } from '../server';

/**
 * 三张清单 import in the browser: 李书记 uploads a small workbook in the community's own column names (one row with
 * an unknown 类别), the dry run marks that row with its original values, and 仅导入有效行 publishes the rest — the
 * dormant asset shows on the 沉睡清单. Screenshots at 1366 px and 390 px.
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

async function workbook(): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('资源台账');
  ws.addRow(['清单', '提供单位', '资产名称', '情况说明', '产权单位', '闲置时间', '拟改造用途', '预计资金']);
  ws.addRow(['需求', '', '楼道加装扶手', '5号楼老人多，上下楼困难']);
  ws.addRow(['愿望', '', '小区门口增设快递柜']);
  ws.addRow([
    '沉睡资产',
    '区粮食局',
    '老粮站仓库',
    '约200平方米',
    '区粮食局',
    '5年',
    '社区食堂',
    '区级补助3万元',
  ]);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

const desk = (width: number) =>
  signInConsole(browser, server.url, '13800000002', { width, height: width < 500 ? 844 : 768 });

async function openImport(page: Page) {
  await page.goto(`${server.url}/participation`);
  await page.getByRole('tab', { name: '三张清单' }).click();
  await page.getByTestId('dormant-list').getByText('防空洞').waitFor();
  await page.getByTestId('lists-import-open').click();
  await page.locator('.ds-list-import').waitFor();
}

describe('三张清单导入', () => {
  it('marks the bad row with its values in the dry run, then imports the valid rows', async () => {
    const file = await workbook();
    const page = await desk(1366);
    await openImport(page);
    await page.locator('.ds-list-import input[type=file]').setInputFiles({
      name: '龙腾社区资源台账.xlsx',
      mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      buffer: file,
    });
    await page.getByTestId('list-import-mapping').waitFor();
    // the community's own headers were matched by alias
    await expect(page.getByTestId('list-import-map-title').textContent()).resolves.toContain('资产名称');
    await page.waitForTimeout(300);
    await shot(page, 'lists-import-form-1366');
    await page.getByTestId('list-import-start').click();
    const result = page.getByTestId('list-import-result');
    await result.waitFor();
    await result.getByText('愿望').waitFor();
    expect(await result.textContent()).toContain('类别应为');
    await page.waitForTimeout(300);
    await shot(page, 'lists-import-dry-run-1366');

    await page.getByTestId('list-import-commit-valid').click();
    await page.locator('.ds-list-import').getByText('行有效数据', { exact: false }).first().waitFor();
    await page.locator('.ds-list-import .ant-btn-primary').click();
    await page.getByTestId('dormant-list').getByText('老粮站仓库').waitFor();
    const row = page.getByRole('row', { name: /老粮站仓库/ });
    expect(await row.textContent()).toContain('社区食堂');
    expect(await page.getByText('楼道加装扶手').count()).toBeGreaterThan(0);
    expect(await page.getByText('小区门口增设快递柜').count()).toBe(0);
    await page.context().close();

    // the same dialog at phone width: the file chosen again shows every row already on the lists
    const phone = await desk(390);
    await openImport(phone);
    await phone.locator('.ds-list-import input[type=file]').setInputFiles({
      name: '龙腾社区资源台账.xlsx',
      mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      buffer: file,
    });
    await phone.getByTestId('list-import-mapping').waitFor();
    await phone.waitForTimeout(300);
    await shot(phone, 'lists-import-form-390');
    await phone.getByTestId('list-import-start').click();
    await phone.getByTestId('list-import-result').getByText('清单中已有同名条目').first().waitFor();
    await phone.waitForTimeout(300);
    await shot(phone, 'lists-import-dry-run-390');
    // the 项目清单 has its own columns and help
    await phone.getByRole('button', { name: '重新选择文件' }).click();
    await phone.locator('.ds-list-import').getByText('项目清单').click();
    await phone.getByText('导入即按「认领」成为项目', { exact: false }).waitFor();
    await shot(phone, 'lists-import-projects-390');
    await phone.context().close();
  });
});
