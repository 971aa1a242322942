import {
  type CreditStanding,
  creditStanding,
  type LedgerUnit,
  type OwnerKind,
  type Role,
  STANDING_LABELS,
} from '@doorstep/contract';
import type pg from 'pg';
import { isWithin } from '../../platform/access/policy';
import type { Actor } from '../../platform/access/scopes';
import { recordAudit } from '../../platform/audit/audit';
import { chinaYear } from '../../platform/china-time';
import type { Queryable } from '../../platform/db/tx';
import { AppError, conflict, forbidden, invalid, notFound } from '../../platform/http/errors';
import { notify } from '../notifications';
import { ensureDefaultRules } from './ledger.defaults';

/**
 * The ledger's core (docs/decisions/0021-ledger.md): every movement is one entry moving `amount` from its debit
 * account (balance down) to its credit account (balance up). Balances are kept on the account rows and changed in
 * the entry's transaction, under `select … for update` of both accounts in id order (no deadlocks), and checked
 * against each account's floor and ceiling. Entries are never updated or deleted (a database trigger refuses it);
 * a mistake is corrected by a reversing entry.
 */

export interface AccountRow {
  tenant_id: number;
  id: number;
  area_id: number;
  owner_kind: OwnerKind;
  owner_ref: string;
  owner_user_id: string | null;
  name: string;
  unit: LedgerUnit;
  floor: string | null;
  ceiling: string | null;
  balance: string;
}

export interface EntryRow {
  tenant_id: number;
  id: number;
  debit_account_id: number;
  credit_account_id: number;
  amount: string;
  unit: LedgerUnit;
  event_kind: string;
  event_id: string;
  rule_id: number | null;
  reverses: number | null;
}

export const belowFloor = () =>
  conflict('BALANCE_BELOW_FLOOR', '余额不足', 'Not enough balance: the account would go below its floor');
export const aboveCeiling = () =>
  conflict('ABOVE_CEILING', '超过该账户的上限', 'The account would go above its ceiling');

/** The community's pool account in a unit (no floor: it issues units), created on first use. */
export async function poolAccount(
  db: Queryable,
  tenantId: number,
  communityId: number,
  unit: LedgerUnit,
): Promise<number> {
  const { rows } = await db.query(
    `insert into ledger_accounts (tenant_id, area_id, owner_kind, owner_ref, name, unit, floor)
     select $1, $2, 'community', '', a.name || '奖励池', $3, null from areas a where a.tenant_id = $1 and a.id = $2
     on conflict (tenant_id, area_id, owner_kind, owner_ref, unit) do update set name = excluded.name
     returning id`,
    [tenantId, communityId, unit],
  );
  if (!rows[0]) throw notFound('Community', '社区');
  return Number(rows[0].id);
}

/** A person's or merchant's account in a community and unit, created on first use (floor 0; credit capped at 100). */
export async function holderAccount(
  db: Queryable,
  h: {
    tenantId: number;
    communityId: number;
    kind: 'person' | 'merchant';
    userId: string;
    name: string;
    unit: LedgerUnit;
    /** party points: one account per year (owner_ref '<user>@<year>') */
    year?: number;
  },
): Promise<number> {
  const yearly = h.unit === 'party';
  const year = h.year ?? chinaYear();
  const { rows } = await db.query(
    `insert into ledger_accounts (tenant_id, area_id, owner_kind, owner_ref, owner_user_id, name, unit, floor, ceiling)
     values ($1, $2, $3, $4, $5, $6, $7, 0, $8)
     on conflict (tenant_id, area_id, owner_kind, owner_ref, unit) do update set name = ledger_accounts.name
     returning id`,
    [
      h.tenantId,
      h.communityId,
      h.kind,
      yearly ? `${h.userId}@${year}` : h.userId,
      h.userId,
      yearly ? `${h.name}（${year}年度）` : h.name,
      h.unit,
      h.unit === 'credit' ? 100 : null,
    ],
  );
  return Number(rows[0].id);
}

export interface TransferInput {
  tenantId: number;
  debit: number;
  credit: number;
  amount: number;
  eventKind: string;
  eventId: string;
  ruleId?: number | null;
  approvedBy?: string | null;
  createdBy?: string | null;
  memo?: string;
  reverses?: number | null;
  reason?: string | null;
  idempotencyKey?: string | null;
}

/**
 * Moves `amount` from the debit account to the credit account in the caller's transaction. A retry with the same
 * Idempotency-Key from the same person, or a second entry for a rule's event, returns the entry already made.
 */
