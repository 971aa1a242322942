import type {
  ActionBody,
  Category as CategorySchema,
  IntakeBody,
  RequestDetail,
  RequestSummary,
  ResponderOrg as ResponderOrgSchema,
  Suggestion as SuggestionSchema,
} from '@doorstep/contract';
import { keepPreviousData, queryOptions } from '@tanstack/react-query';
import { api } from '../../app/api';
import { queryClient } from '../../app/queries';

export type Category = ReturnType<typeof CategorySchema.parse>;
export type ResponderOrg = ReturnType<typeof ResponderOrgSchema.parse>;
export type Suggestion = ReturnType<typeof SuggestionSchema.parse>;
/** IntakeBody as sent (zod input: the defaulted fields may be given). */
export type IntakeInput = Omit<IntakeBody, 'crs'> & { crs?: IntakeBody['crs'] };

export const QUEUES = ['all', 'new', 'mine', 'overdue', 'verify', 'returned', 'delay', 'closed'] as const;
export type Queue = (typeof QUEUES)[number];

/** The workbench's list filters, as they appear in the URL. */
export interface ListParams {
  queue: Queue;
  status?: string;
  gridId?: number;
  categoryCode?: string;
  channel?: string;
  nature?: string;
  q?: string;
  page: number;
  pageSize: number;
}
export interface RequestPage {
  items: RequestSummary[];
  total: number;
  page: number;
  pageSize: number;
}

const queryString = (p: Partial<ListParams>) => {
  const s = new URLSearchParams();
  for (const [k, v] of Object.entries(p)) if (v !== undefined && v !== '' && v !== null) s.set(k, String(v));
  return s.toString();
};

/** Every request query lives under ['requests'], so one invalidation refreshes list, counts and detail. */
export const listQuery = (p: ListParams) =>
  queryOptions({
    queryKey: ['requests', 'list', p],
    queryFn: () => api<RequestPage>(`/api/requests?${queryString(p)}`),
    placeholderData: keepPreviousData,
    // new requests and deadlines passing show up without a reload
    refetchInterval: 60_000,
  });

/** The size of one queue (tab badge), unfiltered. */
export const countQuery = (queue: Queue) =>
  queryOptions({
    queryKey: ['requests', 'count', queue],
    queryFn: () => api<RequestPage>(`/api/requests?queue=${queue}&pageSize=1`).then((r) => r.total),
    staleTime: 30_000,
    refetchInterval: 60_000,
  });

export const detailQuery = (id: number) =>
  queryOptions({
    queryKey: ['requests', 'detail', id],
    queryFn: () => api<RequestDetail>(`/api/requests/${id}`),
  });

/** Finds requests by number or words in the description (the merge target picker). */
export const searchQuery = (q: string) =>
  queryOptions({
    queryKey: ['requests', 'search', q],
    queryFn: () => api<RequestPage>(`/api/requests?${queryString({ queue: 'all', q, pageSize: 20 })}`),
    enabled: q.length > 0,
    staleTime: 30_000,
  });

export const categoriesQuery = queryOptions({
  queryKey: ['request-categories'],
  queryFn: () => api<{ items: Category[] }>('/api/request-categories').then((r) => r.items),
  staleTime: 10 * 60_000,
});

export const respondersQuery = queryOptions({
  queryKey: ['responder-orgs'],
  queryFn: () => api<{ items: ResponderOrg[] }>('/api/responder-orgs').then((r) => r.items),
  staleTime: 5 * 60_000,
});

/** After any change: refetch the lists, the queue counts and the open detail. */
export const refreshRequests = () => queryClient.invalidateQueries({ queryKey: ['requests'] });

/** Puts a fresh detail (the answer of an action) in the cache and refreshes the lists around it. */
function settle(detail: RequestDetail) {
  queryClient.setQueryData(detailQuery(detail.id).queryKey, detail);
  void queryClient.invalidateQueries({
    queryKey: ['requests'],
    predicate: (q) => q.queryKey[1] !== 'detail' || q.queryKey[2] !== detail.id,
  });
  return detail;
}

/** An action without its version (the modal adds the version of the detail on screen). */
export type ActionInput = ActionBody extends infer A
  ? A extends ActionBody
    ? Omit<A, 'version'>
    : never
  : never;

export const requestApi = {
  act: (id: number, version: number, body: ActionInput) =>
    api<RequestDetail>(`/api/requests/${id}/actions`, {
      method: 'POST',
      json: { ...body, version },
    }).then(settle),
  comment: (id: number, body: { note: string; internal: boolean; photos: string[] }) =>
    api<RequestDetail>(`/api/requests/${id}/comments`, {
      method: 'POST',
      json: body,
    }).then(settle),
  /** A retry with the same key returns the request the first try created (no duplicate). */
  intake: (body: IntakeInput, idempotencyKey: string) =>
    api<RequestDetail>('/api/requests/intake', {
      method: 'POST',
      json: body,
      headers: { 'idempotency-key': idempotencyKey },
    }).then(settle),
  /** 延期: a new resolve deadline or extra working days, with the reason. */
  askDelay: (id: number, version: number, body: { until?: string; workingDays?: number; reason: string }) =>
    api<RequestDetail>(`/api/requests/${id}/delays`, {
      method: 'POST',
      json: { ...body, version, photos: [] },
    }).then(settle),
  decideDelay: (
    id: number,
    version: number,
    delayId: number,
    body: { decision: 'approve'; until?: string; note?: string } | { decision: 'refuse'; note: string },
  ) =>
    api<RequestDetail>(`/api/requests/${id}/delays/${delayId}/decision`, {
      method: 'POST',
      json: { ...body, version },
    }).then(settle),
  revisit: (id: number, body: { method: string; contact: string; words?: string; result: string }) =>
    api<RequestDetail>(`/api/requests/${id}/revisits`, { method: 'POST', json: body }).then(settle),
  proposeExclusion: (id: number, version: number, reason: string) =>
    api<RequestDetail>(`/api/requests/${id}/rating-exclusions`, {
      method: 'POST',
      json: { version, reason },
    }).then(settle),
  decideExclusion: (
    id: number,
    version: number,
    exclusionId: number,
    body: { decision: 'approve' | 'refuse'; note?: string },
  ) =>
    api<RequestDetail>(`/api/requests/${id}/rating-exclusions/${exclusionId}/decision`, {
      method: 'POST',
      json: { ...body, version },
    }).then(settle),
  suggest: (description: string) =>
    api<Suggestion>('/api/requests/suggest', { method: 'POST', json: { description } }),
};

/** A fresh Idempotency-Key (randomUUID needs a secure context; plain-http intranets fall back). */
export function newIdempotencyKey(): string {
  if (typeof crypto.randomUUID === 'function') return crypto.randomUUID();
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}
