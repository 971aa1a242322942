import { useQueries, useQuery } from '@tanstack/react-query';
import { useMemo } from 'react';
import { type GridCollection, type GridFeature, gridsQuery, rootsQuery } from '../areas/areas.api';
import { MAP_CRS } from '../areas/mapConfig';
import type { GridOption } from './RequestFilters';

/**
 * The grids of the user's own areas (their top nodes' grid outlines): the grid filter's choices and
 * the map's background. Responders without an area get none.
 */
export function useGrids(enabled: boolean) {
  const roots = useQuery({ ...rootsQuery(false), enabled });
  const collections = useQueries({
    queries: (roots.data ?? []).map((r) => ({ ...gridsQuery(r.id, MAP_CRS), enabled })),
  });
  const ready = collections.every((c) => c.data);
  const data = collections.map((c) => c.data);
  // biome-ignore lint/correctness/useExhaustiveDependencies: the collections themselves, not the query wrappers
  return useMemo(() => {
    const byId = new Map<number, GridFeature>();
    for (const c of data) for (const f of c?.features ?? []) byId.set(f.properties.id, f);
    const features = [...byId.values()];
    const collection: GridCollection = { type: 'FeatureCollection', features };
    const options: GridOption[] = features.map((f) => ({
      id: f.properties.id,
      name: f.properties.name,
      communityName: f.properties.communityName,
    }));
    return { collection, options, ready: roots.isSuccess && ready };
  }, [...data, roots.isSuccess, ready]);
}
