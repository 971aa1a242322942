import { notificationTitle } from '@doorstep/contract';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Client, type Json, PHONES, startTestApp, type TestApp } from '../../test/harness';
import { sweepDeadlines } from '../requests';
import { notify } from '.';

/**
 * 消息: who hears of each request step, through the real API with the demo's actors — 孙阿姨 reports, 陈党员 and
 * 周老板 say "me too", 李书记 whistles 金茂物业 (刘经理), the deadline sweep escalates to 李书记.
 */
let t: TestApp;
const c: Record<string, Client> = {};
const P = {
  sun: PHONES.resident,
  chen: PHONES.party_member,
  zhou: PHONES.merchant,
  sec: PHONES.community_secretary,
  staff: PHONES.community_staff,
  liu: PHONES.responder,
  grid: PHONES.grid_worker,
  wu: PHONES.other_secretary,
} as const;
let requestId: number;
let version: number;

beforeAll(async () => {
  t = await startTestApp();
  for (const [name, phone] of Object.entries(P)) c[name] = await t.client(phone);
  const res = await c.sun!.post('/api/requests', {
    description: '消息测试：单元门禁坏了，晚上关不上',
    nature: 'help',
    lng: 104.0484,
    lat: 30.6131,
    categoryCode: 'property.security',
  });
  expect(res.status).toBe(201);
  requestId = res.body.id;
  version = res.body.version;
});
afterAll(() => t.close());

/** This request's notifications in a user's inbox (the demo seed gave some people others). */
async function inbox(who: string, query = 'pageSize=50'): Promise<Json[]> {
  const res = await c[who]!.get(`/api/my/notifications?${query}`);
  expect(res.status).toBe(200);
  return res.body.items.filter((n: Json) => n.requestId === requestId);
}
const kinds = async (who: string) => (await inbox(who)).map((n) => n.kind).reverse();

async function act(who: string, body: Record<string, unknown>) {
  const res = await c[who]!.post(`/api/requests/${requestId}/actions`, { ...body, version });
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  version = res.body.version;
}

async function orgId(name: string): Promise<number> {
  const { rows } = await t.pool.query('select id from responder_orgs where name = $1', [name]);
  return rows[0].id;
}

