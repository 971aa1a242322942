import type { Queryable } from '../../platform/db/tx';

/** The seeds' rules (PRODUCT.md "Points, credits and the time bank"), as every street's defaults. */
export const DEFAULT_RULES = [
  // 骑手随手拍: 1 point per photo staff validate (grid workers verify too)
  [
    'rider_photo',
    '骑手随手拍照片核实',
    'request.rider_photo',
    'points',
    1,
    'person',
    'grid_worker',
    'day',
    20,
    false,
  ],
  // 商户公益: +10 credit per community public-service act
  [
    'merchant_service',
    '商户社区公益服务',
    'merchant.public_service',
    'credit',
    10,
    'merchant',
    'community_staff',
    'month',
    5,
    false,
  ],
  // 志愿时长: minutes recorded by the organiser (谁组织谁记录)
  [
    'volunteer_hours',
    '志愿服务时长',
    'volunteer.hours',
    'hours',
    1,
    'person',
    'community_staff',
    null,
    null,
    true,
  ],
  // 口碑积分: awarded each quarter by staff
  [
    'reputation',
    '口碑积分（季度评选）',
    'award.reputation',
    'points',
    20,
    'person',
    'community_secretary',
    'quarter',
    1,
    false,
  ],
  // 时间银行: a holder may give their own hours to family, up to 4 times a month (the holder approves it)
  [
    'family_hours',
    '时长转赠家人',
    'transfer.family',
    'hours',
    1,
    'person',
    'community_staff',
    'month',
    4,
    true,
  ],
  // 微心愿: the claimer earns 5 points when the resident confirms the wish fulfilled (at most 20 a month)
  [
    'wish_fulfilled',
    '微心愿完成（居民确认）',
    'wish.fulfilled',
    'points',
    5,
    'person',
    'community_staff',
    'month',
    20,
    false,
  ],
  // 党员积分 (yearly cycle): base once a year, tasks and rewards, deductions (扣分) — approved in the community
  ['party_base', '党员基础分', 'party.base', 'party', 60, 'person', 'community_secretary', 'year', 1, false],
  [
    'party_task',
    '党员任务分（认领任务完成）',
    'party.task',
    'party',
    5,
    'person',
    'community_staff',
    null,
    null,
    false,
  ],
  [
    'party_reward',
    '党员奖励分',
    'party.reward',
    'party',
    10,
    'person',
    'community_secretary',
    null,
    null,
    false,
  ],
  [
    'party_deduction',
    '党员扣分',
    'party.deduction',
    'party',
    5,
    'person',
    'community_secretary',
    null,
    null,
    false,
  ],
] as const;
const DEDUCTING = new Set(['party_deduction']);

/** Inserts the default rules into a street that lacks them (idempotent). */
export async function seedLedgerRules(db: Queryable, tenantId: number) {
  for (const [code, name, event, unit, amount, kind, role, period, max, perQuantity] of DEFAULT_RULES)
    await db.query(
      `insert into ledger_rules (tenant_id, code, name, event_kind, unit, amount, beneficiary_kind, approver_role,
                                 period_kind, max_per_period, per_quantity, direction)
       values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12) on conflict (tenant_id, code) do nothing`,
      [
        tenantId,
        code,
        name,
        event,
        unit,
        amount,
        kind,
        role,
        period,
        max,
        perQuantity,
        DEDUCTING.has(code) ? 'deduct' : 'award',
      ],
    );
}

const DEFAULT_CODES = DEFAULT_RULES.map((r) => r[0]);

/** Streets (of the given ones, or all) that lack one of the default rules. */
const MISSING = `select t.tenant_id from tenants t
  where ($1::bigint[] is null or t.tenant_id = any($1))
    and (select count(*) from ledger_rules r where r.tenant_id = t.tenant_id and r.code = any($2)) < $3`;

/**
 * A street created after the first start, or one from before a default rule was added, lacks some defaults: they are
 * added when a rule is not found or the rules are listed (one query otherwise). A rule staff switched off stays off —
 * it still exists. Returns whether anything was added.
 */
export async function ensureDefaultRules(db: Queryable, tenants: number | number[] | null): Promise<boolean> {
  const { rows } = await db.query(MISSING, [
    tenants === null ? null : [tenants].flat(),
    DEFAULT_CODES,
    DEFAULT_CODES.length,
  ]);
  for (const r of rows) await seedLedgerRules(db, Number(r.tenant_id));
  return rows.length > 0;
}
