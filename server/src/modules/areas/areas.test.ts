import type { PolygonGeometry } from '@doorstep/contract';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { areaId, type Client, PHONES, type Res, startTestApp, type TestApp } from '../../test/harness';
import { convertPoint } from './geo';

/** The area tree as a community secretary uses it: browse, edit, move, archive, grid workers, map. */
let t: TestApp;
const clients = new Map<string, Client>();

const STREET = '990101001';
const LT = '990101001001'; // 龙腾社区, 6 grids
const JL = '990101001002'; // 九龙社区, 9 grids
const XJW = '990101001003'; // 谢家湾社区, 5 grids
const OTHER_STREET = '990102001';
const grid = (community: string, n: number) => `${community}${String(n).padStart(3, '0')}`;
const LT_G1 = grid(LT, 1);

beforeAll(async () => {
  t = await startTestApp();
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
const street = () => as(PHONES.street_admin);
const secretary = () => as(PHONES.community_secretary);
const id = (code: string) => areaId(t.pool, code);
const userId = async (phone: string): Promise<string> =>
  (await t.pool.query('select id from "user" where "phoneNumber" = $1', [phone])).rows[0].id;

async function detail(c: Client, areaId: number) {
  const res = await c.get(`/api/areas/${areaId}`);
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return res.body;
}
async function children(c: Client, parentId: number, includeArchived = false) {
  const res = await c.get(`/api/areas?parentId=${parentId}${includeArchived ? '&includeArchived=true' : ''}`);
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return res.body.items as { id: number; code: string; name: string; path: string; [k: string]: unknown }[];
}
function expectProblem(res: Res, status: number, code: string) {
  expect(res.status, JSON.stringify(res.body)).toBe(status);
  expect(res.headers.get('content-type')).toContain('application/problem+json');
  expect(res.body.code).toBe(code);
  expect(res.body.messages['zh-CN']).toBeTruthy();
  expect(res.body.messages['en-US']).toBeTruthy();
}
/** Average of the outer ring's vertices (the closing point counted once): inside a convex outline. */
function centroid(g: PolygonGeometry): [number, number] {
  const ring = (g.type === 'Polygon' ? g.coordinates[0] : g.coordinates[0]![0])!.slice(0, -1);
  return [
    ring.reduce((s, p) => s + p[0]!, 0) / ring.length,
    ring.reduce((s, p) => s + p[1]!, 0) / ring.length,
  ];
}
const locate = async (c: Client, lng: number, lat: number, crs?: string) => {
  const res = await c.get(`/api/areas/locate?lng=${lng}&lat=${lat}${crs ? `&crs=${crs}` : ''}`);
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return res.body.grid as { id: number; name: string; code: string; communityId: number } | null;
};
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('browse the tree', () => {
  it('a street admin starts at the street, with its communities ordered by code and counted', async () => {
    const c = await street();
    const roots = (await c.get('/api/areas')).body.items;
    expect(roots.map((r: { code: string }) => r.code)).toEqual([STREET]);
    expect(roots[0]).toMatchObject({ kind: 'street', name: '长江路街道', childCount: 3, parentId: null });
    const communities = await children(c, roots[0].id);
    expect(communities.map((a) => [a.name, a.code, a.childCount])).toEqual([
      ['龙腾社区', LT, 6],
      ['九龙社区', JL, 9],
      ['谢家湾社区', XJW, 5],
    ]);
  });

  it('children come ordered by code with the right child counts', async () => {
    const c = await street();
    const grids = await children(c, await id(JL));
    expect(grids.map((g) => g.code)).toEqual(Array.from({ length: 9 }, (_, i) => grid(JL, i + 1)));
    expect(grids.every((g) => g.kind === 'grid' && g.childCount === 2)).toBe(true);
    const compounds = await children(c, await id(LT_G1));
    expect(compounds.map((k) => [k.code, k.name, k.childCount])).toEqual([
      [`${LT_G1}-01`, '聚金万佳苑', 4],
      [`${LT_G1}-02`, '龙腾花园', 4],
    ]);
    const buildings = await children(c, compounds[0]!.id);
    expect(buildings.map((b) => b.code)).toEqual([1, 2, 3, 4].map((b) => `${LT_G1}-01-0${b}`));
    expect(buildings.every((b) => b.childCount === 0)).toBe(true);
  });

  it("a community secretary starts at her own community and cannot open another community's nodes", async () => {
    const c = await secretary();
    const roots = (await c.get('/api/areas')).body.items;
    expect(roots.map((r: { name: string }) => r.name)).toEqual(['龙腾社区']);
    const grids = await children(c, roots[0].id);
    expect(grids.map((g) => g.name)).toEqual([
      '第1网格',
      '第2网格',
      '第3网格',
      '第4网格',
      '第5网格',
      '第6网格',
    ]);
    const jl = await id(JL);
    expectProblem(await c.get(`/api/areas?parentId=${jl}`), 404, 'NOT_FOUND');
    expectProblem(await c.get(`/api/areas/${jl}`), 404, 'NOT_FOUND');
    expectProblem(await c.get(`/api/areas/${await id(`${grid(JL, 1)}-01`)}`), 404, 'NOT_FOUND');
    expectProblem(await c.get(`/api/areas/${await id(STREET)}`), 404, 'NOT_FOUND');
  });

  it('grid worker 赵网格 sees only 龙腾社区 第1网格', async () => {
    const c = await as(PHONES.grid_worker);
    const roots = (await c.get('/api/areas')).body.items;
    expect(roots).toHaveLength(1);
    expect(roots[0]).toMatchObject({ code: LT_G1, name: '第1网格', kind: 'grid' });
    expect((await children(c, roots[0].id)).map((k) => k.code)).toEqual([`${LT_G1}-01`, `${LT_G1}-02`]);
    expect((await c.get(`/api/areas/${await id(grid(LT, 2))}`)).status).toBe(404);
    expect((await c.get(`/api/areas/${await id(LT)}`)).status).toBe(404);
  });

  it('residents get an empty root list and cannot open nodes, even their own building', async () => {
    const c = await as(PHONES.resident);
    const res = await c.get('/api/areas');
    expect(res.status).toBe(200);
    expect(res.body.items).toEqual([]);
    expect((await c.get(`/api/areas/${await id(`${LT_G1}-01-01`)}`)).status).toBe(404);
    expect((await c.get(`/api/areas?parentId=${await id(LT_G1)}`)).status).toBe(404);
  });

  it('the platform admin starts at every street', async () => {
    const c = await as(PHONES.platform_admin);
    const roots = (await c.get('/api/areas')).body.items;
    expect(roots.map((r: { code: string }) => r.code)).toEqual([STREET, OTHER_STREET]);
  });

  it('the street admin cannot open the other street', async () => {
    const c = await street();
    expect((await c.get(`/api/areas/${await id(OTHER_STREET)}`)).status).toBe(404);
    expect((await c.get(`/api/areas?parentId=${await id(`${OTHER_STREET}001`)}`)).status).toBe(404);
  });
});

describe('search', () => {
  it('finds communities and compounds by name within the street', async () => {
    const res = await (await street()).get(`/api/areas/search?q=${encodeURIComponent('龙腾')}`);
    expect(res.status).toBe(200);
    const names = res.body.items.map((a: { name: string }) => a.name);
    expect(names).toContain('龙腾社区');
    expect(names).toContain('龙腾花园');
  });

  it("stays inside the actor's scope", async () => {
    const c = await as(PHONES.other_secretary);
    const jlPath = (await detail(c, await id(JL))).path as string;
    const res = await c.get(`/api/areas/search?q=${encodeURIComponent('龙腾')}`);
    expect(res.status).toBe(200);
    for (const a of res.body.items) expect(`${a.path}.`.startsWith(`${jlPath}.`), a.name).toBe(true);
    expect(res.body.items.map((a: { name: string }) => a.name)).not.toContain('龙腾社区');

    const worker = await as(PHONES.grid_worker);
    const byCode = await worker.get(`/api/areas/search?q=${LT}&limit=50`);
    expect(byCode.body.items.length).toBeGreaterThan(0);
    for (const a of byCode.body.items) expect(a.code.startsWith(LT_G1), a.code).toBe(true);
  });

  it('finds by code prefix', async () => {
    const res = await (await street()).get(`/api/areas/search?q=${LT_G1}-01-0`);
    const codes = res.body.items.map((a: { code: string }) => a.code).sort();
    expect(codes).toEqual([1, 2, 3, 4].map((b) => `${LT_G1}-01-0${b}`));
  });

  it('gives residents nothing', async () => {
    const res = await (await as(PHONES.resident)).get(`/api/areas/search?q=${encodeURIComponent('龙腾')}`);
    expect(res.body.items).toEqual([]);
  });
});

describe('node detail', () => {
  it('shows the breadcrumb from the street and the district', async () => {
    const d = await detail(await secretary(), await id(`${LT_G1}-01`));
    expect(d).toMatchObject({ kind: 'compound', name: '聚金万佳苑', code: `${LT_G1}-01` });
    expect(d.ancestors.map((a: { kind: string; name: string }) => [a.kind, a.name])).toEqual([
      ['street', '长江路街道'],
      ['community', '龙腾社区'],
      ['grid', '第1网格'],
    ]);
    expect(d.district).toEqual({ code: '990101', name: '示范区' });
    expect(d.members).toEqual([]);
    const s = await detail(await street(), await id(STREET));
    expect(s.ancestors).toEqual([]);
  });

  it('shows a grid with its outline and its lead worker, phone masked', async () => {
    const d = await detail(await secretary(), await id(LT_G1));
    expect(d.hasGeometry).toBe(true);
    expect(d.geometry.type).toBe('Polygon');
    expect(d.leadWorker).toMatchObject({ name: '赵网格', phoneMasked: '138****0004' });
    expect(d.members).toEqual([
      { userId: await userId(PHONES.grid_worker), name: '赵网格', phoneMasked: '138****0004', role: 'lead' },
    ]);
    expect(JSON.stringify(d)).not.toContain(PHONES.grid_worker);
  });

  it('tells each role what it may do', async () => {
    const g = await id(LT_G1);
    const staff = await detail(await as(PHONES.community_staff), g);
    expect(staff.policies).toEqual({
      canEdit: true,
      canAddChild: true,
      canMove: false,
      canArchive: false,
      canAssignWorkers: false,
      canImport: false,
    });
    const sec = await detail(await secretary(), g);
    expect(sec.policies).toMatchObject({
      canEdit: true,
      canArchive: true,
      canMove: true,
      canAssignWorkers: true,
      canImport: true,
    });
    const own = await detail(await secretary(), await id(LT));
    expect(own.policies).toMatchObject({
      canEdit: true,
      canArchive: false,
      canMove: false,
      canAddChild: true,
    });
    const byStreet = await detail(await street(), await id(LT));
    expect(byStreet.policies).toMatchObject({ canArchive: true, canMove: true });
    const worker = await as(PHONES.grid_worker);
    expect((await detail(worker, g)).policies).toMatchObject({
      canEdit: false,
      canAddChild: true,
      canArchive: false,
      canAssignWorkers: false,
    });
    expect((await detail(worker, await id(`${LT_G1}-01`))).policies).toMatchObject({
      canEdit: true,
      canArchive: false,
    });
    expect((await detail(await street(), await id(STREET))).policies).toMatchObject({
      canEdit: true,
      canMove: false,
      canArchive: false,
    });
    expect((await detail(await secretary(), await id(`${LT_G1}-01`))).policies.canEdit).toBe(true);
  });
});

describe('locate a point', () => {
  it('a point inside 龙腾社区 第1网格 returns that grid, in WGS-84 and in GCJ-02', async () => {
    const c = await as(PHONES.resident);
    const g1 = await detail(await secretary(), await id(LT_G1));
    const [lng, lat] = centroid(g1.geometry);
    expect(await locate(c, lng, lat)).toEqual({
      id: g1.id,
      name: '第1网格',
      code: LT_G1,
      communityId: await id(LT),
    });
    const [gLng, gLat] = convertPoint(lng, lat, 'wgs84', 'gcj02');
    expect((await locate(c, gLng, gLat, 'gcj02'))?.id).toBe(g1.id);
  });

  it('each grid of 九龙社区 locates itself', async () => {
    const c = await street();
    for (const g of await children(c, await id(JL))) {
      const d = await detail(c, g.id);
      expect((await locate(c, ...centroid(d.geometry)))?.code).toBe(d.code);
    }
  });

  it('a point far away has no grid', async () => {
    expect(await locate(await as(PHONES.resident), 116.397, 39.909)).toBeNull();
    expect(await locate(await as(PHONES.resident), 0, 0)).toBeNull();
  });
});

describe('grids.geojson', () => {
  it("is a FeatureCollection of 龙腾社区's 6 grid outlines", async () => {
    const lt = await id(LT);
    const res = await (await secretary()).get(`/api/areas/${lt}/grids.geojson`);
    expect(res.status).toBe(200);
    expect(res.body.type).toBe('FeatureCollection');
    expect(res.body.features).toHaveLength(6);
    expect(res.body.features.map((f: { properties: { code: string } }) => f.properties.code)).toEqual(
      Array.from({ length: 6 }, (_, i) => grid(LT, i + 1)),
    );
    for (const f of res.body.features) {
      expect(f.type).toBe('Feature');
      expect(f.id).toBe(f.properties.id);
      expect(f.geometry.type).toBe('Polygon');
      expect(f.properties).toMatchObject({ communityId: lt, communityName: '龙腾社区' });
    }
    expect(res.body.features[0].properties.leadWorkerName).toBe('赵网格');
    const g1 = await detail(await secretary(), await id(LT_G1));
    expect(res.body.features[0].geometry).toEqual(g1.geometry);
  });

  it('covers the whole street or one grid', async () => {
    const c = await street();
    expect((await c.get(`/api/areas/${await id(STREET)}/grids.geojson`)).body.features).toHaveLength(20);
    expect((await c.get(`/api/areas/${await id(LT_G1)}/grids.geojson`)).body.features).toHaveLength(1);
  });

  it('crs=gcj02 shifts every coordinate by hundreds of metres', async () => {
    const c = await secretary();
    const lt = await id(LT);
    const wgs = (await c.get(`/api/areas/${lt}/grids.geojson`)).body.features;
    const gcj = (await c.get(`/api/areas/${lt}/grids.geojson?crs=gcj02`)).body.features;
    expect(gcj).toHaveLength(6);
    wgs.forEach((f: { geometry: { coordinates: number[][][] } }, i: number) => {
      const a = f.geometry.coordinates[0]!;
      const b = gcj[i].geometry.coordinates[0] as number[][];
      expect(b).toHaveLength(a.length);
      a.forEach((p, j) => {
        const want = convertPoint(p[0]!, p[1]!, 'wgs84', 'gcj02');
        expect(b[j]![0]).toBeCloseTo(want[0], 8);
        expect(b[j]![1]).toBeCloseTo(want[1], 8);
        expect(Math.abs(b[j]![0]! - p[0]!) + Math.abs(b[j]![1]! - p[1]!)).toBeGreaterThan(0.001);
      });
    });
  });

  it("is not served outside the actor's scope", async () => {
    expect(
      (await (await as(PHONES.other_secretary)).get(`/api/areas/${await id(LT)}/grids.geojson`)).status,
    ).toBe(404);
  });
});

describe('create a node', () => {
  it('a secretary adds a compound under a grid; the audit log records it', async () => {
    const c = await secretary();
    const g2 = await id(grid(LT, 2));
    const res = await c.post('/api/areas', {
      parentId: g2,
      kind: 'compound',
      name: '测试新苑',
      code: `${grid(LT, 2)}-07`,
      properties: { households: 88, address: '长江二路 9 号' },
    });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    const d = await detail(c, res.body.id);
    expect(d).toMatchObject({
      parentId: g2,
      kind: 'compound',
      name: '测试新苑',
      version: 1,
      archived: false,
      properties: { households: 88, address: '长江二路 9 号' },
    });
    expect(d.path).toBe(`${(await detail(c, g2)).path}.${res.body.id}`);
    expect((await children(c, g2)).map((k) => k.name)).toContain('测试新苑');
    const { rows } = await t.pool.query(
      "select action, actor_user_id, summary from audit_events where entity_type = 'area' and entity_id = $1",
      [String(res.body.id)],
    );
    expect(rows).toEqual([
      {
        action: 'area.create',
        actor_user_id: await userId(PHONES.community_secretary),
        summary: { kind: 'compound', name: '测试新苑', code: `${grid(LT, 2)}-07`, parentId: g2 },
      },
    ]);
  });

  it('refuses a kind that cannot sit under the parent', async () => {
    const c = await street();
    expectProblem(
      await c.post('/api/areas', {
        parentId: await id(STREET),
        kind: 'grid',
        name: '坏网格',
        code: grid(LT, 8),
      }),
      422,
      'AREA_KIND_NOT_ALLOWED',
    );
    // nothing may sit under a building: the policy already says no (canAddChild is false there)
    const underBuilding = await c.post('/api/areas', {
      parentId: await id(`${LT_G1}-01-01`),
      kind: 'building',
      name: '楼中楼',
    });
    expect([403, 422]).toContain(underBuilding.status);
    expectProblem(
      await c.post('/api/areas', { parentId: await id(LT), kind: 'compound', name: '越级小区' }),
      422,
      'AREA_KIND_NOT_ALLOWED',
    );
    const { rowCount } = await t.pool.query(
      "select 1 from areas where name in ('坏网格', '楼中楼', '越级小区')",
    );
    expect(rowCount).toBe(0);
  });

  it('a grid code must be 15 digits and start with the community code', async () => {
    const c = await street();
    const xjw = await id(XJW);
    const wrongPrefix = await c.post('/api/areas', {
      parentId: xjw,
      kind: 'grid',
      name: '第6网格',
      code: grid(LT, 6),
    });
    expectProblem(wrongPrefix, 422, 'AREA_CODE_INVALID');
    expect(wrongPrefix.body.messages['zh-CN']).toContain(XJW);
    expectProblem(
      await c.post('/api/areas', { parentId: xjw, kind: 'grid', name: '第6网格', code: '12345' }),
      422,
      'AREA_CODE_INVALID',
    );
    const ok = await c.post('/api/areas', {
      parentId: xjw,
      kind: 'grid',
      name: '第6网格',
      code: grid(XJW, 6),
    });
    expect(ok.status, JSON.stringify(ok.body)).toBe(201);
    expect((await children(c, xjw)).map((g) => g.code)).toContain(grid(XJW, 6));
  });

  it('a duplicate code is a 409 problem', async () => {
    const c = await secretary();
    const res = await c.post('/api/areas', {
      parentId: await id(grid(LT, 2)),
      kind: 'compound',
      name: '重复小区',
      code: `${LT_G1}-01`,
    });
    expectProblem(res, 409, 'DUPLICATE');
    expect((await t.pool.query("select 1 from areas where name = '重复小区'")).rowCount).toBe(0);
  });

  it('a grid worker may add a building in his grid but not a grid in the community', async () => {
    const c = await as(PHONES.grid_worker);
    const ok = await c.post('/api/areas', {
      parentId: await id(`${LT_G1}-01`),
      kind: 'building',
      name: '5栋',
    });
    expect(ok.status, JSON.stringify(ok.body)).toBe(201);
    const denied = await c.post('/api/areas', {
      parentId: await id(LT),
      kind: 'grid',
      name: '第9网格',
      code: grid(LT, 9),
    });
    expect([403, 404]).toContain(denied.status);
    const staff = await as(PHONES.community_staff);
    const staffGrid = await staff.post('/api/areas', {
      parentId: await id(LT),
      kind: 'grid',
      name: '第9网格',
      code: grid(LT, 9),
    });
    expectProblem(staffGrid, 403, 'FORBIDDEN');
  });
});

describe('edit a node', () => {
  it('a PATCH with the current version applies and bumps the version', async () => {
    const c = await secretary();
    const k = await id(`${grid(LT, 2)}-01`);
    const before = await detail(c, k);
    const res = await c.patch(`/api/areas/${k}`, {
      version: before.version,
      name: '改名小区',
      properties: { households: 321 },
    });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body).toMatchObject({
      name: '改名小区',
      version: before.version + 1,
      properties: { households: 321 },
    });
    expect(await detail(c, k)).toMatchObject({ name: '改名小区', version: before.version + 1 });
  });

  it('a stale version is a 409 AREA_VERSION_CONFLICT and changes nothing', async () => {
    const c = await secretary();
    const k = await id(`${grid(LT, 2)}-02`);
    const before = await detail(c, k);
    expect((await c.patch(`/api/areas/${k}`, { version: before.version, name: '第一次' })).status).toBe(200);
    const stale = await c.patch(`/api/areas/${k}`, { version: before.version, name: '第二次' });
    expectProblem(stale, 409, 'AREA_VERSION_CONFLICT');
    expect((await detail(c, k)).name).toBe('第一次');
  });

  // Regression test for a bug found while writing these tests (fixed in the same change).
  it('two concurrent PATCHes with the same version: exactly one wins, the other gets 409', async () => {
    const c = await secretary();
    const k = await id(`${grid(LT, 6)}-01`);
    const before = await detail(c, k);
    const lock = await t.pool.connect();
    let results: Res[];
    try {
      await lock.query('begin');
      await lock.query('select 1 from areas where id = $1 for update', [k]);
      const both = Promise.all([
        c.patch(`/api/areas/${k}`, { version: before.version, name: '甲的修改' }),
        c.patch(`/api/areas/${k}`, { version: before.version, name: '乙的修改' }),
      ]);
      for (let i = 0; i < 200; i++) {
        const { rows } = await t.pool.query(
          `select count(*)::int as n from pg_stat_activity
            where datname = current_database() and wait_event_type = 'Lock'`,
        );
        if (rows[0].n >= 2) break;
        await sleep(20);
      }
      await lock.query('commit');
      results = await both;
    } finally {
      lock.release();
    }
    expect(results.map((r) => r.status).sort()).toEqual([200, 409]);
    expect((await detail(c, k)).version).toBe(before.version + 1);
  });

  it('refuses an open ring (422 AREA_GEOMETRY_INVALID) and an outline on a building', async () => {
    const c = await secretary();
    const g6 = await detail(c, await id(grid(LT, 6)));
    const open = {
      type: 'Polygon',
      coordinates: [
        [
          [104.05, 30.6],
          [104.06, 30.6],
          [104.06, 30.61],
          [104.05, 30.61],
        ],
      ],
    };
    expectProblem(
      await c.patch(`/api/areas/${g6.id}`, { version: g6.version, geometry: open }),
      422,
      'AREA_GEOMETRY_INVALID',
    );
    const b = await detail(c, await id(`${grid(LT, 6)}-01-01`));
    const closed = { ...open, coordinates: [[...open.coordinates[0]!, [104.05, 30.6]]] };
    expectProblem(
      await c.patch(`/api/areas/${b.id}`, { version: b.version, geometry: closed }),
      422,
      'AREA_GEOMETRY_NOT_ALLOWED',
    );
    expect(await detail(c, g6.id)).toMatchObject({ version: g6.version, geometry: g6.geometry });
  });

  it('sets a compound outline and refuses a grid code outside its community', async () => {
    const c = await secretary();
    const k = await detail(c, await id(`${grid(LT, 6)}-02`));
    const outline = {
      type: 'Polygon',
      coordinates: [
        [
          [104.06, 30.61],
          [104.061, 30.61],
          [104.061, 30.611],
          [104.06, 30.61],
        ],
      ],
    };
    const res = await c.patch(`/api/areas/${k.id}`, { version: k.version, geometry: outline });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body).toMatchObject({ hasGeometry: true, geometry: outline });
    const g6 = await detail(c, await id(grid(LT, 6)));
    expectProblem(
      await c.patch(`/api/areas/${g6.id}`, { version: g6.version, code: grid(JL, 6) }),
      422,
      'AREA_CODE_INVALID',
    );
  });

  it('the history shows who changed what', async () => {
    const c = await secretary();
    const k = await detail(c, await id(`${grid(LT, 5)}-01`));
    await c.patch(`/api/areas/${k.id}`, {
      version: k.version,
      name: '历史小区',
      properties: { households: 7 },
    });
    const res = await c.get(`/api/areas/${k.id}/history`);
    expect(res.status).toBe(200);
    expect(res.body.items[0]).toMatchObject({
      action: 'area.update',
      actorName: '李书记',
      summary: { name: [k.name, '历史小区'], properties: [k.properties, { households: 7 }] },
    });
    const s = await street();
    const again = await detail(s, k.id);
    await s.patch(`/api/areas/${k.id}`, { version: again.version, name: '再改名' });
    const items = (await c.get(`/api/areas/${k.id}/history`)).body.items;
    expect(items.map((e: { actorName: string; action: string }) => [e.actorName, e.action])).toEqual([
      ['王建国', 'area.update'],
      ['李书记', 'area.update'],
    ]);
    expect(items[0].summary).toEqual({ name: ['历史小区', '再改名'] });
    expect((await (await as(PHONES.community_staff)).get(`/api/areas/${k.id}/history`)).status).toBe(403);
  });

  it('a grid worker cannot edit his grid; a secretary cannot reach the street', async () => {
    const w = await as(PHONES.grid_worker);
    const g1 = await detail(w, await id(LT_G1));
    expectProblem(
      await w.patch(`/api/areas/${g1.id}`, { version: g1.version, name: '我的网格' }),
      403,
      'FORBIDDEN',
    );
    expect((await detail(w, g1.id)).name).toBe('第1网格');
    const s = await secretary();
    expect([403, 404]).toContain(
      (await s.patch(`/api/areas/${await id(STREET)}`, { version: 1, name: '改街道' })).status,
    );
    expect((await detail(await street(), await id(STREET))).name).toBe('长江路街道');
  });
});

