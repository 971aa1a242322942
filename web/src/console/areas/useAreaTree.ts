import { type AreaNode, CHILD_KINDS } from '@doorstep/contract';
import { useQueries, useQuery } from '@tanstack/react-query';
import { useCallback, useEffect, useMemo, useState } from 'react';
import { queryClient } from '../../app/queries';
import { childrenQuery, rootsQuery } from './areas.api';

export interface AreaTreeNode {
  key: number;
  area: AreaNode;
  isLeaf: boolean;
  children?: AreaTreeNode[];
}

// Outside the hook so react-query can keep the combined result stable between renders.
const combineChildren = (results: { data?: AreaNode[]; isFetching: boolean }[]) => ({
  data: results.map((r) => r.data),
  fetching: results.some((r) => r.isFetching),
});

/**
 * The lazily loaded area tree. Children come from react-query (one query per opened node), so
 * invalidating ['areas'] after a change refreshes every open branch in place.
 */
export function useAreaTree(includeArchived: boolean) {
  const roots = useQuery(rootsQuery(includeArchived));
  const [opened, setOpened] = useState<number[]>([]);
  const [expandedKeys, setExpandedKeys] = useState<number[]>([]);
  const children = useQueries({
    queries: opened.map((id) => childrenQuery(id, includeArchived)),
    combine: combineChildren,
  });

  const treeData = useMemo(() => {
    const byParent = new Map<number, AreaNode[]>();
    opened.forEach((id, i) => {
      const data = children.data[i];
      if (data) byParent.set(id, data);
    });
    const toNode = (a: AreaNode): AreaTreeNode => ({
      key: a.id,
      area: a,
      isLeaf: a.childCount === 0 || CHILD_KINDS[a.kind].length === 0,
      children: byParent.get(a.id)?.map(toNode),
    });
    return (roots.data ?? []).map(toNode);
  }, [roots.data, opened, children]);

  const open = useCallback((ids: number[]) => {
    setOpened((prev) => (ids.every((id) => prev.includes(id)) ? prev : [...new Set([...prev, ...ids])]));
  }, []);

  // Open the user's own top nodes at first, so the first screen already shows their grids.
  const [autoOpened, setAutoOpened] = useState(false);
  useEffect(() => {
    if (autoOpened || !roots.data) return;
    setAutoOpened(true);
    const ids = roots.data.length <= 3 ? roots.data.filter((r) => r.childCount > 0).map((r) => r.id) : [];
    if (!ids.length) return;
    open(ids);
    setExpandedKeys((prev) => [...new Set([...prev, ...ids])]);
  }, [autoOpened, roots.data, open]);

  /** antd Tree's loadData: start observing the node's children and wait for the first answer. */
  const loadChildren = useCallback(
    async (id: number) => {
      open([id]);
      await queryClient.ensureQueryData(childrenQuery(id, includeArchived));
    },
    [includeArchived, open],
  );

  /** Opens every visible ancestor so the node shows in the tree (after a search or a map click). */
  const revealPath = useCallback(
    (ancestorIds: number[]) => {
      const rootIds = new Set((roots.data ?? []).map((r) => r.id));
      const start = ancestorIds.findIndex((id) => rootIds.has(id));
      if (start < 0) return;
      const ids = ancestorIds.slice(start);
      open(ids);
      setExpandedKeys((prev) =>
        ids.every((id) => prev.includes(id)) ? prev : [...new Set([...prev, ...ids])],
      );
    },
    [roots.data, open],
  );

  return {
    roots,
    treeData,
    expandedKeys,
    setExpandedKeys,
    loadChildren,
    revealPath,
    childrenLoading: children.fetching,
  };
}
