import { z } from 'zod';
import { Id } from './common';

/**
 * The ledger (PRODUCT.md "Points, credits and the time bank"): one double-entry ledger in four units. Amounts are
 * integers in the unit's base — points and credit as is, hours in minutes, money in fen — never floats; `scale`
 * says how many base units make one displayed unit.
 */
export const LedgerUnit = z.enum(['points', 'hours', 'credit', 'money']);
export type LedgerUnit = z.infer<typeof LedgerUnit>;
export const LEDGER_UNITS: Record<LedgerUnit, { zh: string; en: string; scale: number }> = {
  points: { zh: '积分', en: 'points', scale: 1 },
  hours: { zh: '时长', en: 'hours', scale: 60 },
  credit: { zh: '信用分', en: 'credit', scale: 1 },
  money: { zh: '元', en: 'yuan', scale: 100 },
};

export const OwnerKind = z.enum(['person', 'merchant', 'org', 'community']);
export type OwnerKind = z.infer<typeof OwnerKind>;

/** A merchant's standing, derived from the credit score: ≥ 80 优先续租, < 45 黄牌警告, else 正常. */
export const CreditStanding = z.enum(['priority_renewal', 'normal', 'yellow_card']);
export type CreditStanding = z.infer<typeof CreditStanding>;
export const creditStanding = (score: number): CreditStanding =>
  score >= 80 ? 'priority_renewal' : score < 45 ? 'yellow_card' : 'normal';
export const STANDING_LABELS: Record<CreditStanding, { zh: string; en: string }> = {
  priority_renewal: { zh: '优先续租', en: 'Priority renewal' },
  normal: { zh: '正常', en: 'Normal' },
  yellow_card: { zh: '黄牌警告', en: 'Yellow-card warning' },
};

export const LedgerAccount = z.object({
  id: z.number(),
  communityId: z.number(),
  communityName: z.string(),
  ownerKind: OwnerKind,
  name: z.string(),
  unit: LedgerUnit,
  balance: z.number().int(),
  floor: z.number().int().nullable(),
  ceiling: z.number().int().nullable(),
  /** merchants' credit accounts only */
  standing: CreditStanding.nullable(),
});
export type LedgerAccount = z.infer<typeof LedgerAccount>;
export const LedgerAccountList = z.object({ items: z.array(LedgerAccount) });

export const LedgerEntry = z.object({
  id: z.number(),
  at: z.string(),
  unit: LedgerUnit,
  amount: z.number().int(),
  /** from the account's point of view in a statement: +amount received, −amount paid; absent in the whole ledger */
  signed: z.number().int().optional(),
  debitAccountId: z.number(),
  debitName: z.string(),
  creditAccountId: z.number(),
  creditName: z.string(),
  eventKind: z.string(),
  eventId: z.string(),
  ruleId: z.number().nullable(),
  ruleName: z.string().nullable(),
  approvedBy: z.string().nullable(),
  memo: z.string(),
  reverses: z.number().nullable(),
  reason: z.string().nullable(),
  reversedBy: z.number().nullable(),
});
export type LedgerEntry = z.infer<typeof LedgerEntry>;
export const LedgerEntryList = z.object({
  items: z.array(LedgerEntry),
  total: z.number(),
  page: z.number(),
  pageSize: z.number(),
});

const Page = {
  page: z.coerce.number().int().min(1).max(10_000).default(1),
  pageSize: z.coerce.number().int().min(1).max(100).default(20),
};
export const MyStatementQuery = z.object({ unit: LedgerUnit.optional(), ...Page });

const Day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'date');
export const LedgerCommunityQuery = z.object({ communityId: Id });
export const LedgerEntriesQuery = z.object({
  communityId: Id,
  unit: LedgerUnit.optional(),
  /** days in China time, inclusive */
  from: Day.optional(),
  to: Day.optional(),
  ...Page,
});
export const LedgerExportQuery = LedgerEntriesQuery.omit({ page: true, pageSize: true });