export async function transfer(
  tx: pg.PoolClient,
  t: TransferInput,
): Promise<{ entryId: number; created: boolean }> {
  if (!Number.isSafeInteger(t.amount) || t.amount <= 0)
    throw invalid('AMOUNT_INVALID', '数额必须是正整数', 'The amount must be a positive integer');
  if (t.debit === t.credit)
    throw invalid('SAME_ACCOUNT', '不能转给同一账户', 'Debit and credit accounts must differ');
  // both rows locked in id order: two transfers between the same accounts never wait on each other crosswise
  const { rows } = await tx.query<AccountRow>(
    `select * from ledger_accounts where tenant_id = $1 and id = any($2::bigint[]) order by id for update`,
    [t.tenantId, [t.debit, t.credit]],
  );
  const debit = rows.find((r) => Number(r.id) === t.debit);
  const credit = rows.find((r) => Number(r.id) === t.credit);
  if (!debit || !credit) throw notFound('Account', '账户');
  if (debit.unit !== credit.unit)
    throw invalid('UNIT_MISMATCH', '两个账户的单位不同', 'The two accounts hold different units');
  // after the locks: a concurrent retry has committed by now, and is found here
  const existing = await findExisting(tx, t);
  if (existing) return { entryId: existing, created: false };
  const debitAfter = BigInt(debit.balance) - BigInt(t.amount);
  const creditAfter = BigInt(credit.balance) + BigInt(t.amount);
  if (debit.floor !== null && debitAfter < BigInt(debit.floor)) throw belowFloor();
  if (credit.ceiling !== null && creditAfter > BigInt(credit.ceiling)) throw aboveCeiling();
  const ins = await tx.query(
    `insert into ledger_entries (tenant_id, debit_account_id, credit_account_id, amount, unit, event_kind, event_id,
                                 rule_id, approved_by, created_by, memo, reverses, reason, idempotency_key)
     values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)
     on conflict do nothing returning id`,
    [
      t.tenantId,
      t.debit,
      t.credit,
      t.amount,
      debit.unit,
      t.eventKind,
      t.eventId,
      t.ruleId ?? null,
      t.approvedBy ?? null,
      t.createdBy ?? null,
      t.memo ?? '',
      t.reverses ?? null,
      t.reason ?? null,
      t.idempotencyKey ?? null,
    ],
  );
  if (!ins.rows[0]) {
    const again = await findExisting(tx, t);
    if (again) return { entryId: again, created: false };
    throw conflict('ALREADY_REVERSED', '该记录已被冲正', 'That entry has already been reversed');
  }
  await tx.query(
    `update ledger_accounts set balance = balance + case when id = $2 then -$4::bigint else $4::bigint end
      where tenant_id = $1 and id in ($2, $3)`,
    [t.tenantId, t.debit, t.credit, t.amount],
  );
  for (const [account, after] of [
    [debit, debitAfter],
    [credit, creditAfter],
  ] as const)
    if (account.owner_kind === 'merchant' && account.unit === 'credit')
      await notifyStanding(tx, account, Number(account.balance), Number(after), t.createdBy ?? null);
  return { entryId: Number(ins.rows[0].id), created: true };
}

const STANDING_TEXT: Record<CreditStanding, { zh: string; en: string }> = {
  priority_renewal: { zh: '可优先续租', en: 'may renew their lease with priority' },
  normal: { zh: '恢复正常', en: 'is back to normal' },
  yellow_card: { zh: '被黄牌警告', en: 'has a yellow-card warning' },
};

/**
 * A merchant's standing follows its credit score (≥ 80 优先续租, < 45 黄牌警告); when an entry moves it across a line,
 * the merchant and the community's staff hear of it in the same transaction.
 */
async function notifyStanding(
  tx: pg.PoolClient,
  account: AccountRow,
  before: number,
  after: number,
  actorId: string | null,
) {
  const from = creditStanding(before);
  const to = creditStanding(after);
  if (from === to || !account.owner_user_id) return;
  const tenantId = Number(account.tenant_id);
  // a new merchant's opening score sets a standing; it does not change one
  const earlier = await tx.query(
    `select 1 from ledger_entries where tenant_id = $1 and (debit_account_id = $2 or credit_account_id = $2) limit 2`,
    [tenantId, account.id],
  );
  if ((earlier.rowCount ?? 0) < 2) return;
  const line = `${account.name}信用分 ${before} → ${after}`;
  const lineEn = `${account.name}: credit ${before} → ${after}`;
  await notify(tx, {
    tenantId,
    userIds: [account.owner_user_id],
    kind: 'ledger.standing',
    audience: 'resident',
    text: {
      'zh-CN': `${line}，${STANDING_LABELS[to].zh}`,
      'en-US': `${lineEn}: ${STANDING_LABELS[to].en}`,
    },
    link: '/h5/me/points',
  });
  const staff = await tx.query(
    `select distinct user_id from role_assignments
      where tenant_id = $1 and area_id = $2 and role in ('community_staff', 'community_secretary')`,
    [tenantId, account.area_id],
  );
  await notify(tx, {
    tenantId,
    userIds: staff.rows.map((r) => r.user_id as string).filter((u) => u !== actorId),
    kind: 'ledger.standing',
    audience: 'staff',
    text: {
      'zh-CN': `商户${line}，${STANDING_TEXT[to].zh}`,
      'en-US': `Merchant ${lineEn} — ${STANDING_TEXT[to].en}`,
    },
    link: '/ledger',
  });
}

