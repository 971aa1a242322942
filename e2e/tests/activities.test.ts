import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ARTIFACTS, launch, shot, signInConsole, signInH5 } from '../browser';
import { type Running, startDoorstep, stop } from '../server';

/**
 * 社区学院: a class with one place is full (陈党员); 孙阿姨 joins the waiting list, moves up when 陈党员 cancels, and
 * checks in with the code on 李书记's roster. 暗夜走访: 赵网格 starts the patrol, files a finding that appears as a
 * request in the console. 志愿者: 张社工 approves 孙阿姨's hours; her certificate. Screenshots at 390 px and 1366 px.
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

const h5 = (phone: string, width = 390) => signInH5(browser, server.url, phone, { width });

const desk = (phone: string, width = 1366) => signInConsole(browser, server.url, phone, { width });

const settle = (page: Page) => page.waitForTimeout(2500); // toasts fade before a screenshot (not a timing test)

/** Today in China time and a start 40 minutes from now (check-in opens an hour before the start). */
function soon() {
  const at = new Date(Date.now() + 8 * 3_600_000 + 40 * 60_000);
  return { firstDate: at.toISOString().slice(0, 10), startTime: at.toISOString().slice(11, 16) };
}

describe('社区学院', () => {
  it('孙阿姨 waits for a full class, moves up when 陈党员 cancels, and checks in with the organiser’s code', async () => {
    const sec = await desk('13800000002');
    const made = await sec.request.post(`${server.url}/api/activities/courses`, {
      data: {
        communityId: (await (await sec.request.get(`${server.url}/api/activities/courses`)).json()).items[0]
          .communityId,
        series: '妈妈圆桌',
        title: '妈妈圆桌：辅食添加答疑',
        place: '母乳快闪站',
        organiser: '社区妇联',
        capacity: 1,
        repeat: 'once',
        minutes: 60,
        ...soon(),
      },
    });
    expect(made.status()).toBe(201);
    const course = await made.json();

    // 陈党员 takes the only place
    const party = await h5('13800000006');
    await party.goto(`${server.url}/h5/activities`);
    const cardOf = (p: Page) => p.locator('.h5-act', { hasText: '辅食添加答疑' });
    await cardOf(party).getByTestId('h5-act-signup').click();
    await cardOf(party).getByTestId('h5-act-state').getByText('已报名').waitFor();

    // 孙阿姨 finds it full and joins the waiting list
    const aunt = await h5('13800000008');
    await aunt.getByTestId('h5-activities-entry').click();
    await cardOf(aunt).getByText('满员，排候补').waitFor();
    await shot(aunt, 'h5-activities-390');
    await cardOf(aunt).getByTestId('h5-act-signup').click();
    await cardOf(aunt).getByText('候补第 1 位').waitFor();
    await settle(aunt);
    await cardOf(aunt).scrollIntoViewIfNeeded();
    await shot(aunt, 'h5-activities-waitlisted-390');

    // 陈党员 cancels: the place passes to 孙阿姨 in the same transaction
    await cardOf(party).getByTestId('h5-act-cancel').click();
    await party.locator('.adm-dialog').getByRole('button', { name: '取消报名' }).click();
    await cardOf(party).getByTestId('h5-act-signup').waitFor();
    await party.context().close();
    await aunt.goto(`${server.url}/h5/activities?tab=mine`);
    await cardOf(aunt).getByTestId('h5-act-state').getByText('已报名').waitFor();
    await shot(aunt, 'h5-activities-mine-390');

    // 李书记 opens the roster with the QR code
    await sec.goto(`${server.url}/college`);
    await sec.getByTestId('college-courses').getByText('辅食添加答疑').click();
    await sec.getByTestId('college-roster').first().click();
    const code = ((await sec.getByTestId('college-code').textContent()) ?? '').trim();
    expect(code).toMatch(/^[A-Z0-9]{6}$/);
    await sec.getByTestId('college-roster-table').getByText('孙阿姨').waitFor();
    await sec.waitForTimeout(400); // the modal's animation
    await shot(sec, 'console-college-roster-1366');

    // 孙阿姨 scans: the URL carries the code
    await aunt.goto(`${server.url}/h5/activities/checkin?code=${code}`);
    await expect(aunt.getByTestId('h5-checkin-code').locator('input').inputValue()).resolves.toBe(code);
    await aunt.getByTestId('h5-checkin-submit').click();
    await aunt.getByTestId('h5-checkin-done').getByText('签到成功').waitFor();
    await settle(aunt);
    await shot(aunt, 'h5-checkin-390');

    // the roster shows her checked in
    await sec.reload();
    await sec.getByTestId('college-courses').getByText('辅食添加答疑').click();
    await sec.getByTestId('college-roster').first().click();
    await sec.getByTestId('college-roster-table').getByText('✓').waitFor();
    await sec.keyboard.press('Escape');
    await sec.keyboard.press('Escape');
    await sec.goto(`${server.url}/college`);
    await sec.getByTestId('college-courses').getByText('智能手机课', { exact: false }).waitFor();
    await shot(sec, 'console-college-1366');
    await sec.goto(`${server.url}/college/figures`);
    await sec.getByText('已开展场次').first().waitFor();
    const download = sec.waitForEvent('download');
    await sec.getByTestId('college-export').click();
    expect((await download).suggestedFilename()).toContain('签到台账.xlsx');
    await shot(sec, 'console-college-figures-1366');
    expect(course.sessions).toBe(1);
    await sec.context().close();
    await aunt.context().close();
  });

  it('the college console and the course list work on a 390 px phone', async () => {
    const page = await desk('13800000003', 390);
    await page.goto(`${server.url}/college`);
    await page.getByTestId('college-courses').getByText('智能手机课', { exact: false }).waitFor();
    await shot(page, 'console-college-390');
    await page.context().close();
  });
});

