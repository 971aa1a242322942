import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ARTIFACTS, launch, shot, signInConsole, signInH5 } from '../browser';
import { type Running, startDoorstep, stop } from '../server';

/**
 * 民生微实事 in Chromium: 孙阿姨 proposes a project in the H5; 李书记 screens it in the console, links the council's
 * vote (which residents pass), publishes it, names who takes it on, supervises and accepts it within the cap; the
 * 社区微基金 drops by the amount spent; 孙阿姨 rates it. Screenshots at 390 px and 1366 px.
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
  signInH5(browser, server.url, phone, { width, ready: 'h5-micro-entry' });

const desk = (phone: string, width: number) => signInConsole(browser, server.url, phone, { width });

const call = (page: Page, path: string, json?: unknown) =>
  page.evaluate(
    async ({ path, json }) => {
      const r = await fetch(path, {
        method: json === undefined ? 'GET' : 'POST',
        headers: json === undefined ? {} : { 'content-type': 'application/json' },
        body: json === undefined ? undefined : JSON.stringify(json),
      });
      return { status: r.status, body: await r.json() };
    },
    { path, json },
  );
const fund = async (page: Page) => (await call(page, '/api/microprojects')).body.fundBalance as number;
const calm = (page: Page) => page.waitForTimeout(2500); // toasts fade before a screenshot (not a test of timing)
const chinaDay = (n: number) =>
  new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(
    new Date(Date.now() + n * 86_400_000),
  );

describe('民生微实事', () => {
  it('proposed in the H5, screened, voted, published, taken on, accepted within the cap; the fund drops', async () => {
    // 孙阿姨 proposes
    const aunt = await h5('13800000008');
    await aunt.getByTestId('h5-micro-entry').click();
    await aunt.getByTestId('h5-micro-list').getByText('楼道灯改造').waitFor();
    await calm(aunt);
    await aunt.screenshot({ path: join(ARTIFACTS, 'h5-micro-list-390-full.png'), fullPage: true });
    await aunt.getByTestId('h5-micro-propose').click();
    await aunt.getByTestId('h5-micro-type').getByText('为民服务类', { exact: false }).click();
    await aunt.getByTestId('h5-micro-title').locator('input').fill('单元门口加装扶手');
    await aunt
      .getByTestId('h5-micro-description')
      .locator('textarea')
      .fill('2栋各单元门口有三级台阶，老人进出容易摔，想加装不锈钢扶手');
    await aunt.getByTestId('h5-micro-budget').locator('input').fill('6800');
    await shot(aunt, 'h5-micro-propose-390');
    await aunt.getByTestId('h5-micro-submit').click();
    await aunt.getByTestId('h5-micro-stage').getByText('征集').waitFor();
    const id = Number(aunt.url().split('/').pop());
    expect(id).toBeGreaterThan(0);

    // 李书记 screens it in the console
    const sec = await desk('13800000002', 1366);
    const before = await fund(sec);
    await sec.goto(`${server.url}/participation/micro`);
    await sec.getByTestId('micro-pipeline').waitFor();
    await sec.getByTestId(`micro-open-${id}`).click();
    const drawer = sec.getByTestId('micro-detail');
    await drawer.getByTestId('micro-screen').click();
    await drawer.getByTestId('micro-detail-stage').getByText('议事会评议').waitFor();

    // the council votes: 李书记 opens it, three residents pass it, he closes it
    const vote = await call(sec, '/api/votes', {
      communityId: (await call(sec, `/api/microprojects/${id}`)).body.communityId,
      question: '是否同意实施民生微实事“单元门口加装扶手”',
      options: ['同意', '不同意'],
    });
    expect(vote.status).toBe(201);
    for (const phone of ['13800000008', '13800000006', '13800000007']) {
      const p = phone === '13800000008' ? aunt : await h5(phone);
      expect((await call(p, `/api/votes/${vote.body.id}/ballots`, { choices: [0] })).status).toBe(201);
      if (p !== aunt) await p.context().close();
    }
    expect((await call(sec, `/api/votes/${vote.body.id}/close`, {})).status).toBe(200);

    await drawer.getByTestId('micro-link_vote').click();
    await sec.getByTestId('micro-vote-select').click();
    await sec.locator('.ant-select-item-option', { hasText: '单元门口加装扶手' }).click();
    await sec.getByTestId('micro-dialog-ok').click();
    await drawer.getByText('已通过').waitFor();
    // the notice went up on the board ten days ago, for seven days: the period is over
    await drawer.getByTestId('micro-publish').click();
    await sec.locator('.ant-modal input#from').fill(chinaDay(-10));
    await sec.locator('.ant-modal input#from').press('Enter');
    await sec.getByTestId('micro-dialog-ok').click();
    await drawer.getByTestId('micro-detail-stage').getByText('公示').waitFor();
    await drawer.getByTestId('micro-take_on').click();
    await sec.getByTestId('micro-undertaker').fill('龙腾社区志愿服务队');
    await sec.getByTestId('micro-dialog-ok').click();
    await drawer.getByTestId('micro-detail-stage').getByText('承接').waitFor();
    await drawer.getByTestId('micro-supervise').click();
    await drawer.getByTestId('micro-detail-stage').getByText('督导').waitFor();
    await drawer.getByTestId('micro-accept').click();
    await sec.getByTestId('micro-amount').fill('6800');
    await sec.getByTestId('micro-note').fill('12 处扶手安装牢固，居民代表现场验收合格');
    await sec.getByTestId('micro-dialog-ok').click();
    await drawer.getByTestId('micro-detail-stage').getByText('验收').waitFor();
    expect(before - (await fund(sec))).toBe(6800_00);
    await calm(sec);
    await shot(sec, 'console-micro-detail-1366');
    await sec.keyboard.press('Escape');
    await drawer.waitFor({ state: 'hidden' });
    await calm(sec);
    await shot(sec, 'console-micro-1366');

    // 孙阿姨 rates it: the right part of the fifth star is 5
    await aunt.reload();
    await aunt.getByTestId('h5-micro-stage').getByText('已验收').waitFor();
    await aunt
      .getByTestId('h5-micro-rating')
      .locator('.adm-rate-box')
      .nth(4)
      .click({ position: { x: 30, y: 18 } });
    await aunt.getByTestId('h5-micro-rating').getByText('我的评分').waitFor();
    const rated = await call(aunt, `/api/microprojects/${id}`);
    expect(rated.body.rating).toMatchObject({ mine: 5, count: 1 });
    await calm(aunt);
    await aunt.screenshot({ path: join(ARTIFACTS, 'h5-micro-detail-390-full.png'), fullPage: true });
    await aunt.context().close();
    await sec.context().close();
  });

  it('the publicity period takes objections in the H5; staff answer them in the console (390 px)', async () => {
    const party = await h5('13800000006');
    await party.getByTestId('h5-micro-entry').click();
    await party.getByTestId('h5-micro-list').getByText('口袋公园座椅').click();
    await party.getByTestId('h5-micro-objection').locator('textarea').fill('座椅请选带靠背的，老人坐着舒服');
    await party.getByTestId('h5-micro-object').click();
    await party.getByText('座椅请选带靠背的', { exact: false }).waitFor();
    await calm(party);
    await shot(party, 'h5-micro-objection-390');
    await party.context().close();

    const staff = await desk('13800000003', 390);
    await staff.goto(`${server.url}/participation/micro`);
    await staff.getByTestId('micro-pipeline').waitFor();
    await shot(staff, 'console-micro-390');
    await staff.getByText('口袋公园座椅').click();
    const drawer = staff.getByTestId('micro-detail');
    await drawer.getByTestId('micro-answer').first().click();
    await drawer.getByTestId('micro-answer-input').locator('input').fill('已请设计单位把遮阳棚向南移 2 米');
    await drawer.getByTestId('micro-answer-input').locator('input').press('Enter');
    await drawer.getByText('已答复：已请设计单位把遮阳棚向南移 2 米').waitFor();
    await calm(staff);
    await shot(staff, 'console-micro-detail-390');
    await staff.context().close();
  });

  it('李书记 invites the party members to a meeting and attaches a co-building agreement to a project (1366 px)', async () => {
    const sec = await desk('13800000002', 1366);
    await sec.goto(`${server.url}/participation/hall`);
    await sec.getByTestId('meeting-invite').first().click();
    await sec.getByTestId('meeting-invite-send').click();
    await sec.getByTestId('meeting-invitees').getByText('陈党员').waitFor();
    await calm(sec);
    await shot(sec, 'console-meeting-invite-1366');
    await sec.keyboard.press('Escape');

    await sec.goto(`${server.url}/participation/lists`);
    const files = sec.locator('[data-testid^="agreements-"]').first();
    await files.waitFor();
    const pdf = Buffer.from('%PDF-1.4\n% 共建协议\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n');
    await files
      .locator('input[type=file]')
      .setInputFiles({ name: '共建协议（盖章版）.pdf', mimeType: 'application/pdf', buffer: pdf });
    await files.getByText('共建协议（盖章版）.pdf', { exact: false }).waitFor();
    await files.scrollIntoViewIfNeeded();
    await calm(sec);
    await shot(sec, 'console-project-agreement-1366');
    await sec.context().close();
  });
});