async function findExisting(tx: pg.PoolClient, t: TransferInput): Promise<number | null> {
  if (t.idempotencyKey && t.createdBy) {
    const { rows } = await tx.query(
      'select id from ledger_entries where tenant_id = $1 and created_by = $2 and idempotency_key = $3',
      [t.tenantId, t.createdBy, t.idempotencyKey],
    );
    if (rows[0]) return Number(rows[0].id);
  }
  if (t.ruleId && !t.reverses) {
    const { rows } = await tx.query(
      `select id from ledger_entries where tenant_id = $1 and rule_id = $2 and event_kind = $3 and event_id = $4
          and reverses is null`,
      [t.tenantId, t.ruleId, t.eventKind, t.eventId],
    );
    if (rows[0]) return Number(rows[0].id);
  }
  return null;
}

/** Corrects an entry by the opposite movement, with a reason; the original stays as it was. */
export async function reverseEntry(
  tx: pg.PoolClient,
  actor: Actor,
  tenantId: number,
  entryId: number,
  reason: string,
): Promise<number> {
  const { rows } = await tx.query<EntryRow>('select * from ledger_entries where tenant_id = $1 and id = $2', [
    tenantId,
    entryId,
  ]);
  const e = rows[0];
  if (!e) throw notFound('Entry', '记录');
  if (e.reverses !== null)
    throw conflict('REVERSAL_FINAL', '冲正记录不能再冲正', 'A reversing entry cannot itself be reversed');
  const done = await tx.query('select id from ledger_entries where tenant_id = $1 and reverses = $2', [
    tenantId,
    entryId,
  ]);
  if (done.rows[0])
    throw conflict('ALREADY_REVERSED', '该记录已被冲正', 'That entry has already been reversed');
  // a closed year of party points stays as it was closed
  const closed = await tx.query(
    `select 1 from ledger_accounts a join ledger_party_years y
        on y.tenant_id = a.tenant_id and y.area_id = a.area_id and a.owner_ref = a.owner_user_id || '@' || y.year
      where a.tenant_id = $1 and a.id in ($2, $3) and a.unit = 'party'`,
    [tenantId, e.debit_account_id, e.credit_account_id],
  );
  if (closed.rows[0])
    throw conflict(
      'PARTY_YEAR_CLOSED',
      '该年度党员积分已结算，不能冲正',
      'That year’s party points are closed',
    );
  const r = await transfer(tx, {
    tenantId,
    debit: Number(e.credit_account_id),
    credit: Number(e.debit_account_id),
    amount: Number(e.amount),
    eventKind: 'reversal',
    eventId: String(e.id),
    ruleId: e.rule_id === null ? null : Number(e.rule_id),
    approvedBy: actor.userId,
    createdBy: actor.userId,
    memo: `冲正 #${e.id}`,
    reverses: Number(e.id),
    reason,
  });
  await recordAudit(tx, {
    tenantId,
    actorUserId: actor.userId,
    action: 'ledger.reverse',
    entityType: 'ledger_entry',
    entityId: Number(e.id),
    summary: { reason, reversal: r.entryId },
  });
  return r.entryId;
}

// ——— rules ———

export interface RuleRow {
  tenant_id: number;
  id: number;
  code: string;
  name: string;
  event_kind: string;
  area_id: number | null;
  unit: LedgerUnit;
  amount: string;
  beneficiary_kind: 'person' | 'merchant' | 'org';
  approver_role: Role;
  period_kind: string | null;
  max_per_period: number | null;
  per_quantity: boolean;
  direction: 'award' | 'deduct';
  active: boolean;
  version: number;
}

/** Roles that may approve in place of a lower one (a secretary approves what staff may). */
const RANK: Partial<Record<Role, number>> = {
  grid_worker: 1,
  community_staff: 2,
  community_secretary: 3,
  street_admin: 4,
};

