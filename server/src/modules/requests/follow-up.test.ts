import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Client, type Json, PHONES, type Res, startTestApp, type TestApp } from '../../test/harness';

/** 延期 delay asks and approvals, 回访 re-visits and the rating-exclusion review, through the HTTP API. */
let t: TestApp;
const clients = new Map<string, Client>();

const P = {
  admin: PHONES.platform_admin,
  street: PHONES.street_admin, // 王建国, 长江路街道
  sec: PHONES.community_secretary, // 李书记, 龙腾社区
  staff: PHONES.community_staff, // 张社工, 龙腾社区
  grid: PHONES.grid_worker, // 赵网格, 龙腾社区 第1网格
  liu: PHONES.responder, // 刘经理, 金茂物业
  sun: PHONES.resident, // 孙阿姨
  wu: PHONES.other_secretary, // 吴书记, 九龙社区
} as const;
const LT_POINT = { lng: 104.0484, lat: 30.6131 }; // 龙腾社区 第1网格
let jinmao: number;

beforeAll(async () => {
  t = await startTestApp();
  const list = await (await as(P.sec)).get('/api/responder-orgs');
  jinmao = list.body.items.find((o: { name: string }) => o.name === '金茂物业').id;
});
afterAll(() => t?.close());

async function as(phone: string) {
  let c = clients.get(phone);
  if (!c) {
    c = await t.client(phone);
    clients.set(phone, c);
  }
  return c;
}

const row = async (id: number) => (await t.pool.query('select * from requests where id = $1', [id])).rows[0];

function expectStatus(res: Res, status: number, code?: string) {
  expect(res.status, JSON.stringify(res.body)).toBe(status);
  if (code) expect(res.body.code).toBe(code);
}

let seq = 0;
async function report(): Promise<{ id: number; publicNo: string }> {
  const res = await (await as(P.sun)).post('/api/requests', {
    description: `延期测试${++seq}：单元门禁坏了`,
    ...LT_POINT,
  });
  expectStatus(res, 201);
  return res.body;
}

async function act(phone: string, id: number, body: Record<string, unknown>, status = 200) {
  const res = await (await as(phone)).post(`/api/requests/${id}/actions`, {
    version: (await row(id)).version,
    ...body,
  });
  expectStatus(res, status);
  return res.body as Json;
}

/** Reported by 孙阿姨, dispatched to 金茂物业 by 李书记, accepted by 刘经理. */
async function accepted() {
  const r = await report();
  await act(P.sec, r.id, { action: 'dispatch', kind: 'owner', orgId: jinmao });
  await act(P.liu, r.id, { action: 'accept' });
  return r;
}

async function post(phone: string, path: string, body: Record<string, unknown>, id?: number) {
  const version = id === undefined ? undefined : (await row(id)).version;
  return (await as(phone)).post(path, version === undefined ? body : { version, ...body });
}
const askDelay = (phone: string, id: number, body: Record<string, unknown>) =>
  post(phone, `/api/requests/${id}/delays`, body, id);
const decideDelay = (phone: string, id: number, delayId: number, body: Record<string, unknown>) =>
  post(phone, `/api/requests/${id}/delays/${delayId}/decision`, body, id);
const propose = (phone: string, id: number, reason: string) =>
  post(phone, `/api/requests/${id}/rating-exclusions`, { reason }, id);
const decideExclusion = (phone: string, id: number, xId: number, body: Record<string, unknown>) =>
  post(phone, `/api/requests/${id}/rating-exclusions/${xId}/decision`, body, id);

async function view(phone: string, id: number): Promise<Json> {
  const res = await (await as(phone)).get(`/api/requests/${id}`);
  expectStatus(res, 200);
  return res.body;
}

async function measures(from = '2026-01-01', to = '2026-12-31') {
  const grid = (await row((await report()).id)).grid_id;
  const res = await (await as(P.street)).get(`/api/requests/measures?areaId=${grid}&from=${from}&to=${to}`);
  expectStatus(res, 200);
  return res.body;
}

