import { type ActionBody, type IntakeBody, type ReportBody, WHISTLE_RESPONDER } from '@doorstep/contract';
import type pg from 'pg';
import { tenantFilter, tenantsOf } from '../../platform/access/policy';
import type { Actor } from '../../platform/access/scopes';
import { recordAudit } from '../../platform/audit/audit';
import { conflict, forbidden, invalid, notFound } from '../../platform/http/errors';
import { convertPoint, locateGrid, type Place, placeByAddress, placeOf } from '../areas';
import { awardRiderPhoto } from '../ledger';
import { fanOutStep } from '../notifications';
import { DELAYABLE, nextStatus } from './lifecycle';
import { allowedActions, canComment, canViewRequest, type Standing, standingOf } from './requests.policy';
import { findRequest, listWhistles, memberOrgs, type RequestRow } from './requests.queries';
import { deadlinesFor } from './sla';
import { loadCategories, suggestCategories } from './suggest';

const ROLE_ZH: Record<string, string> = {
  grid_worker: '网格员',
  community_staff: '社工',
  community_secretary: '社区书记',
  street_admin: '街道',
};

/** Where a report belongs: the point's grid, else the QR code's place, else a named compound/building, else home. */
async function resolvePlace(
  tx: pg.PoolClient,
  actor: Actor | null,
  input: ReportBody,
): Promise<Place & { lng: number | null; lat: number | null }> {
  if (input.lng !== undefined && input.lat !== undefined) {
    // stored in WGS-84 whatever the phone's map used
    const [lng, lat] = convertPoint(input.lng, input.lat, input.crs, 'wgs84');
    const hit = await locateGrid(tx, lng, lat);
    if (!hit)
      throw invalid(
        'OUT_OF_SERVICE_AREA',
        '该位置不在本平台服务的网格内',
        'This location is outside every grid served here',
      );
    return { tenantId: hit.tenantId, areaId: hit.id, gridId: hit.id, communityId: hit.communityId, lng, lat };
  }
  if (input.placeAreaId) {
    const place = await placeOf(tx, input.placeAreaId);
    if (!place)
      throw invalid('PLACE_NOT_FOUND', '二维码对应的地点不存在', 'The place on this QR code does not exist');
    return { ...place, lng: null, lat: null };
  }
  const tenants = actor ? tenantsOf(actor) : [];
  if (input.address && tenants.length) {
    const place = await placeByAddress(tx, tenants, input.address);
    if (place) return { ...place, lng: null, lat: null };
  }
  const home = actor?.scopes.find((s) => s.role === 'resident') ?? actor?.scopes[0];
  if (home) {
    const place = await placeOf(tx, home.areaId);
    if (place) return { ...place, lng: null, lat: null };
  }
  throw invalid(
    'LOCATION_REQUIRED',
    '请在地图上选择位置或填写地址',
    'Choose a place on the map or give an address',
  );
}

/**
 * Takes in a request from any channel (reportRequest): routes it to a grid, suggests a category when none is
 * given, sets its deadlines, records the first timeline step. A retry with the same Idempotency-Key from the
 * same reporter returns the request it already created.
 */
