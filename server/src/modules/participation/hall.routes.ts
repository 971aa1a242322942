import { randomInt } from 'node:crypto';
import {
  AttendanceBody,
  AttendeeList,
  BallotBody,
  CommunityQuery,
  IdParams,
  InvitationBody,
  InviteeList,
  Meeting,
  MeetingBody,
  MeetingCheckinBody,
  MeetingList,
  MinutesBody,
  Ok,
  ParticipationSettings,
  ProxyBallotBody,
  Resolution,
  ResolutionBody,
  ResolutionList,
  ResolutionPatch,
  SettingsBody,
  Topic,
  TopicBody,
  TopicList,
  Vote,
  VoteBody,
  VoteList,
} from '@doorstep/contract';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Actor } from '../../platform/access/scopes';
import { recordAudit } from '../../platform/audit/audit';
import type { AppContext } from '../../platform/context';
import { inTx, type Queryable } from '../../platform/db/tx';
import { conflict, forbidden, invalid, notFound } from '../../platform/http/errors';
import { castBallot, closeVote, loadVote, setTopicStatus, supportTopic, threshold } from './hall.service';
import { invitees, inviteToMeeting } from './invitations';
import {
  type Community,
  communityById,
  communityOf,
  day,
  iso,
  isStaffOf,
  relatedTo,
  staffCommunity,
} from './participation.common';

const tags = ['participation'];
const code6 = () => String(randomInt(1_000_000)).padStart(6, '0');
const TopicActionBody = z.object({ action: z.enum(['agenda', 'close']) });

const TOPIC_SELECT = `select t.*, u.name as author_name,
    exists (select 1 from topic_supports s where s.tenant_id = t.tenant_id and s.topic_id = t.id and s.user_id = $1) as mine
  from topics t join "user" u on u.id = t.author_user_id`;
const presentTopic = (t: Record<string, unknown>, need: number): Topic => ({
  id: Number(t.id),
  communityId: Number(t.community_id),
  title: t.title as string,
  body: t.body as string,
  authorName: t.author_name as string,
  status: t.status as Topic['status'],
  supports: t.supports as number,
  threshold: need,
  supportedByMe: t.mine as boolean,
  onAgendaAt: iso(t.on_agenda_at),
  createdAt: iso(t.created_at) as string,
});

const agendaOf = (a: Record<string, unknown>) => ({
  id: Number(a.id),
  meetingId: a.meeting_id === null ? null : Number(a.meeting_id),
  topicId: a.topic_id === null ? null : Number(a.topic_id),
  title: a.title as string,
});

async function meetings(db: Queryable, actor: Actor, c: Community, id?: number): Promise<Meeting[]> {
  const staff = isStaffOf(actor, c, 'participation.manage');
  const { rows } = await db.query(
    `select m.*, (select count(*)::int from meeting_attendance x where x.tenant_id = m.tenant_id and x.meeting_id = m.id) as attendance,
            exists (select 1 from meeting_attendance x where x.tenant_id = m.tenant_id and x.meeting_id = m.id and x.user_id = $3) as checked_in,
            coalesce((select json_agg(a order by a.position, a.id) from agenda_items a
                       where a.tenant_id = m.tenant_id and a.meeting_id = m.id), '[]') as agenda
       from meetings m where m.tenant_id = $1 and m.community_id = $2 and ($4::bigint is null or m.id = $4)
      order by m.starts_at desc limit 100`,
    [c.tenantId, c.id, actor.userId, id ?? null],
  );
  return rows.map((m) => ({
    id: Number(m.id),
    communityId: Number(m.community_id),
    kind: m.kind,
    title: m.title,
    startsAt: iso(m.starts_at) as string,
    place: m.place,
    convener: m.convener,
    checkinCode: staff ? m.checkin_code : null,
    minutes: m.minutes,
    attendance: m.attendance,
    checkedIn: m.checked_in,
    agenda: (m.agenda as Record<string, unknown>[]).map(agendaOf),
  }));
}

