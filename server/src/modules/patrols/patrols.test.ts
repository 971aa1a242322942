import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { areaId, type Client, PHONES, startTestApp, type TestApp } from '../../test/harness';

/** 暗夜走访 through the HTTP API with the demo's team of three. */
let t: TestApp;
let community: number;
const POINT = { lng: 104.0484, lat: 30.6131 }; // inside 龙腾社区 第1网格

beforeAll(async () => {
  t = await startTestApp();
  community = await areaId(t.pool, '990101001001');
});
afterAll(() => t.close());

const clients = new Map<string, Promise<Client>>();
const as = (phone: string) => {
  if (!clients.has(phone)) clients.set(phone, t.client(phone));
  return clients.get(phone)!;
};

describe('night patrols', () => {
  it('the demo plan and its finished patrol are visible to the team and staff, not to residents', async () => {
    const worker = await as(PHONES.grid_worker);
    const plans = await worker.get('/api/patrols/plans');
    expect(plans.status).toBe(200);
    expect(plans.body.items).toHaveLength(1);
    expect(plans.body.items[0]).toMatchObject({
      name: '龙腾社区暗夜走访',
      windowStart: '21:00',
      windowEnd: '24:00',
      property: { name: '刘经理' },
    });
    const aunt = await as(PHONES.resident);
    expect((await aunt.get('/api/patrols/plans')).body.items).toEqual([]);
    const sec = await as(PHONES.community_secretary);
    const list = await sec.get(`/api/patrols?communityId=${community}`);
    expect(list.body.items[0].checkins).toHaveLength(3);
    expect(list.body.items[0].summary).toContain('夜班族');
    expect((await aunt.get(`/api/patrols?communityId=${community}`)).status).toBe(403);
  });

  it('a patrol starts once, checks in, files a finding as a request (channel patrol) and closes', async () => {
    const sec = await as(PHONES.community_secretary);
    const plan = await sec.post('/api/patrols/plans', {
      communityId: community,
      name: '测试走访',
      windowStart: '21:00',
      windowEnd: '24:00',
      secretaryPhone: PHONES.community_secretary,
      gridWorkerPhone: PHONES.grid_worker,
      propertyPhone: PHONES.responder,
      places: ['便利店', '烧烤摊'],
    });
    expect(plan.status, JSON.stringify(plan.body)).toBe(201);
    const manager = await as(PHONES.responder);
    const started = await manager.post(`/api/patrols/plans/${plan.body.id}/start`);
    expect(started.status).toBe(201);
    expect((await sec.post(`/api/patrols/plans/${plan.body.id}/start`)).status).toBe(409);
    const id = started.body.id;
    const plain = await manager.post(`/api/patrols/${id}/checkins`, {
      place: '便利店',
      ...POINT,
      note: '正常',
    });
    expect(plain.status, JSON.stringify(plain.body)).toBe(201);
    const worker = await as(PHONES.grid_worker);
    const found = await worker.post(`/api/patrols/${id}/checkins`, {
      place: '烧烤摊',
      ...POINT,
      finding: { description: '烧烤摊油烟扰民，楼上居民夜里开不了窗' },
    });
    expect(found.status, JSON.stringify(found.body)).toBe(201);
    const c = found.body.checkins[1];
    expect(c.requestId).toBeGreaterThan(0);
    expect(c.requestNo).toMatch(/^DS/);
    const req = (
      await t.pool.query('select channel, community_id, taken_by from requests where id = $1', [c.requestId])
    ).rows[0];
    expect(req.channel).toBe('patrol');
    expect(Number(req.community_id)).toBe(community);
    // the request is in the secretary's workbench
    const detail = await sec.get(`/api/requests/${c.requestId}`);
    expect(detail.status).toBe(200);
    // a resident is not on the team
    const aunt = await as(PHONES.resident);
    expect((await aunt.post(`/api/patrols/${id}/checkins`, { place: 'x' })).status).toBe(404);
    const closed = await sec.post(`/api/patrols/${id}/close`, { summary: '两个点位，一个诉求已立案' });
    expect(closed.status).toBe(200);
    expect(closed.body.closedAt).not.toBeNull();
    expect((await worker.post(`/api/patrols/${id}/checkins`, { place: '便利店' })).status).toBe(409);
  });
});
