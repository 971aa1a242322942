import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launch, shot, signInConsole } from '../browser';
import { type Running, startDoorstep, stop } from '../server';

/**
 * 人员台账 in the browser: 李书记 searches 孙桂兰 (孙阿姨), sees her data masked, asks for the full data with a
 * purpose, and the unmasking is in 孙阿姨's 谁查看了我的信息 list. Screenshots at desktop width and at 390 px.
 * Then the roster import in the browser: a file with one bad ID checksum is refused row by row (values masked),
 * the fixed file goes in, the new person is found; houses by building, tags and group figures; and 孙阿姨's H5
 * 我的信息与查看记录 page lists who viewed her data.
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

/** A checksum-valid (GB 11643) made-up ID number; `bad` flips the check character. */
function idNumber(first17: string, bad = false) {
  const w = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  const sum = [...first17].reduce((acc, d, i) => acc + Number(d) * w[i]!, 0);
  const chars = '10X98765432';
  const ok = chars[sum % 11]!;
  return first17 + (bad ? chars[(sum + 1) % 11]! : ok);
}
const GOOD_ID = idNumber('11010519560303042');
const FIXED_ID = idNumber('11010519480808031');
const BAD_ID = idNumber('11010519480808031', true);
const roster = (wuId: string) =>
  Buffer.from(
    `姓名,身份证号,联系电话,小区,楼栋,单元,房号,标签\n` +
      `周晓梅,${GOOD_ID},13912340001,聚金万佳苑,1栋,3,602,独居老人\n` +
      `吴建新,${wuId},13912340002,聚金万佳苑,1栋,3,603,退役军人\n`,
  );

/** Lets a dialog's opening animation finish before a screenshot (not a test of timing). */
const settle = (page: Page) => page.waitForTimeout(400);

/** Chooses the roster file in the open import dialog and runs a dry run. */
async function dryRun(page: Page, file: Buffer) {
  await page.locator('.ds-roster-import input[type=file]').setInputFiles({
    name: '龙腾社区花名册.csv',
    mimeType: 'text/csv',
    buffer: file,
  });
  await page.getByTestId('roster-import-start').click();
  await page.getByTestId('roster-import-result').waitFor();
}

const desk = (phone: string, width = 1366) =>
  signInConsole(browser, server.url, phone, { width, height: width < 500 ? 844 : 768 });

describe('people roster', () => {
  for (const width of [1366, 390])
    it(`searches, shows masked data and unmasks with a purpose (${width} px)`, async () => {
      const page = await desk('13800000002', width);
      await page.goto(`${server.url}/records`);
      await page.getByTestId('records-search').locator('input').fill('孙桂兰');
      await page.getByTestId('records-search').locator('input').press('Enter');
      await page.getByRole('cell', { name: '孙桂兰' }).first().waitFor();
      await shot(page, `records-roster-${width}`);
      await page.getByRole('cell', { name: '孙桂兰' }).first().click();
      const phone = page.getByTestId('person-phone');
      await phone.waitFor();
      expect(await phone.textContent()).toBe('138****0008');
      await page.getByTestId('unmask-button').click();
      await page
        .getByTestId('unmask-purpose')
        .fill(width > 500 ? '办理高龄津贴核对身份' : '入户走访核对联系方式');
      await shot(page, `records-unmask-dialog-${width}`);
      await page.getByRole('button', { name: /确\s*定|OK/ }).click();
      await page.waitForFunction(
        () => document.querySelector('[data-testid="person-phone"]')?.textContent === '13800000008',
      );
      await page.locator('.ant-modal-wrap').waitFor({ state: 'hidden' });
      await shot(page, `records-unmasked-${width}`);
      await page.context().close();
    });

  it('孙阿姨 sees who viewed her data', async () => {
    const page = await desk('13800000002');
    const res = await page.evaluate(async () => {
      const signIn = await fetch('/api/auth/sign-in/phone-number', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ phoneNumber: '13800000008', password: 'demo1234' }),
      });
      if (!signIn.ok) return null;
      return (await fetch('/api/my/data-access')).json();
    });
    expect(res.items.map((x: { purpose: string }) => x.purpose)).toEqual(
      expect.arrayContaining(['办理高龄津贴核对身份', '入户走访核对联系方式']),
    );
    expect(res.items[0].viewerName).toBe('李书记');
  });
});

