import { randomInt } from 'node:crypto';
import type { CourseBody, Signup } from '@doorstep/contract';
import type pg from 'pg';
import { can, isWithin } from '../../platform/access/policy';
import type { Actor } from '../../platform/access/scopes';
import { recordAudit } from '../../platform/audit/audit';
import { inTx, type Queryable } from '../../platform/db/tx';
import { conflict, forbidden, invalid, notFound } from '../../platform/http/errors';
import { managedCommunity as communityOf } from '../areas';
import { notifyUsers } from './activities.notify';

/**
 * 社区学院's core (docs/decisions/0023-activities.md): a session's seats are taken and given back only under the
 * session's row lock (`select … for update`), and `seats_taken between 0 and capacity` is a check constraint, so two
 * sign-ups can never both take the last seat. Cancelling a confirmed seat hands it to the first on the waiting list
 * in the same transaction.
 */

// no 0/O, 1/I: typed from a screen
const CODE_CHARS = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';
export const newCheckinCode = () =>
  Array.from({ length: 6 }, () => CODE_CHARS[randomInt(CODE_CHARS.length)]).join('');

/** Someone with any role at, above or below the community (its residents, staff, admins) sees its courses. */
export const relatedTo = (actor: Actor, tenantId: number, path: string) =>
  actor.isPlatformAdmin ||
  actor.scopes.some((s) => s.tenantId === tenantId && (isWithin(s.path, path) || isWithin(path, s.path)));

/** The community a staff member manages courses in (404 outside their tenants, 403 inside without the right). */
export const managedCommunity = (db: Queryable, actor: Actor, communityId: number) =>
  communityOf(db, actor, communityId, 'activities.manage');

/** Creates a course and its sessions (one, or one a week from the first day to the last, in China time). */
export async function createCourse(tx: pg.PoolClient, actor: Actor, b: CourseBody) {
  const c = await managedCommunity(tx, actor, b.communityId);
  const lastDate = b.repeat === 'weekly' ? (b.lastDate ?? b.firstDate) : b.firstDate;
  if (lastDate < b.firstDate)
    throw invalid('DATES_INVALID', '结束日期早于开始日期', 'The last day is before the first');
  if (Date.parse(lastDate) - Date.parse(b.firstDate) > 366 * 86_400_000)
    throw invalid('DATES_INVALID', '周期活动最长一年', 'A weekly course runs for a year at most');
  const { rows } = await tx.query(
    `insert into activity_courses (tenant_id, area_id, series, title, description, place, organiser, capacity, age_min,
                                   age_max, audience_tags, repeat, first_date, last_date, start_time, minutes, created_by)
     values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17) returning id`,
    [
      c.tenantId,
      c.id,
      b.series,
      b.title,
      b.description,
      b.place,
      b.organiser,
      b.capacity,
      b.ageMin,
      b.ageMax,
      b.audienceTags,
      b.repeat,
      b.firstDate,
      lastDate,
      b.startTime,
      b.minutes,
      actor.userId,
    ],
  );
  const courseId = Number(rows[0].id);
  const { rows: starts } = await tx.query(
    `select (d::date + $2::time) at time zone 'Asia/Shanghai' as starts_at
       from generate_series($1::date, $3::date, interval '7 days') d`,
    [b.firstDate, b.startTime, lastDate],
  );
  for (const s of starts) {
    for (;;) {
      const ins = await tx.query(
        `insert into activity_sessions (tenant_id, course_id, starts_at, ends_at, capacity, checkin_code)
         values ($1, $2, $3, $3::timestamptz + make_interval(mins => $4), $5, $6)
         on conflict (tenant_id, checkin_code) do nothing returning id`,
        [c.tenantId, courseId, s.starts_at, b.minutes, b.capacity, newCheckinCode()],
      );
      if (ins.rowCount) break;
    }
  }
  await recordAudit(tx, {
    tenantId: c.tenantId,
    actorUserId: actor.userId,
    action: 'activities.course.create',
    entityType: 'activity_course',
    entityId: courseId,
    summary: { title: b.title, repeat: b.repeat, sessions: starts.length },
  });
  return { tenantId: c.tenantId, id: courseId };
}