async function loadMeeting(db: Queryable, actor: Actor, id: number) {
  const { rows } = await db.query('select * from meetings where id = $1', [id]);
  if (!rows[0]) throw notFound('Meeting', '会议');
  const c = await communityById(db, Number(rows[0].tenant_id), Number(rows[0].community_id));
  if (!relatedTo(actor, c)) throw notFound('Meeting', '会议');
  return { m: rows[0], c };
}

async function presentVotes(db: Queryable, actor: Actor, c: Community, id?: number): Promise<Vote[]> {
  const { rows } = await db.query(
    `select v.*, (select count(*)::int from vote_voters x where x.tenant_id = v.tenant_id and x.vote_id = v.id) as n,
            exists (select 1 from vote_voters x where x.tenant_id = v.tenant_id and x.vote_id = v.id and x.voter_key = 'u:' || $3) as mine
       from votes v where v.tenant_id = $1 and v.community_id = $2 and ($4::bigint is null or v.id = $4)
      order by v.status = 'open' desc, v.id desc limit 100`,
    [c.tenantId, c.id, actor.userId, id ?? null],
  );
  return rows.map((v) => ({
    id: Number(v.id),
    communityId: Number(v.community_id),
    meetingId: v.meeting_id === null ? null : Number(v.meeting_id),
    agendaItemId: v.agenda_item_id === null ? null : Number(v.agenda_item_id),
    question: v.question,
    options: v.options,
    multiple: v.multiple,
    secret: v.secret,
    quorum: v.quorum,
    majority: v.majority,
    status: v.status,
    ballots: v.n,
    votedByMe: v.mine,
    result: v.status === 'closed' ? v.result : null,
    closedAt: iso(v.closed_at),
  }));
}

async function presentResolutions(db: Queryable, c: Community, id?: number): Promise<Resolution[]> {
  const { rows } = await db.query(
    `select r.*, r.due_date::text as due, r.due_date < (now() at time zone 'Asia/Shanghai')::date and r.status <> 'done' as overdue
       from resolutions r where r.tenant_id = $1 and r.community_id = $2 and ($3::bigint is null or r.id = $3)
      order by r.status = 'done', r.due_date, r.id limit 200`,
    [c.tenantId, c.id, id ?? null],
  );
  return rows.map((r) => ({
    id: Number(r.id),
    communityId: Number(r.community_id),
    meetingId: r.meeting_id === null ? null : Number(r.meeting_id),
    voteId: r.vote_id === null ? null : Number(r.vote_id),
    text: r.text,
    ownerName: r.owner_name,
    ownerUserId: r.owner_user_id ?? null,
    dueDate: day(r.due) as string,
    requestId: r.request_id === null ? null : Number(r.request_id),
    status: r.status,
    progress: r.progress,
    progressNote: r.progress_note,
    overdue: r.overdue,
    updatedAt: iso(r.updated_at) as string,
  }));
}

