import type { AreaNode } from '@doorstep/contract';
import { useQuery } from '@tanstack/react-query';
import { Select, Space } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../app/api';

/** The communities the staff member works in: their community roles, or the communities of their streets. */
export function useCommunity() {
  const q = useQuery({
    queryKey: ['activities', 'communities'],
    queryFn: async () => {
      const roots = (await api<{ items: AreaNode[] }>('/api/areas')).items;
      const out: AreaNode[] = roots.filter((a) => a.kind === 'community');
      for (const s of roots.filter((a) => a.kind === 'street'))
        out.push(
          ...(await api<{ items: AreaNode[] }>(`/api/areas?parentId=${s.id}`)).items.filter(
            (a) => a.kind === 'community',
          ),
        );
      return out;
    },
  });
  const [community, setCommunity] = useState<number>();
  useEffect(() => {
    if (community === undefined && q.data?.[0]) setCommunity(q.data[0].id);
  }, [q.data, community]);
  return { communities: q, community, setCommunity };
}

export function CommunitySelect({ c }: { c: ReturnType<typeof useCommunity> }) {
  const { t } = useTranslation();
  return (
    <Space wrap>
      <span>{t('console.activities.community')}</span>
      <Select
        style={{ minWidth: 160 }}
        value={c.community}
        onChange={c.setCommunity}
        loading={c.communities.isPending}
        options={(c.communities.data ?? []).map((a) => ({ value: a.id, label: a.name }))}
        data-testid="activities-community"
      />
    </Space>
  );
}

export const fmt = (iso: string) =>
  new Intl.DateTimeFormat('zh-CN', {
    timeZone: 'Asia/Shanghai',
    month: 'numeric',
    day: 'numeric',
    weekday: 'short',
    hour: '2-digit',
    minute: '2-digit',
  }).format(new Date(iso));
export const hm = (iso: string) =>
  new Intl.DateTimeFormat('zh-CN', { timeZone: 'Asia/Shanghai', hour: '2-digit', minute: '2-digit' }).format(
    new Date(iso),
  );
export const hours = (minutes: number) => String(Math.round((minutes / 60) * 10) / 10);
