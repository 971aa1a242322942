import type { RequestDetail, RequestStatus, RequestSummary } from '@doorstep/contract';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api } from '../../app/api';

/** Server calls of the resident's requests (types from the contract, shapes in contract/src/requests.ts). */

export interface CategoryItem {
  code: string;
  parentCode: string | null;
  nameZh: string;
  nameEn: string;
}
export interface SuggestResult {
  categories: { code: string; name: string; score: number }[];
  grid: { id: number; name: string } | null;
  duplicates: {
    id: number;
    publicNo: string;
    description: string;
    status: RequestStatus;
    createdAt: string;
    categoryName: string;
    /** null: matched by place (same grid), not by distance */
    distanceM: number | null;
  }[];
}
export type ReportPayload = {
  description: string;
  nature: string;
  categoryCode?: string;
  lng?: number;
  lat?: number;
  crs: 'wgs84' | 'gcj02';
  address?: string;
  placeAreaId?: number;
  anonymous: boolean;
  photos: string[];
};

export const myRequestsKey = ['my-requests'] as const;
export const requestKey = (id: number) => ['request', id] as const;

export function useMyRequests(enabled = true) {
  return useQuery({
    queryKey: myRequestsKey,
    queryFn: () => api<{ items: RequestSummary[] }>('/api/my/requests'),
    enabled,
  });
}

export function useRequest(id: number) {
  return useQuery({
    queryKey: requestKey(id),
    queryFn: () => api<RequestDetail>(`/api/requests/${id}`),
    enabled: Number.isInteger(id) && id > 0,
  });
}

export function useCategories() {
  return useQuery({
    queryKey: ['request-categories'],
    queryFn: () => api<{ items: CategoryItem[] }>('/api/request-categories'),
    staleTime: 60 * 60_000,
  });
}

/** A category's name in the UI language (the server's lists carry the Chinese name only). */
export function useCategoryName() {
  const { i18n } = useTranslation();
  const categories = useCategories();
  const en = i18n.language?.startsWith('en');
  return (code: string | null | undefined, fallback?: string | null): string => {
    const c = code
      ? categories.data?.items.find((x) => x.code === code)
      : fallback
        ? categories.data?.items.find((x) => x.nameZh === fallback)
        : undefined;
    if (c) return en ? c.nameEn : c.nameZh;
    return fallback ?? code ?? '';
  };
}

/** One attempt at filing the report; the same key on every retry makes a retry return the first result. */
export function postReport(body: ReportPayload, key: string, signal?: AbortSignal) {
  return api<RequestDetail>('/api/requests', {
    method: 'POST',
    json: body,
    headers: { 'idempotency-key': key },
    signal,
  });
}

export function suggest(
  body: { description: string; lng?: number; lat?: number; placeAreaId?: number },
  signal?: AbortSignal,
) {
  return api<SuggestResult>('/api/requests/suggest', {
    method: 'POST',
    json: { ...body, crs: 'wgs84' },
    signal,
  });
}

export const meToo = (id: number) =>
  api<{ meToo: number }>(`/api/requests/${id}/me-too`, { method: 'POST', json: {} });

export const rateRequest = (
  id: number,
  body: {
    version: number;
    resolved: 'yes' | 'partly' | 'no';
    satisfaction: 'satisfied' | 'basic' | 'unsatisfied';
    note?: string;
  },
) =>
  api<RequestDetail>(`/api/requests/${id}/actions`, {
    method: 'POST',
    json: { action: 'rate', ...body },
  });

export const addNote = (id: number, note: string) =>
  api<RequestDetail>(`/api/requests/${id}/comments`, {
    method: 'POST',
    json: { note, internal: false, photos: [] },
  });
