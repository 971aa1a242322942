import {
  DecideHoursBody,
  HoursBody,
  HoursList,
  HoursQuery,
  type HoursRecord,
  IdParams,
  JoinTeamBody,
  MyVolunteering,
  Ok,
  VolunteerMemberList,
  VolunteerTeam,
  VolunteerTeamBody,
  VolunteerTeamList,
} from '@doorstep/contract';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type pg from 'pg';
import { can } from '../../platform/access/policy';
import type { Actor } from '../../platform/access/scopes';
import { recordAudit } from '../../platform/audit/audit';
import type { AppContext } from '../../platform/context';
import { inTx, type Queryable } from '../../platform/db/tx';
import { conflict, forbidden, invalid, notFound } from '../../platform/http/errors';
import { applyRule } from '../ledger';
import { managedCommunity, relatedTo } from './activities.service';

const tags = ['activities'];

const HOURS_SELECT = `select h.*, t.name as team_name, t.area_id, u.name as volunteer_name, rb.name as recorder_name,
    db.name as decider_name
  from volunteer_hours h
  join volunteer_teams t on t.tenant_id = h.tenant_id and t.id = h.team_id
  join "user" u on u.id = h.user_id
  join "user" rb on rb.id = h.recorded_by
  left join "user" db on db.id = h.decided_by`;

const presentHours = (h: Record<string, unknown>): HoursRecord => ({
  id: Number(h.id),
  teamId: Number(h.team_id),
  teamName: h.team_name as string,
  volunteerName: h.volunteer_name as string,
  event: h.event as string,
  startedAt: (h.started_at as Date).toISOString(),
  endedAt: (h.ended_at as Date).toISOString(),
  minutes: h.minutes as number,
  status: h.status as HoursRecord['status'],
  recordedBy: h.recorder_name as string,
  decidedBy: (h.decider_name as string | null) ?? null,
  reason: (h.reason as string | null) ?? null,
  entryId: h.entry_id === null ? null : Number(h.entry_id),
});

/** A team with its community's path; 404 unless the actor is related to the community. */
async function teamFor(db: Queryable, actor: Actor, id: number, lock = false) {
  const { rows } = await db.query(
    `select t.*, a.path::text as community_path from volunteer_teams t
       join areas a on a.tenant_id = t.tenant_id and a.id = t.area_id
      where t.id = $1 and ($2::bigint[] is null or t.tenant_id = any($2)) ${lock ? 'for update of t' : ''}`,
    [id, actor.isPlatformAdmin ? null : [...new Set(actor.scopes.map((s) => s.tenantId))]],
  );
  const t = rows[0];
  if (!t || !relatedTo(actor, Number(t.tenant_id), t.community_path)) throw notFound('Team', '志愿队');
  return t;
}

/** The organiser: staff over the team's community, or the team's leader. */
const organises = (actor: Actor, t: Record<string, unknown>) =>
  t.leader_user_id === actor.userId ||
  can(actor, 'activities.manage', { tenantId: Number(t.tenant_id), path: t.community_path as string });

/**
 * Volunteers: teams and registration (skills, availability); hours recorded by whoever organised the event (谁组织谁
 *记录), on site only, then approved by another staff member — the approval credits the time bank through the
 * ledger's volunteer_hours rule (one minute a unit), one entry per record.
 */