describe('暗夜走访', () => {
  it('赵网格 starts the patrol and files a finding that appears as a request', async () => {
    const walker = await h5('13800000004');
    await walker.getByTestId('h5-tab-me').click();
    await walker.getByTestId('h5-patrols-link').click();
    await walker.getByTestId('h5-patrol-plan').getByText('龙腾社区暗夜走访').waitFor();
    await walker.getByTestId('h5-patrol-start').click();
    const walk = walker.getByTestId('h5-patrol-walk');
    await walk.waitFor();
    await walk.locator('.h5-patrol-place', { hasText: '烧烤摊' }).getByTestId('h5-patrol-checkin').click();
    await walker.getByTestId('h5-patrol-note').locator('textarea').fill('油烟和噪声扰民，摊主愿意加装净化器');
    await walker.getByTestId('h5-patrol-finding').click();
    await walker
      .getByTestId('h5-patrol-problem')
      .locator('textarea')
      .fill('金茂小区北门烧烤摊夜间油烟扰民，楼上居民反映');
    await shot(walker, 'h5-patrol-checkin-390');
    await walker.getByTestId('h5-patrol-submit').click();
    const filed = walker.getByTestId('h5-patrol-filed');
    await filed.waitFor();
    const no = ((await filed.textContent()) ?? '').match(/DS\d{8}-\d{6}/)?.[0];
    expect(no).toBeTruthy();
    await settle(walker);
    await shot(walker, 'h5-patrol-walk-390');
    await walker.context().close();

    const sec = await desk('13800000002');
    await sec.goto(`${server.url}/patrols`);
    const records = sec.getByTestId('patrol-records');
    await records.getByText(`诉求 ${no}`).waitFor();
    await shot(sec, 'console-patrols-1366');
    await records.getByText(`诉求 ${no}`).click();
    await sec.getByText('金茂小区北门烧烤摊夜间油烟扰民').first().waitFor();
    await sec.context().close();
  });
});

describe('志愿者', () => {
  it('张社工 approves 孙阿姨’s hours into the time bank; she prints her certificate', async () => {
    const staff = await desk('13800000003');
    await staff.goto(`${server.url}/volunteers`);
    const hours = staff.getByTestId('volunteers-hours');
    const row = hours.locator('tr', { hasText: '楼道义务保洁' });
    await row.waitFor();
    await shot(staff, 'console-volunteers-1366');
    await row.getByTestId('volunteers-approve').click();
    await staff.getByText('已通过，时长已记入时间银行').waitFor();
    await staff.context().close();

    const aunt = await h5('13800000008');
    await aunt.goto(`${server.url}/h5/volunteer`);
    await aunt.getByTestId('h5-vol-total').getByText('1.5 小时').waitFor();
    await shot(aunt, 'h5-volunteer-390');
    await aunt.getByTestId('h5-vol-cert-link').click();
    await aunt.getByTestId('h5-cert').getByText('累计服务时长 1.5 小时').waitFor();
    await aunt.screenshot({ path: join(ARTIFACTS, 'h5-certificate-390-full.png'), fullPage: true });
    await aunt.emulateMedia({ media: 'print' });
    await aunt.setViewportSize({ width: 1366, height: 900 });
    await shot(aunt, 'h5-certificate-print-1366');
    await aunt.context().close();
  });
});

describe('党员报到', () => {
  it('陈党员 sees her confirmed report-in and counts a visit on her 责任区; 李书记 sees the counters', async () => {
    const party = await h5('13800000006');
    await party.getByTestId('h5-tab-me').click();
    await party.getByTestId('h5-party-link').click();
    await party.getByTestId('h5-party-report').getByText('已报到').waitFor();
    const post = party.getByTestId('h5-party-post');
    await post.getByText('聚金万佳苑2栋责任区').waitFor();
    await post.getByRole('button', { name: '记一次走访' }).click();
    await post.getByText('13').waitFor();
    await settle(party);
    await party.screenshot({ path: join(ARTIFACTS, 'h5-party-390-full.png'), fullPage: true });
    // 兴趣链 in 社区活动
    await party.goto(`${server.url}/h5/activities?tab=groups`);
    await party.getByTestId('h5-groups').getByText('成果：消防通道占用拍照上报并整改 42处').waitFor();
    await shot(party, 'h5-groups-390');
    await party.context().close();

    const sec = await desk('13800000002');
    await sec.goto(`${server.url}/party-members`);
    await sec.getByTestId('party-reports').getByText('市税务局机关第三党支部').waitFor();
    await sec.getByTestId('party-posts').getByText('13').waitFor();
    await sec.getByTestId('interest-groups').getByText('消防通道占用拍照上报并整改 · 42处').waitFor();
    await settle(sec);
    await shot(sec, 'console-party-members-1366');
    await sec.context().close();
  });
});
