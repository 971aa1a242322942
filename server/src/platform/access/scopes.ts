import type { AreaKind, Role } from '@doorstep/contract';
import type { Queryable } from '../db/tx';
import { invalidateActors } from './actor-cache';

/** One role held at one area node; it reaches the node's whole subtree. */
export interface Scope {
  tenantId: number;
  role: Role;
  areaId: number;
  areaKind: AreaKind;
  areaName: string;
  /** ltree path of the area, ids joined by '.' */
  path: string;
  orgName: string | null;
}

/** Whoever is asking: a signed-in user with their scopes. */
export interface Actor {
  userId: string;
  name: string;
  phone: string | null;
  isPlatformAdmin: boolean;
  scopes: Scope[];
}

export { invalidateActors } from './actor-cache';

/** Loads a user's role scopes (role assignments on live areas) and platform-admin flag. */
export async function loadActor(
  db: Queryable,
  user: { id: string; name: string; phoneNumber?: string | null },
): Promise<Actor> {
  const { rows } = await db.query({
    name: 'actor-scopes',
    text: `select ra.tenant_id, ra.role, ra.area_id, a.kind, a.name, a.path::text as path, ra.org_name,
            exists (select 1 from platform_admins p where p.user_id = $1) as admin
       from role_assignments ra
       join areas a on a.tenant_id = ra.tenant_id and a.id = ra.area_id and a.archived_at is null
      where ra.user_id = $1
      order by ra.tenant_id, nlevel(a.path), ra.role`,
    values: [user.id],
  });
  const admin =
    rows.length > 0
      ? Boolean(rows[0].admin)
      : (await db.query('select 1 from platform_admins where user_id = $1', [user.id])).rowCount === 1;
  return {
    userId: user.id,
    name: user.name,
    phone: user.phoneNumber ?? null,
    isPlatformAdmin: admin,
    scopes: rows.map((r) => ({
      tenantId: Number(r.tenant_id),
      role: r.role,
      areaId: Number(r.area_id),
      areaKind: r.kind,
      areaName: r.name,
      path: r.path,
      orgName: r.org_name,
    })),
  };
}

/** Grants a role at an area (idempotent). Used by modules that create memberships (e.g. grid workers). */
export async function grantRole(
  db: Queryable,
  g: { tenantId: number; userId: string; role: Role; areaId: number; orgName?: string | null },
): Promise<void> {
  await db.query(
    `insert into role_assignments (tenant_id, user_id, role, area_id, org_name) values ($1, $2, $3, $4, $5)
     on conflict (tenant_id, user_id, role, area_id) do nothing`,
    [g.tenantId, g.userId, g.role, g.areaId, g.orgName ?? null],
  );
  invalidateActors();
}

/** Removes a role at an area. */
export async function revokeRole(
  db: Queryable,
  g: { tenantId: number; userId: string; role: Role; areaId: number },
): Promise<void> {
  await db.query(
    'delete from role_assignments where tenant_id = $1 and user_id = $2 and role = $3 and area_id = $4',
    [g.tenantId, g.userId, g.role, g.areaId],
  );
  invalidateActors();
}
