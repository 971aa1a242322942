-- Requests whose category the suggester chose (nobody picked or confirmed it) do not train the suggester.
alter table requests add column category_auto boolean not null default false;
-- Imported history: a re-imported file (same 工单编号 / row fingerprint) never duplicates a request.
create unique index requests_import_ref on requests (tenant_id, source_ref) where channel = 'import' and source_ref is not null;
