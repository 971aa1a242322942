import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { childrenQuery, rootsQuery } from '../areas/areas.api';

export interface RootOption {
  value: number;
  label: string;
}

/**
 * The places a history import (or the suggester's accuracy) can be about: my streets and communities, and the
 * communities of a street I look after. The first is the default.
 */
export function useImportRoots(): { options: RootOption[]; loading: boolean } {
  const { t } = useTranslation();
  const roots = useQuery(rootsQuery(false));
  const top = (roots.data ?? []).filter((a) => ['street', 'community', 'grid'].includes(a.kind));
  const street = top.length === 1 && top[0]!.kind === 'street' ? top[0] : undefined;
  const below = useQuery({ ...childrenQuery(street?.id ?? 0, false), enabled: street != null });
  const areas = [...top, ...(below.data ?? []).filter((a) => a.kind === 'community')];
  return {
    options: areas.map((a) => ({ value: a.id, label: `${a.name}（${t(`kinds.${a.kind}`)}）` })),
    loading: roots.isPending,
  };
}
