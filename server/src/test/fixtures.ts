import { seedLedgerRules } from '../modules/ledger';
import { workbookBuffer } from '../platform/excel/excel';
import type { Fixtures } from './access-table';
import { areaId, type Client, PHONES, type TestApp } from './harness';

/** A small area sheet: two good rows and two bad ones, in the template's columns. */
export async function sampleAreaXlsx(parentGridCode = '990101001001001') {
  return workbookBuffer(
    '区域',
    ['类型', '名称', '编码', '上级编码', '户数'].map((h) => ({ header: h, key: h })),
    [
      { 类型: '小区', 名称: '新建小区', 编码: `${parentGridCode}-09`, 上级编码: parentGridCode, 户数: 120 },
      {
        类型: '楼栋',
        名称: '新建1栋',
        编码: `${parentGridCode}-09-01`,
        上级编码: `${parentGridCode}-09`,
        户数: 40,
      },
      { 类型: '网格', 名称: '坏编码网格', 编码: '12345', 上级编码: '990101001001', 户数: 10 },
      { 类型: '楼栋', 名称: '孤儿楼', 编码: 'X-1', 上级编码: 'NO-SUCH-PARENT', 户数: 'abc' },
    ],
  );
}

export const sampleGeoJson = (gridCode = '990101001001001') =>
  JSON.stringify({
    type: 'FeatureCollection',
    features: [
      {
        type: 'Feature',
        properties: { code: gridCode },
        geometry: {
          type: 'Polygon',
          coordinates: [
            [
              [104.0452, 30.6081],
              [104.047, 30.6081],
              [104.047, 30.61],
              [104.0452, 30.61],
              [104.0452, 30.6081],
            ],
          ],
        },
      },
      {
        type: 'Feature',
        properties: { code: '000000000000000' },
        geometry: {
          type: 'Polygon',
          coordinates: [
            [
              [1, 1],
              [2, 1],
              [2, 2],
              [1, 1],
            ],
          ],
        },
      },
      { type: 'Feature', properties: { name: 'no code' }, geometry: { type: 'Point', coordinates: [1, 1] } },
    ],
  });

/** Multipart body from plain fields and files. */
export function formOf(fields: Record<string, string | { name: string; data: Buffer | string }>) {
  const form = new FormData();
  for (const [k, v] of Object.entries(fields)) {
    if (typeof v === 'string') form.append(k, v);
    else form.append(k, new Blob([typeof v.data === 'string' ? v.data : new Uint8Array(v.data)]), v.name);
  }
  return form;
}

/** Polls an import job until it is done. */
export async function waitForJob(c: Client, id: number) {
  for (let i = 0; i < 200; i++) {
    const res = await c.get(`/api/imports/${id}`);
    if (res.status !== 200) throw new Error(`import ${id}: ${res.status} ${JSON.stringify(res.body)}`);
    if (res.body.status !== 'running') return res.body;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`import ${id} did not finish`);
}