async function inDelayQueue(phone: string, r: { id: number; publicNo: string }) {
  const res = await (await as(phone)).get(`/api/requests?queue=delay&q=${r.publicNo}`);
  expectStatus(res, 200);
  return res.body.items.some((i: { id: number }) => i.id === r.id);
}

const HOUR = 3_600_000;

describe('延期 delay requests', () => {
  it('the lead responder asks, the secretary approves: the deadline moves, the resident sees both steps', async () => {
    const r = await accepted();
    const before = await row(r.id);
    // a yellow card from the sweep, stale once the deadline moves
    await t.pool.query(`update requests set warning = 'yellow' where id = $1`, [r.id]);
    const liuView = await view(P.liu, r.id);
    expect(liuView.followUp).toMatchObject({ askDelay: true, decideDelay: false, revisit: false });
    const asked = await askDelay(P.liu, r.id, { workingDays: 3, reason: '电梯配件需从厂家调货' });
    expectStatus(asked, 200);
    expect(asked.body.status).toBe('accepted'); // the status does not move
    expect(asked.body.version).toBe(before.version + 1);
    const delay = asked.body.delays[0];
    expect(delay).toMatchObject({
      status: 'pending',
      requestedBy: '刘经理（金茂物业）',
      reason: '电梯配件需从厂家调货',
      previousDueAt: before.resolve_due_at.toISOString(),
    });
    expect(new Date(delay.requestedDueAt).getTime()).toBeGreaterThanOrEqual(
      before.resolve_due_at.getTime() + 3 * 24 * HOUR,
    );
    expect(asked.body.followUp.askDelay).toBe(false); // one pending ask at a time
    expect(await inDelayQueue(P.sec, r)).toBe(true);
    const secView = await view(P.sec, r.id);
    expect(secView.followUp).toMatchObject({ decideDelay: true, askDelay: false });

    const approved = await decideDelay(P.sec, r.id, delay.id, {
      decision: 'approve',
      note: '同意，请按期完成',
    });
    expectStatus(approved, 200);
    expect(approved.body.resolveDueAt).toBe(delay.requestedDueAt);
    expect(approved.body.delays[0]).toMatchObject({
      status: 'approved',
      decidedBy: '李书记（社区书记）',
      approvedDueAt: delay.requestedDueAt,
    });
    expect(approved.body.warning).toBeNull();
    const after = await row(r.id);
    expect(after.resolve_due_at.toISOString()).toBe(delay.requestedDueAt);
    expect(after.delayed_minutes).toBeGreaterThanOrEqual(3 * 24 * 60);
    expect(after.warning).toBeNull();
    expect(await inDelayQueue(P.sec, r)).toBe(false);

    // the resident's timeline: 申请延期至… / 已同意延期至…
    const mine = await view(P.sun, r.id);
    const steps = mine.timeline.filter((e: Json) => e.type.startsWith('delay_'));
    expect(steps).toMatchObject([
      { type: 'delay_requested', internal: false, dueAt: delay.requestedDueAt, note: '电梯配件需从厂家调货' },
      { type: 'delay_approved', internal: false, dueAt: delay.requestedDueAt },
    ]);
    expect(mine.delays).toEqual([]); // the record itself is for staff and responders
    expect(mine.followUp).toMatchObject({ askDelay: false, decideDelay: false });
    const audit = await t.pool.query(
      `select action from audit_events where entity_type = 'request' and entity_id = $1 and action like 'request.delay.%' order by id`,
      [String(r.id)],
    );
    expect(audit.rows.map((a) => a.action)).toEqual(['request.delay.ask', 'request.delay.approve']);
  });

  it('staff may approve for less than asked, not more; refusal keeps the deadline and tells the resident', async () => {
    const r = await accepted();
    const due = (await row(r.id)).resolve_due_at as Date;
    const until = new Date(due.getTime() + 5 * 24 * HOUR);
    const asked = await askDelay(P.liu, r.id, { until: until.toISOString(), reason: '需业委会表决' });
    expectStatus(asked, 200);
    const d = asked.body.delays[0].id;
    const more = new Date(until.getTime() + HOUR).toISOString();
    expectStatus(
      await decideDelay(P.sec, r.id, d, { decision: 'approve', until: more }),
      422,
      'DELAY_BEYOND_ASK',
    );
    const shorter = new Date(due.getTime() + 2 * 24 * HOUR).toISOString();
    const ok = await decideDelay(P.staff, r.id, d, { decision: 'approve', until: shorter });
    expectStatus(ok, 200);
    expect(ok.body.resolveDueAt).toBe(shorter);
    const added = (await t.pool.query('select added_minutes from request_delays where id = $1', [d])).rows[0];
    expect(added.added_minutes).toBeGreaterThan(0);
    expect((await row(r.id)).delayed_minutes).toBe(added.added_minutes);

    // a second ask, refused
    const again = await askDelay(P.liu, r.id, { workingDays: 1, reason: '再等一天' });
    expectStatus(again, 200);
    const d2 = again.body.delays[1].id;
    expectStatus(await decideDelay(P.sec, r.id, d2, { decision: 'refuse', note: 'x' }), 400);
    const refused = await decideDelay(P.sec, r.id, d2, { decision: 'refuse', note: '已延期过一次，请抓紧' });
    expectStatus(refused, 200);
    expect(refused.body.resolveDueAt).toBe(shorter);
    expect(refused.body.delays[1]).toMatchObject({ status: 'refused', decisionNote: '已延期过一次，请抓紧' });
    const mine = await view(P.sun, r.id);
    expect(mine.timeline.at(-1)).toMatchObject({ type: 'delay_refused', note: '已延期过一次，请抓紧' });
  });

  it('denies the wrong people and the wrong moments', async () => {
    const r = await accepted();
    // the resident cannot ask; a responder or the resident cannot decide
    expectStatus(await askDelay(P.sun, r.id, { workingDays: 2, reason: '我也想延' }), 403);
    // another community's secretary cannot even see it
    expectStatus(await askDelay(P.wu, r.id, { workingDays: 2, reason: '越权' }), 404);
    // bad bodies: neither or both of until/workingDays, a short reason
    expectStatus(await askDelay(P.liu, r.id, { reason: '没有期限' }), 400);
    expectStatus(
      await askDelay(P.liu, r.id, { workingDays: 2, until: new Date().toISOString(), reason: '两个都给' }),
      400,
    );
    expectStatus(await askDelay(P.liu, r.id, { workingDays: 2, reason: '短' }), 400);
    // a date that does not extend the deadline
    expectStatus(
      await askDelay(P.liu, r.id, { until: new Date(Date.now() + HOUR).toISOString(), reason: '反而提前' }),
      422,
      'DELAY_TOO_SHORT',
    );
    const asked = await askDelay(P.liu, r.id, { workingDays: 2, reason: '等待配件到货' });
    expectStatus(asked, 200);
    const d = asked.body.delays[0].id;
    expectStatus(await askDelay(P.liu, r.id, { workingDays: 3, reason: '再申请一次' }), 409, 'DELAY_PENDING');
    expectStatus(await decideDelay(P.liu, r.id, d, { decision: 'approve' }), 403);
    expectStatus(await decideDelay(P.sun, r.id, d, { decision: 'approve' }), 403);
    // stale version
    expectStatus(
      await (await as(P.sec)).post(`/api/requests/${r.id}/delays/${d}/decision`, {
        decision: 'approve',
        version: 1,
      }),
      409,
      'REQUEST_VERSION_CONFLICT',
    );
    // handling the request withdraws the pending ask
    await act(P.liu, r.id, { action: 'handle', note: '已修好' });
    const db = await t.pool.query('select status from request_delays where id = $1', [d]);
    expect(db.rows[0].status).toBe('withdrawn');
    expectStatus(await decideDelay(P.sec, r.id, d, { decision: 'approve' }), 409, 'DELAY_NOT_PENDING');
    expect(await inDelayQueue(P.sec, r)).toBe(false);
  });

  it('a staff member handling it may ask, but not approve their own ask; a breached deadline cannot be delayed', async () => {
    const r = await report(); // received: the grid worker handles it himself
    const asked = await askDelay(P.grid, r.id, { workingDays: 1, reason: '需要联系产权单位' });
    expectStatus(asked, 200);
    expect(asked.body.followUp.decideDelay).toBe(false);
    const d = asked.body.delays[0].id;
    expectStatus(await decideDelay(P.grid, r.id, d, { decision: 'approve' }), 403);
    expectStatus(await decideDelay(P.sec, r.id, d, { decision: 'approve' }), 200);

    const late = await accepted();
    await t.pool.query(`update requests set resolve_due_at = now() - interval '1 hour' where id = $1`, [
      late.id,
    ]);
    expect((await view(P.liu, late.id)).followUp.askDelay).toBe(false);
    expectStatus(
      await askDelay(P.liu, late.id, { workingDays: 2, reason: '超期后补申请' }),
      409,
      'DELAY_TOO_LATE',
    );
  });

  it('two staff approving at once: one wins, the other gets 409', async () => {
    const r = await accepted();
    const asked = await askDelay(P.liu, r.id, { workingDays: 2, reason: '等待配件到货' });
    const d = asked.body.delays[0].id;
    const version = (await row(r.id)).version;
    const [a, b] = await Promise.all(
      [P.sec, P.staff].map(async (p) =>
        (await as(p)).post(`/api/requests/${r.id}/delays/${d}/decision`, { decision: 'approve', version }),
      ),
    );
    expect([a!.status, b!.status].sort()).toEqual([200, 409]);
    const db = await row(r.id);
    expect(db.version).toBe(version + 1);
    const events = await t.pool.query(
      `select count(*)::int as n from request_events where request_id = $1 and type = 'delay_approved'`,
      [r.id],
    );
    expect(events.rows[0].n).toBe(1);
  });

  it('按期结案率: closed after the original deadline counts on time only when a delay was approved', async () => {
    const m0 = (await measures()).onTimeRate;
    const [a, b] = [await accepted(), await accepted()];
    // both an hour from their deadline; both ask for three more days
    await t.pool.query(`update requests set resolve_due_at = now() + interval '1 hour' where id = any($1)`, [
      [a.id, b.id],
    ]);
    for (const x of [a, b])
      expectStatus(await askDelay(P.liu, x.id, { workingDays: 3, reason: '配件在途' }), 200);
    const delayOf = async (id: number) => (await view(P.sec, id)).delays[0].id;
    expectStatus(await decideDelay(P.sec, a.id, await delayOf(a.id), { decision: 'approve' }), 200);
    expectStatus(
      await decideDelay(P.sec, b.id, await delayOf(b.id), { decision: 'refuse', note: '不予延期' }),
      200,
    );
    for (const x of [a, b]) {
      await act(P.liu, x.id, { action: 'handle', note: '已修复' });
      await act(P.sec, x.id, { action: 'verify' });
      await act(P.sun, x.id, { action: 'rate', resolved: 'yes', satisfaction: 'satisfied' });
    }
    // the whole story a day earlier: each closed an hour after its original deadline
    await t.pool.query(
      `update requests set created_at = created_at - interval '1 day', resolve_due_at = resolve_due_at - interval '1 day',
              closed_at = now() - interval '22 hours' where id = any($1)`,
      [[a.id, b.id]],
    );
    const m1 = (await measures()).onTimeRate;
    expect(m1.denominator - m0.denominator).toBe(2);
    expect(m1.numerator - m0.numerator).toBe(1); // a (approved) on time, b (refused) late
  });
});