describe('roster import, houses, tags and figures', () => {
  it('refuses a bad ID checksum row by row, takes the fixed file, and finds the person', async () => {
    const page = await desk('13800000002');
    await page.goto(`${server.url}/records`);
    await page.getByTestId('records-import').click();
    await page.locator('.ds-roster-import').waitFor();
    await settle(page);
    await shot(page, 'records-import-dialog-1366');
    await dryRun(page, roster(BAD_ID));
    const result = page.getByTestId('roster-import-result');
    await result.getByText('身份证号校验位不正确').waitFor();
    const text = (await result.textContent()) ?? '';
    expect(text).toContain('吴建新');
    // the row's original values are shown, ID number and phone masked
    expect(text).not.toContain(BAD_ID);
    expect(text).toContain(`${BAD_ID.slice(0, 3)}************${BAD_ID.slice(-3)}`);
    expect(text).not.toContain('13912340002');
    await settle(page);
    await shot(page, 'records-import-errors-1366');
    // nothing was written by the dry run: 周晓梅 is not on the roster yet
    const before = await page.evaluate(async () =>
      (await fetch(`/api/records/people?q=${encodeURIComponent('周晓梅')}`)).json(),
    );
    expect(before.total).toBe(0);

    // fix the row in the file, choose it again: the dry run is clean, then commit
    await page.getByTestId('roster-import-new-file').click();
    await dryRun(page, roster(FIXED_ID));
    await result
      .getByText('未发现错误', { exact: false })
      .or(result.locator('.ant-alert-success'))
      .first()
      .waitFor();
    await page.getByTestId('roster-import-commit').click();
    // written, not only started (the dry run's success alert may still be on screen while the upload runs)
    await page.getByTestId('roster-import-result').getByText('导入完成，数据已写入。').waitFor();
    await shot(page, 'records-import-committed-1366');
    await page
      .locator('.ds-roster-import .ant-modal-footer')
      .getByRole('button', { name: /关\s*闭/ })
      .click();

    await page.getByTestId('records-search').locator('input').fill('吴建新');
    await page.getByTestId('records-search').locator('input').press('Enter');
    await page.getByRole('cell', { name: '吴建新' }).first().waitFor();
    const row = page.getByRole('row', { name: /吴建新/ });
    expect(await row.textContent()).toContain(`${FIXED_ID.slice(0, 3)}************${FIXED_ID.slice(-3)}`);
    expect(await row.textContent()).toContain('退役军人');
    await shot(page, 'records-imported-person-1366');

    // 导出 含完整证件号 of the current filter (吴建新), with a purpose: his ID number in clear, audited for him
    await page.getByTestId('records-export').click();
    await page.getByText('导出含完整证件号（需说明用途）').click();
    await page.getByTestId('export-purpose').fill('上报退役军人服务站名单');
    await settle(page);
    await shot(page, 'records-export-clear-1366');
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: '说明用途并导出' }).click(),
    ]);
    expect(download.suggestedFilename()).toMatch(/\.xlsx$/);
    const access = await page.evaluate(async () => {
      const { items } = await (await fetch(`/api/records/people?q=${encodeURIComponent('吴建新')}`)).json();
      const audit = await fetch(`/api/records/people/${items[0].id}/history`);
      return (await audit.json()).items.map((x: { action: string }) => x.action);
    });
    expect(access).toContain('person.export');
    await page.context().close();
  });

  for (const width of [1366, 390])
    it(`shows the import dialog, houses by building, tags and figures (${width} px)`, async () => {
      const page = await desk('13800000002', width);
      await page.goto(`${server.url}/records`);
      await page.getByTestId('records-import').click();
      await page.locator('.ds-roster-import').waitFor();
      if (width < 500) {
        await settle(page);
        await shot(page, `records-import-dialog-${width}`);
        await dryRun(page, roster(idNumber('11010519900101001', true)));
        await page.getByTestId('roster-import-result').getByText('身份证号校验位不正确').waitFor();
        await shot(page, `records-import-errors-${width}`);
      }
      await page.keyboard.press('Escape');
      await page.locator('.ds-roster-import').waitFor({ state: 'hidden' });

      // 房屋: 龙腾社区 → its first grid → 聚金万佳苑 → 1栋 in the tree
      await page.goto(`${server.url}/records/houses`);
      await page.getByTestId('houses-building').click();
      const expand = async (name: string | RegExp) => {
        const node = page.locator('.ant-select-tree-treenode', { hasText: name }).first();
        await node.waitFor();
        await node.locator('.ant-select-tree-switcher').click();
      };
      await expand('龙腾社区');
      await expand(/^第1网格$/);
      await expand('聚金万佳苑');
      await page.locator('.ant-select-tree-node-content-wrapper', { hasText: /^1栋$/ }).first().click();
      await page
        .getByRole('cell', { name: /2单元 301室/ })
        .first()
        .waitFor();
      expect(await page.getByRole('row', { name: /2单元 301室/ }).textContent()).toContain('孙桂兰');
      await page.locator('.ant-select-dropdown').waitFor({ state: 'hidden' });
      await shot(page, `records-houses-${width}`);
      await page
        .getByRole('row', { name: /2单元 301室/ })
        .getByRole('button', { name: /编辑/ })
        .click();
      await page.locator('.ds-house-dialog').getByText('自住').first().waitFor();
      await settle(page);
      await shot(page, `records-house-edit-${width}`);
      await page.keyboard.press('Escape');

      await page.goto(`${server.url}/records/tags`);
      await page
        .getByRole('cell', { name: /独居老人/ })
        .first()
        .waitFor();
      if (width > 500) {
        // a staff-made tag: add, rename, archive (built-in ones offer neither)
        await page.getByTestId('tag-add').click();
        await page.getByTestId('tag-name').fill('空巢老人');
        await page.getByRole('button', { name: /保\s*存/ }).click();
        const row = page.getByRole('row', { name: /空巢老人/ });
        await row.waitFor();
        await row.getByRole('button', { name: /改名/ }).click();
        await page.getByTestId('tag-name').fill('空巢家庭');
        await page.getByRole('button', { name: /保\s*存/ }).click();
        const renamed = page.getByRole('row', { name: /空巢家庭/ });
        await renamed.waitFor();
        await renamed.getByRole('button', { name: /停\s*用/ }).click();
        await page
          .locator('.ant-popconfirm')
          .getByRole('button', { name: /停\s*用/ })
          .click();
        await renamed.getByText('已停用').waitFor();
        expect(
          await page
            .getByRole('row', { name: /独居老人/ })
            .getByRole('button')
            .count(),
        ).toBe(0);
      }
      await shot(page, `records-tags-${width}`);

      await page.goto(`${server.url}/records/figures`);
      await page.getByTestId('figures-chart').locator('canvas').waitFor();
      await settle(page);
      expect(await page.getByTestId('figures-root').textContent()).toContain('龙腾社区');
      await shot(page, `records-figures-${width}`);
      await page.context().close();
    });
});

