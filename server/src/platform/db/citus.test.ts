import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../test/harness';
import { REFERENCE_TABLES, SYSTEM_TABLES } from './tables';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(() => t.close());

interface Step {
  step: number;
  table_name: string;
  kind: 'reference' | 'distributed';
}

/** Every table of schema public, the way the catalog test lists them. */
async function allTables(): Promise<string[]> {
  const { rows } = await t.pool.query(
    `select c.relname from pg_class c join pg_namespace n on n.oid = c.relnamespace
      where n.nspname = 'public' and c.relkind in ('r', 'p') and not c.relispartition`,
  );
  return rows.map((r) => r.relname);
}

describe('0019_citus: distribute by tenant_id where Citus is installed, nothing otherwise', () => {
  it('ran as a no-op here (no citus extension)', async () => {
    const { rows } = await t.pool.query(
      `select (select count(*)::int from schema_migrations where name = '0019_citus.sql') as applied,
              exists (select 1 from pg_extension where extname = 'citus') as citus,
              to_regclass('pg_dist_partition') as dist`,
    );
    expect(rows[0]).toEqual({ applied: 1, citus: false, dist: null });
  });

  it('plans reference tables from tables.ts and every other table distributed, in foreign-key order', async () => {
    const plan = (await t.pool.query<Step>('select * from doorstep_citus_plan() order by step')).rows;
    const tables = await allTables();
    const system = new Set<string>(SYSTEM_TABLES);
    const reference = new Set<string>(REFERENCE_TABLES);
    expect(plan.filter((s) => s.kind === 'reference').map((s) => s.table_name)).toEqual(
      expect.arrayContaining([...REFERENCE_TABLES]),
    );
    expect(plan.filter((s) => s.kind === 'reference')).toHaveLength(REFERENCE_TABLES.length);
    expect(
      plan
        .filter((s) => s.kind === 'distributed')
        .map((s) => s.table_name)
        .sort(),
    ).toEqual(tables.filter((x) => !system.has(x) && !reference.has(x)).sort());
    // reference tables first (a distributed table may point at them, never the other way), tenants leads the rest
    const firstDistributed = plan.findIndex((s) => s.kind === 'distributed');
    expect(plan.slice(firstDistributed).every((s) => s.kind === 'distributed')).toBe(true);
    expect(plan[firstDistributed]!.table_name).toBe('tenants');
    const at = new Map(plan.map((s) => [s.table_name, s.step]));
    const { rows: fks } = await t.pool.query(
      `select src.relname as src, dst.relname as dst from pg_constraint f
         join pg_class src on src.oid = f.conrelid join pg_class dst on dst.oid = f.confrelid
         join pg_namespace n on n.oid = src.relnamespace
        where f.contype = 'f' and n.nspname = 'public' and f.conrelid <> f.confrelid`,
    );
    expect(fks.length).toBeGreaterThan(10);
    for (const fk of fks) expect(at.get(fk.dst), `${fk.src} → ${fk.dst}`).toBeLessThan(at.get(fk.src)!);
  });

  it('on a coordinator, makes each table a Citus table once, co-located with tenants', async () => {
    // Citus itself cannot be installed here: stand-ins with its functions' signatures record the calls
    const client = await t.pool.connect();
    try {
      await client.query('begin');
      await client.query('create schema citus_stub');
      await client.query('set local search_path = public, citus_stub');
      await client.query(
        `create table citus_stub.pg_dist_partition (logicalrelid regclass primary key, partmethod char);
         create table citus_stub.calls (n serial, fn text, tbl text, col text, colocate text);
         create function citus_stub.create_reference_table(table_name regclass) returns void language sql as $$
           insert into citus_stub.calls (fn, tbl) values ('reference', (select relname from pg_class where oid = table_name));
           insert into citus_stub.pg_dist_partition values (table_name, 'n');
         $$;
         create function citus_stub.create_distributed_table(table_name regclass, distribution_column text,
                                                            colocate_with text default 'default') returns void language sql as $$
           insert into citus_stub.calls (fn, tbl, col, colocate)
             values ('distributed', (select relname from pg_class where oid = table_name), distribution_column, colocate_with);
           insert into citus_stub.pg_dist_partition values (table_name, 'h');
         $$;`,
      );
      const first = await client.query('select doorstep_citus_apply() as n');
      const plan = (await client.query<Step>('select * from doorstep_citus_plan() order by step')).rows;
      expect(first.rows[0].n).toBe(plan.length);
      const calls = (await client.query('select fn, tbl, col, colocate from citus_stub.calls order by n'))
        .rows;
      expect(calls.map((c) => [c.fn, c.tbl])).toEqual(plan.map((s) => [s.kind, s.table_name]));
      for (const c of calls.filter((x) => x.fn === 'distributed')) {
        expect(c.col).toBe('tenant_id');
        expect(c.colocate).toBe(c.tbl === 'tenants' ? 'default' : 'public.tenants');
      }
      expect((await client.query('show citus.multi_shard_modify_mode')).rows[0]).toEqual({
        'citus.multi_shard_modify_mode': 'sequential',
      });
      expect((await client.query('show citus.enable_local_reference_table_foreign_keys')).rows[0]).toEqual({
        'citus.enable_local_reference_table_foreign_keys': 'off',
      });
      // a later migration's new table: the same call distributes only it
      await client.query(
        `create table later_things (tenant_id bigint not null references tenants (tenant_id), id bigint,
                                    primary key (tenant_id, id))`,
      );
      expect((await client.query('select doorstep_citus_apply() as n')).rows[0].n).toBe(1);
      expect(
        (await client.query("select fn, tbl, colocate from citus_stub.calls where tbl = 'later_things'"))
          .rows,
      ).toEqual([{ fn: 'distributed', tbl: 'later_things', colocate: 'public.tenants' }]);
    } finally {
      await client.query('rollback');
      client.release();
    }
  });
});
