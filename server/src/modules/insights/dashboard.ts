import type { Queryable } from '../../platform/db/tx';
import { CHANNEL, defs, label, NATURE, STATUS } from './definitions';
import { rollupMeasures } from './rollup';

export interface AreaRef {
  tenantId: number;
  id: number;
  name: string;
  kind: string;
  path: string;
}

/** Requests in an area's subtree (its grids, or its community when no grid) received in [from, to] China days. */
export const SCOPE = `select r.* from requests r
     left join areas g on g.tenant_id = r.tenant_id and g.id = r.grid_id
     left join areas cm on cm.tenant_id = r.tenant_id and cm.id = r.community_id
    where r.tenant_id = $1 and coalesce(g.path, cm.path) <@ $2::ltree
      and r.created_at >= ($3::date::timestamp at time zone 'Asia/Shanghai')
      and r.created_at < (($4::date + 1)::timestamp at time zone 'Asia/Shanghai')`;

const round = (v: number | null, d = 4) => (v === null ? null : Math.round(v * 10 ** d) / 10 ** d);

/** One dashboard: the requests module's measures, breakdowns, trend, the children's ranking and the heat cells. */
export async function dashboard(
  db: Queryable,
  area: AreaRef,
  q: { from: string; to: string; bucket: 'day' | 'week' },
) {
  const values = [area.tenantId, area.path, q.from, q.to];
  const [counts, children] = await Promise.all([
    db.query(
      `with scope as (${SCOPE})
       select
         (select coalesce(json_agg(x order by x.n desc), '[]') from
            (select status as key, count(*)::int as n from scope group by status) x) as by_status,
         (select coalesce(json_agg(x order by x.n desc), '[]') from
            (select channel as key, count(*)::int as n from scope group by channel) x) as by_channel,
         (select coalesce(json_agg(x order by x.n desc), '[]') from
            (select nature as key, count(*)::int as n from scope group by nature) x) as by_nature,
         (select coalesce(json_agg(x order by x.n desc), '[]') from
            (select coalesce(c.parent_code, c.code) as key, min(coalesce(p.name_zh, c.name_zh)) as zh,
                    min(coalesce(p.name_en, c.name_en)) as en, count(*)::int as n
               from scope s join request_categories c on c.code = s.category_code
               left join request_categories p on p.code = c.parent_code
              group by coalesce(c.parent_code, c.code)) x) as by_category,
         (select coalesce(json_agg(x order by x.bucket), '[]') from (
            select b::date::text as bucket, coalesce(c.n, 0) as created, coalesce(d.n, 0) as closed
              from generate_series(date_trunc($5, $3::date::timestamp), $4::date::timestamp, ('1 ' || $5)::interval) b
              left join (select date_trunc($5, created_at at time zone 'Asia/Shanghai')::date as k, count(*)::int as n
                           from scope group by 1) c on c.k = b::date
              left join (select date_trunc($5, closed_at at time zone 'Asia/Shanghai')::date as k, count(*)::int as n
                           from scope where closed_at is not null group by 1) d on d.k = b::date) x) as trend,
         (select coalesce(json_agg(x), '[]') from (
            select round(lng, 3)::float as lng, round(lat, 3)::float as lat, count(*)::int as n
              from scope where lng is not null and lat is not null group by 1, 2 order by 3 desc limit 2000) x) as heat`,
      [...values, q.bucket],
    ),
    db.query(
      `select id, name, path::text as path from areas
        where tenant_id = $1 and parent_id = $2 and archived_at is null and kind in ('community', 'grid')
        order by path limit 60`,
      [area.tenantId, area.id],
    ),
  ]);
  // the area's and its children's measures in one read of the roll-ups (rollup.ts: equal to computeMeasures)
  const all = await rollupMeasures(db, {
    tenantId: area.tenantId,
    areaIds: [Number(area.id), ...children.rows.map((c) => Number(c.id))],
    from: q.from,
    to: q.to,
  });
  const measures = all.get(Number(area.id))!;
  const ranking = [];
  for (const c of children.rows) {
    const m = all.get(Number(c.id))!;
    ranking.push({
      areaId: Number(c.id),
      name: c.name as string,
      requests: m.requests,
      responseRate: m.responseRate.value,
      resolutionRate: m.resolutionRate.value,
      satisfactionRate: m.satisfactionRate.value,
      onTimeRate: m.onTimeRate.value,
      composite: m.composite,
      temperatureGap: m.temperatureGap.mean,
    });
  }
  ranking.sort(
    (a, b) => (b.composite ?? -1) - (a.composite ?? -1) || b.requests - a.requests || a.areaId - b.areaId,
  );
  const r = counts.rows[0];
  const m = measures;
  return {
    area: { id: area.id, name: area.name, kind: area.kind },
    from: q.from,
    to: q.to,
    definitions: defs(
      'requests',
      'responseRate',
      'resolutionRate',
      'satisfactionRate',
      'onTimeRate',
      'composite',
      'temperatureGap',
      'trend',
      'heat',
    ),
    measures: { definitionVersion: defs('responseRate')[0]!.version, ...m },
    byStatus: r.by_status.map((x: { key: string; n: number }) => ({
      ...label(STATUS, x.key),
      requests: x.n,
    })),
    byChannel: r.by_channel.map((x: { key: string; n: number }) => ({
      ...label(CHANNEL, x.key),
      requests: x.n,
    })),
    byNature: r.by_nature.map((x: { key: string; n: number }) => ({
      ...label(NATURE, x.key),
      requests: x.n,
    })),
    byCategory: r.by_category.map((x: { key: string; zh: string; en: string; n: number }) => ({
      key: x.key,
      'zh-CN': x.zh,
      'en-US': x.en,
      requests: x.n,
    })),
    trend: r.trend as { bucket: string; created: number; closed: number }[],
    ranking,
    heat: r.heat.map((h: { lng: number; lat: number; n: number }) => ({
      lng: h.lng,
      lat: h.lat,
      requests: h.n,
    })),
  };
}

