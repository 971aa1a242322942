import type { Scoring as ScoringBodyType } from '@doorstep/contract';
import type { Actor } from '../../platform/access/scopes';
import { recordAudit } from '../../platform/audit/audit';
import type { Queryable } from '../../platform/db/tx';
import { conflict } from '../../platform/http/errors';
import { loadScoring, type Scoring } from './scoring';

/**
 * 数据晨读 scoring per street (migration 0036, insight_scoring_settings): a street admin sets the weights and
 * thresholds of each signal on the settings screen; the brief job uses the street's scoring, else the defaults
 * (scoring.ts, or the BRIEF_SCORING environment variable over them). Each brief stores the scoring it used.
 */

export interface Street {
  tenantId: number;
  id: number;
  name: string;
  path: string;
}

/** The street an area lies in (the root of its path). */
export async function streetOf(db: Queryable, tenantId: number, path: string): Promise<Street | null> {
  const { rows } = await db.query(
    `select tenant_id, id, name, path::text as path from areas
      where tenant_id = $1 and path = subpath($2::ltree, 0, 1) and kind = 'street'`,
    [tenantId, path],
  );
  const r = rows[0];
  return r ? { tenantId: Number(r.tenant_id), id: Number(r.id), name: r.name, path: r.path } : null;
}

/** Stored scoring merged over the defaults: a field added to the defaults later still has a value. */
function merged(stored: Partial<Scoring> | null, base: Scoring): Scoring {
  if (!stored) return base;
  return {
    items: stored.items ?? base.items,
    missedLoop: { ...base.missedLoop, ...stored.missedLoop },
    breach: { ...base.breach, ...stored.breach },
    gap: { ...base.gap, ...stored.gap },
    surge: { ...base.surge, ...stored.surge },
  };
}

export async function scoringSettings(db: Queryable, street: Street) {
  const { rows } = await db.query(
    `select s.scoring, s.version, s.updated_at, u.name as updated_by from insight_scoring_settings s
       left join "user" u on u.id = s.updated_by
      where s.tenant_id = $1 and s.street_id = $2`,
    [street.tenantId, street.id],
  );
  const r = rows[0];
  const defaults = loadScoring();
  return {
    streetId: street.id,
    streetName: street.name,
    scoring: merged(r?.scoring ?? null, defaults),
    defaults,
    custom: !!r,
    version: r ? Number(r.version) : 0,
    updatedAt: r ? new Date(r.updated_at).toISOString() : null,
    updatedBy: r?.updated_by ?? null,
  };
}

/** The scoring a community's brief uses: its street's, else the defaults. */
export async function scoringForCommunity(db: Queryable, c: { tenantId: number; path: string }) {
  const street = await streetOf(db, c.tenantId, c.path);
  return street ? (await scoringSettings(db, street)).scoring : loadScoring();
}

/**
 * Sets (or, with null, removes) the street's scoring. `version` is the one read (0 when the street had none):
 * another admin's change in between is a 409. Audited with the previous and the new scoring.
 */
export async function saveScoring(
  tx: Queryable,
  actor: Actor,
  street: Street,
  body: { version: number; scoring: ScoringBodyType | null },
) {
  const { rows } = await tx.query(
    'select scoring, version from insight_scoring_settings where tenant_id = $1 and street_id = $2 for update',
    [street.tenantId, street.id],
  );
  const current = rows[0] ? Number(rows[0].version) : 0;
  if (current !== body.version)
    throw conflict(
      'SCORING_VERSION_CONFLICT',
      '评分设置已被他人修改，请刷新后重试',
      'Someone else changed the scoring meanwhile; reload and try again',
    );
  if (body.scoring === null) {
    await tx.query('delete from insight_scoring_settings where tenant_id = $1 and street_id = $2', [
      street.tenantId,
      street.id,
    ]);
  } else {
    await tx.query(
      `insert into insight_scoring_settings (tenant_id, street_id, scoring, version, updated_by)
       values ($1, $2, $3, 1, $4)
       on conflict (tenant_id, street_id) do update
         set scoring = excluded.scoring, version = insight_scoring_settings.version + 1,
             updated_by = excluded.updated_by, updated_at = now()`,
      [street.tenantId, street.id, JSON.stringify(body.scoring), actor.userId],
    );
  }
  await recordAudit(tx, {
    tenantId: street.tenantId,
    actorUserId: actor.userId,
    action: body.scoring === null ? 'insights.scoring.reset' : 'insights.scoring.update',
    entityType: 'insight_scoring',
    entityId: street.id,
    summary: { before: rows[0]?.scoring ?? null, after: body.scoring },
  });
}
