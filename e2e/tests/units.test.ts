import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launch, shot, signInConsole } from '../browser';
import { type Running, startDoorstep, stop } from '../server';

/**
 * 单位商户 and 部件 in the browser: 李书记 imports a units roster whose one row has a wrong credit-code check
 * character (refused row by row, nothing written), fixes the file, re-imports, and finds the new shop by name;
 * the seeded barber shows its ledger credit. 部件: list and map, add a street lamp with an automatic code.
 * Screenshots at 1366 px and 390 px.
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

const CHARS = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];
/** A GB 32100 code with a valid (or, with `bad`, a wrong) check character. */
function creditCode(first17: string, bad = false) {
  const sum = [...first17].reduce((acc, c, i) => acc + CHARS.indexOf(c) * WEIGHTS[i]!, 0);
  const ok = (31 - (sum % 31)) % 31;
  return first17 + CHARS[bad ? (ok + 1) % 31 : ok]!;
}
const FIRST = creditCode('92990101MA6CX0001');
const SECOND = '92990101MA6CX0002';
const roster = (second: string) =>
  Buffer.from(
    `单位名称,单位类型,统一社会信用代码,小区,楼栋,所属网格,联系人,联系电话\n` +
      `幸福花店,商户,${FIRST},聚金万佳苑,1栋,,王花匠,13912348801\n` +
      `邻里修车铺,个体工商户,${second},,,第1网格,李师傅,13912348802\n`,
  );

const settle = (page: Page) => page.waitForTimeout(400);

const desk = (phone: string, width = 1366) =>
  signInConsole(browser, server.url, phone, { width, height: width < 500 ? 844 : 768 });

async function dryRun(page: Page, file: Buffer) {
  await page.locator('.ds-roster-import input[type=file]').setInputFiles({
    name: '龙腾社区单位名册.csv',
    mimeType: 'text/csv',
    buffer: file,
  });
  await page.getByTestId('roster-import-start').click();
  await page.getByTestId('roster-import-result').waitFor();
}

describe('units and merchants', () => {
  it('refuses a wrong credit code row by row, takes the fixed file, and finds the shop', async () => {
    const page = await desk('13800000002');
    await page.goto(`${server.url}/records/units`);
    await page.getByRole('cell', { name: '周记理发店' }).waitFor();
    const barber = page.getByRole('row', { name: /周记理发店/ });
    expect(await barber.textContent()).toContain('信用分');
    expect(await barber.textContent()).toContain('138****0007');
    await shot(page, 'units-list-1366');

    await page.getByTestId('units-import').click();
    await page.locator('.ds-roster-import').waitFor();
    await settle(page);
    await shot(page, 'units-import-dialog-1366');
    await dryRun(page, roster(creditCode(SECOND, true)));
    const result = page.getByTestId('roster-import-result');
    await result.getByText('统一社会信用代码校验位不正确').waitFor();
    const text = (await result.textContent()) ?? '';
    expect(text).toContain('邻里修车铺');
    expect(text).not.toContain('13912348802');
    await settle(page);
    await shot(page, 'units-import-errors-1366');
    const before = await page.evaluate(async () =>
      (await fetch(`/api/records/units?q=${encodeURIComponent('幸福花店')}`)).json(),
    );
    expect(before.total).toBe(0);

    await page.getByTestId('roster-import-new-file').click();
    await dryRun(page, roster(creditCode(SECOND)));
    await result.locator('.ant-alert-success').first().waitFor();
    await page.getByTestId('roster-import-commit').click();
    // written, not only started (the dry run's success alert may still be on screen while the upload runs)
    await page.getByTestId('roster-import-result').getByText('导入完成，数据已写入。').waitFor();
    await shot(page, 'units-import-committed-1366');
    await page
      .locator('.ds-roster-import .ant-modal-footer')
      .getByRole('button', { name: /关\s*闭/ })
      .click();

    await page.getByTestId('units-search').locator('input').fill('修车');
    await page.getByTestId('units-search').locator('input').press('Enter');
    await page.getByRole('cell', { name: '邻里修车铺' }).waitFor();
    const row = page.getByRole('row', { name: /邻里修车铺/ });
    expect(await row.textContent()).toContain('139****8802');
    expect(await row.textContent()).toContain('商户');
    await row.click();
    await page.getByTestId('unit-name').waitFor();
    await settle(page);
    await shot(page, 'units-drawer-1366');
  });

  it('reads at 390 px', async () => {
    const page = await desk('13800000002', 390);
    await page.goto(`${server.url}/records/units`);
    await page.getByRole('cell', { name: '周记理发店' }).waitFor();
    await shot(page, 'units-list-390');
  });
});