export const LedgerRule = z.object({
  id: z.number(),
  code: z.string(),
  name: z.string(),
  eventKind: z.string(),
  areaId: z.number().nullable(),
  unit: LedgerUnit,
  amount: z.number().int(),
  beneficiaryKind: z.enum(['person', 'merchant', 'org']),
  approverRole: z.enum(['grid_worker', 'community_staff', 'community_secretary', 'street_admin']),
  periodKind: z.enum(['day', 'week', 'month', 'quarter', 'year']).nullable(),
  maxPerPeriod: z.number().int().nullable(),
  perQuantity: z.boolean(),
  active: z.boolean(),
  version: z.number(),
});
export type LedgerRule = z.infer<typeof LedgerRule>;
export const LedgerRuleList = z.object({ items: z.array(LedgerRule) });
export const LedgerRuleBody = z
  .object({
    code: z.string().regex(/^[a-z][a-z0-9_]{1,39}$/),
    name: z.string().trim().min(1).max(50),
    eventKind: z.string().regex(/^[a-z][a-z0-9_.]{1,39}$/),
    areaId: Id.nullable().default(null),
    unit: LedgerUnit,
    amount: z.number().int().positive().max(1_000_000_000),
    beneficiaryKind: z.enum(['person', 'merchant', 'org']).default('person'),
    approverRole: z.enum(['grid_worker', 'community_staff', 'community_secretary', 'street_admin']),
    periodKind: z.enum(['day', 'week', 'month', 'quarter', 'year']).nullable().default(null),
    maxPerPeriod: z.number().int().positive().max(1_000_000).nullable().default(null),
    perQuantity: z.boolean().default(false),
  })
  .refine((b) => (b.periodKind === null) === (b.maxPerPeriod === null), {
    message: 'periodKind and maxPerPeriod go together',
    path: ['maxPerPeriod'],
  });
export const LedgerRulePatch = z.object({
  version: z.number().int().positive(),
  name: z.string().trim().min(1).max(50).optional(),
  amount: z.number().int().positive().max(1_000_000_000).optional(),
  approverRole: z.enum(['grid_worker', 'community_staff', 'community_secretary', 'street_admin']).optional(),
  periodKind: z.enum(['day', 'week', 'month', 'quarter', 'year']).nullable().optional(),
  maxPerPeriod: z.number().int().positive().max(1_000_000).nullable().optional(),
  active: z.boolean().optional(),
});

/** Staff award by rule: who benefits (a signed-up phone), for which event, how much of it (hours: minutes). */
export const AwardBody = z.object({
  ruleId: Id,
  communityId: Id,
  phone: z.string().regex(/^1[3-9]\d{9}$/, 'phone'),
  /** the event's own id (a request id, an activity id…); omitted: a staff award of its own */
  eventId: z
    .string()
    .trim()
    .min(1)
    .max(100)
    .regex(/^[\w.:-]+$/)
    .optional(),
  quantity: z.number().int().positive().max(100_000).optional(),
  memo: z.string().trim().max(200).default(''),
});
export const ReverseBody = z.object({ reason: z.string().trim().min(2).max(200) });
export const LedgerIdempotencyHeaders = z.object({
  'idempotency-key': z
    .string()
    .min(8)
    .max(100)
    .regex(/^[\w-]+$/)
    .optional(),
});

// ——— 积分超市: the redemption catalogue and vouchers ———
export const LedgerItem = z.object({
  id: z.number(),
  communityId: z.number(),
  name: z.string(),
  description: z.string(),
  unit: LedgerUnit,
  price: z.number().int(),
  stock: z.number().int(),
  merchantName: z.string().nullable(),
  active: z.boolean(),
  version: z.number(),
});
export type LedgerItem = z.infer<typeof LedgerItem>;
export const LedgerItemList = z.object({ items: z.array(LedgerItem) });
export const LedgerItemsQuery = z.object({ communityId: Id.optional() });
export const LedgerItemBody = z.object({
  communityId: Id,
  name: z.string().trim().min(1).max(50),
  description: z.string().trim().max(200).default(''),
  unit: LedgerUnit,
  price: z.number().int().positive().max(1_000_000_000),
  stock: z.number().int().min(0).max(1_000_000),
  /** the merchant who honours the vouchers, by their phone; omitted: the community */
  merchantPhone: z
    .string()
    .regex(/^1[3-9]\d{9}$/, 'phone')
    .optional(),
});
/** Edit, restock (stock is the new count) or take down (active: false) an item; version guards concurrent edits. */
export const LedgerItemPatch = z.object({
  version: z.number().int().min(1),
  name: z.string().trim().min(1).max(50).optional(),
  description: z.string().trim().max(200).optional(),
  price: z.number().int().positive().max(1_000_000_000).optional(),
  stock: z.number().int().min(0).max(1_000_000).optional(),
  active: z.boolean().optional(),
});
export const Voucher = z.object({
  id: z.number(),
  code: z.string(),
  itemId: z.number(),
  itemName: z.string(),
  merchantName: z.string().nullable(),
  unit: LedgerUnit,
  price: z.number().int(),
  holderName: z.string(),
  entryId: z.number(),
  createdAt: z.string(),
  usedAt: z.string().nullable(),
});
export type Voucher = z.infer<typeof Voucher>;
export const VoucherList = z.object({ items: z.array(Voucher) });
export const UseVoucherBody = z.object({
  code: z
    .string()
    .trim()
    .toUpperCase()
    .regex(/^[A-Z0-9]{8}$/),
});