/** A session under its row lock, with its course and community; 404 unless the actor is related to it. */
export async function lockSession(tx: pg.PoolClient, actor: Actor, sessionId: number) {
  const { rows } = await tx.query(
    `select s.*, co.title, co.area_id, a.path::text as community_path
       from activity_sessions s
       join activity_courses co on co.tenant_id = s.tenant_id and co.id = s.course_id
       join areas a on a.tenant_id = co.tenant_id and a.id = co.area_id
      where s.id = $1 and ($2::bigint[] is null or s.tenant_id = any($2))
      for update of s`,
    [sessionId, actor.isPlatformAdmin ? null : [...new Set(actor.scopes.map((x) => x.tenantId))]],
  );
  const s = rows[0];
  if (!s || !relatedTo(actor, Number(s.tenant_id), s.community_path)) throw notFound('Session', '场次');
  return s as {
    tenant_id: number;
    id: number;
    course_id: number;
    title: string;
    area_id: number;
    community_path: string;
    starts_at: Date;
    ends_at: Date;
    capacity: number;
    seats_taken: number;
    cancelled_at: Date | null;
    checkin_code: string;
  };
}

/** The position on the waiting list (1 = next to move up), or null when not waiting. */
async function positionOf(db: Queryable, tenantId: number, signupId: number): Promise<number | null> {
  const { rows } = await db.query(
    `select case when me.status = 'waitlisted' then
              (select count(*)::int from activity_signups w
                where w.tenant_id = me.tenant_id and w.session_id = me.session_id and w.status = 'waitlisted'
                  and (w.queued_at, w.id) <= (me.queued_at, me.id))
            end as position
       from activity_signups me where me.tenant_id = $1 and me.id = $2`,
    [tenantId, signupId],
  );
  return rows[0]?.position ?? null;
}

export async function signupById(db: Queryable, tenantId: number, id: number): Promise<Signup> {
  const { rows } = await db.query('select * from activity_signups where tenant_id = $1 and id = $2', [
    tenantId,
    id,
  ]);
  const r = rows[0];
  return {
    id: Number(r.id),
    sessionId: Number(r.session_id),
    status: r.status,
    position: await positionOf(db, tenantId, id),
    checkedIn: r.checked_in_at !== null,
  };
}

/**
 * 报名: a seat when one is free, else a place at the end of the waiting list. Signing up again returns the sign-up
 * already made.
 */
export async function signUp(
  tx: pg.PoolClient,
  actor: Actor,
  sessionId: number,
): Promise<{ signup: Signup; created: boolean }> {
  const s = await lockSession(tx, actor, sessionId);
  const tenantId = Number(s.tenant_id);
  const mine = await tx.query(
    `select id from activity_signups where tenant_id = $1 and session_id = $2 and user_id = $3 and status <> 'cancelled'`,
    [tenantId, s.id, actor.userId],
  );
  if (mine.rows[0])
    return { signup: await signupById(tx, tenantId, Number(mine.rows[0].id)), created: false };
  if (s.cancelled_at) throw conflict('SESSION_CANCELLED', '该场次已取消', 'This session has been cancelled');
  if (s.starts_at.getTime() <= Date.now())
    throw conflict('SESSION_STARTED', '该场次已开始，不能报名', 'This session has already started');
  const seat = s.seats_taken < s.capacity;
  const { rows } = await tx.query(
    `insert into activity_signups (tenant_id, session_id, user_id, status) values ($1, $2, $3, $4) returning id`,
    [tenantId, s.id, actor.userId, seat ? 'confirmed' : 'waitlisted'],
  );
  if (seat)
    await tx.query(
      'update activity_sessions set seats_taken = seats_taken + 1 where tenant_id = $1 and id = $2',
      [tenantId, s.id],
    );
  return { signup: await signupById(tx, tenantId, Number(rows[0].id)), created: true };
}

/**
 * 取消报名: gives the seat back and, in the same transaction, the first on the waiting list takes it (and is told).
 * Returns the promoted sign-up's user, if any.
 */
