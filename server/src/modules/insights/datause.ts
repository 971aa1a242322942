import type { Queryable } from '../../platform/db/tx';
import { RESOLUTION_REQUEST_REFS } from '../participation';
import { SCOPE } from './dashboard';

/**
 * 数据使用率: the share of the period's records that fed an assignment, a resolution or a decision
 * (docs/decisions/0029-using-the-data.md). Versioned like every figure's definition and shown next to it.
 */
export const DATA_USE_VERSION = 'v1 (2026-11)';
export const DATA_USE_DEFINITION = {
  key: 'dataUse',
  version: DATA_USE_VERSION,
  'zh-CN':
    '数据使用率 = 所选时段内（北京时间，含首尾两天）在该区域受理的诉求中，被至少一项后续行动引用的件数 ÷ 受理件数。' +
    '后续行动：晨读事项被交办或已回报（交办）；议事厅决议关联该诉求（决议）；晨读事项经说明理由撤销（决策）。' +
    '一件诉求被多项引用只计一次；引用发生在时段之后也计入。趋势按受理周（周一起）计。',
  'en-US':
    'Data use = requests received in the period (China time, both days included) in the area that at least one later ' +
    'action refers to ÷ requests received. Actions: a morning-brief item assigned or reported back (assignment); a ' +
    'deliberation-hall resolution linked to the request (resolution); a brief item dismissed with a reason (decision). ' +
    'A request referred to several times counts once; references made after the period count. Trend by week received (from Monday).',
};

const ratio = (n: number, d: number) => (d ? Math.round((n / d) * 10000) / 10000 : null);

export async function dataUse(
  db: Queryable,
  area: { tenantId: number; path: string },
  q: { from: string; to: string },
) {
  const { rows } = await db.query(
    `with scope as (${SCOPE}),
     refs as (
       select s.id, s.created_at,
              exists (select 1 from insight_brief_items i where i.tenant_id = s.tenant_id and i.request_id = s.id
                        and i.state in ('assigned', 'reported')) as brief_loop,
              exists (select 1 from (${RESOLUTION_REQUEST_REFS}) r where r.tenant_id = s.tenant_id and r.request_id = s.id) as resolution,
              exists (select 1 from insight_brief_items i where i.tenant_id = s.tenant_id and i.request_id = s.id
                        and i.state = 'dismissed') as decision
         from scope s
     )
     select
       (select count(*)::int from refs) as records,
       (select count(*)::int from refs where brief_loop or resolution or decision) as used,
       (select count(*)::int from refs where brief_loop) as brief_loop,
       (select count(*)::int from refs where resolution) as resolution,
       (select count(*)::int from refs where decision) as decision,
       (select coalesce(json_agg(x order by x.bucket), '[]') from (
          select b::date::text as bucket,
                 count(r.id)::int as records,
                 count(r.id) filter (where r.brief_loop or r.resolution or r.decision)::int as used
            from generate_series(date_trunc('week', $3::date::timestamp), $4::date::timestamp, '1 week') b
            left join refs r on date_trunc('week', r.created_at at time zone 'Asia/Shanghai')::date = b::date
           group by b) x) as trend`,
    [area.tenantId, area.path, q.from, q.to],
  );
  const r = rows[0];
  return {
    from: q.from,
    to: q.to,
    share: { numerator: r.used, denominator: r.records, value: ratio(r.used, r.records) },
    byUse: { briefLoop: r.brief_loop, resolution: r.resolution, decision: r.decision },
    trend: (r.trend as { bucket: string; records: number; used: number }[]).map((t) => ({
      ...t,
      value: ratio(t.used, t.records),
    })),
    definitions: [DATA_USE_DEFINITION],
  };
}
