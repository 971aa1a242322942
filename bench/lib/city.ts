import { type CityNode, generateCity } from '@doorstep/server/demo/city';

/**
 * The megacity at a scale factor: 1.0 = 300 streets, 3,000 communities, 30,000 grids (QUALITY.md's design
 * point), each grid with 2 compounds × 4 buildings. Deterministic: the same factor builds the same city.
 */
export function cityAtScale(factor: number, seed = 42): CityNode[] {
  const streets = Math.max(1, Math.round(300 * factor));
  return generateCity({
    districtCode: '990200',
    streets,
    communitiesPerStreet: 10,
    gridsPerCommunity: 10,
    compoundsPerGrid: 2,
    buildingsPerCompound: 4,
    origin: [116.2, 39.8],
    seed,
  });
}

export const describeCity = (nodes: CityNode[]) => {
  const count = (k: string) => nodes.filter((n) => n.kind === k).length;
  return `${count('street')} streets/${count('community')} communities/${count('grid')} grids/${count('building')} buildings`;
};
