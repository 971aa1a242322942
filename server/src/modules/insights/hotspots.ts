import { createHash } from 'node:crypto';
import type { Queryable } from '../../platform/db/tx';
import type { AreaRef } from './dashboard';

/**
 * 主动治理 hot spots: requests of one category at one place — the same address, else the same ~100 m cell — in one
 * grid, at least `min` times in the last `days` days. The category with the most clustered requests is proposed as
 * the street's topic of the month (每月一题).
 */
export async function hotspots(db: Queryable, area: AreaRef, q: { days: number; min: number }) {
  const { rows } = await db.query(
    `with scope as (
       select r.*, coalesce(nullif(btrim(r.address), ''),
                case when r.lng is not null then '≈' || round(r.lng, 3) || ',' || round(r.lat, 3) end) as place
         from requests r
         left join areas g on g.tenant_id = r.tenant_id and g.id = r.grid_id
         left join areas cm on cm.tenant_id = r.tenant_id and cm.id = r.community_id
        where r.tenant_id = $1 and coalesce(g.path, cm.path) <@ $2::ltree
          and r.created_at >= now() - make_interval(days => $3) and r.duplicate_of is null
          -- a proactive task opened for a cluster is not one more complaint in it
          and not (r.channel = 'patrol' and coalesce(r.source_ref, '') like 'hotspot-%')
     )
     select s.place, s.grid_id, g.name as grid_name, s.category_code, c.name_zh as category_name,
            count(*)::int as n, min(s.created_at) as first, max(s.created_at) as last,
            avg(s.lng)::float as lng, avg(s.lat)::float as lat,
            (json_agg(json_build_object('id', s.id, 'publicNo', s.public_no, 'createdAt', s.created_at,
                                        'description', left(s.description, 120), 'status', s.status)
                      order by s.created_at desc))::jsonb as evidence
       from scope s
       join request_categories c on c.code = s.category_code
       left join areas g on g.tenant_id = s.tenant_id and g.id = s.grid_id
      where s.place is not null
      group by s.place, s.grid_id, g.name, s.category_code, c.name_zh
     having count(*) >= $4
      order by count(*) desc, max(s.created_at) desc
      limit 200`,
    [area.tenantId, area.path, q.days, q.min],
  );
  // the task key: category, grid and place (hashed to fit source_ref's 64 characters)
  const keyOf = (r: { category_code: string; grid_id: unknown; place: string }) =>
    `hotspot-${createHash('sha256')
      .update(`${r.category_code}|${r.grid_id ?? ''}|${r.place}`)
      .digest('hex')
      .slice(0, 40)}`;
  const keys = rows.map(keyOf);
  const { rows: tasks } = await db.query(
    `select source_ref, max(id) as id from requests where tenant_id = $1 and channel = 'patrol' and source_ref = any($2::text[])
      group by source_ref`,
    [area.tenantId, keys],
  );
  const taskOf = new Map(tasks.map((t) => [t.source_ref as string, Number(t.id)]));
  const items = rows.map((r) => ({
    place: r.place as string,
    gridId: r.grid_id === null ? null : Number(r.grid_id),
    gridName: r.grid_name as string | null,
    categoryCode: r.category_code as string,
    categoryName: r.category_name as string,
    requests: r.n as number,
    first: new Date(r.first).toISOString(),
    last: new Date(r.last).toISOString(),
    lng: r.lng as number | null,
    lat: r.lat as number | null,
    taskKey: keyOf(r),
    taskRequestId: taskOf.get(keyOf(r)) ?? null,
    evidence: (
      r.evidence as { id: number; publicNo: string; createdAt: string; description: string; status: string }[]
    )
      .slice(0, 20)
      .map((e) => ({ ...e, id: Number(e.id), createdAt: new Date(e.createdAt).toISOString() })),
  }));
  const topics = new Map<
    string,
    { categoryCode: string; categoryName: string; clusters: number; requests: number }
  >();
  for (const h of items) {
    const t = topics.get(h.categoryCode) ?? {
      categoryCode: h.categoryCode,
      categoryName: h.categoryName,
      clusters: 0,
      requests: 0,
    };
    t.clusters++;
    t.requests += h.requests;
    topics.set(h.categoryCode, t);
  }
  const topic =
    [...topics.values()].sort(
      (a, b) =>
        b.requests - a.requests || b.clusters - a.clusters || (a.categoryCode < b.categoryCode ? -1 : 1),
    )[0] ?? null;
  return { days: q.days, min: q.min, items, topic };
}
