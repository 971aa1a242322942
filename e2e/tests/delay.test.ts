import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launch, shot } from '../browser';
import { type Running, startDoorstep, stop } from '../server';

/**
 * 延期 in the browser: 刘经理 (金茂物业, the lead responder) asks for more time on the demo's lift outage, 李书记
 * finds it in the 待审延期 queue and approves it, and 孙阿姨 sees both steps on her phone. Screenshots at desktop
 * width and at 390 px.
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

async function signIn(page: Page, phoneNo: string) {
  await page.goto(`${server.url}/`);
  await page.getByTestId('login-phone').fill(phoneNo);
  await page.getByTestId('login-password').fill('demo1234');
  await page.getByTestId('login-submit').click();
}

async function desk(phoneNo: string, width = 1366): Promise<Page> {
  const page = await (
    await browser.newContext({
      viewport: { width, height: width < 500 ? 844 : 768 },
      isMobile: width < 500,
      locale: 'zh-CN',
    })
  ).newPage();
  await signIn(page, phoneNo);
  await page.getByTestId('requests-nav').waitFor();
  return page;
}

async function phone(phoneNo: string): Promise<Page> {
  const page = await (
    await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, locale: 'zh-CN' })
  ).newPage();
  await page.goto(`${server.url}/h5/login`);
  await page.getByTestId('h5-phone').fill(phoneNo);
  await page.getByTestId('h5-password').fill('demo1234');
  await page.getByTestId('h5-login-submit').click();
  await page.getByTestId('h5-my-community').waitFor();
  return page;
}

/** The demo's lift outage: dispatched to 金茂物业 and accepted by 刘经理. */
const liftOf = (page: Page) =>
  page.evaluate(async () => {
    const list = await (await fetch('/api/requests?q=电梯停运三天')).json();
    return list.items[0] as { id: number; publicNo: string; resolveDueAt: string };
  });

