import type { Queryable } from '../../platform/db/tx';

export interface Place {
  tenantId: number;
  areaId: number;
  gridId: number | null;
  communityId: number | null;
}

/** The grid and community at or above an area (where a request about that place belongs). */
export async function placeOf(db: Queryable, areaId: number): Promise<Place | null> {
  const { rows } = await db.query({
    name: 'area-place',
    text: `select a.tenant_id, a.id,
              (select g.id from areas g where g.tenant_id = a.tenant_id and g.path @> a.path and g.kind = 'grid' limit 1) as grid_id,
              (select c.id from areas c where c.tenant_id = a.tenant_id and c.path @> a.path and c.kind = 'community' limit 1) as community_id
             from areas a where a.id = $1 and a.archived_at is null`,
    values: [areaId],
  });
  const r = rows[0];
  return r ? { tenantId: r.tenant_id, areaId: r.id, gridId: r.grid_id, communityId: r.community_id } : null;
}

/** The compound or building whose name the address mentions (longest name wins), in the given tenants. */
export async function placeByAddress(
  db: Queryable,
  tenants: number[],
  address: string,
): Promise<Place | null> {
  const { rows } = await db.query(
    `select id from areas
      where tenant_id = any($1) and kind in ('compound', 'building', 'grid') and archived_at is null
        and length(name) >= 3 and strpos($2, name) > 0
      order by length(name) desc, nlevel(path) desc limit 1`,
    [tenants, address],
  );
  return rows[0] ? placeOf(db, rows[0].id) : null;
}
