import {
  FUND_FLOW_KINDS,
  Fund,
  FundBackfeedBody,
  FundExportQuery,
  type FundFlow,
  FundFlowBody,
  FundFlowList,
  FundFlow as FundFlowSchema,
  FundFlowsQuery,
  type FundKind,
  FundList,
  FundPatch,
  IdParams,
  LedgerCommunityQuery,
  LedgerIdempotencyHeaders,
} from '@doorstep/contract';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type pg from 'pg';
import { z } from 'zod';
import { authorize, type Capability } from '../../platform/access/policy';
import type { Actor } from '../../platform/access/scopes';
import { recordAudit } from '../../platform/audit/audit';
import { chinaDay } from '../../platform/china-time';
import type { AppContext } from '../../platform/context';
import { inTx, type Queryable } from '../../platform/db/tx';
import { sendXlsx, workbookBuffer } from '../../platform/excel/excel';
import { conflict, invalid, notFound } from '../../platform/http/errors';
import { communityFor } from './ledger.queries';
import { transfer } from './ledger.service';

/**
 * Funds (PRODUCT.md "Funds"; docs/decisions/0026-funds.md): a community's 社区微基金 and 能量银行, each one money account
 * in the ledger (floor 0). A flow is a ledger entry plus a row saying its kind and day:
 * - 微基金: donations in, spending out, and 收益反哺 — a project's recorded net profit sends backfeed_percent (20%) of it
 *   into the fund, computed here from the rule, never typed as an amount;
 * - 能量银行: social capital in, and deposits (e.g. 30% of the secretary's bonus) accepted only while the year's social
 *   capital covers the year's deposits 1∶1 — the leverage (social capital per yuan deposited) is tracked per year
 *   against the target (1∶5).
 */

const tags = ['ledger'];
const DEFAULTS: Record<FundKind, { name: string; backfeed: number | null; target: number | null }> = {
  micro_fund: { name: '社区微基金', backfeed: 20, target: null },
  energy_bank: { name: '社区能量银行', backfeed: null, target: 5 },
};
const FLOW_LABELS: Record<FundFlow['kind'], string> = {
  donation: '捐赠',
  backfeed: '收益反哺',
  deposit: '存入',
  social_capital: '社会资本',
  spending: '支出',
};
const INCOME = new Set(['donation', 'backfeed', 'deposit', 'social_capital']);

interface FundRow {
  tenant_id: number;
  id: number;
  area_id: number;
  kind: FundKind;
  name: string;
  account_id: number;
  backfeed_percent: number | null;
  target_leverage: string | null;
  version: number;
  path: string;
}

/** The community's two funds, created with their accounts on first use. */
export async function ensureFunds(db: Queryable, tenantId: number, communityId: number): Promise<void> {
  for (const [kind, d] of Object.entries(DEFAULTS) as [FundKind, (typeof DEFAULTS)[FundKind]][]) {
    const acc = await db.query(
      `insert into ledger_accounts (tenant_id, area_id, owner_kind, owner_ref, name, unit, floor)
       values ($1, $2, 'community', $3, $4, 'money', 0)
       on conflict (tenant_id, area_id, owner_kind, owner_ref, unit) do update set name = ledger_accounts.name
       returning id`,
      [tenantId, communityId, `fund:${kind}`, d.name],
    );
    await db.query(
      `insert into ledger_funds (tenant_id, area_id, kind, name, account_id, backfeed_percent, target_leverage)
       values ($1, $2, $3, $4, $5, $6, $7) on conflict (tenant_id, area_id, kind) do nothing`,
      [tenantId, communityId, kind, d.name, acc.rows[0].id, d.backfeed, d.target],
    );
  }
}

/** An outside party's money account (donor, payee, project): no floor, it is money from or to outside. */
async function partyAccount(db: Queryable, f: FundRow, ref: string, name: string): Promise<number> {
  const { rows } = await db.query(
    `insert into ledger_accounts (tenant_id, area_id, owner_kind, owner_ref, name, unit, floor)
     values ($1, $2, 'org', $3, $4, 'money', null)
     on conflict (tenant_id, area_id, owner_kind, owner_ref, unit) do update set name = ledger_accounts.name
     returning id`,
    [f.tenant_id, f.area_id, ref.slice(0, 100), name.slice(0, 100)],
  );
  return Number(rows[0].id);
}