describe('notifications fan-out', () => {
  it('nobody hears of their own report', async () => {
    expect(await kinds('sun')).toEqual([]);
    const n = await t.pool.query('select count(*)::int as n from notifications where request_id = $1', [
      requestId,
    ]);
    expect(n.rows[0].n).toBe(0);
  });

  it('a dispatch reaches the reporter, the "me too" neighbours and the whistled organisation, not the actor', async () => {
    expect((await c.chen!.post(`/api/requests/${requestId}/me-too`)).status).toBe(200);
    expect((await c.zhou!.post(`/api/requests/${requestId}/me-too`)).status).toBe(200);
    // saying "me too" tells nobody
    expect(await kinds('sun')).toEqual([]);
    await act('sec', {
      action: 'dispatch',
      kind: 'owner',
      orgId: await orgId('金茂物业'),
      assistOrgIds: [],
      note: '请今天修好门禁',
    });
    for (const who of ['sun', 'chen', 'zhou']) {
      const [n] = await inbox(who);
      expect(n, who).toMatchObject({
        kind: 'dispatch:owner',
        audience: 'resident',
        readAt: null,
        params: { org: '金茂物业', note: '请今天修好门禁', to: 'dispatched' },
      });
      expect(n.params.summary).toContain('单元门禁坏了');
      expect(notificationTitle(n, 'zh-CN')).toBe('已派给金茂物业办理');
      expect(notificationTitle(n, 'en-US')).toBe('Sent to 金茂物业');
    }
    // the reporter and the neighbours who said "me too" open it; a follower sees the public timeline, not who reported
    expect((await inbox('sun'))[0].canOpen).toBe(true);
    expect((await inbox('chen'))[0].canOpen).toBe(true);
    const followed = await c.chen!.get(`/api/requests/${requestId}`);
    expect(followed.status).toBe(200);
    expect(followed.body).toMatchObject({
      reporterName: '孙**',
      reporterPhoneMasked: null,
      actions: [],
      canComment: false,
    });
    // exactly the steps the reporter sees (no internal notes)
    const own = await c.sun!.get(`/api/requests/${requestId}`);
    expect(followed.body.timeline.map((e: { id: number }) => e.id)).toEqual(
      own.body.timeline.map((e: { id: number }) => e.id),
    );
    const [liu] = await inbox('liu');
    expect(liu).toMatchObject({ kind: 'dispatch:owner', audience: 'responder', canOpen: true });
    expect(notificationTitle(liu, 'zh-CN')).toBe('新派单，请接单');
    expect(await kinds('sec')).toEqual([]);
    // staff of the community hear of no routine step
    expect(await kinds('staff')).toEqual([]);
    expect(await kinds('grid')).toEqual([]);
  });

  it('internal notes stay with staff and responders; public ones reach the residents', async () => {
    const internal = await c.sec!.post(`/api/requests/${requestId}/comments`, {
      note: '内部：门禁厂家电话 12345678',
      internal: true,
    });
    expect(internal.status).toBe(200);
    version = internal.body.version;
    for (const who of ['sun', 'chen', 'zhou']) expect(await kinds(who), who).toEqual(['dispatch:owner']);
    const open = await c.sec!.post(`/api/requests/${requestId}/comments`, {
      note: '已联系物业，今晚前修复',
      internal: false,
    });
    expect(open.status).toBe(200);
    version = open.body.version;
    for (const who of ['sun', 'chen', 'zhou'])
      expect(await kinds(who), who).toEqual(['dispatch:owner', 'comment']);
    const comment = (await inbox('sun'))[0];
    expect(comment.params.actor).toBe('李书记（社区书记）');
    expect(notificationTitle(comment, 'zh-CN')).toBe('李书记（社区书记）留言');
    // a comment is not a dispatch: the responder hears nothing new
    expect(await kinds('liu')).toEqual(['dispatch:owner']);
  });

  it('a resident’s own note reaches the other residents but not them', async () => {
    const res = await c.sun!.post(`/api/requests/${requestId}/comments`, { note: '晚上八点后在家' });
    expect(res.status).toBe(200);
    version = res.body.version;
    expect(await kinds('sun')).toEqual(['dispatch:owner', 'comment']);
    expect(await kinds('chen')).toEqual(['dispatch:owner', 'comment', 'comment']);
  });

  it('the responder’s steps reach the residents with the organisation’s name', async () => {
    await act('liu', { action: 'accept', note: '师傅已出发' });
    const [accepted] = await inbox('sun');
    expect(accepted).toMatchObject({ kind: 'accept', params: { org: '金茂物业', from: 'dispatched' } });
    expect(notificationTitle(accepted, 'zh-CN')).toBe('金茂物业已接单');
    expect((await kinds('liu')).at(-1)).toBe('dispatch:owner');
  });

  it('a reassignment reaches the new organisation’s members', async () => {
    // 陈党员 is a member of the party vanguard team
    await act('sec', {
      action: 'reassign',
      kind: 'organization',
      orgId: await orgId('龙腾社区党员先锋队'),
      note: '物业人手不够，请党员先锋队协助',
    });
    const chen = await inbox('chen');
    // 陈党员 said "me too" and is also a member of the new lead: one notification, as the responder
    expect(chen.filter((n) => n.kind === 'reassign:organization')).toHaveLength(1);
    expect(chen[0]).toMatchObject({ kind: 'reassign:organization', audience: 'responder', canOpen: true });
    expect(notificationTitle(chen[0], 'zh-CN')).toBe('改派给本单位，请接单');
    const [sun] = await inbox('sun');
    expect(notificationTitle(sun, 'zh-CN')).toBe('已改派给龙腾社区党员先锋队办理');
  });

  it('escalation at red reaches the community’s secretary, warnings its staff, a breach the residents', async () => {
    await t.pool.query(
      `update requests set created_at = now() - interval '20 hours', resolve_due_at = now() + interval '4 hours',
              category_code = 'utilities.water', urgency = 'normal' where id = $1`,
      [requestId],
    );
    await sweepDeadlines(t.pool);
    const sec = await inbox('sec');
    expect(sec.map((n) => n.kind)).toEqual(['escalated']);
    expect(sec[0].audience).toBe('staff');
    expect(notificationTitle(sec[0], 'zh-CN')).toBe('升级督办：红牌诉求');
    expect(await kinds('staff')).toEqual(['warning:red']);
    // the other community's secretary hears nothing
    expect(await kinds('wu')).toEqual([]);
    // the red warning is internal: residents hear nothing of it
    expect((await kinds('sun')).at(-1)).toBe('reassign:organization');
    await t.pool.query(`update requests set resolve_due_at = now() - interval '1 hour' where id = $1`, [
      requestId,
    ]);
    await sweepDeadlines(t.pool);
    expect((await kinds('sun')).at(-1)).toBe('warning:breached');
    expect(notificationTitle((await inbox('sun'))[0], 'zh-CN')).toBe('已超过办理时限，社区正在督办');
    expect(await kinds('staff')).toEqual(['warning:red', 'warning:breached']);
  });
});

