-- Citus: distribute the basic-records tables added in 0020 (a no-op without the citus extension; see docs/citus.md —
-- every migration that adds tables ends with this block).
do $$
begin
  if exists (select 1 from pg_extension where extname = 'citus') then
    raise notice 'citus: % tables made reference or distributed tables', doorstep_citus_apply();
  end if;
end $$;
