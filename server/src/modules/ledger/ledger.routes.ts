import {
  AwardBody,
  IdParams,
  LEDGER_UNITS,
  LedgerAccountList,
  LedgerCommunityQuery,
  LedgerEntriesQuery,
  LedgerEntry,
  LedgerEntryList,
  LedgerExportQuery,
  LedgerIdempotencyHeaders,
  LedgerRule,
  LedgerRuleBody,
  LedgerRuleList,
  LedgerRulePatch,
  MyStatementQuery,
  ReverseBody,
} from '@doorstep/contract';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type pg from 'pg';
import { z } from 'zod';
import { can, scopesWith, tenantFilter } from '../../platform/access/policy';
import type { Actor } from '../../platform/access/scopes';
import { recordAudit } from '../../platform/audit/audit';
import type { AppContext } from '../../platform/context';
import { inTx, type Queryable } from '../../platform/db/tx';
import { sendXlsx, workbookBuffer } from '../../platform/excel/excel';
import { conflict, forbidden, invalid, notFound } from '../../platform/http/errors';
import { catalogueRoutes } from './ledger.catalogue';
import { ensureDefaultRules } from './ledger.defaults';
import { fundRoutes } from './ledger.funds';
import { partyRoutes } from './ledger.party';
import {
  ACCOUNT_SELECT,
  communityFor,
  ENTRY_SELECT,
  presentAccount,
  presentEntry,
  presentRule,
} from './ledger.queries';
import { applyRule, reverseEntry } from './ledger.service';
import { timeBankRoutes } from './ledger.timebank';

const tags = ['ledger'];
/** points first, then hours, credit, money */
const UNIT_ORDER = (t: string) => `array_position(array['points', 'hours', 'credit', 'money'], ${t}.unit)`;

/** Entries of a community in a period (days in China time, inclusive), as a where clause and its values. */
function periodFilter(
  tenantId: number,
  communityId: number,
  q: { unit?: string; from?: string; to?: string },
) {
  const values: unknown[] = [tenantId, communityId];
  const where = ['e.tenant_id = $1', '(d.area_id = $2 or c.area_id = $2)'];
  if (q.unit) where.push(`e.unit = $${values.push(q.unit)}`);
  if (q.from)
    where.push(`e.created_at >= ($${values.push(q.from)}::date)::timestamp at time zone 'Asia/Shanghai'`);
  if (q.to)
    where.push(`e.created_at < ($${values.push(q.to)}::date + 1)::timestamp at time zone 'Asia/Shanghai'`);
  return { where: where.join(' and '), values };
}

const entryById = async (db: Queryable, tenantId: number, id: number) =>
  presentEntry(
    (await db.query(`${ENTRY_SELECT} where e.tenant_id = $1 and e.id = $2`, [tenantId, id])).rows[0],
  );

