import type { Queryable } from '../../platform/db/tx';
import { type AreaRef, chartSheet, type DashboardData, dashboard } from './dashboard';

/**
 * 月报: one community's month as an Excel workbook (summary with definitions, requests by category and channel,
 * ranking of its grids, the daily trend, the morning brief's loop closure) and as a printable A4 HTML page with
 * SVG charts (the browser's "print to PDF" makes the PDF). Every figure is the dashboard's for the same community
 * and month, so the report and the screen never disagree.
 */

/** First and last day of a YYYY-MM month. */
export function monthBounds(month: string) {
  const [y, m] = month.split('-').map(Number) as [number, number];
  const last = new Date(Date.UTC(y, m, 0)).getUTCDate();
  return { from: `${month}-01`, to: `${month}-${String(last).padStart(2, '0')}` };
}

/** The morning brief's loop in the month: items, how they ended, closed the day of the meeting. */
async function briefLoop(db: Queryable, area: AreaRef, from: string, to: string) {
  const { rows } = await db.query(
    `select count(distinct b.id)::int as briefs, count(i.id)::int as items,
            count(i.id) filter (where i.state = 'assigned')::int as open,
            count(i.id) filter (where i.state = 'reported')::int as reported,
            count(i.id) filter (where i.state = 'dismissed')::int as dismissed,
            count(i.id) filter (where i.state = 'open')::int as undecided,
            count(i.id) filter (where coalesce(i.reported_at, case when i.state = 'dismissed' then i.decided_at end)
               < ((b.day + 2)::timestamp at time zone 'Asia/Shanghai'))::int as closed_same_day
       from insight_briefs b left join insight_brief_items i on i.tenant_id = b.tenant_id and i.brief_id = b.id
      where b.tenant_id = $1 and b.community_id = $2 and b.day between $3::date and $4::date`,
    [area.tenantId, area.id, from, to],
  );
  const r = rows[0];
  return {
    briefs: r.briefs as number,
    items: r.items as number,
    reported: r.reported as number,
    dismissed: r.dismissed as number,
    open: r.open as number,
    undecided: r.undecided as number,
    closedSameDay: {
      numerator: r.closed_same_day as number,
      denominator: r.items as number,
      value: r.items ? Math.round((r.closed_same_day / r.items) * 10000) / 10000 : null,
    },
  };
}

export async function monthlyReport(db: Queryable, area: AreaRef, month: string) {
  const { from, to } = monthBounds(month);
  const [d, loop] = await Promise.all([
    dashboard(db, area, { from, to, bucket: 'day' }),
    briefLoop(db, area, from, to),
  ]);
  return { month, dashboard: d, loop };
}
export type MonthlyReport = Awaited<ReturnType<typeof monthlyReport>>;

/** The workbook: one sheet per part, Chinese headers (the console's language of record). */
export async function monthlyWorkbook(r: MonthlyReport): Promise<Buffer> {
  const ExcelJS = (await import('exceljs')).default;
  const wb = new ExcelJS.Workbook();
  wb.creator = 'Doorstep 家门口';
  const add = (
    name: string,
    sheet: { columns: { header: string; key: string; width?: number }[]; rows: unknown[] },
  ) => {
    const ws = wb.addWorksheet(name, { views: [{ state: 'frozen', ySplit: 1 }] });
    ws.columns = sheet.columns.map((c) => ({ header: c.header, key: c.key, width: c.width ?? 16 }));
    ws.getRow(1).font = { bold: true };
    for (const row of sheet.rows) ws.addRow(row as Record<string, unknown>);
  };
  const d = r.dashboard;
  add('概况', chartSheet(d, 'summary'));
  add('口径', {
    columns: [
      { header: '指标', key: 'key', width: 18 },
      { header: '口径', key: 'zh', width: 90 },
      { header: '版本', key: 'version', width: 14 },
    ],
    rows: d.definitions.map((x) => ({ key: x.key, zh: x['zh-CN'], version: x.version })),
  });
  add('按类别', chartSheet(d, 'category'));
  add('按渠道', chartSheet(d, 'channel'));
  add('网格排名', chartSheet(d, 'ranking'));
  add('每日趋势', chartSheet(d, 'trend'));
  const l = r.loop;
  add('晨读闭环', {
    columns: [
      { header: '项目', key: 'name', width: 20 },
      { header: '数值', key: 'value', width: 12 },
    ],
    rows: [
      { name: '晨读期数', value: l.briefs },
      { name: '事项数', value: l.items },
      { name: '已回报', value: l.reported },
      { name: '已撤销（说明理由）', value: l.dismissed },
      { name: '已交办未回报', value: l.open },
      { name: '未处理', value: l.undecided },
      { name: '当日闭环', value: l.closedSameDay.numerator },
      { name: '当日闭环率%', value: pct(l.closedSameDay.value) },
    ],
  });
  return Buffer.from(await wb.xlsx.writeBuffer());
}

