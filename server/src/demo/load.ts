import type pg from 'pg';
import { bboxOf, boxLiteral } from '../modules/areas';
import type { CityNode } from './city';

/** Inserts a generated city in bulk: one tenant per street, ids allocated up front, paths computed here. */
export async function loadCity(
  db: pg.PoolClient | pg.Pool,
  districtCode: string,
  nodes: CityNode[],
): Promise<Map<string, { tenantId: number; id: number }>> {
  const ids = new Map<string, { tenantId: number; id: number; path: string }>();
  const streets = nodes.filter((n) => n.kind === 'street');
  const { rows: tenantRows } = await db.query(
    'insert into tenants (district_code) select $1 from generate_series(1, $2::int) returning tenant_id',
    [districtCode, streets.length],
  );
  const tenantOf = new Map(streets.map((s, i) => [s.key, Number(tenantRows[i].tenant_id)]));
  const { rows: idRows } = await db.query(
    `select nextval(pg_get_serial_sequence('areas', 'id')) as id from generate_series(1, $1::int)`,
    [nodes.length],
  );
  nodes.forEach((n, i) => {
    const id = Number(idRows[i].id);
    const parent = n.parentKey ? ids.get(n.parentKey) : undefined;
    if (n.parentKey && !parent) throw new Error(`parent ${n.parentKey} must come before ${n.key}`);
    ids.set(n.key, {
      tenantId: tenantOf.get(n.streetKey)!,
      id,
      path: parent ? `${parent.path}.${id}` : String(id),
    });
  });
  for (let i = 0; i < nodes.length; i += 2000) {
    const chunk = nodes.slice(i, i + 2000).map((n) => {
      const me = ids.get(n.key)!;
      return {
        tenant_id: me.tenantId,
        id: me.id,
        parent_id: n.parentKey ? ids.get(n.parentKey)!.id : null,
        kind: n.kind,
        name: n.name,
        code: n.code,
        path: me.path,
        geometry: n.geometry,
        bbox: n.geometry ? boxLiteral(bboxOf(n.geometry)) : null,
        properties: n.properties,
      };
    });
    await db.query(
      `insert into areas (tenant_id, id, parent_id, kind, name, code, path, geometry, bbox, properties)
       select tenant_id, id, parent_id, kind, name, code, path::ltree, geometry, bbox::box, properties
         from jsonb_to_recordset($1::jsonb) as x(tenant_id bigint, id bigint, parent_id bigint, kind text, name text,
              code text, path text, geometry jsonb, bbox text, properties jsonb)`,
      [JSON.stringify(chunk)],
    );
  }
  return ids;
}
