import {
  ActivityFigures,
  ActivityFiguresQuery,
  CheckinBody,
  Course,
  CourseBody,
  CourseList,
  CoursesQuery,
  IdParams,
  Ok,
  Roster,
  Session,
  SessionList,
  SessionsQuery,
  Signup,
} from '@doorstep/contract';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Actor } from '../../platform/access/scopes';
import type { AppContext } from '../../platform/context';
import { inTx, type Queryable } from '../../platform/db/tx';
import { sendXlsx, workbookBuffer } from '../../platform/excel/excel';
import { groupTagsOfUsers } from '../records';
import { interestRoutes } from './activities.interest';
import { partyMemberRoutes } from './activities.party';
import {
  cancelSignup,
  checkIn,
  createCourse,
  lockSession,
  managedCommunity,
  markPresent,
  relatedTo,
  signUp,
} from './activities.service';
import { volunteerRoutes } from './activities.volunteers';

const tags = ['activities'];
const iso = (d: unknown) => (d as Date).toISOString();
const dayOf = (d: unknown) =>
  d instanceof Date
    ? new Date(d.getTime() - d.getTimezoneOffset() * 60_000).toISOString().slice(0, 10)
    : String(d);

const COURSE_SELECT = `select co.*, a.name as community_name, a.path::text as community_path,
    (select count(*)::int from activity_sessions s where s.tenant_id = co.tenant_id and s.course_id = co.id) as sessions,
    (select min(s.starts_at) from activity_sessions s where s.tenant_id = co.tenant_id and s.course_id = co.id
        and s.starts_at > now() and s.cancelled_at is null) as next_starts_at
  from activity_courses co join areas a on a.tenant_id = co.tenant_id and a.id = co.area_id`;

const presentCourse = (c: Record<string, unknown>): Course => ({
  id: Number(c.id),
  communityId: Number(c.area_id),
  communityName: c.community_name as string,
  series: c.series as string,
  title: c.title as string,
  description: c.description as string,
  place: c.place as string,
  organiser: c.organiser as string,
  capacity: c.capacity as number,
  ageMin: (c.age_min as number | null) ?? null,
  ageMax: (c.age_max as number | null) ?? null,
  audienceTags: c.audience_tags as string[],
  repeat: c.repeat as Course['repeat'],
  firstDate: dayOf(c.first_date),
  lastDate: dayOf(c.last_date),
  startTime: String(c.start_time).slice(0, 5),
  minutes: c.minutes as number,
  sessions: c.sessions as number,
  nextStartsAt: c.next_starts_at ? iso(c.next_starts_at) : null,
});

/** Sessions with their course, seat counts and the caller's own sign-up ($1 = the caller's user id). */
const SESSION_SELECT = `select s.*, co.series, co.title, co.place, co.organiser, co.area_id, a.path::text as community_path,
    (select count(*)::int from activity_signups w where w.tenant_id = s.tenant_id and w.session_id = s.id
        and w.status = 'waitlisted') as waiting,
    me.id as my_id, me.status as my_status, me.checked_in_at as my_checked_in,
    case when me.status = 'waitlisted' then
      (select count(*)::int from activity_signups w where w.tenant_id = me.tenant_id and w.session_id = me.session_id
          and w.status = 'waitlisted' and (w.queued_at, w.id) <= (me.queued_at, me.id)) end as my_position
  from activity_sessions s
  join activity_courses co on co.tenant_id = s.tenant_id and co.id = s.course_id
  join areas a on a.tenant_id = co.tenant_id and a.id = co.area_id
  left join activity_signups me on me.tenant_id = s.tenant_id and me.session_id = s.id and me.user_id = $1
       and me.status <> 'cancelled'`;