export interface ApplyRuleInput {
  /** a rule by id, or the tenant's active rule for the event kind */
  ruleId?: number;
  eventKind?: string;
  eventId: string;
  communityId: number;
  /** a merchant's account is named after their shop */
  beneficiary: { userId: string; name: string; shop?: string | null };
  quantity?: number;
  memo?: string;
  idempotencyKey?: string | null;
}

/**
 * Pays a rule's amount from the community pool to the beneficiary: checks the approver's role over the community,
 * the rule's area, the cap per period; the same event twice (or a retry) gives one entry.
 */
export async function applyRule(
  tx: pg.PoolClient,
  actor: Actor,
  input: ApplyRuleInput,
): Promise<{ entryId: number; created: boolean; rule: RuleRow }> {
  const area = (
    await tx.query('select tenant_id, id, kind, path::text as path from areas where id = $1', [
      input.communityId,
    ])
  ).rows[0];
  if (area?.kind !== 'community') throw notFound('Community', '社区');
  const tenantId = Number(area.tenant_id);
  const findRule = async () => {
    const { rows } = await tx.query<RuleRow & { rule_path: string | null }>(
      `select r.*, a.path::text as rule_path from ledger_rules r
         left join areas a on a.tenant_id = r.tenant_id and a.id = r.area_id
        where r.tenant_id = $1 and r.active and ${input.ruleId ? 'r.id = $2' : 'r.event_kind = $2'}
        order by r.area_id is null, r.id`,
      [tenantId, input.ruleId ?? input.eventKind],
    );
    return rows.find((r) => r.rule_path === null || isWithin(area.path, r.rule_path));
  };
  // a street created after the first start (or missing a newer default) gets the defaults when a rule is not found
  let rule = await findRule();
  if (!rule && (await ensureDefaultRules(tx, tenantId))) rule = await findRule();
  if (!rule) throw notFound('Rule', '规则');
  const need = RANK[rule.approver_role] ?? 99;
  const approves =
    actor.isPlatformAdmin ||
    actor.scopes.some(
      (s) => s.tenantId === tenantId && (RANK[s.role] ?? 0) >= need && isWithin(area.path, s.path),
    );
  if (!approves)
    throw forbidden('没有按此规则记账的权限', 'Your role cannot approve entries under this rule');
  if (rule.event_kind === 'transfer.family')
    throw invalid('RULE_NOT_AWARDABLE', '转赠规则由持有人自己使用', 'Holders use a transfer rule themselves');
  if (rule.beneficiary_kind === 'org')
    throw invalid('BENEFICIARY_KIND', '此规则记给组织，请在台账中处理', 'This rule pays an organisation');
  const quantity = rule.per_quantity ? (input.quantity ?? 1) : 1;
  const amount = Number(rule.amount) * quantity;
  if (rule.unit === 'party') {
    const member = await tx.query(
      `select 1 from role_assignments where tenant_id = $1 and user_id = $2 and role = 'party_member' limit 1`,
      [tenantId, input.beneficiary.userId],
    );
    if (!member.rows[0])
      throw invalid(
        'NOT_PARTY_MEMBER',
        '党员积分只记给本街道的党员',
        'Party points go to party members of this street only',
      );
    const closed = await tx.query(
      'select 1 from ledger_party_years where tenant_id = $1 and area_id = $2 and year = $3',
      [tenantId, area.id, chinaYear()],
    );
    if (closed.rows[0])
      throw conflict(
        'PARTY_YEAR_CLOSED',
        '本年度党员积分已结算，不能再记账',
        'This year’s party points are closed',
      );
  }
  const pool = await poolAccount(tx, tenantId, area.id, rule.unit);
  const holder = await holderAccount(tx, {
    tenantId,
    communityId: Number(area.id),
    kind: rule.beneficiary_kind,
    userId: input.beneficiary.userId,
    name:
      rule.beneficiary_kind === 'merchant'
        ? (input.beneficiary.shop ?? input.beneficiary.name)
        : input.beneficiary.name,
    unit: rule.unit,
  });
  if (rule.period_kind && rule.max_per_period) {
    // the holder's row lock serialises awards to one account, so the count below cannot race
    await tx.query('select 1 from ledger_accounts where tenant_id = $1 and id = $2 for update', [
      tenantId,
      holder,
    ]);
    const eventKind = input.eventKind ?? rule.event_kind;
    const dup = await tx.query(
      `select id from ledger_entries where tenant_id = $1 and rule_id = $2 and event_kind = $3 and event_id = $4
          and reverses is null`,
      [tenantId, rule.id, eventKind, input.eventId],
    );
    if (!dup.rows[0]) {
      const { rows: n } = await tx.query(
        `select count(*)::int as n from ledger_entries e
          where e.tenant_id = $1 and e.rule_id = $2 and (e.credit_account_id = $3 or e.debit_account_id = $3)
            and e.reverses is null
            and not exists (select 1 from ledger_entries x where x.tenant_id = e.tenant_id and x.reverses = e.id)
            and e.created_at >= date_trunc($4, now() at time zone 'Asia/Shanghai') at time zone 'Asia/Shanghai'`,
        [tenantId, rule.id, holder, rule.period_kind],
      );
      if (n[0].n >= rule.max_per_period)
        throw new AppError(
          409,
          'RULE_CAP_REACHED',
          `此规则本期最多记 ${rule.max_per_period} 次`,
          `This rule pays at most ${rule.max_per_period} times per ${rule.period_kind}`,
        );
    }
  }
  const deduct = rule.direction === 'deduct';
  const r = await transfer(tx, {
    tenantId,
    debit: deduct ? holder : pool,
    credit: deduct ? pool : holder,
    amount,
    eventKind: input.eventKind ?? rule.event_kind,
    eventId: input.eventId,
    ruleId: Number(rule.id),
    approvedBy: actor.userId,
    createdBy: actor.userId,
    memo: input.memo ?? '',
    idempotencyKey: input.idempotencyKey ?? null,
  });
  if (r.created)
    await recordAudit(tx, {
      tenantId,
      actorUserId: actor.userId,
      action: 'ledger.award',
      entityType: 'ledger_entry',
      entityId: r.entryId,
      summary: { rule: rule.code, amount, beneficiary: input.beneficiary.userId },
    });
  return { ...r, rule };
}

