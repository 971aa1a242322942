import type { ClaimerKind, Wish, WishCategory } from '@doorstep/contract';
import type pg from 'pg';
import type { Actor } from '../../platform/access/scopes';
import { recordAudit } from '../../platform/audit/audit';
import { chinaDay } from '../../platform/china-time';
import type { Queryable } from '../../platform/db/tx';
import { AppError, conflict, forbidden, invalid, notFound } from '../../platform/http/errors';
import { applyRule } from '../ledger';
import {
  type Community,
  communityById,
  day,
  iso,
  isStaffOf,
  notifyUsers,
  relatedTo,
} from './participation.common';

/**
 * 微心愿 (docs/decisions/0022-participation.md): open → claimed → fulfilled → confirmed, and fulfilled → claimed
 * when the resident says it was not done. Every transition is one conditional update on the expected status, so
 * two claimers at once: one row updated, the other gets 409. Moderation (approve / hide with a reason) is beside
 * the state: a hidden wish leaves the public list whatever its state.
 */

export interface WishRow {
  tenant_id: number;
  id: number;
  community_id: number;
  grid_id: number | null;
  author_user_id: string;
  status: Wish['status'];
  hidden: boolean;
  claimer_user_id: string | null;
  text: string;
  category: WishCategory;
  by_date: string;
}

export const WISH_SELECT = `select w.*, w.by_date::text as by_date, c.name as community_name, g.name as grid_name,
    au.name as author_name, cu.name as claimer_name
  from wishes w
  join areas c on c.tenant_id = w.tenant_id and c.id = w.community_id
  left join areas g on g.tenant_id = w.tenant_id and g.id = w.grid_id
  join "user" au on au.id = w.author_user_id
  left join "user" cu on cu.id = w.claimer_user_id`;

export function presentWish(w: Record<string, unknown>, actor: Actor, staff: boolean): Wish {
  const mine = w.author_user_id === actor.userId;
  const named = !w.hide_name || mine || staff;
  return {
    id: Number(w.id),
    communityId: Number(w.community_id),
    communityName: w.community_name as string,
    gridName: (w.grid_name as string | null) ?? null,
    text: w.text as string,
    category: w.category as WishCategory,
    photoId: (w.photo_id as string | null) ?? null,
    byDate: day(w.by_date) as string,
    authorName: named ? (w.author_name as string) : '匿名居民',
    hideName: w.hide_name as boolean,
    mine,
    status: w.status as Wish['status'],
    reviewed: w.reviewed_at !== null,
    hidden: w.hidden as boolean,
    hiddenReason: mine || staff ? ((w.hidden_reason as string | null) ?? null) : null,
    claimerName: (w.claimer_name as string | null) ?? null,
    claimerKind: (w.claimer_kind as ClaimerKind | null) ?? null,
    claimerOrg: (w.claimer_org as string | null) ?? null,
    claimedByMe: w.claimer_user_id === actor.userId,
    claimedAt: iso(w.claimed_at),
    fulfilNote: (w.fulfil_note as string | null) ?? null,
    fulfilPhotoId: (w.fulfil_photo_id as string | null) ?? null,
    fulfilledAt: iso(w.fulfilled_at),
    confirmedAt: iso(w.confirmed_at),
    notDoneCount: w.not_done_count as number,
    notDoneReason: (w.not_done_reason as string | null) ?? null,
    escalated: w.escalated_at !== null,
    createdAt: iso(w.created_at) as string,
  };
}

/** A wish the actor may see (its community's people; a hidden one only its author and staff), locked if asked. */
export async function loadWish(
  db: Queryable,
  actor: Actor,
  id: number,
  lock = false,
): Promise<{ w: WishRow; c: Community; staff: boolean }> {
  const { rows } = await db.query<WishRow>(
    `select *, by_date::text as by_date from wishes where id = $1 ${lock ? 'for update' : ''}`,
    [id],
  );
  const w = rows[0];
  if (!w) throw notFound('Wish', '心愿');
  const c = await communityById(db, Number(w.tenant_id), Number(w.community_id));
  const staff = isStaffOf(actor, c, 'participation.view');
  if (!relatedTo(actor, c) || (w.hidden && !staff && w.author_user_id !== actor.userId))
    throw notFound('Wish', '心愿');
  return { w, c, staff };
}

