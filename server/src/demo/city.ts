import type { AreaKind, AreaProperties, PolygonGeometry } from '@doorstep/contract';

/** One generated area node; `key` and `parentKey` tie the tree together before ids exist. */
export interface CityNode {
  key: string;
  parentKey: string | null;
  streetKey: string;
  kind: AreaKind;
  name: string;
  code: string;
  geometry: PolygonGeometry | null;
  properties: AreaProperties;
}

export interface CitySpec {
  /** 6-digit district code the streets belong to */
  districtCode: string;
  streets: number;
  communitiesPerStreet: number;
  gridsPerCommunity: number | ((street: number, community: number) => number);
  compoundsPerGrid: number;
  buildingsPerCompound: number;
  /** south-west corner of the city, WGS-84 */
  origin: [number, number];
  seed: number;
  names?: {
    street?: (i: number) => string;
    community?: (s: number, c: number) => string;
    compound?: (s: number, c: number, g: number, k: number) => string | undefined;
    households?: (s: number, c: number) => number | undefined;
  };
}

/** mulberry32: small deterministic PRNG so the same seed builds the same city. */
export function prng(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const rect = (x0: number, y0: number, x1: number, y1: number): PolygonGeometry => ({
  type: 'Polygon',
  coordinates: [
    [
      [round(x0), round(y0)],
      [round(x1), round(y0)],
      [round(x1), round(y1)],
      [round(x0), round(y1)],
      [round(x0), round(y0)],
    ],
  ],
});
const round = (v: number) => Math.round(v * 1e6) / 1e6;
const pad = (n: number, w = 3) => String(n).padStart(w, '0');

const COMPOUND_WORDS = [
  '锦绣',
  '翠湖',
  '金桂',
  '银杏',
  '和平',
  '幸福',
  '阳光',
  '春华',
  '秋实',
  '康乐',
  '如意',
  '长青',
  '滨江',
  '云锦',
  '丽景',
  '安居',
];
const COMPOUND_SUFFIX = ['苑', '园', '小区', '花园', '家园', '雅居'];

/**
 * Builds a city of streets → communities → grids (outlines tile the community) → compounds → buildings,
 * with GB/T 30428.1 codes. Deterministic for a seed; the demo city and the megacity benchmarks both use it.
 */
export function generateCity(spec: CitySpec): CityNode[] {
  const rand = prng(spec.seed);
  const nodes: CityNode[] = [];
  const streetW = 0.02 * spec.communitiesPerStreet;
  for (let s = 1; s <= spec.streets; s++) {
    const streetCode = `${spec.districtCode}${pad(s)}`;
    const sx = spec.origin[0] + ((s - 1) % 20) * (streetW + 0.002);
    const sy = spec.origin[1] + Math.floor((s - 1) / 20) * 0.022;
    const streetKey = `s${s}`;
    nodes.push({
      key: streetKey,
      parentKey: null,
      streetKey,
      kind: 'street',
      name: spec.names?.street?.(s) ?? `第${s}街道`,
      code: streetCode,
      geometry: null,
      properties: {},
    });
    for (let c = 1; c <= spec.communitiesPerStreet; c++) {
      const communityCode = `${streetCode}${pad(c)}`;
      const cx0 = sx + (c - 1) * 0.02;
      const [cx1, cy0, cy1] = [cx0 + 0.019, sy, sy + 0.02];
      const grids =
        typeof spec.gridsPerCommunity === 'function' ? spec.gridsPerCommunity(s, c) : spec.gridsPerCommunity;
      const cols = Math.ceil(Math.sqrt(grids));
      const rows = Math.ceil(grids / cols);
      const cKey = `${streetKey}c${c}`;
      const households = spec.names?.households?.(s, c) ?? grids * (300 + Math.floor(rand() * 300));
      nodes.push({
        key: cKey,
        parentKey: streetKey,
        streetKey,
        kind: 'community',
        name: spec.names?.community?.(s, c) ?? `第${s}街道第${c}社区`,
        code: communityCode,
        geometry: rect(cx0, cy0, cx1, cy1),
        properties: {
          households,
          population: Math.round(households * 2.5),
          buildings: grids * spec.compoundsPerGrid * spec.buildingsPerCompound,
        },
      });
      for (let g = 1; g <= grids; g++) {
        const col = (g - 1) % cols;
        const row = Math.floor((g - 1) / cols);
        // the last row stretches so the grids tile the whole community
        const w = (cx1 - cx0) / (row === rows - 1 ? grids - row * cols : cols);
        const h = (cy1 - cy0) / rows;
        const gx0 = cx0 + col * w;
        const gy0 = cy0 + row * h;
        const gKey = `${cKey}g${g}`;
        const gridCode = `${communityCode}${pad(g)}`;
        nodes.push({
          key: gKey,
          parentKey: cKey,
          streetKey,
          kind: 'grid',
          name: `第${g}网格`,
          code: gridCode,
          geometry: rect(gx0, gy0, gx0 + w, gy0 + h),
          properties: { households: Math.round(households / grids) },
        });
        for (let k = 1; k <= spec.compoundsPerGrid; k++) {
          const kKey = `${gKey}k${k}`;
          const word = COMPOUND_WORDS[Math.floor(rand() * COMPOUND_WORDS.length)]!;
          const suffix = COMPOUND_SUFFIX[Math.floor(rand() * COMPOUND_SUFFIX.length)]!;
          const compoundCode = `${gridCode}-${pad(k, 2)}`;
          nodes.push({
            key: kKey,
            parentKey: gKey,
            streetKey,
            kind: 'compound',
            name: spec.names?.compound?.(s, c, g, k) ?? `${word}${suffix}`,
            code: compoundCode,
            geometry: null,
            properties: { buildings: spec.buildingsPerCompound },
          });
          for (let b = 1; b <= spec.buildingsPerCompound; b++)
            nodes.push({
              key: `${kKey}b${b}`,
              parentKey: kKey,
              streetKey,
              kind: 'building',
              name: `${b}栋`,
              code: `${compoundCode}-${pad(b, 2)}`,
              geometry: null,
              properties: { households: 12 + Math.floor(rand() * 60) },
            });
        }
      }
    }
  }
  return nodes;
}
