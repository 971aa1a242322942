import { useCallback, useMemo } from 'react';
import { useSearchParams } from 'react-router';
import { type ListParams, QUEUES, type Queue } from './requests.api';

export type View = 'list' | 'map';
export const PAGE_SIZES = [20, 50, 100];
const FILTERS = ['status', 'gridId', 'categoryCode', 'channel', 'nature', 'q'] as const;
export type FilterKey = (typeof FILTERS)[number];

/** Queue, filters, page and view live in the URL, so a reload or a shared link shows the same list. */
export function useListParams(defaultQueue: Queue) {
  const [search, setSearch] = useSearchParams();
  const params = useMemo<ListParams>(() => {
    const queue = search.get('queue') as Queue | null;
    const num = (k: string) => {
      const v = Number(search.get(k));
      return Number.isInteger(v) && v > 0 ? v : undefined;
    };
    const pageSize = num('pageSize');
    return {
      queue: queue && QUEUES.includes(queue) ? queue : defaultQueue,
      status: search.get('status') ?? undefined,
      gridId: num('gridId'),
      categoryCode: search.get('categoryCode') ?? undefined,
      channel: search.get('channel') ?? undefined,
      nature: search.get('nature') ?? undefined,
      q: search.get('q') ?? undefined,
      page: num('page') ?? 1,
      pageSize: pageSize && PAGE_SIZES.includes(pageSize) ? pageSize : 20,
    };
  }, [search, defaultQueue]);
  const view: View = search.get('view') === 'map' ? 'map' : 'list';

  /** Changes some parameters; any change but the page itself goes back to page 1. */
  const update = useCallback(
    (changes: Partial<Record<keyof ListParams | 'view', string | number | undefined>>) =>
      setSearch(
        (prev) => {
          const next = new URLSearchParams(prev);
          for (const [k, v] of Object.entries(changes)) {
            if (v === undefined || v === '') next.delete(k);
            else next.set(k, String(v));
          }
          if (!('page' in changes)) next.delete('page');
          return next;
        },
        { replace: true },
      ),
    [setSearch],
  );
  const filtered = FILTERS.some((k) => params[k] !== undefined);
  const reset = useCallback(() => update(Object.fromEntries(FILTERS.map((k) => [k, undefined]))), [update]);
  return { params, view, update, filtered, reset, search: search.toString() };
}