export async function reportRequest(
  tx: pg.PoolClient,
  actor: Actor,
  input: ReportBody &
    Partial<Pick<IntakeBody, 'channel' | 'urgency' | 'reporterName' | 'reporterPhone' | 'sourceRef'>>,
  opts: { idempotencyKey?: string; staffIntake?: boolean },
): Promise<{ id: number; tenantId: number; created: boolean }> {
  const place = await resolvePlace(tx, actor, input);
  // a retry: the same key from the same reporter (or, for staff intake, the same staff member)
  const keyColumn = opts.staffIntake ? 'taken_by' : 'reporter_user_id';
  const findByKey = async () =>
    opts.idempotencyKey
      ? (
          await tx.query(
            `select id from requests where tenant_id = $1 and ${keyColumn} = $2 and idempotency_key = $3`,
            [place.tenantId, actor.userId, opts.idempotencyKey],
          )
        ).rows[0]
      : undefined;
  const existing = await findByKey();
  if (existing) return { id: existing.id, tenantId: place.tenantId, created: false };
  const categories = await loadCategories(tx);
  let categoryCode = input.categoryCode;
  if (categoryCode && !categories.some((c) => c.code === categoryCode && c.parent_code !== null))
    throw invalid('CATEGORY_INVALID', '请选择具体的问题分类', 'Choose a specific category');
  const categoryAuto = !categoryCode;
  categoryCode ??=
    (await suggestCategories(tx, input.description, 1, place.tenantId))[0]?.code ?? 'other.general';
  const category = categories.find((c) => c.code === categoryCode)!;
  const urgency = input.urgency ?? (category.sla_class === 'emergency' ? 'emergency' : 'normal');
  const now = new Date();
  const due = await deadlinesFor(tx, category.sla_class, urgency, now);
  const channel = input.channel ?? (input.placeAreaId ? 'qr' : 'h5');
  const reporterName = opts.staffIntake ? (input.reporterName ?? null) : actor.name;
  const reporterPhone = opts.staffIntake ? (input.reporterPhone ?? null) : actor.phone;
  const { rows } = await tx.query(
    `insert into requests (tenant_id, id, public_no, channel, nature, category_code, urgency, description, lng, lat, address,
                           grid_id, community_id, reporter_user_id, reporter_name, reporter_phone, anonymous, idempotency_key,
                           photos, response_due_at, resolve_due_at, source_ref, created_at, taken_by, category_auto)
     select $1, n.id, 'DS' || to_char($21::timestamptz at time zone 'Asia/Shanghai', 'YYYYMMDD') || '-' || lpad(n.id::text, 6, '0'),
            $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21, $22, $23
       from (select nextval(pg_get_serial_sequence('requests', 'id')) as id) n
     on conflict do nothing
     returning id`,
    [
      place.tenantId,
      channel,
      input.nature,
      categoryCode,
      urgency,
      input.description,
      place.lng,
      place.lat,
      input.address ?? null,
      place.gridId,
      place.communityId,
      opts.staffIntake ? null : actor.userId,
      reporterName,
      reporterPhone,
      input.anonymous,
      opts.idempotencyKey ?? null,
      JSON.stringify(input.photos),
      due.responseDueAt,
      due.resolveDueAt,
      input.sourceRef ?? null,
      now,
      opts.staffIntake ? actor.userId : null,
      categoryAuto,
    ],
  );
  if (!rows[0]) {
    // a concurrent retry with the same key won the insert
    const again = await findByKey();
    return { id: again.id, tenantId: place.tenantId, created: false };
  }
  const id = rows[0].id as number;
  await addEvent(tx, place.tenantId, id, {
    actor,
    label: opts.staffIntake ? labelFor(actor) : '居民',
    type: 'created',
    to: 'received',
    note: opts.staffIntake ? `代录：${CHANNEL_ZH[channel] ?? channel}` : null,
    photos: input.photos,
  });
  await recordAudit(tx, {
    tenantId: place.tenantId,
    actorUserId: actor.userId,
    action: 'request.create',
    entityType: 'request',
    entityId: id,
    summary: { channel, categoryCode },
  });
  return { id, tenantId: place.tenantId, created: true };
}

const CHANNEL_ZH: Record<string, string> = {
  visit: '入户走访',
  hotline_12345: '12345 转办',
  chamber: '商会转递',
  mailbox: '服务信箱',
  wechat_group: '微信群',
  patrol: '巡查发现',
  rider: '骑手随手拍',
  qr: '扫码上报',
};

function labelFor(actor: Actor, orgName?: string | null): string {
  if (orgName) return `${actor.name}（${orgName}）`;
  const role = actor.scopes.map((s) => ROLE_ZH[s.role]).find(Boolean);
  return role ? `${actor.name}（${role}）` : actor.name;
}