const pct = (v: number | null) => (v === null ? '' : Math.round(v * 1000) / 10);
const esc = (s: string) =>
  s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

/** Horizontal bars as inline SVG (prints crisply, no script). */
function bars(items: { label: string; value: number }[], unit = '') {
  const max = Math.max(1, ...items.map((x) => x.value));
  const h = 22;
  const rows = items
    .map(
      (x, i) => `<g transform="translate(0 ${i * h})">
      <text x="0" y="15" font-size="12">${esc(x.label)}</text>
      <rect x="130" y="4" width="${Math.round((x.value / max) * 400)}" height="14" fill="#1677ff"/>
      <text x="${136 + Math.round((x.value / max) * 400)}" y="15" font-size="12">${x.value}${unit}</text></g>`,
    )
    .join('');
  return `<svg viewBox="0 0 600 ${Math.max(h, items.length * h)}" width="100%" role="img">${rows}</svg>`;
}

/** The daily trend (created, closed) as an SVG polyline chart. */
function trend(points: DashboardData['trend']) {
  const w = 600;
  const h = 140;
  const max = Math.max(1, ...points.flatMap((p) => [p.created, p.closed]));
  const x = (i: number) => 30 + (i * (w - 40)) / Math.max(1, points.length - 1);
  const y = (v: number) => h - 20 - (v / max) * (h - 30);
  const line = (k: 'created' | 'closed', color: string) =>
    `<polyline fill="none" stroke="${color}" stroke-width="2" points="${points.map((p, i) => `${x(i).toFixed(1)},${y(p[k]).toFixed(1)}`).join(' ')}"/>`;
  return `<svg viewBox="0 0 ${w} ${h}" width="100%" role="img">
    <line x1="30" y1="${h - 20}" x2="${w - 10}" y2="${h - 20}" stroke="#999"/>
    <text x="0" y="14" font-size="11">${max}</text><text x="0" y="${h - 20}" font-size="11">0</text>
    <text x="30" y="${h - 4}" font-size="11">${esc(points[0]?.bucket ?? '')}</text>
    <text x="${w - 90}" y="${h - 4}" font-size="11">${esc(points.at(-1)?.bucket ?? '')}</text>
    ${line('created', '#1677ff')}${line('closed', '#52c41a')}
    <text x="${w - 150}" y="14" font-size="11" fill="#1677ff">— 新增</text>
    <text x="${w - 90}" y="14" font-size="11" fill="#52c41a">— 结案</text></svg>`;
}

