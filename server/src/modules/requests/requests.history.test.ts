import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readSheet } from '../../platform/excel/excel';
import { formOf, waitForJob } from '../../test/fixtures';
import { areaId, type Client, PHONES, startTestApp, type TestApp } from '../../test/harness';
import { parseChinaTime } from './requests.import';

/** History import (a 12345 export in GBK), the suggester learning from it, the Excel export and bulk dispatch. */
let t: TestApp;
const clients = new Map<string, Client>();
const as = async (phone: string) => {
  const known = clients.get(phone);
  if (known) return known;
  const c = await t.client(phone);
  clients.set(phone, c);
  return c;
};
const sec = () => as(PHONES.community_secretary);
const GBK = readFileSync(join(import.meta.dirname, 'testdata/history-gbk.csv'));
const file = (data: Buffer | string = GBK, name = '12345导出.csv') => ({ name, data });
let longteng: number;

beforeAll(async () => {
  t = await startTestApp();
  longteng = await areaId(t.pool, '990101001001');
});
afterAll(() => t?.close());

const importHistory = async (fields: Record<string, string | { name: string; data: Buffer | string }>) => {
  const c = await sec();
  const res = await c.request('POST', '/api/requests/history/imports', formOf(fields));
  expect(res.status, JSON.stringify(res.body)).toBe(202);
  return waitForJob(c, res.body.id);
};
const imported = async () =>
  (await t.pool.query("select * from requests where channel = 'import' order by source_ref")).rows;

describe('reading staff files', () => {
  it('reads Beijing wall-clock times in the formats staff write', () => {
    const at = (s: string) => parseChinaTime(s)?.toISOString() ?? null;
    expect(at('2025-07-01 09:05')).toBe('2025-07-01T01:05:00.000Z');
    expect(at('2025/7/1 9:05:30')).toBe('2025-07-01T01:05:30.000Z');
    expect(at('2025年7月3日 8时30分')).toBe('2025-07-03T00:30:00.000Z');
    expect(at('20250703')).toBe('2025-07-02T16:00:00.000Z');
    // an Excel date cell comes out of exceljs as the wall-clock time in UTC
    expect(at('2025-07-01T09:05:00.000Z')).toBe('2025-07-01T01:05:00.000Z');
    expect(at('45839.5')).toBe('2025-07-01T04:00:00.000Z');
    expect(at('2025-02-30')).toBeNull();
    expect(at('昨天下午')).toBeNull();
  });

  it('previews a GBK CSV from a 12345 export: encoding, headers, sample and the guessed mapping', async () => {
    const res = await (await sec()).request(
      'POST',
      '/api/requests/history/preview',
      formOf({ file: file() }),
    );
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      encoding: 'gb18030',
      rows: 6,
      mapping: {
        description: '反映内容',
        createdAt: '来电时间',
        address: '事发地址',
        category: '诉求类别',
        nature: '诉求性质',
        sourceRef: '工单编号',
        closedAt: '办结时间',
        resolved: '是否解决',
        satisfaction: '满意度',
      },
      missing: [],
    });
    expect(res.body.sample[0].工单编号).toBe('GD2025070100001');
  });

  it('refuses what it cannot read, with a code, and nothing is created', async () => {
    const c = await sec();
    const bad = await c.request(
      'POST',
      '/api/requests/history/imports',
      formOf({ file: file(Buffer.from([0, 1, 2, 3, 0])), mode: 'valid_rows' }),
    );
    expect(bad.status).toBe(422);
    expect(bad.body.code).toBe('FILE_NOT_TABLE');
    const unmapped = await c.request(
      'POST',
      '/api/requests/history/imports',
      formOf({ file: file(), mapping: JSON.stringify({ description: '不存在的列', createdAt: '来电时间' }) }),
    );
    expect(unmapped.status).toBe(422);
    expect(unmapped.body.code).toBe('MAPPING_UNKNOWN_COLUMN');
    const required = await c.request(
      'POST',
      '/api/requests/history/imports',
      formOf({ file: file(), mapping: JSON.stringify({ description: '反映内容' }) }),
    );
    expect(required.body.code).toBe('COLUMNS_MISSING');
    expect(await imported()).toEqual([]);
  });

  it('keeps residents and other streets out', async () => {
    const resident = await as(PHONES.resident);
    expect(
      (await resident.request('POST', '/api/requests/history/preview', formOf({ file: file() }))).status,
    ).toBe(403);
    const other = await as(PHONES.other_secretary);
    // 吴书记 leads 九龙社区: 龙腾社区 is not hers
    const res = await other.request(
      'POST',
      '/api/requests/history/imports',
      formOf({ file: file(), rootId: String(longteng) }),
    );
    expect(res.status).toBe(403);
  });
});

