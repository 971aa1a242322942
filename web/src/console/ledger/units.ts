import type { LedgerUnit } from '@doorstep/contract';

/** Base units per displayed unit (contract LEDGER_UNITS): minutes to the hour, fen to the yuan. */
export const SCALE: Record<LedgerUnit, number> = { points: 1, hours: 60, credit: 1, money: 100, party: 1 };
/** The current year in China time. */
export const thisYear = Number(
  new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(new Date()).slice(0, 4),
);
