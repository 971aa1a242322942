import { join } from 'node:path';
import {
  ClosePatrolBody,
  IdParams,
  Patrol,
  PatrolCheckinBody,
  PatrolList,
  PatrolPlan,
  PatrolPlanBody,
  PatrolPlanList,
  PatrolPlansQuery,
  PatrolsQuery,
} from '@doorstep/contract';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type pg from 'pg';
import { can } from '../../platform/access/policy';
import type { Actor } from '../../platform/access/scopes';
import { recordAudit } from '../../platform/audit/audit';
import type { AppContext } from '../../platform/context';
import { inTx, type Queryable } from '../../platform/db/tx';
import { checkPhotos } from '../../platform/files/files';
import { conflict, invalid, notFound } from '../../platform/http/errors';
import { managedCommunity } from '../areas';
import { reportRequest } from '../requests';

const tags = ['patrols'];

const PLAN_SELECT = `select p.*, a.name as community_name, a.path::text as community_path,
    su.name as secretary_name, gu.name as grid_worker_name, pu.name as property_name,
    (select o.id from patrols o where o.tenant_id = p.tenant_id and o.plan_id = p.id and o.closed_at is null) as open_patrol_id,
    (select count(*)::int from patrols o where o.tenant_id = p.tenant_id and o.plan_id = p.id) as patrol_count
  from patrol_plans p
  join areas a on a.tenant_id = p.tenant_id and a.id = p.area_id
  join "user" su on su.id = p.secretary_user_id
  join "user" gu on gu.id = p.grid_worker_user_id
  join "user" pu on pu.id = p.property_user_id`;

const hhmm = (t: unknown) => {
  const s = String(t).slice(0, 5);
  return s;
};

const presentPlan = (p: Record<string, unknown>): PatrolPlan => ({
  id: Number(p.id),
  communityId: Number(p.area_id),
  communityName: p.community_name as string,
  name: p.name as string,
  windowStart: hhmm(p.window_start),
  windowEnd: hhmm(p.window_end) === '00:00' ? '24:00' : hhmm(p.window_end),
  secretary: { userId: p.secretary_user_id as string, name: p.secretary_name as string },
  gridWorker: { userId: p.grid_worker_user_id as string, name: p.grid_worker_name as string },
  property: { userId: p.property_user_id as string, name: p.property_name as string },
  places: p.places as string[],
  openPatrolId: p.open_patrol_id === null ? null : Number(p.open_patrol_id),
  patrols: p.patrol_count as number,
});

const tenantsOf = (actor: Actor) =>
  actor.isPlatformAdmin ? null : [...new Set(actor.scopes.map((s) => s.tenantId))];

/** On the plan's team of three, or staff over its community. */
const mayWalk = (actor: Actor, p: Record<string, unknown>) =>
  [p.secretary_user_id, p.grid_worker_user_id, p.property_user_id].includes(actor.userId) ||
  can(actor, 'patrols.manage', { tenantId: Number(p.tenant_id), path: p.community_path as string });

async function planFor(db: Queryable, actor: Actor, id: number, lock = false) {
  const { rows } = await db.query(
    `${PLAN_SELECT} where p.id = $1 and ($2::bigint[] is null or p.tenant_id = any($2)) ${lock ? 'for update of p' : ''}`,
    [id, tenantsOf(actor)],
  );
  const p = rows[0];
  if (!p || !mayWalk(actor, p)) throw notFound('Patrol plan', '走访计划');
  return p;
}

async function patrolView(db: Queryable, tenantId: number, id: number): Promise<Patrol> {
  const { rows } = await db.query(
    `select o.*, p.name as plan_name, p.places, a.name as community_name, u.name as starter
       from patrols o
       join patrol_plans p on p.tenant_id = o.tenant_id and p.id = o.plan_id
       join areas a on a.tenant_id = p.tenant_id and a.id = p.area_id
       join "user" u on u.id = o.started_by
      where o.tenant_id = $1 and o.id = $2`,
    [tenantId, id],
  );
  const o = rows[0];
  const checkins = await db.query(
    `select c.*, u.name as by_name, r.public_no from patrol_checkins c join "user" u on u.id = c.created_by
       left join requests r on r.tenant_id = c.tenant_id and r.id = c.request_id
      where c.tenant_id = $1 and c.patrol_id = $2 order by c.created_at, c.id`,
    [tenantId, id],
  );
  return {
    id: Number(o.id),
    planId: Number(o.plan_id),
    planName: o.plan_name,
    communityName: o.community_name,
    places: o.places,
    startedAt: o.started_at.toISOString(),
    startedBy: o.starter,
    closedAt: o.closed_at ? o.closed_at.toISOString() : null,
    summary: o.summary ?? null,
    checkins: checkins.rows.map((c) => ({
      id: Number(c.id),
      place: c.place,
      lng: c.lng,
      lat: c.lat,
      photo: c.photo ?? null,
      note: c.note,
      requestId: c.request_id === null ? null : Number(c.request_id),
      requestNo: c.public_no ?? null,
      by: c.by_name,
      at: c.created_at.toISOString(),
    })),
  };
}

