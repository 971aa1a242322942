import type { Queryable } from '../../platform/db/tx';

/**
 * The H5's offline queue sends an edit again until it hears back (decision 0031). A request carrying an
 * Idempotency-Key is applied once per user and key: the key is stored in the edit's own transaction, so a
 * refused edit (409, 400) stores nothing and may be sent again with the same key after the worker's choice.
 */
export function idempotencyKey(headers: Record<string, string | string[] | undefined>): string | null {
  const key = headers['idempotency-key'];
  return typeof key === 'string' && key.length >= 8 && key.length <= 100 ? key : null;
}

/** True the first time this user sends this key (the caller then applies the edit), false on a resend. */
export async function firstSend(
  db: Queryable,
  tenantId: number,
  userId: string,
  key: string,
  entity: 'thing' | 'person' | 'house',
  entityId: number,
) {
  const { rowCount } = await db.query(
    `insert into record_edit_keys (tenant_id, user_id, key, entity, entity_id) values ($1, $2, $3, $4, $5)
     on conflict do nothing`,
    [tenantId, userId, key, entity, entityId],
  );
  return rowCount === 1;
}
