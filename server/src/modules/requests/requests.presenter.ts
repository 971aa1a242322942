import type { RequestDetail, RequestSummary } from '@doorstep/contract';
import { maskPhone } from '../../platform/privacy';
import type { RequestRow, WhistleRow } from './requests.queries';

const iso = (d: Date | null) => (d ? d.toISOString() : null);

/** The list fields; a reporter who asked to stay anonymous is anonymous to everyone but staff. */
export function presentSummary(r: RequestRow, opts: { showReporter: boolean }): RequestSummary {
  return {
    id: r.id,
    tenantId: r.tenant_id,
    publicNo: r.public_no,
    status: r.status,
    channel: r.channel as RequestSummary['channel'],
    nature: r.nature as RequestSummary['nature'],
    categoryCode: r.category_code,
    categoryName: r.category_name,
    urgency: r.urgency as RequestSummary['urgency'],
    description: r.description,
    address: r.address,
    gridId: r.grid_id,
    gridName: r.grid_name,
    communityName: r.community_name,
    holder: r.holder,
    reporterName: opts.showReporter
      ? r.reporter_name
      : r.anonymous
        ? null
        : r.reporter_name
          ? `${r.reporter_name.slice(0, 1)}**`
          : null,
    createdAt: r.created_at.toISOString(),
    responseDueAt: iso(r.response_due_at),
    resolveDueAt: iso(r.resolve_due_at),
    warning: r.status === 'closed' ? null : r.warning,
    satisfaction: r.satisfaction,
    lng: r.lng === null ? null : Number(r.lng),
    lat: r.lat === null ? null : Number(r.lat),
    sourceRef: r.source_ref,
    version: r.version,
  };
}

export function presentDetail(
  r: RequestRow,
  extra: {
    showReporter: boolean;
    events: {
      id: number;
      at: Date;
      type: string;
      actor_label: string | null;
      from_status: string | null;
      to_status: string | null;
      note: string | null;
      photos: string[];
      visible_to_resident: boolean;
      due_at?: string | null;
    }[];
    whistles: WhistleRow[];
    actions: RequestDetail['actions'];
    canComment: boolean;
    /** 延期, 回访 and the rating review (follow-up.ts presentFollowUps) */
    followUps: Pick<
      RequestDetail,
      'delays' | 'revisits' | 'ratingExclusions' | 'ratingExcludedReason' | 'followUp'
    >;
  },
): RequestDetail {
  return {
    ...presentSummary(r, extra),
    photos: r.photos,
    anonymous: r.anonymous,
    reporterPhoneMasked: extra.showReporter ? maskPhone(r.reporter_phone) : null,
    duplicateOf: r.duplicate_of,
    reopenCount: r.reopen_count,
    resolved: r.resolved,
    ratingComment: r.rating_comment,
    closedReason: r.closed_reason,
    meToo: r.me_too,
    timeline: extra.events.map((e) => ({
      id: e.id,
      at: e.at.toISOString(),
      type: e.type,
      actor: e.actor_label,
      fromStatus: e.from_status as RequestDetail['status'] | null,
      toStatus: e.to_status as RequestDetail['status'] | null,
      note: e.note,
      photos: e.photos,
      internal: !e.visible_to_resident,
      dueAt: e.due_at ? new Date(e.due_at).toISOString() : null,
    })),
    whistles: extra.whistles.map((w) => ({
      id: w.id,
      kind: w.kind as RequestDetail['whistles'][number]['kind'],
      orgId: w.org_id,
      orgName: w.org_name,
      orgKind: w.org_kind as RequestDetail['whistles'][number]['orgKind'],
      role: w.role,
      status: w.status,
      returnReason: w.return_reason,
      createdAt: w.created_at.toISOString(),
    })),
    actions: extra.actions,
    canComment: extra.canComment,
    ...extra.followUps,
  };
}
