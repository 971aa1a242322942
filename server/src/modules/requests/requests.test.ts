import type { PolygonGeometry } from '@doorstep/contract';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  areaId,
  type Client,
  type Json,
  PHONES,
  type Res,
  startTestApp,
  type TestApp,
} from '../../test/harness';
import { convertPoint } from '../areas';
import { addClockMinutes, type DayKind, type HolidayCalendar } from './deadlines';
import { haversine } from './requests.queries';

/** Requests through the HTTP API with the demo's real actors: report, intake, whistles, handling, rating, lists. */
let t: TestApp;
const clients = new Map<string, Client>();

const P = {
  admin: PHONES.platform_admin,
  street: PHONES.street_admin, // 王建国, 长江路街道
  sec: PHONES.community_secretary, // 李书记, 龙腾社区
  staff: PHONES.community_staff, // 张社工, 龙腾社区
  grid: PHONES.grid_worker, // 赵网格, 龙腾社区 第1网格
  liu: PHONES.responder, // 刘经理, 金茂物业
  chen: PHONES.party_member, // 陈党员, 龙腾社区党员先锋队
  zhou: PHONES.merchant, // 周老板, lives/works in 龙腾社区 第2网格
  sun: PHONES.resident, // 孙阿姨, 聚金万佳苑1栋
  wu: PHONES.other_secretary, // 吴书记, 九龙社区
} as const;

const LT = '990101001001';
const JL = '990101001002';
const LT_POINT = { lng: 104.0484, lat: 30.6131 }; // 龙腾社区 第1网格
const OTHER_STREET_POINT = { lng: 104.205, lat: 30.71 };
const SECRETARY = '李书记（社区书记）';
const PROPERTY = '刘经理（金茂物业）';

let jlPoint: { lng: number; lat: number };
let ids: {
  ltG1: number;
  ltG2: number;
  ltG3: number;
  jlG1: number;
  lt: number;
  jl: number;
  ltG3Building: number;
};
let orgs: Record<string, number>;
const org = (name: string) => {
  const id = orgs[name];
  if (!id) throw new Error(`no responder ${name}`);
  return id;
};
let seed: { lift: number; bbq: number; fire: number };

beforeAll(async () => {
  t = await startTestApp();
  const g = (n: number) => `${LT}${String(n).padStart(3, '0')}`;
  ids = {
    ltG1: await areaId(t.pool, g(1)),
    ltG2: await areaId(t.pool, g(2)),
    ltG3: await areaId(t.pool, g(3)),
    jlG1: await areaId(t.pool, `${JL}001`),
    lt: await areaId(t.pool, LT),
    jl: await areaId(t.pool, JL),
    ltG3Building: await areaId(t.pool, `${g(3)}-01-01`),
  };
  const jlGrid = await (await as(P.street)).get(`/api/areas/${ids.jlG1}`);
  expect(jlGrid.status).toBe(200);
  const [lng, lat] = centroid(jlGrid.body.geometry);
  jlPoint = { lng, lat };
  const list = await (await as(P.sec)).get('/api/responder-orgs');
  expect(list.status).toBe(200);
  orgs = Object.fromEntries(list.body.items.map((o: { name: string; id: number }) => [o.name, o.id]));
  const byText = async (like: string) =>
    (await t.pool.query('select id from requests where description like $1', [`%${like}%`])).rows[0].id;
  seed = { lift: await byText('电梯停运三天'), bbq: await byText('烧烤摊'), fire: await byText('消防通道') };
});
afterAll(() => t?.close());

/** One signed-in client per phone (sign-in is rate limited per IP). */
async function as(phone: string) {
  let c = clients.get(phone);
  if (!c) {
    c = await t.client(phone);
    clients.set(phone, c);
  }
  return c;
}

function centroid(g: PolygonGeometry): [number, number] {
  const ring = (g.type === 'Polygon' ? g.coordinates[0] : g.coordinates[0]![0])!.slice(0, -1);
  return [
    ring.reduce((s, p) => s + p[0]!, 0) / ring.length,
    ring.reduce((s, p) => s + p[1]!, 0) / ring.length,
  ];
}

function expectProblem(res: Res, status: number, code?: string) {
  expect(res.status, JSON.stringify(res.body)).toBe(status);
  expect(res.headers.get('content-type')).toContain('application/problem+json');
  if (code) expect(res.body.code).toBe(code);
}

let seq = 0;
/** A report as `phone` (孙阿姨 by default) at the 龙腾 第1网格 point unless the body says otherwise. */
async function report(body: Record<string, unknown> = {}, phone: string = P.sun): Promise<Json> {
  const res = await (await as(phone)).post('/api/requests', {
    description: `测试诉求${++seq}：楼下路灯不亮`,
    ...LT_POINT,
    ...body,
  });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body;
}

const row = async (id: number) => (await t.pool.query('select * from requests where id = $1', [id])).rows[0];

/** An action with the request's current version (unless the body gives one); checks the status code. */
async function act(phone: string, id: number, body: Record<string, unknown>, status = 200): Promise<Res> {
  const version = (await row(id)).version;
  const res = await (await as(phone)).post(`/api/requests/${id}/actions`, { version, ...body });
  expect(res.status, `${String(body.action)} by ${phone}: ${JSON.stringify(res.body)}`).toBe(status);
  return res;
}

const dispatch = (id: number, orgName = '金茂物业', kind = 'owner', phone: string = P.sec) =>
  act(phone, id, { action: 'dispatch', kind, orgId: org(orgName) });

/** 孙阿姨's report, dispatched to 金茂物业, accepted and handled by 刘经理, verified by 李书记. */
async function verifiedRequest(description = '3栋电梯又坏了，按钮没反应') {
  const r = await report({ description });
  await dispatch(r.id);
  await act(P.liu, r.id, { action: 'accept' });
  await act(P.liu, r.id, { action: 'handle', note: '已更换控制板，电梯恢复运行' });
  await act(P.sec, r.id, { action: 'verify', note: '网格员现场查看已恢复' });
  return r as { id: number; publicNo: string };
}

async function view(phone: string, id: number): Promise<Json> {
  const res = await (await as(phone)).get(`/api/requests/${id}`);
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return res.body;
}

async function listIds(phone: string, query: string): Promise<{ ids: number[]; total: number }> {
  const res = await (await as(phone)).get(`/api/requests?${query}`);
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return { ids: res.body.items.map((i: { id: number }) => i.id), total: res.body.total };
}