/** The ids the access matrix probes, plus one import job per street and a party org in the other street. */
export async function buildFixtures(t: TestApp): Promise<Fixtures> {
  const p = t.pool;
  const xlsx = await sampleAreaXlsx();
  const geojson = sampleGeoJson();
  const otherTenant = (await p.query("select tenant_id from areas where code = '990102001'")).rows[0]
    .tenant_id;
  const { rows } = await p.query(
    `insert into party_orgs (tenant_id, id, parent_id, kind, name, path)
     select $1, n.id, null, 'working_committee', '邻区街道党工委', n.id::text::ltree
       from (select nextval(pg_get_serial_sequence('party_orgs', 'id')) as id) n returning id`,
    [otherTenant],
  );
  const startJob = async (phone: string, rootId: number) => {
    const c = await t.client(phone);
    const res = await c.request(
      'POST',
      '/api/areas/imports',
      formOf({ mode: 'dry_run', rootId: String(rootId), file: { name: 'a.xlsx', data: xlsx } }),
    );
    if (res.status !== 202) throw new Error(`import failed: ${res.status} ${JSON.stringify(res.body)}`);
    await waitForJob(c, res.body.id);
    return res.body.id as number;
  };
  const community = await areaId(p, '990101001001');
  const otherCommunity = await areaId(p, '990102001001');
  const photo = await storedPhoto(t);
  return {
    own: {
      building: await areaId(p, '990101001001001-01-01'),
      compound2: await areaId(p, '990101001001001-02'),
      grid: await areaId(p, '990101001001001'),
      community,
      partyOrg: (await p.query("select id from party_orgs where name = '龙腾社区党委'")).rows[0].id,
      importJob: await startJob(PHONES.street_admin, community),
      request: (
        await p.query("select id from requests where category_code = 'property.lift' order by id limit 1")
      ).rows[0].id,
      point: { lng: 104.0484, lat: 30.6131 },
      ...(await recordFixtures(p, '990101001001001-01-01')),
      ...(await ledgerFixtures(p, '990101001001')),
      ...(await participationFixtures(p, '990101001001', PHONES.resident, PHONES.party_member)),
      ...(await agreementFixture(p, '990101001001', photo.photo)),
      ...(await activityFixtures(p, '990101001001')),
      ...(await insightFixtures(p, '990101001001', PHONES.grid_worker)),
      ...(await openFixtures(p, '990101001001', PHONES.resident)),
      ...(await unitFixtures(p, '990101001001001-01-01')),
    },
    other: {
      building: await areaId(p, '990102001001001-01-01'),
      compound: await areaId(p, '990102001001001-01'),
      grid: await areaId(p, '990102001001001'),
      community: otherCommunity,
      partyOrg: rows[0].id,
      importJob: await startJob(PHONES.platform_admin, otherCommunity),
      request: await otherRequest(t),
      point: { lng: 104.205, lat: 30.71 },
      ...(await recordFixtures(p, '990102001001001-01-01')),
      ...(await ledgerFixtures(p, '990102001001')),
      ...(await participationFixtures(p, '990102001001', PHONES.other_secretary, PHONES.other_secretary)),
      ...(await agreementFixture(p, '990102001001', photo.photo)),
      ...(await activityFixtures(p, '990102001001')),
      ...(await insightFixtures(p, '990102001001', null)),
      ...(await openFixtures(p, '990102001001', null)),
      ...(await unitFixtures(p, '990102001001001-01-01')),
    },
    xlsx,
    geojson,
    ...photo,
  };
}

/** A 共建协议 row on the community's probe project, pointing at the stored test photo. */
async function agreementFixture(p: TestApp['pool'], communityCode: string, fileId: string) {
  const { rows } = await p.query(
    `insert into project_agreements (tenant_id, project_id, file_id, kind, file_name, bytes)
     select lp.tenant_id, lp.id, $2, 'image', '探针协议.jpg', 100 from list_projects lp join areas a on a.tenant_id = lp.tenant_id and a.id = lp.community_id
      where a.code = $1 and lp.title = '探针项目' order by lp.id desc limit 1 returning id`,
    [communityCode, fileId],
  );
  return { agreement: Number(rows[0].id) };
}

/**
 * A person, their address and house, and a tag in a building's street: 孙桂兰 (seeded) in the own street, a
 * record written here in the other street (no personal data needed).
 */
