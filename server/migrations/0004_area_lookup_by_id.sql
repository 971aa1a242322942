-- Ids are unique across tenants; platform administrators (no tenant filter) and import jobs look nodes up
-- by id alone. Tenant-filtered lookups keep using the primary key (tenant_id, id).
create index areas_id on areas (id);