/** Whether a request is in one of `phone`'s queues (narrowed to it by its public number). */
async function inQueue(phone: string, queue: string, r: { id: number; publicNo: string }): Promise<boolean> {
  const { ids } = await listIds(phone, `queue=${queue}&q=${r.publicNo}`);
  expect(ids.filter((x) => x !== r.id)).toEqual([]);
  return ids.includes(r.id);
}

async function holidayCalendar(): Promise<HolidayCalendar> {
  const { rows } = await t.pool.query('select day::text as day, kind from holidays');
  return new Map(rows.map((r) => [r.day as string, r.kind as DayKind]));
}

const HOUR = 3_600_000;

describe('report (随手拍)', () => {
  it('routes a point to 龙腾社区 第1网格 and starts the timeline', async () => {
    const r = await report({ description: '小区门口垃圾桶满溢好几天了', nature: 'complaint' });
    expect(r).toMatchObject({
      status: 'received',
      version: 1,
      channel: 'h5',
      nature: 'complaint',
      gridId: ids.ltG1,
      gridName: '第1网格',
      communityName: '龙腾社区',
      lng: LT_POINT.lng,
      lat: LT_POINT.lat,
      reopenCount: 0,
      closedReason: null,
      actions: [],
      canComment: true,
    });
    expect(r.publicNo).toMatch(/^DS\d{8}-\d{6}$/);
    expect(r.timeline).toHaveLength(1);
    expect(r.timeline[0]).toMatchObject({
      type: 'created',
      actor: '居民',
      toStatus: 'received',
      internal: false,
    });
    const db = await row(r.id);
    expect(db.grid_id).toBe(ids.ltG1);
    expect(db.community_id).toBe(ids.lt);
  });

  it('suggests property.lift for a lift text and gives it the utilities deadline: 24 h on the calendar', async () => {
    const r = await report({ description: '2单元电梯停运，老人被困在家' });
    expect(r.categoryCode).toBe('property.lift');
    expect(r.urgency).toBe('normal');
    const created = Date.parse(r.createdAt);
    expect(Date.parse(r.resolveDueAt) - created).toBe(24 * HOUR);
    expect(Date.parse(r.responseDueAt) - created).toBe(2 * HOUR);
  });

  it('gives a normal category a working-day deadline (7 working days, weekends and holidays skipped)', async () => {
    const r = await report({ description: '绿化带里的垃圾没人清运', categoryCode: 'city.litter' });
    expect(r.categoryCode).toBe('city.litter');
    const created = new Date(r.createdAt);
    const calendar = await holidayCalendar();
    expect(r.resolveDueAt).toBe(addClockMinutes(created, 7 * 1440, 'working', calendar).toISOString());
    expect(r.responseDueAt).toBe(addClockMinutes(created, 1440, 'working', calendar).toISOString());
    // no 7 consecutive working days exist, so the working window is always longer than 7 calendar days
    expect(Date.parse(r.resolveDueAt) - created.getTime()).toBeGreaterThan(7 * 24 * HOUR);
  });

  it('falls back to other.general when nothing in the text matches a category', async () => {
    const r = await report({ description: 'qwerty asdf zxcv' });
    expect(r.categoryCode).toBe('other.general');
  });

  it('refuses a parent or unknown category with 422 CATEGORY_INVALID and stores nothing', async () => {
    const c = await as(P.sun);
    const before = (await t.pool.query('select count(*)::int as n from requests')).rows[0].n;
    for (const categoryCode of ['property', 'no.such_category']) {
      const res = await c.post('/api/requests', { description: '电梯坏了', categoryCode, ...LT_POINT });
      expectProblem(res, 422, 'CATEGORY_INVALID');
    }
    expect((await t.pool.query('select count(*)::int as n from requests')).rows[0].n).toBe(before);
  });

  it('refuses a point outside every grid with 422 OUT_OF_SERVICE_AREA', async () => {
    const res = await (await as(P.sun)).post('/api/requests', {
      description: '这里有问题',
      lng: 100,
      lat: 30,
    });
    expectProblem(res, 422, 'OUT_OF_SERVICE_AREA');
  });

  it("without a point or address falls back to the reporter's home grid", async () => {
    const sun = await report({ description: '家门口的井盖松动了', lng: undefined, lat: undefined });
    expect(sun).toMatchObject({
      gridId: ids.ltG1,
      gridName: '第1网格',
      communityName: '龙腾社区',
      lng: null,
      lat: null,
    });
    // 周老板's only scope is his shop in 第2网格
    const zhou = await report({ description: '店门口的井盖松动了', lng: undefined, lat: undefined }, P.zhou);
    expect(zhou).toMatchObject({ gridId: ids.ltG2, gridName: '第2网格', communityName: '龙腾社区' });
  });

  it('stores a GCJ-02 point as WGS-84 and still finds its grid', async () => {
    const [gLng, gLat] = convertPoint(LT_POINT.lng, LT_POINT.lat, 'wgs84', 'gcj02');
    const r = await report({ description: '路边栏杆损坏', lng: gLng, lat: gLat, crs: 'gcj02' });
    expect(r.gridId).toBe(ids.ltG1);
    expect(Math.abs(r.lng - LT_POINT.lng)).toBeLessThan(1e-5);
    expect(Math.abs(r.lat - LT_POINT.lat)).toBeLessThan(1e-5);
    // the GCJ offset in Chengdu is a few hundred metres
    expect(Math.abs(r.lng - gLng)).toBeGreaterThan(0.001);
    expect(Math.abs(r.lat - gLat)).toBeGreaterThan(0.001);
  });

  it("a QR code's placeAreaId routes to that building's grid (channel qr)", async () => {
    const r = await report({
      description: '楼道灯坏了',
      lng: undefined,
      lat: undefined,
      placeAreaId: ids.ltG3Building,
    });
    expect(r).toMatchObject({
      gridId: ids.ltG3,
      gridName: '第3网格',
      communityName: '龙腾社区',
      channel: 'qr',
    });
    const res = await (await as(P.sun)).post('/api/requests', {
      description: '楼道灯坏了',
      placeAreaId: 987654321,
    });
    expectProblem(res, 422, 'PLACE_NOT_FOUND');
  });
});

