import type { PolygonGeometry } from '@doorstep/contract';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { workbookBuffer } from '../../platform/excel/excel';
import { formOf, sampleAreaXlsx, sampleGeoJson } from '../../test/fixtures';
import { areaId, type Client, PHONES, startTestApp, type TestApp } from '../../test/harness';
import { convertGeometry } from './geo';

/** Excel and GeoJSON imports, the export round trip and the template, as a street office uses them. */
let t: TestApp;
const clients = new Map<string, Client>();

const LT = '990101001001'; // 龙腾社区
const XJW = '990101001003'; // 谢家湾社区
const grid = (community: string, n: number) => `${community}${String(n).padStart(3, '0')}`;
const LT_G1 = grid(LT, 1);
const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const HAN = /[\u4e00-\u9fff]/;

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
const id = (code: string) => areaId(t.pool, code);

type Job = {
  id: number;
  status: string;
  total: number;
  processed: number;
  okCount: number;
  errorCount: number;
  committed: boolean;
  errors: {
    row: number;
    field: string | null;
    code: string;
    message: { 'zh-CN': string; 'en-US': string };
    values: Record<string, unknown>;
  }[];
  summary: Record<string, unknown>;
};

/** Polls a job until it finishes (longer than the shared helper allows, for the big sheet). */
async function waitJob(c: Client, jobId: number, timeoutMs = 30_000): Promise<Job> {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    const res = await c.get(`/api/imports/${jobId}`);
    if (res.status !== 200) throw new Error(`import ${jobId}: ${res.status} ${JSON.stringify(res.body)}`);
    if (res.body.status !== 'running') return res.body;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`import ${jobId} did not finish in ${timeoutMs} ms`);
}

/** Uploads a sheet and waits for the job. */
async function importXlsx(
  data: Buffer,
  mode: 'dry_run' | 'all_or_nothing' | 'valid_rows',
  opts: { rootCode?: string; c?: Client; timeoutMs?: number } = {},
) {
  const c = opts.c ?? (await street());
  const res = await c.request(
    'POST',
    '/api/areas/imports',
    formOf({ mode, rootId: String(await id(opts.rootCode ?? LT)), file: { name: 'areas.xlsx', data } }),
  );
  expect(res.status, JSON.stringify(res.body)).toBe(202);
  return { started: res.body as Job, job: await waitJob(c, res.body.id, opts.timeoutMs) };
}

async function importGeoJson(
  data: string,
  mode: 'dry_run' | 'all_or_nothing' | 'valid_rows',
  crs?: 'wgs84' | 'gcj02',
) {
  const c = await street();
  const res = await c.request(
    'POST',
    '/api/areas/geojson-imports',
    formOf({
      mode,
      rootId: String(await id(LT)),
      ...(crs ? { crs } : {}),
      file: { name: 'grids.geojson', data },
    }),
  );
  expect(res.status, JSON.stringify(res.body)).toBe(202);
  return waitJob(c, res.body.id);
}

const sheet = (headers: string[], rows: Record<string, unknown>[]) =>
  workbookBuffer(
    '区域',
    headers.map((h) => ({ header: h, key: h })),
    rows,
  );

/** First sheet of a workbook as text rows (row 1 is the header). */
async function readRows(buffer: Buffer): Promise<string[][]> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(buffer as unknown as ArrayBuffer);
  const ws = wb.worksheets[0]!;
  const out: string[][] = [];
  ws.eachRow({ includeEmpty: false }, (row) => {
    const cells: string[] = [];
    for (let i = 1; i <= ws.columnCount; i++) {
      const v = row.getCell(i).value;
      cells.push(v === null || v === undefined ? '' : String(v));
    }
    out.push(cells);
  });
  return out;
}

const byCode = async (code: string) =>
  (
    await t.pool.query(
      'select id, parent_id, kind, name, properties, archived_at from areas where code = $1 order by id',
      [code],
    )
  ).rows;