describe('move a node', () => {
  it('a compound moves to another grid with its buildings', async () => {
    const c = await secretary();
    const g1 = await id(LT_G1);
    const g3 = await detail(c, await id(grid(LT, 3)));
    const k = await detail(c, await id(`${LT_G1}-02`));
    const res = await c.post(`/api/areas/${k.id}/move`, { version: k.version, parentId: g3.id });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect((await children(c, g3.id)).map((x) => x.id)).toContain(k.id);
    expect((await children(c, g1)).map((x) => x.id)).not.toContain(k.id);
    const moved = await detail(c, k.id);
    expect(moved).toMatchObject({ parentId: g3.id, path: `${g3.path}.${k.id}`, version: k.version + 1 });
    const buildings = await children(c, k.id);
    expect(buildings).toHaveLength(4);
    for (const b of buildings) expect(b.path).toBe(`${g3.path}.${k.id}.${b.id}`);
    const b1 = await detail(c, buildings[0]!.id);
    expect(b1.ancestors.map((a: { name: string }) => a.name)).toEqual([
      '长江路街道',
      '龙腾社区',
      '第3网格',
      k.name,
    ]);
    const { rows } = await t.pool.query('select count(*)::int as n from areas where path <@ $1::ltree', [
      `${(await detail(c, g1)).path}`,
    ]);
    // grid 1 keeps itself, one compound, its four buildings and the 5栋 the grid worker added above
    expect(rows[0].n).toBe(7);
  });

  it('refuses to move a node under itself or its own descendant', async () => {
    const c = await street();
    const k = await detail(c, await id(`${grid(LT, 4)}-01`));
    const b = await id(`${grid(LT, 4)}-01-01`);
    expectProblem(
      await c.post(`/api/areas/${k.id}/move`, { version: k.version, parentId: b }),
      422,
      'AREA_MOVE_CYCLE',
    );
    expectProblem(
      await c.post(`/api/areas/${k.id}/move`, { version: k.version, parentId: k.id }),
      422,
      'AREA_MOVE_CYCLE',
    );
    const g4 = await detail(c, await id(grid(LT, 4)));
    expectProblem(
      await c.post(`/api/areas/${g4.id}/move`, { version: g4.version, parentId: k.id }),
      422,
      'AREA_MOVE_CYCLE',
    );
    expectProblem(
      await c.post(`/api/areas/${k.id}/move`, { version: k.version, parentId: await id(LT) }),
      422,
      'AREA_KIND_NOT_ALLOWED',
    );
    expect((await detail(c, k.id)).version).toBe(k.version);
  });

  it('a grid moving to another community needs a code under that community', async () => {
    const c = await street();
    const g = await detail(c, await id(grid(XJW, 4)));
    const jl = await id(JL);
    const mismatch = await c.post(`/api/areas/${g.id}/move`, { version: g.version, parentId: jl });
    expectProblem(mismatch, 422, 'AREA_CODE_MISMATCH');
    expect(mismatch.body.messages['zh-CN']).toContain('移动时请填写新编码');
    expectProblem(
      await c.post(`/api/areas/${g.id}/move`, { version: g.version, parentId: jl, code: grid(XJW, 9) }),
      422,
      'AREA_CODE_MISMATCH',
    );
    expectProblem(
      await c.post(`/api/areas/${g.id}/move`, { version: g.version, parentId: jl, code: grid(JL, 1) }),
      409,
      'DUPLICATE',
    );
    const ok = await c.post(`/api/areas/${g.id}/move`, {
      version: g.version,
      parentId: jl,
      code: grid(JL, 10),
    });
    expect(ok.status, JSON.stringify(ok.body)).toBe(200);
    const moved = await detail(c, g.id);
    expect(moved).toMatchObject({ parentId: jl, code: grid(JL, 10) });
    expect(moved.ancestors.map((a: { name: string }) => a.name)).toEqual(['长江路街道', '九龙社区']);
    expect((await children(c, jl)).map((x) => x.code).at(-1)).toBe(grid(JL, 10));
    expect((await children(c, await id(XJW))).map((x) => x.id)).not.toContain(g.id);
    for (const k of await children(c, g.id)) expect(k.path.startsWith(`${moved.path}.`)).toBe(true);
    // its outline follows it: the point → grid lookup now names the new community
    expect((await locate(c, ...centroid(moved.geometry)))?.communityId).toBe(jl);
  });

  it("a secretary cannot move a grid into another secretary's community", async () => {
    const c = await secretary();
    const g = await detail(c, await id(grid(LT, 5)));
    const res = await c.post(`/api/areas/${g.id}/move`, {
      version: g.version,
      parentId: await id(JL),
      code: grid(JL, 11),
    });
    expect([403, 404]).toContain(res.status);
    expect((await detail(c, g.id)).parentId).toBe(await id(LT));
  });

  it('refuses to move across streets', async () => {
    const k = await detail(await street(), await id(`${grid(XJW, 3)}-01`));
    const otherGrid = await id(`${OTHER_STREET}001001`);
    const res = await (await street()).post(`/api/areas/${k.id}/move`, {
      version: k.version,
      parentId: otherGrid,
    });
    expect([404, 422]).toContain(res.status);
    const admin = await as(PHONES.platform_admin);
    expectProblem(
      await admin.post(`/api/areas/${k.id}/move`, { version: k.version, parentId: otherGrid }),
      422,
      'AREA_MOVE_ACROSS_STREETS',
    );
    expect((await detail(await street(), k.id)).parentId).toBe(await id(grid(XJW, 3)));
  });

  it('a stale version is refused', async () => {
    const c = await street();
    const k = await detail(c, await id(`${grid(XJW, 3)}-02`));
    expectProblem(
      await c.post(`/api/areas/${k.id}/move`, { version: k.version + 5, parentId: await id(grid(XJW, 2)) }),
      409,
      'AREA_VERSION_CONFLICT',
    );
  });

  // Regression test for a bug found while writing these tests (fixed in the same change).
  it('refuses to move a live node under an archived parent', async () => {
    const c = await street();
    const created = await c.post('/api/areas', {
      parentId: await id(grid(XJW, 1)),
      kind: 'compound',
      name: '待归档小区',
      code: `${grid(XJW, 1)}-08`,
    });
    expect(created.status).toBe(201);
    expect((await c.post(`/api/areas/${created.body.id}/archive`, { version: 1 })).status).toBe(200);
    const b = await detail(c, await id(`${grid(XJW, 1)}-01-01`));
    const res = await c.post(`/api/areas/${b.id}/move`, { version: b.version, parentId: created.body.id });
    expect([403, 422]).toContain(res.status);
    expect((await detail(c, b.id)).parentId).toBe(await id(`${grid(XJW, 1)}-01`));
  });
});

