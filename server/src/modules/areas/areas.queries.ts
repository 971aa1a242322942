import type { AreaKind, AreaProperties, PolygonGeometry } from '@doorstep/contract';
import { authorize, type Capability } from '../../platform/access/policy';
import type { Actor } from '../../platform/access/scopes';
import type { Queryable } from '../../platform/db/tx';
import { notFound } from '../../platform/http/errors';

/** An area row as the module works with it (geometry only when asked for). */
export interface AreaRow {
  tenantId: number;
  id: number;
  parentId: number | null;
  kind: AreaKind;
  name: string;
  code: string | null;
  path: string;
  properties: AreaProperties;
  version: number;
  archivedAt: Date | null;
  hasGeometry: boolean;
  geometry?: PolygonGeometry | null;
  childCount: number;
  lead: { userId: string; name: string; phone: string | null } | null;
}

const SELECT = (withGeometry: boolean, extraColumns = '') => `
  select a.tenant_id, a.id, a.parent_id, a.kind, a.name, a.code, a.path::text as path, a.properties, a.version,
         a.archived_at, a.geometry is not null as has_geometry ${withGeometry ? ', a.geometry' : ''},
         (select count(*) from areas c where c.tenant_id = a.tenant_id and c.parent_id = a.id
            and (c.archived_at is null or $1::boolean)) as child_count,
         lw.user_id as lead_user_id, u.name as lead_name, u."phoneNumber" as lead_phone ${extraColumns}
    from areas a
    left join grid_members lw on lw.tenant_id = a.tenant_id and lw.grid_id = a.id and lw.role = 'lead'
    left join "user" u on u.id = lw.user_id`;

// biome-ignore lint/suspicious/noExplicitAny: a database row
function toRow(r: any): AreaRow {
  return {
    tenantId: r.tenant_id,
    id: r.id,
    parentId: r.parent_id,
    kind: r.kind,
    name: r.name,
    code: r.code,
    path: r.path,
    properties: r.properties ?? {},
    version: r.version,
    archivedAt: r.archived_at,
    hasGeometry: r.has_geometry,
    ...(r.geometry !== undefined ? { geometry: r.geometry } : {}),
    childCount: Number(r.child_count),
    lead: r.lead_user_id ? { userId: r.lead_user_id, name: r.lead_name, phone: r.lead_phone } : null,
  };
}

/** One area by id, within the given tenants (all tenants when `tenants` is null: platform admins). */
export async function findArea(db: Queryable, id: number, tenants: number[] | null, withGeometry = false) {
  // two shapes so the planner uses the primary key (tenant_id, id) when tenants are known
  // named statements: PostgreSQL keeps the plan per connection (planning cost more than running these)
  const g = withGeometry ? 'g' : '';
  const { rows } = tenants
    ? await db.query({
        name: `area-by-id-in-tenants${g}`,
        text: `${SELECT(withGeometry)} where a.tenant_id = any($3) and a.id = $2`,
        values: [false, id, tenants],
      })
    : await db.query({
        name: `area-by-id${g}`,
        text: `${SELECT(withGeometry)} where a.id = $2`,
        values: [false, id],
      });
  return rows[0] ? toRow(rows[0]) : null;
}

/** Children of one node, ordered by code then pinyin name. */
export async function listChildren(
  db: Queryable,
  tenantId: number,
  parentId: number,
  includeArchived: boolean,
) {
  const { rows } = await db.query({
    name: 'area-children',
    text: `${SELECT(false)} where a.tenant_id = $2 and a.parent_id = $3 and (a.archived_at is null or $1::boolean)
      order by a.code nulls last, a.name collate "zh-x-icu"`,
    values: [includeArchived, tenantId, parentId],
  });
  return rows.map(toRow);
}

/** Nodes by id list (e.g. the actor's scope roots). */
export async function listByIds(db: Queryable, ids: number[], includeArchived: boolean) {
  const { rows } = await db.query(`${SELECT(false)} where a.id = any($2) order by a.path`, [
    includeArchived,
    ids,
  ]);
  return rows.map(toRow);
}

/** Every street root (platform administrators start here). */
export async function listStreets(db: Queryable) {
  const { rows } = await db.query(`${SELECT(false)} where a.kind = 'street' order by a.code`, [false]);
  return rows.map(toRow);
}

/** The subtree under a path (export, archive), ordered so parents come before children. */
export async function listSubtree(db: Queryable, tenantId: number, path: string, includeArchived: boolean) {
  const { rows } = await db.query(
    `${SELECT(false)} where a.tenant_id = $2 and a.path <@ $3::ltree and (a.archived_at is null or $1::boolean)
      order by nlevel(a.path), a.code nulls last, a.name collate "zh-x-icu"`,
    [includeArchived, tenantId, path],
  );
  return rows.map(toRow);
}