export async function volunteerRoutes(app: FastifyInstance, ctx: AppContext) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const pool = ctx.pool;

  const teamList = async (actor: Actor, where: string, values: unknown[]) => {
    const { rows } = await pool.query(
      `select t.*, a.path::text as community_path, l.name as leader_name,
              (select count(*)::int from volunteers v where v.tenant_id = t.tenant_id and v.team_id = t.id) as members,
              (select coalesce(sum(h.minutes), 0)::int from volunteer_hours h
                where h.tenant_id = t.tenant_id and h.team_id = t.id and h.status = 'approved') as approved_minutes,
              exists (select 1 from volunteers v where v.tenant_id = t.tenant_id and v.team_id = t.id
                        and v.user_id = $1) as joined
         from volunteer_teams t
         join areas a on a.tenant_id = t.tenant_id and a.id = t.area_id
         left join "user" l on l.id = t.leader_user_id
        where ${where} order by t.id`,
      [actor.userId, ...values],
    );
    return rows
      .filter((t) => relatedTo(actor, Number(t.tenant_id), t.community_path))
      .map((t) => ({
        id: Number(t.id),
        communityId: Number(t.area_id),
        name: t.name,
        description: t.description,
        leaderName: t.leader_name ?? null,
        members: t.members,
        approvedMinutes: t.approved_minutes,
        joined: t.joined,
      }));
  };

  r.get('/api/volunteers/teams', {
    schema: {
      tags,
      summary: '志愿队 / Volunteer teams',
      querystring: HoursQuery.pick({ communityId: true }).partial(),
      response: { 200: VolunteerTeamList },
    },
    handler: async (req) => ({
      items: await teamList(
        req.actor,
        '($2::bigint[] is null or t.tenant_id = any($2)) and ($3::bigint is null or t.area_id = $3)',
        [
          req.actor.isPlatformAdmin ? null : [...new Set(req.actor.scopes.map((s) => s.tenantId))],
          req.query.communityId ?? null,
        ],
      ),
    }),
  });

  r.post('/api/volunteers/teams', {
    schema: {
      tags,
      summary: '新建志愿队 / Create a volunteer team',
      body: VolunteerTeamBody,
      response: { 201: VolunteerTeam },
    },
    handler: async (req, reply) => {
      const b = req.body;
      const id = await inTx(pool, async (tx) => {
        const c = await managedCommunity(tx, req.actor, b.communityId);
        let leader: string | null = null;
        if (b.leaderPhone) {
          leader = (await tx.query('select id from "user" where "phoneNumber" = $1', [b.leaderPhone])).rows[0]
            ?.id;
          if (!leader)
            throw invalid(
              'LEADER_UNKNOWN',
              '该手机号尚未注册',
              'No one has signed up with that phone number',
            );
        }
        const { rows } = await tx.query(
          `insert into volunteer_teams (tenant_id, area_id, name, description, leader_user_id)
           values ($1, $2, $3, $4, $5) on conflict (tenant_id, area_id, name) do nothing returning id`,
          [c.tenantId, c.id, b.name, b.description, leader],
        );
        if (!rows[0])
          throw conflict('TEAM_EXISTS', '本社区已有同名志愿队', 'The community already has that team');
        if (leader)
          await tx.query(
            'insert into volunteers (tenant_id, team_id, user_id) values ($1, $2, $3) on conflict do nothing',
            [c.tenantId, rows[0].id, leader],
          );
        await recordAudit(tx, {
          tenantId: c.tenantId,
          actorUserId: req.actor.userId,
          action: 'volunteers.team.create',
          entityType: 'volunteer_team',
          entityId: rows[0].id,
          summary: { name: b.name },
        });
        return Number(rows[0].id);
      });
      const [team] = await teamList(req.actor, 't.id = $2', [id]);
      return reply.code(201).send(team!);
    },
  });

  r.post('/api/volunteers/teams/:id/join', {
    schema: {
      tags,
      summary: '志愿者注册（技能、可服务时间）/ Join a team',
      params: IdParams,
      body: JoinTeamBody,
      response: { 200: Ok },
    },
    handler: async (req) => {
      const t = await teamFor(pool, req.actor, req.params.id);
      await pool.query(
        `insert into volunteers (tenant_id, team_id, user_id, skills, availability) values ($1, $2, $3, $4, $5)
         on conflict (tenant_id, team_id, user_id) do update set skills = excluded.skills, availability = excluded.availability`,
        [t.tenant_id, t.id, req.actor.userId, req.body.skills, req.body.availability],
      );
      return { ok: true as const };
    },
  });

  r.get('/api/volunteers/teams/:id/members', {
    schema: {
      tags,
      summary: '志愿队成员 / A team’s members',
      params: IdParams,
      response: { 200: VolunteerMemberList },
    },
    handler: async (req) => {
      const t = await teamFor(pool, req.actor, req.params.id);
      if (!organises(req.actor, t)) throw forbidden();
      const { rows } = await pool.query(
        `select v.*, u.name, u."phoneNumber" as phone,
                (select coalesce(sum(h.minutes), 0)::int from volunteer_hours h where h.tenant_id = v.tenant_id
                   and h.team_id = v.team_id and h.user_id = v.user_id and h.status = 'approved') as approved_minutes
           from volunteers v join "user" u on u.id = v.user_id
          where v.tenant_id = $1 and v.team_id = $2 order by v.joined_at`,
        [t.tenant_id, t.id],
      );
      return {
        items: rows.map((v) => ({
          userId: v.user_id,
          name: v.name,
          phone: v.phone ? `${v.phone.slice(0, 3)}****${v.phone.slice(-4)}` : null,
          skills: v.skills,
          availability: v.availability,
          approvedMinutes: v.approved_minutes,
        })),
      };
    },
  });

  r.post('/api/volunteers/hours', {
    schema: {
      tags,
      summary: '组织者记录服务时长（在岗时间，不含路程）/ The organiser records hours on site',
      body: HoursBody,
      response: { 201: HoursList.shape.items.element },
    },
    handler: async (req, reply) => {
      const b = req.body;
      const h = await inTx(pool, async (tx) => {
        const t = await teamFor(tx, req.actor, b.teamId);
        if (!organises(req.actor, t))
          throw forbidden(
            '只有活动组织者（队长或社区工作人员）可以记录时长',
            'Only the organiser records hours',
          );
        if (Date.parse(b.startedAt) > Date.now())
          throw invalid('HOURS_IN_FUTURE', '活动结束后再记录时长', 'Record hours after the event');
        const who = (await tx.query('select id from "user" where "phoneNumber" = $1', [b.phone])).rows[0];
        if (!who)
          throw invalid(
            'VOLUNTEER_UNKNOWN',
            '该手机号尚未注册',
            'No one has signed up with that phone number',
          );
        await tx.query(
          'insert into volunteers (tenant_id, team_id, user_id) values ($1, $2, $3) on conflict do nothing',
          [t.tenant_id, t.id, who.id],
        );
        const { rows } = await tx.query(
          `insert into volunteer_hours (tenant_id, team_id, user_id, event, started_at, ended_at, recorded_by)
           values ($1, $2, $3, $4, $5, $6, $7) on conflict (tenant_id, team_id, user_id, started_at) do nothing
           returning id`,
          [t.tenant_id, t.id, who.id, b.event, b.startedAt, b.endedAt, req.actor.userId],
        );
        if (!rows[0])
          throw conflict('HOURS_RECORDED', '这段时长已经记录过', 'These hours have already been recorded');
        await recordAudit(tx, {
          tenantId: Number(t.tenant_id),
          actorUserId: req.actor.userId,
          action: 'volunteers.hours.record',
          entityType: 'volunteer_hours',
          entityId: rows[0].id,
          summary: { volunteer: who.id, event: b.event, startedAt: b.startedAt, endedAt: b.endedAt },
        });
        return (
          await tx.query(`${HOURS_SELECT} where h.tenant_id = $1 and h.id = $2`, [t.tenant_id, rows[0].id])
        ).rows[0];
      });
      return reply.code(201).send(presentHours(h));
    },
  });

  r.get('/api/volunteers/hours', {
    schema: {
      tags,
      summary: '服务时长记录（待审核、已通过）/ Hours records of a community',
      querystring: HoursQuery,
      response: { 200: HoursList },
    },
    handler: async (req) => {
      const c = await managedCommunity(pool, req.actor, req.query.communityId);
      const { rows } = await pool.query(
        `${HOURS_SELECT} where h.tenant_id = $1 and t.area_id = $2 and ($3::text is null or h.status = $3)
          order by h.status = 'recorded' desc, h.started_at desc limit 500`,
        [c.tenantId, c.id, req.query.status ?? null],
      );
      return { items: rows.map(presentHours) };
    },
  });

  r.post('/api/volunteers/hours/:id/decide', {
    schema: {
      tags,
      summary: '审核服务时长（通过即记入时间银行）/ Approve hours into the time bank, or reject them',
      params: IdParams,
      body: DecideHoursBody,
      response: { 200: HoursList.shape.items.element },
    },
    handler: async (req) =>
      inTx(pool, async (tx) => {
        const h = await decideHours(tx, req.actor, req.params.id, req.body.approve, req.body.reason ?? null);
        return presentHours(h);
      }),
  });

  r.get('/api/volunteers/me', {
    schema: {
      tags,
      summary: '我的志愿服务（证明页的数据）/ My volunteering and certificate figures',
      response: { 200: MyVolunteering },
    },
    handler: async (req) => {
      const [teams, hours] = await Promise.all([
        pool.query(
          `select t.id, t.name, a.name as community_name from volunteers v
             join volunteer_teams t on t.tenant_id = v.tenant_id and t.id = v.team_id
             join areas a on a.tenant_id = t.tenant_id and a.id = t.area_id
            where v.user_id = $1 order by v.joined_at`,
          [req.actor.userId],
        ),
        pool.query(`${HOURS_SELECT} where h.user_id = $1 order by h.started_at desc limit 500`, [
          req.actor.userId,
        ]),
      ]);
      const items = hours.rows.map(presentHours);
      const approved = items.filter((h) => h.status === 'approved');
      return {
        name: req.actor.name,
        teams: teams.rows.map((t) => ({ id: Number(t.id), name: t.name, communityName: t.community_name })),
        hours: items,
        approvedMinutes: approved.reduce((n, h) => n + h.minutes, 0),
        since: approved.length ? approved[approved.length - 1]!.startedAt : null,
      };
    },
  });
}