// ——— 时间银行: transfers to family, the annual statement ———
/** Moves my own hours (minutes) or points to a family member, when the street's transfer.family rule allows it. */
export const FamilyTransferBody = z.object({
  unit: z.enum(['hours', 'points']),
  /** in base units: minutes for hours */
  amount: z.number().int().positive().max(1_000_000),
  phone: z.string().regex(/^1[3-9]\d{9}$/, 'phone'),
  memo: z.string().trim().max(200).default(''),
});
export const AnnualQuery = z.object({ year: z.coerce.number().int().min(2000).max(2100) });
export const AnnualStatement = z.object({
  year: z.number(),
  accounts: z.array(
    z.object({
      accountId: z.number(),
      name: z.string(),
      communityName: z.string(),
      unit: LedgerUnit,
      opening: z.number().int(),
      received: z.number().int(),
      spent: z.number().int(),
      closing: z.number().int(),
      entries: z.number().int(),
    }),
  ),
});
export type AnnualStatement = z.infer<typeof AnnualStatement>;

// ——— funds (PRODUCT.md "Funds"): money in fen ———

/** 社区微基金 (income, spending, the 20% back-feed) and 能量银行 (deposits only when matched by social capital). */
export const FundKind = z.enum(['micro_fund', 'energy_bank']);
export type FundKind = z.infer<typeof FundKind>;
/** donation 捐赠 and backfeed 收益反哺 (micro fund), deposit 存入 and social_capital 社会资本 (energy bank), spending 支出 */
export const FundFlowKind = z.enum(['donation', 'backfeed', 'deposit', 'social_capital', 'spending']);
export type FundFlowKind = z.infer<typeof FundFlowKind>;
export const FUND_FLOW_KINDS: Record<FundKind, readonly FundFlowKind[]> = {
  micro_fund: ['donation', 'backfeed', 'spending'],
  energy_bank: ['deposit', 'social_capital', 'spending'],
};

export const FundYear = z.object({
  year: z.number(),
  income: z.number(),
  spending: z.number(),
  deposits: z.number(),
  socialCapital: z.number(),
  /** social capital per yuan deposited (4.2 for 1∶4.2); null without deposits */
  leverage: z.number().nullable(),
});
export const Fund = z.object({
  id: z.number(),
  communityId: z.number(),
  communityName: z.string(),
  kind: FundKind,
  name: z.string(),
  accountId: z.number(),
  /** fen */
  balance: z.number(),
  /** micro fund: the share of a project's net profit that flows back (20) */
  backfeedPercent: z.number().nullable(),
  /** energy bank: the leverage aimed at (5 for 1∶5) */
  targetLeverage: z.number().nullable(),
  version: z.number(),
  /** newest year first */
  years: z.array(FundYear),
});
export type Fund = z.infer<typeof Fund>;
export const FundList = z.object({ items: z.array(Fund) });

export const FundFlow = z.object({
  id: z.number(),
  fundId: z.number(),
  kind: FundFlowKind,
  counterparty: z.string(),
  /** fen */
  amount: z.number(),
  /** a back-feed's project net profit, fen */
  gross: z.number().nullable(),
  occurredOn: z.string(),
  memo: z.string(),
  entryId: z.number(),
  createdBy: z.string().nullable(),
  createdAt: z.string(),
});
export type FundFlow = z.infer<typeof FundFlow>;
export const FundFlowList = z.object({
  items: z.array(FundFlow),
  total: z.number(),
  page: z.number(),
  pageSize: z.number(),
});
export const FundFlowsQuery = z.object({
  year: z.coerce.number().int().min(2000).max(2100).optional(),
  page: z.coerce.number().int().min(1).max(10_000).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(50),
});
export const FundExportQuery = FundFlowsQuery.omit({ page: true, pageSize: true });
const Fen = z.number().int().min(1).max(10_000_000_000);
/** a real calendar day (2026-02-30 is refused) */
const RealDay = Day.refine((d) => {
  const t = new Date(`${d}T00:00:00Z`);
  return !Number.isNaN(t.getTime()) && t.toISOString().startsWith(d);
}, 'date');
const Party = z.string().trim().min(1).max(60);
export const FundFlowBody = z.object({
  kind: z.enum(['donation', 'deposit', 'social_capital', 'spending']),
  /** who gave or was paid: 辖区企业, 李书记（绩效奖金）, 某社工机构 */
  counterparty: Party,
  amount: Fen,
  /** the day the money moved (China time); today when left out */
  occurredOn: RealDay.optional(),
  memo: z.string().trim().max(200).default(''),
});
export const FundBackfeedBody = z.object({
  project: Party,
  /** the project's net profit for the period, fen; the fund's share is computed from the rule */
  netProfit: Fen,
  occurredOn: RealDay.optional(),
  memo: z.string().trim().max(200).default(''),
});
export const FundPatch = z.object({
  version: z.number().int().min(1),
  backfeedPercent: z.number().int().min(1).max(100).optional(),
  targetLeverage: z.number().min(1).max(50).optional(),
});