async function addEvent(
  tx: pg.PoolClient,
  tenantId: number,
  requestId: number,
  e: {
    actor: Actor;
    label: string;
    type: string;
    from?: string | null;
    to?: string | null;
    note?: string | null;
    photos?: string[];
    internal?: boolean;
    data?: unknown;
  },
) {
  const { rows } = await tx.query(
    `insert into request_events (tenant_id, request_id, actor_user_id, actor_label, type, from_status, to_status, note, photos, data, visible_to_resident)
     values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) returning id`,
    [
      tenantId,
      requestId,
      e.actor.userId,
      e.label,
      e.type,
      e.from ?? null,
      e.to ?? null,
      e.note ?? null,
      JSON.stringify(e.photos ?? []),
      JSON.stringify(e.data ?? {}),
      !e.internal,
    ],
  );
  // tell the people this step concerns (modules/notifications), in the same transaction
  await fanOutStep(tx, tenantId, rows[0].id);
}

/** Loads a request under a row lock with the actor's standing; 404 when they may not see it. */
export async function lockRequest(tx: pg.PoolClient, actor: Actor, id: number, lock = true) {
  const tenants = tenantFilter(actor);
  // residents and responders may have no scope in the tenant (e.g. a newcomer): look up by id, then judge
  const r = await findRequest(tx, id, null, lock);
  if (!r) throw notFound('Request', '诉求');
  const whistles = await listWhistles(tx, r.tenant_id, r.id);
  const orgs = await memberOrgs(tx, r.tenant_id, actor.userId);
  const standing = standingOf(actor, r, whistles, orgs);
  if (
    !canViewRequest(standing) ||
    (tenants && !tenants.includes(r.tenant_id) && !standing.reporter && !standing.responder)
  )
    throw notFound('Request', '诉求');
  return { r, whistles, orgs, standing };
}

