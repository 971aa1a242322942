import type { NotificationItem } from '@doorstep/contract';
import type { Queryable } from '../../platform/db/tx';

interface Row {
  tenant_id: number;
  id: number;
  kind: string;
  audience: NotificationItem['audience'];
  request_id: number | null;
  public_no: string | null;
  text: NotificationItem['text'];
  link: string | null;
  params: Partial<NotificationItem['params']>;
  read_at: Date | null;
  created_at: Date;
  can_open: boolean;
}

const present = (n: Row): NotificationItem => ({
  id: n.id,
  tenantId: n.tenant_id,
  kind: n.kind,
  audience: n.audience,
  requestId: n.request_id,
  publicNo: n.public_no,
  text: n.text,
  link: n.link,
  params: {
    actor: n.params.actor ?? null,
    org: n.params.org ?? null,
    from: n.params.from ?? null,
    to: n.params.to ?? null,
    note: n.params.note ?? null,
    summary: n.params.summary ?? '',
  },
  readAt: n.read_at?.toISOString() ?? null,
  createdAt: n.created_at.toISOString(),
  canOpen: n.can_open,
});

/** The unread count for the badge, counted up to 1,000. */
async function unreadCount(db: Queryable, userId: string): Promise<number> {
  const { rows } = await db.query(
    'select count(*)::int as n from (select 1 from notifications where user_id = $1 and read_at is null limit 1000) x',
    [userId],
  );
  return rows[0].n;
}

/** One page of a user's own notifications, newest first, with the unread count. */
export async function listNotifications(
  db: Queryable,
  userId: string,
  q: { unread?: 'true' | 'false'; page: number; pageSize: number },
) {
  const unreadOnly = q.unread === 'true';
  const filter = `from notifications where user_id = $1${unreadOnly ? ' and read_at is null' : ''}`;
  const [page, total, unread] = await Promise.all([
    db.query<Row>(
      `select n.tenant_id, n.id, n.kind, n.audience, n.request_id, n.public_no, n.params, n.text, n.link, n.read_at,
              n.created_at,
              -- other modules' notices open their link; residents open their own requests and the ones they said
              -- "me too" to (followers see the public timeline)
              case when n.request_id is null then n.link is not null
                   else n.audience <> 'resident' or coalesce(r.reporter_user_id = n.user_id, false)
                     or exists (select 1 from request_events f where f.tenant_id = n.tenant_id and f.request_id = n.request_id
                                  and f.type = 'me_too' and f.actor_user_id = n.user_id) end as can_open
         from (select * ${filter} order by created_at desc, id desc limit $2 offset $3) n
         left join requests r on r.tenant_id = n.tenant_id and r.id = n.request_id
        order by n.created_at desc, n.id desc`,
      [userId, q.pageSize, (q.page - 1) * q.pageSize],
    ),
    db.query(`select count(*)::int as n from (select 1 ${filter} limit 10001) x`, [userId]),
    unreadCount(db, userId),
  ]);
  return {
    items: page.rows.map(present),
    total: total.rows[0].n as number,
    unread,
    page: q.page,
    pageSize: q.pageSize,
  };
}

/** Marks some or all of a user's own notifications read; ids of other people's are ignored. */
export async function markRead(db: Queryable, userId: string, body: { ids?: number[]; all?: boolean }) {
  const res = body.all
    ? await db.query('update notifications set read_at = now() where user_id = $1 and read_at is null', [
        userId,
      ])
    : await db.query(
        'update notifications set read_at = now() where user_id = $1 and id = any($2::bigint[]) and read_at is null',
        [userId, body.ids ?? []],
      );
  return { updated: res.rowCount ?? 0, unread: await unreadCount(db, userId) };
}