/** Fuzzy name or code search (pg_trgm) limited to the given subtrees. */
export async function searchAreas(
  db: Queryable,
  q: string,
  roots: { tenantId: number; path: string }[] | null,
  limit: number,
) {
  const { rows } = await db.query(
    `${SELECT(false)}
      where a.archived_at is null and (a.name ilike '%' || $2 || '%' or a.code like $2 || '%' or a.name % $2)
        and ($3::jsonb is null or exists (select 1 from jsonb_array_elements($3::jsonb) s
              where a.tenant_id = (s->>'tenantId')::bigint and a.path <@ (s->>'path')::ltree))
      order by similarity(a.name, $2) desc, nlevel(a.path) limit $4`,
    [false, q, roots ? JSON.stringify(roots) : null, limit],
  );
  return rows.map(toRow);
}

/** Live grids with geometry under a path, for the map. */
export async function listGridShapes(db: Queryable, tenantId: number, path: string) {
  const { rows } = await db.query(
    `select g.id, g.name, g.code, g.geometry, c.id as community_id, c.name as community_name, u.name as lead_name
       from areas g
       join areas c on c.tenant_id = g.tenant_id and c.id = g.parent_id
       left join grid_members lw on lw.tenant_id = g.tenant_id and lw.grid_id = g.id and lw.role = 'lead'
       left join "user" u on u.id = lw.user_id
      where g.tenant_id = $1 and g.kind = 'grid' and g.archived_at is null and g.geometry is not null
        and g.path <@ $2::ltree
      order by g.code`,
    [tenantId, path],
  );
  return rows;
}

/** Live grids whose bounding box holds the point (the exact test runs in Node with turf). */
export async function listGridCandidates(db: Queryable, lng: number, lat: number) {
  const { rows } = await db.query(
    `select tenant_id, id, name, code, parent_id, geometry from areas
      where kind = 'grid' and archived_at is null and bbox @> box(point($1, $2), point($1, $2))`,
    [lng, lat],
  );
  return rows as {
    tenant_id: number;
    id: number;
    name: string;
    code: string | null;
    parent_id: number;
    geometry: PolygonGeometry;
  }[];
}

export async function findByCode(db: Queryable, tenantId: number, code: string) {
  const { rows } = await db.query(`${SELECT(false)} where a.tenant_id = $2 and a.code = $3`, [
    true,
    tenantId,
    code,
  ]);
  return rows[0] ? toRow(rows[0]) : null;
}

/** A live child without a code, matched by kind and name (how a re-import recognises code-less rows). */
export async function findChildByName(
  db: Queryable,
  tenantId: number,
  parentId: number,
  kind: string,
  name: string,
) {
  const { rows } = await db.query(
    `${SELECT(false)} where a.tenant_id = $2 and a.parent_id = $3 and a.kind = $4 and a.name = $5 and a.code is null
       and a.archived_at is null order by a.id limit 1`,
    [false, tenantId, parentId, kind, name],
  );
  return rows[0] ? toRow(rows[0]) : null;
}

/** Everything the detail view shows, in one round trip: the node (with outline), its ancestors, grid members, district. */
export async function findAreaDetail(db: Queryable, id: number, tenants: number[] | null) {
  const { rows } = await db.query({
    name: 'area-detail',
    text: `${SELECT(true, ', extra.*')},
       lateral (select
         (select coalesce(json_agg(json_build_object('id', x.id, 'kind', x.kind, 'name', x.name) order by nlevel(x.path)), '[]')
            from areas x where x.tenant_id = a.tenant_id and x.path @> a.path and x.path <> a.path) as ancestors,
         (select coalesce(json_agg(json_build_object('user_id', gm.user_id, 'role', gm.role, 'name', mu.name, 'phone', mu."phoneNumber")
                   order by gm.role = 'lead' desc, mu.name collate "zh-x-icu"), '[]')
            from grid_members gm join "user" mu on mu.id = gm.user_id where gm.tenant_id = a.tenant_id and gm.grid_id = a.id) as members,
         (select json_build_object('code', d.code, 'name', d.name)
            from tenants t join districts d on d.code = t.district_code where t.tenant_id = a.tenant_id) as district) extra
     where a.id = $2 and ($3::bigint[] is null or a.tenant_id = any($3))`,
    values: [false, id, tenants],
  });
  const r = rows[0];
  if (!r) return null;
  return {
    area: toRow(r),
    ancestors: r.ancestors as { id: number; kind: AreaKind; name: string }[],
    members: r.members as { user_id: string; role: 'lead' | 'member'; name: string; phone: string | null }[],
    district: r.district as { code: string; name: string },
  };
}

/** A community the actor holds `cap` over (404 outside their streets, 403 inside without the right). */
export async function managedCommunity(db: Queryable, actor: Actor, communityId: number, cap: Capability) {
  const { rows } = await db.query(
    `select tenant_id, id, name, path::text as path from areas where id = $1 and kind = 'community'`,
    [communityId],
  );
  const a = rows[0];
  const missing = () => notFound('Community', '社区');
  if (!a) throw missing();
  const c = {
    tenantId: Number(a.tenant_id),
    id: Number(a.id),
    name: a.name as string,
    path: a.path as string,
  };
  authorize(actor, cap, c, missing);
  return c;
}