describe('whoever dispatched it', () => {
  it('hears of a return, a delay ask and a handled request from the responder', async () => {
    // 赵网格 whistles 金茂物业 on a fresh report of 孙阿姨's
    const created = await c.sun!.post('/api/requests', {
      description: '消息测试：楼下快递柜门坏了关不上',
      nature: 'help',
      lng: 104.0484,
      lat: 30.6131,
      categoryCode: 'property.repair',
    });
    expect(created.status).toBe(201);
    const id = created.body.id as number;
    let v = created.body.version as number;
    const step = async (who: string, path: string, body: Record<string, unknown>) => {
      const res = await c[who]!.post(`/api/requests/${id}${path}`, { ...body, version: v });
      expect(res.status, JSON.stringify(res.body)).toBe(200);
      v = res.body.version ?? (await c.sun!.get(`/api/requests/${id}`)).body.version;
    };
    const mine = async (who: string) => {
      const res = await c[who]!.get('/api/my/notifications?pageSize=50');
      return res.body.items.filter((n: Json) => n.requestId === id).reverse();
    };
    const property = await orgId('金茂物业');
    await step('grid', '/actions', { action: 'dispatch', kind: 'owner', orgId: property, assistOrgIds: [] });
    await step('liu', '/actions', { action: 'return', note: '快递柜不归物业管，是快递公司的' });
    let grid = await mine('grid');
    expect(grid.map((n: Json) => [n.kind, n.audience])).toEqual([['return', 'staff']]);
    expect(notificationTitle(grid[0], 'zh-CN')).toBe('金茂物业退单，请重新派单');
    // the secretary did not dispatch it: no word to them of the return
    expect(await mine('sec')).toEqual([]);
    await step('grid', '/actions', { action: 'dispatch', kind: 'owner', orgId: property, assistOrgIds: [] });
    await step('liu', '/actions', { action: 'accept' });
    await step('liu', '/delays', { workingDays: 2, reason: '配件需要从厂家调货' });
    await step('liu', '/actions', { action: 'handle', note: '已修好柜门', photos: [] });
    grid = await mine('grid');
    expect(grid.map((n: Json) => n.kind)).toEqual(['return', 'delay_requested', 'handle']);
    expect(grid.map((n: Json) => notificationTitle(n, 'zh-CN'))).toEqual([
      '金茂物业退单，请重新派单',
      '金茂物业申请延期，请审批',
      '金茂物业已办结，请核查',
    ]);
    // the reporter heard of the same steps, as a resident
    expect((await mine('sun')).map((n: Json) => n.kind)).toEqual([
      'dispatch:owner',
      'return',
      'dispatch:owner',
      'accept',
      'delay_requested',
      'handle',
    ]);
  });
});

