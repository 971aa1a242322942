import { type Capability, can, isWithin } from '../../platform/access/policy';
import type { Actor } from '../../platform/access/scopes';
import type { Queryable } from '../../platform/db/tx';
import { forbidden, notFound } from '../../platform/http/errors';
import { notify } from '../notifications';

export interface Community {
  tenantId: number;
  id: number;
  name: string;
  path: string;
}

/** Someone with any role at, above or below the community (its residents, party members, units, staff). */
export const relatedTo = (actor: Actor, c: { tenantId: number; path: string }) =>
  actor.isPlatformAdmin ||
  actor.scopes.some(
    (s) => s.tenantId === c.tenantId && (isWithin(s.path, c.path) || isWithin(c.path, s.path)),
  );

export const isStaffOf = (actor: Actor, c: { tenantId: number; path: string }, cap: Capability) =>
  can(actor, cap, { tenantId: c.tenantId, path: c.path });

const COMMUNITY_SELECT = `select tenant_id, id, name, path::text as path from areas where kind = 'community'`;
const present = (a: Record<string, unknown>): Community => ({
  tenantId: Number(a.tenant_id),
  id: Number(a.id),
  name: a.name as string,
  path: a.path as string,
});

/**
 * The community asked about (it must be related to the actor: 404 otherwise), or the actor's own when no id is
 * given: the community above or at their first scope (a resident's building, a party member's, a secretary's).
 */
export async function communityOf(db: Queryable, actor: Actor, communityId?: number): Promise<Community> {
  if (communityId !== undefined) {
    const { rows } = await db.query(`${COMMUNITY_SELECT} and id = $1`, [communityId]);
    const c = rows[0] && present(rows[0]);
    if (!c || !relatedTo(actor, c)) throw notFound('Community', '社区');
    return c;
  }
  for (const s of actor.scopes) {
    const { rows } = await db.query(
      `${COMMUNITY_SELECT} and tenant_id = $1 and path @> $2::ltree order by nlevel(path) desc limit 1`,
      [s.tenantId, s.path],
    );
    if (rows[0]) return present(rows[0]);
  }
  throw notFound('Community', '社区');
}

/** The community, when the actor holds `cap` over it (404 outside their street, 403 inside). */
export async function staffCommunity(db: Queryable, actor: Actor, communityId: number, cap: Capability) {
  const { rows } = await db.query(`${COMMUNITY_SELECT} and id = $1`, [communityId]);
  const c = rows[0] && present(rows[0]);
  if (!c) throw notFound('Community', '社区');
  if (!isStaffOf(actor, c, cap)) {
    if (relatedTo(actor, c) || actor.scopes.some((s) => s.tenantId === c.tenantId)) throw forbidden();
    throw notFound('Community', '社区');
  }
  return c;
}

/** A tenant row's community, as a Community (for rows loaded by id). */
export async function communityById(db: Queryable, tenantId: number, id: number): Promise<Community> {
  const { rows } = await db.query(`${COMMUNITY_SELECT} and tenant_id = $1 and id = $2`, [tenantId, id]);
  if (!rows[0]) throw notFound('Community', '社区');
  return present(rows[0]);
}

export const iso = (d: unknown) => (d ? (d as Date).toISOString() : null);
export const day = (d: unknown) => {
  if (!d) return null;
  if (typeof d === 'string') return d.slice(0, 10);
  const x = d as Date;
  return `${x.getFullYear()}-${String(x.getMonth() + 1).padStart(2, '0')}-${String(x.getDate()).padStart(2, '0')}`;
};

/** In-app messages for participation events, written in the caller's transaction (notifications' generic notify). */
export const notifyUsers = notify;