/** A fund the actor holds `cap` over (404 outside their streets, 403 inside), optionally locked. */
async function fundFor(
  db: Queryable,
  actor: Actor,
  id: number,
  cap: Capability,
  lock = false,
): Promise<FundRow> {
  const { rows } = await db.query<FundRow>(
    `select f.*, a.path::text as path from ledger_funds f join areas a on a.tenant_id = f.tenant_id and a.id = f.area_id
      where f.id = $1 ${lock ? 'for update of f' : ''}`,
    [id],
  );
  const f = rows[0];
  const missing = () => notFound('Fund', '基金');
  if (!f) throw missing();
  authorize(actor, cap, { tenantId: Number(f.tenant_id), path: f.path }, missing);
  return f;
}

const YEARS = `select f.id as fund_id, y.year,
    coalesce(sum(x.amount) filter (where x.kind in ('donation', 'backfeed', 'deposit', 'social_capital')), 0) as income,
    coalesce(sum(x.amount) filter (where x.kind = 'spending'), 0) as spending,
    coalesce(sum(x.amount) filter (where x.kind = 'deposit'), 0) as deposits,
    coalesce(sum(x.amount) filter (where x.kind = 'social_capital'), 0) as social
  from ledger_funds f
  cross join lateral (select distinct extract(year from occurred_on)::int as year from ledger_fund_flows
                       where tenant_id = f.tenant_id and fund_id = f.id) y
  join ledger_fund_flows x on x.tenant_id = f.tenant_id and x.fund_id = f.id and extract(year from x.occurred_on) = y.year
 where f.tenant_id = $1 and f.area_id = $2
 group by f.id, y.year`;

async function listFunds(db: Queryable, tenantId: number, communityId: number): Promise<Fund[]> {
  const [funds, years] = await Promise.all([
    db.query(
      `select f.*, a.balance, c.name as community_name from ledger_funds f
         join ledger_accounts a on a.tenant_id = f.tenant_id and a.id = f.account_id
         join areas c on c.tenant_id = f.tenant_id and c.id = f.area_id
        where f.tenant_id = $1 and f.area_id = $2 order by f.kind desc`,
      [tenantId, communityId],
    ),
    db.query(`${YEARS} order by y.year desc`, [tenantId, communityId]),
  ]);
  return funds.rows.map((f) => ({
    id: Number(f.id),
    communityId: Number(f.area_id),
    communityName: f.community_name,
    kind: f.kind,
    name: f.name,
    accountId: Number(f.account_id),
    balance: Number(f.balance),
    backfeedPercent: f.backfeed_percent,
    targetLeverage: f.target_leverage === null ? null : Number(f.target_leverage),
    version: f.version,
    years: years.rows
      .filter((y) => Number(y.fund_id) === Number(f.id))
      .map((y) => {
        const deposits = Number(y.deposits);
        const social = Number(y.social);
        return {
          year: y.year,
          income: Number(y.income),
          spending: Number(y.spending),
          deposits,
          socialCapital: social,
          leverage: deposits > 0 ? Math.round((social / deposits) * 100) / 100 : null,
        };
      }),
  }));
}

const presentFlow = (x: Record<string, unknown>): FundFlow => ({
  id: Number(x.id),
  fundId: Number(x.fund_id),
  kind: x.kind as FundFlow['kind'],
  counterparty: x.counterparty as string,
  amount: Number(x.amount),
  gross: x.gross === null ? null : Number(x.gross),
  occurredOn: x.day as string,
  memo: x.memo as string,
  entryId: Number(x.entry_id),
  createdBy: (x.creator as string | null) ?? null,
  createdAt: (x.created_at as Date).toISOString(),
});
const FLOW_SELECT = `select x.*, to_char(x.occurred_on, 'YYYY-MM-DD') as day, u.name as creator
  from ledger_fund_flows x left join "user" u on u.id = x.created_by`;

interface FlowInput {
  kind: FundFlow['kind'];
  counterparty: string;
  amount: number;
  gross?: number | null;
  occurredOn?: string;
  memo: string;
}

/**
 * Records one flow of a locked fund as a ledger entry (spending is refused below the fund's floor; an energy-bank
 * deposit is refused unless that year's social capital still covers all its deposits). A retry with the same
 * Idempotency-Key returns the flow already recorded.
 */