async function recordFixtures(p: TestApp['pool'], buildingCode: string) {
  const building = (await p.query('select tenant_id, id from areas where code = $1', [buildingCode])).rows[0];
  const seeded = await p.query(
    `select p.id, p.address_id, h.id as house from people p join houses h on h.tenant_id = p.tenant_id and h.address_id = p.address_id
      where p.area_id = $1 order by p.id limit 1`,
    [building.id],
  );
  let row = seeded.rows[0];
  if (!row) {
    const address = (
      await p.query(
        `insert into addresses (tenant_id, building_id, unit, room) values ($1, $2, '1', '101') returning id`,
        [building.tenant_id, building.id],
      )
    ).rows[0].id;
    const person = (
      await p.query(
        `insert into people (tenant_id, name, residence, area_id, address_id) values ($1, '邻区居民', 'permanent', $2, $3) returning id`,
        [building.tenant_id, building.id, address],
      )
    ).rows[0].id;
    const house = (
      await p.query(
        `insert into houses (tenant_id, address_id, use, owner_id) values ($1, $2, 'owner_occupied', $3) returning id`,
        [building.tenant_id, address, person],
      )
    ).rows[0].id;
    row = { id: person, address_id: address, house };
  }
  const tag = (
    await p.query('select id from record_tags where tenant_id = $1 order by id limit 1', [building.tenant_id])
  ).rows[0].id;
  return {
    person: Number(row.id),
    address: Number(row.address_id),
    house: Number(row.house),
    tag: Number(tag),
  };
}

/**
 * A ledger rule and entry in a community: the demo's first entry in the own street; in the other street (loaded
 * after the demo seed) its default rules and one 口碑积分 award to the platform admin, written directly.
 */
async function ledgerFixtures(p: TestApp['pool'], communityCode: string) {
  const c = (await p.query('select tenant_id, id from areas where code = $1', [communityCode])).rows[0];
  await seedLedgerRules(p, c.tenant_id);
  const rule = (
    await p.query(`select id from ledger_rules where tenant_id = $1 and code = 'reputation'`, [c.tenant_id])
  ).rows[0].id;
  let entry = (
    await p.query(
      `select e.id from ledger_entries e join ledger_accounts a on a.tenant_id = e.tenant_id and a.id = e.credit_account_id
        where e.tenant_id = $1 and a.area_id = $2 order by e.id limit 1`,
      [c.tenant_id, c.id],
    )
  ).rows[0]?.id;
  if (!entry) {
    const admin = (await p.query(`select id from "user" where "phoneNumber" = $1`, [PHONES.platform_admin]))
      .rows[0].id;
    const account = async (kind: string, ref: string, user: string | null, floor: number | null) =>
      (
        await p.query(
          `insert into ledger_accounts (tenant_id, area_id, owner_kind, owner_ref, owner_user_id, name, unit, floor)
           values ($1, $2, $3, $4, $5, '探针账户', 'points', $6) returning id`,
          [c.tenant_id, c.id, kind, ref, user, floor],
        )
      ).rows[0].id;
    const from = await account('community', '', null, null);
    const to = await account('person', admin, admin, 0);
    await p.query(
      'update ledger_accounts set balance = case when id = $2 then -20 else 20 end where tenant_id = $1 and id in ($2, $3)',
      [c.tenant_id, from, to],
    );
    entry = (
      await p.query(
        `insert into ledger_entries (tenant_id, debit_account_id, credit_account_id, amount, unit, event_kind, event_id, rule_id)
         values ($1, $2, $3, 20, 'points', 'award.reputation', 'probe', $4) returning id`,
        [c.tenant_id, from, to, rule],
      )
    ).rows[0].id;
  }
  // an item (the own street's is honoured by 周记理发店) and a voucher for it, paid by the entry above
  const merchant =
    communityCode === '990101001001'
      ? (await p.query(`select id from "user" where "phoneNumber" = $1`, [PHONES.merchant])).rows[0].id
      : null;
  const item = (
    await p.query(
      `insert into ledger_items (tenant_id, area_id, name, unit, price, stock, merchant_user_id, merchant_name)
       values ($1, $2, '探针兑换', 'points', 1, 1000, $3, $4) returning id`,
      [c.tenant_id, c.id, merchant, merchant ? '周记理发店' : null],
    )
  ).rows[0].id;
  const holder = (await p.query('select id from "user" where "phoneNumber" = $1', [PHONES.resident])).rows[0]
    .id;
  const voucherCode = communityCode === '990101001001' ? 'PROBEOWN' : 'PROBEOTH';
  await p.query(
    `insert into ledger_vouchers (tenant_id, item_id, holder_user_id, entry_id, code) values ($1, $2, $3, $4, $5)`,
    [c.tenant_id, item, holder, entry, voucherCode],
  );
  // the community's micro fund (社区微基金), with its money account
  const fundAccount = (
    await p.query(
      `insert into ledger_accounts (tenant_id, area_id, owner_kind, owner_ref, name, unit, floor)
       values ($1, $2, 'community', 'fund:micro_fund', '社区微基金', 'money', 0)
       on conflict (tenant_id, area_id, owner_kind, owner_ref, unit) do update set name = excluded.name returning id`,
      [c.tenant_id, c.id],
    )
  ).rows[0].id;
  const fund = (
    await p.query(
      `insert into ledger_funds (tenant_id, area_id, kind, name, account_id, backfeed_percent)
       values ($1, $2, 'micro_fund', '社区微基金', $3, 20)
       on conflict (tenant_id, area_id, kind) do update set name = excluded.name returning id`,
      [c.tenant_id, c.id, fundAccount],
    )
  ).rows[0].id;
  return {
    ledgerRule: Number(rule),
    ledgerEntry: Number(entry),
    ledgerItem: Number(item),
    voucherCode,
    ledgerFund: Number(fund),
  };
}

