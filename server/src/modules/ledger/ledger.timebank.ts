import {
  AnnualQuery,
  AnnualStatement,
  FamilyTransferBody,
  LedgerEntry,
  LedgerIdempotencyHeaders,
} from '@doorstep/contract';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { isWithin } from '../../platform/access/policy';
import { recordAudit } from '../../platform/audit/audit';
import type { AppContext } from '../../platform/context';
import { inTx } from '../../platform/db/tx';
import { AppError, conflict, invalid } from '../../platform/http/errors';
import { ENTRY_SELECT, presentEntry } from './ledger.queries';
import { holderAccount, transfer } from './ledger.service';

const tags = ['ledger'];

/**
 * 时间银行: a holder gives their own hours (or points) to a family member when the street has an active
 * `transfer.family` rule for the unit (its cap limits how often); and everyone's annual statement per account.
 * Family ties are not recorded anywhere yet: the recipient must be signed up and belong to the same community.
 */
export async function timeBankRoutes(app: FastifyInstance, ctx: AppContext) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const pool = ctx.pool;

  r.post('/api/ledger/me/transfers', {
    schema: {
      tags,
      summary: '把我的时长或积分转给家人 / Give my hours or points to family',
      headers: LedgerIdempotencyHeaders,
      body: FamilyTransferBody,
      response: { 200: LedgerEntry, 201: LedgerEntry },
    },
    handler: async (req, reply) => {
      const b = req.body;
      const key = req.headers['idempotency-key'] ?? null;
      const out = await inTx(pool, async (tx) => {
        const to = (await tx.query('select id, name from "user" where "phoneNumber" = $1', [b.phone]))
          .rows[0];
        if (!to)
          throw invalid(
            'BENEFICIARY_UNKNOWN',
            '该手机号尚未注册',
            'No one has signed up with that phone number',
          );
        if (to.id === req.actor.userId)
          throw invalid('SAME_ACCOUNT', '不能转给自己', 'You cannot transfer to yourself');
        const { rows: mine } = await tx.query(
          `select la.id, la.tenant_id, la.area_id, c.path::text as path from ledger_accounts la
             join areas c on c.tenant_id = la.tenant_id and c.id = la.area_id
            where la.owner_user_id = $1 and la.owner_kind = 'person' and la.unit = $2
            order by la.balance desc limit 1`,
          [req.actor.userId, b.unit],
        );
        const from = mine[0];
        if (!from) throw conflict('BALANCE_BELOW_FLOOR', '余额不足', 'Not enough balance');
        const tenantId = Number(from.tenant_id);
        const { rows: rules } = await tx.query(
          `select r.*, a.path::text as rule_path from ledger_rules r
             left join areas a on a.tenant_id = r.tenant_id and a.id = r.area_id
            where r.tenant_id = $1 and r.active and r.event_kind = 'transfer.family' and r.unit = $2`,
          [tenantId, b.unit],
        );
        const rule = rules.find((x) => x.rule_path === null || isWithin(from.path, x.rule_path));
        if (!rule)
          throw conflict(
            'TRANSFER_NOT_ALLOWED',
            '本社区的规则不允许转赠',
            'The rules here do not allow transfers',
          );
        // the recipient lives in the same community (any role there)
        const member = await tx.query(
          `select 1 from role_assignments ra join areas a on a.tenant_id = ra.tenant_id and a.id = ra.area_id
            where ra.tenant_id = $1 and ra.user_id = $2 and (a.path <@ $3::ltree or $3::ltree <@ a.path) limit 1`,
          [tenantId, to.id, from.path],
        );
        if (!member.rowCount)
          throw invalid(
            'BENEFICIARY_ELSEWHERE',
            '对方不在本社区',
            'The recipient does not belong to this community',
          );
        const target = await holderAccount(tx, {
          tenantId,
          communityId: Number(from.area_id),
          kind: 'person',
          userId: to.id,
          name: to.name,
          unit: b.unit,
        });
        if (rule.period_kind && rule.max_per_period) {
          await tx.query('select 1 from ledger_accounts where tenant_id = $1 and id = $2 for update', [
            tenantId,
            from.id,
          ]);
          const again = key
            ? await tx.query(
                'select 1 from ledger_entries where tenant_id = $1 and created_by = $2 and idempotency_key = $3',
                [tenantId, req.actor.userId, key],
              )
            : { rowCount: 0 };
          const { rows: n } = await tx.query(
            `select count(*)::int as n from ledger_entries where tenant_id = $1 and rule_id = $2 and debit_account_id = $3
                and reverses is null
                and created_at >= date_trunc($4, now() at time zone 'Asia/Shanghai') at time zone 'Asia/Shanghai'`,
            [tenantId, rule.id, from.id, rule.period_kind],
          );
          if (!again.rowCount && n[0].n >= rule.max_per_period)
            throw new AppError(
              409,
              'RULE_CAP_REACHED',
              `本期最多转赠 ${rule.max_per_period} 次`,
              `At most ${rule.max_per_period} transfers per ${rule.period_kind}`,
            );
        }
        const res = await transfer(tx, {
          tenantId,
          debit: Number(from.id),
          credit: target,
          amount: b.amount,
          eventKind: 'transfer.family',
          eventId: `${req.actor.userId}:${key ?? crypto.randomUUID()}`,
          ruleId: Number(rule.id),
          approvedBy: req.actor.userId,
          createdBy: req.actor.userId,
          memo: b.memo || `转赠给 ${to.name}`,
          idempotencyKey: key,
        });
        if (res.created)
          await recordAudit(tx, {
            tenantId,
            actorUserId: req.actor.userId,
            action: 'ledger.transfer',
            entityType: 'ledger_entry',
            entityId: res.entryId,
            summary: { to: to.id, amount: b.amount, unit: b.unit },
          });
        return { tenantId, ...res };
      });
      const { rows } = await pool.query(`${ENTRY_SELECT} where e.tenant_id = $1 and e.id = $2`, [
        out.tenantId,
        out.entryId,
      ]);
      return reply.code(out.created ? 201 : 200).send(presentEntry(rows[0]));
    },
  });

  r.get('/api/ledger/me/annual', {
    schema: {
      tags,
      summary: '我的年度对账单 / My annual statement',
      querystring: AnnualQuery,
      response: { 200: AnnualStatement },
    },
    handler: async (req) => {
      const year = req.query.year;
      const { rows } = await pool.query(
        `with bounds as (
           select make_timestamptz($2, 1, 1, 0, 0, 0, 'Asia/Shanghai') as y0,
                  make_timestamptz($2 + 1, 1, 1, 0, 0, 0, 'Asia/Shanghai') as y1
         )
         select la.id, la.name, la.unit, c.name as community_name,
                coalesce(sum(case when e.created_at < b.y0 then (case when e.credit_account_id = la.id then e.amount else -e.amount end) end), 0) as opening,
                coalesce(sum(case when e.created_at >= b.y0 and e.created_at < b.y1 and e.credit_account_id = la.id then e.amount end), 0) as received,
                coalesce(sum(case when e.created_at >= b.y0 and e.created_at < b.y1 and e.debit_account_id = la.id then e.amount end), 0) as spent,
                count(e.id) filter (where e.created_at >= b.y0 and e.created_at < b.y1)::int as entries
           from ledger_accounts la
           join areas c on c.tenant_id = la.tenant_id and c.id = la.area_id
           cross join bounds b
           left join ledger_entries e on e.tenant_id = la.tenant_id and (e.credit_account_id = la.id or e.debit_account_id = la.id)
          where la.owner_user_id = $1
          group by la.id, la.name, la.unit, c.name
          order by array_position(array['points', 'hours', 'credit', 'money'], la.unit), la.id`,
        [req.actor.userId, year],
      );
      return {
        year,
        accounts: rows.map((a) => {
          const opening = Number(a.opening);
          const received = Number(a.received);
          const spent = Number(a.spent);
          return {
            accountId: Number(a.id),
            name: a.name,
            communityName: a.community_name,
            unit: a.unit,
            opening,
            received,
            spent,
            closing: opening + received - spent,
            entries: a.entries,
          };
        }),
      };
    },
  });
}
