import type { AreaKind } from '@doorstep/contract';
import { can } from '../../platform/access/policy';
import type { Actor } from '../../platform/access/scopes';

interface AreaLike {
  tenantId: number;
  path: string;
  kind: AreaKind;
  archivedAt?: Date | null;
}

const MINOR: AreaKind[] = ['compound', 'building'];

/** See a node: any viewing role whose scope holds it. */
export const canViewArea = (a: Actor, area: AreaLike) => can(a, 'area.view', area);

/** Edit name, code, outline, attributes. Grid workers keep compounds and buildings only; the street is the street admin's. */
export function canEditArea(a: Actor, area: AreaLike): boolean {
  if (area.kind === 'street') return can(a, 'area.structure', area) && scopeAtOrAbove(a, area);
  if (MINOR.includes(area.kind)) return can(a, 'area.edit.minor', area);
  return can(a, 'area.edit', area);
}

/** Add a child under `parent`: communities and grids are structure; compounds and buildings are records. */
export function canAddChild(a: Actor, parent: AreaLike): boolean {
  if (parent.archivedAt) return false;
  if (parent.kind === 'grid' || parent.kind === 'compound') return can(a, 'area.edit.minor', parent);
  return can(a, 'area.structure', parent) && parent.kind !== 'building';
}

/** Move or archive: structure rights over the node (never the street itself). */
export function canRestructure(a: Actor, area: AreaLike): boolean {
  if (area.kind === 'street') return false;
  if (MINOR.includes(area.kind) && can(a, 'area.edit', area)) return true;
  return can(a, 'area.structure', area) && !isOwnScopeRoot(a, area);
}

/** Assign the lead grid worker and members (一格一员). */
export const canAssignWorkers = (a: Actor, area: AreaLike) =>
  area.kind === 'grid' && can(a, 'area.assign', area);

export function policiesFor(a: Actor, area: AreaLike) {
  return {
    canEdit: !area.archivedAt && canEditArea(a, area),
    canAddChild: canAddChild(a, area),
    canMove: !area.archivedAt && canRestructure(a, area),
    canArchive: canRestructure(a, area),
    canAssignWorkers: !area.archivedAt && canAssignWorkers(a, area),
    canImport: !area.archivedAt && can(a, 'area.import', area),
  };
}

/** A community secretary may not archive or move the community they are scoped to; their street admin may. */
function isOwnScopeRoot(a: Actor, area: AreaLike): boolean {
  if (a.isPlatformAdmin) return false;
  const holders = a.scopes.filter(
    (s) => s.tenantId === area.tenantId && (s.role === 'street_admin' || s.role === 'community_secretary'),
  );
  return holders.every((s) => s.path === area.path);
}

function scopeAtOrAbove(a: Actor, area: AreaLike) {
  return (
    a.isPlatformAdmin ||
    a.scopes.some((s) => s.tenantId === area.tenantId && s.role === 'street_admin' && s.path === area.path)
  );
}