/**
 * Participation rows in a community, written directly: wishes by `authorPhone` (open; claimed by `claimerPhone`;
 * fulfilled by them), a topic, a meeting, an open vote, a resolution, an open need, a project and a milestone.
 */
async function participationFixtures(
  p: TestApp['pool'],
  communityCode: string,
  authorPhone: string,
  claimerPhone: string,
) {
  const c = (await p.query('select tenant_id, id from areas where code = $1', [communityCode])).rows[0];
  const user = async (phone: string) =>
    (await p.query('select id from "user" where "phoneNumber" = $1', [phone])).rows[0].id as string;
  const author = await user(authorPhone);
  const claimer = await user(claimerPhone);
  const one = async (sql: string, values: unknown[]) => Number((await p.query(sql, values)).rows[0].id);
  const wish = (status: string) =>
    one(
      `insert into wishes (tenant_id, community_id, author_user_id, text, category, by_date, status,
                           claimer_user_id, claimer_kind, claimed_at, fulfilled_at, fulfil_note)
       values ($1, $2, $3, '探针心愿', 'repair', '2099-12-31', $4,
               case when $4 <> 'open' then $5 end, case when $4 <> 'open' then 'volunteer' end,
               case when $4 <> 'open' then now() end, case when $4 = 'fulfilled' then now() end,
               case when $4 = 'fulfilled' then '探针完成' end) returning id`,
      [c.tenant_id, c.id, author, status, claimer],
    );
  const meeting = await one(
    `insert into meetings (tenant_id, community_id, title, starts_at, place, convener, checkin_code)
     values ($1, $2, '探针会议', now() + interval '3 days', '议事厅', '探针', '123456') returning id`,
    [c.tenant_id, c.id],
  );
  const project = await one(
    `insert into list_projects (tenant_id, community_id, title, owner_name) values ($1, $2, '探针项目', '探针') returning id`,
    [c.tenant_id, c.id],
  );
  const microType = await one(
    `insert into microproject_types (tenant_id, community_id, name, cap_fen) values ($1, $2, '探针类', 20000000) returning id`,
    [c.tenant_id, c.id],
  );
  const microproject = await one(
    `insert into microprojects (tenant_id, community_id, type_id, title, budget_fen, proposer_user_id, proposer_name, stage)
     values ($1, $2, $3, '探针微实事', 100000, $4, '探针', 'screened') returning id`,
    [c.tenant_id, c.id, microType, author],
  );
  const microObjection = await one(
    `insert into microproject_objections (tenant_id, microproject_id, author_user_id, text) values ($1, $2, $3, '探针异议') returning id`,
    [c.tenant_id, microproject, author],
  );
  return {
    microType,
    microproject,
    microObjection,
    wish: await wish('open'),
    claimedWish: await wish('claimed'),
    fulfilledWish: await wish('fulfilled'),
    topic: await one(
      `insert into topics (tenant_id, community_id, author_user_id, title) values ($1, $2, $3, '探针议题') returning id`,
      [c.tenant_id, c.id, author],
    ),
    meeting,
    vote: await one(
      `insert into votes (tenant_id, community_id, meeting_id, question, options) values ($1, $2, $3, '探针表决', array['同意', '不同意']) returning id`,
      [c.tenant_id, c.id, meeting],
    ),
    resolution: await one(
      `insert into resolutions (tenant_id, community_id, text, owner_name, due_date) values ($1, $2, '探针决议', '探针', '2099-01-01') returning id`,
      [c.tenant_id, c.id],
    ),
    listItem: await one(
      `insert into list_items (tenant_id, community_id, kind, publisher_kind, publisher_name, title) values ($1, $2, 'need', 'community', '探针', '探针需求') returning id`,
      [c.tenant_id, c.id],
    ),
    project,
    milestone: await one(
      `insert into project_milestones (tenant_id, project_id, title) values ($1, $2, '探针里程碑') returning id`,
      [c.tenant_id, project],
    ),
    cadre: await user(communityCode === '990101001001' ? PHONES.community_secretary : PHONES.other_secretary),
  };
}