describe('staff intake (代录)', () => {
  it('records a 12345 hotline case with a masked phone, routed by the compound named in the address', async () => {
    const res = await (await as(P.sec)).post('/api/requests/intake', {
      description: '市民来电反映小区大门门禁坏了',
      channel: 'hotline_12345',
      reporterName: '钱先生',
      reporterPhone: '13912345678',
      address: '聚金万佳苑东门',
      sourceRef: '12345-2026-0001',
    });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    const r = res.body;
    expect(r).toMatchObject({
      channel: 'hotline_12345',
      reporterName: '钱先生',
      reporterPhoneMasked: '139****5678',
      gridId: ids.ltG1,
      gridName: '第1网格',
      communityName: '龙腾社区',
      categoryCode: 'property.security',
    });
    expect(JSON.stringify(r)).not.toContain('13912345678');
    expect(r.timeline[0]).toMatchObject({ type: 'created', actor: SECRETARY, note: '代录：12345 转办' });
    const db = await row(r.id);
    expect(db.reporter_user_id).toBeNull();
    expect(db.reporter_phone).toBe('13912345678');
    expect(db.source_ref).toBe('12345-2026-0001');
  });

  it("another compound's name routes to that compound's grid (皇庭小区 → 第2网格)", async () => {
    const res = await (await as(P.staff)).post('/api/requests/intake', {
      description: '走访发现楼道堆放杂物',
      channel: 'visit',
      address: '皇庭小区5栋',
    });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(res.body).toMatchObject({ channel: 'visit', gridId: ids.ltG2, gridName: '第2网格' });
  });

  it("refuses a place outside the staff's area with 403 and stores nothing", async () => {
    const count = async (d: string) =>
      (await t.pool.query('select count(*)::int as n from requests where description = $1', [d])).rows[0].n;
    const d1 = '越界代录：九龙的路灯不亮';
    expectProblem(
      await (await as(P.sec)).post('/api/requests/intake', { description: d1, channel: 'visit', ...jlPoint }),
      403,
      'FORBIDDEN',
    );
    expect(await count(d1)).toBe(0);
    // 赵网格 holds 第1网格 only
    const d2 = '越界代录：皇庭小区的路灯不亮';
    expectProblem(
      await (await as(P.grid)).post('/api/requests/intake', {
        description: d2,
        channel: 'patrol',
        address: '皇庭小区',
      }),
      403,
      'FORBIDDEN',
    );
    expect(await count(d2)).toBe(0);
    // residents and responders cannot take in at all
    for (const phone of [P.sun, P.liu])
      expectProblem(
        await (await as(phone)).post('/api/requests/intake', {
          description: '代录',
          channel: 'visit',
          ...LT_POINT,
        }),
        403,
      );
  });

  it('a resident report of an emergency category is urgent with the emergency deadlines', async () => {
    const r = await report({ description: '楼道里电动车充电冒烟着火了' });
    expect(r.categoryCode).toBe('emergency.fire');
    expect(r.urgency).toBe('emergency');
    expect(Date.parse(r.responseDueAt) - Date.parse(r.createdAt)).toBe(15 * 60_000);
    expect(Date.parse(r.resolveDueAt) - Date.parse(r.createdAt)).toBe(2 * HOUR);
  });

  // Regression test for a bug found while writing these tests (fixed in the same change).
  it('an intake of an emergency category without an urgency is an emergency too', async () => {
    const res = await (await as(P.sec)).post('/api/requests/intake', {
      description: '走访发现楼道里电动车充电冒烟着火了',
      channel: 'visit',
      ...LT_POINT,
    });
    expect(res.status).toBe(201);
    expect(res.body.categoryCode).toBe('emergency.fire');
    expect(res.body.urgency).toBe('emergency');
    expect(Date.parse(res.body.responseDueAt) - Date.parse(res.body.createdAt)).toBe(15 * 60_000);
  });

  // Regression test for a bug found while writing these tests (fixed in the same change).
  it('a retried intake with the same Idempotency-Key returns the same request', async () => {
    const c = await as(P.sec);
    const body = { description: '12345 转办：路面塌陷', channel: 'hotline_12345', ...LT_POINT };
    const headers = { 'idempotency-key': 'intake-retry-0001' };
    const first = await c.request('POST', '/api/requests/intake', body, headers);
    const second = await c.request('POST', '/api/requests/intake', body, headers);
    expect(first.status).toBe(201);
    expect(second.status).toBe(200);
    expect(second.body.id).toBe(first.body.id);
  });
});

describe('idempotency', () => {
  const post = async (phone: string, key: string, description = '重试测试：楼顶漏水') =>
    (await as(phone)).request(
      'POST',
      '/api/requests',
      { description, ...LT_POINT },
      { 'idempotency-key': key },
    );

  it('the same key twice: 201, then 200 with the same request', async () => {
    const first = await post(P.sun, 'retry-key-0001');
    const second = await post(P.sun, 'retry-key-0001');
    expect(first.status).toBe(201);
    expect(second.status).toBe(200);
    expect(second.body.id).toBe(first.body.id);
    expect(second.body.timeline).toHaveLength(1);
  });

  it('ten concurrent posts with one key make exactly one request', async () => {
    const key = 'retry-key-concurrent-01';
    const results = await Promise.all(Array.from({ length: 10 }, () => post(P.sun, key)));
    expect(results.map((r) => r.status).sort()).toEqual([200, 200, 200, 200, 200, 200, 200, 200, 200, 201]);
    expect(new Set(results.map((r) => r.body.id)).size).toBe(1);
    const { rows } = await t.pool.query('select id from requests where idempotency_key = $1', [key]);
    expect(rows).toHaveLength(1);
    expect(rows[0].id).toBe(results[0]!.body.id);
    const events = await t.pool.query(`select count(*)::int as n from request_events where request_id = $1`, [
      rows[0].id,
    ]);
    expect(events.rows[0].n).toBe(1);
  });

  it('different keys make different requests; the same key from another reporter is another request', async () => {
    const a = await post(P.sun, 'retry-key-a-0001');
    const b = await post(P.sun, 'retry-key-b-0001');
    const c = await post(P.chen, 'retry-key-a-0001');
    expect([a.status, b.status, c.status]).toEqual([201, 201, 201]);
    expect(new Set([a.body.id, b.body.id, c.body.id]).size).toBe(3);
  });

  it('refuses a malformed key', async () => {
    expectProblem(await post(P.sun, 'bad key!'), 400, 'VALIDATION_FAILED');
  });
});

