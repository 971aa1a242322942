import type {
  DelayAskBody,
  DelayDecisionBody,
  ExclusionDecisionBody,
  FollowUpPolicy,
  Role,
} from '@doorstep/contract';
import type pg from 'pg';
import { isWithin, type Target } from '../../platform/access/policy';
import type { Actor } from '../../platform/access/scopes';
import { recordAudit } from '../../platform/audit/audit';
import { conflict, forbidden, invalid, notFound } from '../../platform/http/errors';
import { addClockMinutes, elapsedClockMinutes } from './deadlines';
import { DELAYABLE, REVISITABLE } from './lifecycle';
import type { Standing } from './requests.policy';
import type { DelayRow, ExclusionRow, RequestRow, RevisitRow } from './requests.queries';
import { addEvent, labelFor, lockRequest } from './requests.service';
import { currentWarning, loadSla } from './sla';

/**
 * After the lifecycle: 延期 delay asks and their approval, 回访 re-visit records, and the review that may leave an
 * unreasonable rating out of the measures. None of these moves the status (lifecycle.ts DELAYABLE/REVISITABLE say
 * when each is possible); each changes the request's version where it changes what others act on, so two staff
 * deciding at once get one success and one 409.
 */

/** The staff ladder for the rating review: a proposal is decided by someone higher up. */
const RANK: Partial<Record<Role, number>> = {
  grid_worker: 1,
  community_staff: 2,
  community_secretary: 3,
  street_admin: 4,
};
const PLATFORM_RANK = 5;

/** The highest staff role the actor holds over the request's area (0: none). */
export function staffRank(actor: Actor, target: Target | null): number {
  if (actor.isPlatformAdmin) return PLATFORM_RANK;
  if (!target) return 0;
  return Math.max(
    0,
    ...actor.scopes
      .filter((s) => s.tenantId === target.tenantId && isWithin(target.path, s.path))
      .map((s) => RANK[s.role] ?? 0),
  );
}

const roleOfRank = (rank: number) =>
  rank >= PLATFORM_RANK
    ? 'platform_admin'
    : ((Object.entries(RANK).find(([, n]) => n === rank)?.[0] ?? 'grid_worker') as Role);

/**
 * Who may decide a rating exclusion: a different person, of a higher role — a secretary (or above) for a grid
 * worker's proposal, a street admin for anyone else's (a street admin's own proposal goes to another street admin).
 */
export const mayDecideExclusion = (deciderRank: number, proposerRank: number) =>
  deciderRank >= (proposerRank <= RANK.grid_worker! ? RANK.community_secretary! : RANK.street_admin!);

const targetOf = (r: RequestRow): Target | null =>
  r.area_path ? { tenantId: r.tenant_id, path: r.area_path } : null;

export interface PendingDelay {
  id: number;
  requested_by: string;
}
export interface PendingExclusion {
  id: number;
  proposed_by: string;
  proposer_role: string;
}

/** The buttons beyond the lifecycle actions this actor may use now. */
export function followUpPolicy(
  actor: Actor,
  s: Standing,
  r: RequestRow,
  pending: { delay: PendingDelay | null; exclusion: PendingExclusion | null },
): FollowUpPolicy {
  const delayable = DELAYABLE.includes(r.status) && r.resolve_due_at !== null;
  const rank = s.staff ? staffRank(actor, targetOf(r)) : 0;
  const proposer = pending.exclusion ? (RANK[pending.exclusion.proposer_role as Role] ?? PLATFORM_RANK) : 0;
  return {
    askDelay: delayable && r.resolve_due_at! > new Date() && (s.staff || s.leadResponder) && !pending.delay,
    decideDelay: delayable && s.staff && !!pending.delay && pending.delay.requested_by !== actor.userId,
    revisit: s.staff && REVISITABLE.includes(r.status),
    proposeExclusion:
      s.staff && r.rated_at !== null && r.rating_excluded_reason === null && !pending.exclusion,
    decideExclusion:
      s.staff &&
      !!pending.exclusion &&
      pending.exclusion.proposed_by !== actor.userId &&
      mayDecideExclusion(rank, proposer),
  };
}