/** A patrol under a row lock with its plan; 404 unless the actor may walk it. */
async function lockPatrol(tx: pg.PoolClient, actor: Actor, id: number) {
  const { rows } = await tx.query(
    `select o.tenant_id, o.id, o.plan_id, o.closed_at from patrols o
      where o.id = $1 and ($2::bigint[] is null or o.tenant_id = any($2)) for update`,
    [id, tenantsOf(actor)],
  );
  const o = rows[0];
  if (!o) throw notFound('Patrol', '走访记录');
  try {
    const plan = await planFor(tx, actor, Number(o.plan_id));
    return { o, plan };
  } catch {
    throw notFound('Patrol', '走访记录');
  }
}

const userIdByPhone = async (db: Queryable, phone: string) => {
  const u = (await db.query('select id from "user" where "phoneNumber" = $1', [phone])).rows[0];
  if (!u) throw invalid('MEMBER_UNKNOWN', `手机号 ${phone} 尚未注册`, `No one has signed up with ${phone}`);
  return u.id as string;
};

/** 暗夜走访: plans, starting a patrol, check-ins with location and photo, findings filed as requests, closing. */
export async function patrolRoutes(app: FastifyInstance, ctx: AppContext) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const pool = ctx.pool;

  r.get('/api/patrols/plans', {
    schema: {
      tags,
      summary: '走访计划（我所在的小组，或本社区的全部）/ Patrol plans',
      querystring: PatrolPlansQuery,
      response: { 200: PatrolPlanList },
    },
    handler: async (req) => {
      const { rows } = await pool.query(
        `${PLAN_SELECT} where ($1::bigint[] is null or p.tenant_id = any($1)) and ($2::bigint is null or p.area_id = $2)
          order by p.id`,
        [tenantsOf(req.actor), req.query.communityId ?? null],
      );
      return { items: rows.filter((p) => mayWalk(req.actor, p)).map(presentPlan) };
    },
  });

  r.post('/api/patrols/plans', {
    schema: {
      tags,
      summary: '新建走访计划（书记、网格员、物业管家三人一组）/ Create a patrol plan',
      body: PatrolPlanBody,
      response: { 201: PatrolPlan },
    },
    handler: async (req, reply) => {
      const b = req.body;
      const out = await inTx(pool, async (tx) => {
        const a = await managedCommunity(tx, req.actor, b.communityId, 'patrols.manage');
        const tenantId = a.tenantId;
        const { rows } = await tx.query(
          `insert into patrol_plans (tenant_id, area_id, name, window_start, window_end, secretary_user_id,
                                     grid_worker_user_id, property_user_id, places)
           values ($1, $2, $3, $4, $5, $6, $7, $8, $9) returning id`,
          [
            tenantId,
            a.id,
            b.name,
            b.windowStart,
            b.windowEnd === '24:00' ? '00:00' : b.windowEnd,
            await userIdByPhone(tx, b.secretaryPhone),
            await userIdByPhone(tx, b.gridWorkerPhone),
            await userIdByPhone(tx, b.propertyPhone),
            b.places,
          ],
        );
        await recordAudit(tx, {
          tenantId,
          actorUserId: req.actor.userId,
          action: 'patrols.plan.create',
          entityType: 'patrol_plan',
          entityId: rows[0].id,
          summary: { name: b.name, places: b.places.length },
        });
        return (await tx.query(`${PLAN_SELECT} where p.tenant_id = $1 and p.id = $2`, [tenantId, rows[0].id]))
          .rows[0];
      });
      return reply.code(201).send(presentPlan(out));
    },
  });

  r.post('/api/patrols/plans/:id/start', {
    schema: {
      tags,
      summary: '开始走访 / Start a patrol',
      params: IdParams,
      response: { 201: Patrol },
    },
    handler: async (req, reply) => {
      const out = await inTx(pool, async (tx) => {
        const p = await planFor(tx, req.actor, req.params.id, true);
        const tenantId = Number(p.tenant_id);
        const { rows } = await tx.query(
          `insert into patrols (tenant_id, plan_id, started_by) values ($1, $2, $3)
           on conflict (tenant_id, plan_id) where closed_at is null do nothing returning id`,
          [tenantId, p.id, req.actor.userId],
        );
        if (!rows[0])
          throw conflict('PATROL_UNDER_WAY', '本计划已有进行中的走访', 'A patrol of this plan is under way');
        await recordAudit(tx, {
          tenantId,
          actorUserId: req.actor.userId,
          action: 'patrols.start',
          entityType: 'patrol',
          entityId: rows[0].id,
          summary: { plan: Number(p.id) },
        });
        return patrolView(tx, tenantId, Number(rows[0].id));
      });
      return reply.code(201).send(out);
    },
  });

  r.get('/api/patrols', {
    schema: {
      tags,
      summary: '走访记录 / A community’s patrols',
      querystring: PatrolsQuery,
      response: { 200: PatrolList },
    },
    handler: async (req) => {
      const a = await managedCommunity(pool, req.actor, req.query.communityId, 'patrols.manage');
      const { rows } = await pool.query(
        `select o.id from patrols o join patrol_plans p on p.tenant_id = o.tenant_id and p.id = o.plan_id
          where o.tenant_id = $1 and p.area_id = $2 order by o.started_at desc limit 100`,
        [a.tenantId, a.id],
      );
      const items = [];
      for (const o of rows) items.push(await patrolView(pool, a.tenantId, Number(o.id)));
      return { items };
    },
  });

  r.get('/api/patrols/:id', {
    schema: { tags, summary: '一次走访 / One patrol', params: IdParams, response: { 200: Patrol } },
    handler: async (req) =>
      inTx(pool, async (tx) => {
        const { o } = await lockPatrol(tx, req.actor, req.params.id);
        return patrolView(tx, Number(o.tenant_id), Number(o.id));
      }),
  });

  r.post('/api/patrols/:id/checkins', {
    schema: {
      tags,
      summary:
        '点位打卡（位置、照片；发现问题直接立为诉求）/ Check in at a place; a finding becomes a request',
      params: IdParams,
      body: PatrolCheckinBody,
      response: { 201: Patrol },
    },
    handler: async (req, reply) => {
      const b = req.body;
      if (b.photo) checkPhotos(join(ctx.config.dataDir, 'files'), [b.photo]);
      const out = await inTx(pool, async (tx) => {
        const { o, plan } = await lockPatrol(tx, req.actor, req.params.id);
        const tenantId = Number(o.tenant_id);
        if (o.closed_at) throw conflict('PATROL_CLOSED', '本次走访已结束', 'This patrol has been closed');
        if ((b.lng === undefined) !== (b.lat === undefined))
          throw invalid(
            'LOCATION_INVALID',
            '位置需要经度和纬度',
            'A location needs both longitude and latitude',
          );
        let requestId: number | null = null;
        if (b.finding) {
          const filed = await reportRequest(
            tx,
            req.actor,
            {
              description: b.finding.description,
              categoryCode: b.finding.categoryCode,
              nature: 'help',
              crs: 'wgs84',
              anonymous: false,
              photos: b.photo ? [b.photo] : [],
              address: `${plan.community_name}·${b.place}`,
              channel: 'patrol',
              reporterName: req.actor.name,
              sourceRef: `patrol-${o.id}`,
              ...(b.lng !== undefined && b.lat !== undefined
                ? { lng: b.lng, lat: b.lat }
                : { placeAreaId: Number(plan.area_id) }),
            },
            { staffIntake: true },
          );
          if (filed.tenantId !== tenantId)
            throw invalid('OUT_OF_COMMUNITY', '该位置不在本街道', 'That place is outside this street');
          requestId = filed.id;
        }
        const { rows } = await tx.query(
          `insert into patrol_checkins (tenant_id, patrol_id, place, lng, lat, photo, note, request_id, created_by)
           values ($1, $2, $3, $4, $5, $6, $7, $8, $9) returning id`,
          [
            tenantId,
            o.id,
            b.place,
            b.lng ?? null,
            b.lat ?? null,
            b.photo ?? null,
            b.note,
            requestId,
            req.actor.userId,
          ],
        );
        await recordAudit(tx, {
          tenantId,
          actorUserId: req.actor.userId,
          action: 'patrols.checkin',
          entityType: 'patrol_checkin',
          entityId: rows[0].id,
          summary: { patrol: Number(o.id), place: b.place, request: requestId },
        });
        return patrolView(tx, tenantId, Number(o.id));
      });
      return reply.code(201).send(out);
    },
  });

  r.post('/api/patrols/:id/close', {
    schema: {
      tags,
      summary: '结束走访并写小结 / Close a patrol with a summary',
      params: IdParams,
      body: ClosePatrolBody,
      response: { 200: Patrol },
    },
    handler: async (req) =>
      inTx(pool, async (tx) => {
        const { o } = await lockPatrol(tx, req.actor, req.params.id);
        const tenantId = Number(o.tenant_id);
        if (o.closed_at) throw conflict('PATROL_CLOSED', '本次走访已结束', 'This patrol has been closed');
        await tx.query(
          'update patrols set closed_at = now(), summary = $3 where tenant_id = $1 and id = $2',
          [tenantId, o.id, req.body.summary],
        );
        await recordAudit(tx, {
          tenantId,
          actorUserId: req.actor.userId,
          action: 'patrols.close',
          entityType: 'patrol',
          entityId: o.id,
          summary: { summary: req.body.summary },
        });
        return patrolView(tx, tenantId, Number(o.id));
      }),
  });
}