/** Balances recomputed from the entries, next to the kept ones (a check the tests and operators run). */
export async function recomputeBalances(db: Queryable, tenantId: number) {
  const { rows } = await db.query(
    `select a.id, a.unit, a.balance::bigint as kept,
            coalesce((select sum(amount) from ledger_entries e where e.tenant_id = a.tenant_id and e.credit_account_id = a.id), 0)
          - coalesce((select sum(amount) from ledger_entries e where e.tenant_id = a.tenant_id and e.debit_account_id = a.id), 0)
            as recomputed
       from ledger_accounts a where a.tenant_id = $1 order by a.id`,
    [tenantId],
  );
  return rows.map((r) => ({
    id: Number(r.id),
    unit: r.unit as LedgerUnit,
    kept: BigInt(r.kept),
    recomputed: BigInt(r.recomputed),
  }));
}

/** Each unit's kept balances summed over every account: zero in a sound ledger. */
export async function unitSums(db: Queryable, tenantId: number) {
  const { rows } = await db.query(
    'select unit, sum(balance)::text as total from ledger_accounts where tenant_id = $1 group by unit order by unit',
    [tenantId],
  );
  return Object.fromEntries(rows.map((r) => [r.unit, BigInt(r.total)])) as Record<string, bigint>;
}

/**
 * 骑手随手拍: a rider's photo report verified or closed by staff earns the rider_photo rule's point, once per
 * request. The rider is the reporter's account, or the signed-up account of the phone a staff intake named.
 * Nothing is paid (and the verification goes on) when the rider has no account, the street has no such rule, the
 * verifier's role cannot approve it, or the day's cap is reached; a savepoint keeps the request's transaction clean.
 */
export async function awardRiderPhoto(
  tx: pg.PoolClient,
  actor: Actor,
  req: {
    id: number;
    channel: string;
    community_id?: number | null;
    reporter_user_id: string | null;
    reporter_phone: string | null;
  },
): Promise<number | null> {
  if (req.channel !== 'rider' || !req.community_id) return null;
  const { rows } = await tx.query(
    `select id, name from "user" where ($1::text is not null and id = $1) or ($1::text is null and "phoneNumber" = $2)
      limit 1`,
    [req.reporter_user_id, req.reporter_phone],
  );
  if (!rows[0]) return null;
  await tx.query('savepoint ledger_rider_photo');
  try {
    const r = await applyRule(tx, actor, {
      eventKind: 'request.rider_photo',
      eventId: String(req.id),
      communityId: Number(req.community_id),
      beneficiary: { userId: rows[0].id, name: rows[0].name },
      memo: '骑手随手拍照片核实',
    });
    await tx.query('release savepoint ledger_rider_photo');
    return r.entryId;
  } catch (err) {
    if (!(err instanceof AppError)) throw err;
    await tx.query('rollback to savepoint ledger_rider_photo');
    return null;
  }
}
