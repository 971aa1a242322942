import { useCallback, useEffect, useRef, useState } from 'react';
import { api } from '../../app/api';
import { queryClient } from '../../app/queries';
import { createEditQueue, type QueuedEdit } from './edit-queue';

const PATHS = { thing: 'things', person: 'people', house: 'houses' } as const;
const pathOf = (e: Pick<QueuedEdit, 'kind' | 'id'>) => `/api/records/${PATHS[e.kind]}/${e.id}`;

/** The one queue of the phone (部件巡查 and 入户走访), in localStorage, sent through the API. */
export const editQueue = createEditQueue({
  storage: {
    getItem: (k) => localStorage.getItem(k),
    setItem: (k, v) => localStorage.setItem(k, v),
  },
  send: (e) =>
    api(pathOf(e), {
      method: 'PATCH',
      headers: { 'idempotency-key': e.key },
      // fields starting with _ are for the worker's eyes only (names shown beside ids)
      json: {
        ...Object.fromEntries(Object.entries(e.body).filter(([k]) => !k.startsWith('_'))),
        version: e.version,
      },
    }),
  current: (e) => api<Record<string, unknown>>(pathOf(e)),
});

/**
 * The queue for a page: its items, and sending — at once, when the phone comes online, and every few seconds
 * (each edit's backoff decides whether it is due). `refresh` names the queries to reload after something landed.
 */
export function useEditQueue(refresh: string[][]) {
  const [items, setItems] = useState(editQueue.read);
  const queries = useRef(refresh);
  const reload = useCallback(() => setItems(editQueue.read()), []);
  const send = useCallback(
    async (now = false) => {
      if (!editQueue.read().some((e) => e.status === 'waiting')) return;
      const r = await editQueue.flush({ now });
      reload();
      if (r.sent || r.conflicts.length || r.refused.length)
        for (const queryKey of queries.current) void queryClient.invalidateQueries({ queryKey });
    },
    [reload],
  );

  useEffect(() => {
    void send(true);
    const online = () => void send(true);
    const tick = () => void send();
    window.addEventListener('online', online);
    const timer = window.setInterval(tick, 3_000);
    return () => {
      window.removeEventListener('online', online);
      window.clearInterval(timer);
    };
  }, [send]);

  return {
    items,
    push: (edit: Parameters<typeof editQueue.enqueue>[0]) => {
      editQueue.enqueue(edit);
      reload();
      void send();
    },
    retry: async (key: string) => {
      await editQueue.retry(key);
      reload();
      void send();
    },
    discard: (key: string) => {
      editQueue.discard(key);
      reload();
    },
  };
}
