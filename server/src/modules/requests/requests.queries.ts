import type { RequestStatus } from '@doorstep/contract';
import type { Queryable } from '../../platform/db/tx';

/** A request with the names and the area path its access is judged by (grid, else community). */
export interface RequestRow {
  tenant_id: number;
  id: number;
  public_no: string;
  status: RequestStatus;
  channel: string;
  nature: string;
  category_code: string;
  category_name: string;
  sla_class: string;
  urgency: string;
  description: string;
  lng: number | null;
  lat: number | null;
  address: string | null;
  grid_id: number | null;
  grid_name: string | null;
  community_name: string | null;
  area_path: string | null;
  reporter_user_id: string | null;
  reporter_name: string | null;
  reporter_phone: string | null;
  anonymous: boolean;
  photos: string[];
  response_due_at: Date | null;
  resolve_due_at: Date | null;
  responded_at: Date | null;
  handled_at: Date | null;
  closed_at: Date | null;
  closed_reason: string | null;
  warning: 'yellow' | 'red' | 'breached' | null;
  resolved: 'yes' | 'partly' | 'no' | null;
  satisfaction: 'satisfied' | 'basic' | 'unsatisfied' | null;
  rating_comment: string | null;
  rated_at: Date | null;
  rating_excluded_reason: string | null;
  delayed_minutes: number;
  duplicate_of: number | null;
  source_ref: string | null;
  reopen_count: number;
  version: number;
  created_at: Date;
  holder: string | null;
  me_too: number;
}

/** The request row with its names; `extra` adds columns (each starting with a comma). */
export const requestSelect = (extra = '') => `
  select r.*, c.name_zh as category_name, c.sla_class, g.name as grid_name, cm.name as community_name,
         coalesce(g.path, cm.path)::text as area_path,
         (select o.name from whistles w join responder_orgs o on o.tenant_id = w.tenant_id and o.id = w.org_id
           where w.tenant_id = r.tenant_id and w.request_id = r.id and w.role = 'lead' and w.status in ('pending', 'accepted', 'done')
           order by w.created_at desc, w.id desc limit 1) as holder,
         (select count(*)::int from request_events e where e.tenant_id = r.tenant_id and e.request_id = r.id and e.type = 'me_too') as me_too ${extra}
    from requests r
    join request_categories c on c.code = r.category_code
    left join areas g on g.tenant_id = r.tenant_id and g.id = r.grid_id
    left join areas cm on cm.tenant_id = r.tenant_id and cm.id = r.community_id`;

export const REQUEST_SELECT = requestSelect();

export async function findRequest(
  db: Queryable,
  id: number,
  tenants: number[] | null,
  lock = false,
): Promise<RequestRow | null> {
  const { rows } = await db.query({
    name: lock ? 'request-by-id-lock' : 'request-by-id',
    text: `${REQUEST_SELECT} where r.id = $1 and ($2::bigint[] is null or r.tenant_id = any($2))${lock ? ' for update of r' : ''}`,
    values: [id, tenants],
  });
  return rows[0] ?? null;
}

export interface WhistleRow {
  id: number;
  kind: string;
  org_id: number;
  org_name: string;
  org_kind: string;
  role: 'lead' | 'assist';
  status: 'pending' | 'accepted' | 'returned' | 'done' | 'cancelled';
  return_reason: string | null;
  created_at: Date;
}

export async function listWhistles(
  db: Queryable,
  tenantId: number,
  requestId: number,
): Promise<WhistleRow[]> {
  const { rows } = await db.query({
    name: 'request-whistles',
    text: `select w.*, o.name as org_name, o.kind as org_kind from whistles w
             join responder_orgs o on o.tenant_id = w.tenant_id and o.id = w.org_id
            where w.tenant_id = $1 and w.request_id = $2 order by w.created_at, w.id`,
    values: [tenantId, requestId],
  });
  return rows;
}

/** The responder organisations a user acts for, in a tenant. */
export async function memberOrgs(db: Queryable, tenantId: number, userId: string): Promise<number[]> {
  const { rows } = await db.query({
    name: 'responder-orgs-of-user',
    text: 'select org_id from responder_members where tenant_id = $1 and user_id = $2',
    values: [tenantId, userId],
  });
  return rows.map((r) => Number(r.org_id));
}

/** Open requests of the same category within `meters` and `days` (duplicate suggestions). */
export async function listNearbySimilar(
  db: Queryable,
  q: {
    tenantId: number;
    categoryCode: string | null;
    lng: number;
    lat: number;
    meters: number;
    days: number;
    excludeId?: number;
  },
) {
  // degrees per metre at this latitude: a box prefilter, then the exact haversine distance
  const dLat = q.meters / 111_320;
  const dLng = q.meters / (111_320 * Math.cos((q.lat * Math.PI) / 180));
  const { rows } = await db.query(
    `${REQUEST_SELECT}
      where r.tenant_id = $1 and ($2::text is null or r.category_code = $2) and r.created_at > now() - make_interval(days => $7::int)
        and r.lat between $4::numeric - $6::numeric and $4::numeric + $6::numeric
        and r.lng between $3::numeric - $5::numeric and $3::numeric + $5::numeric and r.id <> coalesce($8::bigint, 0)
        and r.status <> 'closed'
      order by r.created_at desc limit 20`,
    [q.tenantId, q.categoryCode, q.lng, q.lat, dLng, dLat, q.days, q.excludeId ?? null],
  );
  return rows
    .map((r: RequestRow) => ({ ...r, distance: haversine(q.lat, q.lng, Number(r.lat), Number(r.lng)) }))
    .filter((r) => r.distance <= q.meters)
    .sort((a, b) => a.distance - b.distance);
}

