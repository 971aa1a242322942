import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { areaId, PHONES, startTestApp, type TestApp } from '../../test/harness';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(() => t.close());

/** Four requests in 谢家湾社区 第1网格 with states set by hand, so every figure can be worked out on paper. */
async function scenario() {
  const grid = await areaId(t.pool, '990101001003001');
  const { rows } = await t.pool.query(
    'select (bbox[0])[0] as x1, (bbox[0])[1] as y1, (bbox[1])[0] as x0, (bbox[1])[1] as y0 from areas where id = $1',
    [grid],
  );
  const point = { lng: (rows[0].x0 + rows[0].x1) / 2, lat: (rows[0].y0 + rows[0].y1) / 2 };
  const c = await t.client(PHONES.platform_admin);
  const ids: number[] = [];
  for (const d of ['A 路灯不亮', 'B 楼道堆物', 'C 井盖缺失', 'D 噪音扰民']) {
    const res = await c.post('/api/requests', {
      description: d,
      nature: 'help',
      categoryCode: 'city.facility',
      ...point,
    });
    expect(res.status).toBe(201);
    ids.push(res.body.id);
  }
  const [a, b, cc, d] = ids as [number, number, number, number];
  // every request: created 10 days ago, response due after 1 day, resolve due after 5 days, one visible event a day
  await t.pool.query(
    `update requests set created_at = now() - interval '10 days', response_due_at = now() - interval '9 days',
            resolve_due_at = now() - interval '5 days' where id = any($1)`,
    [ids],
  );
  await t.pool.query(
    `insert into request_events (tenant_id, request_id, at, type, visible_to_resident)
     select r.tenant_id, r.id, now() - make_interval(days => g), 'comment', true from requests r, generate_series(0, 10) g where r.id = any($1)`,
    [ids],
  );
  // A: responded on time, closed on time, 满意 + resolved
  await t.pool.query(
    `update requests set responded_at = created_at + interval '1 hour', closed_at = now() - interval '6 days', closed_reason = 'rated',
            status = 'closed', rated_at = now() - interval '6 days', resolved = 'yes', satisfaction = 'satisfied' where id = $1`,
    [a],
  );
  // B: responded late, closed 2 days late, 基本满意 + partly
  await t.pool.query(
    `update requests set responded_at = created_at + interval '2 days', closed_at = now() - interval '3 days', closed_reason = 'rated',
            status = 'closed', rated_at = now() - interval '3 days', resolved = 'partly', satisfaction = 'basic' where id = $1`,
    [b],
  );
  // C: never responded, still open 5 days past its deadline
  // D: responded on time, rated 不满意 + not resolved, reopened once, open since
  await t.pool.query(
    `update requests set responded_at = created_at + interval '2 hours', rated_at = now() - interval '7 days', resolved = 'no',
            satisfaction = 'unsatisfied', reopen_count = 1, status = 'reopened' where id = $1`,
    [d],
  );
  void cc;
  return grid;
}

