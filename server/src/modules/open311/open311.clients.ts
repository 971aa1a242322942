import { createHash } from 'node:crypto';
import type pg from 'pg';
import type { Actor } from '../../platform/access/scopes';
import type { Queryable } from '../../platform/db/tx';
import { listStreets } from '../areas';
import { badRequest, notFound, Open311Error } from './open311.format';

// ── jurisdictions: jurisdiction_id is a street's area code ───────────────────────────────────────────────

export interface Street {
  tenantId: number;
  areaId: number;
  code: string | null;
  name: string;
}

/**
 * The street a jurisdiction_id names. It may be left out when the deployment serves one street only
 * (GeoReport v2: "only required if the endpoint serves multiple jurisdictions").
 */
export function pickJurisdiction(streets: Street[], jurisdictionId: string | undefined): Street {
  if (jurisdictionId !== undefined) {
    const street = streets.find((s) => s.code !== null && s.code === jurisdictionId);
    if (!street)
      throw notFound(
        `jurisdiction_id ${jurisdictionId.slice(0, 40)} 不存在`,
        `jurisdiction_id ${jurisdictionId.slice(0, 40)} was not found`,
      );
    return street;
  }
  if (streets.length === 1) return streets[0]!;
  throw badRequest(
    '本服务覆盖多个街道，请提供 jurisdiction_id（街道编码）',
    'jurisdiction_id was not provided (this endpoint serves several streets; use the street code)',
  );
}

/** The live streets, for pickJurisdiction. */
export async function liveStreets(db: Queryable): Promise<Street[]> {
  return (await listStreets(db))
    .filter((s) => s.archivedAt === null)
    .map((s) => ({ tenantId: s.tenantId, areaId: s.id, code: s.code, name: s.name }));
}

// ── clients: api_key → the client's system account ───────────────────────────────────────────────────────

/** Keys are kept as their SHA-256 (hex); the key itself is shown once, to the operator who creates it. */
export const hashKey = (key: string) => createHash('sha256').update(key, 'utf8').digest('hex');

const forbidden = (zh: string, en: string) => new Open311Error(403, { zh, en });

/** 403 at once when no key was sent (before any other check, so nothing is revealed to a keyless caller). */
export function requireKeyPresent(apiKey: string | undefined): string {
  if (!apiKey) throw forbidden('缺少 api_key，无法提交诉求', 'api_key is missing -- cannot create a request');
  return apiKey;
}

/**
 * The acting account of the client holding `apiKey` in this street: a system user created on first use
 * (name "Open311: <client>", an unroutable e-mail, no password, no roles — it cannot sign in).
 */
export async function clientActor(tx: pg.PoolClient, tenantId: number, apiKey: string): Promise<Actor> {
  const { rows } = await tx.query(
    `select id, name, user_id from open311_clients
      where tenant_id = $1 and api_key_hash = $2 and revoked_at is null`,
    [tenantId, hashKey(apiKey)],
  );
  const client = rows[0];
  if (!client)
    throw forbidden(
      'api_key 无效或已停用，无法提交诉求',
      'Invalid api_key received -- cannot create a request in this jurisdiction',
    );
  let userId: string = client.user_id;
  const name = `Open311: ${client.name}`.slice(0, 100);
  if (!userId) {
    userId = `open311-${tenantId}-${client.id}`;
    await tx.query(
      `insert into "user" (id, name, email, "emailVerified", "createdAt", "updatedAt")
       values ($1, $2, $3, false, now(), now()) on conflict (id) do nothing`,
      [userId, name, `${userId}@system.doorstep.invalid`],
    );
    await tx.query('update open311_clients set user_id = $3 where tenant_id = $1 and id = $2', [
      tenantId,
      client.id,
      userId,
    ]);
  }
  return { userId, name, phone: null, isPlatformAdmin: false, scopes: [] };
}
