import type { AreaDetail, AreaNode } from '@doorstep/contract';
import type { Actor } from '../../platform/access/scopes';
import { maskPhone } from '../../platform/privacy';
import { policiesFor } from './areas.policy';
import type { AreaRow } from './areas.queries';

/** The fields of an area node that leave the server, with what this actor may do to it. */
export function presentNode(actor: Actor, r: AreaRow): AreaNode {
  return {
    id: r.id,
    tenantId: r.tenantId,
    parentId: r.parentId,
    kind: r.kind,
    name: r.name,
    code: r.code,
    path: r.path,
    childCount: r.childCount,
    archived: r.archivedAt !== null,
    version: r.version,
    hasGeometry: r.hasGeometry,
    properties: r.properties,
    leadWorker: r.lead
      ? { userId: r.lead.userId, name: r.lead.name, phoneMasked: maskPhone(r.lead.phone) }
      : null,
    policies: policiesFor(actor, r),
  };
}

export function presentDetail(
  actor: Actor,
  r: AreaRow,
  extra: {
    ancestors: AreaDetail['ancestors'];
    district: AreaDetail['district'];
    members: { user_id: string; role: 'lead' | 'member'; name: string; phone: string | null }[];
  },
): AreaDetail {
  return {
    ...presentNode(actor, r),
    geometry: r.geometry ?? null,
    ancestors: extra.ancestors,
    district: extra.district,
    members: extra.members.map((m) => ({
      userId: m.user_id,
      name: m.name,
      phoneMasked: maskPhone(m.phone),
      role: m.role,
    })),
  };
}
