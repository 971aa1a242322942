import type { Queryable } from '../../platform/db/tx';
import { rowError } from '../../platform/imports/roster';

export {
  type Columns,
  guessMapping,
  type Mapping,
  missingFields,
  parseMapping,
  picker,
  type RosterJob,
  RowError,
  type RowValues,
  rowError,
  runRoster,
} from '../../platform/imports/roster';

/** Buildings under an import root, by "compound+building" and by building name alone. */
export async function buildingIndex(db: Queryable, tenantId: number, rootPath: string) {
  const { rows } = await db.query(
    `select b.id, b.name, k.name as compound from areas b left join areas k on k.tenant_id = b.tenant_id and k.id = b.parent_id
      where b.tenant_id = $1 and b.kind = 'building' and b.archived_at is null and b.path <@ $2::ltree`,
    [tenantId, rootPath],
  );
  const byFull = new Map<string, number>();
  const byName = new Map<string, number[]>();
  for (const b of rows) {
    byFull.set(`${b.compound ?? ''}${b.name}`, Number(b.id));
    byName.set(b.name, [...(byName.get(b.name) ?? []), Number(b.id)]);
  }
  /** The one building a row names, or a RowError. */
  return (compound: string, raw: string) => {
    const building = /^\d+$/.test(raw) ? `${raw}栋` : raw;
    const candidates = compound
      ? [byFull.get(`${compound}${building}`)].filter((x) => x !== undefined)
      : byFull.has(building)
        ? [byFull.get(building)!]
        : (byName.get(building) ?? []);
    if (candidates.length !== 1)
      throw rowError(
        'building',
        candidates.length ? 'BUILDING_AMBIGUOUS' : 'BUILDING_UNKNOWN',
        candidates.length ? `楼栋「${building}」有多个，请填写小区` : `找不到楼栋「${building}」`,
        candidates.length
          ? `Several buildings are called "${building}": add the compound`
          : `Unknown building "${building}"`,
      );
    return candidates[0]!;
  };
}

/** Grids (and communities) under an import root by name, for rows without a building. */
export async function areaIndex(db: Queryable, tenantId: number, rootPath: string) {
  const { rows } = await db.query(
    `select id, name from areas where tenant_id = $1 and kind in ('community', 'grid', 'compound')
        and archived_at is null and path <@ $2::ltree`,
    [tenantId, rootPath],
  );
  const byName = new Map<string, number[]>();
  for (const a of rows) byName.set(a.name, [...(byName.get(a.name) ?? []), Number(a.id)]);
  return (name: string) => {
    const ids = byName.get(name) ?? [];
    if (ids.length !== 1)
      throw rowError(
        'area',
        ids.length ? 'AREA_AMBIGUOUS' : 'AREA_UNKNOWN',
        ids.length ? `区域「${name}」有多个` : `找不到区域「${name}」`,
        ids.length ? `Several areas are called "${name}"` : `Unknown area "${name}"`,
      );
    return ids[0]!;
  };
}
