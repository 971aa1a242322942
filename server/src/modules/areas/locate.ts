import type { Queryable } from '../../platform/db/tx';
import { listGridCandidates } from './areas.queries';
import { containsPoint, convertPoint } from './geo';

export interface GridHit {
  tenantId: number;
  id: number;
  name: string;
  code: string | null;
  communityId: number;
}

/** Which live grid holds a point (WGS-84 or GCJ-02 in): bbox prefilter in SQL, exact test with turf. */
export async function locateGrid(
  db: Queryable,
  lng: number,
  lat: number,
  crs: 'wgs84' | 'gcj02' = 'wgs84',
): Promise<GridHit | null> {
  const [x, y] = convertPoint(lng, lat, crs, 'wgs84');
  const hit = (await listGridCandidates(db, x, y)).find((g) => containsPoint(g.geometry, x, y));
  return hit
    ? { tenantId: hit.tenant_id, id: hit.id, name: hit.name, code: hit.code, communityId: hit.parent_id }
    : null;
}