describe('Excel import of areas', () => {
  it('dry_run reports what would happen, with the bad rows and their original values, and changes nothing', async () => {
    const audits = (await t.pool.query('select count(*)::int as n from audit_events')).rows[0].n;
    const { started, job } = await importXlsx(await sampleAreaXlsx(), 'dry_run');
    expect(started).toMatchObject({ mode: 'dry_run', total: 4, kind: 'areas', fileName: 'areas.xlsx' });
    expect(typeof started.processed).toBe('number');
    expect(job).toMatchObject({
      status: 'done',
      committed: false,
      total: 4,
      processed: 4,
      okCount: 2,
      errorCount: 2,
      summary: { created: 2, updated: 0, unchanged: 0 },
    });
    expect(job.errors.map((e) => [e.row, e.code, e.field])).toEqual([
      [4, 'AREA_CODE_INVALID', '编码'],
      [5, 'NUMBER_INVALID', '户数'],
    ]);
    expect(job.errors[0]!.values).toEqual({
      类型: '网格',
      名称: '坏编码网格',
      编码: '12345',
      上级编码: '990101001001',
      户数: '10',
    });
    expect(job.errors[1]!.values).toMatchObject({ 名称: '孤儿楼', 编码: 'X-1', 户数: 'abc' });
    for (const e of job.errors) {
      expect(e.message['zh-CN']).toMatch(HAN);
      expect(e.message['en-US']).toMatch(/[a-z]{3,}/);
      expect(e.message['en-US']).not.toBe(e.message['zh-CN']);
    }
    expect(job.errors[0]!.message['zh-CN']).toContain('15 位');
    expect(await byCode(`${LT_G1}-09`)).toEqual([]);
    expect(await byCode(`${LT_G1}-09-01`)).toEqual([]);
    expect((await t.pool.query('select count(*)::int as n from audit_events')).rows[0].n).toBe(audits);
  });

  it('all_or_nothing with errors commits nothing', async () => {
    const { job } = await importXlsx(await sampleAreaXlsx(), 'all_or_nothing');
    expect(job).toMatchObject({ status: 'done', committed: false, errorCount: 2 });
    expect(await byCode(`${LT_G1}-09`)).toEqual([]);
  });

  it('all_or_nothing without errors commits everything', async () => {
    const g = grid(LT, 4);
    const data = await sheet(
      ['类型', '名称', '编码', '上级编码'],
      [
        { 类型: '小区', 名称: '全有小区', 编码: `${g}-20`, 上级编码: g },
        { 类型: '楼栋', 名称: '全有1栋', 编码: `${g}-20-01`, 上级编码: `${g}-20` },
      ],
    );
    const { job } = await importXlsx(data, 'all_or_nothing');
    expect(job).toMatchObject({ committed: true, errorCount: 0, summary: { created: 2 } });
    expect(await byCode(`${g}-20-01`)).toHaveLength(1);
  });

  it('valid_rows commits the good rows (a compound and its building) and reports the rest', async () => {
    const { job } = await importXlsx(await sampleAreaXlsx(), 'valid_rows');
    expect(job).toMatchObject({ committed: true, okCount: 2, errorCount: 2, summary: { created: 2 } });
    const [compound] = await byCode(`${LT_G1}-09`);
    const [building] = await byCode(`${LT_G1}-09-01`);
    expect(compound).toMatchObject({
      kind: 'compound',
      name: '新建小区',
      parent_id: await id(LT_G1),
      properties: { households: 120 },
    });
    expect(building).toMatchObject({
      kind: 'building',
      name: '新建1栋',
      parent_id: compound.id,
      properties: { households: 40 },
    });
    expect(await byCode('12345')).toEqual([]);
    expect(await byCode('X-1')).toEqual([]);
    const c = await street();
    const kids = (await c.get(`/api/areas?parentId=${await id(LT_G1)}`)).body.items;
    expect(kids.map((k: { name: string }) => k.name)).toContain('新建小区');
    const { rows } = await t.pool.query(
      "select count(*)::int as n from audit_events where action = 'area.create' and entity_id = any($1)",
      [[String(compound.id), String(building.id)]],
    );
    expect(rows[0].n).toBe(2);
  });

  it('importing the same good rows again leaves them unchanged, not duplicated', async () => {
    const { job } = await importXlsx(await sampleAreaXlsx(), 'valid_rows');
    expect(job).toMatchObject({
      committed: true,
      errorCount: 2,
      summary: { created: 0, updated: 0, unchanged: 2 },
    });
    expect(await byCode(`${LT_G1}-09`)).toHaveLength(1);
    expect(await byCode(`${LT_G1}-09-01`)).toHaveLength(1);
  });

  it('a changed name or count updates the node in place', async () => {
    const data = await sheet(
      ['类型', '名称', '编码', '上级编码', '户数'],
      [{ 类型: '小区', 名称: '新建小区（更名）', 编码: `${LT_G1}-09`, 上级编码: LT_G1, 户数: 130 }],
    );
    const { job } = await importXlsx(data, 'valid_rows');
    expect(job.summary).toMatchObject({ created: 0, updated: 1, unchanged: 0 });
    expect(await byCode(`${LT_G1}-09`)).toMatchObject([
      { name: '新建小区（更名）', properties: { households: 130 } },
    ]);
  });

  it('a child row above its parent row still imports (parents go first)', async () => {
    const g = grid(LT, 2);
    const data = await sheet(
      ['类型', '名称', '编码', '上级编码', '户数'],
      [
        { 类型: '楼栋', 名称: '倒序1栋', 编码: `${g}-30-01`, 上级编码: `${g}-30`, 户数: 24 },
        { 类型: '楼栋', 名称: '倒序2栋', 编码: `${g}-30-02`, 上级编码: `${g}-30`, 户数: 36 },
        { 类型: '小区', 名称: '倒序小区', 编码: `${g}-30`, 上级编码: g, 户数: 60 },
      ],
    );
    const { job } = await importXlsx(data, 'valid_rows');
    expect(job).toMatchObject({ committed: true, errorCount: 0, summary: { created: 3 } });
    const [compound] = await byCode(`${g}-30`);
    expect(compound).toMatchObject({ kind: 'compound', parent_id: await id(g) });
    expect((await byCode(`${g}-30-01`))[0]).toMatchObject({ parent_id: compound.id, name: '倒序1栋' });
    expect((await byCode(`${g}-30-02`))[0]).toMatchObject({ parent_id: compound.id, name: '倒序2栋' });
  });

  it('accepts the header names staff use (层级/名字/代码/上级代码) and English ones', async () => {
    const g = grid(LT, 3);
    const zh = await sheet(
      ['层级', '名字', '代码', '上级代码', '常住人口'],
      [{ 层级: '小区', 名字: '别名小区', 代码: `${g}-40`, 上级代码: g, 常住人口: 300 }],
    );
    const { job } = await importXlsx(zh, 'valid_rows');
    expect(job).toMatchObject({ committed: true, errorCount: 0, summary: { created: 1 } });
    expect(await byCode(`${g}-40`)).toMatchObject([
      { kind: 'compound', name: '别名小区', parent_id: await id(g), properties: { population: 300 } },
    ]);
    const en = await sheet(
      ['Kind', 'Name', 'Code', 'Parent_Code'],
      [{ Kind: 'building', Name: 'Block A', Code: `${g}-40-01`, Parent_Code: `${g}-40` }],
    );
    const second = await importXlsx(en, 'valid_rows');
    expect(second.job).toMatchObject({ errorCount: 0, summary: { created: 1 } });
    expect((await byCode(`${g}-40-01`))[0]).toMatchObject({ kind: 'building', name: 'Block A' });
  });

  it('a sheet without a required column is refused up front with 422 COLUMNS_MISSING', async () => {
    const jobs = (await t.pool.query('select count(*)::int as n from import_jobs')).rows[0].n;
    const data = await sheet(['类型', '编码', '上级编码'], [{ 类型: '小区', 编码: 'A-1', 上级编码: LT_G1 }]);
    const res = await (await street()).request(
      'POST',
      '/api/areas/imports',
      formOf({ mode: 'dry_run', rootId: String(await id(LT)), file: { name: 'a.xlsx', data } }),
    );
    expect(res.status).toBe(422);
    expect(res.headers.get('content-type')).toContain('application/problem+json');
    expect(res.body.code).toBe('COLUMNS_MISSING');
    expect(res.body.errors).toEqual({ missing: ['名称'] });
    expect(res.body.messages['zh-CN']).toContain('名称');
    expect((await t.pool.query('select count(*)::int as n from import_jobs')).rows[0].n).toBe(jobs);
  });

  it('refuses a file that is not xlsx, an unknown mode and a missing file', async () => {
    const c = await street();
    const root = String(await id(LT));
    const notXlsx = await c.request(
      'POST',
      '/api/areas/imports',
      formOf({ mode: 'dry_run', rootId: root, file: { name: 'a.xlsx', data: '类型,名称\n小区,x' } }),
    );
    expect([notXlsx.status, notXlsx.body.code]).toEqual([422, 'FILE_NOT_XLSX']);
    const badMode = await c.request(
      'POST',
      '/api/areas/imports',
      formOf({ mode: 'yolo', rootId: root, file: { name: 'a.xlsx', data: await sampleAreaXlsx() } }),
    );
    expect([badMode.status, badMode.body.code]).toEqual([422, 'MODE_INVALID']);
    const noFile = await c.request('POST', '/api/areas/imports', formOf({ mode: 'dry_run', rootId: root }));
    expect([noFile.status, noFile.body.code]).toEqual([422, 'FILE_REQUIRED']);
  });

  it("a secretary's rows outside her community are refused row by row", async () => {
    const sec = await as(PHONES.community_secretary);
    const jl = grid('990101001002', 1);
    const data = await sheet(
      ['类型', '名称', '编码', '上级编码'],
      [
        { 类型: '小区', 名称: '越权小区', 编码: `${jl}-60`, 上级编码: jl },
        { 类型: '小区', 名称: '本社区小区', 编码: `${grid(LT, 5)}-60`, 上级编码: grid(LT, 5) },
      ],
    );
    const { job } = await importXlsx(data, 'valid_rows', { c: sec });
    expect(job).toMatchObject({ committed: true, summary: { created: 1 } });
    expect(job.errors.map((e) => [e.row, e.code])).toEqual([[2, 'FORBIDDEN']]);
    expect(await byCode(`${jl}-60`)).toEqual([]);
    expect(await byCode(`${grid(LT, 5)}-60`)).toHaveLength(1);
    // the job is hers: another signed-in user cannot read it
    expect((await (await as(PHONES.other_secretary)).get(`/api/imports/${job.id}`)).status).toBe(404);
  });

  it('the error report downloads as xlsx with the bad rows and their values', async () => {
    const c = await street();
    const { job } = await importXlsx(await sampleAreaXlsx(), 'dry_run');
    const res = await c.get(`/api/imports/${job.id}/errors.xlsx`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain(XLSX_TYPE);
    const buf = res.body as Buffer;
    expect(buf.subarray(0, 2).toString('latin1')).toBe('PK');
    const rows = await readRows(buf);
    const header = rows[0]!;
    expect(header.slice(0, 4)).toEqual(['行号', '字段', '错误', '错误码']);
    expect(header).toEqual(expect.arrayContaining(['类型', '名称', '编码', '上级编码', '户数']));
    expect(rows).toHaveLength(3);
    const at = (r: string[], h: string) => r[header.indexOf(h)];
    expect([
      at(rows[1]!, '行号'),
      at(rows[1]!, '名称'),
      at(rows[1]!, '编码'),
      at(rows[1]!, '错误码'),
    ]).toEqual(['4', '坏编码网格', '12345', 'AREA_CODE_INVALID']);
    expect([at(rows[2]!, '行号'), at(rows[2]!, '名称'), at(rows[2]!, '户数')]).toEqual([
      '5',
      '孤儿楼',
      'abc',
    ]);
    expect(at(rows[1]!, '错误')).toMatch(HAN);
  });

  it('imports a 2,000-row sheet completely, with progress', async () => {
    const g = grid(XJW, 1);
    const compound = `${g}-50`;
    const rows: Record<string, unknown>[] = [{ 类型: '小区', 名称: '大型小区', 编码: compound, 上级编码: g }];
    for (let i = 1; i < 2000; i++)
      rows.push({
        类型: '楼栋',
        名称: `${i}栋`,
        编码: `${compound}-${String(i).padStart(4, '0')}`,
        上级编码: compound,
        户数: i % 90,
      });
    const data = await sheet(['类型', '名称', '编码', '上级编码', '户数'], rows);
    const { started, job } = await importXlsx(data, 'valid_rows', { rootCode: XJW, timeoutMs: 110_000 });
    expect(started.total).toBe(2000);
    expect(started.processed).toBeLessThan(2000);
    expect(job).toMatchObject({
      status: 'done',
      committed: true,
      total: 2000,
      processed: 2000,
      okCount: 2000,
      errorCount: 0,
      summary: { created: 2000 },
    });
    const [k] = await byCode(compound);
    const { rows: n } = await t.pool.query(
      "select count(*)::int as n from areas where parent_id = $1 and kind = 'building'",
      [k.id],
    );
    expect(n[0].n).toBe(1999);
  }, 120_000);
});

describe('Excel export', () => {
  it('exports every live node of 龙腾社区 with parent codes, and re-imports in dry_run without changes', async () => {
    const c = await street();
    const lt = await id(LT);
    const res = await c.get(`/api/areas/export.xlsx?rootId=${lt}`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain(XLSX_TYPE);
    expect(res.headers.get('content-disposition')).toContain(encodeURIComponent('龙腾社区'));
    const rows = await readRows(res.body);
    const header = rows[0]!;
    expect(header).toEqual([
      '类型',
      '名称',
      '编码',
      '上级编码',
      '户数',
      '人口',
      '楼栋数',
      '地址',
      '备注',
      '网格员',
      '状态',
    ]);
    const data = rows.slice(1);
    const { rows: db } = await t.pool.query(
      `select a.code, a.kind, a.name, p.code as parent_code
         from areas a left join areas p on p.tenant_id = a.tenant_id and p.id = a.parent_id
        where a.path <@ (select path from areas where id = $1) and a.archived_at is null`,
      [lt],
    );
    expect(data).toHaveLength(db.length);
    expect(db.length).toBeGreaterThan(1 + 6 + 12 + 48);
    const exported = new Map(data.map((r) => [r[2], r]));
    for (const a of db) {
      const r = exported.get(a.code);
      expect(r, a.code).toBeDefined();
      expect(r![1]).toBe(a.name);
      expect(r![3]).toBe(a.code === LT ? '' : a.parent_code);
    }
    expect(exported.get(LT)!.slice(0, 2)).toEqual(['社区', '龙腾社区']);
    expect(exported.get(LT)![4]).toBe('6123');
    expect(exported.get(LT_G1)!.slice(0, 4)).toEqual(['网格', '第1网格', LT_G1, LT]);
    expect(exported.get(LT_G1)![9]).toBe('赵网格');
    expect(exported.get(`${LT_G1}-01-01`)![0]).toBe('楼栋');

    const { job } = await importXlsx(res.body, 'dry_run');
    expect(job).toMatchObject({ status: 'done', errorCount: 0, committed: false, okCount: db.length });
    expect(job.summary.created).toBe(0);
    expect((job.summary.unchanged as number) + (job.summary.updated as number)).toBe(db.length);
  });

  it('includes archived nodes only when asked, marked 已归档', async () => {
    const c = await street();
    const k = (await byCode(`${grid(LT, 6)}-02`))[0];
    const version = (await c.get(`/api/areas/${k.id}`)).body.version;
    expect((await c.post(`/api/areas/${k.id}/archive`, { version })).status).toBe(200);
    const lt = await id(LT);
    const live = await readRows((await c.get(`/api/areas/export.xlsx?rootId=${lt}`)).body);
    expect(live.map((r) => r[2])).not.toContain(`${grid(LT, 6)}-02`);
    const all = await readRows(
      (await c.get(`/api/areas/export.xlsx?rootId=${lt}&includeArchived=true`)).body,
    );
    const row = all.find((r) => r[2] === `${grid(LT, 6)}-02`);
    expect(row?.[10]).toBe('已归档');
    expect(all.filter((r) => r[10] === '已归档')).toHaveLength(5);
  });

  it("is not served for another secretary's community", async () => {
    const res = await (await as(PHONES.other_secretary)).get(`/api/areas/export.xlsx?rootId=${await id(LT)}`);
    expect([403, 404]).toContain(res.status);
  });

  // Regression test for a bug found while writing these tests (fixed in the same change).
  it('re-importing an export that holds a node without a code creates nothing', async () => {
    const c = await street();
    const k = await id(`${grid(XJW, 2)}-01`);
    const created = await c.post('/api/areas', { parentId: k, kind: 'building', name: '无编码楼' });
    expect(created.status).toBe(201);
    const exported = await c.get(`/api/areas/export.xlsx?rootId=${await id(grid(XJW, 2))}`);
    expect(exported.status).toBe(200);
    const { job } = await importXlsx(exported.body, 'dry_run', { rootCode: XJW });
    expect(job.errorCount).toBe(0);
    expect(job.summary.created).toBe(0);
  });
});

describe('import template', () => {
  it('downloads an xlsx whose columns the importer accepts', async () => {
    const c = await street();
    const res = await c.get('/api/areas/import-template.xlsx');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain(XLSX_TYPE);
    expect(res.headers.get('content-disposition')).toContain(encodeURIComponent('区域导入模板'));
    const rows = await readRows(res.body);
    expect(rows[0]).toEqual(['类型', '名称', '编码', '上级编码', '户数', '人口', '楼栋数', '地址', '备注']);
    expect(rows.slice(1).map((r) => r[0])).toEqual(['网格', '小区', '楼栋']);
    // the example rows fit the user's own community (next free grid number), so a dry run would create all three
    const { job } = await importXlsx(res.body, 'dry_run');
    expect(job.errors).toEqual([]);
    expect(job.summary).toMatchObject({ created: 3 });
  });
});

describe('GeoJSON import of grid outlines', () => {
  const rect = (x0: number, y0: number, x1: number, y1: number): PolygonGeometry => ({
    type: 'Polygon',
    coordinates: [
      [
        [x0, y0],
        [x1, y0],
        [x1, y1],
        [x0, y1],
        [x0, y0],
      ],
    ],
  });
  const feature = (properties: Record<string, unknown>, geometry: unknown) => ({
    type: 'Feature',
    properties,
    geometry,
  });
  const collection = (...features: unknown[]) => JSON.stringify({ type: 'FeatureCollection', features });
  const locate = async (lng: number, lat: number, crs = 'wgs84') =>
    (await (await street()).get(`/api/areas/locate?lng=${lng}&lat=${lat}&crs=${crs}`)).body.grid;
  const geometryOf = async (code: string) =>
    (await t.pool.query('select geometry from areas where code = $1', [code])).rows[0].geometry;

  it('dry_run reports unknown codes and features without a code, and changes nothing', async () => {
    const before = await geometryOf(LT_G1);
    const job = await importGeoJson(sampleGeoJson(LT_G1), 'dry_run');
    expect(job).toMatchObject({
      status: 'done',
      committed: false,
      total: 3,
      okCount: 1,
      summary: { updated: 1 },
    });
    expect(job.errors.map((e) => [e.row, e.code, e.field])).toEqual([
      [2, 'CODE_NOT_FOUND', 'code'],
      [3, 'CODE_REQUIRED', 'code'],
    ]);
    expect(job.errors[0]!.values).toMatchObject({ code: '000000000000000', geometryType: 'Polygon' });
    expect(job.errors[1]!.values).toMatchObject({ name: 'no code', geometryType: 'Point' });
    for (const e of job.errors) {
      expect(e.message['zh-CN']).toMatch(HAN);
      expect(e.message['en-US']).toBeTruthy();
    }
    expect(await geometryOf(LT_G1)).toEqual(before);
  });

  it('valid_rows sets a grid outline by code (locate then uses it) and reports bad features one by one', async () => {
    const g2 = grid(LT, 2);
    const outline = rect(105.5, 31.5, 105.51, 31.51);
    expect(await locate(105.505, 31.505)).toBeNull();
    const job = await importGeoJson(
      collection(
        feature({ code: g2 }, outline),
        feature({ code: grid(LT, 3) }, { type: 'Point', coordinates: [105.5, 31.5] }),
        feature({ 编码: `${LT_G1}-01-01` }, rect(105.6, 31.6, 105.61, 31.61)),
        feature({ gridCode: '990101001001099' }, rect(105.7, 31.7, 105.71, 31.71)),
      ),
      'valid_rows',
    );
    expect(job).toMatchObject({ committed: true, okCount: 1, summary: { updated: 1 } });
    expect(job.errors.map((e) => [e.row, e.code])).toEqual([
      [2, 'GEOMETRY_INVALID'],
      [3, 'AREA_GEOMETRY_NOT_ALLOWED'],
      [4, 'CODE_NOT_FOUND'],
    ]);
    expect(job.errors[0]!.values).toMatchObject({ code: grid(LT, 3), geometryType: 'Point' });
    expect(await geometryOf(g2)).toEqual(outline);
    expect(await locate(105.505, 31.505)).toMatchObject({ code: g2, id: await id(g2) });
    expect(await geometryOf(`${LT_G1}-01-01`)).toBeNull();
    const { rows } = await t.pool.query(
      "select summary from audit_events where action = 'area.update' and entity_id = $1",
      [String(await id(g2))],
    );
    expect(rows.map((r) => r.summary.geometry)).toEqual([['outline', 'outline']]);
  });

  it('all_or_nothing with a bad feature changes nothing', async () => {
    const before = await geometryOf(grid(LT, 4));
    const job = await importGeoJson(
      collection(
        feature({ code: grid(LT, 4) }, rect(105.8, 31.8, 105.81, 31.81)),
        feature({ code: 'NOPE' }, rect(105.8, 31.8, 105.81, 31.81)),
      ),
      'all_or_nothing',
    );
    expect(job).toMatchObject({ committed: false, errorCount: 1 });
    expect(await geometryOf(grid(LT, 4))).toEqual(before);
  });

  it('crs=gcj02 converts the outline to WGS-84 on import', async () => {
    const g3 = grid(LT, 3);
    const wgs = rect(105.9, 31.9, 105.91, 31.91);
    const gcj = convertGeometry(wgs, 'wgs84', 'gcj02');
    const job = await importGeoJson(collection(feature({ code: g3 }, gcj)), 'valid_rows', 'gcj02');
    expect(job).toMatchObject({ committed: true, errorCount: 0, summary: { updated: 1 } });
    const stored = (await geometryOf(g3)).coordinates[0] as number[][];
    const want = (wgs.coordinates[0] as number[][]).map((p) => p);
    expect(stored).toHaveLength(want.length);
    stored.forEach((p, i) => {
      expect(Math.abs(p[0]! - want[i]![0]!)).toBeLessThan(1e-5);
      expect(Math.abs(p[1]! - want[i]![1]!)).toBeLessThan(1e-5);
    });
    expect(await locate(105.905, 31.905)).toMatchObject({ code: g3 });
    const gcjCentre = (gcj.coordinates[0] as number[][])
      .slice(0, 4)
      .reduce((s, p) => [s[0]! + p[0]! / 4, s[1]! + p[1]! / 4], [0, 0]);
    expect(await locate(gcjCentre[0]!, gcjCentre[1]!, 'gcj02')).toMatchObject({ code: g3 });
  });

  it('refuses a file that is not GeoJSON', async () => {
    const res = await (await street()).request(
      'POST',
      '/api/areas/geojson-imports',
      formOf({
        mode: 'dry_run',
        rootId: String(await id(LT)),
        file: { name: 'x.geojson', data: '{"type":"Point"}' },
      }),
    );
    expect([res.status, res.body.code]).toEqual([422, 'FILE_NOT_GEOJSON']);
  });
});