/** The ledger: my balances and statement; staff's community accounts, entries, export, awards, reversals, rules. */
export async function ledgerRoutes(app: FastifyInstance, ctx: AppContext) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const pool = ctx.pool;
  await catalogueRoutes(app, ctx);
  await timeBankRoutes(app, ctx);
  await fundRoutes(app, ctx);
  await partyRoutes(app, ctx);

  // ——— my own ———
  r.get('/api/ledger/me/accounts', {
    schema: { tags, summary: '我的积分、时长、信用分 / My balances', response: { 200: LedgerAccountList } },
    handler: async (req) => {
      const { rows } = await pool.query(
        `${ACCOUNT_SELECT} where la.owner_user_id = $1 order by ${UNIT_ORDER('la')}, la.id`,
        [req.actor.userId],
      );
      return { items: rows.map(presentAccount) };
    },
  });

  r.get('/api/ledger/me/entries', {
    schema: {
      tags,
      summary: '我的明细 / My statement',
      querystring: MyStatementQuery,
      response: { 200: LedgerEntryList },
    },
    handler: async (req) => {
      const q = req.query;
      const mine = await pool.query(
        'select tenant_id, id from ledger_accounts where owner_user_id = $1 and ($2::text is null or unit = $2)',
        [req.actor.userId, q.unit ?? null],
      );
      const own = new Set(mine.rows.map((a) => Number(a.id)));
      const tenants = [...new Set(mine.rows.map((a) => Number(a.tenant_id)))];
      if (!own.size) return { items: [], total: 0, page: q.page, pageSize: q.pageSize };
      const where = `e.tenant_id = any($1::bigint[]) and (e.debit_account_id = any($2::bigint[]) or e.credit_account_id = any($2::bigint[]))`;
      const values = [tenants, [...own]];
      const [items, total] = await Promise.all([
        pool.query(
          `${ENTRY_SELECT} where ${where} order by e.created_at desc, e.id desc limit $3 offset $4`,
          [...values, q.pageSize, (q.page - 1) * q.pageSize],
        ),
        pool.query(`select count(*)::int as n from ledger_entries e where ${where}`, values),
      ]);
      return {
        items: items.rows.map((e) => presentEntry(e, own)),
        total: total.rows[0].n,
        page: q.page,
        pageSize: q.pageSize,
      };
    },
  });

  // ——— staff: a community's accounts and entries ———
  r.get('/api/ledger/accounts', {
    schema: {
      tags,
      summary: '社区账户 / A community’s accounts',
      querystring: LedgerCommunityQuery,
      response: { 200: LedgerAccountList },
    },
    handler: async (req) => {
      const c = await communityFor(pool, req.actor, req.query.communityId, 'ledger.view');
      const { rows } = await pool.query(
        `${ACCOUNT_SELECT} where la.tenant_id = $1 and la.area_id = $2
          order by la.owner_kind = 'community' desc, ${UNIT_ORDER('la')}, la.balance desc, la.id`,
        [c.tenantId, c.id],
      );
      return { items: rows.map(presentAccount) };
    },
  });

  r.get('/api/ledger/entries', {
    schema: {
      tags,
      summary: '社区台账 / A community’s ledger for a period',
      querystring: LedgerEntriesQuery,
      response: { 200: LedgerEntryList },
    },
    handler: async (req) => {
      const q = req.query;
      const c = await communityFor(pool, req.actor, q.communityId, 'ledger.view');
      const f = periodFilter(c.tenantId, c.id, q);
      const [items, total] = await Promise.all([
        pool.query(
          `${ENTRY_SELECT} where ${f.where} order by e.created_at desc, e.id desc
            limit $${f.values.length + 1} offset $${f.values.length + 2}`,
          [...f.values, q.pageSize, (q.page - 1) * q.pageSize],
        ),
        pool.query(
          `select count(*)::int as n from ledger_entries e
             join ledger_accounts d on d.tenant_id = e.tenant_id and d.id = e.debit_account_id
             join ledger_accounts c on c.tenant_id = e.tenant_id and c.id = e.credit_account_id
            where ${f.where}`,
          f.values,
        ),
      ]);
      return {
        items: items.rows.map((e) => presentEntry(e)),
        total: total.rows[0].n,
        page: q.page,
        pageSize: q.pageSize,
      };
    },
  });

  r.get('/api/ledger/entries/export', {
    schema: {
      tags,
      summary: '导出台账 Excel / Export the ledger for a period',
      querystring: LedgerExportQuery,
      produces: ['application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'],
      response: { 200: z.any() },
    },
    handler: async (req, reply) => {
      const q = req.query;
      const c = await communityFor(pool, req.actor, q.communityId, 'ledger.view');
      const f = periodFilter(c.tenantId, c.id, q);
      const { rows } = await pool.query(
        `${ENTRY_SELECT} where ${f.where} order by e.created_at, e.id limit 100000`,
        f.values,
      );
      const fmt = new Intl.DateTimeFormat('zh-CN', {
        timeZone: 'Asia/Shanghai',
        dateStyle: 'short',
        timeStyle: 'short',
      });
      const buffer = await workbookBuffer(
        '积分台账',
        [
          { header: '编号', key: 'id', width: 8 },
          { header: '时间', key: 'at', width: 18 },
          { header: '单位', key: 'unit', width: 8 },
          { header: '数额', key: 'amount', width: 10 },
          { header: '转出账户', key: 'debit', width: 20 },
          { header: '转入账户', key: 'credit', width: 20 },
          { header: '规则', key: 'rule', width: 18 },
          { header: '来源', key: 'source', width: 24 },
          { header: '审批人', key: 'approver', width: 10 },
          { header: '说明', key: 'memo', width: 24 },
          { header: '冲正', key: 'reversal', width: 24 },
        ],
        rows.map((row) => {
          const e = presentEntry(row);
          const u = LEDGER_UNITS[e.unit];
          return {
            id: e.id,
            at: fmt.format(new Date(e.at)),
            unit: u.zh,
            amount: e.amount / u.scale,
            debit: e.debitName,
            credit: e.creditName,
            rule: e.ruleName ?? '',
            source: `${e.eventKind} #${e.eventId}`,
            approver: e.approvedBy ?? '',
            memo: e.memo,
            reversal: e.reverses
              ? `冲正 #${e.reverses}：${e.reason}`
              : e.reversedBy
                ? `已被 #${e.reversedBy} 冲正`
                : '',
          };
        }),
      );
      return sendXlsx(reply, `${c.name}积分台账.xlsx`, buffer);
    },
  });

  // ——— staff: award by rule, reverse ———
  r.post('/api/ledger/awards', {
    schema: {
      tags,
      summary: '按规则记账（骑手照片核实、商户公益、志愿时长、口碑积分）/ Award by rule',
      headers: LedgerIdempotencyHeaders,
      body: AwardBody,
      response: { 200: LedgerEntry, 201: LedgerEntry },
    },
    handler: async (req, reply) => {
      const b = req.body;
      const result = await inTx(pool, async (tx) => {
        const c = await communityFor(tx, req.actor, b.communityId, 'ledger.award');
        const beneficiary = await userByPhone(tx, c.tenantId, b.phone);
        const res = await applyRule(tx, req.actor, {
          ruleId: b.ruleId,
          eventId: b.eventId ?? `award:${req.headers['idempotency-key'] ?? crypto.randomUUID()}`,
          communityId: c.id,
          beneficiary,
          quantity: b.quantity,
          memo: b.memo,
          idempotencyKey: req.headers['idempotency-key'] ?? null,
        });
        return { ...res, tenantId: c.tenantId };
      });
      return reply
        .code(result.created ? 201 : 200)
        .send(await entryById(pool, result.tenantId, result.entryId));
    },
  });

  r.post('/api/ledger/entries/:id/reverse', {
    schema: {
      tags,
      summary: '冲正一条记录（须写明原因）/ Reverse an entry, with a reason',
      params: IdParams,
      body: ReverseBody,
      response: { 201: LedgerEntry },
    },
    handler: async (req, reply) => {
      const out = await inTx(pool, async (tx) => {
        const e = await visibleEntry(tx, req.actor, req.params.id);
        const id = await reverseEntry(tx, req.actor, e.tenantId, req.params.id, req.body.reason);
        return { tenantId: e.tenantId, id };
      });
      return reply.code(201).send(await entryById(pool, out.tenantId, out.id));
    },
  });

  // ——— rules ———
  r.get('/api/ledger/rules', {
    schema: { tags, summary: '记账规则 / Ledger rules', response: { 200: LedgerRuleList } },
    handler: async (req) => {
      if (!scopesWith(req.actor, 'ledger.view').length && !req.actor.isPlatformAdmin) throw forbidden();
      const tenants = tenantFilter(req.actor);
      await ensureDefaultRules(pool, tenants);
      const { rows } = await pool.query(
        `select * from ledger_rules ${tenants ? 'where tenant_id = any($1::bigint[])' : ''} order by not active, id`,
        tenants ? [tenants] : [],
      );
      return { items: rows.map(presentRule) };
    },
  });

  r.post('/api/ledger/rules', {
    schema: {
      tags,
      summary: '新增记账规则 / Add a rule',
      body: LedgerRuleBody,
      response: { 201: LedgerRule },
    },
    handler: async (req, reply) => {
      const b = req.body;
      const managers = scopesWith(req.actor, 'ledger.manage');
      if (!managers.length && !req.actor.isPlatformAdmin) throw forbidden();
      let tenantId = managers[0]?.tenantId;
      if (b.areaId !== null) {
        const a = (
          await pool.query('select tenant_id, path::text as path from areas where id = $1', [b.areaId])
        ).rows[0];
        const target = a && { tenantId: Number(a.tenant_id), path: a.path as string };
        if (!target || !can(req.actor, 'ledger.manage', target)) throw notFound('Area', '区域');
        tenantId = target.tenantId;
      }
      if (tenantId === undefined)
        throw invalid('AREA_REQUIRED', '请选择规则适用的区域', 'Choose the area the rule applies in');
      const rule = await inTx(pool, async (tx) => {
        const { rows } = await tx.query(
          `insert into ledger_rules (tenant_id, code, name, event_kind, area_id, unit, amount, beneficiary_kind,
                                     approver_role, period_kind, max_per_period, per_quantity, direction)
           values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)
           on conflict (tenant_id, code) do nothing returning *`,
          [
            tenantId,
            b.code,
            b.name,
            b.eventKind,
            b.areaId,
            b.unit,
            b.amount,
            b.beneficiaryKind,
            b.approverRole,
            b.periodKind,
            b.maxPerPeriod,
            b.perQuantity,
            b.direction,
          ],
        );
        if (!rows[0]) throw conflict('RULE_EXISTS', '已有同一代码的规则', 'A rule with that code exists');
        await recordAudit(tx, {
          tenantId,
          actorUserId: req.actor.userId,
          action: 'ledger.rule.create',
          entityType: 'ledger_rule',
          entityId: rows[0].id,
          summary: { code: b.code, amount: b.amount, unit: b.unit },
        });
        return rows[0];
      });
      return reply.code(201).send(presentRule(rule));
    },
  });

  r.patch('/api/ledger/rules/:id', {
    schema: {
      tags,
      summary: '修改或停用记账规则 / Edit or retire a rule',
      params: IdParams,
      body: LedgerRulePatch,
      response: { 200: LedgerRule },
    },
    handler: async (req) =>
      inTx(pool, async (tx) => {
        const { rows } = await tx.query('select * from ledger_rules where id = $1 for update', [
          req.params.id,
        ]);
        const old = rows[0];
        const tenants = tenantFilter(req.actor);
        if (!old || (tenants && !tenants.includes(Number(old.tenant_id)))) throw notFound('Rule', '规则');
        if (
          !req.actor.isPlatformAdmin &&
          !scopesWith(req.actor, 'ledger.manage').some((s) => s.tenantId === Number(old.tenant_id))
        )
          throw forbidden();
        const b = req.body;
        if (old.version !== b.version)
          throw conflict(
            'RULE_VERSION_CONFLICT',
            '规则刚被他人修改，请刷新',
            'Someone else changed the rule; reload',
          );
        const next = {
          name: b.name ?? old.name,
          amount: b.amount ?? Number(old.amount),
          approver_role: b.approverRole ?? old.approver_role,
          period_kind: b.periodKind === undefined ? old.period_kind : b.periodKind,
          max_per_period: b.maxPerPeriod === undefined ? old.max_per_period : b.maxPerPeriod,
          active: b.active ?? old.active,
        };
        if ((next.period_kind === null) !== (next.max_per_period === null))
          throw invalid('RULE_PERIOD', '周期与上限须同时设置', 'Set the period and the cap together');
        const upd = await tx.query(
          `update ledger_rules set name = $3, amount = $4, approver_role = $5, period_kind = $6, max_per_period = $7,
                  active = $8, version = version + 1, updated_at = now()
            where tenant_id = $1 and id = $2 returning *`,
          [
            old.tenant_id,
            old.id,
            next.name,
            next.amount,
            next.approver_role,
            next.period_kind,
            next.max_per_period,
            next.active,
          ],
        );
        await recordAudit(tx, {
          tenantId: Number(old.tenant_id),
          actorUserId: req.actor.userId,
          action: 'ledger.rule.update',
          entityType: 'ledger_rule',
          entityId: old.id,
          summary: { amount: [Number(old.amount), next.amount], active: [old.active, next.active] },
        });
        return presentRule(upd.rows[0]);
      }),
  });
}