export async function postWish(
  tx: pg.PoolClient,
  actor: Actor,
  c: Community,
  b: { text: string; category: WishCategory; photoId?: string; byDate: string; hideName: boolean },
): Promise<number> {
  const today = chinaDay();
  if (b.byDate < today)
    throw invalid('WISH_DATE_PAST', '期望日期不能早于今天', 'The by-when date is in the past');
  if (b.byDate > '2100-01-01')
    throw invalid('WISH_DATE_FAR', '期望日期太远', 'The by-when date is too far away');
  // the author's grid, from their own role in the community (figures by grid)
  const grid = await tx.query(
    `select g.id from role_assignments ra join areas a on a.tenant_id = ra.tenant_id and a.id = ra.area_id
       join areas g on g.tenant_id = a.tenant_id and g.kind = 'grid' and g.path @> a.path
      where ra.user_id = $1 and ra.tenant_id = $2 and g.path <@ $3::ltree limit 1`,
    [actor.userId, c.tenantId, c.path],
  );
  const { rows } = await tx.query(
    `insert into wishes (tenant_id, community_id, grid_id, author_user_id, text, category, photo_id, by_date, hide_name)
     values ($1, $2, $3, $4, $5, $6, $7, $8, $9) returning id`,
    [
      c.tenantId,
      c.id,
      grid.rows[0]?.id ?? null,
      actor.userId,
      b.text,
      b.category,
      b.photoId ?? null,
      b.byDate,
      b.hideName,
    ],
  );
  const id = Number(rows[0].id);
  await recordAudit(tx, {
    tenantId: c.tenantId,
    actorUserId: actor.userId,
    action: 'wish.post',
    entityType: 'wish',
    entityId: id,
    summary: { category: b.category, byDate: b.byDate },
  });
  // people whose declared skills match hear of it
  const matches = await matchingPeople(tx, c.tenantId, b.category, actor.userId);
  await notifyUsers(tx, {
    tenantId: c.tenantId,
    userIds: matches.map((m) => m.userId),
    kind: 'wish.match',
    audience: 'resident',
    text: {
      'zh-CN': `有一个与您所长相符的微心愿：${b.text.slice(0, 40)}`,
      'en-US': `A micro-wish matches your skills: ${b.text.slice(0, 40)}`,
    },
    link: `/h5/wishes/${id}`,
  });
  return id;
}

/** People in the street who declared a skill in the wish's category (not its author). */
export async function matchingPeople(
  db: Queryable,
  tenantId: number,
  category: WishCategory,
  except: string,
) {
  const { rows } = await db.query(
    `select s.user_id, u.name, s.note from wish_skills s join "user" u on u.id = s.user_id
      where s.tenant_id = $1 and s.category = $2 and s.user_id <> $3 order by u.name limit 50`,
    [tenantId, category, except],
  );
  return rows.map((r) => ({ userId: r.user_id as string, name: r.name as string, note: r.note as string }));
}

export async function moderateWish(
  tx: pg.PoolClient,
  actor: Actor,
  id: number,
  b: { action: 'approve' | 'hide' | 'restore'; reason?: string },
) {
  const { w, c } = await loadWish(tx, actor, id, true);
  if (!isStaffOf(actor, c, 'participation.manage')) throw forbidden();
  if (b.action === 'hide' && !b.reason)
    throw invalid('REASON_REQUIRED', '隐藏心愿须写明原因', 'Give a reason for hiding the wish');
  await tx.query(
    `update wishes set reviewed_at = now(), reviewed_by = $3,
            hidden = $4, hidden_reason = case when $4 then $5 else null end
      where tenant_id = $1 and id = $2`,
    [w.tenant_id, w.id, actor.userId, b.action === 'hide', b.reason ?? null],
  );
  await recordAudit(tx, {
    tenantId: c.tenantId,
    actorUserId: actor.userId,
    action: `wish.${b.action}`,
    entityType: 'wish',
    entityId: w.id,
    summary: b.reason ? { reason: b.reason } : {},
  });
}

const claimTaken = () =>
  conflict('WISH_TAKEN', '这个心愿已被他人认领', 'Someone else has claimed this wish already');

