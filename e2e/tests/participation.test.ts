import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ARTIFACTS, launch, shot, signInConsole, signInH5 } from '../browser';
import { type Running, startDoorstep, stop } from '../server';

/**
 * Participation in Chromium: 孙阿姨 posts a micro-wish, 陈党员 claims and fulfils it, she confirms and his points
 * go up; a topic reaches the support threshold and goes on the agenda; 李书记 opens a vote, residents vote, the
 * result is published. Screenshots at 390 px and desktop width.
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
  signInH5(browser, server.url, phone, { width, height: width < 500 ? 844 : 900, ready: 'h5-wishes-entry' });

const desk = (phone: string, width: number) =>
  signInConsole(browser, server.url, phone, { width, height: width < 500 ? 844 : 800 });

const points = (page: Page) =>
  page.evaluate(async () => {
    const r = await fetch('/api/ledger/me/accounts');
    const body = (await r.json()) as { items: { unit: string; balance: number }[] };
    return body.items.find((a) => a.unit === 'points')?.balance ?? 0;
  });
const calm = (page: Page) => page.waitForTimeout(2500); // toasts fade before a screenshot (not a test of timing)

describe('微心愿 (H5)', () => {
  it('孙阿姨 posts a wish, 陈党员 claims and fulfils it, she confirms and his points go up (390 px)', async () => {
    const aunt = await h5('13800000008');
    await shot(aunt, 'h5-participation-home-390');
    await aunt.getByTestId('h5-wishes-entry').click();
    await aunt.getByTestId('h5-wish-list').locator('a').first().waitFor();
    await aunt.screenshot({ path: join(ARTIFACTS, 'h5-wishes-390-full.png'), fullPage: true });
    await aunt.getByTestId('h5-wish-post').click();
    await aunt.getByTestId('h5-wish-text').locator('textarea').fill('家里的旧电风扇不转了，想请人帮忙看看');
    await aunt.getByTestId('h5-wish-category').getByText('维修').click();
    await shot(aunt, 'h5-wish-post-390');
    await aunt.getByTestId('h5-wish-submit').click();
    await aunt.getByTestId('h5-wish-detail').getByText('等待认领').waitFor();
    const id = Number(aunt.url().split('/').pop());
    expect(id).toBeGreaterThan(0);
    // 陈党员 declared repair skills: he is among the matching people
    await aunt.getByText('所长相符的人').waitFor();
    await calm(aunt);
    await aunt.screenshot({ path: join(ARTIFACTS, 'h5-wish-detail-390-full.png'), fullPage: true });

    const party = await h5('13800000006');
    const before = await points(party);
    await party.goto(`${server.url}/h5/wishes/${id}`);
    await party.getByTestId('h5-wish-claim').waitFor();
    await shot(party, 'h5-wish-claim-390');
    await party.getByTestId('h5-wish-claim-button').click();
    await party.getByTestId('h5-wish-fulfil').waitFor();
    await party
      .getByTestId('h5-wish-fulfil-note')
      .locator('textarea')
      .fill('已上门清理电机、更换电容，风扇恢复正常');
    await party.getByTestId('h5-wish-fulfil-button').click();
    await party.getByTestId('h5-wish-evidence').waitFor();
    await party.getByTestId('h5-wish-detail').getByText('待确认').waitFor();
    await calm(party);
    await party.screenshot({ path: join(ARTIFACTS, 'h5-wish-fulfilled-390-full.png'), fullPage: true });

    await aunt.reload();
    await aunt.getByTestId('h5-wish-confirm').waitFor();
    await shot(aunt, 'h5-wish-confirm-390');
    await aunt.getByTestId('h5-wish-confirm-yes').click();
    await aunt.getByTestId('h5-wish-detail').getByText('已圆梦').waitFor();
    expect(await points(party)).toBe(before + 5);
    await calm(aunt);
    await aunt.screenshot({ path: join(ARTIFACTS, 'h5-wish-confirmed-390-full.png'), fullPage: true });
    await aunt.context().close();
    await party.context().close();
  });
});

describe('议事厅', () => {
  it('a topic reaches the threshold and goes on the agenda (390 px)', async () => {
    const aunt = await h5('13800000008');
    await aunt.getByTestId('h5-hall-entry').click();
    await aunt.getByTestId('h5-topics').locator('li').first().waitFor();
    await aunt.getByRole('button', { name: '提一个议题' }).click();
    await aunt.getByTestId('h5-topic-title').locator('input').fill('小区儿童游乐设施太少');
    await aunt.getByRole('button', { name: '提交议题' }).click();
    const topic = aunt.getByTestId('h5-topics').locator('li', { hasText: '小区儿童游乐设施太少' });
    await topic.getByTestId('h5-topic-support').click();
    await topic.getByText('1 人支持').waitFor();
    for (const phone of ['13800000006', '13800000007']) {
      const p = await h5(phone);
      await p.goto(`${server.url}/h5/hall`);
      const mine = p.getByTestId('h5-topics').locator('li', { hasText: '小区儿童游乐设施太少' });
      await mine.getByTestId('h5-topic-support').click();
      await mine.getByText('已支持').waitFor();
      await p.context().close();
    }
    await aunt.reload();
    await topic.getByText('已列入议程').waitFor();
    await topic.getByText('3 人支持').waitFor();
    await aunt.screenshot({ path: join(ARTIFACTS, 'h5-hall-topics-390-full.png'), fullPage: true });
    await aunt.getByRole('tab', { name: '决议落实' }).click();
    await aunt.getByTestId('h5-resolutions').getByText('充电桩', { exact: false }).first().waitFor();
    await shot(aunt, 'h5-hall-resolutions-390');
    await aunt.context().close();
  });

  it('李书记 opens a vote in the console, residents vote in the H5, the result is published', async () => {
    const sec = await desk('13800000002', 1366);
    await sec.goto(`${server.url}/participation/hall`);
    await sec.getByTestId('vote-table').getByText('充电桩', { exact: false }).waitFor();
    await sec.getByRole('button', { name: '发起表决' }).click();
    await sec.locator('.ant-modal input#question').fill('是否同意周六上午集中清理楼道堆物？');
    await sec.locator('.ant-modal-footer .ant-btn-primary').click();
    const row = sec.getByTestId('vote-table').locator('tr', { hasText: '集中清理楼道堆物' });
    await row.waitFor();

    for (const [phone, choice] of [
      ['13800000008', '同意'],
      ['13800000006', '同意'],
      ['13800000007', '不同意'],
    ] as const) {
      const p = await h5(phone);
      await p.goto(`${server.url}/h5/hall`);
      await p.getByRole('tab', { name: '表决' }).click();
      const card = p.locator('li.h5-vote', { hasText: '集中清理楼道堆物' });
      await card.getByText(choice, { exact: true }).click();
      if (phone === '13800000008') await shot(p, 'h5-vote-390');
      await card.getByTestId('h5-vote-cast').click();
      await card.getByText('您已投票').waitFor();
      await p.context().close();
    }
    // a neighbour without a phone, entered by staff
    await sec.reload();
    await row.getByRole('button', { name: '代录选票' }).click();
    await sec.locator('.ant-modal input#voter').fill('王大爷 1栋2单元301');
    await sec.locator('.ant-modal').getByText('同意', { exact: true }).click();
    await sec.locator('.ant-modal-footer .ant-btn-primary').click();
    await row.getByText('4', { exact: true }).waitFor();
    await row.getByRole('button', { name: '结束并公布结果' }).click();
    await row.getByText('通过：同意').waitFor();
    await calm(sec);
    await shot(sec, 'console-participation-hall-1366');

    const aunt = await h5('13800000008');
    await aunt.goto(`${server.url}/h5/hall`);
    await aunt.getByRole('tab', { name: '表决' }).click();
    const card = aunt.locator('li.h5-vote', { hasText: '集中清理楼道堆物' });
    await card.getByTestId('h5-vote-result').getByText('通过：同意').waitFor();
    await aunt.screenshot({ path: join(ARTIFACTS, 'h5-vote-result-390-full.png'), fullPage: true });
    await aunt.context().close();
    await sec.context().close();
  });
});

describe('群众阅卷 (H5)', () => {
  it('陈党员 marks 张社工 with four stars; the ranking shows the cadres (390 px)', async () => {
    const party = await h5('13800000006');
    await party.goto(`${server.url}/h5/hall`);
    await party.getByRole('tab', { name: '群众阅卷' }).click();
    const card = party.getByTestId('h5-marks').locator('li', { hasText: '张社工' });
    // the stars are a drag gesture over the row: the right part of the fourth star is 4
    await card
      .locator('.adm-rate-box')
      .nth(3)
      .click({ position: { x: 28, y: 17 } });
    await card.locator('input').fill('社区服务站窗口很热情');
    await card.getByRole('button', { name: '提交评价' }).click();
    await card.getByText('已评价').waitFor();
    // 张社工: the demo's 4 and 3, and this 4
    await party.getByTestId('h5-ranking').locator('li', { hasText: '张社工' }).getByText('3.7').waitFor();
    await calm(party);
    await party.screenshot({ path: join(ARTIFACTS, 'h5-marks-390-full.png'), fullPage: true });
    await party.context().close();
  });
});

describe('居民参与 (console)', () => {
  it('李书记 sees the wish figures and moderation list, and the three lists with the dormant list', async () => {
    const sec = await desk('13800000002', 1366);
    await sec.goto(`${server.url}/participation`);
    await sec.getByTestId('wish-figures').getByText('按网格').waitFor();
    await sec.getByTestId('wish-table').getByText('水龙头', { exact: false }).waitFor();
    await calm(sec);
    await shot(sec, 'console-participation-wishes-1366');
    await sec.getByRole('tab', { name: '三张清单' }).click();
    await sec.getByTestId('dormant-list').getByText('防空洞').waitFor();
    await expect(sec.getByTestId('dormant-list').textContent()).resolves.toContain('地下书吧+恒温酒窖');
    await shot(sec, 'console-participation-lists-1366');
    await sec.context().close();
    const phone = await desk('13800000003', 390);
    await phone.goto(`${server.url}/participation`);
    await phone.getByTestId('wish-figures').getByText('按网格').waitFor();
    await shot(phone, 'console-participation-wishes-390');
    await phone.context().close();
  });
});
