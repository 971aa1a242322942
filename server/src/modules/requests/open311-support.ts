import type { IntakeBody } from '@doorstep/contract';
import type pg from 'pg';
import type { Actor } from '../../platform/access/scopes';
import type { Queryable } from '../../platform/db/tx';
import { REQUEST_SELECT, type RequestRow } from './requests.queries';
import { reportRequest } from './requests.service';
import { currentWarning, loadSla } from './sla';
import { loadCategories } from './suggest';

/**
 * What the Open311 gateway (modules/open311) reads and writes here: the public request list of a street, the
 * leaf categories as services, the resident-visible timeline as updates, and intake on the 'open311' channel.
 */

/** A request as Open311 shows it: the row, its English category name and who leads the handling. */
export interface Open311RequestRow extends RequestRow {
  updated_at: Date;
  category_name_en: string;
  /** the lead responder (主办单位) currently or last on it, not cancelled or returned */
  agency: string | null;
}

export interface Open311RequestQuery {
  tenantId: number;
  /** when given, the other filters are ignored (GeoReport v2: service_request_id overrides all) */
  ids: number[] | null;
  categoryCodes: string[] | null;
  /** requested (created) between, inclusive */
  start: Date | null;
  end: Date | null;
  /** open = every status but closed */
  state: 'open' | 'closed' | null;
  limit: number;
}

/** A street's requests, newest first, with the current deadline warning. */
export async function listOpen311Requests(
  db: Queryable,
  q: Open311RequestQuery,
): Promise<Open311RequestRow[]> {
  const byId = q.ids !== null;
  const { rows } = await db.query(
    `select x.*, (select c2.name_en from request_categories c2 where c2.code = x.category_code) as category_name_en,
            (select o.name from whistles w join responder_orgs o on o.tenant_id = w.tenant_id and o.id = w.org_id
              where w.tenant_id = x.tenant_id and w.request_id = x.id and w.role = 'lead'
                and w.status in ('pending', 'accepted', 'done')
              order by w.created_at desc, w.id desc limit 1) as agency
       from (${REQUEST_SELECT}
              where r.tenant_id = $1
                and ($2::bigint[] is null or r.id = any($2))
                and ($3::text[] is null or r.category_code = any($3))
                and ($4::timestamptz is null or r.created_at >= $4)
                and ($5::timestamptz is null or r.created_at <= $5)
                and ($6::text is null or (r.status = 'closed') = ($6 = 'closed'))) x
      order by x.created_at desc, x.id desc
      limit $7`,
    [
      q.tenantId,
      q.ids,
      byId ? null : q.categoryCodes,
      byId ? null : q.start,
      byId ? null : q.end,
      byId ? null : q.state,
      q.limit,
    ],
  );
  const sla = await loadSla(db);
  return rows.map((r: Open311RequestRow) => ({ ...r, warning: currentWarning(sla, r) }));
}

/** Leaf categories (the ones a request can carry) with their group, in dictionary order. */
export async function listServiceCategories(db: Queryable) {
  const all = await loadCategories(db);
  const byCode = new Map(all.map((c) => [c.code, c]));
  return all
    .filter((c) => c.parent_code !== null)
    .map((c) => {
      const parent = byCode.get(c.parent_code!);
      return {
        code: c.code,
        nameZh: c.name_zh,
        nameEn: c.name_en,
        groupZh: parent?.name_zh ?? null,
        groupEn: parent?.name_en ?? null,
        keywords: c.keywords,
      };
    });
}

export interface TimelineUpdateRow {
  id: number;
  request_id: number;
  at: Date;
  type: string;
  note: string | null;
  /** the request's status right after this step */
  status_after: string;
}

/** Resident-visible timeline steps of a street between two instants, oldest first. */
export async function listTimelineUpdates(
  db: Queryable,
  q: { tenantId: number; start: Date; end: Date; limit: number },
): Promise<TimelineUpdateRow[]> {
  const { rows } = await db.query(
    `select e.id, e.request_id, e.at, e.type, e.note,
            coalesce(e.to_status,
              (select p.to_status from request_events p
                where p.tenant_id = e.tenant_id and p.request_id = e.request_id and p.to_status is not null
                  and (p.at, p.id) < (e.at, e.id)
                order by p.at desc, p.id desc limit 1),
              r.status) as status_after
       from request_events e
       join requests r on r.tenant_id = e.tenant_id and r.id = e.request_id
      where e.tenant_id = $1 and e.visible_to_resident and e.at >= $2 and e.at <= $3
      order by e.at, e.id
      limit $4`,
    [q.tenantId, q.start, q.end, q.limit],
  );
  return rows;
}

/**
 * Takes in a request from an Open311 client (reportRequest on the 'open311' channel). The actor is the
 * client's system account; its name and phone become the reporter's. The place is a point or an area id
 * (a compound or building the address named).
 */
export async function reportOpen311Request(
  tx: pg.PoolClient,
  actor: Actor,
  input: {
    description: string;
    categoryCode: string;
    lng?: number;
    lat?: number;
    address?: string;
    placeAreaId?: number;
  },
) {
  const created = await reportRequest(
    tx,
    actor,
    {
      ...input,
      nature: 'help',
      crs: 'wgs84',
      anonymous: false,
      photos: [],
      // staff cannot pick 'open311' in intake (IntakeBody excludes it); the gateway is the channel itself
      channel: 'open311' as IntakeBody['channel'],
    },
    {},
  );
  const { rows } = await tx.query(
    'select public_no, grid_id, community_id from requests where tenant_id = $1 and id = $2',
    [created.tenantId, created.id],
  );
  return {
    id: created.id,
    tenantId: created.tenantId,
    publicNo: rows[0].public_no as string,
    gridId: rows[0].grid_id as number | null,
    communityId: rows[0].community_id as number | null,
  };
}