export async function cancelSignup(
  tx: pg.PoolClient,
  actor: Actor,
  sessionId: number,
): Promise<{ promoted: string | null }> {
  const s = await lockSession(tx, actor, sessionId);
  const tenantId = Number(s.tenant_id);
  const { rows } = await tx.query(
    `select id, status, checked_in_at from activity_signups
      where tenant_id = $1 and session_id = $2 and user_id = $3 and status <> 'cancelled'`,
    [tenantId, s.id, actor.userId],
  );
  const mine = rows[0];
  if (!mine) throw notFound('Signup', '报名');
  if (mine.checked_in_at)
    throw conflict('ALREADY_CHECKED_IN', '已签到，不能取消', 'You have already checked in');
  await tx.query(
    `update activity_signups set status = 'cancelled', cancelled_at = now() where tenant_id = $1 and id = $2`,
    [tenantId, mine.id],
  );
  if (mine.status !== 'confirmed') return { promoted: null };
  await tx.query(
    'update activity_sessions set seats_taken = seats_taken - 1 where tenant_id = $1 and id = $2',
    [tenantId, s.id],
  );
  return { promoted: await promoteNext(tx, tenantId, s) };
}

/** Hands free seats to the waiting list in its order (the session's row is locked by the caller). */
async function promoteNext(
  tx: pg.PoolClient,
  tenantId: number,
  s: { id: number; title: string; starts_at: Date },
): Promise<string | null> {
  if (s.starts_at.getTime() <= Date.now()) return null;
  const { rows } = await tx.query(
    `update activity_signups set status = 'confirmed', promoted_at = now()
      where tenant_id = $1 and id = (
        select w.id from activity_signups w join activity_sessions x on x.tenant_id = w.tenant_id and x.id = w.session_id
         where w.tenant_id = $1 and w.session_id = $2 and w.status = 'waitlisted' and x.seats_taken < x.capacity
         order by w.queued_at, w.id limit 1)
      returning id, user_id`,
    [tenantId, s.id],
  );
  const p = rows[0];
  if (!p) return null;
  await tx.query(
    'update activity_sessions set seats_taken = seats_taken + 1 where tenant_id = $1 and id = $2',
    [tenantId, s.id],
  );
  const when = new Intl.DateTimeFormat('zh-CN', {
    timeZone: 'Asia/Shanghai',
    month: 'numeric',
    day: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
  }).format(s.starts_at);
  const whenEn = new Intl.DateTimeFormat('en-GB', {
    timeZone: 'Asia/Shanghai',
    month: 'short',
    day: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
  }).format(s.starts_at);
  await notifyUsers(tx, {
    tenantId,
    userIds: [p.user_id],
    kind: 'activity.promoted',
    audience: 'resident',
    text: {
      'zh-CN': `候补成功：您已获得「${s.title}」${when} 的名额`,
      'en-US': `Off the waiting list: you have a place at "${s.title}" on ${whenEn}`,
    },
    link: '/h5/activities?tab=mine',
  });
  return p.user_id as string;
}

/** 签到 by the session's code: open from an hour before the start until two hours after the end. */
export async function checkIn(tx: pg.PoolClient, actor: Actor, code: string) {
  const tenants = actor.isPlatformAdmin ? null : [...new Set(actor.scopes.map((x) => x.tenantId))];
  const { rows } = await tx.query(
    `select s.id from activity_sessions s where s.checkin_code = $1 and ($2::bigint[] is null or s.tenant_id = any($2))`,
    [code, tenants],
  );
  if (!rows[0]) throw notFound('Session', '签到码对应的场次');
  const s = await lockSession(tx, actor, Number(rows[0].id));
  const tenantId = Number(s.tenant_id);
  const now = Date.now();
  if (now < s.starts_at.getTime() - 3_600_000)
    throw conflict(
      'CHECKIN_NOT_OPEN',
      '签到将在活动开始前一小时开放',
      'Check-in opens an hour before the start',
    );
  if (now > s.ends_at.getTime() + 2 * 3_600_000)
    throw conflict('CHECKIN_CLOSED', '该场次签到已结束', 'Check-in for this session has closed');
  const mine = await tx.query(
    `select id, status, checked_in_at from activity_signups
      where tenant_id = $1 and session_id = $2 and user_id = $3 and status <> 'cancelled'`,
    [tenantId, s.id, actor.userId],
  );
  const su = mine.rows[0];
  if (!su) throw conflict('NOT_SIGNED_UP', '您没有报名该场次', 'You have not signed up for this session');
  if (su.status !== 'confirmed')
    throw conflict('WAITLISTED', '您还在候补名单上，暂未获得名额', 'You are still on the waiting list');
  if (!su.checked_in_at)
    await tx.query('update activity_signups set checked_in_at = now() where tenant_id = $1 and id = $2', [
      tenantId,
      su.id,
    ]);
  return { tenantId, signupId: Number(su.id), sessionId: Number(s.id), title: s.title };
}

