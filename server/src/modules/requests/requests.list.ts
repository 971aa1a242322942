import type { RequestListQuery } from '@doorstep/contract';
import type { z } from 'zod';
import { scopesWith, tenantFilter } from '../../platform/access/policy';
import type { Actor } from '../../platform/access/scopes';
import { binder } from '../../platform/db/bind';
import type { Queryable } from '../../platform/db/tx';
import { loadCategories } from './suggest';

/**
 * The workbench's WHERE clause for one actor and query (queue and filters), shared by the list and the Excel
 * export so both always show the same requests. Staff see their areas, responders what was whistled to them.
 */
export async function listFilter(
  pool: Queryable,
  actor: Actor,
  q: Omit<z.infer<typeof RequestListQuery>, 'page' | 'pageSize'>,
): Promise<{ filter: string; values: unknown[] }> {
  const scopes = scopesWith(actor, 'request.view');
  const tenants = tenantFilter(actor);
  const where: string[] = [];
  const { values, bind } = binder();
  const add = (sql: string, v: unknown) => where.push(bind(sql, v));
  if (tenants) add('r.tenant_id = any(?::bigint[])', tenants);
  if (!actor.isPlatformAdmin) {
    // staff see their areas (a street scope is the whole tenant, a community or grid scope its own id, so no
    // join is needed); responders see the requests whistled to their organisations
    const reach: string[] = [];
    const push = (sql: string, v: unknown) => reach.push(bind(sql, v));
    const streets = scopes.filter((x) => x.areaKind === 'street').map((x) => x.tenantId);
    const communities = scopes.filter((x) => x.areaKind === 'community').map((x) => x.areaId);
    const grids = scopes.filter((x) => x.areaKind === 'grid').map((x) => x.areaId);
    const deeper = scopes
      .filter((x) => !['street', 'community', 'grid'].includes(x.areaKind))
      .map((x) => x.path);
    if (streets.length) push('r.tenant_id = any(?::bigint[])', streets);
    if (communities.length) push('r.community_id = any(?::bigint[])', communities);
    if (grids.length) push('r.grid_id = any(?::bigint[])', grids);
    if (deeper.length)
      push(
        'exists (select 1 from areas a where a.tenant_id = r.tenant_id and a.id = r.grid_id and a.path <@ ?::ltree[])',
        deeper,
      );
    push(
      `exists (select 1 from whistles w join responder_members m on m.tenant_id = w.tenant_id and m.org_id = w.org_id
      where w.tenant_id = r.tenant_id and w.request_id = r.id and m.user_id = ?)`,
      actor.userId,
    );
    where.push(`(${reach.join(' or ')})`);
  }
  const queues: Record<string, string> = {
    new: "r.status in ('received', 'returned', 'reopened')",
    overdue: "r.status not in ('handled', 'verified', 'closed') and r.resolve_due_at < now()",
    verify: "r.status = 'handled'",
    returned: "r.status = 'returned'",
    // 延期 asks waiting for a decision (withdrawn automatically once the request is handled)
    delay:
      "exists (select 1 from request_delays d where d.tenant_id = r.tenant_id and d.request_id = r.id and d.status = 'pending')",
    closed: "r.status = 'closed'",
  };
  if (q.queue === 'mine')
    add(
      `exists (select 1 from whistles w join responder_members m on m.tenant_id = w.tenant_id and m.org_id = w.org_id
      where w.tenant_id = r.tenant_id and w.request_id = r.id and w.status in ('pending', 'accepted') and m.user_id = ?)`,
      actor.userId,
    );
  else if (queues[q.queue]) where.push(queues[q.queue]!);
  if (q.status) add('r.status = ?', q.status);
  if (q.gridId) add('r.grid_id = ?', q.gridId);
  if (q.categoryCode) {
    // a parent code stands for its children
    const codes = (await loadCategories(pool))
      .filter((c) => c.code === q.categoryCode || c.parent_code === q.categoryCode)
      .map((c) => c.code);
    add('r.category_code = any(?::text[])', codes);
  }
  if (q.channel) add('r.channel = ?', q.channel);
  if (q.nature) add('r.nature = ?', q.nature);
  if (q.q) add(`(r.description ilike '%' || ? || '%' or r.public_no = ?)`, q.q);
  return { filter: `from requests r ${where.length ? `where ${where.join(' and ')}` : ''}`, values };
}
