import type { AreaDetail, AreaNode } from '@doorstep/contract';
import { keepPreviousData, queryOptions } from '@tanstack/react-query';
import type { MultiPolygon, Polygon } from 'geojson';
import { api } from '../../app/api';
import { queryClient } from '../../app/queries';

/** Every area query lives under ['areas'], so one invalidation refreshes tree, detail and map. */
export const rootsQuery = (archived: boolean) =>
  queryOptions({
    queryKey: ['areas', 'roots', archived],
    queryFn: () => api<{ items: AreaNode[] }>(`/api/areas?includeArchived=${archived}`).then((r) => r.items),
    // Keep the old level on screen while "show archived" reloads it, so the tree does not flicker.
    placeholderData: keepPreviousData,
  });

export const childrenQuery = (parentId: number, archived: boolean) =>
  queryOptions({
    queryKey: ['areas', 'children', parentId, archived],
    queryFn: () =>
      api<{ items: AreaNode[] }>(`/api/areas?parentId=${parentId}&includeArchived=${archived}`).then(
        (r) => r.items,
      ),
    placeholderData: keepPreviousData,
  });

export const detailQuery = (id: number) =>
  queryOptions({
    queryKey: ['areas', 'detail', id],
    queryFn: () => api<AreaDetail>(`/api/areas/${id}`),
  });

export const searchQuery = (q: string) =>
  queryOptions({
    queryKey: ['areas', 'search', q],
    queryFn: () =>
      api<{ items: AreaNode[] }>(`/api/areas/search?q=${encodeURIComponent(q)}&limit=20`).then(
        (r) => r.items,
      ),
    enabled: q.length > 0,
    staleTime: 30_000,
  });

export type Crs = 'wgs84' | 'gcj02';

export interface GridFeature {
  type: 'Feature';
  id: number;
  geometry: Polygon | MultiPolygon;
  properties: {
    id: number;
    name: string;
    code: string | null;
    communityId: number;
    communityName: string;
    leadWorkerName: string | null;
  };
}
export interface GridCollection {
  type: 'FeatureCollection';
  features: GridFeature[];
}

export const gridsQuery = (id: number, crs: Crs) =>
  queryOptions({
    queryKey: ['areas', 'grids', id, crs],
    queryFn: () => api<GridCollection>(`/api/areas/${id}/grids.geojson?crs=${crs}`),
  });

/** After any change: refetch everything the tree, detail and map show. */
export const refreshAreas = () => queryClient.invalidateQueries({ queryKey: ['areas'] });

export const areaApi = {
  create: (body: {
    parentId: number;
    kind: string;
    name: string;
    code?: string | null;
    properties: Record<string, unknown>;
  }) => api<{ id: number }>('/api/areas', { method: 'POST', json: body }),
  update: (id: number, body: Record<string, unknown>) =>
    api<AreaDetail>(`/api/areas/${id}`, { method: 'PATCH', json: body }),
  move: (id: number, body: { version: number; parentId: number; code?: string }) =>
    api(`/api/areas/${id}/move`, { method: 'POST', json: body }),
  setArchived: (id: number, version: number, archived: boolean) =>
    api(`/api/areas/${id}/${archived ? 'archive' : 'restore'}`, { method: 'POST', json: { version } }),
  assignWorkers: (id: number, body: { leadUserId: string | null; memberUserIds: string[] }) =>
    api(`/api/areas/${id}/workers`, { method: 'PUT', json: body }),
};

/**
 * "龙腾社区 / 第1网格" for a search result, from names already cached by the tree (the search API
 * returns ids only), so same-named grids and buildings can be told apart.
 */
export function pathLabel(path: string): string {
  const names = new Map<number, string>();
  for (const [, data] of queryClient.getQueriesData<AreaNode[] | AreaDetail>({ queryKey: ['areas'] })) {
    if (Array.isArray(data)) for (const a of data) names.set(a.id, a.name);
    else if (data && 'ancestors' in data) for (const a of data.ancestors) names.set(a.id, a.name);
  }
  const ids = path.split('.').map(Number);
  return ids
    .slice(1, -1)
    .map((id) => names.get(id))
    .filter(Boolean)
    .join(' / ');
}