describe('the whole way: report → whistle → accept → handle → verify → rate', () => {
  it('goes through every step with the real actors, and shows each step on the timeline', async () => {
    const r = await report({ description: '5栋电梯困人，按了警铃没人回应' });
    const id = r.id as number;
    expect(r.categoryCode).toBe('property.lift');

    // before the whistle 刘经理 cannot see it
    expectProblem(await (await as(P.liu)).get(`/api/requests/${id}`), 404, 'NOT_FOUND');
    expect((await view(P.sec, id)).actions).toEqual(['dispatch', 'answer', 'reject', 'merge']);
    expect((await view(P.sun, id)).actions).toEqual([]);

    // a public whistle (volunteers) cannot call a property company
    expectProblem(
      await act(P.sec, id, { action: 'dispatch', kind: 'public', orgId: org('金茂物业') }, 422),
      422,
      'WHISTLE_RESPONDER_MISMATCH',
    );
    expect((await row(id)).version).toBe(1);

    const dispatched = (await dispatch(id)).body;
    expect(dispatched).toMatchObject({ status: 'dispatched', holder: '金茂物业', version: 2 });
    expect(dispatched.whistles).toEqual([
      expect.objectContaining({
        kind: 'owner',
        orgName: '金茂物业',
        orgKind: 'property',
        role: 'lead',
        status: 'pending',
      }),
    ]);

    // 刘经理 finds it in his queue
    expect(await inQueue(P.liu, 'mine', r)).toBe(true);
    expect((await view(P.liu, id)).actions).toEqual(['accept', 'return']);
    expect((await view(P.sec, id)).actions).toEqual(['reassign', 'merge']);

    const accepted = (await act(P.liu, id, { action: 'accept', note: '维保人员十分钟内到场' })).body;
    expect(accepted.status).toBe('accepted');
    expect(accepted.whistles[0].status).toBe('accepted');
    expect(accepted.actions).toEqual(['return', 'start', 'handle']);
    expect((await row(id)).responded_at).not.toBeNull();

    // an internal note by staff: staff and responder see it, the resident does not
    const commented = await (await as(P.sec)).post(`/api/requests/${id}/comments`, {
      note: '内部：维保合同下月到期，注意跟进',
      internal: true,
    });
    expect(commented.status, JSON.stringify(commented.body)).toBe(200);

    const handled = (await act(P.liu, id, { action: 'handle', note: '已解救被困人员并更换门机' })).body;
    expect(handled.status).toBe('handled');
    expect(handled.whistles[0].status).toBe('done');
    expect(await inQueue(P.liu, 'mine', r)).toBe(false);
    expect((await view(P.sec, id)).actions).toEqual(['verify', 'rework']);
    expect((await view(P.sun, id)).actions).toEqual([]);

    await act(P.sec, id, { action: 'verify', note: '电话回访确认已恢复' });
    expect((await view(P.sun, id)).actions).toEqual(['rate']);
    expect((await view(P.sec, id)).actions).toEqual(['reopen', 'close']);

    const rated = (
      await act(P.sun, id, { action: 'rate', resolved: 'yes', satisfaction: 'satisfied', note: '很及时' })
    ).body;
    expect(rated).toMatchObject({
      status: 'closed',
      closedReason: 'rated',
      satisfaction: 'satisfied',
      resolved: 'yes',
      ratingComment: '很及时',
      actions: [],
      canComment: false,
    });

    const staffView = await view(P.sec, id);
    expect(
      staffView.timeline.map((e: Json) => [e.type, e.actor, e.fromStatus, e.toStatus, e.internal]),
    ).toEqual([
      ['created', '居民', null, 'received', false],
      ['dispatch:owner', SECRETARY, 'received', 'dispatched', false],
      ['accept', PROPERTY, 'dispatched', 'accepted', false],
      ['comment', SECRETARY, null, null, true],
      ['handle', PROPERTY, 'accepted', 'handled', false],
      ['verify', SECRETARY, 'handled', 'verified', false],
      ['rate', '居民', 'verified', 'closed', false],
    ]);
    expect(staffView.timeline.map((e: Json) => e.note)).toContain('内部：维保合同下月到期，注意跟进');
    const times = staffView.timeline.map((e: Json) => Date.parse(e.at));
    expect([...times].sort((a, b) => a - b)).toEqual(times);

    expect((await view(P.liu, id)).timeline.some((e: Json) => e.internal)).toBe(true);

    const residentView = await view(P.sun, id);
    expect(residentView.timeline.map((e: Json) => e.type)).toEqual([
      'created',
      'dispatch:owner',
      'accept',
      'handle',
      'verify',
      'rate',
    ]);
    expect(JSON.stringify(residentView)).not.toContain('维保合同');
    // staff see the reporter, the resident's own view does not carry the phone
    expect(staffView.reporterName).toBe('孙阿姨');
    expect(staffView.reporterPhoneMasked).toBe('138****0008');
    expect(residentView.reporterPhoneMasked).toBeNull();
  });

  it('a resident cannot post an internal note: it is stored as visible', async () => {
    const r = await report();
    const res = await (await as(P.sun)).post(`/api/requests/${r.id}/comments`, {
      note: '补充：晚上更暗',
      internal: true,
    });
    expect(res.status).toBe(200);
    expect(res.body.timeline.at(-1)).toMatchObject({ type: 'comment', internal: false, actor: '居民' });
    expect((await row(r.id)).responded_at).toBeNull();
  });
});

describe('return (退单)', () => {
  it("刘经理 returns with a reason; 李书记 finds it under 'returned' and whistles again", async () => {
    const r = await report({ description: '联发君澜车库入口电梯故障' });
    await dispatch(r.id);
    // a return needs a reason
    expectProblem(await act(P.liu, r.id, { action: 'return' }, 400), 400, 'VALIDATION_FAILED');
    const reason = '该小区由联发物业管理，不属于我司';
    const returned = (await act(P.liu, r.id, { action: 'return', note: reason })).body;
    expect(returned.status).toBe('returned');
    expect(returned.holder).toBeNull();
    expect(returned.whistles).toEqual([
      expect.objectContaining({ orgName: '金茂物业', status: 'returned', returnReason: reason }),
    ]);
    expect(returned.timeline.at(-1)).toMatchObject({
      type: 'return',
      actor: PROPERTY,
      note: reason,
      toStatus: 'returned',
    });

    expect(await inQueue(P.sec, 'returned', r)).toBe(true);
    expect(await inQueue(P.liu, 'mine', r)).toBe(false);
    expect((await view(P.sec, r.id)).actions).toEqual(['dispatch', 'answer', 'reject', 'merge']);

    const again = (await dispatch(r.id, '联发物业')).body;
    expect(again).toMatchObject({ status: 'dispatched', holder: '联发物业' });
    expect(again.whistles.map((w: Json) => [w.orgName, w.status])).toEqual([
      ['金茂物业', 'returned'],
      ['联发物业', 'pending'],
    ]);
    expect(await inQueue(P.sec, 'returned', r)).toBe(false);
    // 刘经理 is no longer the lead: he may still read it, but not accept it
    expect((await view(P.liu, r.id)).actions).toEqual([]);
    expectProblem(await act(P.liu, r.id, { action: 'accept' }, 403), 403, 'FORBIDDEN');
  });
});