describe('延期: asked by the responder, approved by the secretary, seen by the resident', () => {
  it('moves the deadline and shows both steps on the timeline', async () => {
    // 1. 刘经理 asks for three more working days, on the desktop console
    const responder = await desk('13800000005');
    const lift = await liftOf(responder);
    expect(lift.publicNo).toBeTruthy();
    await responder.goto(`${server.url}/requests/${lift.id}`);
    await responder.getByTestId('request-detail').waitFor();
    await responder.getByTestId('request-follow-up-askDelay').click();
    // the reason is required: submitting empty shows the message, nothing is sent
    await responder.getByTestId('follow-up-submit').click();
    await responder.getByText('请填写延期理由').waitFor();
    await responder.getByTestId('delay-reason').fill('电梯主板需从厂家调货，预计三个工作日到货');
    await shot(responder, 'delay-1-responder-asks');
    await responder.getByTestId('follow-up-submit').click();
    await responder.locator('.ant-modal').waitFor({ state: 'hidden' });
    await responder.getByTestId('delay-pending-alert').waitFor();
    await expect
      .poll(async () => (await responder.getByTestId('request-timeline').textContent()) ?? '')
      .toContain('申请延期至');
    expect(await responder.getByTestId('request-follow-up-askDelay').count()).toBe(0);
    await shot(responder, 'delay-2-responder-pending');

    // 2. 李书记 finds it in 待审延期 and approves
    const secretary = await desk('13800000002');
    await secretary.getByTestId('requests-nav').click();
    await secretary.getByTestId('requests-queue-delay').click();
    await secretary.getByTestId('requests-table').getByText(lift.publicNo).first().click();
    await secretary.getByTestId('request-detail').waitFor();
    await secretary.getByTestId('delay-pending-alert').waitFor();
    await secretary.getByTestId('request-follow-up-decideDelay').click();
    await secretary.getByTestId('delay-ask-summary').waitFor();
    await secretary.getByTestId('decision-note').fill('同意，请每天在办理过程中告知居民进展');
    await shot(secretary, 'delay-3-secretary-decides');
    await secretary.getByTestId('follow-up-submit').click();
    await secretary.locator('.ant-modal').waitFor({ state: 'hidden' });
    await secretary.getByTestId('delay-approved').waitFor();
    await expect
      .poll(async () => (await secretary.getByTestId('request-timeline').textContent()) ?? '')
      .toContain('已同意延期至');
    const after = await liftOf(secretary);
    expect(new Date(after.resolveDueAt).getTime()).toBeGreaterThan(new Date(lift.resolveDueAt).getTime());
    await secretary.getByTestId('request-follow-up').scrollIntoViewIfNeeded();
    await shot(secretary, 'delay-4-secretary-approved');

    // 3. the same request on a 390 px phone, in the console; the ask form fits the screen
    const small = await desk('13800000002', 390);
    await small.goto(`${server.url}/requests/${lift.id}`);
    await small.getByTestId('request-detail').waitFor();
    await small.getByTestId('request-follow-up').scrollIntoViewIfNeeded();
    await shot(small, 'delay-5-console-390');
    await small.getByTestId('request-follow-up-askDelay').click();
    await small.getByText('指定日期').click();
    await small.getByTestId('delay-until').waitFor();
    await shot(small, 'delay-5b-ask-form-390');
    await small
      .getByRole('button', { name: '取 消' })
      .or(small.getByRole('button', { name: '取消' }))
      .click();

    // 4. 孙阿姨 sees both steps on her phone
    const resident = await phone('13800000008');
    await resident.goto(`${server.url}/h5/requests/${lift.id}`);
    const timeline = resident.getByTestId('h5-request-timeline');
    await timeline.waitFor();
    await expect.poll(async () => (await timeline.textContent()) ?? '').toContain('社区已同意延期至');
    expect((await timeline.textContent()) ?? '').toContain('申请延期至');
    await resident.getByText('社区已同意延期至').first().scrollIntoViewIfNeeded();
    await shot(resident, 'delay-6-resident-timeline-390');
  });

  it('回访 and the rating review: the secretary records a re-visit, a grid worker proposes, the secretary approves', async () => {
    // a request taken to rated closure through the API, each step by its own person
    const resident = await phone('13800000008');
    const secretary = await desk('13800000002');
    const responder = await desk('13800000005');
    const call = (page: Page, path: string, body: unknown) =>
      page.evaluate(
        async ([p, b]) => {
          const res = await fetch(p as string, {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify(b),
          });
          return { status: res.status, body: await res.json() };
        },
        [path, body] as const,
      );
    const created = await call(resident, '/api/requests', {
      description: '小区南门路灯坏了一周，晚上很黑',
      lng: 104.0484,
      lat: 30.6131,
    });
    expect(created.status).toBe(201);
    const id = created.body.id as number;
    const step = async (page: Page, body: Record<string, unknown>) => {
      const now = await page.evaluate(
        async (x) => (await (await fetch(`/api/requests/${x}`)).json()).version,
        id,
      );
      const res = await call(page, `/api/requests/${id}/actions`, { version: now, ...body });
      expect(res.status, JSON.stringify(res.body)).toBe(200);
    };
    const orgs = await secretary.evaluate(
      async () => (await (await fetch('/api/responder-orgs')).json()).items,
    );
    const jinmao = orgs.find((o: { name: string }) => o.name === '金茂物业').id;
    await step(secretary, { action: 'dispatch', kind: 'owner', orgId: jinmao });
    await step(responder, { action: 'accept' });
    await step(responder, { action: 'handle', note: '已更换灯泡' });
    await step(secretary, { action: 'verify' });
    await step(resident, { action: 'rate', resolved: 'partly', satisfaction: 'basic', note: '物业费太贵了' });

    // 李书记 records a phone re-visit
    await secretary.goto(`${server.url}/requests/${id}`);
    await secretary.getByTestId('request-detail').waitFor();
    await secretary.getByTestId('request-follow-up-revisit').click();
    await secretary.getByText('基本满意', { exact: true }).last().click();
    await secretary.locator('.ant-modal textarea').fill('灯修好了，就是等了一周');
    await shot(secretary, 'revisit-1-form');
    await secretary.getByTestId('follow-up-submit').click();
    await secretary.locator('.ant-modal').waitFor({ state: 'hidden' });
    await secretary.getByTestId('revisit').waitFor();

    // 赵网格 (grid worker) proposes excluding the rating, on a 390 px phone
    const grid = await desk('13800000004', 390);
    await grid.goto(`${server.url}/requests/${id}`);
    await grid.getByTestId('request-detail').waitFor();
    await grid.getByTestId('request-follow-up-proposeExclusion').click();
    await grid.locator('.ant-modal textarea').fill('不满意针对物业收费，不属于本诉求办理范围');
    await shot(grid, 'exclusion-1-propose-390');
    await grid.getByTestId('follow-up-submit').click();
    await grid.locator('.ant-modal').waitFor({ state: 'hidden' });
    await grid.getByTestId('exclusion-pending').waitFor();
    // he cannot decide his own proposal
    expect(await grid.getByTestId('request-follow-up-decideExclusion').count()).toBe(0);

    // 李书记 approves; the rating is excluded
    await secretary.getByTestId('request-detail').getByRole('button').first().waitFor();
    await secretary.reload();
    await secretary.getByTestId('request-follow-up-decideExclusion').click();
    await secretary.getByTestId('follow-up-submit').click();
    await secretary.locator('.ant-modal').waitFor({ state: 'hidden' });
    await secretary.getByTestId('rating-excluded').waitFor();
    await secretary.getByTestId('request-follow-up').scrollIntoViewIfNeeded();
    await shot(secretary, 'exclusion-2-approved');

    // the resident sees the re-visit, not the review
    await resident.goto(`${server.url}/h5/requests/${id}`);
    const timeline = resident.getByTestId('h5-request-timeline');
    await timeline.waitFor();
    await expect.poll(async () => (await timeline.textContent()) ?? '').toContain('社区回访');
    expect((await timeline.textContent()) ?? '').not.toContain('剔除');
  });
});