/** An entry the actor may correct: ledger.manage over its accounts' community. */
async function visibleEntry(tx: pg.PoolClient, actor: Actor, id: number) {
  const { rows } = await tx.query(
    `select e.tenant_id, d.area_id from ledger_entries e
       join ledger_accounts d on d.tenant_id = e.tenant_id and d.id = e.debit_account_id where e.id = $1`,
    [id],
  );
  const e = rows[0];
  const tenants = tenantFilter(actor);
  if (!e || (tenants && !tenants.includes(Number(e.tenant_id)))) throw notFound('Entry', '记录');
  await communityFor(tx, actor, Number(e.area_id), 'ledger.manage');
  return { tenantId: Number(e.tenant_id) };
}

/** The signed-up person behind a phone number, named as the account will be (a merchant by their shop). */
async function userByPhone(db: Queryable, tenantId: number, phone: string) {
  const { rows } = await db.query(
    `select u.id, u.name,
            (select ra.org_name from role_assignments ra where ra.tenant_id = $2 and ra.user_id = u.id
                and ra.role = 'merchant' and ra.org_name is not null limit 1) as shop
       from "user" u where u."phoneNumber" = $1`,
    [phone, tenantId],
  );
  if (!rows[0])
    throw invalid('BENEFICIARY_UNKNOWN', '该手机号尚未注册', 'No one has signed up with that phone number');
  return { userId: rows[0].id as string, name: rows[0].name as string, shop: rows[0].shop as string | null };
}