export async function claimWish(
  tx: pg.PoolClient,
  actor: Actor,
  id: number,
  b: { kind: ClaimerKind; org?: string },
) {
  // no row lock first: the conditional update below is what decides between two claimers
  const { w, c } = await loadWish(tx, actor, id);
  if (w.author_user_id === actor.userId)
    throw invalid('OWN_WISH', '不能认领自己的心愿', 'You cannot claim your own wish');
  if (w.hidden) throw conflict('WISH_HIDDEN', '该心愿已被隐藏', 'This wish is hidden');
  if (
    b.kind === 'party_member' &&
    !actor.scopes.some((s) => s.tenantId === c.tenantId && s.role === 'party_member')
  )
    throw invalid(
      'NOT_PARTY_MEMBER',
      '只有登记的党员可以以党员身份认领',
      'Only registered party members claim as one',
    );
  if (b.kind === 'unit' && !b.org)
    throw invalid('ORG_REQUIRED', '以单位认领须填写单位名称', 'Name the unit claiming the wish');
  const { rowCount } = await tx.query(
    `update wishes set status = 'claimed', claimer_user_id = $3, claimer_kind = $4, claimer_org = $5, claimed_at = now()
      where tenant_id = $1 and id = $2 and status = 'open' and not hidden`,
    [w.tenant_id, w.id, actor.userId, b.kind, b.kind === 'unit' ? b.org : null],
  );
  if (rowCount !== 1) throw claimTaken();
  await recordAudit(tx, {
    tenantId: c.tenantId,
    actorUserId: actor.userId,
    action: 'wish.claim',
    entityType: 'wish',
    entityId: w.id,
    summary: { kind: b.kind, org: b.org ?? null },
  });
  await notifyUsers(tx, {
    tenantId: c.tenantId,
    userIds: [w.author_user_id],
    kind: 'wish.claimed',
    audience: 'resident',
    text: {
      'zh-CN': `您的微心愿已被${actor.name}认领`,
      'en-US': `${actor.name} has claimed your micro-wish`,
    },
    link: `/h5/wishes/${w.id}`,
  });
}

export async function fulfilWish(
  tx: pg.PoolClient,
  actor: Actor,
  id: number,
  b: { note: string; photoId?: string },
) {
  const { w, c } = await loadWish(tx, actor, id, true);
  if (w.claimer_user_id !== actor.userId)
    throw forbidden('只有认领人可以提交完成情况', 'Only the claimer reports the wish fulfilled');
  if (w.status !== 'claimed')
    throw conflict('WISH_STATE', '心愿当前状态不能提交完成', 'The wish is not in a state to be fulfilled');
  await tx.query(
    `update wishes set status = 'fulfilled', fulfil_note = $3, fulfil_photo_id = $4, fulfilled_at = now()
      where tenant_id = $1 and id = $2`,
    [w.tenant_id, w.id, b.note, b.photoId ?? null],
  );
  await recordAudit(tx, {
    tenantId: c.tenantId,
    actorUserId: actor.userId,
    action: 'wish.fulfil',
    entityType: 'wish',
    entityId: w.id,
    summary: { photo: b.photoId ?? null },
  });
  await notifyUsers(tx, {
    tenantId: c.tenantId,
    userIds: [w.author_user_id],
    kind: 'wish.fulfilled',
    audience: 'resident',
    text: {
      'zh-CN': '您的微心愿已完成，请确认',
      'en-US': 'Your micro-wish was reported fulfilled: please confirm',
    },
    link: `/h5/wishes/${w.id}`,
  });
}

/**
 * The author confirms (→ confirmed, and the claimer earns the wish_fulfilled rule's points in the same
 * transaction) or says it was not done (→ back to claimed, with the reason). The resident's confirmation is the
 * approval the rule asks for: applyRule runs for the community's staff role (docs/decisions/0022); when the
 * rule is missing or its cap is reached the confirmation stands without points.
 */
