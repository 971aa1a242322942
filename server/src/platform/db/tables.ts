/**
 * The one list of tables that are not tenant-scoped (Citus reference tables, replicated to every node).
 * Every other table must carry tenant_id in its primary key, unique constraints and tenant-to-tenant
 * foreign keys; server/src/platform/db/tenancy.test.ts reads the catalog and enforces it.
 */
export const REFERENCE_TABLES = [
  // administrative divisions above the street (区/市/省)
  'districts',
  // accounts are global: one person may live in one street and work in another (better-auth owns these)
  'user',
  'session',
  'account',
  'verification',
  'platform_admins',
  // requests: categories, deadline policies, the holiday calendar
  'request_categories',
  'sla_policies',
  'holidays',
  // who changed a reference table (the calendar, the deadline policies), when, and what
  'reference_audit_events',
  // the ledger's units (积分, 时长, 信用分, 元)
  'ledger_units',
] as const;

/** Bookkeeping tables outside the data model. */
export const SYSTEM_TABLES = ['schema_migrations'] as const;
