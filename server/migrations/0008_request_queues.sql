-- Workbench queues: open requests by deadline (overdue, warnings) without touching closed history.
create index requests_open_due on requests (tenant_id, resolve_due_at) where status not in ('handled', 'verified', 'closed');
