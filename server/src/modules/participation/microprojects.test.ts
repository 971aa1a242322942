import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { areaId, type Client, PHONES, startTestApp, type TestApp } from '../../test/harness';

/** 民生微实事 through the HTTP API with the demo's actors: the whole lifecycle, caps, objections, the fund. */
let t: TestApp;
let community: number;

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
const chinaDay = (n: number) =>
  new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(
    new Date(Date.now() + n * 86_400_000),
  );

async function fund(): Promise<number> {
  const sec = await as(PHONES.community_secretary);
  const res = await sec.get(`/api/microprojects?communityId=${community}`);
  return res.body.fundBalance;
}

/** Staff act on a project at the version they last saw. */
async function act(id: number, body: Record<string, unknown>, phone: string = PHONES.community_secretary) {
  const c = await as(phone);
  const cur = await c.get(`/api/microprojects/${id}`);
  return c.post(`/api/microprojects/${id}/actions`, { ...body, version: cur.body.version });
}

/** A passing vote of the council on the project. */
async function passingVote(title: string): Promise<number> {
  const sec = await as(PHONES.community_secretary);
  const v = await sec.post('/api/votes', {
    communityId: community,
    question: `是否同意实施“${title}”`,
    options: ['同意', '不同意'],
  });
  expect(v.status).toBe(201);
  for (const p of [PHONES.resident, PHONES.party_member, PHONES.merchant])
    expect((await (await as(p)).post(`/api/votes/${v.body.id}/ballots`, { choices: [0] })).status).toBe(201);
  expect((await sec.post(`/api/votes/${v.body.id}/close`)).status).toBe(200);
  return v.body.id;
}

