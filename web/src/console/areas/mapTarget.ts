import type { AreaDetail, AreaKind } from '@doorstep/contract';

/**
 * Which node's grids the map shows and which grid it highlights: a street or community shows its
 * own grids; a grid, compound or building shows its community's, with its grid highlighted. Only
 * nodes the user may see are used (a grid worker's top node may be the grid itself).
 */
export function mapTarget(area: AreaDetail, rootIds: Set<number>) {
  const chain: { id: number; kind: AreaKind }[] = [...area.ancestors, { id: area.id, kind: area.kind }];
  const start = chain.findIndex((a) => rootIds.has(a.id));
  const visible = start >= 0 ? chain.slice(start) : [chain.at(-1)!];
  const grid = chain.find((a) => a.kind === 'grid');
  if (area.kind === 'street' || area.kind === 'community') return { rootId: area.id, highlightId: null };
  const community = visible.find((a) => a.kind === 'community');
  return { rootId: (community ?? visible[0]!).id, highlightId: grid?.id ?? null };
}

/** Ancestors the user may open (those at or below one of their top nodes). */
export function visibleAncestorIds(area: AreaDetail, rootIds: Set<number>) {
  const start = area.ancestors.findIndex((a) => rootIds.has(a.id));
  return new Set(start < 0 ? [] : area.ancestors.slice(start).map((a) => a.id));
}