const versionConflict = () =>
  conflict(
    'REQUEST_VERSION_CONFLICT',
    '该诉求刚被他人处理过，请刷新后再操作',
    'Someone else acted on this request; reload and try again',
  );

async function pendingOf(tx: pg.PoolClient, r: RequestRow) {
  const [delay, exclusion] = await Promise.all([
    tx.query(`select * from request_delays where tenant_id = $1 and request_id = $2 and status = 'pending'`, [
      r.tenant_id,
      r.id,
    ]),
    tx.query(
      `select * from rating_exclusions where tenant_id = $1 and request_id = $2 and status = 'pending'`,
      [r.tenant_id, r.id],
    ),
  ]);
  return { delay: delay.rows[0] ?? null, exclusion: exclusion.rows[0] ?? null };
}

/** Locks the request, checks the version and the policy flag; answers with what the caller needs. */
async function prepare(
  tx: pg.PoolClient,
  actor: Actor,
  id: number,
  version: number | null,
  flag: keyof FollowUpPolicy,
) {
  const locked = await lockRequest(tx, actor, id);
  const { r, standing } = locked;
  // 403 when this is never theirs to do, 409 when the request moved on (version) or is not in a state for it
  const theirs: Record<keyof FollowUpPolicy, boolean> = {
    askDelay: standing.staff || standing.leadResponder,
    decideDelay: standing.staff,
    revisit: standing.staff,
    proposeExclusion: standing.staff,
    decideExclusion: standing.staff,
  };
  if (!theirs[flag]) throw forbidden();
  if (version !== null && r.version !== version) throw versionConflict();
  const pending = await pendingOf(tx, r);
  if (!followUpPolicy(actor, standing, r, pending)[flag]) throw stateConflict(flag, r, pending, actor);
  const bump = () =>
    tx.query(
      'update requests set version = version + 1, updated_at = now() where tenant_id = $1 and id = $2',
      [r.tenant_id, r.id],
    );
  return { ...locked, pending, bump };
}

function stateConflict(
  flag: keyof FollowUpPolicy,
  r: RequestRow,
  pending: { delay: PendingDelay | null; exclusion: PendingExclusion | null },
  actor: Actor,
) {
  switch (flag) {
    case 'askDelay':
      if (pending.delay)
        return conflict('DELAY_PENDING', '已有一条延期申请在等待审批', 'A delay request is already waiting');
      if (DELAYABLE.includes(r.status) && r.resolve_due_at && r.resolve_due_at <= new Date())
        // asked for within the time limit (办理时限内申请), as 12345 requires: a breach is not undone later
        return conflict(
          'DELAY_TOO_LATE',
          '办结期限已过，不能再申请延期',
          'The resolve deadline has passed; a delay must be asked for before it',
        );
      return conflict(
        'DELAY_NOT_POSSIBLE',
        '当前状态下不能申请延期',
        `No delay while the request is ${r.status}`,
      );
    case 'decideDelay':
      if (pending.delay?.requested_by === actor.userId)
        return forbidden('不能审批自己的延期申请', 'You cannot decide your own delay request');
      return conflict('DELAY_NOT_PENDING', '没有待审批的延期申请', 'No delay request is waiting');
    case 'revisit':
      return conflict(
        'REVISIT_NOT_POSSIBLE',
        '只能对已结案或重办中的诉求回访',
        'Re-visits are for closed or reopened requests',
      );
    case 'proposeExclusion':
      if (pending.exclusion)
        return conflict('EXCLUSION_PENDING', '已有一条剔除申请在等待审核', 'An exclusion is already waiting');
      return conflict(
        'EXCLUSION_NOT_POSSIBLE',
        r.rating_excluded_reason ? '该评价已被剔除' : '该诉求还没有评价',
        r.rating_excluded_reason ? 'This rating is already excluded' : 'This request has no rating',
      );
    case 'decideExclusion':
      if (!pending.exclusion)
        return conflict('EXCLUSION_NOT_PENDING', '没有待审核的剔除申请', 'No exclusion is waiting');
      return forbidden(
        '需由提议人之外、更高一级的人员审核（网格员提议由书记或街道审核，其他由街道审核）',
        "A different person of a higher role decides (a secretary or the street for a grid worker's proposal, the street otherwise)",
      );
  }
}