describe('回访 re-visits', () => {
  it('staff record a re-visit on a closed request; reached ones show on the timeline, attempts stay internal', async () => {
    const r = await accepted();
    expectStatus(
      await post(P.sec, `/api/requests/${r.id}/revisits`, {
        method: 'phone',
        contact: '孙阿姨',
        result: 'satisfied',
      }),
      409,
      'REVISIT_NOT_POSSIBLE',
    );
    await act(P.liu, r.id, { action: 'handle', note: '已修复' });
    await act(P.sec, r.id, { action: 'verify' });
    await act(P.sun, r.id, { action: 'rate', resolved: 'yes', satisfaction: 'basic' });
    expect((await view(P.sec, r.id)).followUp.revisit).toBe(true);
    expectStatus(
      await post(P.liu, `/api/requests/${r.id}/revisits`, {
        method: 'phone',
        contact: '孙阿姨',
        result: 'satisfied',
      }),
      403,
    );
    expectStatus(
      await post(P.sun, `/api/requests/${r.id}/revisits`, {
        method: 'phone',
        contact: '孙阿姨',
        result: 'satisfied',
      }),
      403,
    );
    expectStatus(
      await post(P.sec, `/api/requests/${r.id}/revisits`, {
        method: 'fax',
        contact: 'x',
        result: 'satisfied',
      }),
      400,
    );
    const miss = await post(P.grid, `/api/requests/${r.id}/revisits`, {
      method: 'phone',
      contact: '孙阿姨',
      result: 'unreachable',
    });
    expectStatus(miss, 200);
    const hit = await post(P.sec, `/api/requests/${r.id}/revisits`, {
      method: 'visit',
      contact: '孙阿姨本人',
      words: '门禁修好了，就是等得久了点',
      result: 'basic',
    });
    expectStatus(hit, 200);
    expect(hit.body.revisits).toMatchObject([
      { method: 'phone', result: 'unreachable', recordedBy: '赵网格（网格员）', words: null },
      { method: 'visit', contact: '孙阿姨本人', words: '门禁修好了，就是等得久了点', result: 'basic' },
    ]);
    expect(hit.body.timeline.filter((e: Json) => e.type === 'revisit')).toMatchObject([
      { internal: true, note: '电话回访：未联系上' },
      { internal: false, note: '上门回访：基本满意' },
    ]);
    const mine = await view(P.sun, r.id);
    expect(mine.revisits).toEqual([]);
    expect(mine.timeline.filter((e: Json) => e.type === 'revisit')).toMatchObject([
      { note: '上门回访：基本满意' },
    ]);
    expect((await view(P.liu, r.id)).revisits).toEqual([]);
  });
});

