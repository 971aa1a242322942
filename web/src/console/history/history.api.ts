import type {
  BulkResult,
  HistoryField,
  HistoryMapping,
  HistoryPreview,
  ImportMode,
  SuggesterAccuracy,
} from '@doorstep/contract';
import { queryOptions } from '@tanstack/react-query';
import { api, upload } from '../../app/api';
import { uploadImport } from '../imports/imports.api';

/** The fields in the order the mapping form shows them; the first two are required. */
export const HISTORY_FIELDS: HistoryField[] = [
  'description',
  'createdAt',
  'address',
  'category',
  'nature',
  'sourceRef',
  'closedAt',
  'resolved',
  'satisfaction',
  'lng',
  'lat',
  'reporterName',
];
export const REQUIRED_FIELDS: HistoryField[] = ['description', 'createdAt'];

/** Reads the file on the server: encoding, headers, row count, a sample and the guessed mapping. */
export function previewHistory(file: File, onProgress: (percent: number) => void) {
  const form = new FormData();
  form.append('file', file, file.name);
  return upload<HistoryPreview>('/api/requests/history/preview', form, onProgress);
}

/** Starts an import job with the user's mapping and place. */
export function startHistoryImport(
  input: { file: File; mode: ImportMode; rootId?: number; mapping: HistoryMapping },
  onProgress: (percent: number) => void,
) {
  return uploadImport(
    '/api/requests/history/imports',
    input.file,
    {
      mode: input.mode,
      rootId: input.rootId ? String(input.rootId) : undefined,
      mapping: JSON.stringify(input.mapping),
    },
    onProgress,
  );
}

export const suggesterQuery = (areaId: number | undefined) =>
  queryOptions({
    queryKey: ['requests', 'suggester', areaId ?? null],
    queryFn: () => api<SuggesterAccuracy>(`/api/requests/suggester${areaId ? `?areaId=${areaId}` : ''}`),
    staleTime: 60_000,
  });

export const bulkDispatch = (body: {
  items: { id: number; version: number }[];
  kind: string;
  orgId: number;
  note?: string;
}) => api<BulkResult>('/api/requests/bulk-dispatch', { method: 'POST', json: body });