describe('archive and restore', () => {
  it('archiving a compound hides it and its buildings unless includeArchived', async () => {
    const c = await secretary();
    const g4 = await id(grid(LT, 4));
    const k = await detail(c, await id(`${grid(LT, 4)}-02`));
    const res = await c.post(`/api/areas/${k.id}/archive`, { version: k.version });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect((await children(c, g4)).map((x) => x.id)).not.toContain(k.id);
    const all = await children(c, g4, true);
    expect(all.find((x) => x.id === k.id)).toMatchObject({ archived: true });
    expect(await children(c, k.id)).toEqual([]);
    const buildings = await children(c, k.id, true);
    expect(buildings).toHaveLength(4);
    expect(buildings.every((b) => b.archived === true)).toBe(true);
    const lt = await children(c, await id(LT));
    expect(lt.find((g) => g.id === g4)?.childCount).toBe(1);
    const ltAll = await children(c, await id(LT), true);
    expect(ltAll.find((g) => g.id === g4)?.childCount).toBe(2);
    const d = await detail(c, k.id);
    expect(d).toMatchObject({ archived: true, version: k.version + 1 });
    expect(d.policies).toMatchObject({ canEdit: false, canAddChild: false, canMove: false });
    expectProblem(await c.patch(`/api/areas/${k.id}`, { version: d.version, name: '改' }), 403, 'FORBIDDEN');
    const search = await c.get(`/api/areas/search?q=${encodeURIComponent(`${grid(LT, 4)}-02`)}`);
    expect(search.body.items).toEqual([]);
    expect((await c.post('/api/areas', { parentId: k.id, kind: 'building', name: '新楼' })).status).toBe(403);
  });

  it('restoring a building whose compound is archived is refused', async () => {
    const c = await secretary();
    const b = await detail(c, await id(`${grid(LT, 4)}-02-01`));
    expect(b.archived).toBe(true);
    expectProblem(
      await c.post(`/api/areas/${b.id}/restore`, { version: b.version }),
      422,
      'AREA_PARENT_ARCHIVED',
    );
  });

  // Regression test for a bug found while writing these tests (fixed in the same change).
  it('restoring the compound brings its buildings back', async () => {
    const c = await secretary();
    const g4 = await id(grid(LT, 4));
    const k = await detail(c, await id(`${grid(LT, 4)}-02`));
    // now() carries microseconds; in the rare case it fell on a whole millisecond, move it off one
    // (the same for the whole subtree) so the test does not depend on luck
    await t.pool.query(
      `update areas set archived_at = archived_at + interval '1 microsecond'
        where path <@ $1::ltree and extract(microseconds from archived_at)::int % 1000 = 0`,
      [k.path],
    );
    const res = await c.post(`/api/areas/${k.id}/restore`, { version: k.version });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect((await children(c, g4)).find((x) => x.id === k.id)).toMatchObject({
      archived: false,
      childCount: 4,
    });
    const buildings = await children(c, k.id);
    expect(buildings).toHaveLength(4);
    expect(buildings.every((b) => b.archived === false)).toBe(true);
  });

  it('archive and restore are both audited', async () => {
    const c = await secretary();
    const k = await detail(c, await id(`${grid(LT, 4)}-02`));
    const { rows } = await t.pool.query(
      "select action from audit_events where entity_type = 'area' and entity_id = $1 order by id",
      [String(k.id)],
    );
    expect(rows.map((r) => r.action)).toEqual(['area.archive', 'area.restore']);
  });

  it('an archived grid no longer matches locate', async () => {
    const c = await street();
    const g = await detail(c, await id(grid(XJW, 5)));
    const [lng, lat] = centroid(g.geometry);
    expect((await locate(c, lng, lat))?.id).toBe(g.id);
    expect((await c.post(`/api/areas/${g.id}/archive`, { version: g.version })).status).toBe(200);
    expect(await locate(c, lng, lat)).toBeNull();
    const shapes = (await c.get(`/api/areas/${await id(XJW)}/grids.geojson`)).body.features;
    expect(shapes.map((f: { id: number }) => f.id)).not.toContain(g.id);
  });

  it('archiving twice is harmless; a stale version is refused', async () => {
    const c = await secretary();
    const k = await detail(c, await id(`${grid(LT, 5)}-02`));
    expectProblem(
      await c.post(`/api/areas/${k.id}/archive`, { version: k.version + 1 }),
      409,
      'AREA_VERSION_CONFLICT',
    );
    expect((await c.post(`/api/areas/${k.id}/archive`, { version: k.version })).status).toBe(200);
    const after = await detail(c, k.id);
    expect((await c.post(`/api/areas/${k.id}/archive`, { version: after.version })).status).toBe(200);
    expect((await detail(c, k.id)).version).toBe(after.version);
  });

  it('a secretary cannot archive her own community; staff cannot archive a grid', async () => {
    const c = await secretary();
    const lt = await detail(c, await id(LT));
    expectProblem(await c.post(`/api/areas/${lt.id}/archive`, { version: lt.version }), 403, 'FORBIDDEN');
    const staff = await as(PHONES.community_staff);
    const g = await detail(staff, await id(grid(LT, 6)));
    expectProblem(await staff.post(`/api/areas/${g.id}/archive`, { version: g.version }), 403, 'FORBIDDEN');
    expect((await detail(c, lt.id)).archived).toBe(false);
    expect((await detail(c, g.id)).archived).toBe(false);
  });
});