/** Staff approve (credits the time bank: one ledger entry per record) or reject a record someone else made. */
export async function decideHours(
  tx: pg.PoolClient,
  actor: Actor,
  id: number,
  approve: boolean,
  reason: string | null,
) {
  const { rows } = await tx.query(
    `${HOURS_SELECT.replace('select h.*', 'select h.*, a.path::text as community_path')}
       join areas a on a.tenant_id = t.tenant_id and a.id = t.area_id
      where h.id = $1 and ($2::bigint[] is null or h.tenant_id = any($2)) for update of h`,
    [id, actor.isPlatformAdmin ? null : [...new Set(actor.scopes.map((s) => s.tenantId))]],
  );
  const h = rows[0];
  if (!h) throw notFound('Hours', '时长记录');
  const tenantId = Number(h.tenant_id);
  if (!can(actor, 'activities.manage', { tenantId, path: h.community_path })) {
    if (relatedTo(actor, tenantId, h.community_path)) throw forbidden();
    throw notFound('Hours', '时长记录');
  }
  if (h.status !== 'recorded')
    throw conflict('HOURS_DECIDED', '该记录已审核', 'These hours have already been decided');
  if (h.recorded_by === actor.userId)
    throw conflict(
      'SAME_PERSON',
      '记录人不能审核自己记录的时长',
      'Someone other than the recorder approves hours',
    );
  let entryId: number | null = null;
  if (approve) {
    const e = await applyRule(tx, actor, {
      eventKind: 'volunteer.hours',
      eventId: `hours-${h.id}`,
      communityId: Number(h.area_id),
      beneficiary: { userId: h.user_id, name: h.volunteer_name },
      quantity: h.minutes,
      memo: `${h.team_name}：${h.event}`,
    });
    entryId = e.entryId;
  }
  await tx.query(
    `update volunteer_hours set status = $3, decided_by = $4, decided_at = now(), reason = $5, entry_id = $6
      where tenant_id = $1 and id = $2`,
    [tenantId, h.id, approve ? 'approved' : 'rejected', actor.userId, reason, entryId],
  );
  await recordAudit(tx, {
    tenantId,
    actorUserId: actor.userId,
    action: approve ? 'volunteers.hours.approve' : 'volunteers.hours.reject',
    entityType: 'volunteer_hours',
    entityId: h.id,
    summary: { minutes: h.minutes, entryId, reason },
  });
  return (await tx.query(`${HOURS_SELECT} where h.tenant_id = $1 and h.id = $2`, [tenantId, h.id])).rows[0];
}