describe('我的信息与查看记录 (H5)', () => {
  for (const width of [390, 1366])
    it(`孙阿姨 sees her own record masked and who viewed it, in plain words (${width} px)`, async () => {
      const page = await (
        await browser.newContext({
          viewport: { width, height: width < 500 ? 844 : 900 },
          isMobile: width < 500,
          locale: 'zh-CN',
        })
      ).newPage();
      await page.goto(`${server.url}/h5/login`);
      await page.getByTestId('h5-phone').fill('13800000008');
      await page.getByTestId('h5-password').fill('demo1234');
      await page.getByTestId('h5-login-submit').click();
      await page.getByTestId('h5-tab-me').click();
      await page.getByTestId('h5-my-data-link').click();
      const access = page.getByTestId('h5-my-access');
      await access.getByText('社区书记 李书记', { exact: false }).first().waitFor();
      const said = (await access.textContent()) ?? '';
      expect(said).toMatch(/社区书记 李书记 于 \d+月\d+日 \d\d:\d\d 查看了您的身份证号和电话/);
      expect(said).toContain('用途：办理高龄津贴核对身份');
      const record = page.getByTestId('h5-my-record');
      expect(await record.textContent()).toContain('138****0008');
      expect(await record.textContent()).not.toContain('13800000008');
      await shot(page, `h5-my-data-${width}`);
      await page.getByTestId('h5-my-reveal').click();
      expect(await record.textContent()).toContain('13800000008');
      await access.scrollIntoViewIfNeeded();
      await shot(page, `h5-my-data-access-${width}`);
      await page.context().close();
    });
});
