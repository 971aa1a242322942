import type { PartyOrg as PartyOrgSchema } from '@doorstep/contract';
import { queryOptions } from '@tanstack/react-query';
import { api } from '../../app/api';
import { queryClient } from '../../app/queries';

export type PartyOrg = ReturnType<typeof PartyOrgSchema.parse>;
export type PartyOrgKind = PartyOrg['kind'];
export type PartyOrgRow = PartyOrg & { children?: PartyOrgRow[] };

export const partyOrgsQuery = queryOptions({
  queryKey: ['party-orgs'],
  queryFn: () => api<{ items: PartyOrg[] }>('/api/party-orgs').then((r) => r.items),
});

export const refreshPartyOrgs = () => queryClient.invalidateQueries({ queryKey: ['party-orgs'] });

/** The flat list as a tree; an organisation whose parent I cannot see becomes a root. */
export function toTree(items: PartyOrg[]): PartyOrgRow[] {
  const ids = new Set(items.map((o) => o.id));
  const byParent = new Map<number | null, PartyOrg[]>();
  for (const o of items) {
    const parent = o.parentId != null && ids.has(o.parentId) ? o.parentId : null;
    byParent.set(parent, [...(byParent.get(parent) ?? []), o]);
  }
  const build = (o: PartyOrg): PartyOrgRow => {
    const kids = byParent.get(o.id);
    return kids ? { ...o, children: kids.map(build) } : o;
  };
  return (byParent.get(null) ?? []).map(build);
}

export const partyApi = {
  create: (body: {
    parentId: number;
    kind: PartyOrgKind;
    name: string;
    areaId?: number | null;
    memberCount: number;
  }) => api<{ id: number }>('/api/party-orgs', { method: 'POST', json: body }),
  update: (
    id: number,
    body: { version: number; name?: string; areaId?: number | null; memberCount?: number },
  ) => api(`/api/party-orgs/${id}`, { method: 'PATCH', json: body }),
};
