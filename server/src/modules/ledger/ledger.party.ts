import { PartyCloseBody, type PartyMemberYear, PartyStatement, PartyYearQuery } from '@doorstep/contract';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type pg from 'pg';
import { z } from 'zod';
import type { Actor } from '../../platform/access/scopes';
import { recordAudit } from '../../platform/audit/audit';
import { chinaYear } from '../../platform/china-time';
import type { AppContext } from '../../platform/context';
import { inTx, type Queryable } from '../../platform/db/tx';
import { sendXlsx, workbookBuffer } from '../../platform/excel/excel';
import { conflict, invalid } from '../../platform/http/errors';
import { communityFor } from './ledger.queries';
import { applyRule, holderAccount, poolAccount, transfer } from './ledger.service';

/**
 * 党员积分 (docs/decisions/0027-party-points.md): each party member has one `party` account per community and year,
 * so a year is its own cycle. The statement nets every entry by its rule — base (party.base), reward
 * (party.reward), deduction (deduct rules), task (every other award rule) — reversals included; closing a year
 * freezes that statement and refuses further entries for the year.
 */

const tags = ['ledger'];

/** The party members of a community (by role or by having an account that year) and their year, live. */
async function liveStatement(
  db: Queryable,
  c: { tenantId: number; id: number; path: string },
  year: number,
): Promise<PartyMemberYear[]> {
  const { rows } = await db.query(
    `with accounts as (
       select a.* from ledger_accounts a
        where a.tenant_id = $1 and a.area_id = $2 and a.unit = 'party' and a.owner_ref = a.owner_user_id || '@' || $4
     ), members as (
       select owner_user_id as user_id from accounts
       union
       select ra.user_id from role_assignments ra join areas x on x.tenant_id = ra.tenant_id and x.id = ra.area_id
        where ra.tenant_id = $1 and ra.role = 'party_member' and x.path <@ $3::ltree
     ), sums as (
       select a.owner_user_id as user_id, a.balance,
              coalesce(sum(case when e.credit_account_id = a.id then e.amount else -e.amount end)
                filter (where r.event_kind = 'party.base'), 0) as base,
              coalesce(sum(case when e.credit_account_id = a.id then e.amount else -e.amount end)
                filter (where r.event_kind = 'party.reward'), 0) as reward,
              coalesce(sum(case when e.credit_account_id = a.id then e.amount else -e.amount end)
                filter (where r.direction = 'award' and r.event_kind not in ('party.base', 'party.reward')), 0) as task,
              coalesce(sum(case when e.debit_account_id = a.id then e.amount else -e.amount end)
                filter (where r.direction = 'deduct'), 0) as deduction
         from accounts a
         left join ledger_entries e on e.tenant_id = a.tenant_id
                                   and (e.credit_account_id = a.id or e.debit_account_id = a.id)
         left join ledger_rules r on r.tenant_id = e.tenant_id and r.id = e.rule_id
        group by a.id, a.owner_user_id, a.balance
     )
     select m.user_id, u.name, coalesce(s.base, 0) as base, coalesce(s.task, 0) as task,
            coalesce(s.reward, 0) as reward, coalesce(s.deduction, 0) as deduction, coalesce(s.balance, 0) as total
       from members m join "user" u on u.id = m.user_id left join sums s on s.user_id = m.user_id
      order by total desc, u.name`,
    [c.tenantId, c.id, c.path, String(year)],
  );
  return rows.map((r) => ({
    userId: r.user_id,
    name: r.name,
    base: Number(r.base),
    task: Number(r.task),
    reward: Number(r.reward),
    deduction: Number(r.deduction),
    total: Number(r.total),
  }));
}

async function statement(
  db: Queryable,
  actor: Actor,
  communityId: number,
  year: number,
): Promise<PartyStatement> {
  const c = await communityFor(db, actor, communityId, 'ledger.view');
  const closed = (
    await db.query(
      `select y.closed_at, y.statement, u.name as closer from ledger_party_years y left join "user" u on u.id = y.closed_by
        where y.tenant_id = $1 and y.area_id = $2 and y.year = $3`,
      [c.tenantId, c.id, year],
    )
  ).rows[0];
  return {
    communityId: c.id,
    communityName: c.name,
    year,
    closedAt: closed ? (closed.closed_at as Date).toISOString() : null,
    closedBy: closed?.closer ?? null,
    members: closed ? (closed.statement as PartyMemberYear[]) : await liveStatement(db, c, year),
  };
}