describe('the inbox', () => {
  it('counts unread, filters unread, marks some and then all read', async () => {
    const first = await c.sun!.get('/api/my/notifications?pageSize=2');
    expect(first.body.items).toHaveLength(2);
    expect(first.body.unread).toBeGreaterThanOrEqual(5);
    expect(first.body.total).toBeGreaterThanOrEqual(first.body.unread);
    const newest = first.body.items[0];
    const marked = await c.sun!.post('/api/my/notifications/read', { ids: [newest.id] });
    expect(marked.status).toBe(200);
    expect(marked.body).toEqual({ updated: 1, unread: first.body.unread - 1 });
    // marking again changes nothing
    expect((await c.sun!.post('/api/my/notifications/read', { ids: [newest.id] })).body.updated).toBe(0);
    const unreadOnly = await c.sun!.get('/api/my/notifications?unread=true&pageSize=50');
    expect(unreadOnly.body.items.map((n: Json) => n.id)).not.toContain(newest.id);
    expect(unreadOnly.body.total).toBe(first.body.unread - 1);
    const page2 = await c.sun!.get('/api/my/notifications?pageSize=2&page=2');
    expect(page2.body.items[0].id).not.toBe(newest.id);
    const all = await c.sun!.post('/api/my/notifications/read', { all: true });
    expect(all.body).toEqual({ updated: first.body.unread - 1, unread: 0 });
    const after = await c.sun!.get('/api/my/notifications');
    expect(after.body.unread).toBe(0);
    expect(after.body.items.every((n: Json) => n.readAt !== null)).toBe(true);
  });

  it('a user never reads or marks another’s notifications', async () => {
    const liu = await c.liu!.get('/api/my/notifications?pageSize=50');
    const sun = await c.sun!.get('/api/my/notifications?pageSize=50');
    const liuIds = new Set(liu.body.items.map((n: Json) => n.id));
    expect(sun.body.items.some((n: Json) => liuIds.has(n.id))).toBe(false);
    // every row the API returns is the caller's own
    const own = await t.pool.query(
      `select n.id from notifications n join "user" u on u.id = n.user_id where u."phoneNumber" = $1`,
      [P.liu],
    );
    expect(liu.body.items.map((n: Json) => n.id).sort()).toEqual(own.rows.map((r) => r.id).sort());
    // 孙阿姨 tries to mark 刘经理's as read: nothing happens
    const unreadBefore = liu.body.unread;
    expect(unreadBefore).toBeGreaterThan(0);
    const res = await c.sun!.post('/api/my/notifications/read', { ids: [...liuIds] });
    expect(res.status).toBe(200);
    expect(res.body.updated).toBe(0);
    expect((await c.liu!.get('/api/my/notifications')).body.unread).toBe(unreadBefore);
    // signed out: no inbox at all
    const anon = await t.client();
    expect((await anon.get('/api/my/notifications')).status).toBe(401);
  });

  it('refuses a body that names nothing to mark', async () => {
    for (const body of [{}, { ids: [] }, { all: false }, { ids: [0] }]) {
      const res = await c.sun!.post('/api/my/notifications/read', body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(res.body.code).toBeTypeOf('string');
    }
  });
});

describe('notices from other modules', () => {
  it('reach each named user once, in their language, open their link, and are read like any other', async () => {
    const { rows } = await t.pool.query(
      `select u.id, u."phoneNumber" as phone, a.tenant_id from "user" u, areas a
        where u."phoneNumber" = any($1) and a.name = '龙腾社区'`,
      [[P.sun, P.chen]],
    );
    const ids = rows.map((r) => r.id as string);
    const n = await notify(t.pool, {
      tenantId: Number(rows[0].tenant_id),
      userIds: [...ids, ids[0]!],
      kind: 'wish.claimed',
      audience: 'resident',
      text: { 'zh-CN': '您的微心愿已被认领', 'en-US': 'Your wish was claimed' },
      link: '/h5/wishes/1',
    });
    expect(n).toBe(2);
    const res = await c.sun!.get('/api/my/notifications?pageSize=50');
    const mine = res.body.items.filter((x: Json) => x.kind === 'wish.claimed');
    expect(mine).toHaveLength(1);
    expect(mine[0]).toMatchObject({ requestId: null, publicNo: null, link: '/h5/wishes/1', canOpen: true });
    expect(notificationTitle(mine[0], 'en-US')).toBe('Your wish was claimed');
    expect(notificationTitle(mine[0], 'zh-CN')).toBe('您的微心愿已被认领');
    const read = await c.sun!.post('/api/my/notifications/read', { ids: [mine[0].id] });
    expect(read.body.updated).toBe(1);
    // a notice without text in both languages is refused by the database
    await expect(
      t.pool.query(
        `insert into notifications (tenant_id, user_id, kind, audience, text) values ($1, $2, 'x', 'resident', $3)`,
        [rows[0].tenant_id, ids[0], { 'zh-CN': '只有中文' }],
      ),
    ).rejects.toThrow(/notifications_request_or_text/);
  });
});

describe('titles', () => {
  const params = { actor: null, org: null, from: null, to: null, note: null, summary: '' };
  const RESIDENT_STEPS = [
    'created',
    'dispatch:owner',
    'reassign:street',
    'accept',
    'return',
    'start',
    'handle',
    'answer',
    'verify',
    'rework',
    'rate',
    'rated_reopened',
    'reopen',
    'close',
    'reject',
    'merge',
    'comment',
    'warning:breached',
    'delay_requested',
    'delay_approved',
    'delay_refused',
    'revisit',
  ];
  const cases = [
    ...RESIDENT_STEPS.map((kind) => ({ kind, audience: 'resident' as const })),
    ...['dispatch:party', 'reassign:owner', 'rework'].map((kind) => ({
      kind,
      audience: 'responder' as const,
    })),
    ...['warning:yellow', 'warning:red', 'warning:breached', 'escalated'].map((kind) => ({
      kind,
      audience: 'staff' as const,
    })),
  ];
  it('every step a person can hear of has its own title in Chinese and in English', () => {
    for (const c of cases) {
      const zh = notificationTitle({ ...c, params }, 'zh-CN');
      const en = notificationTitle({ ...c, params }, 'en-US');
      expect(zh, c.kind).not.toBe('诉求有新进展');
      expect(en, c.kind).not.toBe('New progress on a request');
      expect(en, c.kind).not.toMatch(/[\u4e00-\u9fff]/);
    }
    expect(notificationTitle({ kind: 'something_new', audience: 'resident', params }, 'en-US')).toBe(
      'New progress on a request',
    );
  });
});
