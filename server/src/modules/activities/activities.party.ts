import {
  IdParams,
  MyPartyReport,
  Ok,
  PartyPost,
  PartyPostBody,
  PartyPostList,
  PartyReportBody,
  PartyReportList,
  type PartyReport as PartyReportT,
  PartyWorkBody,
} from '@doorstep/contract';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { can } from '../../platform/access/policy';
import type { Actor } from '../../platform/access/scopes';
import { recordAudit } from '../../platform/audit/audit';
import type { AppContext } from '../../platform/context';
import { inTx, type Queryable } from '../../platform/db/tx';
import { forbidden, invalid, notFound } from '../../platform/http/errors';
import { managedCommunity } from '../areas';
import { relatedTo } from './activities.service';

const tags = ['party-members'];
const tenantsOf = (actor: Actor) =>
  actor.isPlatformAdmin ? null : [...new Set(actor.scopes.map((s) => s.tenantId))];

const REPORT_SELECT = `select r.*, u.name, u."phoneNumber" as phone, o.name as branch_name, o.area_id as branch_area,
    a.path::text as branch_path, cu.name as confirmer
  from party_reports r join "user" u on u.id = r.user_id
  join party_orgs o on o.tenant_id = r.tenant_id and o.id = r.branch_id
  join areas a on a.tenant_id = o.tenant_id and a.id = o.area_id
  left join "user" cu on cu.id = r.confirmed_by`;

const presentReport = (r: Record<string, unknown>): PartyReportT => ({
  id: Number(r.id),
  name: r.name as string,
  phone: r.phone ? `${String(r.phone).slice(0, 3)}****${String(r.phone).slice(-4)}` : null,
  branchId: Number(r.branch_id),
  branchName: r.branch_name as string,
  workplaceBranch: r.workplace_branch as string,
  commitment: r.commitment as string,
  status: r.status as PartyReportT['status'],
  confirmedBy: (r.confirmer as string | null) ?? null,
  createdAt: (r.created_at as Date).toISOString(),
});

const POST_SELECT = `select p.*, u.name as member_name, d.name as duty_area_name, c.path::text as community_path,
    coalesce((select jsonb_object_agg(k, n) from (select w.kind as k, sum(w.count)::int as n from party_work w
              where w.tenant_id = p.tenant_id and w.post_id = p.id group by w.kind) x), '{}') as counts
  from party_posts p join "user" u on u.id = p.member_user_id
  join areas c on c.tenant_id = p.tenant_id and c.id = p.area_id
  left join areas d on d.tenant_id = p.tenant_id and d.id = p.duty_area_id`;

const presentPost = (p: Record<string, unknown>): PartyPost => {
  const c = p.counts as Record<string, number>;
  return {
    id: Number(p.id),
    communityId: Number(p.area_id),
    kind: p.kind as PartyPost['kind'],
    name: p.name as string,
    memberName: p.member_name as string,
    dutyAreaName: (p.duty_area_name as string | null) ?? null,
    counts: {
      visit: c.visit ?? 0,
      opinion: c.opinion ?? 0,
      solved: c.solved ?? 0,
      mediated: c.mediated ?? 0,
    },
  };
};

/** Party branches over the places the actor lives or works (their scopes' areas and the areas above them). */
async function homeBranches(db: Queryable, actor: Actor) {
  const paths = actor.scopes.map((s) => s.path);
  if (!paths.length) return [];
  const { rows } = await db.query(
    `select o.tenant_id, o.id, o.name from party_orgs o join areas a on a.tenant_id = o.tenant_id and a.id = o.area_id
      where o.archived_at is null and o.kind <> 'working_committee' and o.tenant_id = any($1)
        and exists (select 1 from unnest($2::ltree[]) p where p <@ a.path)
      order by nlevel(a.path) desc, o.id`,
    [[...new Set(actor.scopes.map((s) => s.tenantId))], paths],
  );
  return rows.map((o) => ({ tenantId: Number(o.tenant_id), id: Number(o.id), name: o.name as string }));
}

const communityWith = (db: Queryable, actor: Actor, id: number, cap: 'party.view' | 'party.manage') =>
  managedCommunity(db, actor, id, cap);

/**
 * 党员: 在职党员回社区报到 (register with the branch where one lives, the workplace branch recorded, a commitment;
 * a secretary confirms); 先锋岗 and 责任区 held by members, and their work counted (visits, opinions collected,
 * problems solved, disputes mediated).
 */
