import type { ImportJob, ImportMode } from '@doorstep/contract';
import { queryOptions } from '@tanstack/react-query';
import { api, upload } from '../../app/api';

export type ImportKind = 'excel' | 'geojson';
export type Crs = 'wgs84' | 'gcj02';

/** Polls every 500 ms while the server is still working through the rows. */
export const importJobQuery = (id: number) =>
  queryOptions({
    queryKey: ['imports', id],
    queryFn: () => api<ImportJob>(`/api/imports/${id}`),
    refetchInterval: (q) => (q.state.data?.status === 'running' ? 500 : false),
    staleTime: 0,
  });

/** Posts a file with its form fields (file last, as the server reads fields first) and returns the started job. */
export function uploadImport(
  path: string,
  file: File,
  fields: Record<string, string | undefined>,
  onProgress: (percent: number) => void,
) {
  const form = new FormData();
  for (const [k, v] of Object.entries(fields)) if (v !== undefined) form.append(k, v);
  form.append('file', file, file.name);
  return upload<ImportJob>(path, form, onProgress);
}

/** Sends an areas file (with upload progress) and returns the started job. */
export function startImport(
  kind: ImportKind,
  input: { file: File; mode: ImportMode; rootId?: number; crs: Crs },
  onProgress: (percent: number) => void,
) {
  const path = kind === 'excel' ? '/api/areas/imports' : '/api/areas/geojson-imports';
  return uploadImport(
    path,
    input.file,
    {
      mode: input.mode,
      rootId: input.rootId ? String(input.rootId) : undefined,
      crs: kind === 'geojson' ? input.crs : undefined,
    },
    onProgress,
  );
}

/** The template's column order, so a row's original values read as they did in the spreadsheet. */
export const COLUMN_ORDER = ['类型', '名称', '编码', '上级编码', '户数', '人口', '楼栋数', '地址', '备注'];
