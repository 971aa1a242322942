import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { areaId, type Client, PHONES, type Res, startTestApp, type TestApp } from '../../test/harness';

/** The party-organisation tree beside the area tree: 党工委 → 社区党委 → 网格党支部 → 楼栋党小组, 非公党支部. */
let t: TestApp;
const clients = new Map<string, Client>();

type Org = {
  id: number;
  parentId: number | null;
  kind: string;
  name: string;
  areaId: number | null;
  areaName: string | null;
  memberCount: number;
  version: number;
  canEdit: boolean;
};

beforeAll(async () => {
  t = await startTestApp();
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
const street = () => as(PHONES.street_admin);
const secretary = () => as(PHONES.community_secretary);
async function list(c: Client): Promise<Org[]> {
  const res = await c.get('/api/party-orgs');
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return res.body.items;
}
const orgId = async (name: string): Promise<number> => {
  const { rows } = await t.pool.query('select id from party_orgs where name = $1', [name]);
  if (!rows[0]) throw new Error(`no party org ${name}`);
  return rows[0].id;
};
const orgRow = async (id: number) =>
  (await t.pool.query('select name, member_count, version, area_id from party_orgs where id = $1', [id]))
    .rows[0];
function expectProblem(res: Res, status: number, code: string) {
  expect(res.status, JSON.stringify(res.body)).toBe(status);
  expect(res.headers.get('content-type')).toContain('application/problem+json');
  expect(res.body.code).toBe(code);
  expect(res.body.messages['zh-CN']).toBeTruthy();
  expect(res.body.messages['en-US']).toBeTruthy();
}

describe('the party organisation tree', () => {
  it('shows the demo tree to the street admin, parents before children', async () => {
    const items = await list(await street());
    const by = new Map(items.map((o) => [o.name, o]));
    const root = by.get('长江路街道党工委')!;
    expect(root).toMatchObject({
      kind: 'working_committee',
      parentId: null,
      areaName: '长江路街道',
      memberCount: 12,
      canEdit: true,
    });
    const lt = by.get('龙腾社区党委')!;
    expect(lt).toMatchObject({ kind: 'community_committee', parentId: root.id, areaName: '龙腾社区' });
    expect(by.get('九龙社区党委')).toMatchObject({ kind: 'community_committee', parentId: root.id });
    expect(by.get('谢家湾社区党委')).toMatchObject({ kind: 'community_committee', parentId: root.id });
    expect(by.get('金茂物业党支部')).toMatchObject({
      kind: 'non_public_branch',
      parentId: lt.id,
      areaId: null,
      areaName: null,
      memberCount: 9,
    });
    const branch1 = by.get('龙腾社区第1网格党支部')!;
    expect(branch1).toMatchObject({
      kind: 'grid_branch',
      parentId: lt.id,
      areaId: await areaId(t.pool, '990101001001001'),
      areaName: '第1网格',
    });
    expect(by.get('聚金万佳苑1栋党小组')).toMatchObject({
      kind: 'building_group',
      parentId: branch1.id,
      areaName: '1栋',
    });
    expect(items.filter((o) => o.kind === 'grid_branch')).toHaveLength(9);
    expect(items).toHaveLength(1 + 3 + 9 + 1 + 1);
    expect(items.every((o) => o.canEdit)).toBe(true);
    const seen = new Set<number>();
    for (const o of items) {
      if (o.parentId !== null) expect(seen.has(o.parentId), o.name).toBe(true);
      seen.add(o.id);
    }
  });

  it("a community secretary sees her community's organisations and may edit them", async () => {
    const items = await list(await secretary());
    const names = items.map((o) => o.name);
    expect(names).toEqual(
      expect.arrayContaining([
        '龙腾社区党委',
        '龙腾社区第1网格党支部',
        '龙腾社区第2网格党支部',
        '龙腾社区第3网格党支部',
        '聚金万佳苑1栋党小组',
      ]),
    );
    expect(names).not.toContain('九龙社区党委');
    expect(names).not.toContain('九龙社区第1网格党支部');
    expect(names).not.toContain('长江路街道党工委');
    expect(items.find((o) => o.name === '龙腾社区党委')?.canEdit).toBe(true);
  });

  it('community staff see the tree but may not edit it', async () => {
    const staff = await as(PHONES.community_staff);
    const items = await list(staff);
    expect(items.map((o) => o.name)).toContain('龙腾社区党委');
    expect(items.every((o) => o.canEdit === false)).toBe(true);
    const lt = items.find((o) => o.name === '龙腾社区党委')!;
    expectProblem(
      await staff.patch(`/api/party-orgs/${lt.id}`, { version: lt.version, name: '改名' }),
      403,
      'FORBIDDEN',
    );
    expectProblem(
      await staff.post('/api/party-orgs', { parentId: lt.id, kind: 'grid_branch', name: '社工支部' }),
      403,
      'FORBIDDEN',
    );
    expect((await orgRow(lt.id)).name).toBe('龙腾社区党委');
  });

  it('grid workers and residents see no party organisations', async () => {
    expect(await list(await as(PHONES.grid_worker))).toEqual([]);
    expect(await list(await as(PHONES.resident))).toEqual([]);
  });
});

describe('create and edit', () => {
  it('a secretary creates a building group under a grid branch, tied to a building', async () => {
    const c = await secretary();
    const branch2 = await orgId('龙腾社区第2网格党支部');
    const building = await areaId(t.pool, '990101001001002-01-01');
    const res = await c.post('/api/party-orgs', {
      parentId: branch2,
      kind: 'building_group',
      name: '第2网格1栋党小组',
      areaId: building,
      memberCount: 6,
    });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    const created = (await list(c)).find((o) => o.id === res.body.id);
    expect(created).toMatchObject({
      parentId: branch2,
      kind: 'building_group',
      name: '第2网格1栋党小组',
      areaId: building,
      areaName: '1栋',
      memberCount: 6,
      version: 1,
      canEdit: true,
    });
    const { rows } = await t.pool.query(
      "select action, summary from audit_events where entity_type = 'party_org' and entity_id = $1",
      [String(res.body.id)],
    );
    expect(rows).toEqual([
      { action: 'party_org.create', summary: { name: '第2网格1栋党小组', kind: 'building_group' } },
    ]);
    const { rows: path } = await t.pool.query(
      'select (select path from party_orgs where id = $1) @> (select path from party_orgs where id = $2) as under',
      [branch2, res.body.id],
    );
    expect(path[0].under).toBe(true);
  });

  it('refuses a kind that cannot sit under the parent (422 PARTY_KIND_NOT_ALLOWED)', async () => {
    const c = await street();
    const before = (await t.pool.query('select count(*)::int as n from party_orgs')).rows[0].n;
    expectProblem(
      await c.post('/api/party-orgs', {
        parentId: await orgId('龙腾社区第1网格党支部'),
        kind: 'grid_branch',
        name: '支部下的支部',
      }),
      422,
      'PARTY_KIND_NOT_ALLOWED',
    );
    expectProblem(
      await c.post('/api/party-orgs', {
        parentId: await orgId('聚金万佳苑1栋党小组'),
        kind: 'building_group',
        name: '小组下的小组',
      }),
      422,
      'PARTY_KIND_NOT_ALLOWED',
    );
    expectProblem(
      await c.post('/api/party-orgs', {
        parentId: await orgId('长江路街道党工委'),
        kind: 'grid_branch',
        name: '越级支部',
      }),
      422,
      'PARTY_KIND_NOT_ALLOWED',
    );
    expect((await t.pool.query('select count(*)::int as n from party_orgs')).rows[0].n).toBe(before);
  });

  it('refuses an area outside the secretary’s community (422 AREA_INVALID)', async () => {
    const c = await secretary();
    const lt = await orgId('龙腾社区党委');
    expectProblem(
      await c.post('/api/party-orgs', {
        parentId: lt,
        kind: 'grid_branch',
        name: '借九龙网格的支部',
        areaId: await areaId(t.pool, '990101001002001'),
      }),
      422,
      'AREA_INVALID',
    );
    expectProblem(
      await c.post('/api/party-orgs', {
        parentId: lt,
        kind: 'grid_branch',
        name: '无此区域',
        areaId: 99_999_999,
      }),
      422,
      'AREA_INVALID',
    );
  });

  it('a PATCH with the current version applies; a stale one is 409', async () => {
    const c = await secretary();
    const id = await orgId('龙腾社区第3网格党支部');
    const before = await orgRow(id);
    const ok = await c.patch(`/api/party-orgs/${id}`, { version: before.version, memberCount: 21 });
    expect(ok.status, JSON.stringify(ok.body)).toBe(200);
    expect(await orgRow(id)).toMatchObject({
      member_count: 21,
      version: before.version + 1,
      name: before.name,
    });
    expect((await list(c)).find((o) => o.id === id)).toMatchObject({
      memberCount: 21,
      version: before.version + 1,
    });
    expectProblem(
      await c.patch(`/api/party-orgs/${id}`, { version: before.version, name: '过期修改' }),
      409,
      'PARTY_ORG_VERSION_CONFLICT',
    );
    expect((await orgRow(id)).name).toBe(before.name);
  });

  it('clears and sets the area of an organisation', async () => {
    const c = await street();
    const id = await orgId('谢家湾社区第1网格党支部');
    const v = (await orgRow(id)).version;
    expect((await c.patch(`/api/party-orgs/${id}`, { version: v, areaId: null })).status).toBe(200);
    expect((await orgRow(id)).area_id).toBeNull();
    const g2 = await areaId(t.pool, '990101001003002');
    expect((await c.patch(`/api/party-orgs/${id}`, { version: v + 1, areaId: g2 })).status).toBe(200);
    expect((await list(c)).find((o) => o.id === id)).toMatchObject({ areaId: g2, areaName: '第2网格' });
  });

  it("九龙社区's secretary cannot edit or extend 龙腾社区党委", async () => {
    const c = await as(PHONES.other_secretary);
    const lt = await orgId('龙腾社区党委');
    const before = await orgRow(lt);
    expect((await list(c)).map((o) => o.name)).not.toContain('龙腾社区党委');
    expect((await list(c)).find((o) => o.name === '九龙社区党委')?.canEdit).toBe(true);
    const patch = await c.patch(`/api/party-orgs/${lt}`, { version: before.version, name: '被改了' });
    expect([403, 404]).toContain(patch.status);
    const post = await c.post('/api/party-orgs', { parentId: lt, kind: 'grid_branch', name: '越界支部' });
    expect([403, 404]).toContain(post.status);
    expect(await orgRow(lt)).toEqual(before);
    expect((await t.pool.query("select 1 from party_orgs where name = '越界支部'")).rowCount).toBe(0);
  });

  it('a community secretary cannot edit the street working committee', async () => {
    const c = await secretary();
    const root = await orgId('长江路街道党工委');
    const res = await c.patch(`/api/party-orgs/${root}`, { version: 1, name: '改党工委' });
    expect([403, 404]).toContain(res.status);
    expect((await orgRow(root)).name).toBe('长江路街道党工委');
  });

  it("another street's organisations stay invisible", async () => {
    const tenant = (await t.pool.query("select tenant_id from areas where code = '990102001'")).rows[0]
      .tenant_id;
    const { rows } = await t.pool.query(
      `insert into party_orgs (tenant_id, id, parent_id, kind, name, path)
       select $1, n.id, null, 'working_committee', '邻区街道党工委', n.id::text::ltree
         from (select nextval(pg_get_serial_sequence('party_orgs', 'id')) as id) n returning id`,
      [tenant],
    );
    const c = await street();
    expect((await list(c)).map((o) => o.name)).not.toContain('邻区街道党工委');
    expect((await c.patch(`/api/party-orgs/${rows[0].id}`, { version: 1, name: 'x' })).status).toBe(404);
    expect((await list(await as(PHONES.platform_admin))).map((o) => o.name)).toContain('邻区街道党工委');
  });

  // Regression test for a bug found while writing these tests (fixed in the same change).
  it('a secretary sees the non-public branch she just created under her committee', async () => {
    const c = await secretary();
    const res = await c.post('/api/party-orgs', {
      parentId: await orgId('龙腾社区党委'),
      kind: 'non_public_branch',
      name: '龙腾超市党支部',
    });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect((await list(c)).find((o) => o.id === res.body.id)).toMatchObject({ canEdit: true });
  });
});