export type DashboardData = Awaited<ReturnType<typeof dashboard>>;

const pct = (v: number | null) => (v === null ? '' : round(v * 100, 1));

/** One chart's data as a sheet: columns and rows (Chinese headers, the console's language of record). */
export function chartSheet(d: DashboardData, chart: string) {
  const counts = (rows: { 'zh-CN': string; requests: number }[], head: string) => ({
    columns: [
      { header: head, key: 'name', width: 20 },
      { header: '诉求量', key: 'requests', width: 12 },
    ],
    rows: rows.map((x) => ({ name: x['zh-CN'], requests: x.requests })),
  });
  switch (chart) {
    case 'status':
      return counts(d.byStatus, '状态');
    case 'channel':
      return counts(d.byChannel, '渠道');
    case 'nature':
      return counts(d.byNature, '性质');
    case 'category':
      return counts(d.byCategory, '类别');
    case 'trend':
      return {
        columns: [
          { header: '日期', key: 'bucket', width: 14 },
          { header: '新增', key: 'created', width: 10 },
          { header: '结案', key: 'closed', width: 10 },
        ],
        rows: d.trend,
      };
    case 'ranking':
      return {
        columns: [
          { header: '区域', key: 'name', width: 20 },
          { header: '诉求量', key: 'requests', width: 10 },
          { header: '响应率%', key: 'response', width: 10 },
          { header: '解决率%', key: 'resolution', width: 10 },
          { header: '满意率%', key: 'satisfaction', width: 10 },
          { header: '按期结案率%', key: 'onTime', width: 12 },
          { header: '综合得分%', key: 'composite', width: 10 },
          { header: '温差℃', key: 'gap', width: 10 },
        ],
        rows: d.ranking.map((x) => ({
          name: x.name,
          requests: x.requests,
          response: pct(x.responseRate),
          resolution: pct(x.resolutionRate),
          satisfaction: pct(x.satisfactionRate),
          onTime: pct(x.onTimeRate),
          composite: pct(x.composite),
          gap: x.temperatureGap ?? '',
        })),
      };
    case 'heat':
      return {
        columns: [
          { header: '经度', key: 'lng', width: 12 },
          { header: '纬度', key: 'lat', width: 12 },
          { header: '诉求量', key: 'requests', width: 10 },
        ],
        rows: d.heat,
      };
    default: {
      const m = d.measures;
      const rate = (name: string, r: { numerator: number; denominator: number; value: number | null }) => ({
        name,
        value: pct(r.value),
        numerator: r.numerator,
        denominator: r.denominator,
      });
      return {
        columns: [
          { header: '指标', key: 'name', width: 16 },
          { header: '数值', key: 'value', width: 10 },
          { header: '分子', key: 'numerator', width: 10 },
          { header: '分母', key: 'denominator', width: 10 },
          { header: '口径版本', key: 'version', width: 14 },
        ],
        rows: [
          { name: '诉求量', value: m.requests },
          rate('响应率%', m.responseRate),
          rate('解决率%', m.resolutionRate),
          rate('满意率%', m.satisfactionRate),
          rate('按期结案率%', m.onTimeRate),
          { name: '综合得分%', value: pct(m.composite) },
          { name: '温差℃', value: m.temperatureGap.mean ?? '', denominator: m.temperatureGap.requests },
        ].map((x) => ({ ...x, version: m.definitionVersion })),
      };
    }
  }
}