/** 延期: the lead responder or the staff member handling it asks for a later resolve deadline. */
export async function askDelay(tx: pg.PoolClient, actor: Actor, id: number, body: DelayAskBody) {
  const { r, standing, whistles, orgs, bump } = await prepare(tx, actor, id, body.version, 'askDelay');
  const current = r.resolve_due_at!;
  const sla = await loadSla(tx);
  const until = body.until
    ? new Date(body.until)
    : addClockMinutes(current, body.workingDays! * 24 * 60, 'working', sla.calendar);
  if (until <= current || until <= new Date())
    throw invalid(
      'DELAY_TOO_SHORT',
      '延期后的期限须晚于当前办结期限和当前时间',
      'The new deadline must be after the current one and after now',
    );
  if (until.getTime() - current.getTime() > 90 * 24 * 3_600_000)
    throw invalid('DELAY_TOO_LONG', '一次延期不能超过 90 天', 'One delay cannot exceed 90 days');
  const lead = whistles.find(
    (w) =>
      w.role === 'lead' && (w.status === 'pending' || w.status === 'accepted') && orgs.includes(w.org_id),
  );
  const label = standing.staff ? labelFor(actor) : labelFor(actor, lead?.org_name);
  const { rows } = await tx.query(
    `insert into request_delays (tenant_id, request_id, requested_by, requested_label, previous_due_at, requested_due_at, reason, photos)
     values ($1, $2, $3, $4, $5, $6, $7, $8) returning id`,
    [r.tenant_id, r.id, actor.userId, label, current, until, body.reason, JSON.stringify(body.photos)],
  );
  await bump();
  await addEvent(tx, r.tenant_id, r.id, {
    actor,
    label,
    type: 'delay_requested',
    note: body.reason,
    photos: body.photos,
    data: { dueAt: until.toISOString(), delayId: rows[0].id },
  });
  await recordAudit(tx, {
    tenantId: r.tenant_id,
    actorUserId: actor.userId,
    action: 'request.delay.ask',
    entityType: 'request',
    entityId: r.id,
    summary: { delayId: rows[0].id, from: current.toISOString(), to: until.toISOString() },
  });
}

/**
 * Staff approve a pending delay (the deadline moves to the date asked for, or an earlier one they choose; the
 * added clock minutes go to delayed_minutes; the warning is recomputed for the new deadline) or refuse it.
 */
export async function decideDelay(
  tx: pg.PoolClient,
  actor: Actor,
  id: number,
  delayId: number,
  body: DelayDecisionBody,
) {
  const { r, pending, bump } = await prepare(tx, actor, id, body.version, 'decideDelay');
  const d = pending.delay;
  if (!d || Number(d.id) !== delayId) throw notFound('Delay request', '延期申请');
  const label = labelFor(actor);
  if (body.decision === 'refuse') {
    await tx.query(
      `update request_delays set status = 'refused', decided_by = $3, decided_label = $4, decided_at = now(), decision_note = $5
        where tenant_id = $1 and id = $2`,
      [r.tenant_id, d.id, actor.userId, label, body.note],
    );
    await bump();
    await addEvent(tx, r.tenant_id, r.id, {
      actor,
      label,
      type: 'delay_refused',
      note: body.note,
      data: { dueAt: r.resolve_due_at?.toISOString(), delayId: d.id },
    });
  } else {
    const current = r.resolve_due_at!;
    const asked = new Date(d.requested_due_at);
    const until = body.until ? new Date(body.until) : asked;
    if (until > asked)
      throw invalid(
        'DELAY_BEYOND_ASK',
        '批准的期限不能晚于申请的期限',
        'You can approve at most what was asked',
      );
    if (until <= current || until <= new Date())
      throw invalid(
        'DELAY_TOO_SHORT',
        '延期后的期限须晚于当前办结期限和当前时间',
        'The new deadline must be after the current one and after now',
      );
    const sla = await loadSla(tx);
    const policy = sla.policies.get(`${r.sla_class}/${r.urgency}`) ?? sla.policies.get('normal/normal')!;
    const added = Math.round(elapsedClockMinutes(current, until, policy.clock, sla.calendar));
    const warning = currentWarning(sla, { ...r, resolve_due_at: until });
    await tx.query(
      `update request_delays set status = 'approved', decided_by = $3, decided_label = $4, decided_at = now(),
              decision_note = $5, approved_due_at = $6, added_minutes = $7
        where tenant_id = $1 and id = $2`,
      [r.tenant_id, d.id, actor.userId, label, body.note ?? null, until, added],
    );
    await tx.query(
      `update requests set resolve_due_at = $3, delayed_minutes = delayed_minutes + $4, warning = $5
        where tenant_id = $1 and id = $2`,
      [r.tenant_id, r.id, until, added, warning],
    );
    await bump();
    await addEvent(tx, r.tenant_id, r.id, {
      actor,
      label,
      type: 'delay_approved',
      note: body.note ?? null,
      data: { dueAt: until.toISOString(), delayId: d.id, addedMinutes: added },
    });
  }
  await recordAudit(tx, {
    tenantId: r.tenant_id,
    actorUserId: actor.userId,
    action: `request.delay.${body.decision}`,
    entityType: 'request',
    entityId: r.id,
    summary: { delayId: d.id },
  });
}

