import type { PolygonGeometry } from '@doorstep/contract';
import booleanPointInPolygon from '@turf/boolean-point-in-polygon';
import gcoord from 'gcoord';

/** [minLng, minLat, maxLng, maxLat] of a polygon geometry. */
export function bboxOf(g: PolygonGeometry): [number, number, number, number] {
  let [minX, minY, maxX, maxY] = [Infinity, Infinity, -Infinity, -Infinity];
  const rings = g.type === 'Polygon' ? g.coordinates : g.coordinates.flat();
  for (const ring of rings)
    for (const [x, y] of ring) {
      if (x < minX) minX = x;
      if (y < minY) minY = y;
      if (x > maxX) maxX = x;
      if (y > maxY) maxY = y;
    }
  return [minX, minY, maxX, maxY];
}

/** PostgreSQL `box` literal for a bbox, for the GiST prefilter. */
export const boxLiteral = (b: [number, number, number, number]) => `((${b[0]},${b[1]}),(${b[2]},${b[3]}))`;

export function containsPoint(g: PolygonGeometry, lng: number, lat: number): boolean {
  return booleanPointInPolygon([lng, lat], g);
}

/** Ring problems a schema cannot see: open rings and self-evident degeneracy. */
export function geometryProblem(g: PolygonGeometry): string | null {
  const polygons = g.type === 'Polygon' ? [g.coordinates] : g.coordinates;
  for (const poly of polygons)
    for (const ring of poly) {
      const first = ring[0];
      const last = ring[ring.length - 1];
      if (!first || !last || first[0] !== last[0] || first[1] !== last[1]) return 'ring_not_closed';
      if (new Set(ring.map((p) => `${p[0]},${p[1]}`)).size < 3) return 'ring_degenerate';
    }
  return null;
}

type Crs = 'wgs84' | 'gcj02';

/** Converts a geometry between WGS-84 (stored) and GCJ-02 (Chinese map tiles). */
export function convertGeometry<T extends PolygonGeometry>(g: T, from: Crs, to: Crs): T {
  if (from === to) return g;
  const src = from === 'wgs84' ? gcoord.WGS84 : gcoord.GCJ02;
  const dst = to === 'wgs84' ? gcoord.WGS84 : gcoord.GCJ02;
  return gcoord.transform(structuredClone(g) as never, src, dst) as unknown as T;
}

export function convertPoint(lng: number, lat: number, from: Crs, to: Crs): [number, number] {
  if (from === to) return [lng, lat];
  const out = gcoord.transform(
    [lng, lat],
    from === 'wgs84' ? gcoord.WGS84 : gcoord.GCJ02,
    to === 'wgs84' ? gcoord.WGS84 : gcoord.GCJ02,
  );
  return [out[0] as number, out[1] as number];
}
