import type { Queryable } from '../../platform/db/tx';

/** A merchant's ledger account (信用分, 积分…) as basic records' units link to it. */
export interface MerchantAccount {
  tenantId: number;
  id: number;
  name: string;
  unit: string;
  balance: number;
  areaId: number;
  areaName: string;
  /** the community's ltree path, for the caller's scope check */
  areaPath: string;
}

const SELECT = `select a.tenant_id, a.id, a.name, a.unit, a.balance, a.area_id, c.name as area_name, c.path::text as area_path
  from ledger_accounts a join areas c on c.tenant_id = a.tenant_id and c.id = a.area_id
 where a.owner_kind = 'merchant'`;

const present = (r: Record<string, unknown>): MerchantAccount => ({
  tenantId: Number(r.tenant_id),
  id: Number(r.id),
  name: r.name as string,
  unit: r.unit as string,
  balance: Number(r.balance),
  areaId: Number(r.area_id),
  areaName: r.area_name as string,
  areaPath: r.area_path as string,
});

/** Merchant accounts of some streets (null: every street), by community then name. */
export async function merchantAccounts(
  db: Queryable,
  tenantIds: number[] | null,
): Promise<MerchantAccount[]> {
  const { rows } = await db.query(
    `${SELECT} and ($1::bigint[] is null or a.tenant_id = any($1)) order by c.path, a.name, a.unit limit 2000`,
    [tenantIds],
  );
  return rows.map(present);
}

/** Merchant accounts by id in one street (missing or non-merchant ids are left out). */
export async function merchantAccountsById(
  db: Queryable,
  tenantId: number,
  ids: number[],
): Promise<Map<number, MerchantAccount>> {
  if (!ids.length) return new Map();
  const { rows } = await db.query(`${SELECT} and a.tenant_id = $1 and a.id = any($2::bigint[])`, [
    tenantId,
    [...new Set(ids)],
  ]);
  return new Map(rows.map((r) => [Number(r.id), present(r)]));
}