export async function recordFlow(
  tx: pg.PoolClient,
  actor: Actor,
  f: FundRow,
  input: FlowInput,
  idempotencyKey: string | null = null,
): Promise<{ id: number; created: boolean }> {
  if (!FUND_FLOW_KINDS[f.kind].includes(input.kind))
    throw invalid(
      'FLOW_KIND',
      `${f.name}不记“${FLOW_LABELS[input.kind]}”`,
      `A ${f.kind.replace('_', ' ')} does not take ${input.kind.replace('_', ' ')} flows`,
    );
  const day = input.occurredOn ?? chinaDay();
  if (day > chinaDay())
    throw invalid('FUTURE_DATE', '发生日期不能晚于今天', 'The day cannot be in the future');
  if (input.kind === 'deposit') {
    const { rows } = await tx.query(
      `select coalesce(sum(amount) filter (where kind = 'social_capital'), 0)::bigint as social,
              coalesce(sum(amount) filter (where kind = 'deposit'), 0)::bigint as deposits
         from ledger_fund_flows where tenant_id = $1 and fund_id = $2
          and extract(year from occurred_on) = extract(year from $3::date)`,
      [f.tenant_id, f.id, day],
    );
    const short = BigInt(rows[0].deposits) + BigInt(input.amount) - BigInt(rows[0].social);
    if (short > 0n)
      throw conflict(
        'DEPOSIT_NOT_MATCHED',
        `存入须有等额社会资本匹配：本年度还差 ${(Number(short) / 100).toFixed(2)} 元社会资本`,
        `A deposit must be matched by as much social capital: ¥${(Number(short) / 100).toFixed(2)} more social capital is needed this year`,
      );
  }
  const party = await partyAccount(
    tx,
    f,
    `${input.kind === 'backfeed' ? 'project' : 'party'}:${input.counterparty}`,
    input.counterparty,
  );
  const out = input.kind === 'spending';
  const entry = await transfer(tx, {
    tenantId: Number(f.tenant_id),
    debit: out ? Number(f.account_id) : party,
    credit: out ? party : Number(f.account_id),
    amount: input.amount,
    eventKind: `fund.${input.kind}`,
    eventId: `${f.id}:${idempotencyKey ?? crypto.randomUUID()}`,
    approvedBy: actor.userId,
    createdBy: actor.userId,
    memo: `${f.name}${FLOW_LABELS[input.kind]}：${input.counterparty}${input.memo ? ` — ${input.memo}` : ''}`.slice(
      0,
      200,
    ),
    idempotencyKey,
  });
  if (!entry.created) {
    const { rows } = await tx.query(
      'select id from ledger_fund_flows where tenant_id = $1 and entry_id = $2',
      [f.tenant_id, entry.entryId],
    );
    if (!rows[0])
      throw conflict(
        'IDEMPOTENCY_KEY_REUSED',
        '该请求编号已用于其他记录',
        'That Idempotency-Key was used for another entry',
      );
    return { id: Number(rows[0].id), created: false };
  }
  const { rows } = await tx.query(
    `insert into ledger_fund_flows (tenant_id, fund_id, kind, counterparty, amount, gross, occurred_on, memo, entry_id,
                                    created_by)
     values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) returning id`,
    [
      f.tenant_id,
      f.id,
      input.kind,
      input.counterparty,
      input.amount,
      input.gross ?? null,
      day,
      input.memo,
      entry.entryId,
      actor.userId,
    ],
  );
  await recordAudit(tx, {
    tenantId: Number(f.tenant_id),
    actorUserId: actor.userId,
    action: `fund.${input.kind}`,
    entityType: 'ledger_fund',
    entityId: Number(f.id),
    summary: { counterparty: input.counterparty, amount: input.amount, gross: input.gross ?? null, day },
  });
  return { id: Number(rows[0].id), created: true };
}

/** 收益反哺: the fund's share of a project's net profit, rounded to the fen (half up). */
export const backfeedShare = (netProfit: number, percent: number) => Math.round((netProfit * percent) / 100);

const flowById = async (db: Queryable, tenantId: number, id: number) =>
  presentFlow(
    (await db.query(`${FLOW_SELECT} where x.tenant_id = $1 and x.id = $2`, [tenantId, id])).rows[0],
  );