describe('rating exclusion review', () => {
  async function rated(satisfaction = 'unsatisfied', resolved = 'partly') {
    const r = await accepted();
    await act(P.liu, r.id, { action: 'handle', note: '已修复' });
    await act(P.sec, r.id, { action: 'verify' });
    await act(P.sun, r.id, { action: 'rate', resolved, satisfaction, note: '物业费太贵' });
    return r;
  }

  it("a grid worker's proposal is decided by the secretary; only the approval leaves the rating out of the measures", async () => {
    const m0 = await measures();
    const r = await rated();
    const m1 = await measures();
    expect(m1.satisfactionRate.denominator - m0.satisfactionRate.denominator).toBe(1);
    expectStatus(await propose(P.liu, r.id, '与本诉求无关'), 403);
    expectStatus(await propose(P.sun, r.id, '与本诉求无关'), 403);
    expectStatus(await propose(P.grid, r.id, 'x'), 400);
    const p = await propose(P.grid, r.id, '不满意针对物业收费，不属于本诉求办理范围');
    expectStatus(p, 200);
    const x = p.body.ratingExclusions[0];
    expect(x).toMatchObject({ status: 'pending', proposedBy: '赵网格（网格员）' });
    expect(p.body.ratingExcludedReason).toBeNull();
    expect(p.body.followUp).toMatchObject({ proposeExclusion: false, decideExclusion: false });
    expectStatus(await propose(P.staff, r.id, '再提一次'), 409, 'EXCLUSION_PENDING');
    // the proposer and a peer below the secretary cannot decide; the secretary can
    expectStatus(await decideExclusion(P.grid, r.id, x.id, { decision: 'approve' }), 403);
    expectStatus(await decideExclusion(P.staff, r.id, x.id, { decision: 'approve' }), 403);
    expect((await view(P.sec, r.id)).followUp.decideExclusion).toBe(true);
    const ok = await decideExclusion(P.sec, r.id, x.id, { decision: 'approve', note: '核实属实' });
    expectStatus(ok, 200);
    expect(ok.body.ratingExcludedReason).toBe('不满意针对物业收费，不属于本诉求办理范围');
    expect(ok.body.ratingExclusions[0]).toMatchObject({
      status: 'approved',
      decidedBy: '李书记（社区书记）',
    });
    expect(ok.body.timeline.slice(-2)).toMatchObject([
      { type: 'rating_exclusion_proposed', internal: true },
      { type: 'rating_exclusion_approved', internal: true, note: '核实属实' },
    ]);
    const m2 = await measures();
    expect(m2.satisfactionRate.denominator).toBe(m0.satisfactionRate.denominator);
    expect(m2.satisfactionRate.numerator).toBeCloseTo(m0.satisfactionRate.numerator);
    // the resident sees none of it
    const mine = await view(P.sun, r.id);
    expect(mine.timeline.some((e: Json) => e.type.startsWith('rating_exclusion'))).toBe(false);
    expect(mine.ratingExclusions).toEqual([]);
    expect(mine.ratingExcludedReason).toBeNull();
    const audit = await t.pool.query(
      `select action from audit_events where entity_id = $1 and action like 'request.rating_exclusion.%' order by id`,
      [String(r.id)],
    );
    expect(audit.rows.map((a) => a.action)).toEqual([
      'request.rating_exclusion.propose',
      'request.rating_exclusion.approve',
    ]);
  });

  it("a social worker's proposal needs the street; a refusal leaves the rating counted; two deciders → one 409", async () => {
    const r = await rated('basic', 'yes');
    const p = await propose(P.staff, r.id, '评价人并非当事人，恶意差评');
    const x = p.body.ratingExclusions[0];
    expectStatus(await decideExclusion(P.sec, r.id, x.id, { decision: 'approve' }), 403);
    expectStatus(await decideExclusion(P.street, r.id, x.id, { decision: 'refuse' }), 400);
    const version = (await row(r.id)).version;
    const [a, b] = await Promise.all(
      [P.street, P.admin].map(async (ph) =>
        (await as(ph)).post(`/api/requests/${r.id}/rating-exclusions/${x.id}/decision`, {
          decision: 'refuse',
          version,
          note: '证据不足，评价有效',
        }),
      ),
    );
    expect([a!.status, b!.status].sort()).toEqual([200, 409]);
    const db = await row(r.id);
    expect(db.rating_excluded_reason).toBeNull();
    const sec = await view(P.sec, r.id);
    expect(sec.ratingExclusions[0]).toMatchObject({ status: 'refused', decisionNote: '证据不足，评价有效' });
    expect(sec.followUp.proposeExclusion).toBe(true); // may be proposed again with new grounds
  });

  it('a new rating after reopening is judged afresh', async () => {
    const r = await rated();
    const x = (await propose(P.grid, r.id, '恶意评价')).body.ratingExclusions[0];
    expectStatus(await decideExclusion(P.sec, r.id, x.id, { decision: 'approve' }), 200);
    expect((await row(r.id)).status).toBe('reopened'); // 不满意 reopened it
    await act(P.sec, r.id, { action: 'dispatch', kind: 'owner', orgId: jinmao });
    await act(P.liu, r.id, { action: 'accept' });
    await act(P.liu, r.id, { action: 'handle', note: '再次修复' });
    await act(P.sec, r.id, { action: 'verify' });
    await act(P.sun, r.id, { action: 'rate', resolved: 'yes', satisfaction: 'satisfied' });
    expect((await row(r.id)).rating_excluded_reason).toBeNull();
  });
});