const METHOD_ZH = { phone: '电话', visit: '上门', wechat: '微信' } as const;
const RESULT_ZH = {
  satisfied: '满意',
  basic: '基本满意',
  unsatisfied: '不满意',
  unreachable: '未联系上',
} as const;

/**
 * 回访: staff record how they reached the resident and what they heard. The record (with the resident's words)
 * is for staff; the timeline shows the resident that the community came back to them and the result — an attempt
 * that reached nobody stays internal (it is not an update the resident could see).
 */
export async function recordRevisit(
  tx: pg.PoolClient,
  actor: Actor,
  id: number,
  body: {
    method: keyof typeof METHOD_ZH;
    contact: string;
    words?: string;
    result: keyof typeof RESULT_ZH;
  },
) {
  const { r } = await prepare(tx, actor, id, null, 'revisit');
  const label = labelFor(actor);
  const { rows } = await tx.query(
    `insert into request_revisits (tenant_id, request_id, method, contact, words, result, recorded_by, recorded_label)
     values ($1, $2, $3, $4, $5, $6, $7, $8) returning id`,
    [r.tenant_id, r.id, body.method, body.contact, body.words || null, body.result, actor.userId, label],
  );
  await addEvent(tx, r.tenant_id, r.id, {
    actor,
    label,
    type: 'revisit',
    note: `${METHOD_ZH[body.method]}回访：${RESULT_ZH[body.result]}`,
    internal: body.result === 'unreachable',
    data: { revisitId: rows[0].id, method: body.method, result: body.result },
  });
  await recordAudit(tx, {
    tenantId: r.tenant_id,
    actorUserId: actor.userId,
    action: 'request.revisit',
    entityType: 'request',
    entityId: r.id,
    summary: { revisitId: rows[0].id, method: body.method, result: body.result },
  });
}

/** Staff propose leaving the rating out of the measures, with a reason; internal to staff. */
export async function proposeExclusion(
  tx: pg.PoolClient,
  actor: Actor,
  id: number,
  body: { version: number; reason: string },
) {
  const { r, bump } = await prepare(tx, actor, id, body.version, 'proposeExclusion');
  const label = labelFor(actor);
  const role = roleOfRank(staffRank(actor, targetOf(r)));
  const { rows } = await tx.query(
    `insert into rating_exclusions (tenant_id, request_id, rated_at, reason, proposed_by, proposed_label, proposer_role)
     values ($1, $2, $3, $4, $5, $6, $7) returning id`,
    [r.tenant_id, r.id, r.rated_at, body.reason, actor.userId, label, role],
  );
  await bump();
  await addEvent(tx, r.tenant_id, r.id, {
    actor,
    label,
    type: 'rating_exclusion_proposed',
    note: body.reason,
    internal: true,
    data: { exclusionId: rows[0].id },
  });
  await recordAudit(tx, {
    tenantId: r.tenant_id,
    actorUserId: actor.userId,
    action: 'request.rating_exclusion.propose',
    entityType: 'request',
    entityId: r.id,
    summary: { exclusionId: rows[0].id, role, reason: body.reason },
  });
}