export async function partyRoutes(app: FastifyInstance, ctx: AppContext) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const pool = ctx.pool;

  r.get('/api/ledger/party/statement', {
    schema: {
      tags,
      summary: '党员积分年度统计（结算后为结算单）/ Party points of a year',
      querystring: PartyYearQuery,
      response: { 200: PartyStatement },
    },
    handler: async (req) => statement(pool, req.actor, req.query.communityId, req.query.year),
  });

  r.get('/api/ledger/party/statement/export', {
    schema: {
      tags,
      summary: '导出党员积分年度结算单 Excel / Export the party points statement',
      querystring: PartyYearQuery,
      produces: ['application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'],
      response: { 200: z.any() },
    },
    handler: async (req, reply) => {
      const s = await statement(pool, req.actor, req.query.communityId, req.query.year);
      const buffer = await workbookBuffer(
        `${s.year}年度党员积分`,
        [
          { header: '党员', key: 'name', width: 12 },
          { header: '基础分', key: 'base', width: 10 },
          { header: '任务分', key: 'task', width: 10 },
          { header: '奖励分', key: 'reward', width: 10 },
          { header: '扣分', key: 'deduction', width: 10 },
          { header: '合计', key: 'total', width: 10 },
          { header: '状态', key: 'state', width: 24 },
        ],
        s.members.map((m) => ({ ...m, state: s.closedAt ? `已结算 ${s.closedAt.slice(0, 10)}` : '未结算' })),
      );
      return sendXlsx(reply, `${s.communityName}${s.year}年度党员积分.xlsx`, buffer);
    },
  });

  r.post('/api/ledger/party/close', {
    schema: {
      tags,
      summary: '年度结算（冻结结算单，此后不再记账）/ Close a year of party points',
      body: PartyCloseBody,
      response: { 201: PartyStatement },
    },
    handler: async (req, reply) => {
      const b = req.body;
      const out = await inTx(pool, async (tx) => {
        const c = await communityFor(tx, req.actor, b.communityId, 'ledger.manage');
        if (b.year > chinaYear())
          throw invalid('PARTY_YEAR_FUTURE', '不能结算尚未到来的年度', 'That year has not come yet');
        // awards lock the members' accounts; the community row lock makes two closings queue
        await tx.query('select 1 from areas where tenant_id = $1 and id = $2 for update', [c.tenantId, c.id]);
        const members = await liveStatement(tx, c, b.year);
        const ins = await tx.query(
          `insert into ledger_party_years (tenant_id, area_id, year, closed_by, statement)
           values ($1, $2, $3, $4, $5) on conflict do nothing returning year`,
          [c.tenantId, c.id, b.year, req.actor.userId, JSON.stringify(members)],
        );
        if (!ins.rows[0])
          throw conflict('PARTY_YEAR_CLOSED', '该年度已结算', 'That year has already been closed');
        await recordAudit(tx, {
          tenantId: c.tenantId,
          actorUserId: req.actor.userId,
          action: 'ledger.party.close',
          entityType: 'area',
          entityId: c.id,
          summary: { year: b.year, members: members.length, total: members.reduce((n, m) => n + m.total, 0) },
        });
        return c.id;
      });
      return reply.code(201).send(await statement(pool, req.actor, out, b.year));
    },
  });
}

/** 龙腾社区's demo: 陈党员's closed year before this one (82) and this year's open account. */
export async function seedPartyPoints(
  tx: pg.PoolClient,
  actor: Actor,
  c: { tenantId: number; id: number; path: string },
  member: { id: string; name: string },
) {
  const rule = async (code: string) =>
    Number(
      (await tx.query('select id from ledger_rules where tenant_id = $1 and code = $2', [c.tenantId, code]))
        .rows[0].id,
    );
  const last = chinaYear() - 1;
  const account = await holderAccount(tx, {
    tenantId: c.tenantId,
    communityId: c.id,
    kind: 'person',
    userId: member.id,
    name: member.name,
    unit: 'party',
    year: last,
  });
  const pool = await poolAccount(tx, c.tenantId, c.id, 'party');
  const lastYear: [string, number, string, boolean][] = [
    ['party_base', 60, '年度基础分', false],
    ['party_task', 5, '认领微心愿：为独居老人买药', false],
    ['party_task', 5, '暗夜走访：消防通道排查', false],
    ['party_task', 5, '议事会记录员', false],
    ['party_reward', 10, '调解邻里纠纷，居民送锦旗', false],
    ['party_deduction', 3, '组织生活缺席一次', true],
  ];
  let n = 0;
  for (const [code, amount, memo, deduct] of lastYear)
    await transfer(tx, {
      tenantId: c.tenantId,
      debit: deduct ? account : pool,
      credit: deduct ? pool : account,
      amount,
      eventKind: `party.${code.slice(6)}`,
      eventId: `demo-${last}-${++n}`,
      ruleId: await rule(code),
      approvedBy: actor.userId,
      createdBy: actor.userId,
      memo,
    });
  const members = await liveStatement(tx, c, last);
  await tx.query(
    `insert into ledger_party_years (tenant_id, area_id, year, closed_by, statement) values ($1, $2, $3, $4, $5)`,
    [c.tenantId, c.id, last, actor.userId, JSON.stringify(members)],
  );
  for (const [code, memo] of [
    ['party_base', '年度基础分'],
    ['party_task', '认领微心愿：陪同就医'],
    ['party_reward', '先锋岗：楼道安全隐患排查'],
  ] as const)
    await applyRule(tx, actor, {
      ruleId: await rule(code),
      eventId: `demo-${code}`,
      communityId: c.id,
      beneficiary: { userId: member.id, name: member.name },
      memo,
    });
}