describe('rating unsatisfied (重办)', () => {
  it('reopens the request, counts the reopen, and it can be whistled again', async () => {
    const r = await verifiedRequest();
    const id = r.id;
    const rated = (
      await act(P.sun, id, {
        action: 'rate',
        resolved: 'partly',
        satisfaction: 'unsatisfied',
        note: '第二天又坏了',
      })
    ).body;
    expect(rated).toMatchObject({
      status: 'reopened',
      reopenCount: 1,
      closedReason: null,
      satisfaction: 'unsatisfied',
    });
    expect(rated.timeline.at(-1)).toMatchObject({
      type: 'rated_reopened',
      fromStatus: 'verified',
      toStatus: 'reopened',
    });
    expect(await inQueue(P.sec, 'new', r)).toBe(true);
    const again = (await dispatch(id)).body;
    expect(again).toMatchObject({ status: 'dispatched', reopenCount: 1, holder: '金茂物业' });
    await act(P.liu, id, { action: 'accept' });
    await act(P.liu, id, { action: 'start', note: '厂家工程师到场' });
    await act(P.liu, id, { action: 'handle', note: '更换主板彻底修复' });
    await act(P.sec, id, { action: 'verify' });
    const closed = (await act(P.sun, id, { action: 'rate', resolved: 'yes', satisfaction: 'basic' })).body;
    expect(closed).toMatchObject({
      status: 'closed',
      closedReason: 'rated',
      reopenCount: 1,
      satisfaction: 'basic',
    });
  });

  it("resolved 'no' reopens even when marked satisfied; staff may reopen a closed request", async () => {
    const { id } = await verifiedRequest();
    expect(
      (await act(P.sun, id, { action: 'rate', resolved: 'no', satisfaction: 'satisfied' })).body.status,
    ).toBe('reopened');
    await act(P.sec, id, { action: 'reject', note: '经核实为重复反映' });
    const reopened = (await act(P.sec, id, { action: 'reopen', note: '居民再次来电，重新办理' })).body;
    expect(reopened).toMatchObject({ status: 'reopened', reopenCount: 2, closedReason: null });
  });
});

describe('who may do what', () => {
  it('a resident cannot dispatch, 刘经理 cannot verify, and a refused action changes nothing', async () => {
    const r = await report();
    expectProblem(
      await act(P.sun, r.id, { action: 'dispatch', kind: 'owner', orgId: org('金茂物业') }, 403),
      403,
      'FORBIDDEN',
    );
    expect((await row(r.id)).version).toBe(1);
    await dispatch(r.id);
    await act(P.liu, r.id, { action: 'accept' });
    await act(P.liu, r.id, { action: 'handle', note: '已处理完毕' });
    expectProblem(await act(P.liu, r.id, { action: 'verify' }, 403), 403, 'FORBIDDEN');
    expectProblem(await act(P.sun, r.id, { action: 'verify' }, 403), 403, 'FORBIDDEN');
    // staff cannot accept on the responder's behalf, nor rate for the resident
    const other = await verifiedRequest();
    expectProblem(
      await act(P.sec, other.id, { action: 'rate', resolved: 'yes', satisfaction: 'satisfied' }, 403),
      403,
    );
    const d = await report();
    await dispatch(d.id);
    expectProblem(await act(P.sec, d.id, { action: 'accept' }, 403), 403);
  });

  it('陈党员 (not whistled) and 九龙社区’s secretary cannot see a 龙腾 request', async () => {
    const r = await report({ description: '孙阿姨家楼下下水道堵了' });
    for (const phone of [P.chen, P.wu]) {
      const c = await as(phone);
      expectProblem(await c.get(`/api/requests/${r.id}`), 404, 'NOT_FOUND');
      expectProblem(
        await c.post(`/api/requests/${r.id}/actions`, { action: 'reject', version: 1, note: '不予受理' }),
        404,
      );
      expectProblem(await c.post(`/api/requests/${r.id}/comments`, { note: '偷看' }), 404);
      expect(await inQueue(phone, 'all', r)).toBe(false);
    }
  });

  it('陈党员 may see it once his party team is whistled, and then acts as its lead', async () => {
    const r = await report({ description: '独居老人家里灯泡坏了需要帮忙' });
    await dispatch(r.id, '龙腾社区党员先锋队', 'organization');
    const seen = await view(P.chen, r.id);
    expect(seen.actions).toEqual(['accept', 'return']);
    expect(seen.holder).toBe('龙腾社区党员先锋队');
    await act(P.chen, r.id, { action: 'accept' });
    expect((await view(P.chen, r.id)).timeline.at(-1).actor).toBe('陈党员（龙腾社区党员先锋队）');
  });

  it("a grid worker acts on his grid's requests only; the street admin on the whole street", async () => {
    const g1 = await report();
    expect((await view(P.grid, g1.id)).actions).toEqual(['dispatch', 'answer', 'reject', 'merge']);
    const g2 = await report({ description: '第2网格的路灯不亮', lng: undefined, lat: undefined }, P.zhou);
    expectProblem(await (await as(P.grid)).get(`/api/requests/${g2.id}`), 404);
    expect((await view(P.street, g2.id)).actions).toEqual(['dispatch', 'answer', 'reject', 'merge']);
  });

  it('a request in the other street is invisible to this street, and the other way round', async () => {
    const other = await report({ description: '邻区街道的路灯不亮', ...OTHER_STREET_POINT });
    expect(other.gridId).not.toBeNull();
    for (const phone of [P.street, P.sec, P.grid])
      expectProblem(await (await as(phone)).get(`/api/requests/${other.id}`), 404);
    // the reporter still follows her own request
    expect((await view(P.sun, other.id)).id).toBe(other.id);
  });
});

