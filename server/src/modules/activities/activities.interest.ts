import {
  IdParams,
  type InterestGroup,
  InterestGroupBody,
  InterestGroupList,
  InterestProductBody,
  Ok,
} from '@doorstep/contract';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { can } from '../../platform/access/policy';
import type { Actor } from '../../platform/access/scopes';
import { recordAudit } from '../../platform/audit/audit';
import type { AppContext } from '../../platform/context';
import { inTx, type Queryable } from '../../platform/db/tx';
import { conflict, forbidden, invalid, notFound } from '../../platform/http/errors';
import { managedCommunity, relatedTo } from './activities.service';

const tags = ['interest-groups'];
const tenantsOf = (actor: Actor) =>
  actor.isPlatformAdmin ? null : [...new Set(actor.scopes.map((s) => s.tenantId))];

/** Groups with members, party members among them, my membership and their products with linked requests. */
async function groups(
  db: Queryable,
  actor: Actor,
  where: string,
  values: unknown[],
): Promise<InterestGroup[]> {
  const { rows } = await db.query(
    `select g.*, a.path::text as community_path, l.name as leader_name,
            (select count(*)::int from interest_group_members m where m.tenant_id = g.tenant_id and m.group_id = g.id) as members,
            (select count(*)::int from interest_group_members m join party_reports pr on pr.tenant_id = m.tenant_id
               and pr.user_id = m.user_id and pr.status = 'confirmed'
              where m.tenant_id = g.tenant_id and m.group_id = g.id) as party_members,
            exists (select 1 from interest_group_members m where m.tenant_id = g.tenant_id and m.group_id = g.id
                      and m.user_id = $1) as joined,
            coalesce((select jsonb_agg(jsonb_build_object('id', p.id, 'title', p.title, 'quantity', p.quantity,
                        'unit', p.unit, 'at', p.created_at,
                        'requests', coalesce((select jsonb_agg(jsonb_build_object('id', r.id, 'publicNo', r.public_no,
                                       'status', r.status) order by r.id)
                                    from interest_product_requests x join requests r on r.tenant_id = x.tenant_id
                                     and r.id = x.request_id
                                   where x.tenant_id = p.tenant_id and x.product_id = p.id), '[]'))
                        order by p.created_at desc, p.id desc)
                      from interest_products p where p.tenant_id = g.tenant_id and p.group_id = g.id), '[]') as products
       from interest_groups g
       join areas a on a.tenant_id = g.tenant_id and a.id = g.area_id
       left join "user" l on l.id = g.leader_user_id
      where ${where} order by g.id`,
    [actor.userId, ...values],
  );
  return rows
    .filter((g) => relatedTo(actor, Number(g.tenant_id), g.community_path))
    .map((g) => ({
      id: Number(g.id),
      communityId: Number(g.area_id),
      name: g.name,
      description: g.description,
      leaderName: g.leader_name ?? null,
      members: g.members,
      partyMembers: g.party_members,
      joined: g.joined,
      products: (g.products as Record<string, unknown>[]).map((p) => ({
        id: Number(p.id),
        title: p.title as string,
        quantity: p.quantity as number,
        unit: p.unit as string,
        at: new Date(p.at as string).toISOString(),
        requests: (p.requests as { id: number; publicNo: string; status: string }[]).map((r) => ({
          id: Number(r.id),
          publicNo: r.publicNo,
          status: r.status,
        })),
      })),
    }));
}

async function groupFor(db: Queryable, actor: Actor, id: number) {
  const { rows } = await db.query(
    `select g.*, a.path::text as community_path from interest_groups g
       join areas a on a.tenant_id = g.tenant_id and a.id = g.area_id
      where g.id = $1 and ($2::bigint[] is null or g.tenant_id = any($2))`,
    [id, tenantsOf(actor)],
  );
  const g = rows[0];
  if (!g || !relatedTo(actor, Number(g.tenant_id), g.community_path)) throw notFound('Group', '兴趣链');
  return g;
}