export async function partyMemberRoutes(app: FastifyInstance, ctx: AppContext) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const pool = ctx.pool;

  r.get('/api/party-members/me', {
    schema: {
      tags,
      summary: '我的报到、可报到的支部、我的岗位 / My report-in, branches and posts',
      response: { 200: MyPartyReport },
    },
    handler: async (req) => {
      const [mine, branches, posts] = await Promise.all([
        pool.query(`${REPORT_SELECT} where r.user_id = $1 order by r.created_at desc limit 1`, [
          req.actor.userId,
        ]),
        homeBranches(pool, req.actor),
        pool.query(`${POST_SELECT} where p.member_user_id = $1 order by p.id`, [req.actor.userId]),
      ]);
      return {
        report: mine.rows[0] ? presentReport(mine.rows[0]) : null,
        branches: branches.map((b) => ({ id: b.id, name: b.name })),
        posts: posts.rows.map(presentPost),
      };
    },
  });

  r.post('/api/party-members/me/report', {
    schema: {
      tags,
      summary: '在职党员回社区报到（亮身份、亮承诺）/ Report in to the branch where I live',
      body: PartyReportBody,
      response: { 200: MyPartyReport.shape.report.unwrap() },
    },
    handler: async (req) => {
      const b = req.body;
      return inTx(pool, async (tx) => {
        const branch = (await homeBranches(tx, req.actor)).find((x) => x.id === b.branchId);
        if (!branch)
          throw invalid('BRANCH_NOT_HOME', '请选择您居住地所在的党组织', 'Choose a branch where you live');
        // a changed report-in waits for confirmation again
        const { rows } = await tx.query(
          `insert into party_reports (tenant_id, user_id, branch_id, workplace_branch, commitment)
           values ($1, $2, $3, $4, $5)
           on conflict (tenant_id, user_id) do update set branch_id = excluded.branch_id,
             workplace_branch = excluded.workplace_branch, commitment = excluded.commitment, status = 'pending',
             confirmed_by = null, confirmed_at = null
           returning id`,
          [branch.tenantId, req.actor.userId, branch.id, b.workplaceBranch, b.commitment],
        );
        await recordAudit(tx, {
          tenantId: branch.tenantId,
          actorUserId: req.actor.userId,
          action: 'party.report',
          entityType: 'party_report',
          entityId: rows[0].id,
          summary: { branch: branch.name },
        });
        return presentReport(
          (
            await tx.query(`${REPORT_SELECT} where r.tenant_id = $1 and r.id = $2`, [
              branch.tenantId,
              rows[0].id,
            ])
          ).rows[0],
        );
      });
    },
  });

  r.get('/api/party-members/reports', {
    schema: {
      tags,
      summary: '报到的在职党员 / Members who reported in to a community’s branches',
      querystring: z.object({ communityId: z.coerce.number().int().positive().max(Number.MAX_SAFE_INTEGER) }),
      response: { 200: PartyReportList },
    },
    handler: async (req) => {
      const c = await communityWith(pool, req.actor, req.query.communityId, 'party.view');
      const { rows } = await pool.query(
        `${REPORT_SELECT} where r.tenant_id = $1 and a.path <@ $2::ltree order by r.status = 'pending' desc, r.created_at desc`,
        [c.tenantId, c.path],
      );
      return { items: rows.map(presentReport) };
    },
  });

  r.post('/api/party-members/reports/:id/confirm', {
    schema: {
      tags,
      summary: '确认报到 / Confirm a report-in',
      params: IdParams,
      response: { 200: Ok },
    },
    handler: async (req) =>
      inTx(pool, async (tx) => {
        const { rows } = await tx.query(
          `${REPORT_SELECT} where r.id = $1 and ($2::bigint[] is null or r.tenant_id = any($2)) for update of r`,
          [req.params.id, tenantsOf(req.actor)],
        );
        const x = rows[0];
        if (!x || !relatedTo(req.actor, Number(x.tenant_id), x.branch_path)) throw notFound('Report', '报到');
        if (!can(req.actor, 'party.manage', { tenantId: Number(x.tenant_id), path: x.branch_path }))
          throw forbidden();
        await tx.query(
          `update party_reports set status = 'confirmed', confirmed_by = $3, confirmed_at = coalesce(confirmed_at, now())
            where tenant_id = $1 and id = $2`,
          [x.tenant_id, x.id, req.actor.userId],
        );
        await recordAudit(tx, {
          tenantId: Number(x.tenant_id),
          actorUserId: req.actor.userId,
          action: 'party.report.confirm',
          entityType: 'party_report',
          entityId: x.id,
          summary: { member: x.user_id },
        });
        return { ok: true as const };
      }),
  });

  r.get('/api/party-members/posts', {
    schema: {
      tags,
      summary: '先锋岗与责任区及工作量 / Posts and duty areas with their counted work',
      querystring: z.object({ communityId: z.coerce.number().int().positive().max(Number.MAX_SAFE_INTEGER) }),
      response: { 200: PartyPostList },
    },
    handler: async (req) => {
      const c = await communityWith(pool, req.actor, req.query.communityId, 'party.view');
      const { rows } = await pool.query(
        `${POST_SELECT} where p.tenant_id = $1 and p.area_id = $2 order by p.id`,
        [c.tenantId, c.id],
      );
      return { items: rows.map(presentPost) };
    },
  });

  r.post('/api/party-members/posts', {
    schema: {
      tags,
      summary: '设岗定责：先锋岗或责任区 / Assign a post or duty area to a member',
      body: PartyPostBody,
      response: { 201: PartyPost },
    },
    handler: async (req, reply) => {
      const b = req.body;
      const out = await inTx(pool, async (tx) => {
        const c = await communityWith(tx, req.actor, b.communityId, 'party.manage');
        const member = (await tx.query('select id from "user" where "phoneNumber" = $1', [b.memberPhone]))
          .rows[0];
        if (!member)
          throw invalid('MEMBER_UNKNOWN', '该手机号尚未注册', 'No one has signed up with that phone number');
        if (b.dutyAreaId) {
          const d = await tx.query(
            'select 1 from areas where tenant_id = $1 and id = $2 and path <@ $3::ltree',
            [c.tenantId, b.dutyAreaId, c.path],
          );
          if (!d.rowCount)
            throw invalid('AREA_OUTSIDE', '责任区须在本社区内', 'The duty area must lie in the community');
        }
        const { rows } = await tx.query(
          `insert into party_posts (tenant_id, area_id, kind, name, member_user_id, duty_area_id)
           values ($1, $2, $3, $4, $5, $6) returning id`,
          [c.tenantId, c.id, b.kind, b.name, member.id, b.dutyAreaId ?? null],
        );
        await recordAudit(tx, {
          tenantId: c.tenantId,
          actorUserId: req.actor.userId,
          action: 'party.post.create',
          entityType: 'party_post',
          entityId: rows[0].id,
          summary: { kind: b.kind, name: b.name, member: member.id },
        });
        return (
          await tx.query(`${POST_SELECT} where p.tenant_id = $1 and p.id = $2`, [c.tenantId, rows[0].id])
        ).rows[0];
      });
      return reply.code(201).send(presentPost(out));
    },
  });

  r.post('/api/party-members/posts/:id/work', {
    schema: {
      tags,
      summary: '记录岗位工作（走访、收集意见、解决问题、调解纠纷）/ Count a post’s work',
      params: IdParams,
      body: PartyWorkBody,
      response: { 200: PartyPost },
    },
    handler: async (req) =>
      inTx(pool, async (tx) => {
        const { rows } = await tx.query(
          `${POST_SELECT} where p.id = $1 and ($2::bigint[] is null or p.tenant_id = any($2))`,
          [req.params.id, tenantsOf(req.actor)],
        );
        const p = rows[0];
        if (!p || !relatedTo(req.actor, Number(p.tenant_id), p.community_path))
          throw notFound('Post', '岗位');
        const tenantId = Number(p.tenant_id);
        if (
          p.member_user_id !== req.actor.userId &&
          !can(req.actor, 'party.manage', { tenantId, path: p.community_path })
        )
          throw forbidden(
            '只有岗位上的党员或社区书记可以记录',
            'Only the member on the post or a secretary records',
          );
        const day = req.body.day ?? new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10);
        await tx.query(
          `insert into party_work (tenant_id, post_id, kind, count, note, day, created_by) values ($1, $2, $3, $4, $5, $6, $7)`,
          [tenantId, p.id, req.body.kind, req.body.count, req.body.note, day, req.actor.userId],
        );
        return presentPost(
          (await tx.query(`${POST_SELECT} where p.tenant_id = $1 and p.id = $2`, [tenantId, p.id])).rows[0],
        );
      }),
  });
}
