import { Me, UserList, UserSearchQuery } from '@doorstep/contract';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { can, tenantFilter } from '../../platform/access/policy';
import type { AppContext } from '../../platform/context';
import { forbidden } from '../../platform/http/errors';
import { maskPhone } from '../../platform/privacy';
import { homeOf } from '../areas';

const tags = ['accounts'];
const HOME_ROLE_ORDER = [
  'resident',
  'party_member',
  'merchant',
  'grid_worker',
  'responder',
  'community_staff',
  'community_secretary',
  'street_admin',
];

/** Who am I, and people search for staff (phones masked). */
export async function accountsRoutes(app: FastifyInstance, ctx: AppContext) {
  const r = app.withTypeProvider<ZodTypeProvider>();

  r.get('/api/me', {
    schema: {
      tags,
      summary: '我的账号、角色和所在社区/网格/网格员 / Me, my roles, my community and grid worker',
      response: { 200: Me },
    },
    handler: async (req) => {
      const a = req.actor;
      const home = [...a.scopes].sort(
        (x, y) => HOME_ROLE_ORDER.indexOf(x.role) - HOME_ROLE_ORDER.indexOf(y.role),
      )[0];
      return {
        user: { id: a.userId, name: a.name, phoneMasked: maskPhone(a.phone) },
        isPlatformAdmin: a.isPlatformAdmin,
        consoleAccess: can(a, 'console'),
        roles: a.scopes.map((s) => ({
          tenantId: s.tenantId,
          role: s.role,
          areaId: s.areaId,
          areaName: s.areaName,
          areaKind: s.areaKind,
          orgName: s.orgName,
        })),
        home: home
          ? await homeOf(ctx.pool, home.tenantId, home.path)
          : { street: null, community: null, grid: null, gridWorker: null },
      };
    },
  });

  r.get('/api/users', {
    schema: {
      tags,
      summary: '查找本街道人员（手机号脱敏）/ Find people in my street (phones masked)',
      querystring: UserSearchQuery,
      response: { 200: UserList },
    },
    handler: async (req) => {
      if (!can(req.actor, 'user.view')) throw forbidden();
      const tenants = tenantFilter(req.actor);
      const term = req.query.q ?? '';
      const { rows } = await ctx.pool.query(
        `select u.id, u.name, u."phoneNumber" as phone, array_agg(distinct ra.role) as roles
           from "user" u join role_assignments ra on ra.user_id = u.id
          where ($1::bigint[] is null or ra.tenant_id = any($1))
            and ($2 = '' or u.name ilike '%' || $2 || '%' or u."phoneNumber" like $2 || '%' or u."phoneNumber" like '%' || $2)
          group by u.id order by u.name collate "zh-x-icu" limit $3`,
        [tenants, term, req.query.limit],
      );
      return {
        items: rows.map((u) => ({
          userId: u.id,
          name: u.name,
          phoneMasked: maskPhone(u.phone),
          roles: u.roles,
        })),
      };
    },
  });
}