export async function fundRoutes(app: FastifyInstance, ctx: AppContext) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const pool = ctx.pool;

  r.get('/api/ledger/funds', {
    schema: {
      tags,
      summary: '社区微基金与能量银行 / A community’s funds',
      querystring: LedgerCommunityQuery,
      response: { 200: FundList },
    },
    handler: async (req) => {
      const c = await communityFor(pool, req.actor, req.query.communityId, 'ledger.view');
      await inTx(pool, (tx) => ensureFunds(tx, c.tenantId, c.id));
      return { items: await listFunds(pool, c.tenantId, c.id) };
    },
  });

  r.get('/api/ledger/funds/:id/flows', {
    schema: {
      tags,
      summary: '基金收支明细 / A fund’s flows',
      params: IdParams,
      querystring: FundFlowsQuery,
      response: { 200: FundFlowList },
    },
    handler: async (req) => {
      const f = await fundFor(pool, req.actor, req.params.id, 'ledger.view');
      const q = req.query;
      const where = `x.tenant_id = $1 and x.fund_id = $2 ${q.year ? 'and extract(year from x.occurred_on) = $3' : ''}`;
      const values: unknown[] = [f.tenant_id, f.id];
      if (q.year) values.push(q.year);
      const [items, total] = await Promise.all([
        pool.query(
          `${FLOW_SELECT} where ${where} order by x.occurred_on desc, x.id desc
           limit $${values.length + 1} offset $${values.length + 2}`,
          [...values, q.pageSize, (q.page - 1) * q.pageSize],
        ),
        pool.query(`select count(*)::int as n from ledger_fund_flows x where ${where}`, values),
      ]);
      return {
        items: items.rows.map(presentFlow),
        total: total.rows[0].n,
        page: q.page,
        pageSize: q.pageSize,
      };
    },
  });

  r.get('/api/ledger/funds/:id/flows/export', {
    schema: {
      tags,
      summary: '导出基金台账 Excel / Export a fund’s flows',
      params: IdParams,
      querystring: FundExportQuery,
      produces: ['application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'],
      response: { 200: z.any() },
    },
    handler: async (req, reply) => {
      const f = await fundFor(pool, req.actor, req.params.id, 'ledger.view');
      const year = req.query.year;
      const { rows } = await pool.query(
        `${FLOW_SELECT} where x.tenant_id = $1 and x.fund_id = $2 ${year ? 'and extract(year from x.occurred_on) = $3' : ''}
          order by x.occurred_on, x.id limit 100000`,
        year ? [f.tenant_id, f.id, year] : [f.tenant_id, f.id],
      );
      const buffer = await workbookBuffer(
        f.name,
        [
          { header: '日期', key: 'day', width: 12 },
          { header: '类别', key: 'kind', width: 10 },
          { header: '对方', key: 'counterparty', width: 24 },
          { header: '收入（元）', key: 'income', width: 12 },
          { header: '支出（元）', key: 'spending', width: 12 },
          { header: '项目净利润（元）', key: 'gross', width: 16 },
          { header: '说明', key: 'memo', width: 30 },
          { header: '记账人', key: 'creator', width: 10 },
          { header: '分录编号', key: 'entry', width: 10 },
        ],
        rows.map((row) => {
          const x = presentFlow(row);
          const yuan = x.amount / 100;
          return {
            day: x.occurredOn,
            kind: FLOW_LABELS[x.kind],
            counterparty: x.counterparty,
            income: INCOME.has(x.kind) ? yuan : '',
            spending: x.kind === 'spending' ? yuan : '',
            gross: x.gross === null ? '' : x.gross / 100,
            memo: x.memo,
            creator: x.createdBy ?? '',
            entry: x.entryId,
          };
        }),
      );
      return sendXlsx(reply, `${f.name}${year ?? ''}台账.xlsx`, buffer);
    },
  });

  r.post('/api/ledger/funds/:id/flows', {
    schema: {
      tags,
      summary: '记一笔基金收支（捐赠、存入、社会资本、支出）/ Record a fund flow',
      params: IdParams,
      headers: LedgerIdempotencyHeaders,
      body: FundFlowBody,
      response: { 200: FundFlowSchema, 201: FundFlowSchema },
    },
    handler: async (req, reply) => {
      const out = await inTx(pool, async (tx) => {
        const f = await fundFor(tx, req.actor, req.params.id, 'ledger.manage', true);
        const res = await recordFlow(tx, req.actor, f, req.body, req.headers['idempotency-key'] ?? null);
        return { ...res, tenantId: Number(f.tenant_id) };
      });
      return reply.code(out.created ? 201 : 200).send(await flowById(pool, out.tenantId, out.id));
    },
  });

  r.post('/api/ledger/funds/:id/backfeed', {
    schema: {
      tags,
      summary: '收益反哺：按规则把项目净利润的一定比例（默认 20%）记入微基金 / Back-feed a project’s profit',
      params: IdParams,
      headers: LedgerIdempotencyHeaders,
      body: FundBackfeedBody,
      response: { 200: FundFlowSchema, 201: FundFlowSchema },
    },
    handler: async (req, reply) => {
      const b = req.body;
      const out = await inTx(pool, async (tx) => {
        const f = await fundFor(tx, req.actor, req.params.id, 'ledger.manage', true);
        if (f.backfeed_percent === null)
          throw invalid('FLOW_KIND', `${f.name}不记收益反哺`, 'Only the micro fund takes back-feeds');
        const amount = backfeedShare(b.netProfit, f.backfeed_percent);
        if (amount < 1)
          throw invalid(
            'BACKFEED_TOO_SMALL',
            '净利润太少，反哺金额不足 1 分',
            'The share is less than one fen',
          );
        const res = await recordFlow(
          tx,
          req.actor,
          f,
          {
            kind: 'backfeed',
            counterparty: b.project,
            amount,
            gross: b.netProfit,
            occurredOn: b.occurredOn,
            memo: b.memo || `净利润 ${(b.netProfit / 100).toFixed(2)} 元 × ${f.backfeed_percent}%`,
          },
          req.headers['idempotency-key'] ?? null,
        );
        return { ...res, tenantId: Number(f.tenant_id) };
      });
      return reply.code(out.created ? 201 : 200).send(await flowById(pool, out.tenantId, out.id));
    },
  });

  r.patch('/api/ledger/funds/:id', {
    schema: {
      tags,
      summary: '修改反哺比例或撬动目标 / Change the back-feed share or the leverage target',
      params: IdParams,
      body: FundPatch,
      response: { 200: Fund },
    },
    handler: async (req) => {
      const b = req.body;
      const f = await inTx(pool, async (tx) => {
        const f = await fundFor(tx, req.actor, req.params.id, 'ledger.manage', true);
        if (f.version !== b.version)
          throw conflict('VERSION_CONFLICT', '已被他人修改，请刷新', 'Changed by someone else');
        if (b.backfeedPercent !== undefined && f.kind !== 'micro_fund')
          throw invalid('FUND_FIELD', '只有微基金有反哺比例', 'Only the micro fund has a back-feed share');
        if (b.targetLeverage !== undefined && f.kind !== 'energy_bank')
          throw invalid('FUND_FIELD', '只有能量银行有撬动目标', 'Only the energy bank has a leverage target');
        await tx.query(
          `update ledger_funds set backfeed_percent = coalesce($3, backfeed_percent),
                  target_leverage = coalesce($4, target_leverage), version = version + 1
            where tenant_id = $1 and id = $2`,
          [f.tenant_id, f.id, b.backfeedPercent ?? null, b.targetLeverage ?? null],
        );
        await recordAudit(tx, {
          tenantId: Number(f.tenant_id),
          actorUserId: req.actor.userId,
          action: 'fund.update',
          entityType: 'ledger_fund',
          entityId: Number(f.id),
          summary: {
            backfeedPercent: [f.backfeed_percent, b.backfeedPercent ?? f.backfeed_percent],
            targetLeverage: [f.target_leverage, b.targetLeverage ?? f.target_leverage],
          },
        });
        return f;
      });
      const funds = await listFunds(pool, Number(f.tenant_id), Number(f.area_id));
      return funds.find((x) => x.id === Number(f.id))!;
    },
  });
}

