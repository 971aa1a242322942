import {
  CadreList,
  CommunityQuery,
  Ranking,
  RankingQuery,
  RatingBody,
  ReceivedRatings,
} from '@doorstep/contract';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { recordAudit } from '../../platform/audit/audit';
import type { AppContext } from '../../platform/context';
import type { Queryable } from '../../platform/db/tx';
import { conflict, invalid } from '../../platform/http/errors';
import { type Community, communityOf, iso } from './participation.common';

const tags = ['participation'];
const CADRE_ROLES = ['community_secretary', 'community_staff', 'grid_worker'];

/** The quarter in China time: 2026-Q4. */
export function periodOf(d = new Date()): string {
  const [y, m] = new Intl.DateTimeFormat('en-CA', {
    timeZone: 'Asia/Shanghai',
    year: 'numeric',
    month: '2-digit',
  })
    .format(d)
    .split('-')
    .map(Number) as [number, number];
  return `${y}-Q${Math.floor((m - 1) / 3) + 1}`;
}

/** The community's cadres: its secretaries and staff, and the grid workers of its grids. */
async function cadres(db: Queryable, c: Community) {
  const { rows } = await db.query(
    `select distinct on (u.id) u.id, u.name, ra.role from role_assignments ra
       join areas a on a.tenant_id = ra.tenant_id and a.id = ra.area_id
       join "user" u on u.id = ra.user_id
      where ra.tenant_id = $1 and a.path <@ $2::ltree and ra.role = any($3::text[])
      order by u.id, array_position($3::text[], ra.role::text)`,
    [c.tenantId, c.path, CADRE_ROLES],
  );
  return rows.sort(
    (a, b) =>
      CADRE_ROLES.indexOf(a.role) - CADRE_ROLES.indexOf(b.role) || a.name.localeCompare(b.name, 'zh-CN'),
  );
}

/** 群众阅卷: the cadres to mark, one mark per resident, cadre and quarter; the ranking; a cadre's own comments. */
export async function ratingRoutes(app: FastifyInstance, ctx: AppContext) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const pool = ctx.pool;

  r.get('/api/ratings/cadres', {
    schema: {
      tags,
      summary: '群众阅卷：本季度可评价的社区干部 / Cadres to mark this quarter',
      querystring: CommunityQuery,
      response: { 200: CadreList },
    },
    handler: async (req) => {
      const c = await communityOf(pool, req.actor, req.query.communityId);
      const period = periodOf();
      const list = await cadres(pool, c);
      const { rows } = await pool.query(
        `select target_user_id, score from cadre_ratings where tenant_id = $1 and period = $2 and rater_user_id = $3`,
        [c.tenantId, period, req.actor.userId],
      );
      const mine = new Map(rows.map((x) => [x.target_user_id as string, x.score as number]));
      return {
        period,
        items: list
          .filter((x) => x.id !== req.actor.userId)
          .map((x) => ({ userId: x.id, name: x.name, role: x.role, myScore: mine.get(x.id) ?? null })),
      };
    },
  });

  r.post('/api/ratings', {
    schema: {
      tags,
      summary: '评价一位社区干部（每人每季度一次）/ Mark a cadre (once a quarter)',
      body: RatingBody,
      response: { 201: CadreList.shape.items.element },
    },
    handler: async (req, reply) => {
      const b = req.body;
      const c = await communityOf(pool, req.actor, b.communityId);
      if (b.targetUserId === req.actor.userId)
        throw invalid('RATE_SELF', '不能评价自己', 'You cannot mark yourself');
      const target = (await cadres(pool, c)).find((x) => x.id === b.targetUserId);
      if (!target)
        throw invalid('NOT_A_CADRE', '此人不是本社区干部', 'That person is not a cadre of this community');
      const period = periodOf();
      const client = await pool.connect();
      try {
        await client.query('begin');
        const ins = await client.query(
          `insert into cadre_ratings (tenant_id, community_id, period, rater_user_id, target_user_id, score, comment)
           values ($1, $2, $3, $4, $5, $6, $7) on conflict do nothing returning id`,
          [c.tenantId, c.id, period, req.actor.userId, b.targetUserId, b.score, b.comment],
        );
        if (!ins.rows[0])
          throw conflict(
            'ALREADY_RATED',
            '本季度已经评价过这位干部',
            'You have marked this cadre this quarter already',
          );
        await recordAudit(client, {
          tenantId: c.tenantId,
          actorUserId: req.actor.userId,
          action: 'rating.create',
          entityType: 'cadre_rating',
          entityId: ins.rows[0].id,
          summary: { period, target: b.targetUserId },
        });
        await client.query('commit');
      } catch (err) {
        await client.query('rollback').catch(() => {});
        throw err;
      } finally {
        client.release();
      }
      return reply
        .code(201)
        .send({ userId: target.id, name: target.name, role: target.role, myScore: b.score });
    },
  });

  r.get('/api/ratings/ranking', {
    schema: {
      tags,
      summary: '群众阅卷排名 / The cadres’ ranking',
      querystring: RankingQuery,
      response: { 200: Ranking },
    },
    handler: async (req) => {
      const c = await communityOf(pool, req.actor, req.query.communityId);
      const period = req.query.period ?? periodOf();
      const { rows } = await pool.query(
        `select target_user_id, round(avg(score), 2)::float8 as average, count(*)::int as n from cadre_ratings
          where tenant_id = $1 and community_id = $2 and period = $3 group by target_user_id`,
        [c.tenantId, c.id, period],
      );
      const list = await cadres(pool, c);
      const items = rows
        .map((x) => {
          const who = list.find((l) => l.id === x.target_user_id);
          return who && { userId: who.id, name: who.name, role: who.role, average: x.average, ratings: x.n };
        })
        .filter((x): x is NonNullable<typeof x> => !!x)
        .sort((a, b) => b.average - a.average || b.ratings - a.ratings);
      return { period, items };
    },
  });

  r.get('/api/ratings/received', {
    schema: {
      tags,
      summary: '居民给我的评价（不显示评价人）/ Marks and comments addressed to me',
      response: { 200: ReceivedRatings },
    },
    handler: async (req) => {
      const { rows } = await pool.query(
        `select period, score, comment, created_at from cadre_ratings where target_user_id = $1
          order by created_at desc limit 200`,
        [req.actor.userId],
      );
      return {
        items: rows.map((x) => ({
          period: x.period,
          score: x.score,
          comment: x.comment,
          at: iso(x.created_at) as string,
        })),
      };
    },
  });
}
