import { creditStanding, type LedgerAccount, type LedgerEntry, type LedgerRule } from '@doorstep/contract';
import { managedCommunity } from '../areas';

export const ACCOUNT_SELECT = `select la.*, c.name as community_name from ledger_accounts la
  join areas c on c.tenant_id = la.tenant_id and c.id = la.area_id`;

export function presentAccount(a: Record<string, unknown>): LedgerAccount {
  const balance = Number(a.balance);
  return {
    id: Number(a.id),
    communityId: Number(a.area_id),
    communityName: a.community_name as string,
    ownerKind: a.owner_kind as LedgerAccount['ownerKind'],
    name: a.name as string,
    unit: a.unit as LedgerAccount['unit'],
    balance,
    floor: a.floor === null ? null : Number(a.floor),
    ceiling: a.ceiling === null ? null : Number(a.ceiling),
    standing: a.owner_kind === 'merchant' && a.unit === 'credit' ? creditStanding(balance) : null,
  };
}

/** Entries with both accounts' names, the rule, the approver and the entry that reversed it. */
export const ENTRY_SELECT = `select e.*, d.name as debit_name, c.name as credit_name, d.area_id as debit_area,
    c.area_id as credit_area, r.name as rule_name, u.name as approver_name,
    (select x.id from ledger_entries x where x.tenant_id = e.tenant_id and x.reverses = e.id) as reversed_by
  from ledger_entries e
  join ledger_accounts d on d.tenant_id = e.tenant_id and d.id = e.debit_account_id
  join ledger_accounts c on c.tenant_id = e.tenant_id and c.id = e.credit_account_id
  left join ledger_rules r on r.tenant_id = e.tenant_id and r.id = e.rule_id
  left join "user" u on u.id = e.approved_by`;

export function presentEntry(e: Record<string, unknown>, own?: Set<number>): LedgerEntry {
  const amount = Number(e.amount);
  const out: LedgerEntry = {
    id: Number(e.id),
    at: (e.created_at as Date).toISOString(),
    unit: e.unit as LedgerEntry['unit'],
    amount,
    debitAccountId: Number(e.debit_account_id),
    debitName: e.debit_name as string,
    creditAccountId: Number(e.credit_account_id),
    creditName: e.credit_name as string,
    eventKind: e.event_kind as string,
    eventId: e.event_id as string,
    ruleId: e.rule_id === null ? null : Number(e.rule_id),
    ruleName: (e.rule_name as string | null) ?? null,
    approvedBy: (e.approver_name as string | null) ?? null,
    memo: e.memo as string,
    reverses: e.reverses === null ? null : Number(e.reverses),
    reason: (e.reason as string | null) ?? null,
    reversedBy: e.reversed_by === null ? null : Number(e.reversed_by),
  };
  if (own) out.signed = own.has(Number(e.credit_account_id)) ? amount : -amount;
  return out;
}

export function presentRule(r: Record<string, unknown>): LedgerRule {
  return {
    id: Number(r.id),
    code: r.code as string,
    name: r.name as string,
    eventKind: r.event_kind as string,
    areaId: r.area_id === null ? null : Number(r.area_id),
    unit: r.unit as LedgerRule['unit'],
    amount: Number(r.amount),
    beneficiaryKind: r.beneficiary_kind as LedgerRule['beneficiaryKind'],
    approverRole: r.approver_role as LedgerRule['approverRole'],
    periodKind: (r.period_kind as LedgerRule['periodKind']) ?? null,
    maxPerPeriod: (r.max_per_period as number | null) ?? null,
    perQuantity: r.per_quantity as boolean,
    direction: r.direction as LedgerRule['direction'],
    active: r.active as boolean,
    version: r.version as number,
  };
}

/** The community the staff member asks about, if they hold `cap` over it (404 outside their tenants, 403 else). */
export const communityFor = managedCommunity;
