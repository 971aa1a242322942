import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { areaId, PHONES, startTestApp, type TestApp } from '../../test/harness';
import { seedInsights } from './insights.seed';
import { monthBounds } from './report';

let t: TestApp;
let longteng: number;
const thisMonth = () => new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 7);

beforeAll(async () => {
  t = await startTestApp();
  longteng = await areaId(t.pool, '990101001001');
  await seedInsights(t.pool);
});
afterAll(async () => {
  await t?.close();
});

async function workbook(buffer: Buffer) {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(buffer as unknown as ArrayBuffer);
  const sheet = (name: string) => {
    const ws = wb.getWorksheet(name);
    if (!ws) throw new Error(`no sheet ${name}`);
    const rows: unknown[][] = [];
    ws.eachRow((row) => rows.push((row.values as unknown[]).slice(1)));
    return rows;
  };
  return { names: wb.worksheets.map((w) => w.name), sheet };
}

describe('monthly report 月报', () => {
  it('the workbook’s figures equal the dashboard’s for the same community and month', async () => {
    const c = await t.client(PHONES.community_secretary);
    const month = thisMonth();
    const { from, to } = monthBounds(month);
    const res = await c.get(`/api/insights/monthly-report?communityId=${longteng}&month=${month}`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('spreadsheetml');
    const wb = await workbook(Buffer.from(res.body));
    expect(wb.names).toEqual(['概况', '口径', '按类别', '按渠道', '网格排名', '每日趋势', '晨读闭环']);

    const d = (await c.get(`/api/insights/dashboard?areaId=${longteng}&from=${from}&to=${to}`)).body;
    const m = d.measures;
    expect(m.requests).toBeGreaterThan(0);
    const pct = (v: number | null) => (v === null ? '' : Math.round(v * 1000) / 10);
    const summary = Object.fromEntries(
      wb
        .sheet('概况')
        .slice(1)
        .map((r) => [r[0], r.slice(1, 4)]),
    );
    expect(summary.诉求量![0]).toBe(m.requests);
    for (const [name, key] of [
      ['响应率%', 'responseRate'],
      ['解决率%', 'resolutionRate'],
      ['满意率%', 'satisfactionRate'],
      ['按期结案率%', 'onTimeRate'],
    ] as const) {
      const r = m[key];
      expect([name, ...summary[name]!.map((x: unknown) => x ?? '')]).toEqual([
        name,
        pct(r.value),
        r.numerator,
        r.denominator,
      ]);
    }
    expect(summary['温差℃']![0] ?? '').toEqual(m.temperatureGap.mean ?? '');
    const byCategory = wb.sheet('按类别').slice(1);
    expect(byCategory).toEqual(
      d.byCategory.map((x: { 'zh-CN': string; requests: number }) => [x['zh-CN'], x.requests]),
    );
    const byChannel = wb.sheet('按渠道').slice(1);
    expect(byChannel).toEqual(
      d.byChannel.map((x: { 'zh-CN': string; requests: number }) => [x['zh-CN'], x.requests]),
    );
    const ranking = wb.sheet('网格排名').slice(1);
    expect(ranking.map((r) => [r[0], r[1]])).toEqual(
      d.ranking.map((g: { name: string; requests: number }) => [g.name, g.requests]),
    );
    expect(wb.sheet('每日趋势').length - 1).toBe(d.trend.length);
  });

  it('prints as an A4 page with SVG charts; the month must have started; staff only', async () => {
    const c = await t.client(PHONES.community_secretary);
    const month = thisMonth();
    const page = await c.get(
      `/api/insights/monthly-report?communityId=${longteng}&month=${month}&format=html`,
    );
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toContain('text/html');
    expect(page.body).toContain('@page { size: A4');
    expect(page.body).toContain('<svg');
    expect(page.body).toContain('月报');
    const future = await c.get(`/api/insights/monthly-report?communityId=${longteng}&month=2999-01`);
    expect(future.status).toBe(422);
    expect(future.body.code).toBe('MONTH_NOT_STARTED');
    const grid = await t.client(PHONES.grid_worker);
    expect(
      (await grid.get(`/api/insights/monthly-report?communityId=${longteng}&month=${month}`)).status,
    ).toBe(404);
  });
});
