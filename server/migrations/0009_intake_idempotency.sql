-- Staff intake has no reporter account: its Idempotency-Key is scoped by the staff member who took it in.
alter table requests add column taken_by text references "user" (id);
create unique index requests_intake_idempotency on requests (tenant_id, taken_by, idempotency_key)
  where idempotency_key is not null and taken_by is not null;