describe('importing history', () => {
  it('a dry run reports every bad row with its values and changes nothing', async () => {
    const job = await importHistory({ file: file(), mode: 'dry_run', rootId: String(longteng) });
    expect(job).toMatchObject({ status: 'done', committed: false, errorCount: 2 });
    expect(job.errors.map((e: { row: number; code: string }) => [e.row, e.code])).toEqual([
      [5, 'TIME_INVALID'],
      [6, 'DESCRIPTION_INVALID'],
    ]);
    expect(job.errors[0].values.反映内容).toBe('楼上装修太吵。');
    expect(job.summary).toMatchObject({ created: 3, skipped: 1, categorySuggested: 1 });
    expect(await imported()).toEqual([]);
  });

  it('all_or_nothing commits nothing while a row is bad; valid_rows commits the good ones as closed history', async () => {
    const none = await importHistory({ file: file(), mode: 'all_or_nothing', rootId: String(longteng) });
    expect(none.committed).toBe(false);
    expect(await imported()).toEqual([]);

    const job = await importHistory({ file: file(), mode: 'valid_rows', rootId: String(longteng) });
    expect(job).toMatchObject({ committed: true, errorCount: 2, summary: { created: 3, skipped: 1 } });
    const rows = await imported();
    expect(rows.map((r) => r.source_ref)).toEqual(['GD2025070100001', 'GD2025070200002', 'GD2025070300003']);
    const [lift, vendor, flood] = rows;
    const grid1 = await areaId(t.pool, '990101001001001');
    expect(lift).toMatchObject({
      status: 'closed',
      closed_reason: 'imported',
      category_code: 'property.lift',
      category_auto: false,
      nature: 'help',
      grid_id: grid1,
      community_id: longteng,
      resolved: 'yes',
      satisfaction: 'satisfied',
    });
    expect(lift.created_at.toISOString()).toBe('2025-07-01T01:05:00.000Z');
    expect(lift.public_no).toMatch(/^DS20250701-\d{6}$/);
    // the lift's deadline is 24 h on the clock; closed in 33 h → late
    expect(lift.resolve_due_at.toISOString()).toBe('2025-07-02T01:05:00.000Z');
    expect(vendor).toMatchObject({
      category_code: 'street.vendor',
      resolved: 'partly',
      satisfaction: 'basic',
    });
    expect(vendor.rated_at).not.toBeNull();
    // "排水设施" is not one of ours: the suggester chose, and that guess will not train it
    expect(flood).toMatchObject({
      category_auto: true,
      closed_at: null,
      rated_at: null,
      resolve_due_at: null,
    });
    const events = await t.pool.query(
      "select count(*)::int as n from request_events where type = 'imported' and request_id = any($1)",
      [rows.map((r) => r.id)],
    );
    expect(events.rows[0].n).toBe(3);
    const audit = await t.pool.query("select summary from audit_events where action = 'request.import'");
    expect(audit.rows[0].summary).toMatchObject({ created: 3, errors: 2 });
  });

  it('sending the same file again creates nothing twice', async () => {
    const job = await importHistory({ file: file(), mode: 'valid_rows', rootId: String(longteng) });
    expect(job.summary).toMatchObject({ created: 0, skipped: 4, categorySuggested: 0, placedAtRoot: 0 });
    expect(await imported()).toHaveLength(3);
  });

  it('feeds the measures: the imported ratings and closures count, the missing facts do not', async () => {
    const res = await (await sec()).get(
      `/api/requests/measures?areaId=${longteng}&from=2025-07-01&to=2025-07-31`,
    );
    expect(res.status).toBe(200);
    expect(res.body.requests).toBe(3);
    // no response times in the file: not in 响应率
    expect(res.body.responseRate.denominator).toBe(0);
    expect(res.body.resolutionRate).toMatchObject({ numerator: 1.5, denominator: 2 });
    // closed: the lift (late) and the vendor (within 7 working days); the flood row has no closing time
    expect(res.body.onTimeRate).toMatchObject({ numerator: 1, denominator: 2 });
  });

  it('an xlsx with its own headers imports through an explicit mapping', async () => {
    const { workbookBuffer } = await import('../../platform/excel/excel');
    const xlsx = await workbookBuffer(
      '台账',
      [
        { header: '登记日期', key: 'd' },
        { header: '群众诉求', key: 'x' },
        { header: '小区', key: 'p' },
      ],
      [{ d: '2025-08-08 10:00', x: '龙腾花园门口的垃圾桶满了好几天没人清运', p: '龙腾花园' }],
    );
    const job = await importHistory({
      file: file(xlsx, '台账.xlsx'),
      mode: 'all_or_nothing',
      rootId: String(longteng),
      mapping: JSON.stringify({ createdAt: '登记日期', description: '群众诉求', address: '小区' }),
    });
    expect(job).toMatchObject({
      committed: true,
      errorCount: 0,
      summary: { created: 1, categorySuggested: 1 },
    });
    const { rows } = await t.pool.query(
      "select category_code, category_auto, source_ref from requests where description like '龙腾花园门口的垃圾桶%'",
    );
    expect(rows[0]).toMatchObject({ category_code: 'city.litter', category_auto: true });
    expect(rows[0].source_ref).toMatch(/^sha1:/);
  });
});