describe('grid workers (一格一员)', () => {
  it('sets the lead and members; the new lead gets access and the removed one loses it', async () => {
    const sec = await secretary();
    const g3 = await detail(sec, await id(grid(LT, 3)));
    const oldLead = await as('13810000003');
    expect((await oldLead.get(`/api/areas/${g3.id}`)).status).toBe(200);
    const zhou = await as(PHONES.merchant);
    expect((await zhou.get(`/api/areas/${g3.id}`)).status).toBe(404);

    const zhouId = await userId(PHONES.merchant);
    const staffId = await userId(PHONES.community_staff);
    const res = await sec.put(`/api/areas/${g3.id}/workers`, {
      leadUserId: zhouId,
      memberUserIds: [staffId],
    });
    expect(res.status, JSON.stringify(res.body)).toBe(200);

    const d = await detail(sec, g3.id);
    expect(d.version).toBe(g3.version + 1);
    expect(d.leadWorker).toEqual({ userId: zhouId, name: '周老板', phoneMasked: '138****0007' });
    // lead first, even though 张 sorts before 周
    expect(d.members).toEqual([
      { userId: zhouId, name: '周老板', phoneMasked: '138****0007', role: 'lead' },
      { userId: staffId, name: '张社工', phoneMasked: '138****0003', role: 'member' },
    ]);
    expect((await zhou.get(`/api/areas/${g3.id}`)).status).toBe(200);
    expect((await zhou.get('/api/areas')).body.items.map((a: { id: number }) => a.id)).toContain(g3.id);
    expect((await oldLead.get(`/api/areas/${g3.id}`)).status).toBe(404);
    const row = (await children(sec, await id(LT))).find((g) => g.id === g3.id);
    expect(row?.leadWorker).toMatchObject({ name: '周老板' });
    const shapes = (await sec.get(`/api/areas/${await id(LT)}/grids.geojson`)).body.features;
    expect(shapes.find((f: { id: number }) => f.id === g3.id).properties.leadWorkerName).toBe('周老板');
    const { rows } = await t.pool.query(
      "select action from audit_events where entity_type = 'area' and entity_id = $1",
      [String(g3.id)],
    );
    expect(rows.map((r) => r.action)).toContain('grid.assign_workers');
  });

  it("the lead shows as the grid worker on a resident's home, and follows a change", async () => {
    const sun = await as(PHONES.resident);
    const me = (await sun.get('/api/me')).body;
    expect(me.home.grid).toMatchObject({ name: '第1网格', code: LT_G1 });
    expect(me.home.community).toMatchObject({ name: '龙腾社区' });
    expect(me.home.gridWorker).toEqual({
      userId: await userId(PHONES.grid_worker),
      name: '赵网格',
      phone: PHONES.grid_worker,
    });

    const sec = await secretary();
    const g1 = await id(LT_G1);
    const otherLead = await userId('13810000002');
    const zhao = await userId(PHONES.grid_worker);
    expect(
      (await sec.put(`/api/areas/${g1}/workers`, { leadUserId: otherLead, memberUserIds: [] })).status,
    ).toBe(200);
    expect((await sun.get('/api/me')).body.home.gridWorker).toMatchObject({
      userId: otherLead,
      phone: '13810000002',
    });
    expect((await (await as(PHONES.grid_worker)).get(`/api/areas/${g1}`)).status).toBe(404);

    expect((await sec.put(`/api/areas/${g1}/workers`, { leadUserId: null, memberUserIds: [] })).status).toBe(
      200,
    );
    expect((await sun.get('/api/me')).body.home.gridWorker).toBeNull();
    expect((await detail(sec, g1)).leadWorker).toBeNull();

    expect((await sec.put(`/api/areas/${g1}/workers`, { leadUserId: zhao, memberUserIds: [] })).status).toBe(
      200,
    );
    expect((await sun.get('/api/me')).body.home.gridWorker?.name).toBe('赵网格');
    expect((await (await as(PHONES.grid_worker)).get(`/api/areas/${g1}`)).status).toBe(200);
  });

  it('an unknown user is 422 USER_NOT_FOUND and nothing changes', async () => {
    const sec = await secretary();
    const g2 = await detail(sec, await id(grid(LT, 2)));
    expectProblem(
      await sec.put(`/api/areas/${g2.id}/workers`, { leadUserId: 'no-such-user', memberUserIds: [] }),
      422,
      'USER_NOT_FOUND',
    );
    expectProblem(
      await sec.put(`/api/areas/${g2.id}/workers`, {
        leadUserId: await userId(PHONES.merchant),
        memberUserIds: ['nobody'],
      }),
      422,
      'USER_NOT_FOUND',
    );
    expect(await detail(sec, g2.id)).toMatchObject({ version: g2.version, leadWorker: g2.leadWorker });
  });

  it('only grids take workers, and only leads may assign them', async () => {
    const sec = await secretary();
    const k = await id(`${grid(LT, 2)}-01`);
    expectProblem(
      await sec.put(`/api/areas/${k}/workers`, { leadUserId: null, memberUserIds: [] }),
      403,
      'FORBIDDEN',
    );
    const staff = await as(PHONES.community_staff);
    expectProblem(
      await staff.put(`/api/areas/${await id(grid(LT, 2))}/workers`, { leadUserId: null, memberUserIds: [] }),
      403,
      'FORBIDDEN',
    );
  });

  it('the database refuses a second lead for one grid', async () => {
    const g2 = await id(grid(LT, 2));
    const tenant = (await t.pool.query('select tenant_id from areas where id = $1', [g2])).rows[0].tenant_id;
    const { rows } = await t.pool.query(
      "select count(*)::int as n from grid_members where grid_id = $1 and role = 'lead'",
      [g2],
    );
    expect(rows[0].n).toBe(1);
    await expect(
      t.pool.query(
        "insert into grid_members (tenant_id, grid_id, user_id, role) values ($1, $2, $3, 'lead')",
        [tenant, g2, await userId(PHONES.community_staff)],
      ),
    ).rejects.toMatchObject({ code: '23505', constraint: 'grid_members_one_lead' });
  });
});