/** The printable page (A4, print CSS); the browser's 打印 → 另存为 PDF gives the PDF. */
export function monthlyHtml(r: MonthlyReport) {
  const d = r.dashboard;
  const m = d.measures;
  const card = (label: string, value: string, sub = '') =>
    `<div class="card"><div class="label">${label}</div><div class="value">${value}</div><div class="sub">${sub}</div></div>`;
  const rate = (x: { numerator: number; denominator: number; value: number | null }) =>
    x.value === null ? '—' : `${pct(x.value)}%`;
  const frac = (x: { numerator: number; denominator: number }) => `${x.numerator} / ${x.denominator}`;
  const l = r.loop;
  return `<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${esc(d.area.name)} ${r.month} 月报</title>
<style>
  @page { size: A4; margin: 16mm 14mm; }
  body { font-family: "PingFang SC", "Microsoft YaHei", "Noto Sans CJK SC", sans-serif; color: #222; margin: 0 auto;
         max-width: 190mm; padding: 12px; font-size: 13px; }
  h1 { font-size: 22px; margin: 0 0 4px; } h2 { font-size: 16px; border-left: 4px solid #1677ff; padding-left: 8px;
  margin: 18px 0 8px; break-after: avoid; }
  .meta { color: #666; margin-bottom: 12px; }
  .cards { display: grid; grid-template-columns: repeat(auto-fill, minmax(120px, 1fr)); gap: 8px; }
  .card { border: 1px solid #e5e5e5; border-radius: 6px; padding: 8px; break-inside: avoid; }
  .label { color: #666; font-size: 12px; } .value { font-size: 20px; font-weight: 600; } .sub { color: #999; font-size: 11px; }
  table { width: 100%; border-collapse: collapse; font-size: 12px; } th, td { border-bottom: 1px solid #eee; padding: 4px 6px;
  text-align: right; } th:first-child, td:first-child { text-align: left; } th { background: #fafafa; }
  section { break-inside: avoid; } .defs { color: #555; font-size: 11px; } .defs p { margin: 2px 0; }
  .noprint { margin: 8px 0; } @media print { .noprint { display: none; } body { padding: 0; } }
</style></head><body>
<div class="noprint"><button onclick="window.print()">打印 / 另存为 PDF</button></div>
<h1>${esc(d.area.name)} · ${r.month} 月报</h1>
<div class="meta">统计时段 ${d.from} 至 ${d.to}（北京时间）· 口径版本 ${esc(m.definitionVersion)} · 由家门口平台生成</div>
<section><h2>一、概况</h2><div class="cards">
${card('诉求量', String(m.requests))}
${card('响应率', rate(m.responseRate), frac(m.responseRate))}
${card('解决率', rate(m.resolutionRate), frac(m.resolutionRate))}
${card('满意率', rate(m.satisfactionRate), frac(m.satisfactionRate))}
${card('按期结案率', rate(m.onTimeRate), frac(m.onTimeRate))}
${card('综合得分', m.composite === null ? '—' : `${pct(m.composite)}%`)}
${card('温差', m.temperatureGap.mean === null ? '—' : `${m.temperatureGap.mean}℃`, `${m.temperatureGap.requests} 件已评价`)}
</div></section>
<section><h2>二、每日新增与结案</h2>${trend(d.trend)}</section>
<section><h2>三、诉求类别</h2>${bars(d.byCategory.slice(0, 12).map((x: { 'zh-CN': string; requests: number }) => ({ label: x['zh-CN'], value: x.requests })))}</section>
<section><h2>四、受理渠道</h2>${bars(d.byChannel.map((x: { 'zh-CN': string; requests: number }) => ({ label: x['zh-CN'], value: x.requests })))}</section>
<section><h2>五、网格排名</h2><table><thead><tr><th>网格</th><th>诉求量</th><th>响应率</th><th>解决率</th><th>满意率</th>
<th>按期结案率</th><th>综合得分</th><th>温差</th></tr></thead><tbody>
${d.ranking
  .map(
    (g) =>
      `<tr><td>${esc(g.name)}</td><td>${g.requests}</td><td>${pct(g.responseRate)}</td><td>${pct(g.resolutionRate)}</td>
<td>${pct(g.satisfactionRate)}</td><td>${pct(g.onTimeRate)}</td><td>${pct(g.composite)}</td><td>${g.temperatureGap ?? ''}</td></tr>`,
  )
  .join('')}
</tbody></table></section>
<section><h2>六、数据晨读闭环</h2><div class="cards">
${card('晨读期数', String(l.briefs))}${card('事项', String(l.items))}${card('已回报', String(l.reported))}
${card('已撤销', String(l.dismissed))}${card('已交办未回报', String(l.open))}
${card('当日闭环率', rate(l.closedSameDay), frac(l.closedSameDay))}
</div></section>
<section class="defs"><h2>口径说明</h2>${d.definitions.map((x) => `<p>${esc(x['zh-CN'])}</p>`).join('')}</section>
</body></html>`;
}
