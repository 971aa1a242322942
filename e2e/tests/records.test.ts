import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launch, shot } from '../browser';
import { type Running, startDoorstep, stop } from '../server';

/**
 * 人员台账 in the browser: 李书记 searches 孙桂兰 (孙阿姨), sees her data masked, asks for the full data with a
 * purpose, and the unmasking is in 孙阿姨's 谁查看了我的信息 list. Screenshots at desktop width and at 390 px.
 * Not yet covered here: the roster import in the browser (the API import is tested in records.test.ts).
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
      viewport: { width, height: width < 500 ? 844 : 768 },
      isMobile: width < 500,
      locale: 'zh-CN',
    })
  ).newPage();
  await page.goto(`${server.url}/`);
  await page.getByTestId('login-phone').fill(phoneNo);
  await page.getByTestId('login-password').fill('demo1234');
  await page.getByTestId('login-submit').click();
  await page.getByTestId('requests-nav').waitFor();
  return page;
}

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
