import type { Queryable } from '../../platform/db/tx';

/** Street, community, grid and the grid's lead worker above (or at) a node — a resident's "my community". */
export async function homeOf(db: Queryable, tenantId: number, path: string) {
  const { rows } = await db.query({
    name: 'area-home',
    text: `select a.id, a.kind, a.name, a.code, a.properties, u.id as lead_id, u.name as lead_name, u."phoneNumber" as lead_phone
       from areas a
       left join grid_members lw on a.kind = 'grid' and lw.tenant_id = a.tenant_id and lw.grid_id = a.id and lw.role = 'lead'
       left join "user" u on u.id = lw.user_id
      where a.tenant_id = $1 and a.path @> $2::ltree and a.kind in ('street', 'community', 'grid')
      order by nlevel(a.path)`,
    values: [tenantId, path],
  });
  const by = (k: string) => rows.find((r) => r.kind === k);
  const street = by('street');
  const community = by('community');
  const grid = by('grid');
  return {
    street: street ? { id: street.id as number, name: street.name as string } : null,
    community: community
      ? { id: community.id as number, name: community.name as string, properties: community.properties }
      : null,
    grid: grid
      ? { id: grid.id as number, name: grid.name as string, code: grid.code as string | null }
      : null,
    gridWorker: grid?.lead_id
      ? {
          userId: grid.lead_id as string,
          name: grid.lead_name as string,
          phone: grid.lead_phone as string | null,
        }
      : null,
  };
}