describe('measures (definition v1)', () => {
  it('works out the three rates, on-time closure, composite and temperature gap as on paper', async () => {
    const grid = await scenario();
    const staff = await t.client(PHONES.street_admin);
    const res = await staff.get(`/api/requests/measures?areaId=${grid}&from=2026-01-01&to=2026-12-31`);
    expect(res.status).toBe(200);
    const m = res.body;
    expect(m.requests).toBe(4);
    // responded on time: A, D of 4 due
    expect(m.responseRate).toEqual({ numerator: 2, denominator: 4, value: 0.5 });
    // rated: A (1), B (½), D (0) → 1.5 / 3
    expect(m.resolutionRate).toEqual({ numerator: 1.5, denominator: 3, value: 0.5 });
    // satisfaction: A 1 + B 0.8 + D 0 → 1.8 / 3
    expect(m.satisfactionRate).toEqual({ numerator: 1.8, denominator: 3, value: 0.6 });
    // closed by the deadline: A only, of 4 due
    expect(m.onTimeRate).toEqual({ numerator: 1, denominator: 4, value: 0.25 });
    expect(m.composite).toBeCloseTo(0.2 * 0.5 + 0.3 * 0.5 + 0.3 * 0.6 + 0.2 * 0.25, 4);
    // 温差 over rated requests (updates every day, so no silent days):
    // A 0; B −2 (基本满意) −2 (closed two days late) = −4; D −5 (不满意) −5 (five days past, still open) −1 (reopened) = −11
    expect(m.temperatureGap).toEqual({ mean: -5, requests: 3 });
    expect(m.definitionVersion).toMatch(/^v1/);
  });

  it('weights the composite as asked, and refuses weights that are all 0', async () => {
    const grid = await areaId(t.pool, '990101001003001');
    const staff = await t.client(PHONES.street_admin);
    const q = `/api/requests/measures?areaId=${grid}&from=2026-01-01&to=2026-12-31`;
    const onlyResponse = await staff.get(`${q}&weights=1,0,0,0`);
    expect(onlyResponse.body.composite).toBe(onlyResponse.body.responseRate.value);
    expect(onlyResponse.body.weights).toEqual({ response: 1, resolution: 0, satisfaction: 0, onTime: 0 });
    expect((await staff.get(`${q}&weights=0,0,0,0`)).body.code).toBe('WEIGHTS_INVALID');
    expect((await staff.get(`${q}&weights=half`)).status).toBe(400);
  });

  it('breaks 解决率 down by the reporting residents’ group tags from the basic records', async () => {
    const grid1 = await areaId(t.pool, '990101001001001');
    const point = { lng: 104.0484, lat: 30.6131 };
    // 孙阿姨's person record (孙桂兰) is tagged 独居老人; 陈党员 has none
    await t.pool.query(
      `insert into person_tags (tenant_id, person_id, tag_id)
       select p.tenant_id, p.id, t.id from people p join "user" u on u.id = p.user_id
         join record_tags t on t.tenant_id = p.tenant_id and t.name = '独居老人'
        where u."phoneNumber" = $1 on conflict do nothing`,
      [PHONES.resident],
    );
    const ids: number[] = [];
    for (const [phone, d] of [
      [PHONES.resident, '楼道灯坏了'],
      [PHONES.resident, '门口积水'],
      [PHONES.party_member, '路灯不亮'],
    ] as const) {
      const res = await (await t.client(phone)).post('/api/requests', { description: d, ...point });
      ids.push(res.body.id);
    }
    // the first of 孙阿姨's is rated resolved; 陈党员's not resolved
    await t.pool.query(
      `update requests set rated_at = now(), resolved = case when id = $1 then 'yes' else 'no' end, satisfaction = 'basic'
        where id = any($2)`,
      [ids[0], [ids[0], ids[2]]],
    );
    const staff = await t.client(PHONES.street_admin);
    const today = new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);
    const m = (await staff.get(`/api/requests/measures?areaId=${grid1}&from=${today}&to=${today}`)).body;
    // her two, and the demo's earlier reports by her in this grid, today
    const { rows } = await t.pool.query(
      `select count(*)::int as n from requests r join "user" u on u.id = r.reporter_user_id
        where u."phoneNumber" = $1 and r.grid_id = $2 and (r.created_at at time zone 'Asia/Shanghai')::date = $3::date`,
      [PHONES.resident, grid1, today],
    );
    expect(rows[0].n).toBeGreaterThanOrEqual(2);
    const elderly = m.byGroup.find((g: { group: string }) => g.group === '独居老人');
    expect(elderly).toEqual({
      group: '独居老人',
      residents: 1,
      requests: rows[0].n,
      resolutionRate: { numerator: 1, denominator: 1, value: 1 },
    });
    const untagged = m.byGroup.find((g: { group: string }) => g.group === '未登记');
    expect(untagged).toMatchObject({ residents: 1, requests: 1, resolutionRate: { value: 0 } });
  });

  it('is scoped: a grid worker elsewhere cannot read this grid; a bad period is 422', async () => {
    const grid = await areaId(t.pool, '990101001003001');
    const worker = await t.client(PHONES.grid_worker);
    expect(
      (await worker.get(`/api/requests/measures?areaId=${grid}&from=2026-01-01&to=2026-12-31`)).status,
    ).toBe(404);
    const staff = await t.client(PHONES.street_admin);
    const bad = await staff.get(`/api/requests/measures?areaId=${grid}&from=2026-12-31&to=2026-01-01`);
    expect(bad.status).toBe(422);
    expect(bad.body.code).toBe('PERIOD_INVALID');
  });
});
