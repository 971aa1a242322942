import type { Queryable } from '../db/tx';

export interface AuditEntry {
  tenantId: number;
  actorUserId: string | null;
  /** verb in dotted form, e.g. 'area.create', 'area.move' */
  action: string;
  entityType: string;
  entityId: string | number;
  /** what changed: before/after values, never secrets */
  summary?: Record<string, unknown>;
}

/** Writes one audit event in the caller's transaction, so the change and its record commit together. */
export async function recordAudit(db: Queryable, e: AuditEntry): Promise<void> {
  await db.query(
    `insert into audit_events (tenant_id, actor_user_id, action, entity_type, entity_id, summary)
     values ($1, $2, $3, $4, $5, $6)`,
    [e.tenantId, e.actorUserId, e.action, e.entityType, String(e.entityId), JSON.stringify(e.summary ?? {})],
  );
}

/** Keys that differ between two objects, as {key: [before, after]}. */
export function diff(
  before: Record<string, unknown>,
  after: Record<string, unknown>,
): Record<string, [unknown, unknown]> {
  const out: Record<string, [unknown, unknown]> = {};
  for (const key of Object.keys(after)) {
    if (after[key] === undefined) continue;
    if (JSON.stringify(before[key]) !== JSON.stringify(after[key])) out[key] = [before[key], after[key]];
  }
  return out;
}

/** The audit trail of one entity, newest first, with the actor's name. */
export async function listAudit(
  db: Queryable,
  tenantId: number,
  entityType: string,
  entityId: string | number,
  limit = 100,
) {
  const { rows } = await db.query(
    `select e.id, e.at, e.action, e.actor_user_id, u.name as actor_name, e.summary
       from audit_events e left join "user" u on u.id = e.actor_user_id
      where e.tenant_id = $1 and e.entity_type = $2 and e.entity_id = $3 order by e.at desc, e.id desc limit $4`,
    [tenantId, entityType, String(entityId), limit],
  );
  return rows.map((r) => ({
    id: r.id as number,
    at: (r.at as Date).toISOString(),
    action: r.action as string,
    actorName: (r.actor_name as string | null) ?? null,
    summary: r.summary as Record<string, unknown>,
  }));
}

/** Writes one audit event for a reference table (no street owns it: the holiday calendar, deadline policies). */
export async function recordReferenceAudit(db: Queryable, e: Omit<AuditEntry, 'tenantId'>): Promise<void> {
  await db.query(
    `insert into reference_audit_events (actor_user_id, action, entity_type, entity_id, summary)
     values ($1, $2, $3, $4, $5)`,
    [e.actorUserId, e.action, e.entityType, String(e.entityId), JSON.stringify(e.summary ?? {})],
  );
}

/** The latest audit events of some reference-table entity types, newest first, with the actor's name. */
export async function listReferenceAudit(db: Queryable, entityTypes: string[], limit = 50) {
  const { rows } = await db.query(
    `select e.id, e.at, e.action, e.entity_id, u.name as actor_name, e.summary
       from reference_audit_events e left join "user" u on u.id = e.actor_user_id
      where e.entity_type = any($1::text[]) order by e.at desc, e.id desc limit $2`,
    [entityTypes, limit],
  );
  return rows.map((r) => ({
    id: Number(r.id),
    at: (r.at as Date).toISOString(),
    action: r.action as string,
    entityId: r.entity_id as string,
    actorName: (r.actor_name as string | null) ?? null,
    summary: r.summary as Record<string, unknown>,
  }));
}
