import type { PolygonGeometry } from '@doorstep/contract';
import { describe, expect, it } from 'vitest';
import { bboxOf, boxLiteral, containsPoint, convertGeometry, convertPoint, geometryProblem } from './geo';

type Ring = [number, number][];
const rect = (x0: number, y0: number, x1: number, y1: number): Ring => [
  [x0, y0],
  [x1, y0],
  [x1, y1],
  [x0, y1],
  [x0, y0],
];
const polygon = (...rings: Ring[]): PolygonGeometry => ({ type: 'Polygon', coordinates: rings });
const multi = (...polygons: Ring[][]): PolygonGeometry => ({ type: 'MultiPolygon', coordinates: polygons });

/** Great-circle distance in metres (haversine), to talk about offsets in metres. */
function metres([lng1, lat1]: [number, number], [lng2, lat2]: [number, number]) {
  const rad = Math.PI / 180;
  const a =
    Math.sin(((lat2 - lat1) * rad) / 2) ** 2 +
    Math.cos(lat1 * rad) * Math.cos(lat2 * rad) * Math.sin(((lng2 - lng1) * rad) / 2) ** 2;
  return 2 * 6_371_000 * Math.asin(Math.sqrt(a));
}

describe('bboxOf', () => {
  it('spans every vertex of a polygon', () => {
    const g = polygon([
      [104.05, 30.6],
      [104.07, 30.61],
      [104.06, 30.63],
      [104.04, 30.62],
      [104.05, 30.6],
    ]);
    expect(bboxOf(g)).toEqual([104.04, 30.6, 104.07, 30.63]);
  });

  it('spans every polygon of a multipolygon, not just the first', () => {
    const g = multi([rect(104, 30, 104.01, 30.01)], [rect(104.2, 30.5, 104.3, 30.6)]);
    expect(bboxOf(g)).toEqual([104, 30, 104.3, 30.6]);
  });

  it('renders as a PostgreSQL box literal', () => {
    expect(boxLiteral([1, 2, 3, 4])).toBe('((1,2),(3,4))');
  });
});

describe('containsPoint', () => {
  const withHole = polygon(rect(0, 0, 10, 10), rect(4, 4, 6, 6));

  it('is true inside the outer ring', () => {
    expect(containsPoint(withHole, 2, 2)).toBe(true);
    expect(containsPoint(withHole, 8, 5)).toBe(true);
  });

  it('is false outside', () => {
    expect(containsPoint(withHole, 11, 5)).toBe(false);
    expect(containsPoint(withHole, -0.5, -0.5)).toBe(false);
  });

  it('is false inside a hole', () => {
    expect(containsPoint(withHole, 5, 5)).toBe(false);
  });

  it('looks at every polygon of a multipolygon', () => {
    const g = multi([rect(0, 0, 1, 1)], [rect(5, 5, 6, 6)]);
    expect(containsPoint(g, 0.5, 0.5)).toBe(true);
    expect(containsPoint(g, 5.5, 5.5)).toBe(true);
    expect(containsPoint(g, 3, 3)).toBe(false);
  });

  it('works on a real grid outline near Chengdu', () => {
    const grid = polygon(rect(104.0452, 30.6081, 104.051533, 30.6181));
    expect(containsPoint(grid, 104.048, 30.613)).toBe(true);
    expect(containsPoint(grid, 104.052, 30.613)).toBe(false);
  });
});

describe('geometryProblem', () => {
  it('accepts closed rings', () => {
    expect(geometryProblem(polygon(rect(0, 0, 1, 1)))).toBeNull();
    expect(geometryProblem(polygon(rect(0, 0, 10, 10), rect(4, 4, 6, 6)))).toBeNull();
    expect(geometryProblem(multi([rect(0, 0, 1, 1)], [rect(2, 2, 3, 3)]))).toBeNull();
  });

  it('reports an open outer ring', () => {
    const open = rect(0, 0, 1, 1).slice(0, 4);
    open.push([0, 0.5]);
    expect(geometryProblem(polygon(open))).toBe('ring_not_closed');
  });

  it('reports an open hole and an open ring in a later polygon', () => {
    const openHole = rect(4, 4, 6, 6);
    openHole[openHole.length - 1] = [4, 5];
    expect(geometryProblem(polygon(rect(0, 0, 10, 10), openHole))).toBe('ring_not_closed');
    const openSecond = rect(2, 2, 3, 3);
    openSecond[openSecond.length - 1] = [2.5, 2];
    expect(geometryProblem(multi([rect(0, 0, 1, 1)], [openSecond]))).toBe('ring_not_closed');
  });

  it('reports a closed ring that has fewer than three distinct points', () => {
    expect(
      geometryProblem(
        polygon([
          [0, 0],
          [1, 1],
          [1, 1],
          [0, 0],
        ]),
      ),
    ).toBe('ring_degenerate');
  });
});

describe('WGS-84 ⇄ GCJ-02', () => {
  const chengdu: [number, number] = [104.06, 30.61];

  it('shifts a Chengdu point by hundreds of metres into GCJ-02', () => {
    const gcj = convertPoint(...chengdu, 'wgs84', 'gcj02');
    expect(gcj).not.toEqual(chengdu);
    const d = metres(chengdu, gcj);
    expect(d).toBeGreaterThan(100);
    expect(d).toBeLessThan(1000);
  });

  it('round-trips WGS-84 → GCJ-02 → WGS-84 within 1e-5 degrees', () => {
    const gcj = convertPoint(...chengdu, 'wgs84', 'gcj02');
    const back = convertPoint(...gcj, 'gcj02', 'wgs84');
    expect(Math.abs(back[0] - chengdu[0])).toBeLessThan(1e-5);
    expect(Math.abs(back[1] - chengdu[1])).toBeLessThan(1e-5);
  });

  it('leaves a point alone when both systems are the same', () => {
    expect(convertPoint(...chengdu, 'wgs84', 'wgs84')).toEqual(chengdu);
    expect(convertPoint(...chengdu, 'gcj02', 'gcj02')).toEqual(chengdu);
  });

  it('converts every vertex of a geometry without touching the input', () => {
    const g = multi([rect(104.05, 30.6, 104.06, 30.61)], [rect(104.07, 30.62, 104.08, 30.63)]);
    const before = structuredClone(g);
    const gcj = convertGeometry(g, 'wgs84', 'gcj02');
    expect(g).toEqual(before);
    expect(gcj.type).toBe('MultiPolygon');
    const src = (g.coordinates as number[][][][]).flat(2);
    const out = (gcj.coordinates as number[][][][]).flat(2);
    expect(out).toHaveLength(src.length);
    out.forEach((p, i) => {
      const want = convertPoint(src[i]![0]!, src[i]![1]!, 'wgs84', 'gcj02');
      expect(p[0]).toBeCloseTo(want[0], 9);
      expect(p[1]).toBeCloseTo(want[1], 9);
      expect(metres(src[i] as [number, number], p as [number, number])).toBeGreaterThan(100);
    });
    const back = convertGeometry(gcj, 'gcj02', 'wgs84');
    (back.coordinates as number[][][][]).flat(2).forEach((p, i) => {
      expect(Math.abs(p[0]! - src[i]![0]!)).toBeLessThan(1e-5);
      expect(Math.abs(p[1]! - src[i]![1]!)).toBeLessThan(1e-5);
    });
  });

  it('returns the same geometry when no conversion is needed', () => {
    const g = polygon(rect(104.05, 30.6, 104.06, 30.61));
    expect(convertGeometry(g, 'wgs84', 'wgs84')).toBe(g);
  });
});