describe('民生微实事', () => {
  it('propose → screen → council vote → publicity with an objection → take on → supervise → accept, spending from the fund', async () => {
    const aunt = await as(PHONES.resident);
    const party = await as(PHONES.party_member);
    const sec = await as(PHONES.community_secretary);
    const types = await aunt.get(`/api/microprojects/types?communityId=${community}`);
    const service = types.body.items.find((x: { name: string }) => x.name === '为民服务类');
    expect(service.cap).toBe(200_000_00);

    const over = await aunt.post('/api/microprojects', {
      typeId: service.id,
      title: '楼道感应灯改造',
      budget: 200_000_01,
    });
    expect(over.status).toBe(422);
    expect(over.body.code).toBe('MICRO_OVER_CAP');

    const p = await aunt.post('/api/microprojects', {
      typeId: service.id,
      title: '3栋楼道感应灯改造',
      description: '3栋1–6层楼道灯坏了一半，晚上老人上下楼不方便',
      budget: 8_000_00,
    });
    expect(p.status).toBe(201);
    expect(p.body).toMatchObject({ stage: 'proposed', mine: true, proposerName: '孙阿姨' });
    const id = p.body.id;
    // before 初审 only its proposer and staff see it
    expect((await party.get(`/api/microprojects/${id}`)).status).toBe(404);
    expect(
      (await aunt.post(`/api/microprojects/${id}/actions`, { action: 'screen', pass: true, version: 1 }))
        .status,
    ).toBe(403);
    const stale = await sec.post(`/api/microprojects/${id}/actions`, {
      action: 'screen',
      pass: true,
      version: 99,
    });
    expect(stale.status).toBe(409);

    expect((await act(id, { action: 'screen', pass: true })).body.stage).toBe('screened');
    expect((await party.get(`/api/microprojects/${id}`)).status).toBe(200);
    const early = await act(id, { action: 'publish', days: 5 });
    expect(early.status).toBe(409);
    expect(early.body.code).toBe('MICRO_VOTE_NOT_PASSED');

    const voteId = await passingVote('3栋楼道感应灯改造');
    expect((await act(id, { action: 'link_vote', voteId })).body.voteState).toBe('passed');
    const pub = await act(id, { action: 'publish', days: 5, from: chinaDay(-2) });
    expect(pub.status).toBe(200);
    expect(pub.body).toMatchObject({
      stage: 'publicizing',
      publicityUntil: chinaDay(2),
      publicityOver: false,
    });

    const obj = await party.post(`/api/microprojects/${id}/objections`, { text: '希望优先换2单元的灯' });
    expect(obj.status).toBe(201);
    const running = await act(id, { action: 'take_on', name: '金茂物业' });
    expect(running.body.code).toBe('MICRO_PUBLICITY_RUNNING');
    // the period runs out (the notice went up a week ago)
    await t.pool.query('update microprojects set publicity_from = publicity_from - 7 where id = $1', [id]);
    expect((await party.post(`/api/microprojects/${id}/objections`, { text: '晚了' })).status).toBe(409);
    const open = await act(id, { action: 'take_on', name: '金茂物业' });
    expect(open.body.code).toBe('MICRO_OBJECTIONS_OPEN');
    const objectionId = obj.body.objections[0].id;
    const ans = await sec.post(`/api/microprojects/${id}/objections/${objectionId}/answer`, {
      answer: '已纳入施工方案，2单元先换',
    });
    expect(ans.status).toBe(200);
    expect(ans.body.objections[0].answer).toBe('已纳入施工方案，2单元先换');

    const taken = await act(id, { action: 'take_on', name: '金茂物业' });
    expect(taken.body).toMatchObject({ stage: 'undertaken', undertakerName: '金茂物业' });
    expect(taken.body.projectId).toBeGreaterThan(0);
    // the supervision's milestones are the 三张清单 project's milestones
    const ms = await sec.post(`/api/lists/projects/${taken.body.projectId}/milestones`, {
      title: '灯具进场',
    });
    expect(ms.status).toBe(201);
    expect((await act(id, { action: 'supervise' })).body.stage).toBe('supervising');
    expect((await sec.get(`/api/microprojects/${id}`)).body.milestones).toHaveLength(1);

    const before = await fund();
    expect((await act(id, { action: 'pay', amount: 3_000_00, note: '预付款' })).status).toBe(200);
    const tooMuch = await act(id, { action: 'accept', amount: 5_000_01, note: '验收合格' });
    expect(tooMuch.status).toBe(422);
    expect(tooMuch.body.code).toBe('MICRO_OVER_BUDGET');
    const acc = await act(id, { action: 'accept', amount: 5_000_00, note: '18盏灯全部更换，验收合格' });
    expect(acc.body).toMatchObject({ stage: 'accepted', spent: 8_000_00 });
    expect(before - (await fund())).toBe(8_000_00);
    expect((await act(id, { action: 'pay', amount: 1 })).status).toBe(409);

    expect(
      (await aunt.post(`/api/microprojects/${id}/ratings`, { stars: 5, comment: '亮堂了' })).status,
    ).toBe(201);
    expect((await aunt.post(`/api/microprojects/${id}/ratings`, { stars: 4 })).status).toBe(409);
    const done = await party.get(`/api/microprojects/${id}`);
    expect(done.body.rating).toMatchObject({ average: 5, count: 1, mine: null });
    expect(done.body.events.map((e: { kind: string }) => e.kind)).toEqual([
      'propose',
      'screen',
      'link_vote',
      'publish',
      'object',
      'answer',
      'take_on',
      'supervise',
      'pay',
      'accept',
    ]);
    const audit = await t.pool.query(
      `select count(*)::int as n from audit_events where entity_type = 'microproject' and entity_id = $1`,
      [String(id)],
    );
    expect(audit.rows[0].n).toBeGreaterThanOrEqual(11);
  });

  it('a fund that cannot cover a payment refuses with the ledger’s 409; a rejected proposal keeps its reason', async () => {
    const aunt = await as(PHONES.resident);
    const sec = await as(PHONES.community_secretary);
    const types = await sec.get(`/api/microprojects/types?communityId=${community}`);
    const works = types.body.items.find((x: { name: string }) => x.name === '设施改造类');
    const p = await aunt.post('/api/microprojects', {
      typeId: works.id,
      title: '小区围墙翻新',
      budget: 490_000_00,
    });
    const id = p.body.id;
    await act(id, { action: 'screen', pass: true });
    await act(id, { action: 'link_vote', voteId: await passingVote('小区围墙翻新') });
    await act(id, { action: 'publish', days: 3, from: chinaDay(-10) });
    await act(id, { action: 'take_on', name: '某建筑公司' });
    await act(id, { action: 'supervise' });
    const balance = await fund();
    const pay = await act(id, { action: 'pay', amount: balance + 1 });
    expect(pay.status).toBe(409);
    expect((await sec.get(`/api/microprojects/${id}`)).body.spent).toBe(0);
    expect(await fund()).toBe(balance);

    const q = await aunt.post('/api/microprojects', {
      typeId: works.id,
      title: '给小区装喷泉',
      budget: 100_000_00,
    });
    const rej = await act(q.body.id, { action: 'reject', reason: '不属于民生微实事范围' });
    expect(rej.body).toMatchObject({ stage: 'rejected', rejectReason: '不属于民生微实事范围' });
    const mine = await aunt.get(`/api/microprojects?communityId=${community}`);
    expect(mine.body.items.some((x: { id: number }) => x.id === q.body.id)).toBe(true);
    expect(mine.body.fundBalance).toBeNull();
  });

  it('staff edit the caps; a cap lowered below a budget stops further spending', async () => {
    const sec = await as(PHONES.community_secretary);
    const aunt = await as(PHONES.resident);
    const add = await sec.post('/api/microprojects/types', {
      communityId: community,
      name: '助老服务类',
      cap: 30_000_00,
    });
    expect(add.status).toBe(201);
    expect(
      (await aunt.post('/api/microprojects/types', { communityId: community, name: '居民类', cap: 1 }))
        .status,
    ).toBe(403);
    const p = await aunt.post('/api/microprojects', {
      typeId: add.body.id,
      title: '老年食堂助餐',
      budget: 20_000_00,
    });
    const id = p.body.id;
    await act(id, { action: 'screen', pass: true });
    await act(id, { action: 'link_vote', voteId: await passingVote('老年食堂助餐') });
    await act(id, { action: 'publish', days: 3, from: chinaDay(-10) });
    await act(id, { action: 'take_on', name: '社工服务中心' });
    await act(id, { action: 'supervise' });
    expect((await sec.patch(`/api/microprojects/types/${add.body.id}`, { cap: 10_000_00 })).status).toBe(200);
    const pay = await act(id, { action: 'pay', amount: 10_000_01 });
    expect(pay.status).toBe(422);
    expect(pay.body.code).toBe('MICRO_OVER_CAP');
  });
});