/** Open requests of a category in one grid in the last `days` (duplicates when there is no point to measure from). */
export async function listSimilarInGrid(
  db: Queryable,
  q: { tenantId: number; gridId: number; categoryCode: string | null; days: number },
) {
  const { rows } = await db.query(
    `${REQUEST_SELECT}
      where r.tenant_id = $1 and r.grid_id = $2 and ($3::text is null or r.category_code = $3)
        and r.created_at > now() - make_interval(days => $4::int) and r.status <> 'closed'
      order by r.created_at desc limit 5`,
    [q.tenantId, q.gridId, q.categoryCode, q.days],
  );
  return rows as RequestRow[];
}

export function haversine(lat1: number, lng1: number, lat2: number, lng2: number): number {
  const rad = Math.PI / 180;
  const a =
    Math.sin(((lat2 - lat1) * rad) / 2) ** 2 +
    Math.cos(lat1 * rad) * Math.cos(lat2 * rad) * Math.sin(((lng2 - lng1) * rad) / 2) ** 2;
  return 2 * 6_371_000 * Math.asin(Math.sqrt(a));
}

/** 延期, 回访 and rating-review rows as json_agg gives them (timestamps as strings). */
export interface DelayRow {
  id: number;
  status: 'pending' | 'approved' | 'refused' | 'withdrawn';
  requested_by: string;
  requested_label: string;
  previous_due_at: string;
  requested_due_at: string;
  reason: string;
  photos: string[];
  created_at: string;
  decided_label: string | null;
  decided_at: string | null;
  approved_due_at: string | null;
  decision_note: string | null;
}
export interface RevisitRow {
  id: number;
  method: 'phone' | 'visit' | 'wechat';
  contact: string;
  words: string | null;
  result: 'satisfied' | 'basic' | 'unsatisfied' | 'unreachable';
  recorded_label: string;
  created_at: string;
}
export interface ExclusionRow {
  id: number;
  status: 'pending' | 'approved' | 'refused' | 'superseded';
  reason: string;
  proposed_by: string;
  proposed_label: string;
  proposer_role: string;
  created_at: string;
  decided_label: string | null;
  decided_at: string | null;
  decision_note: string | null;
}

/** A request with its whistles, full timeline and the user's responder organisations, in one round trip. */
export async function findRequestFull(db: Queryable, id: number, userId: string) {
  const { rows } = await db.query({
    name: 'request-full',
    text: `${requestSelect(`, (select coalesce(json_agg(json_build_object('id', w.id, 'kind', w.kind, 'org_id', w.org_id, 'org_name', o.name, 'org_kind', o.kind,
              'role', w.role, 'status', w.status, 'return_reason', w.return_reason, 'created_at', w.created_at) order by w.created_at, w.id), '[]')
            from whistles w join responder_orgs o on o.tenant_id = w.tenant_id and o.id = w.org_id
           where w.tenant_id = r.tenant_id and w.request_id = r.id) as whistles_json,
         (select coalesce(json_agg(json_build_object('id', e.id, 'at', e.at, 'type', e.type, 'actor_label', e.actor_label,
              'from_status', e.from_status, 'to_status', e.to_status, 'note', e.note, 'photos', e.photos,
              'visible_to_resident', e.visible_to_resident, 'due_at', e.data->>'dueAt') order by e.at, e.id), '[]')
            from request_events e where e.tenant_id = r.tenant_id and e.request_id = r.id) as events_json,
         (select coalesce(json_agg(d order by d.created_at, d.id), '[]') from request_delays d
           where d.tenant_id = r.tenant_id and d.request_id = r.id) as delays_json,
         (select coalesce(json_agg(v order by v.created_at, v.id), '[]') from request_revisits v
           where v.tenant_id = r.tenant_id and v.request_id = r.id) as revisits_json,
         (select coalesce(json_agg(x order by x.created_at, x.id), '[]') from rating_exclusions x
           where x.tenant_id = r.tenant_id and x.request_id = r.id) as exclusions_json,
         (select coalesce(json_agg(m.org_id), '[]') from responder_members m where m.tenant_id = r.tenant_id and m.user_id = $2) as orgs_json,
         exists (select 1 from request_events f where f.tenant_id = r.tenant_id and f.request_id = r.id and f.type = 'me_too'
                   and f.actor_user_id = $2) as following`)}
      where r.id = $1`,
    values: [id, userId],
  });
  const r = rows[0];
  if (!r) return null;
  const whistles: WhistleRow[] = r.whistles_json.map((w: WhistleRow & { created_at: string }) => ({
    ...w,
    created_at: new Date(w.created_at),
  }));
  const events = r.events_json.map((e: { at: string }) => ({ ...e, at: new Date(e.at) }));
  const orgs: number[] = r.orgs_json.map(Number);
  const followUps = {
    delays: r.delays_json as DelayRow[],
    revisits: r.revisits_json as RevisitRow[],
    exclusions: r.exclusions_json as ExclusionRow[],
  };
  return { row: r as RequestRow, whistles, events, orgs, followUps, following: r.following as boolean };
}