const presentSession = (s: Record<string, unknown>): Session => ({
  id: Number(s.id),
  courseId: Number(s.course_id),
  communityId: Number(s.area_id),
  series: s.series as string,
  title: s.title as string,
  place: s.place as string,
  organiser: s.organiser as string,
  startsAt: iso(s.starts_at),
  endsAt: iso(s.ends_at),
  capacity: s.capacity as number,
  seatsTaken: s.seats_taken as number,
  waiting: s.waiting as number,
  cancelled: s.cancelled_at !== null,
  mine: s.my_id
    ? {
        id: Number(s.my_id),
        status: s.my_status as Signup['status'],
        position: (s.my_position as number | null) ?? null,
        checkedIn: s.my_checked_in !== null,
      }
    : null,
});

const tenantsOf = (actor: Actor) =>
  actor.isPlatformAdmin ? null : [...new Set(actor.scopes.map((s) => s.tenantId))];

async function sessionView(db: Queryable, actor: Actor, tenantId: number, id: number) {
  const { rows } = await db.query(`${SESSION_SELECT} where s.tenant_id = $2 and s.id = $3`, [
    actor.userId,
    tenantId,
    id,
  ]);
  return presentSession(rows[0]);
}

/** 社区学院: courses and sessions, sign-up with a waiting list, check-in, rosters, figures and the attendance export. */
export async function activityRoutes(app: FastifyInstance, ctx: AppContext) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const pool = ctx.pool;
  await volunteerRoutes(app, ctx);
  await partyMemberRoutes(app, ctx);
  await interestRoutes(app, ctx);

  r.get('/api/activities/courses', {
    schema: {
      tags,
      summary: '课程与活动 / Courses',
      querystring: CoursesQuery,
      response: { 200: CourseList },
    },
    handler: async (req) => {
      const { rows } = await pool.query(
        `${COURSE_SELECT} where co.archived_at is null and ($1::bigint[] is null or co.tenant_id = any($1))
            and ($2::bigint is null or co.area_id = $2)
          order by co.first_date desc, co.id desc limit 500`,
        [tenantsOf(req.actor), req.query.communityId ?? null],
      );
      return {
        items: rows
          .filter((c) => relatedTo(req.actor, Number(c.tenant_id), c.community_path))
          .map(presentCourse),
      };
    },
  });

  r.post('/api/activities/courses', {
    schema: {
      tags,
      summary: '新建课程或活动（生成场次）/ Create a course and its sessions',
      body: CourseBody,
      response: { 201: Course },
    },
    handler: async (req, reply) => {
      const c = await inTx(pool, (tx) => createCourse(tx, req.actor, req.body));
      const { rows } = await pool.query(`${COURSE_SELECT} where co.tenant_id = $1 and co.id = $2`, [
        c.tenantId,
        c.id,
      ]);
      return reply.code(201).send(presentCourse(rows[0]));
    },
  });

  r.get('/api/activities/sessions', {
    schema: {
      tags,
      summary: '场次（含我的报名状态）/ Sessions with my sign-up',
      querystring: SessionsQuery,
      response: { 200: SessionList },
    },
    handler: async (req) => {
      const q = req.query;
      const { rows } = await pool.query(
        `${SESSION_SELECT} where co.archived_at is null and ($2::bigint[] is null or s.tenant_id = any($2))
            and ($3::bigint is null or co.area_id = $3) and ($4::bigint is null or s.course_id = $4)
            and ($5 or s.ends_at > now())
          order by s.starts_at, s.id limit 500`,
        [
          req.actor.userId,
          tenantsOf(req.actor),
          q.communityId ?? null,
          q.courseId ?? null,
          q.past === 'true',
        ],
      );
      return {
        items: rows
          .filter((s) => relatedTo(req.actor, Number(s.tenant_id), s.community_path))
          .map(presentSession),
      };
    },
  });

  r.get('/api/activities/me/signups', {
    schema: { tags, summary: '我的报名 / My sign-ups', response: { 200: SessionList } },
    handler: async (req) => {
      const { rows } = await pool.query(
        `${SESSION_SELECT} where me.id is not null and s.ends_at > now() - interval '30 days'
          order by s.starts_at, s.id limit 200`,
        [req.actor.userId],
      );
      return { items: rows.map(presentSession) };
    },
  });

  r.post('/api/activities/sessions/:id/signup', {
    schema: {
      tags,
      summary: '报名（满员则候补）/ Sign up, or join the waiting list',
      params: IdParams,
      response: { 200: Signup, 201: Signup },
    },
    handler: async (req, reply) => {
      const out = await inTx(pool, (tx) => signUp(tx, req.actor, req.params.id));
      return reply.code(out.created ? 201 : 200).send(out.signup);
    },
  });

  r.post('/api/activities/sessions/:id/cancel', {
    schema: {
      tags,
      summary: '取消报名（候补自动递补）/ Cancel my sign-up; the waiting list moves up',
      params: IdParams,
      response: { 200: Ok },
    },
    handler: async (req) => {
      await inTx(pool, (tx) => cancelSignup(tx, req.actor, req.params.id));
      return { ok: true as const };
    },
  });

  r.post('/api/activities/checkin', {
    schema: {
      tags,
      summary: '扫码或输入签到码签到 / Check in with the session’s code',
      body: CheckinBody,
      response: { 200: Session },
    },
    handler: async (req) => {
      const c = await inTx(pool, (tx) => checkIn(tx, req.actor, req.body.code));
      return sessionView(pool, req.actor, c.tenantId, c.sessionId);
    },
  });

  r.get('/api/activities/sessions/:id/roster', {
    schema: {
      tags,
      summary: '报名名单、候补与签到码 / Roster, waiting list and check-in code',
      params: IdParams,
      response: { 200: Roster },
    },
    handler: async (req) =>
      inTx(pool, async (tx) => {
        const s = await lockSession(tx, req.actor, req.params.id);
        await managedCommunity(tx, req.actor, Number(s.area_id));
        const tenantId = Number(s.tenant_id);
        const { rows } = await tx.query(
          `select su.*, u.name, u."phoneNumber" as phone, m.name as marker,
                  case when su.status = 'waitlisted' then row_number() over (partition by su.status order by su.queued_at, su.id) end as position
             from activity_signups su join "user" u on u.id = su.user_id
             left join "user" m on m.id = su.checked_in_by
            where su.tenant_id = $1 and su.session_id = $2
            order by array_position(array['confirmed', 'waitlisted', 'cancelled'], su.status), su.queued_at, su.id`,
          [tenantId, s.id],
        );
        return {
          session: await sessionView(tx, req.actor, tenantId, Number(s.id)),
          checkinCode: s.checkin_code,
          items: rows.map((x) => ({
            id: Number(x.id),
            name: x.name,
            phone: x.phone ? `${x.phone.slice(0, 3)}****${x.phone.slice(-4)}` : null,
            status: x.status,
            position: x.position === null ? null : Number(x.position),
            queuedAt: iso(x.queued_at),
            checkedInAt: x.checked_in_at ? iso(x.checked_in_at) : null,
            markedBy: x.marker ?? null,
          })),
        };
      }),
  });

  r.post('/api/activities/signups/:id/present', {
    schema: {
      tags,
      summary: '组织者标记到场 / The organiser marks a participant present',
      params: IdParams,
      body: z.object({ present: z.boolean().default(true) }),
      response: { 200: Ok },
    },
    handler: async (req) => {
      await inTx(pool, (tx) => markPresent(tx, req.actor, req.params.id, req.body.present));
      return { ok: true as const };
    },
  });

  r.get('/api/activities/figures', {
    schema: {
      tags,
      summary: '社区学院数据：开课场次、出勤率、覆盖人群 / Sessions held, attendance, people reached',
      querystring: ActivityFiguresQuery,
      response: { 200: ActivityFigures },
    },
    handler: async (req) => {
      const c = await managedCommunity(pool, req.actor, req.query.communityId);
      const { rows } = await pool.query(
        `select co.id, co.title,
                count(distinct s.id)::int as held,
                count(su.id) filter (where su.status = 'confirmed')::int as signups,
                count(su.id) filter (where su.checked_in_at is not null)::int as attended
           from activity_courses co
           join activity_sessions s on s.tenant_id = co.tenant_id and s.course_id = co.id
                and s.starts_at < now() and s.cancelled_at is null
           left join activity_signups su on su.tenant_id = s.tenant_id and su.session_id = s.id
          where co.tenant_id = $1 and co.area_id = $2
          group by co.id, co.title order by co.id`,
        [c.tenantId, c.id],
      );
      const people = await pool.query(
        `select distinct su.user_id from activity_signups su
           join activity_sessions s on s.tenant_id = su.tenant_id and s.id = su.session_id
           join activity_courses co on co.tenant_id = s.tenant_id and co.id = s.course_id
          where su.tenant_id = $1 and co.area_id = $2 and su.checked_in_at is not null`,
        [c.tenantId, c.id],
      );
      const userIds = people.rows.map((p) => p.user_id as string);
      const tagsOf = await groupTagsOfUsers(pool, c.tenantId, userIds);
      const byTag = new Map<string, number>();
      for (const list of tagsOf.values()) for (const tg of list) byTag.set(tg, (byTag.get(tg) ?? 0) + 1);
      const rate = (a: number, n: number) => (n ? Math.round((a / n) * 1000) / 1000 : null);
      const sum = (k: 'held' | 'signups' | 'attended') => rows.reduce((n, x) => n + x[k], 0);
      return {
        sessionsHeld: sum('held'),
        signups: sum('signups'),
        attended: sum('attended'),
        attendanceRate: rate(sum('attended'), sum('signups')),
        peopleReached: userIds.length,
        byCourse: rows.map((x) => ({
          courseId: Number(x.id),
          title: x.title,
          sessionsHeld: x.held,
          attended: x.attended,
          attendanceRate: rate(x.attended, x.signups),
        })),
        byTag: [...byTag].map(([tag, n]) => ({ tag, people: n })).sort((a, b) => b.people - a.people),
      };
    },
  });

  r.get('/api/activities/attendance/export', {
    schema: {
      tags,
      summary: '导出签到台账 Excel / Export attendance',
      querystring: ActivityFiguresQuery,
      produces: ['application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'],
      response: { 200: z.any() },
    },
    handler: async (req, reply) => {
      const c = await managedCommunity(pool, req.actor, req.query.communityId);
      const { rows } = await pool.query(
        `select co.series, co.title, co.place, s.starts_at, u.name, su.status, su.checked_in_at, m.name as marker
           from activity_signups su
           join activity_sessions s on s.tenant_id = su.tenant_id and s.id = su.session_id
           join activity_courses co on co.tenant_id = s.tenant_id and co.id = s.course_id
           join "user" u on u.id = su.user_id
           left join "user" m on m.id = su.checked_in_by
          where su.tenant_id = $1 and co.area_id = $2 and su.status <> 'cancelled'
          order by s.starts_at, co.id, su.status, su.queued_at limit 100000`,
        [c.tenantId, c.id],
      );
      const fmt = new Intl.DateTimeFormat('zh-CN', {
        timeZone: 'Asia/Shanghai',
        dateStyle: 'short',
        timeStyle: 'short',
      });
      const buffer = await workbookBuffer(
        '签到台账',
        [
          { header: '项目', key: 'series', width: 12 },
          { header: '课程/活动', key: 'title', width: 24 },
          { header: '地点', key: 'place', width: 18 },
          { header: '场次时间', key: 'at', width: 18 },
          { header: '姓名', key: 'name', width: 10 },
          { header: '状态', key: 'status', width: 8 },
          { header: '签到时间', key: 'checkedIn', width: 18 },
          { header: '签到方式', key: 'how', width: 14 },
        ],
        rows.map((x) => ({
          series: x.series,
          title: x.title,
          place: x.place,
          at: fmt.format(x.starts_at),
          name: x.name,
          status: x.status === 'confirmed' ? '已报名' : '候补',
          checkedIn: x.checked_in_at ? fmt.format(x.checked_in_at) : '',
          how: x.checked_in_at ? (x.marker ? `${x.marker}标记` : '扫码签到') : '',
        })),
      );
      return sendXlsx(reply, `${c.name}-签到台账.xlsx`, buffer);
    },
  });
}
