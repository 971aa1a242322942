import type { BriefItem } from '@doorstep/contract';
import type pg from 'pg';
import { can } from '../../platform/access/policy';
import type { Actor } from '../../platform/access/scopes';
import { recordAudit } from '../../platform/audit/audit';
import type { Queryable } from '../../platform/db/tx';
import { conflict, forbidden, invalid, notFound } from '../../platform/http/errors';
import { notifyUsers } from './notify';

export const ITEM_SELECT = `select i.*, b.day::text as day, b.community_id, a.name as community_name,
       a.path::text as community_path, ou.name as owner_name, au.name as assignee_name
  from insight_brief_items i
  join insight_briefs b on b.tenant_id = i.tenant_id and b.id = i.brief_id
  join areas a on a.tenant_id = b.tenant_id and a.id = b.community_id
  left join "user" ou on ou.id = i.owner_user_id
  left join "user" au on au.id = i.assignee_user_id`;

const iso = (d: Date | null) => (d ? new Date(d).toISOString() : null);
export function presentItem(r: pg.QueryResultRow): BriefItem {
  return {
    id: Number(r.id),
    briefId: Number(r.brief_id),
    rank: r.rank,
    kind: r.kind,
    score: Number(r.score),
    title: r.title,
    detail: r.detail,
    requestId: r.request_id === null ? null : Number(r.request_id),
    areaId: r.area_id === null ? null : Number(r.area_id),
    communityName: r.community_name,
    day: r.day,
    owner: r.owner_user_id ? { userId: r.owner_user_id, name: r.owner_name ?? '' } : null,
    state: r.state,
    assignee: r.assignee_user_id ? { userId: r.assignee_user_id, name: r.assignee_name ?? '' } : null,
    dueAt: iso(r.due_at),
    note: r.note,
    dismissReason: r.dismiss_reason,
    report: r.report,
    reportedAt: iso(r.reported_at),
    decidedAt: iso(r.decided_at),
    carriedFrom: r.carried_from === null ? null : Number(r.carried_from),
    version: r.version,
  };
}

/** People the meeting can give an item to: staff and grid workers of the community, and its responders' members. */
export async function assignees(db: Queryable, tenantId: number, communityPath: string) {
  const { rows } = await db.query(
    `select distinct on (u.id) u.id as user_id, u.name, x.role from (
        select ra.user_id, ra.role from role_assignments ra join areas a on a.tenant_id = ra.tenant_id and a.id = ra.area_id
         where ra.tenant_id = $1 and a.path <@ $2::ltree
           and ra.role in ('community_secretary', 'community_staff', 'grid_worker')
        union all
        select gm.user_id, 'grid_worker' from grid_members gm join areas a on a.tenant_id = gm.tenant_id and a.id = gm.grid_id
         where gm.tenant_id = $1 and a.path <@ $2::ltree
        union all
        select m.user_id, 'responder' from responder_members m
          join responder_orgs o on o.tenant_id = m.tenant_id and o.id = m.org_id and o.archived_at is null
          join areas a on a.tenant_id = o.tenant_id and a.id = o.area_id
         where m.tenant_id = $1 and a.path <@ $2::ltree) x
       join "user" u on u.id = x.user_id
      order by u.id, array_position(array['community_secretary', 'community_staff', 'grid_worker', 'responder'], x.role)`,
    [tenantId, communityPath],
  );
  return rows
    .map((r) => ({ userId: r.user_id as string, name: r.name as string, role: r.role as string }))
    .sort((a, b) => a.role.localeCompare(b.role) || a.name.localeCompare(b.name, 'zh-CN'));
}

/** Locks an item the actor may act on; `cap` over its community, or (for reports) being its assignee. */
async function lockItem(tx: pg.PoolClient, actor: Actor, id: number, version: number, forReport = false) {
  const { rows } = await tx.query(`${ITEM_SELECT} where i.id = $1 for update of i`, [id]);
  const r = rows[0];
  const target = r && { tenantId: Number(r.tenant_id), path: r.community_path as string };
  const mayView = r && (can(actor, 'insights.view', target) || r.assignee_user_id === actor.userId);
  if (!r || !mayView) throw notFound('Brief item', '晨读事项');
  if (forReport ? r.assignee_user_id !== actor.userId : !can(actor, 'insights.brief', target))
    throw forbidden(
      forReport ? '只有被交办人可以回报' : '只有书记或街道管理员可以交办',
      forReport ? 'Only the assignee can report back' : 'Only the secretary or a street admin can assign',
    );
  if (r.version !== version)
    throw conflict(
      'STALE_VERSION',
      '该事项已被他人更新，请刷新',
      'The item was changed by someone else; reload',
    );
  return r;
}