export async function confirmWish(
  tx: pg.PoolClient,
  actor: Actor,
  id: number,
  b: { done: boolean; reason?: string },
): Promise<number | null> {
  const { w, c } = await loadWish(tx, actor, id, true);
  if (w.author_user_id !== actor.userId)
    throw forbidden('只有心愿发布人可以确认', 'Only the person who posted the wish confirms it');
  if (w.status !== 'fulfilled')
    throw conflict('WISH_STATE', '心愿尚未提交完成', 'The wish has not been reported fulfilled');
  if (!b.done && !b.reason) throw invalid('REASON_REQUIRED', '请说明哪里没有完成', 'Say what was not done');
  if (!b.done) {
    await tx.query(
      `update wishes set status = 'claimed', fulfilled_at = null, not_done_count = not_done_count + 1,
              not_done_reason = $3 where tenant_id = $1 and id = $2`,
      [w.tenant_id, w.id, b.reason],
    );
    await recordAudit(tx, {
      tenantId: c.tenantId,
      actorUserId: actor.userId,
      action: 'wish.not_done',
      entityType: 'wish',
      entityId: w.id,
      summary: { reason: b.reason },
    });
    if (w.claimer_user_id)
      await notifyUsers(tx, {
        tenantId: c.tenantId,
        userIds: [w.claimer_user_id],
        kind: 'wish.not_done',
        audience: 'resident',
        text: {
          'zh-CN': `居民反馈心愿未完成：${b.reason}`,
          'en-US': `The resident says it was not done: ${b.reason}`,
        },
        link: `/h5/wishes/${w.id}`,
      });
    return null;
  }
  await tx.query(
    `update wishes set status = 'confirmed', confirmed_at = now() where tenant_id = $1 and id = $2`,
    [w.tenant_id, w.id],
  );
  await recordAudit(tx, {
    tenantId: c.tenantId,
    actorUserId: actor.userId,
    action: 'wish.confirm',
    entityType: 'wish',
    entityId: w.id,
  });
  const claimer = (await tx.query('select id, name from "user" where id = $1', [w.claimer_user_id])).rows[0];
  if (!claimer) return null;
  const approver: Actor = {
    userId: actor.userId,
    name: actor.name,
    phone: null,
    isPlatformAdmin: false,
    scopes: [
      {
        tenantId: c.tenantId,
        role: 'community_staff',
        areaId: c.id,
        areaKind: 'community',
        areaName: c.name,
        path: c.path,
        orgName: null,
      },
    ],
  };
  await tx.query('savepoint wish_points');
  try {
    const r = await applyRule(tx, approver, {
      eventKind: 'wish.fulfilled',
      eventId: String(w.id),
      communityId: c.id,
      beneficiary: { userId: claimer.id, name: claimer.name },
      memo: `微心愿 #${w.id} 居民确认完成`,
    });
    await tx.query('release savepoint wish_points');
    return r.entryId;
  } catch (err) {
    if (!(err instanceof AppError)) throw err;
    await tx.query('rollback to savepoint wish_points');
    return null;
  }
}

/**
 * The daily sweep: open, visible wishes within two days of their date (China time), not yet escalated, go to the
 * community's secretaries (in-app message, audit event). Returns how many were escalated.
 */
export async function sweepWishes(pool: pg.Pool, now = new Date()): Promise<{ escalated: number }> {
  const { rows } = await pool.query(
    `update wishes set escalated_at = $1
      where status = 'open' and not hidden and escalated_at is null
        and by_date <= ($1::timestamptz at time zone 'Asia/Shanghai')::date + 2
      returning tenant_id, id, community_id, text, by_date::text as by_date`,
    [now],
  );
  for (const w of rows) {
    const sec = await pool.query(
      `select user_id from role_assignments where tenant_id = $1 and area_id = $2 and role = 'community_secretary'`,
      [w.tenant_id, w.community_id],
    );
    await recordAudit(pool, {
      tenantId: Number(w.tenant_id),
      actorUserId: null,
      action: 'wish.escalate',
      entityType: 'wish',
      entityId: w.id,
      summary: { byDate: w.by_date, to: sec.rows.map((r) => r.user_id) },
    });
    await notifyUsers(pool, {
      tenantId: Number(w.tenant_id),
      userIds: sec.rows.map((r) => r.user_id),
      kind: 'wish.escalated',
      audience: 'staff',
      text: {
        'zh-CN': `微心愿临近期限（${w.by_date}）仍无人认领：${String(w.text).slice(0, 40)}`,
        'en-US': `A micro-wish due ${w.by_date} is still unclaimed: ${String(w.text).slice(0, 40)}`,
      },
      link: '/participation',
    });
  }
  return { escalated: rows.length };
}
