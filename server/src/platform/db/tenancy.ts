import { REFERENCE_TABLES, SYSTEM_TABLES } from './tables';
import type { Queryable } from './tx';

/**
 * The Citus rule, read from the catalog: every tenant-scoped table has tenant_id in its primary key, in
 * every unique index, and on both sides of every foreign key to another tenant table; reference tables
 * never point at tenant tables. Returns one line per violation.
 */
export async function tenancyViolations(db: Queryable, schema = 'public'): Promise<string[]> {
  const exempt = new Set<string>([...REFERENCE_TABLES, ...SYSTEM_TABLES]);
  const { rows: tables } = await db.query(
    `select c.oid, c.relname,
            exists (select 1 from pg_attribute a where a.attrelid = c.oid and a.attname = 'tenant_id' and not a.attisdropped) as has_tenant
       from pg_class c join pg_namespace n on n.oid = c.relnamespace
      where n.nspname = $1 and c.relkind in ('r', 'p') and not c.relispartition`,
    [schema],
  );
  const tenantTables = new Set(tables.filter((t) => !exempt.has(t.relname)).map((t) => t.relname));
  const out: string[] = [];
  for (const t of tables)
    if (tenantTables.has(t.relname) && !t.has_tenant) out.push(`${t.relname}: no tenant_id column`);
  for (const name of REFERENCE_TABLES)
    if (!tables.some((t) => t.relname === name))
      out.push(`${name}: listed as a reference table but does not exist`);

  const { rows: indexes } = await db.query(
    `select c.relname as table, i.relname as index, x.indisprimary as primary,
            array(select a.attname::text from unnest(x.indkey) k join pg_attribute a on a.attrelid = x.indrelid and a.attnum = k) as columns
       from pg_index x join pg_class c on c.oid = x.indrelid join pg_class i on i.oid = x.indexrelid
       join pg_namespace n on n.oid = c.relnamespace
      where n.nspname = $1 and x.indisunique`,
    [schema],
  );
  for (const ix of indexes) {
    if (!tenantTables.has(ix.table)) continue;
    if (!ix.columns.includes('tenant_id'))
      out.push(`${ix.table}: ${ix.primary ? 'primary key' : `unique index ${ix.index}`} lacks tenant_id`);
  }
  for (const t of tables)
    if (tenantTables.has(t.relname) && !indexes.some((ix) => ix.table === t.relname && ix.primary))
      out.push(`${t.relname}: no primary key`);

  const { rows: fks } = await db.query(
    `select c.conname, src.relname as src, dst.relname as dst,
            array(select a.attname::text from unnest(c.conkey) with ordinality k(n, i) join pg_attribute a on a.attrelid = c.conrelid and a.attnum = k.n order by k.i) as src_cols,
            array(select a.attname::text from unnest(c.confkey) with ordinality k(n, i) join pg_attribute a on a.attrelid = c.confrelid and a.attnum = k.n order by k.i) as dst_cols
       from pg_constraint c join pg_class src on src.oid = c.conrelid join pg_class dst on dst.oid = c.confrelid
       join pg_namespace n on n.oid = src.relnamespace
      where n.nspname = $1 and c.contype = 'f'`,
    [schema],
  );
  for (const fk of fks) {
    const srcTenant = tenantTables.has(fk.src);
    const dstTenant = tenantTables.has(fk.dst);
    if (!srcTenant && dstTenant)
      out.push(`${fk.src}: reference table points at tenant table ${fk.dst} (${fk.conname})`);
    if (srcTenant && dstTenant) {
      const i = fk.src_cols.indexOf('tenant_id');
      if (i < 0 || fk.dst_cols[i] !== 'tenant_id')
        out.push(`${fk.src}: foreign key ${fk.conname} to ${fk.dst} does not pair tenant_id`);
    }
  }
  return out;
}
