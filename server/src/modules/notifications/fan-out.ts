import type { Queryable } from '../../platform/db/tx';

/**
 * Who hears of one timeline step, in one INSERT … SELECT inside the step's own transaction (no N+1, and no
 * notification for a step that rolled back):
 * - residents — the reporter and the neighbours who said "me too" — for every step they can see on the
 *   timeline (not internal notes, not "me too" itself);
 * - responders — the members of the organisations whistled in this very transaction (dispatch, reassign, with
 *   the assisting ones) and of the lead sent back to work (rework);
 * - staff — whoever dispatched the request, when the responder returns it (退单), asks for more time (延期) or
 *   reports it handled (to verify); community staff for the deadline warnings; the community's secretary for
 *   the escalation at red.
 * Nobody hears of their own step; someone who qualifies twice gets one notification (responder over resident).
 */
const FAN_OUT = `
with e as (
  select e.tenant_id, e.id, e.request_id, e.type, e.actor_user_id, e.actor_label, e.from_status, e.to_status,
         e.note, e.visible_to_resident, e.at, r.public_no, r.reporter_user_id, r.community_id,
         left(r.description, 60) as summary,
         (select o.name from whistles w join responder_orgs o on o.tenant_id = w.tenant_id and o.id = w.org_id
           where w.tenant_id = e.tenant_id and w.request_id = e.request_id and w.role = 'lead'
             and w.status in ('pending', 'accepted', 'done', 'returned')
           order by w.id desc limit 1) as org,
         -- whoever blew the latest lead whistle (派单人): they review a return, a delay ask, a handled request
         (select w.created_by from whistles w
           where w.tenant_id = e.tenant_id and w.request_id = e.request_id and w.role = 'lead'
           order by w.id desc limit 1) as dispatcher
    from request_events e join requests r on r.tenant_id = e.tenant_id and r.id = e.request_id
   where e.tenant_id = $1 and e.id = $2
), recipients as (
  select e.reporter_user_id as user_id, 'resident' as audience, 1 as rank
    from e where e.visible_to_resident and e.type <> 'me_too' and e.reporter_user_id is not null
  union all
  select m.actor_user_id, 'resident', 1
    from e join request_events m on m.tenant_id = e.tenant_id and m.request_id = e.request_id and m.type = 'me_too'
   where e.visible_to_resident and e.type <> 'me_too' and m.actor_user_id is not null
  union all
  select rm.user_id, 'responder', 0
    from e join whistles w on w.tenant_id = e.tenant_id and w.request_id = e.request_id
           join responder_members rm on rm.tenant_id = w.tenant_id and rm.org_id = w.org_id
   where ((e.type like 'dispatch:%' or e.type like 'reassign:%') and w.status = 'pending' and w.created_at = e.at)
      or (e.type = 'rework' and w.role = 'lead' and w.status = 'accepted')
  union all
  select e.dispatcher, 'staff', 0
    from e where e.type in ('return', 'delay_requested', 'handle') and e.dispatcher is not null
  union all
  select ra.user_id, 'staff', 0
    from e join role_assignments ra on ra.tenant_id = e.tenant_id and ra.area_id = e.community_id
   where (e.type like 'warning:%' and ra.role = 'community_staff')
      or (e.type = 'escalated' and ra.role = 'community_secretary')
)
insert into notifications (tenant_id, user_id, kind, audience, request_id, public_no, event_id, params, created_at)
select distinct on (x.user_id) e.tenant_id, x.user_id, e.type, x.audience, e.request_id, e.public_no, e.id,
       jsonb_build_object('actor', e.actor_label, 'org', e.org, 'from', e.from_status, 'to', e.to_status,
                          'note', left(e.note, 80), 'summary', e.summary),
       e.at
  from recipients x cross join e
 where x.user_id is distinct from e.actor_user_id
 order by x.user_id, x.rank
on conflict do nothing`;

/** Fans one recorded timeline step (request_events row) out to the people who should hear of it. */
export async function fanOutStep(db: Queryable, tenantId: number, eventId: number): Promise<number> {
  const res = await db.query(FAN_OUT, [tenantId, eventId]);
  return res.rowCount ?? 0;
}

/** A notification from any module: its own text in both languages and a link into the app (H5 paths start /h5/). */
export interface Notice {
  tenantId: number;
  userIds: readonly string[];
  /** what happened, namespaced by module: 'wish.claimed', 'course.promoted', 'brief.assigned' */
  kind: string;
  audience: 'resident' | 'responder' | 'staff';
  text: { 'zh-CN': string; 'en-US': string };
  link?: string;
}

/** Writes one in-app message per (distinct) user inside the caller's transaction; returns how many. */
export async function notify(db: Queryable, n: Notice): Promise<number> {
  const users = [...new Set(n.userIds)];
  if (users.length === 0) return 0;
  const res = await db.query(
    `insert into notifications (tenant_id, user_id, kind, audience, text, link)
     select $1, u, $3, $4, $5, $6 from unnest($2::text[]) u`,
    [n.tenantId, users, n.kind.slice(0, 40), n.audience, n.text, n.link ?? null],
  );
  return res.rowCount ?? 0;
}