describe('the suggester learns from history', () => {
  it('reports its accuracy on held-out history beside the keyword rules', async () => {
    // 50 labelled lift reports in words no keyword rule knows, ids spread so some are held out
    const grid1 = await areaId(t.pool, '990101001001001');
    const tenant = (await t.pool.query('select tenant_id from areas where id = $1', [grid1])).rows[0]
      .tenant_id;
    await t.pool.query(
      `insert into requests (tenant_id, public_no, channel, nature, category_code, description, grid_id, community_id, status, closed_reason, source_ref)
       select $1, 'H' || g, 'import', 'help', 'property.lift', '升降机卡在' || (g % 30 + 2) || '楼不动了', $2, $3, 'closed', 'imported', 'T' || g
         from generate_series(1, 50) g`,
      [tenant, grid1, longteng],
    );
    const res = await (await sec()).get(`/api/requests/suggester?areaId=${longteng}`);
    expect(res.status).toBe(200);
    expect(res.body.train + res.body.test).toBeGreaterThanOrEqual(50);
    expect(res.body.test).toBeGreaterThan(0);
    const lift = res.body.perCategory.find((c: { label: string }) => c.label === 'property.lift');
    expect(lift).toMatchObject({ name: '电梯故障', nameEn: 'Lift breakdown' });
    expect(lift.recall).toBeGreaterThan(0.8);
    // the keyword rules alone cannot read "升降机"
    expect(res.body.keywordsOnly.top1).toBeLessThan(res.body.top1);
  });

  it('suggests from the street’s own words as soon as an import lands', async () => {
    const c = await sec();
    const text = '长者饭堂今天几点开门';
    const before = await c.post('/api/requests/suggest', { description: text });
    expect(before.body.categories[0]?.code).not.toBe('elderly.meal');
    // three past reports in this street's words, labelled 助餐服务 (the cached model is dropped on commit)
    const csv = [
      '来电时间,诉求内容,问题分类',
      '2025-09-01 10:00,长者饭堂的菜太咸了老人吃不惯,助餐服务',
      '2025-09-02 11:00,想问长者饭堂能不能办月卡,助餐服务',
      '2025-09-03 12:00,长者饭堂排队太久建议多开一个窗口,助餐服务',
    ].join('\n');
    await importHistory({ file: file(csv, 'x.csv'), mode: 'valid_rows', rootId: String(longteng) });
    const after = await c.post('/api/requests/suggest', { description: text });
    expect(after.body.categories[0]).toMatchObject({
      code: 'elderly.meal',
      name: '助餐服务',
      nameEn: 'Meals for older people',
    });
  });
});

describe('the workbench', () => {
  it('exports exactly what the list shows, as a 台账 with Chinese headers', async () => {
    const c = await sec();
    const q = 'queue=closed&channel=import';
    const list = await c.get(`/api/requests?${q}&pageSize=100`);
    const res = await c.get(`/api/requests/export.xlsx?${q}`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-disposition')).toContain('.xlsx');
    const sheet = await readSheet(res.body as Buffer);
    expect(sheet.headers.slice(0, 6)).toEqual(['编号', '状态', '渠道', '性质', '分类', '诉求内容']);
    expect(sheet.rows.map((r) => r.values.编号).sort()).toEqual(
      list.body.items.map((i: { publicNo: string }) => i.publicNo).sort(),
    );
    expect(sheet.rows[0]!.values.渠道).toBe('历史导入');
    expect((await (await as(PHONES.resident)).get(`/api/requests/export.xlsx?${q}`)).status).toBe(403);
  });

  it('dispatches many at once; one that moved meanwhile fails alone with 409’s code', async () => {
    const c = await sec();
    const made = [];
    for (const d of ['楼道灯坏了一个月了', '垃圾桶满了没人收', '小区门口井盖松动'])
      made.push(
        (await c.post('/api/requests/intake', { description: d, channel: 'visit', placeAreaId: longteng }))
          .body,
      );
    const org = (await c.get('/api/responder-orgs?kind=property')).body.items.find(
      (o: { name: string }) => o.name === '金茂物业',
    );
    const res = await c.post('/api/requests/bulk-dispatch', {
      items: made.map((m, i) => ({ id: m.id, version: i === 2 ? m.version + 5 : m.version })),
      kind: 'owner',
      orgId: org.id,
      note: '请物业统一处理',
    });
    expect(res.status).toBe(200);
    expect(res.body.ok).toEqual([made[0].id, made[1].id]);
    expect(res.body.failed).toEqual([
      expect.objectContaining({ id: made[2].id, code: 'REQUEST_VERSION_CONFLICT' }),
    ]);
    const statuses = await t.pool.query('select id, status from requests where id = any($1) order by id', [
      made.map((m) => m.id),
    ]);
    expect(statuses.rows.map((r) => r.status)).toEqual(['dispatched', 'dispatched', 'received']);
    const responder = await as(PHONES.responder);
    expect(
      (
        await responder.post('/api/requests/bulk-dispatch', {
          items: [{ id: made[2].id, version: 1 }],
          kind: 'owner',
          orgId: org.id,
        })
      ).status,
    ).toBe(403);
  });
});