describe('two people at once', () => {
  it('the same version from 李书记 and 张社工 at once: exactly one wins, the other gets 409', async () => {
    const r = await report();
    const body = { version: 1, action: 'dispatch', kind: 'owner', orgId: org('金茂物业') };
    const [a, b] = await Promise.all([
      (await as(P.sec)).post(`/api/requests/${r.id}/actions`, body),
      (await as(P.staff)).post(`/api/requests/${r.id}/actions`, {
        ...body,
        action: 'reject',
        note: '重复诉求',
      }),
    ]);
    expect([a.status, b.status].sort()).toEqual([200, 409]);
    const loser = a.status === 409 ? a : b;
    expect(['REQUEST_VERSION_CONFLICT', 'REQUEST_STATE_INVALID']).toContain(loser.body.code);
    const db = await row(r.id);
    expect(db.version).toBe(2);
    const steps = await t.pool.query(
      `select count(*)::int as n from request_events where request_id = $1 and type <> 'created'`,
      [r.id],
    );
    expect(steps.rows[0].n).toBe(1);
    const winner = a.status === 200 ? a : b;
    expect(db.status).toBe(winner.body.status);
  });

  it('ten staff clicks with one version: exactly one wins', async () => {
    const r = await report();
    const results = await Promise.all(
      Array.from({ length: 10 }, async (_, i) =>
        (await as(i % 2 ? P.sec : P.staff)).post(`/api/requests/${r.id}/actions`, {
          version: 1,
          action: 'answer',
          note: `当场答复 ${i}`,
        }),
      ),
    );
    expect(results.filter((x) => x.status === 200)).toHaveLength(1);
    expect(results.filter((x) => x.status === 409)).toHaveLength(9);
    expect((await row(r.id)).version).toBe(2);
  });

  it('an action not allowed in the current state: 409 REQUEST_STATE_INVALID; a stale version: 409 REQUEST_VERSION_CONFLICT', async () => {
    const r = await report();
    expectProblem(await act(P.sec, r.id, { action: 'verify' }, 409), 409, 'REQUEST_STATE_INVALID');
    expectProblem(
      await act(P.sun, r.id, { action: 'rate', resolved: 'yes', satisfaction: 'satisfied' }, 409),
      409,
      'REQUEST_STATE_INVALID',
    );
    await dispatch(r.id);
    expectProblem(
      await act(P.sec, r.id, { action: 'reject', note: '旧版本', version: 1 }, 409),
      409,
      'REQUEST_VERSION_CONFLICT',
    );
    expect((await row(r.id)).status).toBe('dispatched');
  });
});

describe('merge, reject, answer', () => {
  it('merges into another request: closed/merged with duplicateOf', async () => {
    const target = await report({ description: '合并目标：小区东门路灯不亮' });
    const dup = await report({ description: '东门那边路灯坏了' }, P.chen);
    const merged = (await act(P.sec, dup.id, { action: 'merge', intoId: target.id, note: '同一路灯' })).body;
    expect(merged).toMatchObject({ status: 'closed', closedReason: 'merged', duplicateOf: target.id });
    expect((await row(target.id)).status).toBe('received');
  });

  it('refuses to merge into itself, a missing request, or a request in another street', async () => {
    const r = await report();
    const other = await report({ description: '邻区的路灯不亮', ...OTHER_STREET_POINT });
    for (const intoId of [r.id, 987654321, other.id])
      expectProblem(await act(P.sec, r.id, { action: 'merge', intoId }, 422), 422, 'MERGE_TARGET_INVALID');
    expect((await row(r.id)).version).toBe(1);
  });

  // Regression test for a bug found while writing these tests (fixed in the same change).
  it('merging a dispatched request cancels its whistle (it leaves the responder’s queue)', async () => {
    const target = await report({ description: '合并目标：电梯异响' });
    const dup = await report({ description: '电梯运行有异响' });
    await dispatch(dup.id);
    const merged = (await act(P.sec, dup.id, { action: 'merge', intoId: target.id })).body;
    expect(merged.status).toBe('closed');
    expect(await inQueue(P.liu, 'mine', dup)).toBe(false);
    expect(merged.whistles[0].status).toBe('cancelled');
    expect(merged.holder).toBeNull();
  });

  it('rejects with a reason: closed/rejected', async () => {
    const r = await report({ description: '希望小区多种点花' });
    expectProblem(await act(P.sec, r.id, { action: 'reject' }, 400), 400, 'VALIDATION_FAILED');
    const rejected = (await act(P.sec, r.id, { action: 'reject', note: '不属于受理范围，已引导走物业议事' }))
      .body;
    expect(rejected).toMatchObject({ status: 'closed', closedReason: 'rejected', canComment: false });
    expect((await view(P.sec, r.id)).actions).toEqual(['reopen']);
    expect((await view(P.sun, r.id)).actions).toEqual([]);
  });

  it('answers on the spot (当场答复) from received: handled, then verify and rate as usual', async () => {
    const r = await report({ description: '请问社区疫苗接种点在哪里', nature: 'consult' });
    const answered = (
      await act(P.staff, r.id, { action: 'answer', note: '已电话告知：社区卫生服务中心二楼' })
    ).body;
    expect(answered.status).toBe('handled');
    expect(answered.timeline.at(-1)).toMatchObject({
      type: 'answer',
      actor: '张社工（社工）',
      toStatus: 'handled',
    });
    const db = await row(r.id);
    expect(db.handled_at).not.toBeNull();
    expect(db.responded_at).not.toBeNull();
    await act(P.sec, r.id, { action: 'verify' });
    expect(
      (await act(P.sun, r.id, { action: 'rate', resolved: 'yes', satisfaction: 'satisfied' })).body.status,
    ).toBe('closed');
  });

  it('rework sends a handled request back to in_progress; close without a rating is not_rated', async () => {
    const r = await report();
    await dispatch(r.id);
    await act(P.liu, r.id, { action: 'accept' });
    await act(P.liu, r.id, { action: 'handle', note: '已处理' });
    expectProblem(await act(P.sec, r.id, { action: 'rework' }, 400), 400, 'VALIDATION_FAILED');
    const reworked = (await act(P.sec, r.id, { action: 'rework', note: '现场查看仍未修好' })).body;
    expect(reworked.status).toBe('in_progress');
    expect(reworked.timeline.at(-1)).toMatchObject({
      type: 'rework',
      fromStatus: 'handled',
      toStatus: 'in_progress',
    });
    await act(P.sec, r.id, { action: 'handle', note: '社区协调重新修好了' });
    await act(P.sec, r.id, { action: 'verify' });
    expect((await act(P.sec, r.id, { action: 'close' })).body).toMatchObject({
      status: 'closed',
      closedReason: 'not_rated',
    });
    // a request closed without a rating cannot be rated any more
    expect((await view(P.sun, r.id)).actions).toEqual([]);
    expectProblem(
      await act(P.sun, r.id, { action: 'rate', resolved: 'yes', satisfaction: 'satisfied' }, 409),
      409,
    );
  });

  // Regression test for a bug found while writing these tests (fixed in the same change).
  it('after rework the responder holds the request again and can handle it', async () => {
    const r = await report();
    await dispatch(r.id);
    await act(P.liu, r.id, { action: 'accept' });
    await act(P.liu, r.id, { action: 'handle', note: '已处理' });
    await act(P.sec, r.id, { action: 'rework', note: '现场查看仍未修好' });
    const seen = await view(P.liu, r.id);
    expect(seen.holder).toBe('金茂物业');
    expect(seen.actions).toContain('handle');
    expect(await inQueue(P.liu, 'mine', r)).toBe(true);
    await act(P.liu, r.id, { action: 'handle', note: '重新修好了' });
  });

  it('reassign moves the whistle to another responder and cancels the first', async () => {
    const r = await report();
    await dispatch(r.id);
    await act(P.liu, r.id, { action: 'accept' });
    const moved = (
      await act(P.sec, r.id, { action: 'reassign', kind: 'owner', orgId: org('联发物业'), note: '改派' })
    ).body;
    expect(moved).toMatchObject({ status: 'dispatched', holder: '联发物业' });
    expect(moved.whistles.map((w: Json) => [w.orgName, w.status])).toEqual([
      ['金茂物业', 'cancelled'],
      ['联发物业', 'pending'],
    ]);
    expect(await inQueue(P.liu, 'mine', r)).toBe(false);
  });
});