/** 议事厅: topics and supports, the threshold, meetings and attendance, votes and ballots, resolutions. */
export async function hallRoutes(app: FastifyInstance, ctx: AppContext) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const pool = ctx.pool;

  const topicById = async (actor: Actor, id: number) => {
    const { rows } = await pool.query(`${TOPIC_SELECT} where t.id = $2`, [actor.userId, id]);
    const c = await communityById(pool, Number(rows[0].tenant_id), Number(rows[0].community_id));
    return presentTopic(rows[0], await threshold(pool, c));
  };

  // ——— topics ———
  r.get('/api/topics', {
    schema: { tags, summary: '议题 / Topics', querystring: CommunityQuery, response: { 200: TopicList } },
    handler: async (req) => {
      const c = await communityOf(pool, req.actor, req.query.communityId);
      const need = await threshold(pool, c);
      const { rows } = await pool.query(
        `${TOPIC_SELECT} where t.tenant_id = $2 and t.community_id = $3
          order by t.status = 'proposed' desc, t.supports desc, t.id desc limit 200`,
        [req.actor.userId, c.tenantId, c.id],
      );
      return { items: rows.map((t) => presentTopic(t, need)), threshold: need };
    },
  });

  r.post('/api/topics', {
    schema: { tags, summary: '提出议题 / Propose a topic', body: TopicBody, response: { 201: Topic } },
    handler: async (req, reply) => {
      const id = await inTx(pool, async (tx) => {
        const c = await communityOf(tx, req.actor, req.body.communityId);
        const { rows } = await tx.query(
          `insert into topics (tenant_id, community_id, author_user_id, title, body) values ($1, $2, $3, $4, $5) returning id`,
          [c.tenantId, c.id, req.actor.userId, req.body.title, req.body.body],
        );
        await recordAudit(tx, {
          tenantId: c.tenantId,
          actorUserId: req.actor.userId,
          action: 'topic.propose',
          entityType: 'topic',
          entityId: rows[0].id,
        });
        return Number(rows[0].id);
      });
      return reply.code(201).send(await topicById(req.actor, id));
    },
  });

  r.post('/api/topics/:id/support', {
    schema: {
      tags,
      summary: '支持议题（每人一次；达到门槛自动列入议程）/ Support a topic',
      params: IdParams,
      response: { 200: Topic },
    },
    handler: async (req) => {
      await inTx(pool, (tx) => supportTopic(tx, req.actor, req.params.id));
      return topicById(req.actor, req.params.id);
    },
  });

  r.post('/api/topics/:id/status', {
    schema: {
      tags,
      summary: '列入议程或关闭议题（工作人员）/ Put on the agenda or close',
      params: IdParams,
      body: TopicActionBody,
      response: { 200: Topic },
    },
    handler: async (req) => {
      await inTx(pool, (tx) =>
        setTopicStatus(tx, req.actor, req.params.id, req.body.action === 'agenda' ? 'agenda' : 'closed'),
      );
      return topicById(req.actor, req.params.id);
    },
  });

  r.get('/api/participation/settings', {
    schema: {
      tags,
      summary: '议事门槛 / The support threshold',
      querystring: CommunityQuery,
      response: { 200: ParticipationSettings },
    },
    handler: async (req) => {
      const c = await communityOf(pool, req.actor, req.query.communityId);
      return { communityId: c.id, supportThreshold: await threshold(pool, c) };
    },
  });

  r.put('/api/participation/settings', {
    schema: {
      tags,
      summary: '设置议事门槛 / Set the support threshold',
      body: SettingsBody,
      response: { 200: ParticipationSettings },
    },
    handler: async (req) => {
      const b = req.body;
      return inTx(pool, async (tx) => {
        const c = await staffCommunity(tx, req.actor, b.communityId, 'participation.manage');
        await tx.query(
          `insert into participation_settings (tenant_id, community_id, support_threshold) values ($1, $2, $3)
           on conflict (tenant_id, community_id) do update set support_threshold = $3, updated_at = now()`,
          [c.tenantId, c.id, b.supportThreshold],
        );
        await recordAudit(tx, {
          tenantId: c.tenantId,
          actorUserId: req.actor.userId,
          action: 'participation.settings',
          entityType: 'area',
          entityId: c.id,
          summary: { supportThreshold: b.supportThreshold },
        });
        return { communityId: c.id, supportThreshold: b.supportThreshold };
      });
    },
  });

  // ——— meetings ———
  r.get('/api/meetings', {
    schema: {
      tags,
      summary: '议事会议 / Meetings',
      querystring: CommunityQuery,
      response: { 200: MeetingList },
    },
    handler: async (req) => {
      const c = await communityOf(pool, req.actor, req.query.communityId);
      const { rows } = await pool.query(
        `select * from agenda_items where tenant_id = $1 and community_id = $2 and meeting_id is null order by id`,
        [c.tenantId, c.id],
      );
      return { items: await meetings(pool, req.actor, c), unscheduled: rows.map(agendaOf) };
    },
  });

  r.post('/api/meetings', {
    schema: {
      tags,
      summary: '安排会议（可每周重复：议事日）/ Schedule a meeting (optionally weekly)',
      body: MeetingBody,
      response: { 201: MeetingList },
    },
    handler: async (req, reply) => {
      const b = req.body;
      const c = await inTx(pool, async (tx) => {
        const c = await staffCommunity(tx, req.actor, b.communityId, 'participation.manage');
        const series = b.repeatWeeks > 1 ? crypto.randomUUID() : null;
        let first: number | null = null;
        for (let w = 0; w < b.repeatWeeks; w++) {
          const { rows } = await tx.query(
            `insert into meetings (tenant_id, community_id, kind, title, starts_at, place, convener, checkin_code, series_id, created_by)
             values ($1, $2, $3, $4, ($5::timestamptz at time zone 'Asia/Shanghai' + make_interval(weeks => $6, months => $7))
                     at time zone 'Asia/Shanghai', $8, $9, $10, $11, $12) returning id`,
            [
              c.tenantId,
              c.id,
              b.kind,
              b.title,
              b.startsAt,
              b.repeatEvery === 'week' ? w : 0,
              b.repeatEvery === 'month' ? w : 0,
              b.place,
              b.conveners.length ? b.conveners[w % b.conveners.length] : b.convener,
              code6(),
              series,
              req.actor.userId,
            ],
          );
          first ??= Number(rows[0].id);
        }
        for (const [i, title] of b.agenda.entries())
          await tx.query(
            `insert into agenda_items (tenant_id, community_id, meeting_id, title, position) values ($1, $2, $3, $4, $5)`,
            [c.tenantId, c.id, first, title, i],
          );
        if (b.agendaItemIds.length) {
          const upd = await tx.query(
            `update agenda_items set meeting_id = $3
              where tenant_id = $1 and community_id = $2 and meeting_id is null and id = any($4::bigint[])`,
            [c.tenantId, c.id, first, b.agendaItemIds],
          );
          if (upd.rowCount !== new Set(b.agendaItemIds).size)
            throw conflict(
              'AGENDA_TAKEN',
              '有议程项已安排到其他会议',
              'An agenda item is already in another meeting',
            );
        }
        if (b.inviteRoles.length)
          await inviteToMeeting(tx, req.actor, c, first as number, { roles: b.inviteRoles, userIds: [] });
        await recordAudit(tx, {
          tenantId: c.tenantId,
          actorUserId: req.actor.userId,
          action: 'meeting.create',
          entityType: 'meeting',
          entityId: first as number,
          summary: { title: b.title, weeks: b.repeatWeeks },
        });
        return c;
      });
      const { rows } = await pool.query(
        `select * from agenda_items where tenant_id = $1 and community_id = $2 and meeting_id is null order by id`,
        [c.tenantId, c.id],
      );
      return reply
        .code(201)
        .send({ items: await meetings(pool, req.actor, c), unscheduled: rows.map(agendaOf) });
    },
  });

  r.put('/api/meetings/:id/minutes', {
    schema: {
      tags,
      summary: '发布会议纪要 / Publish the minutes',
      params: IdParams,
      body: MinutesBody,
      response: { 200: Meeting },
    },
    handler: async (req) => {
      const { m, c } = await loadMeeting(pool, req.actor, req.params.id);
      if (!isStaffOf(req.actor, c, 'participation.manage')) throw forbidden();
      await inTx(pool, async (tx) => {
        await tx.query('update meetings set minutes = $3 where tenant_id = $1 and id = $2', [
          m.tenant_id,
          m.id,
          req.body.minutes,
        ]);
        await recordAudit(tx, {
          tenantId: c.tenantId,
          actorUserId: req.actor.userId,
          action: 'meeting.minutes',
          entityType: 'meeting',
          entityId: m.id,
        });
      });
      return (await meetings(pool, req.actor, c, Number(m.id)))[0] as Meeting;
    },
  });

  r.post('/api/meetings/:id/checkin', {
    schema: {
      tags,
      summary: '扫码/输入签到码签到 / Check in with the meeting’s code',
      params: IdParams,
      body: MeetingCheckinBody,
      response: { 200: Ok },
    },
    handler: async (req) => {
      const { m } = await loadMeeting(pool, req.actor, req.params.id);
      if (m.checkin_code !== req.body.code)
        throw invalid('CHECKIN_CODE', '签到码不对', 'That is not the meeting’s check-in code');
      await pool.query(
        `insert into meeting_attendance (tenant_id, meeting_id, user_id, name, method) values ($1, $2, $3, $4, 'code')
         on conflict do nothing`,
        [m.tenant_id, m.id, req.actor.userId, req.actor.name],
      );
      return { ok: true as const };
    },
  });

  r.get('/api/meetings/:id/attendance', {
    schema: { tags, summary: '到会名单 / Attendance', params: IdParams, response: { 200: AttendeeList } },
    handler: async (req) => {
      const { m, c } = await loadMeeting(pool, req.actor, req.params.id);
      if (!isStaffOf(req.actor, c, 'participation.view')) throw forbidden();
      const { rows } = await pool.query(
        'select name, method, created_at from meeting_attendance where tenant_id = $1 and meeting_id = $2 order by id',
        [m.tenant_id, m.id],
      );
      return {
        items: rows.map((a) => ({ name: a.name, method: a.method, at: iso(a.created_at) as string })),
      };
    },
  });

  r.post('/api/meetings/:id/invitations', {
    schema: {
      tags,
      summary: '发送会议邀请（按角色或指定人员）/ Invite people to a meeting (by role or by name)',
      params: IdParams,
      body: InvitationBody,
      response: { 201: InviteeList },
    },
    handler: async (req, reply) => {
      const { m, c } = await loadMeeting(pool, req.actor, req.params.id);
      if (!isStaffOf(req.actor, c, 'participation.manage')) throw forbidden();
      const invited = await inTx(pool, (tx) => inviteToMeeting(tx, req.actor, c, Number(m.id), req.body));
      return reply.code(201).send({ items: await invitees(pool, c.tenantId, Number(m.id)), invited });
    },
  });

  r.get('/api/meetings/:id/invitations', {
    schema: {
      tags,
      summary: '受邀人员及签到情况 / Who was invited, and who has checked in',
      params: IdParams,
      response: { 200: InviteeList },
    },
    handler: async (req) => {
      const { m, c } = await loadMeeting(pool, req.actor, req.params.id);
      if (!isStaffOf(req.actor, c, 'participation.view')) throw forbidden();
      return { items: await invitees(pool, c.tenantId, Number(m.id)), invited: 0 };
    },
  });

  r.post('/api/meetings/:id/attendance', {
    schema: {
      tags,
      summary: '登记现场到会人员（工作人员）/ Record an in-person attendee',
      params: IdParams,
      body: AttendanceBody,
      response: { 201: Ok },
    },
    handler: async (req, reply) => {
      const { m, c } = await loadMeeting(pool, req.actor, req.params.id);
      if (!isStaffOf(req.actor, c, 'participation.manage')) throw forbidden();
      await pool.query(
        `insert into meeting_attendance (tenant_id, meeting_id, name, method, recorded_by) values ($1, $2, $3, 'staff', $4)`,
        [m.tenant_id, m.id, req.body.name, req.actor.userId],
      );
      return reply.code(201).send({ ok: true as const });
    },
  });

  // ——— votes ———
  r.get('/api/votes', {
    schema: { tags, summary: '表决 / Votes', querystring: CommunityQuery, response: { 200: VoteList } },
    handler: async (req) => {
      const c = await communityOf(pool, req.actor, req.query.communityId);
      return { items: await presentVotes(pool, req.actor, c) };
    },
  });

  r.post('/api/votes', {
    schema: { tags, summary: '发起表决 / Open a vote', body: VoteBody, response: { 201: Vote } },
    handler: async (req, reply) => {
      const b = req.body;
      const out = await inTx(pool, async (tx) => {
        const c = await staffCommunity(tx, req.actor, b.communityId, 'participation.manage');
        if (b.meetingId) {
          const m = await tx.query(
            'select 1 from meetings where tenant_id = $1 and community_id = $2 and id = $3',
            [c.tenantId, c.id, b.meetingId],
          );
          if (!m.rows[0]) throw invalid('MEETING_UNKNOWN', '会议不存在', 'No such meeting in this community');
        }
        if (b.agendaItemId) {
          const a = await tx.query(
            'select 1 from agenda_items where tenant_id = $1 and community_id = $2 and id = $3',
            [c.tenantId, c.id, b.agendaItemId],
          );
          if (!a.rows[0])
            throw invalid('AGENDA_UNKNOWN', '议程项不存在', 'No such agenda item in this community');
        }
        const { rows } = await tx.query(
          `insert into votes (tenant_id, community_id, meeting_id, agenda_item_id, question, options, multiple, secret, quorum, majority, created_by)
           values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) returning id`,
          [
            c.tenantId,
            c.id,
            b.meetingId ?? null,
            b.agendaItemId ?? null,
            b.question,
            b.options,
            b.multiple,
            b.secret,
            b.quorum,
            b.majority,
            req.actor.userId,
          ],
        );
        await recordAudit(tx, {
          tenantId: c.tenantId,
          actorUserId: req.actor.userId,
          action: 'vote.open',
          entityType: 'vote',
          entityId: rows[0].id,
          summary: { question: b.question, secret: b.secret },
        });
        return { c, id: Number(rows[0].id) };
      });
      return reply.code(201).send((await presentVotes(pool, req.actor, out.c, out.id))[0] as Vote);
    },
  });

  const voteById = async (actor: Actor, id: number) => {
    const { c } = await loadVote(pool, actor, id);
    return (await presentVotes(pool, actor, c, id))[0] as Vote;
  };

  r.post('/api/votes/:id/ballots', {
    schema: {
      tags,
      summary: '投票（一人一票）/ Cast my ballot (one person, one vote)',
      params: IdParams,
      body: BallotBody,
      response: { 201: Vote },
    },
    handler: async (req, reply) => {
      await inTx(pool, (tx) => castBallot(tx, req.actor, req.params.id, req.body.choices));
      return reply.code(201).send(await voteById(req.actor, req.params.id));
    },
  });

  r.post('/api/votes/:id/proxy-ballots', {
    schema: {
      tags,
      summary: '代录选票（为没有手机的居民，工作人员）/ Enter a ballot for a resident without a phone',
      params: IdParams,
      body: ProxyBallotBody,
      response: { 201: Vote },
    },
    handler: async (req, reply) => {
      await inTx(pool, (tx) => castBallot(tx, req.actor, req.params.id, req.body.choices, req.body.voter));
      return reply.code(201).send(await voteById(req.actor, req.params.id));
    },
  });

  r.post('/api/votes/:id/close', {
    schema: {
      tags,
      summary: '结束表决并公布结果 / Close the vote and publish the result',
      params: IdParams,
      response: { 200: Vote },
    },
    handler: async (req) => {
      await inTx(pool, (tx) => closeVote(tx, req.actor, req.params.id));
      return voteById(req.actor, req.params.id);
    },
  });

  // ——— resolutions ———
  r.get('/api/resolutions', {
    schema: {
      tags,
      summary: '决议及落实进度 / Resolutions and their progress',
      querystring: CommunityQuery,
      response: { 200: ResolutionList },
    },
    handler: async (req) => {
      const c = await communityOf(pool, req.actor, req.query.communityId);
      return { items: await presentResolutions(pool, c) };
    },
  });

  r.post('/api/resolutions', {
    schema: {
      tags,
      summary: '记录决议 / Record a resolution',
      body: ResolutionBody,
      response: { 201: Resolution },
    },
    handler: async (req, reply) => {
      const b = req.body;
      const out = await inTx(pool, async (tx) => {
        const c = await staffCommunity(tx, req.actor, b.communityId, 'participation.manage');
        const check = async (table: string, id: number | undefined, code: string, zh: string) => {
          if (!id) return;
          const { rows } = await tx.query(
            `select 1 from ${table} where tenant_id = $1 and id = $2 ${table === 'requests' ? '' : 'and community_id = $3'}`,
            table === 'requests' ? [c.tenantId, id] : [c.tenantId, id, c.id],
          );
          if (!rows[0]) throw invalid(code, `${zh}不存在`, `No such ${table.slice(0, -1)}`);
        };
        await check('meetings', b.meetingId, 'MEETING_UNKNOWN', '会议');
        await check('votes', b.voteId, 'VOTE_UNKNOWN', '表决');
        await check('requests', b.requestId, 'REQUEST_UNKNOWN', '诉求');
        if (b.ownerUserId) {
          const o = await tx.query(
            `select 1 from role_assignments ra join areas a on a.tenant_id = ra.tenant_id and a.id = ra.area_id
              where ra.tenant_id = $1 and ra.user_id = $2 and (a.path <@ $3::ltree or $3::ltree <@ a.path) limit 1`,
            [c.tenantId, b.ownerUserId, c.path],
          );
          if (!o.rows[0])
            throw invalid(
              'OWNER_UNKNOWN',
              '负责人不是本社区的用户',
              'The owner has no role in this community',
            );
        }
        const { rows } = await tx.query(
          `insert into resolutions (tenant_id, community_id, meeting_id, vote_id, text, owner_name, due_date, request_id, created_by, owner_user_id)
           values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) returning id`,
          [
            c.tenantId,
            c.id,
            b.meetingId ?? null,
            b.voteId ?? null,
            b.text,
            b.ownerName,
            b.dueDate,
            b.requestId ?? null,
            req.actor.userId,
            b.ownerUserId ?? null,
          ],
        );
        await recordAudit(tx, {
          tenantId: c.tenantId,
          actorUserId: req.actor.userId,
          action: 'resolution.create',
          entityType: 'resolution',
          entityId: rows[0].id,
          summary: { owner: b.ownerName, due: b.dueDate },
        });
        return { c, id: Number(rows[0].id) };
      });
      return reply.code(201).send((await presentResolutions(pool, out.c, out.id))[0] as Resolution);
    },
  });

  r.patch('/api/resolutions/:id', {
    schema: {
      tags,
      summary: '更新决议落实进度 / Update a resolution’s progress',
      params: IdParams,
      body: ResolutionPatch,
      response: { 200: Resolution },
    },
    handler: async (req) => {
      const b = req.body;
      const c = await inTx(pool, async (tx) => {
        const { rows } = await tx.query('select * from resolutions where id = $1 for update', [
          req.params.id,
        ]);
        if (!rows[0]) throw notFound('Resolution', '决议');
        const c = await communityById(tx, Number(rows[0].tenant_id), Number(rows[0].community_id));
        if (!relatedTo(req.actor, c)) throw notFound('Resolution', '决议');
        if (!isStaffOf(req.actor, c, 'participation.manage')) throw forbidden();
        const status = b.progress === 100 ? 'done' : b.progress > 0 ? 'in_progress' : 'planned';
        await tx.query(
          `update resolutions set progress = $3, progress_note = $4, status = $5, updated_at = now() where tenant_id = $1 and id = $2`,
          [rows[0].tenant_id, rows[0].id, b.progress, b.progressNote, status],
        );
        await recordAudit(tx, {
          tenantId: c.tenantId,
          actorUserId: req.actor.userId,
          action: 'resolution.progress',
          entityType: 'resolution',
          entityId: rows[0].id,
          summary: { progress: [rows[0].progress, b.progress] },
        });
        return c;
      });
      return (await presentResolutions(pool, c, req.params.id))[0] as Resolution;
    },
  });
}