/** Performs one lifecycle action (dispatchRequest, acceptWhistle, rateRequest…) guarded by state, role and version. */
export async function actOnRequest(
  tx: pg.PoolClient,
  actor: Actor,
  id: number,
  body: ActionBody,
): Promise<void> {
  const { r, whistles, orgs, standing } = await lockRequest(tx, actor, id);
  if (r.version !== body.version)
    throw conflict(
      'REQUEST_VERSION_CONFLICT',
      '该诉求刚被他人处理过，请刷新后再操作',
      'Someone else acted on this request; reload and try again',
    );
  const to = nextStatus(r.status, body.action);
  if (!to)
    throw conflict(
      'REQUEST_STATE_INVALID',
      `当前状态下不能执行此操作`,
      `"${body.action}" is not possible while the request is ${r.status}`,
    );
  if (!allowedActions(standing, r).includes(body.action)) throw forbidden();
  const lead = whistles.find((w) => w.role === 'lead' && (w.status === 'pending' || w.status === 'accepted'));
  const leadOrgName = lead && orgs.includes(lead.org_id) ? lead.org_name : null;
  const label = standing.staff
    ? labelFor(actor)
    : standing.leadResponder
      ? labelFor(actor, leadOrgName)
      : '居民';
  const set: Record<string, unknown> = {};
  let status = to;
  let type: string = body.action;
  const note = 'note' in body ? (body.note ?? null) : null;
  let photos: string[] = [];
  switch (body.action) {
    case 'dispatch':
    case 'reassign': {
      const org = await tx.query(
        'select id, kind, name from responder_orgs where tenant_id = $1 and id = $2 and archived_at is null',
        [r.tenant_id, body.orgId],
      );
      if (!org.rows[0]) throw invalid('RESPONDER_NOT_FOUND', '响应单位不存在', 'No such responder');
      if (!WHISTLE_RESPONDER[body.kind].includes(org.rows[0].kind))
        throw invalid(
          'WHISTLE_RESPONDER_MISMATCH',
          '该哨声不能派给此类单位',
          `A ${body.kind} whistle does not call a ${org.rows[0].kind}`,
        );
      if (lead)
        await tx.query(`update whistles set status = 'cancelled' where tenant_id = $1 and id = $2`, [
          r.tenant_id,
          lead.id,
        ]);
      await tx.query(
        'insert into whistles (tenant_id, request_id, kind, org_id, role, note, created_by) values ($1, $2, $3, $4, $5, $6, $7)',
        [r.tenant_id, r.id, body.kind, body.orgId, 'lead', note, actor.userId],
      );
      if (body.action === 'dispatch')
        for (const assist of body.assistOrgIds.filter((o) => o !== body.orgId))
          await tx.query(
            `insert into whistles (tenant_id, request_id, kind, org_id, role, created_by) values ($1, $2, $3, $4, 'assist', $5)`,
            [r.tenant_id, r.id, body.kind, assist, actor.userId],
          );
      if (body.action === 'dispatch' && body.urgency && body.urgency !== r.urgency) {
        const due = await deadlinesFor(tx, r.sla_class, body.urgency, r.created_at);
        Object.assign(set, {
          urgency: body.urgency,
          response_due_at: due.responseDueAt,
          resolve_due_at: due.resolveDueAt,
        });
      }
      type = `${body.action}:${body.kind}`;
      break;
    }
    case 'accept':
      await tx.query(
        `update whistles set status = 'accepted', accepted_at = now() where tenant_id = $1 and id = $2`,
        [r.tenant_id, lead!.id],
      );
      set.responded_at = r.responded_at ?? new Date();
      break;
    case 'return':
      await tx.query(
        `update whistles set status = 'returned', return_reason = $3 where tenant_id = $1 and id = $2`,
        [r.tenant_id, lead!.id, note],
      );
      break;
    case 'handle':
      photos = body.photos;
      set.handled_at = new Date();
      if (lead)
        await tx.query(`update whistles set status = 'done' where tenant_id = $1 and id = $2`, [
          r.tenant_id,
          lead.id,
        ]);
      break;
    case 'rework': {
      // 返工: the lead responder holds it again
      const done = whistles.filter((w) => w.role === 'lead' && w.status === 'done').at(-1);
      if (done)
        await tx.query(`update whistles set status = 'accepted' where tenant_id = $1 and id = $2`, [
          r.tenant_id,
          done.id,
        ]);
      break;
    }
    case 'answer':
      set.responded_at = r.responded_at ?? new Date();
      set.handled_at = new Date();
      break;
    case 'rate': {
      Object.assign(set, {
        resolved: body.resolved,
        satisfaction: body.satisfaction,
        rating_comment: note,
        rated_at: new Date(),
        // a new rating is judged afresh: an exclusion approved for the previous one does not carry over
        rating_excluded_reason: null,
      });
      await tx.query(
        `update rating_exclusions set status = 'superseded' where tenant_id = $1 and request_id = $2 and status = 'pending'`,
        [r.tenant_id, r.id],
      );
      if (body.satisfaction === 'unsatisfied' || body.resolved === 'no') {
        // 不满意 → 重办: back for a second handling
        status = 'reopened';
        set.reopen_count = r.reopen_count + 1;
        Object.assign(set, await freshDeadlines(tx, r));
        set.closed_reason = null;
        type = 'rated_reopened';
      } else Object.assign(set, { closed_at: new Date(), closed_reason: 'rated' });
      break;
    }
    case 'reopen':
      Object.assign(
        set,
        { reopen_count: r.reopen_count + 1, closed_at: null, closed_reason: null },
        await freshDeadlines(tx, r),
      );
      break;
    case 'close':
      Object.assign(set, { closed_at: new Date(), closed_reason: 'not_rated' });
      break;
    case 'reject':
      Object.assign(set, { closed_at: new Date(), closed_reason: 'rejected' });
      break;
    case 'merge': {
      const into = await findRequest(tx, body.intoId, [r.tenant_id]);
      if (!into || into.id === r.id)
        throw invalid(
          'MERGE_TARGET_INVALID',
          '要合并到的诉求不存在',
          'The request to merge into does not exist',
        );
      Object.assign(set, { closed_at: new Date(), closed_reason: 'merged', duplicate_of: into.id });
      break;
    }
  }
  const columns = Object.keys(set);
  await tx.query(
    `update requests set status = $3, version = version + 1, updated_at = now()${columns.map((c, i) => `, ${c} = $${i + 4}`).join('')}
      where tenant_id = $1 and id = $2`,
    [r.tenant_id, r.id, status, ...columns.map((c) => set[c])],
  );
  if (!DELAYABLE.includes(status))
    // handled or ended: a delay still waiting for a decision has nothing left to extend
    await tx.query(
      `update request_delays set status = 'withdrawn', decided_at = now(), decision_note = $3
        where tenant_id = $1 and request_id = $2 and status = 'pending'`,
      [r.tenant_id, r.id, `诉求已${status === 'closed' ? '结案' : '办结'}，延期申请自动撤回`],
    );
  if (status === 'closed')
    await tx.query(
      `update whistles set status = 'cancelled' where tenant_id = $1 and request_id = $2 and status in ('pending', 'accepted')`,
      [r.tenant_id, r.id],
    );
  // 骑手随手拍: the rider's photo earns a point once staff verify it (the ledger pays each request once)
  if (standing.staff && (body.action === 'verify' || body.action === 'close'))
    await awardRiderPhoto(tx, actor, r);
  await addEvent(tx, r.tenant_id, r.id, { actor, label, type, from: r.status, to: status, note, photos });
  await recordAudit(tx, {
    tenantId: r.tenant_id,
    actorUserId: actor.userId,
    action: `request.${body.action}`,
    entityType: 'request',
    entityId: r.id,
    summary: { from: r.status, to: status },
  });
}

