/**
 * One double-entry ledger for points 积分, volunteer hours 时长, merchant credit 信用分 and money 元 (fen): rules as
 * data, kept balances under row locks, an append-only entries table (docs/decisions/0021-ledger.md).
 */

export { ensureDefaultRules, seedLedgerRules } from './ledger.defaults';
export { microFundBalance, microFundFlow } from './ledger.funds';
export { type MerchantAccount, merchantAccounts, merchantAccountsById } from './ledger.merchants';
export { ledgerRoutes } from './ledger.routes';
export { seedLedger } from './ledger.seed';
export { applyRule, awardRiderPhoto, recomputeBalances, transfer, unitSums } from './ledger.service';