/** 龙腾社区's demo funds: the seeds' 1∶4.2 energy bank in 2025 and the 20% back-feed of a revived space's profit. */
export async function seedFunds(tx: pg.PoolClient, actor: Actor, tenantId: number, communityId: number) {
  await ensureFunds(tx, tenantId, communityId);
  const funds = await tx.query<FundRow>(
    `select f.*, a.path::text as path from ledger_funds f join areas a on a.tenant_id = f.tenant_id and a.id = f.area_id
      where f.tenant_id = $1 and f.area_id = $2`,
    [tenantId, communityId],
  );
  const micro = funds.rows.find((f) => f.kind === 'micro_fund')!;
  const bank = funds.rows.find((f) => f.kind === 'energy_bank')!;
  const year = Number(chinaDay().slice(0, 4));
  const flows: [FundRow, FlowInput][] = [
    [
      bank,
      {
        kind: 'social_capital',
        counterparty: '辖区企业（共建单位）',
        amount: 8_400_00,
        occurredOn: `${year - 1}-03-18`,
        memo: '购买社工机构助老服务',
      },
    ],
    [
      bank,
      {
        kind: 'social_capital',
        counterparty: '社区基金会配捐',
        amount: 4_200_00,
        occurredOn: `${year - 1}-06-02`,
        memo: '',
      },
    ],
    [
      bank,
      {
        kind: 'deposit',
        counterparty: '李书记（年度绩效奖金 30%）',
        amount: 3_000_00,
        occurredOn: `${year - 1}-06-10`,
        memo: '须匹配等额社会资本',
      },
    ],
    [
      bank,
      {
        kind: 'spending',
        counterparty: '某社工服务中心',
        amount: 9_000_00,
        occurredOn: `${year - 1}-09-20`,
        memo: '独居老人探访项目',
      },
    ],
    [
      bank,
      {
        kind: 'social_capital',
        counterparty: '驻区银行网点',
        amount: 9_000_00,
        occurredOn: `${year}-03-05`,
        memo: '',
      },
    ],
    [
      bank,
      {
        kind: 'deposit',
        counterparty: '李书记（年度绩效奖金 30%）',
        amount: 2_000_00,
        occurredOn: `${year}-04-01`,
        memo: '',
      },
    ],
    [
      micro,
      {
        kind: 'donation',
        counterparty: '居民众筹（屋顶菜园）',
        amount: 30_000_00,
        occurredOn: `${year - 1}-05-01`,
        memo: '屋顶菜园改造',
      },
    ],
    [
      micro,
      {
        kind: 'spending',
        counterparty: '屋顶菜园施工队',
        amount: 26_500_00,
        occurredOn: `${year - 1}-07-15`,
        memo: '',
      },
    ],
    // 原锅炉房改共享空间: a year's net profit of 48,000 元 → the 20% back-feed
    [
      micro,
      {
        kind: 'backfeed',
        counterparty: '锅炉房共享空间',
        gross: 48_000_00,
        amount: backfeedShare(48_000_00, micro.backfeed_percent ?? 20),
        occurredOn: `${year}-01-15`,
        memo: `净利润 48000.00 元 × ${micro.backfeed_percent ?? 20}%`,
      },
    ],
    [
      micro,
      {
        kind: 'spending',
        counterparty: '楼道微更新（3 栋）',
        amount: 4_800_00,
        occurredOn: `${year}-02-20`,
        memo: '',
      },
    ],
  ];
  for (const [f, input] of flows) await recordFlow(tx, actor, f, input);
}