/** The organiser marks a participant present (or not) by hand. */
export async function markPresent(tx: pg.PoolClient, actor: Actor, signupId: number, present: boolean) {
  const { rows } = await tx.query(
    `select su.tenant_id, su.session_id from activity_signups su where su.id = $1 and ($2::bigint[] is null or su.tenant_id = any($2))`,
    [signupId, actor.isPlatformAdmin ? null : [...new Set(actor.scopes.map((x) => x.tenantId))]],
  );
  if (!rows[0]) throw notFound('Signup', '报名');
  const s = await lockSession(tx, actor, Number(rows[0].session_id));
  const tenantId = Number(s.tenant_id);
  if (!can(actor, 'activities.manage', { tenantId, path: s.community_path })) throw forbidden();
  const { rows: upd } = await tx.query(
    `update activity_signups set checked_in_at = case when $3 then coalesce(checked_in_at, now()) end,
            checked_in_by = case when $3 then $4 end
      where tenant_id = $1 and id = $2 and status = 'confirmed' returning id`,
    [tenantId, signupId, present, actor.userId],
  );
  if (!upd[0])
    throw conflict('NOT_CONFIRMED', '只有已确认的报名可以签到', 'Only a confirmed sign-up can be checked in');
  await recordAudit(tx, {
    tenantId,
    actorUserId: actor.userId,
    action: present ? 'activities.mark_present' : 'activities.mark_absent',
    entityType: 'activity_signup',
    entityId: signupId,
    summary: { session: Number(s.id) },
  });
  return { tenantId, sessionId: Number(s.id) };
}

/**
 * Reminders (a pg-boss job every 15 minutes): each confirmed participant of a session starting within the next 24
 * hours is told once (`reminded_at`); the update's row locks keep two runs from sending the same reminder.
 */
export async function remindSessions(pool: pg.Pool, now = new Date()): Promise<number> {
  return inTx(pool, async (tx) => {
    const { rows } = await tx.query(
      `update activity_signups su set reminded_at = $1
         from activity_sessions s join activity_courses co on co.tenant_id = s.tenant_id and co.id = s.course_id
        where su.tenant_id = s.tenant_id and su.session_id = s.id and su.status = 'confirmed'
          and su.reminded_at is null and s.cancelled_at is null
          and s.starts_at > $1 and s.starts_at <= $1::timestamptz + interval '24 hours'
        returning su.tenant_id, su.user_id, co.title, co.place, s.starts_at`,
      [now],
    );
    for (const r of rows) {
      const at = (lang: string) =>
        new Intl.DateTimeFormat(lang, {
          timeZone: 'Asia/Shanghai',
          month: 'short',
          day: 'numeric',
          hour: '2-digit',
          minute: '2-digit',
        }).format(r.starts_at);
      await notifyUsers(tx, {
        tenantId: Number(r.tenant_id),
        userIds: [r.user_id],
        kind: 'activity.reminder',
        audience: 'resident',
        text: {
          'zh-CN': `活动提醒：「${r.title}」${at('zh-CN')} 在${r.place}，请准时参加`,
          'en-US': `Reminder: "${r.title}" at ${r.place}, ${at('en-GB')}`,
        },
        link: '/h5/activities?tab=mine',
      });
    }
    return rows.length;
  });
}
