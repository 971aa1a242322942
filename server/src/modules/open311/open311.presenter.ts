import type { listServiceCategories, Open311RequestRow } from '../requests';
import { w3cDatetime, type XmlValue } from './open311.format';

type Lang = 'zh-CN' | 'en-US';

/** The fine state behind open/closed, for status_notes. */
const STATUS_NOTES: Record<string, [string, string]> = {
  received: ['已受理', 'received'],
  dispatched: ['已派单', 'dispatched'],
  accepted: ['已接单', 'accepted'],
  in_progress: ['处置中', 'in progress'],
  handled: ['已办结', 'handled'],
  verified: ['已核查', 'verified'],
  closed: ['已结案', 'closed'],
  returned: ['已退单', 'returned'],
  reopened: ['重办', 'reopened'],
};
const CLOSED_REASON: Record<string, [string, string]> = {
  rated: ['已评价', 'rated'],
  rejected: ['不予受理', 'rejected'],
  merged: ['已合并', 'merged'],
  answered: ['已答复', 'answered'],
  not_rated: ['未评价', 'not rated'],
  imported: ['已导入', 'imported'],
};

/** GeoReport v2 knows two states: closed is closed, everything else is still open. */
export const coreStatus = (status: string): 'open' | 'closed' => (status === 'closed' ? 'closed' : 'open');

/** '已派单 dispatched'; a closed request also says why: '已结案（不予受理） closed (rejected)'. */
export function statusNotes(status: string, closedReason: string | null): string {
  const [zh, en] = STATUS_NOTES[status] ?? [status, status];
  const reason = status === 'closed' && closedReason ? CLOSED_REASON[closedReason] : undefined;
  return reason ? `${zh}（${reason[0]}） ${en} (${reason[1]})` : `${zh} ${en}`;
}

const num = (v: unknown) => (v === null || v === undefined ? null : Number(v));

/**
 * One service request. Personal data (reporter name, phone, e-mail) is never shown; the public number
 * (DS…) goes in service_notice; address_id, zipcode and media_url are left out.
 */
export function presentRequest(
  r: Open311RequestRow,
  opts: { lang: Lang; extensions: boolean },
): Record<string, XmlValue> {
  const closed = r.status === 'closed';
  const place = [r.community_name, r.grid_name].filter(Boolean).join(' ');
  return {
    service_request_id: String(r.id),
    status: coreStatus(r.status),
    status_notes: statusNotes(r.status, r.closed_reason),
    service_name: opts.lang === 'en-US' ? r.category_name_en : r.category_name,
    service_code: r.category_code,
    description: r.description,
    agency_responsible: r.agency,
    service_notice: r.public_no,
    requested_datetime: w3cDatetime(r.created_at),
    updated_datetime: w3cDatetime(closed && r.closed_at ? r.closed_at : r.updated_at),
    expected_datetime: r.resolve_due_at ? w3cDatetime(r.resolve_due_at) : null,
    address: r.address ?? (place || null),
    lat: num(r.lat),
    long: num(r.lng),
    ...(opts.extensions
      ? {
          extended_attributes: {
            channel: r.channel,
            nature: r.nature,
            urgency: r.urgency,
            grid: r.grid_name,
            community: r.community_name,
            warning: closed ? null : r.warning,
          },
        }
      : {}),
  };
}

/** One leaf category as a service (all realtime, none with extra attributes). */
export function presentService(
  c: Awaited<ReturnType<typeof listServiceCategories>>[number],
  lang: Lang,
): Record<string, XmlValue> {
  const en = lang === 'en-US';
  return {
    service_code: c.code,
    service_name: en ? c.nameEn : c.nameZh,
    description: en ? `${c.groupEn}: ${c.nameEn}` : `${c.groupZh}：${c.nameZh}（${c.nameEn}）`,
    metadata: false,
    type: 'realtime',
    keywords: c.keywords.join(','),
    group: en ? c.groupEn : c.groupZh,
  };
}

/** What each timeline step says when it carries no note of its own. */
const STEP: Record<string, [string, string]> = {
  created: ['诉求已受理', 'Request received'],
  dispatch: ['已派单', 'Dispatched to a responder'],
  reassign: ['已改派', 'Reassigned to another responder'],
  accept: ['已接单', 'Accepted by the responder'],
  return: ['已退单，待重新派单', 'Returned for re-dispatch'],
  start: ['开始处置', 'Work started'],
  handle: ['已办结', 'Handled'],
  answer: ['已答复', 'Answered'],
  verify: ['已核查', 'Verified'],
  rework: ['返工处置', 'Sent back for rework'],
  rate: ['居民已评价', 'Rated by the resident'],
  rated_reopened: ['居民评价不满意，重办', 'Reopened after an unsatisfied rating'],
  reopen: ['重办', 'Reopened'],
  close: ['已结案', 'Closed'],
  reject: ['不予受理', 'Not accepted'],
  merge: ['已合并到同类诉求', 'Merged into another request'],
  comment: ['留言', 'Comment'],
  me_too: ['又有居民反映同一问题', 'Another resident reported the same problem'],
};

/** One resident-visible timeline step as a FixMyStreet service request update. */
export function presentUpdate(
  e: { id: number; request_id: number; at: Date; type: string; note: string | null; status_after: string },
  lang: Lang,
): Record<string, XmlValue> {
  const [zh, en] = STEP[e.type.split(':')[0] ?? ''] ?? ['进展更新', 'Progress update'];
  return {
    update_id: String(e.id),
    service_request_id: String(e.request_id),
    status: coreStatus(e.status_after),
    updated_datetime: w3cDatetime(e.at),
    description: e.note?.trim() ? e.note : lang === 'en-US' ? en : zh,
  };
}
