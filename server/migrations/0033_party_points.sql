-- Party-member points 党员积分 (PRODUCT.md "Points, credits and the time bank"; docs/decisions/0027-party-points.md):
-- a fifth unit, kept in one account per member, community and year (owner_ref '<user id>@<year>'), so every year
-- starts from zero; base / task / reward rules pay into it and deduction rules take from it; a community closes a
-- year with a frozen statement, after which that year takes no more entries.
alter table ledger_units drop constraint ledger_units_code_check;
alter table ledger_units add constraint ledger_units_code_check
  check (code in ('points', 'hours', 'credit', 'money', 'party'));
insert into ledger_units (code, name_zh, name_en, scale) values ('party', '党员积分', 'party points', 1);

-- a rule pays the beneficiary (award) or takes from them (deduct: 扣分)
alter table ledger_rules add column direction text not null default 'award'
  check (direction in ('award', 'deduct'));

create table ledger_party_years (
  tenant_id bigint not null references tenants (tenant_id),
  area_id bigint not null,
  year int not null check (year between 2000 and 2100),
  closed_at timestamptz not null default now(),
  closed_by text references "user" (id),
  -- the closing statement as it stood: one row per member with base, task, reward, deduction and total
  statement jsonb not null,
  primary key (tenant_id, area_id, year),
  foreign key (tenant_id, area_id) references areas (tenant_id, id)
);


-- streets that exist already get the party rules that new streets get from ledger.defaults.ts
insert into ledger_rules (tenant_id, code, name, event_kind, unit, amount, beneficiary_kind, approver_role, period_kind,
                          max_per_period, per_quantity, direction)
select t.tenant_id, r.code, r.name, r.event_kind, 'party', r.amount, 'person', r.approver_role, r.period_kind,
       r.max_per_period, false, r.direction
  from tenants t
 cross join (values
   ('party_base', '党员基础分', 'party.base', 60, 'community_secretary', 'year', 1, 'award'),
   ('party_task', '党员任务分（认领任务完成）', 'party.task', 5, 'community_staff', null, null, 'award'),
   ('party_reward', '党员奖励分', 'party.reward', 10, 'community_secretary', null, null, 'award'),
   ('party_deduction', '党员扣分', 'party.deduction', 5, 'community_secretary', null, null, 'deduct')
 ) as r (code, name, event_kind, amount, approver_role, period_kind, max_per_period, direction)
 where exists (select 1 from ledger_rules x where x.tenant_id = t.tenant_id)
on conflict (tenant_id, code) do nothing;

do $$
begin
  if exists (select 1 from pg_extension where extname = 'citus') then
    raise notice 'citus: % tables made reference or distributed tables', doorstep_citus_apply();
  end if;
end $$;