/** 兴趣链: interest groups (photography, succulents, frisbee…) of party members and others, and their products. */
export async function interestRoutes(app: FastifyInstance, ctx: AppContext) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const pool = ctx.pool;

  r.get('/api/interest-groups', {
    schema: {
      tags,
      summary: '兴趣链与治理成果 / Interest groups and their governance products',
      querystring: z.object({
        communityId: z.coerce.number().int().positive().max(Number.MAX_SAFE_INTEGER).optional(),
      }),
      response: { 200: InterestGroupList },
    },
    handler: async (req) => ({
      items: await groups(
        pool,
        req.actor,
        '($2::bigint[] is null or g.tenant_id = any($2)) and ($3::bigint is null or g.area_id = $3)',
        [tenantsOf(req.actor), req.query.communityId ?? null],
      ),
    }),
  });

  r.post('/api/interest-groups', {
    schema: {
      tags,
      summary: '新建兴趣链 / Create an interest group',
      body: InterestGroupBody,
      response: { 201: InterestGroupList.shape.items.element },
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
          `insert into interest_groups (tenant_id, area_id, name, description, leader_user_id) values ($1, $2, $3, $4, $5)
           on conflict (tenant_id, area_id, name) do nothing returning id`,
          [c.tenantId, c.id, b.name, b.description, leader],
        );
        if (!rows[0])
          throw conflict('GROUP_EXISTS', '本社区已有同名兴趣链', 'The community already has that group');
        if (leader)
          await tx.query(
            'insert into interest_group_members (tenant_id, group_id, user_id) values ($1, $2, $3)',
            [c.tenantId, rows[0].id, leader],
          );
        await recordAudit(tx, {
          tenantId: c.tenantId,
          actorUserId: req.actor.userId,
          action: 'interest.group.create',
          entityType: 'interest_group',
          entityId: rows[0].id,
          summary: { name: b.name },
        });
        return Number(rows[0].id);
      });
      const [g] = await groups(pool, req.actor, 'g.id = $2', [id]);
      return reply.code(201).send(g!);
    },
  });

  r.post('/api/interest-groups/:id/join', {
    schema: { tags, summary: '加入兴趣链 / Join a group', params: IdParams, response: { 200: Ok } },
    handler: async (req) => {
      const g = await groupFor(pool, req.actor, req.params.id);
      await pool.query(
        'insert into interest_group_members (tenant_id, group_id, user_id) values ($1, $2, $3) on conflict do nothing',
        [g.tenant_id, g.id, req.actor.userId],
      );
      return { ok: true as const };
    },
  });

  r.post('/api/interest-groups/:id/products', {
    schema: {
      tags,
      summary: '记录治理成果（关联诉求）/ Record a governance product, linked to requests',
      params: IdParams,
      body: InterestProductBody,
      response: { 201: InterestGroupList.shape.items.element },
    },
    handler: async (req, reply) => {
      const b = req.body;
      await inTx(pool, async (tx) => {
        const g = await groupFor(tx, req.actor, req.params.id);
        const tenantId = Number(g.tenant_id);
        if (
          g.leader_user_id !== req.actor.userId &&
          !can(req.actor, 'activities.manage', { tenantId, path: g.community_path })
        )
          throw forbidden(
            '只有兴趣链负责人或社区工作人员可以记录',
            'Only the group’s leader or staff record products',
          );
        const ids = [...new Set(b.requestIds)];
        if (ids.length) {
          const found = await tx.query(
            'select id from requests where tenant_id = $1 and id = any($2::bigint[])',
            [tenantId, ids],
          );
          if (found.rowCount !== ids.length)
            throw invalid('REQUEST_NOT_FOUND', '有诉求编号不存在', 'A linked request does not exist here');
        }
        const { rows } = await tx.query(
          `insert into interest_products (tenant_id, group_id, title, quantity, unit, created_by)
           values ($1, $2, $3, $4, $5, $6) returning id`,
          [tenantId, g.id, b.title, b.quantity, b.unit, req.actor.userId],
        );
        for (const rid of ids)
          await tx.query(
            'insert into interest_product_requests (tenant_id, product_id, request_id) values ($1, $2, $3)',
            [tenantId, rows[0].id, rid],
          );
        await recordAudit(tx, {
          tenantId,
          actorUserId: req.actor.userId,
          action: 'interest.product.create',
          entityType: 'interest_product',
          entityId: rows[0].id,
          summary: { title: b.title, quantity: b.quantity, requests: ids },
        });
      });
      const [g] = await groups(pool, req.actor, 'g.id = $2', [req.params.id]);
      return reply.code(201).send(g!);
    },
  });
}