describe('suggest', () => {
  const suggest = async (body: Record<string, unknown>) => {
    const res = await (await as(P.sun)).post('/api/requests/suggest', body);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    return res.body;
  };

  it('suggests property.lift and the nearby lift request as a duplicate', async () => {
    const lift = await report({ description: '1栋电梯停运，物业电话打不通' });
    expect(lift.categoryCode).toBe('property.lift');
    // about 30 m north-east of it
    const s = await suggest({
      description: '电梯又停运了',
      lng: LT_POINT.lng + 0.0002,
      lat: LT_POINT.lat + 0.0002,
    });
    expect(s.categories[0].code).toBe('property.lift');
    expect(s.grid).toMatchObject({ id: ids.ltG1, name: '第1网格' });
    const dup = s.duplicates.find((d: Json) => d.id === lift.id);
    expect(dup, JSON.stringify(s.duplicates)).toBeDefined();
    expect(dup).toMatchObject({ publicNo: lift.publicNo, status: 'received', categoryName: '电梯故障' });
    expect(dup.distanceM).toBeGreaterThan(20);
    expect(dup.distanceM).toBeLessThanOrEqual(250);
    // another category at the same spot is not a duplicate
    const other = await suggest({
      description: '路灯不亮',
      lng: LT_POINT.lng + 0.0002,
      lat: LT_POINT.lat + 0.0002,
    });
    expect(other.duplicates.map((d: Json) => d.id)).not.toContain(lift.id);
  });

  it('a lift far away is not a duplicate, and no point means no grid and no duplicates', async () => {
    const lift = await report({ description: '2栋电梯停运，物业电话打不通' });
    expect(haversine(jlPoint.lat, jlPoint.lng, LT_POINT.lat, LT_POINT.lng)).toBeGreaterThan(250);
    const far = await suggest({ description: '电梯又停运了', ...jlPoint });
    expect(far.categories[0].code).toBe('property.lift');
    expect(far.grid.id).toBe(ids.jlG1);
    expect(far.duplicates.map((d: Json) => d.id)).not.toContain(lift.id);
    expect(far.duplicates.map((d: Json) => d.id)).not.toContain(seed.lift);
    for (const d of far.duplicates) expect(d.distanceM).toBeLessThanOrEqual(250);
    const nowhere = await suggest({ description: '电梯又停运了' });
    expect(nowhere).toMatchObject({ grid: null, duplicates: [] });
    expect(nowhere.categories[0].code).toBe('property.lift');
  });

  it('without a point, a QR code’s place finds open requests of the category in the same grid', async () => {
    const lift = await report({ description: '5栋电梯停运，物业电话打不通' });
    const building = (
      await t.pool.query(
        "select id from areas where kind = 'building' and path <@ (select path from areas where id = $1) limit 1",
        [ids.ltG1],
      )
    ).rows[0].id;
    const s = await suggest({ description: '电梯又停运了', placeAreaId: building });
    expect(s.grid).toMatchObject({ id: ids.ltG1 });
    const dup = s.duplicates.find((d: Json) => d.id === lift.id);
    expect(dup).toMatchObject({ publicNo: lift.publicNo, distanceM: null });
    // another category in the same grid is not one
    const other = await suggest({ description: '路灯不亮', placeAreaId: building });
    expect(other.duplicates.map((d: Json) => d.id)).not.toContain(lift.id);
  });

  // Regression test for a bug found while writing these tests (fixed in the same change).
  it('finds the duplicate when the phone sends GCJ-02 coordinates of the same spot', async () => {
    const lift = await report({ description: '3栋电梯停运，物业电话打不通' });
    const [lng, lat] = convertPoint(LT_POINT.lng, LT_POINT.lat, 'wgs84', 'gcj02');
    const s = await suggest({ description: '电梯又停运了', lng, lat, crs: 'gcj02' });
    expect(s.grid?.id).toBe(ids.ltG1);
    const dup = s.duplicates.find((d: Json) => d.id === lift.id);
    expect(dup).toBeDefined();
    expect(dup.distanceM).toBeLessThanOrEqual(10);
  });
});

describe('me too (我也遇到)', () => {
  it('another resident counts once even if called twice; the reporter cannot', async () => {
    const r = await report({ description: '小区里狗屎没人清理' });
    const chen = await as(P.chen);
    const first = await chen.post(`/api/requests/${r.id}/me-too`);
    expect(first.status, JSON.stringify(first.body)).toBe(200);
    expect(first.body).toEqual({ meToo: 1 });
    expect((await chen.post(`/api/requests/${r.id}/me-too`)).body).toEqual({ meToo: 1 });
    expect((await (await as(P.zhou)).post(`/api/requests/${r.id}/me-too`)).body).toEqual({ meToo: 2 });
    expect((await view(P.sun, r.id)).meToo).toBe(2);
    expectProblem(await (await as(P.sun)).post(`/api/requests/${r.id}/me-too`), 422, 'ME_TOO_OWN');
    expect((await view(P.sec, r.id)).meToo).toBe(2);
  });

  it('a closed request takes no me-too (404)', async () => {
    const r = await report();
    await act(P.sec, r.id, { action: 'reject', note: '重复诉求' });
    expectProblem(await (await as(P.chen)).post(`/api/requests/${r.id}/me-too`), 404);
  });
});