/** A higher role approves (the rating leaves the measures, the reason recorded on the request) or refuses. */
export async function decideExclusion(
  tx: pg.PoolClient,
  actor: Actor,
  id: number,
  exclusionId: number,
  body: ExclusionDecisionBody,
) {
  const { r, pending, bump } = await prepare(tx, actor, id, body.version, 'decideExclusion');
  const x = pending.exclusion;
  if (!x || Number(x.id) !== exclusionId) throw notFound('Exclusion', '剔除申请');
  const label = labelFor(actor);
  const approved = body.decision === 'approve';
  await tx.query(
    `update rating_exclusions set status = $3, decided_by = $4, decided_label = $5, decided_at = now(), decision_note = $6
      where tenant_id = $1 and id = $2`,
    [r.tenant_id, x.id, approved ? 'approved' : 'refused', actor.userId, label, body.note ?? null],
  );
  if (approved)
    await tx.query('update requests set rating_excluded_reason = $3 where tenant_id = $1 and id = $2', [
      r.tenant_id,
      r.id,
      x.reason,
    ]);
  await bump();
  await addEvent(tx, r.tenant_id, r.id, {
    actor,
    label,
    type: approved ? 'rating_exclusion_approved' : 'rating_exclusion_refused',
    note: body.note ?? null,
    internal: true,
    data: { exclusionId: x.id },
  });
  await recordAudit(tx, {
    tenantId: r.tenant_id,
    actorUserId: actor.userId,
    action: `request.rating_exclusion.${body.decision}`,
    entityType: 'request',
    entityId: r.id,
    summary: { exclusionId: x.id, proposedBy: x.proposed_by, reason: x.reason },
  });
}

const iso = (s: string | null) => (s ? new Date(s).toISOString() : null);

/**
 * The follow-up part of the detail: delays for staff and responders (residents read them on the timeline),
 * re-visits and the rating review for staff only.
 */
export function presentFollowUps(
  actor: Actor,
  s: Standing,
  r: RequestRow,
  rows: { delays: DelayRow[]; revisits: RevisitRow[]; exclusions: ExclusionRow[] },
) {
  const pending = {
    delay: rows.delays.find((d) => d.status === 'pending') ?? null,
    exclusion: rows.exclusions.find((x) => x.status === 'pending') ?? null,
  };
  return {
    delays:
      s.staff || s.responder
        ? rows.delays.map((d) => ({
            id: d.id,
            status: d.status,
            requestedBy: d.requested_label,
            requestedAt: iso(d.created_at)!,
            previousDueAt: iso(d.previous_due_at)!,
            requestedDueAt: iso(d.requested_due_at)!,
            reason: d.reason,
            photos: d.photos,
            decidedBy: d.decided_label,
            decidedAt: iso(d.decided_at),
            approvedDueAt: iso(d.approved_due_at),
            decisionNote: d.decision_note,
          }))
        : [],
    revisits: s.staff
      ? rows.revisits.map((v) => ({
          id: v.id,
          method: v.method,
          contact: v.contact,
          words: v.words,
          result: v.result,
          recordedBy: v.recorded_label,
          at: iso(v.created_at)!,
        }))
      : [],
    ratingExclusions: s.staff
      ? rows.exclusions.map((x) => ({
          id: x.id,
          status: x.status,
          reason: x.reason,
          proposedBy: x.proposed_label,
          proposedAt: iso(x.created_at)!,
          decidedBy: x.decided_label,
          decidedAt: iso(x.decided_at),
          decisionNote: x.decision_note,
        }))
      : [],
    ratingExcludedReason: s.staff ? r.rating_excluded_reason : null,
    followUp: followUpPolicy(actor, s, r, pending),
  };
}
