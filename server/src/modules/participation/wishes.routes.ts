import { join } from 'node:path';
import {
  IdParams,
  SkillList,
  SkillsBody,
  Wish,
  WishBody,
  WishClaimBody,
  WishConfirmBody,
  WishFigures,
  WishFiguresQuery,
  WishFulfilBody,
  WishList,
  WishListQuery,
  WishMatchList,
  WishModerateBody,
} from '@doorstep/contract';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { Actor } from '../../platform/access/scopes';
import { recordAudit } from '../../platform/audit/audit';
import type { AppContext } from '../../platform/context';
import { inTx } from '../../platform/db/tx';
import { checkPhotos } from '../../platform/files/files';
import { communityOf, isStaffOf, staffCommunity } from './participation.common';
import {
  claimWish,
  confirmWish,
  fulfilWish,
  loadWish,
  matchingPeople,
  moderateWish,
  postWish,
  presentWish,
  WISH_SELECT,
} from './wishes.service';

const tags = ['participation'];

/** 微心愿: the community's list, post, moderate, claim, fulfil, confirm; skills 党员所长; figures. */
export async function wishRoutes(app: FastifyInstance, ctx: AppContext) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const pool = ctx.pool;
  const photos = join(ctx.config.dataDir, 'files');

  const wishById = async (actor: Actor, id: number) => {
    const { c, staff } = await loadWish(pool, actor, id);
    const { rows } = await pool.query(`${WISH_SELECT} where w.tenant_id = $1 and w.id = $2`, [
      c.tenantId,
      id,
    ]);
    return presentWish(rows[0], actor, staff);
  };

  r.get('/api/wishes', {
    schema: {
      tags,
      summary: '微心愿列表（社区公开 / 我发布的 / 我认领的）/ Micro-wishes',
      querystring: WishListQuery,
      response: { 200: WishList },
    },
    handler: async (req) => {
      const q = req.query;
      const values: unknown[] = [];
      const where: string[] = [];
      let staff = false;
      if (q.scope === 'mine') where.push(`w.author_user_id = $${values.push(req.actor.userId)}`);
      else if (q.scope === 'claimed') where.push(`w.claimer_user_id = $${values.push(req.actor.userId)}`);
      else {
        const c = await communityOf(pool, req.actor, q.communityId);
        staff = isStaffOf(req.actor, c, 'participation.view');
        where.push(`w.tenant_id = $${values.push(c.tenantId)}`, `w.community_id = $${values.push(c.id)}`);
        if (!staff) where.push(`(not w.hidden or w.author_user_id = $${values.push(req.actor.userId)})`);
      }
      if (q.status) where.push(`w.status = $${values.push(q.status)}`);
      const sql = where.join(' and ');
      const [items, total] = await Promise.all([
        pool.query(
          `${WISH_SELECT} where ${sql}
            order by w.status = 'open' desc, w.by_date, w.id desc limit $${values.length + 1} offset $${values.length + 2}`,
          [...values, q.pageSize, (q.page - 1) * q.pageSize],
        ),
        pool.query(`select count(*)::int as n from wishes w where ${sql}`, values),
      ]);
      return { items: items.rows.map((w) => presentWish(w, req.actor, staff)), total: total.rows[0].n };
    },
  });

  r.post('/api/wishes', {
    schema: {
      tags,
      summary: '发布微心愿 / Post a micro-wish',
      body: WishBody,
      response: { 201: Wish },
    },
    handler: async (req, reply) => {
      if (req.body.photoId) checkPhotos(photos, [req.body.photoId]);
      const id = await inTx(pool, async (tx) =>
        postWish(tx, req.actor, await communityOf(tx, req.actor), req.body),
      );
      return reply.code(201).send(await wishById(req.actor, id));
    },
  });

  r.get('/api/wishes/:id', {
    schema: { tags, summary: '微心愿详情 / A micro-wish', params: IdParams, response: { 200: Wish } },
    handler: async (req) => wishById(req.actor, req.params.id),
  });

  r.get('/api/wishes/:id/matches', {
    schema: {
      tags,
      summary: '所长相符的人 / People whose skills match',
      params: IdParams,
      response: { 200: WishMatchList },
    },
    handler: async (req) => {
      const { w } = await loadWish(pool, req.actor, req.params.id);
      return { items: await matchingPeople(pool, Number(w.tenant_id), w.category, w.author_user_id) };
    },
  });

  r.post('/api/wishes/:id/moderate', {
    schema: {
      tags,
      summary: '审核微心愿（通过 / 隐藏并写明原因 / 恢复）/ Moderate a wish',
      params: IdParams,
      body: WishModerateBody,
      response: { 200: Wish },
    },
    handler: async (req) => {
      await inTx(pool, (tx) => moderateWish(tx, req.actor, req.params.id, req.body));
      return wishById(req.actor, req.params.id);
    },
  });

  r.post('/api/wishes/:id/claim', {
    schema: {
      tags,
      summary: '认领微心愿（党员 / 志愿者 / 单位）/ Claim a wish',
      params: IdParams,
      body: WishClaimBody,
      response: { 200: Wish },
    },
    handler: async (req) => {
      await inTx(pool, (tx) => claimWish(tx, req.actor, req.params.id, req.body));
      return wishById(req.actor, req.params.id);
    },
  });

  r.post('/api/wishes/:id/fulfil', {
    schema: {
      tags,
      summary: '提交完成情况（说明 + 照片）/ Report the wish fulfilled, with evidence',
      params: IdParams,
      body: WishFulfilBody,
      response: { 200: Wish },
    },
    handler: async (req) => {
      if (req.body.photoId) checkPhotos(photos, [req.body.photoId]);
      await inTx(pool, (tx) => fulfilWish(tx, req.actor, req.params.id, req.body));
      return wishById(req.actor, req.params.id);
    },
  });

  r.post('/api/wishes/:id/confirm', {
    schema: {
      tags,
      summary: '居民确认完成或反馈未完成 / The resident confirms, or says it was not done',
      params: IdParams,
      body: WishConfirmBody,
      response: { 200: Wish },
    },
    handler: async (req) => {
      await inTx(pool, (tx) => confirmWish(tx, req.actor, req.params.id, req.body));
      return wishById(req.actor, req.params.id);
    },
  });

  // ——— 党员所长: my declared skills ———
  r.get('/api/wishes/skills/mine', {
    schema: { tags, summary: '我的所长 / My skills', response: { 200: SkillList } },
    handler: async (req) => {
      const { rows } = await pool.query(
        'select category, note from wish_skills where user_id = $1 order by category',
        [req.actor.userId],
      );
      return { items: rows.map((s) => ({ category: s.category, note: s.note })) };
    },
  });

  r.put('/api/wishes/skills/mine', {
    schema: {
      tags,
      summary: '登记我的所长（整体替换）/ Declare my skills',
      body: SkillsBody,
      response: { 200: SkillList },
    },
    handler: async (req) => {
      const c = await communityOf(pool, req.actor);
      const items = [...new Map(req.body.items.map((s) => [s.category, s])).values()];
      await inTx(pool, async (tx) => {
        await tx.query('delete from wish_skills where tenant_id = $1 and user_id = $2', [
          c.tenantId,
          req.actor.userId,
        ]);
        for (const s of items)
          await tx.query(
            'insert into wish_skills (tenant_id, user_id, category, note) values ($1, $2, $3, $4)',
            [c.tenantId, req.actor.userId, s.category, s.note],
          );
        await recordAudit(tx, {
          tenantId: c.tenantId,
          actorUserId: req.actor.userId,
          action: 'wish.skills',
          entityType: 'user',
          entityId: req.actor.userId,
          summary: { categories: items.map((s) => s.category) },
        });
      });
      return { items };
    },
  });

  // ——— figures ———
  r.get('/api/wishes/figures', {
    schema: {
      tags,
      summary: '微心愿统计（按网格、认领人类型）/ Wish figures by grid and claimer type',
      querystring: WishFiguresQuery,
      response: { 200: WishFigures },
    },
    handler: async (req) => {
      const q = req.query;
      const c = await staffCommunity(pool, req.actor, q.communityId, 'participation.view');
      const { rows } = await pool.query(
        `select grouping(w.grid_id) as g_grid, grouping(w.claimer_kind) as g_kind,
                w.grid_id, g.name as grid_name, w.claimer_kind,
                count(*)::int as posted,
                count(w.claimed_at)::int as claimed,
                count(*) filter (where w.status in ('fulfilled', 'confirmed'))::int as fulfilled,
                count(w.confirmed_at)::int as confirmed,
                percentile_cont(0.5) within group (order by extract(epoch from w.claimed_at - w.created_at) / 3600)
                  as to_claim,
                percentile_cont(0.5) within group (order by extract(epoch from w.fulfilled_at - w.claimed_at) / 3600)
                  as to_fulfil
           from wishes w left join areas g on g.tenant_id = w.tenant_id and g.id = w.grid_id
          where w.tenant_id = $1 and w.community_id = $2 and not w.hidden
            and ($3::date is null or w.created_at >= $3::date::timestamp at time zone 'Asia/Shanghai')
            and ($4::date is null or w.created_at < ($4::date + 1)::timestamp at time zone 'Asia/Shanghai')
          group by grouping sets ((), (w.grid_id, g.name), (w.claimer_kind))
          order by g_grid, g_kind, g.name nulls last`,
        [c.tenantId, c.id, q.from ?? null, q.to ?? null],
      );
      const row = (r: Record<string, unknown>) => ({
        posted: r.posted as number,
        claimed: r.claimed as number,
        fulfilled: r.fulfilled as number,
        confirmed: r.confirmed as number,
        medianHoursToClaim: r.to_claim === null ? null : Math.round(Number(r.to_claim) * 10) / 10,
        medianHoursToFulfil: r.to_fulfil === null ? null : Math.round(Number(r.to_fulfil) * 10) / 10,
      });
      const total = rows.find((r) => r.g_grid === 1 && r.g_kind === 1);
      return {
        total: total
          ? row(total)
          : {
              posted: 0,
              claimed: 0,
              fulfilled: 0,
              confirmed: 0,
              medianHoursToClaim: null,
              medianHoursToFulfil: null,
            },
        byGrid: rows
          .filter((r) => r.g_grid === 0)
          .map((r) => ({
            ...row(r),
            gridId: r.grid_id === null ? null : Number(r.grid_id),
            gridName: r.grid_name,
          })),
        byClaimerKind: rows
          .filter((r) => r.g_kind === 0 && r.claimer_kind !== null)
          .map((r) => ({ ...row(r), claimerKind: r.claimer_kind })),
      };
    },
  });
}