/** 18:00 China time today, or an hour from now when that has passed. */
export function defaultDue(now = new Date()) {
  const day = new Date(now.getTime() + 8 * 3600_000).toISOString().slice(0, 10);
  const evening = new Date(`${day}T18:00:00+08:00`);
  return evening.getTime() > now.getTime() + 3600_000 ? evening : new Date(now.getTime() + 3600_000);
}

export async function assignItem(
  tx: pg.PoolClient,
  actor: Actor,
  id: number,
  input: { assigneeUserId: string; dueAt?: string; note?: string; version: number },
) {
  const r = await lockItem(tx, actor, id, input.version);
  if (!['open', 'assigned'].includes(r.state))
    throw conflict('ITEM_CLOSED', '该事项已结束，不能再交办', 'The item is already closed');
  const people = await assignees(tx, Number(r.tenant_id), r.community_path);
  if (!people.some((p) => p.userId === input.assigneeUserId))
    throw invalid(
      'ASSIGNEE_INVALID',
      '只能交办给本社区的工作人员、网格员或响应单位',
      'Assign to the community’s staff, grid workers or responders',
    );
  const due = input.dueAt ? new Date(input.dueAt) : defaultDue();
  if (due.getTime() <= Date.now())
    throw invalid('DUE_PAST', '回报期限必须晚于现在', 'The report-back time must be in the future');
  await tx.query(
    `update insight_brief_items set state = 'assigned', assignee_user_id = $2, due_at = $3, note = $4,
            decided_by = $5, decided_at = now(), version = version + 1 where tenant_id = $6 and id = $1`,
    [id, input.assigneeUserId, due, input.note || null, actor.userId, r.tenant_id],
  );
  await recordAudit(tx, {
    tenantId: Number(r.tenant_id),
    actorUserId: actor.userId,
    action: 'insights.brief_item.assign',
    entityType: 'insight_brief_item',
    entityId: id,
    summary: { assignee: input.assigneeUserId, dueAt: due.toISOString() },
  });
  await notifyUsers(tx, {
    tenantId: Number(r.tenant_id),
    userIds: [input.assigneeUserId],
    kind: 'insights.brief.assigned',
    audience: 'staff',
    text: { 'zh-CN': `晨读交办：${r.title}`, 'en-US': `Assigned from the morning brief: ${r.title}` },
    link: '/insights/brief',
  });
  return id;
}

export async function dismissItem(
  tx: pg.PoolClient,
  actor: Actor,
  id: number,
  input: { reason: string; version: number },
) {
  const r = await lockItem(tx, actor, id, input.version);
  if (!['open', 'assigned'].includes(r.state))
    throw conflict('ITEM_CLOSED', '该事项已结束', 'The item is already closed');
  await tx.query(
    `update insight_brief_items set state = 'dismissed', dismiss_reason = $2, decided_by = $3, decided_at = now(),
            version = version + 1 where tenant_id = $4 and id = $1`,
    [id, input.reason, actor.userId, r.tenant_id],
  );
  await recordAudit(tx, {
    tenantId: Number(r.tenant_id),
    actorUserId: actor.userId,
    action: 'insights.brief_item.dismiss',
    entityType: 'insight_brief_item',
    entityId: id,
    summary: { reason: input.reason },
  });
  return id;
}

export async function reportItem(
  tx: pg.PoolClient,
  actor: Actor,
  id: number,
  input: { text: string; version: number },
) {
  const r = await lockItem(tx, actor, id, input.version, true);
  if (r.state !== 'assigned')
    throw conflict('ITEM_NOT_ASSIGNED', '该事项不在待回报状态', 'The item is not waiting for a report');
  await tx.query(
    `update insight_brief_items set state = 'reported', report = $2, reported_at = now(), version = version + 1
      where tenant_id = $3 and id = $1`,
    [id, input.text, r.tenant_id],
  );
  await recordAudit(tx, {
    tenantId: Number(r.tenant_id),
    actorUserId: actor.userId,
    action: 'insights.brief_item.report',
    entityType: 'insight_brief_item',
    entityId: id,
    summary: { length: input.text.length },
  });
  if (r.decided_by)
    await notifyUsers(tx, {
      tenantId: Number(r.tenant_id),
      userIds: [r.decided_by],
      kind: 'insights.brief.reported',
      audience: 'staff',
      text: { 'zh-CN': `晨读事项已回报：${r.title}`, 'en-US': `Reported back: ${r.title}` },
      link: '/insights/brief',
    });
  return id;
}