/** 重办: a second handling gets a full new window from now. */
async function freshDeadlines(tx: pg.PoolClient, r: RequestRow) {
  const due = await deadlinesFor(tx, r.sla_class, r.urgency, new Date());
  return {
    response_due_at: due.responseDueAt,
    resolve_due_at: due.resolveDueAt,
    warning: null,
    responded_at: null,
    handled_at: null,
  };
}

/** A note or photo on the timeline (进展/留言); a staff or responder note counts as the first response. */
export async function commentOnRequest(
  tx: pg.PoolClient,
  actor: Actor,
  id: number,
  c: { note: string; photos: string[]; internal: boolean },
) {
  const { r, standing, whistles, orgs } = await lockRequest(tx, actor, id);
  if (!canComment(standing, r)) throw forbidden('不能在此诉求下留言', 'You cannot comment on this request');
  const internal = c.internal && (standing.staff || standing.responder);
  const org = whistles.find((w) => orgs.includes(w.org_id));
  const label = standing.staff
    ? labelFor(actor)
    : standing.responder
      ? labelFor(actor, org?.org_name)
      : '居民';
  await addEvent(tx, r.tenant_id, r.id, {
    actor,
    label,
    type: 'comment',
    note: c.note,
    photos: c.photos,
    internal,
  });
  if (!internal && !standing.reporter && !r.responded_at)
    await tx.query('update requests set responded_at = now() where tenant_id = $1 and id = $2', [
      r.tenant_id,
      r.id,
    ]);
}

/** "Me too" (我也遇到): a neighbour joins an open request instead of filing a duplicate. */
export async function meToo(tx: pg.PoolClient, actor: Actor, id: number): Promise<number> {
  const r = await findRequest(tx, id, null, true);
  if (!r || r.status === 'closed') throw notFound('Request', '诉求');
  if (r.reporter_user_id === actor.userId)
    throw invalid('ME_TOO_OWN', '这是您自己提交的诉求', 'This is your own request');
  const done = await tx.query(
    `select 1 from request_events where tenant_id = $1 and request_id = $2 and type = 'me_too' and actor_user_id = $3`,
    [r.tenant_id, r.id, actor.userId],
  );
  if (!done.rowCount)
    await addEvent(tx, r.tenant_id, r.id, { actor, label: '居民', type: 'me_too', internal: false });
  return r.me_too + (done.rowCount ? 0 : 1);
}

export type { RequestRow, Standing };
// the follow-up steps (follow-up.ts: 延期, 回访, rating review) write the same timeline with the same labels
export { addEvent, labelFor };