describe('workbench list', () => {
  const TAG = '列表夹具';
  let L: Record<'a' | 'b' | 'c' | 'd' | 'returned' | 'handled' | 'closed' | 'overdue', Json>;

  beforeAll(async () => {
    const a = await report({
      description: `${TAG}A 垃圾桶满溢`,
      categoryCode: 'city.litter',
      nature: 'complaint',
    });
    const intake = await (await as(P.sec)).post('/api/requests/intake', {
      description: `${TAG}B 楼道保洁不到位`,
      channel: 'visit',
      categoryCode: 'property.cleaning',
      address: '皇庭小区2栋',
    });
    expect(intake.status, JSON.stringify(intake.body)).toBe(201);
    const c = await report({
      description: `${TAG}C 乱停车堵路`,
      categoryCode: 'street.parking',
      nature: 'report',
      ...jlPoint,
    });
    const d = await report({ description: `${TAG}D 电梯停运`, categoryCode: 'property.lift' });
    await dispatch(d.id);
    const returned = await report({ description: `${TAG}E 电梯异响` });
    await dispatch(returned.id);
    await act(P.liu, returned.id, { action: 'return', note: '不是我司的电梯' });
    const handled = await report({ description: `${TAG}F 井盖松动` });
    await act(P.sec, handled.id, { action: 'answer', note: '已通知市政维护所处理' });
    const closed = await report({ description: `${TAG}G 建议多种花` });
    await act(P.sec, closed.id, { action: 'reject', note: '不属于受理范围' });
    const overdue = await report({ description: `${TAG}H 路灯不亮`, categoryCode: 'city.facility' });
    await t.pool.query(`update requests set resolve_due_at = now() - interval '1 hour' where id = $1`, [
      overdue.id,
    ]);
    L = { a, b: intake.body, c, d, returned, handled, closed, overdue };
  });

  const sorted = (xs: number[]) => [...xs].sort((x, y) => x - y);
  const q = (extra = '') => `q=${encodeURIComponent(TAG)}&pageSize=100${extra}`;

  it('queues: new, overdue, verify, returned, closed and mine', async () => {
    expect(sorted((await listIds(P.street, q('&queue=new'))).ids)).toEqual(
      sorted([L.a.id, L.b.id, L.c.id, L.returned.id, L.overdue.id]),
    );
    expect((await listIds(P.sec, q('&queue=overdue'))).ids).toEqual([L.overdue.id]);
    expect((await view(P.sec, L.overdue.id)).warning).toBe('breached');
    expect((await listIds(P.sec, q('&queue=verify'))).ids).toEqual([L.handled.id]);
    expect((await listIds(P.sec, q('&queue=returned'))).ids).toEqual([L.returned.id]);
    expect((await listIds(P.sec, q('&queue=closed'))).ids).toEqual([L.closed.id]);
    expect((await listIds(P.liu, q('&queue=mine'))).ids).toEqual([L.d.id]);
    // 'all' puts the closed one last
    const all = (await listIds(P.sec, q())).ids;
    expect(all.at(-1)).toBe(L.closed.id);
  });

  it('filters: status, grid, category (leaf and parent), channel, nature, public number', async () => {
    expect((await listIds(P.sec, q('&status=dispatched'))).ids).toEqual([L.d.id]);
    expect((await listIds(P.sec, q(`&gridId=${ids.ltG2}`))).ids).toEqual([L.b.id]);
    expect(sorted((await listIds(P.sec, q('&categoryCode=property'))).ids)).toEqual(
      sorted([L.b.id, L.d.id, L.returned.id]),
    );
    expect((await listIds(P.sec, q('&categoryCode=property.cleaning'))).ids).toEqual([L.b.id]);
    expect((await listIds(P.sec, q('&channel=visit'))).ids).toEqual([L.b.id]);
    expect((await listIds(P.street, q('&nature=report'))).ids).toEqual([L.c.id]);
    const byNo = await listIds(P.sec, `q=${L.a.publicNo}`);
    expect(byNo).toEqual({ ids: [L.a.id], total: 1 });
    const byText = await listIds(P.sec, `q=${encodeURIComponent(`${TAG}A`)}`);
    expect(byText.ids).toEqual([L.a.id]);
  });

  it('pages with a total', async () => {
    const page1 = await listIds(P.sec, `q=${encodeURIComponent(TAG)}&pageSize=3&page=1`);
    const page2 = await listIds(P.sec, `q=${encodeURIComponent(TAG)}&pageSize=3&page=2`);
    const page3 = await listIds(P.sec, `q=${encodeURIComponent(TAG)}&pageSize=3&page=3`);
    // 李书记 sees everything but the 九龙 request
    expect(page1.total).toBe(7);
    expect([page2.total, page3.total]).toEqual([7, 7]);
    expect([page1.ids.length, page2.ids.length, page3.ids.length]).toEqual([3, 3, 1]);
    const union = new Set([...page1.ids, ...page2.ids, ...page3.ids]);
    expect(union.size).toBe(7);
    expect(union.has(L.c.id)).toBe(false);
  });

  it('who sees what: street admin all, 龙腾 and 九龙 secretaries their community, grid worker his grid', async () => {
    const all = Object.values(L).map((r) => r.id as number);
    expect(sorted((await listIds(P.street, q())).ids)).toEqual(sorted(all));
    const reportedBySun = all.filter((x) => x !== L.b.id);
    expect((await listIds(P.wu, q())).ids).toEqual([L.c.id]);
    const g1 = [L.a, L.d, L.returned, L.handled, L.closed, L.overdue].map((r) => r.id as number);
    expect(sorted((await listIds(P.grid, q())).ids)).toEqual(sorted(g1));
    // the resident's workbench is empty: she follows her own requests under /api/my/requests
    expect((await listIds(P.sun, q())).total).toBe(0);
    const mine = await (await as(P.sun)).get('/api/my/requests');
    expect(mine.body.items.map((i: Json) => i.id)).toEqual(expect.arrayContaining(reportedBySun));
    expect(mine.body.items.map((i: Json) => i.id)).not.toContain(L.b.id);
    // a 龙腾 secretary does not see the 九龙 request
    expect((await listIds(P.sec, q())).ids).not.toContain(L.c.id);
  });
});