/**
 * Spends from (or, for demo data and grants, puts into) a community's 社区微基金 in the caller's transaction, for
 * other modules (participation's 民生微实事): the fund's row is locked, the flow is a ledger entry like any other, and
 * a fund that cannot cover a spending refuses with the ledger's 409 (its floor is 0).
 */
export async function microFundFlow(
  tx: pg.PoolClient,
  actor: Actor,
  tenantId: number,
  communityId: number,
  input: { kind: 'spending' | 'donation'; counterparty: string; amount: number; memo: string },
): Promise<{ flowId: number; fundId: number }> {
  await ensureFunds(tx, tenantId, communityId);
  const { rows } = await tx.query<FundRow>(
    `select f.*, a.path::text as path from ledger_funds f join areas a on a.tenant_id = f.tenant_id and a.id = f.area_id
      where f.tenant_id = $1 and f.area_id = $2 and f.kind = 'micro_fund' for update of f`,
    [tenantId, communityId],
  );
  const f = rows[0] as FundRow;
  const flow = await recordFlow(tx, actor, f, {
    kind: input.kind,
    counterparty: input.counterparty.slice(0, 100),
    amount: input.amount,
    memo: input.memo.slice(0, 200),
  });
  return { flowId: flow.id, fundId: Number(f.id) };
}

/** A community's 社区微基金 balance in fen (0 before the fund exists). */
export async function microFundBalance(
  db: Queryable,
  tenantId: number,
  communityId: number,
): Promise<number> {
  const { rows } = await db.query(
    `select a.balance from ledger_funds f join ledger_accounts a on a.tenant_id = f.tenant_id and a.id = f.account_id
      where f.tenant_id = $1 and f.area_id = $2 and f.kind = 'micro_fund'`,
    [tenantId, communityId],
  );
  return rows[0] ? Number(rows[0].balance) : 0;
}