describe('people roster with the community’s own headers', () => {
  it('maps the columns before the dry run, imports, and finds the person by pinyin initials', async () => {
    const page = await desk('13800000002');
    await page.goto(`${server.url}/records`);
    await page.getByTestId('records-import').click();
    await page.locator('.ds-roster-import').waitFor();
    await page.locator('.ds-roster-import input[type=file]').setInputFiles({
      name: '老台账.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from('居民,住址楼栋,房间,备注\n欧阳映雪,聚金万佳苑1栋,1201,老台账\n'),
    });
    await page.getByTestId('roster-mapping').waitFor();
    expect(await page.getByTestId('roster-import-start').isDisabled()).toBe(true);
    const pick = async (field: string, header: string) => {
      await page.getByTestId(`roster-map-${field}`).click();
      // the dropdown opened last (the previous one may still be fading out)
      await page.locator(`.ant-select-dropdown .ant-select-item-option[title="${header}"]`).last().click();
      await page.waitForFunction(
        () => document.querySelectorAll('.ant-select-dropdown:not(.ant-select-dropdown-hidden)').length === 0,
      );
    };
    await pick('name', '居民');
    await pick('building', '住址楼栋');
    await pick('room', '房间');
    await settle(page);
    await shot(page, 'records-import-mapping-1366');
    await page.getByTestId('roster-import-start').click();
    const result = page.getByTestId('roster-import-result');
    await result.locator('.ant-alert-success').first().waitFor();
    await page.getByTestId('roster-import-commit').click();
    // the commit button goes when the upload starts; the rows are there when the result says they were written
    await result.getByText('导入完成，数据已写入。').waitFor();
    await page
      .locator('.ds-roster-import .ant-modal-footer')
      .getByRole('button', { name: /关\s*闭/ })
      .click();
    await page.getByTestId('records-search').locator('input').fill('oyyx');
    await page.getByTestId('records-search').locator('input').press('Enter');
    await page.getByRole('cell', { name: '欧阳映雪' }).waitFor();
    expect(await page.getByRole('row', { name: /欧阳映雪/ }).textContent()).toContain('1201室');
    await shot(page, 'records-search-pinyin-1366');
  });
});

describe('things 部件', () => {
  it('lists, maps and adds a street lamp with the next code', async () => {
    const page = await desk('13800000002');
    await page.goto(`${server.url}/records/things`);
    await page.getByRole('cell', { name: '9901010101000001' }).waitFor();
    await page.waitForFunction(() => !document.querySelector('.ant-spin-spinning'));
    await shot(page, 'things-list-1366');
    await page.getByTestId('things-view').getByText('地图').click();
    await page.locator('.ds-req-pin').first().waitFor();
    await settle(page);
    await shot(page, 'things-map-1366');
    await page.getByTestId('things-view').getByText('列表').click();

    await page.getByTestId('thing-add').click();
    await page.getByTestId('thing-class').click();
    await page
      .getByRole('menuitemcheckbox', { name: /01 公用设施/ })
      .or(page.getByText('01 公用设施'))
      .first()
      .click();
    await page.getByText('19 路灯').click();
    await page.getByTestId('thing-place').click();
    await page.locator('.ant-select-tree-switcher').first().click();
    await page.locator('.ant-select-tree-title', { hasText: '第1网格' }).first().waitFor();
    await page.locator('.ant-select-tree-title', { hasText: '第1网格' }).first().click();
    await settle(page);
    await shot(page, 'things-add-1366');
    await page.getByTestId('thing-save').click();
    await page.getByText(/已保存（编码 9901010119\d{6}）/).waitFor();
    const made = await page.evaluate(async () =>
      (await fetch('/api/records/things?classCode=01&subclassCode=19&pageSize=100')).json(),
    );
    const codes = made.items.map((x: { code: string }) => x.code).sort();
    expect(codes.at(-1)).toBe(`9901010119${String(codes.length).padStart(6, '0')}`);
  });
});

describe('H5 部件巡查 (offline-tolerant)', () => {
  it('a grid worker marks a lamp damaged without signal; it is sent when the phone is back online', async () => {
    const context = await browser.newContext({
      viewport: { width: 390, height: 844 },
      isMobile: true,
      locale: 'zh-CN',
    });
    const page = await context.newPage();
    await page.goto(`${server.url}/h5/login`);
    await page.getByTestId('h5-phone').fill('13800000004');
    await page.getByTestId('h5-password').fill('demo1234');
    await page.getByTestId('h5-login-submit').click();
    await page.getByTestId('h5-tab-me').click();
    await page.getByTestId('h5-patrol-link').click();
    const first = page.locator('[data-testid^="patrol-thing-"]').first();
    await first.waitFor();
    const code = ((await first.getAttribute('data-testid')) ?? '').replace('patrol-thing-', '');
    await context.setOffline(true);
    await first.click();
    await page.locator('.adm-action-sheet-button-item', { hasText: '破损' }).click();
    await page.getByTestId('patrol-pending').waitFor();
    expect(await first.textContent()).toContain('破损');
    await settle(page);
    await shot(page, 'h5-patrol-offline-390');
    await context.setOffline(false);
    await page.getByTestId('patrol-pending').waitFor({ state: 'detached', timeout: 30_000 });
    const stored = await page.evaluate(
      async (c) => (await (await fetch(`/api/records/things?q=${c}`)).json()).items[0],
      code,
    );
    expect(stored.state).toBe('damaged');
    await shot(page, 'h5-patrol-sent-390');
    await context.close();
  });
});
