-- Unit (实有单位) contact phones are unmasked like people's ID numbers and phones (decision 0031): the same
-- time-limited grant with a stated purpose, now for a person or a unit.
alter table pii_grants alter column person_id drop not null;
alter table pii_grants add column unit_id bigint;
alter table pii_grants add constraint pii_grants_unit_fk
  foreign key (tenant_id, unit_id) references record_units (tenant_id, id) on delete cascade;
alter table pii_grants add constraint pii_grants_one_subject check ((person_id is null) <> (unit_id is null));
create index pii_grants_unit_live on pii_grants (tenant_id, unit_id, viewer_user_id, expires_at desc)
  where unit_id is not null;

do $$
begin
  if exists (select 1 from pg_extension where extname = 'citus') then
    raise notice 'citus: % tables made reference or distributed tables', doorstep_citus_apply();
  end if;
end $$;
