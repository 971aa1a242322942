/** The inbox (消息), shared by the H5 and the console: badge count, pages, mark read. */
import type { NotificationList } from '@doorstep/contract';
import { useInfiniteQuery, useQuery } from '@tanstack/react-query';
import { api } from './api';
import { queryClient } from './queries';

/** More than this shows as "99+". (Kept here, not in the contract: a value import of the contract pulls zod into
 * the H5's first load, ~20 KB gzipped.) */
export const BADGE_MAX = 99;

/** Every notification query lives under ['notifications'], so one invalidation refreshes badge and list. */
export const notificationsKey = ['notifications'] as const;
const PAGE_SIZE = 20;

/** The unread badge: polled every minute and whenever the page comes back into view. */
export function useUnreadCount() {
  return useQuery({
    queryKey: [...notificationsKey, 'unread'],
    queryFn: () => api<NotificationList>('/api/my/notifications?pageSize=1').then((r) => r.unread),
    refetchInterval: 60_000,
    refetchOnWindowFocus: 'always',
  });
}

/** The inbox, newest first, a page at a time. */
export function useNotifications() {
  return useInfiniteQuery({
    queryKey: [...notificationsKey, 'list'],
    queryFn: ({ pageParam }) =>
      api<NotificationList>(`/api/my/notifications?page=${pageParam}&pageSize=${PAGE_SIZE}`),
    initialPageParam: 1,
    getNextPageParam: (last) => (last.page * last.pageSize < last.total ? last.page + 1 : undefined),
    refetchInterval: 60_000,
    refetchOnWindowFocus: 'always',
  });
}

/** Marks some or all read, then refreshes the badge and the list. */
export async function markRead(body: { ids: number[] } | { all: true }) {
  await api('/api/my/notifications/read', { method: 'POST', json: body });
  await queryClient.invalidateQueries({ queryKey: notificationsKey });
}