/**
 * A future session with 孙阿姨's confirmed sign-up, a volunteer team with her hours recorded by the platform admin, a
 * patrol plan (the demo's three in the own street, the platform admin in the other) with a patrol under way.
 */
async function activityFixtures(p: TestApp['pool'], communityCode: string) {
  const own = communityCode === '990101001001';
  const c = (await p.query('select tenant_id, id from areas where code = $1', [communityCode])).rows[0];
  const user = async (phone: string) =>
    (await p.query('select id from "user" where "phoneNumber" = $1', [phone])).rows[0].id as string;
  const admin = await user(PHONES.platform_admin);
  const aunt = await user(PHONES.resident);
  const course = (
    await p.query(
      `insert into activity_courses (tenant_id, area_id, series, title, place, organiser, capacity, repeat, first_date,
                                     last_date, start_time, minutes)
       values ($1, $2, '探针', '探针课程', '活动室', '探针', 100, 'once', '2030-01-02', '2030-01-02', '10:00', 60)
       returning id`,
      [c.tenant_id, c.id],
    )
  ).rows[0].id;
  const checkinCode = own ? 'PRBOWN' : 'PRBOTH';
  const session = (
    await p.query(
      `insert into activity_sessions (tenant_id, course_id, starts_at, ends_at, capacity, seats_taken, checkin_code)
       values ($1, $2, '2030-01-02T02:00:00Z', '2030-01-02T03:00:00Z', 100, 1, $3) returning id`,
      [c.tenant_id, course, checkinCode],
    )
  ).rows[0].id;
  const signup = (
    await p.query(
      `insert into activity_signups (tenant_id, session_id, user_id, status) values ($1, $2, $3, 'confirmed') returning id`,
      [c.tenant_id, session, aunt],
    )
  ).rows[0].id;
  const team = (
    await p.query(
      `insert into volunteer_teams (tenant_id, area_id, name, leader_user_id) values ($1, $2, '探针服务队', $3) returning id`,
      [c.tenant_id, c.id, own ? await user(PHONES.party_member) : null],
    )
  ).rows[0].id;
  await p.query('insert into volunteers (tenant_id, team_id, user_id) values ($1, $2, $3)', [
    c.tenant_id,
    team,
    aunt,
  ]);
  const hours = (
    await p.query(
      `insert into volunteer_hours (tenant_id, team_id, user_id, event, started_at, ended_at, recorded_by)
       values ($1, $2, $3, '探针', '2026-01-01T01:00:00Z', '2026-01-01T02:00:00Z', $4) returning id`,
      [c.tenant_id, team, aunt, admin],
    )
  ).rows[0].id;
  const [sec, grid, property] = own
    ? [await user(PHONES.community_secretary), await user(PHONES.grid_worker), await user(PHONES.responder)]
    : [admin, admin, admin];
  const patrolPlan = (
    await p.query(
      `insert into patrol_plans (tenant_id, area_id, name, window_start, window_end, secretary_user_id,
                                 grid_worker_user_id, property_user_id, places)
       values ($1, $2, '探针走访', '21:00', '00:00', $3, $4, $5, '{便利店}') returning id`,
      [c.tenant_id, c.id, sec, grid, property],
    )
  ).rows[0].id;
  const patrol = (
    await p.query('insert into patrols (tenant_id, plan_id, started_by) values ($1, $2, $3) returning id', [
      c.tenant_id,
      patrolPlan,
      sec,
    ])
  ).rows[0].id;
  let partyBranch = (
    await p.query(`select id from party_orgs where tenant_id = $1 and name = '龙腾社区第1网格党支部'`, [
      c.tenant_id,
    ])
  ).rows[0]?.id;
  if (!partyBranch) {
    const root = (
      await p.query(`select id, path::text as path from party_orgs where name = '邻区街道党工委'`)
    ).rows[0];
    partyBranch = (
      await p.query(
        `insert into party_orgs (tenant_id, id, parent_id, kind, name, area_id, path)
         select $1, n.id, $2, 'community_committee', '邻区社区党委', $3, ($4 || '.' || n.id)::ltree
           from (select nextval(pg_get_serial_sequence('party_orgs', 'id')) as id) n returning id`,
        [c.tenant_id, root.id, c.id, root.path],
      )
    ).rows[0].id;
  }
  const member = own ? await user(PHONES.party_member) : admin;
  const partyReport = (
    await p.query(
      `insert into party_reports (tenant_id, user_id, branch_id, workplace_branch, commitment)
       values ($1, $2, $3, '探针支部', '探针承诺')
       on conflict (tenant_id, user_id) do update set commitment = excluded.commitment returning id`,
      [c.tenant_id, member, partyBranch],
    )
  ).rows[0].id;
  const partyPost = (
    await p.query(
      `insert into party_posts (tenant_id, area_id, kind, name, member_user_id) values ($1, $2, 'pioneer_post', '探针岗', $3)
       returning id`,
      [c.tenant_id, c.id, member],
    )
  ).rows[0].id;
  const interestGroup = (
    await p.query(
      `insert into interest_groups (tenant_id, area_id, name, leader_user_id) values ($1, $2, '探针兴趣链组', $3) returning id`,
      [c.tenant_id, c.id, member],
    )
  ).rows[0].id;
  return {
    interestGroup: Number(interestGroup),
    partyBranch: Number(partyBranch),
    partyReport: Number(partyReport),
    partyPost: Number(partyPost),
    session: Number(session),
    signup: Number(signup),
    checkinCode,
    team: Number(team),
    hours: Number(hours),
    patrolPlan: Number(patrolPlan),
    patrol: Number(patrol),
  };
}

