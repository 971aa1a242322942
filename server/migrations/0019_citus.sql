-- Citus, the megacity path (docs/citus.md). On a Citus coordinator (the citus extension installed in this
-- database) every table is made a Citus table: tables without tenant_id become reference tables (copied to every
-- node), tables with tenant_id are hash-distributed by it, all co-located with `tenants`, so a street's rows
-- live together on one shard. On plain PostgreSQL (embedded or a server) this migration only creates the two
-- functions below and changes nothing else.
--
-- Both lists come from the catalog, not from a hand list: a table created by a later migration is picked up by
-- calling the same DO block at the end of that migration (see docs/citus.md "Adding a table").

-- The plan, readable on any PostgreSQL: every table of schema public (but schema_migrations) in the order Citus
-- needs: reference tables first, then distributed ones, each group in foreign-key order (a referenced table
-- before the tables that point at it), `tenants` first among the distributed ones (the co-location anchor).
create or replace function doorstep_citus_plan()
returns table (step int, table_name text, kind text)
language plpgsql stable as $$
declare
  k text;
  pending oid[];
  batch oid[];
  t oid;
  i int := 0;
begin
  foreach k in array array['reference', 'distributed'] loop
    pending := array(
      select c.oid from pg_class c join pg_namespace n on n.oid = c.relnamespace
       where n.nspname = 'public' and c.relkind in ('r', 'p') and not c.relispartition
         and c.relname <> 'schema_migrations'
         and exists (select 1 from pg_attribute a
                      where a.attrelid = c.oid and a.attname = 'tenant_id' and not a.attisdropped) = (k = 'distributed'));
    while cardinality(pending) > 0 loop
      -- the tables none of whose foreign keys point at another table still waiting
      batch := array(
        select p from unnest(pending) p
         where not exists (select 1 from pg_constraint f
                            where f.contype = 'f' and f.conrelid = p and f.confrelid <> p and f.confrelid = any (pending))
         order by (select relname from pg_class where oid = p) <> 'tenants', (select relname from pg_class where oid = p));
      if cardinality(batch) = 0 then
        raise exception 'doorstep_citus_plan: foreign keys form a cycle among %', pending::regclass[];
      end if;
      foreach t in array batch loop
        i := i + 1;
        step := i;
        table_name := (select relname from pg_class where oid = t);
        kind := k;
        return next;
      end loop;
      pending := array(select unnest(pending) except select unnest(batch));
    end loop;
  end loop;
end $$;

-- Applies the plan on a Citus coordinator: tables Citus already manages (pg_dist_partition) are left alone, so
-- running it again after a later migration only distributes that migration's new tables. Returns how many
-- tables it converted. Call it only where the citus extension is installed (the DO block below checks).
create or replace function doorstep_citus_apply()
returns int
language plpgsql as $$
declare
  r record;
  managed boolean;
  n int := 0;
begin
  -- DDL on distributed tables inside one transaction: one connection per node, in order (Citus' advice for
  -- schema migrations in a transaction block)
  perform set_config('citus.multi_shard_modify_mode', 'sequential', true);
  -- otherwise Citus quietly turns a table with a foreign key to a reference table into a local table on the
  -- coordinator, and create_distributed_table on it then fails (checked with Citus 13.2 on PostgreSQL 15)
  perform set_config('citus.enable_local_reference_table_foreign_keys', 'off', true);
  for r in select * from doorstep_citus_plan() order by step loop
    execute 'select exists (select 1 from pg_dist_partition where logicalrelid = $1::regclass)'
      into managed using format('public.%I', r.table_name);
    continue when managed;
    if r.kind = 'reference' then
      execute format('select create_reference_table(%L)', format('public.%I', r.table_name));
    else
      execute format('select create_distributed_table(%L, %L, colocate_with => %L)',
                     format('public.%I', r.table_name), 'tenant_id',
                     case when r.table_name = 'tenants' then 'default' else 'public.tenants' end);
    end if;
    n := n + 1;
  end loop;
  return n;
end $$;

do $$
begin
  if exists (select 1 from pg_extension where extname = 'citus') then
    raise notice 'citus: % tables made reference or distributed tables', doorstep_citus_apply();
  end if;
end $$;