/** A unit in a building and a 部件 in the building's grid (written directly). */
async function unitFixtures(p: TestApp['pool'], buildingCode: string) {
  const b = (
    await p.query(
      `select b.tenant_id, b.id, g.id as grid, t.district_code from areas b
         join areas k on k.tenant_id = b.tenant_id and k.id = b.parent_id
         join areas g on g.tenant_id = k.tenant_id and g.id = k.parent_id
         join tenants t on t.tenant_id = b.tenant_id where b.code = $1`,
      [buildingCode],
    )
  ).rows[0];
  const unit = (
    await p.query(
      `insert into record_units (tenant_id, name, kind, area_id) values ($1, '探针单位', 'merchant', $2) returning id`,
      [b.tenant_id, b.id],
    )
  ).rows[0].id;
  const thing = (
    await p.query(
      `insert into record_things (tenant_id, code, name, state, area_id) values ($1, $2, '探针路灯', 'intact', $3) returning id`,
      [b.tenant_id, `${b.district_code}0119999999`, b.grid],
    )
  ).rows[0].id;
  return { unit: Number(unit), thing: Number(thing) };
}

/** A request in the other street, reported by the platform admin at a point inside its first grid. */
async function otherRequest(t: TestApp): Promise<number> {
  const c = await t.client(PHONES.platform_admin);
  const res = await c.post('/api/requests', { description: '邻区：路面坑洼', lng: 104.205, lat: 30.71 });
  if (res.status !== 201) throw new Error(`other request: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body.id;
}

/** One uploaded photo (its id) and the PNG bytes used for upload probes. */
async function storedPhoto(t: TestApp) {
  const sharp = (await import('sharp')).default;
  const png = await sharp({ create: { width: 16, height: 16, channels: 3, background: '#c00' } })
    .png()
    .toBuffer();
  const c = await t.client(PHONES.resident);
  const res = await c.request('POST', '/api/files', formOf({ file: { name: 'p.png', data: png } }));
  if (res.status !== 201) throw new Error(`photo upload: ${res.status} ${JSON.stringify(res.body)}`);
  return { photo: res.body.id as string, png };
}

/** A brief with one item (assigned to `assigneePhone`, else open) and an e-mail channel, in a community. */
async function insightFixtures(p: TestApp['pool'], communityCode: string, assigneePhone: string | null) {
  const c = (await p.query('select tenant_id, id from areas where code = $1', [communityCode])).rows[0];
  const assignee = assigneePhone
    ? (await p.query('select id from "user" where "phoneNumber" = $1', [assigneePhone])).rows[0].id
    : null;
  const brief = (
    await p.query(
      `insert into insight_briefs (tenant_id, community_id, day, scoring) values ($1, $2, '2025-12-31', '{}') returning id`,
      [c.tenant_id, c.id],
    )
  ).rows[0].id;
  const item = (
    await p.query(
      `insert into insight_brief_items (tenant_id, brief_id, rank, kind, score, title, state, assignee_user_id, due_at)
       values ($1, $2, 1, 'surge_place', 10, '探针事项', $3, $4, case when $4::text is null then null else now() + interval '1 day' end)
       returning id`,
      [c.tenant_id, brief, assignee ? 'assigned' : 'open', assignee],
    )
  ).rows[0].id;
  const channel = (
    await p.query(
      `insert into insight_brief_channels (tenant_id, community_id, kind, target) values ($1, $2, 'email', 'x@example.invalid')
       returning id`,
      [c.tenant_id, c.id],
    )
  ).rows[0].id;
  return { briefItem: Number(item), briefChannel: Number(channel) };
}

/**
 * The reverse survey in a community: an unanswered question to `askedPhone` (own: 孙阿姨; other: none, a missing id),
 * a down-weighted figure to restore, and the community's street.
 */
async function openFixtures(p: TestApp['pool'], communityCode: string, askedPhone: string | null) {
  const c = (await p.query('select tenant_id, id, parent_id from areas where code = $1', [communityCode]))
    .rows[0];
  let ask = 999_999;
  if (askedPhone) {
    const user = (await p.query('select id from "user" where "phoneNumber" = $1', [askedPhone])).rows[0].id;
    ask = (
      await p.query(
        `insert into insight_survey_asks (tenant_id, community_id, figure, period, user_id)
         values ($1, $2, 'onTimeRate', '2025-12', $3) returning id`,
        [c.tenant_id, c.id, user],
      )
    ).rows[0].id;
  }
  await p.query(
    `insert into insight_figure_weights (tenant_id, community_id, figure, relevant, irrelevant, weight)
     values ($1, $2, 'onTimeRate', 2, 30, 0.25)`,
    [c.tenant_id, c.id],
  );
  return { surveyAsk: Number(ask), street: Number(c.parent_id) };
}
