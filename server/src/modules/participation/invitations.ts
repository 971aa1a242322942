import type { InvitationBody } from '@doorstep/contract';
import type { z } from 'zod';
import type { Actor } from '../../platform/access/scopes';
import { recordAudit } from '../../platform/audit/audit';
import type { Queryable } from '../../platform/db/tx';
import { invalid } from '../../platform/http/errors';
import { type Community, notifyUsers } from './participation.common';

/**
 * Meeting invitations (docs/decisions/0028-microprojects.md): the people named and everyone holding one of the roles
 * at or below the community get one invitation row each (a second invitation of the same person is a no-op) and an
 * in-app notice with the meeting's time, place and agenda. Returns how many were newly invited.
 */
export async function inviteToMeeting(
  tx: Queryable,
  actor: Actor,
  c: Community,
  meetingId: number,
  b: Pick<z.infer<typeof InvitationBody>, 'roles' | 'userIds'>,
): Promise<number> {
  const people = await tx.query(
    `select distinct ra.user_id from role_assignments ra join areas a on a.tenant_id = ra.tenant_id and a.id = ra.area_id
      where ra.tenant_id = $1 and a.path <@ $2::ltree and (ra.role = any($3::text[]) or ra.user_id = any($4::text[]))`,
    [c.tenantId, c.path, b.roles, b.userIds],
  );
  const found = new Set(people.rows.map((r) => r.user_id as string));
  const strangers = b.userIds.filter((u) => !found.has(u));
  if (strangers.length)
    throw invalid(
      'INVITEE_UNKNOWN',
      '有被邀请人不是本社区的用户',
      'Someone invited has no role in this community',
      { userIds: strangers },
    );
  const ins = await tx.query(
    `insert into meeting_invitations (tenant_id, meeting_id, user_id, invited_by)
     select $1, $2, u, $3 from unnest($4::text[]) u on conflict do nothing returning user_id`,
    [c.tenantId, meetingId, actor.userId, [...found]],
  );
  const fresh = ins.rows.map((r) => r.user_id as string);
  if (fresh.length) {
    const { rows } = await tx.query(
      `select m.title, m.place, to_char(m.starts_at at time zone 'Asia/Shanghai', 'MM"月"DD"日" HH24:MI') as zh_time,
              to_char(m.starts_at at time zone 'Asia/Shanghai', 'YYYY-MM-DD HH24:MI') as en_time,
              coalesce((select string_agg(a.title, '；' order by a.position, a.id) from agenda_items a
                         where a.tenant_id = m.tenant_id and a.meeting_id = m.id), '') as agenda
         from meetings m where m.tenant_id = $1 and m.id = $2`,
      [c.tenantId, meetingId],
    );
    const m = rows[0];
    const agenda = String(m.agenda).slice(0, 120);
    await notifyUsers(tx, {
      tenantId: c.tenantId,
      userIds: fresh,
      kind: 'meeting.invite',
      audience: 'resident',
      text: {
        'zh-CN': `会议邀请：${m.title}，${m.zh_time} 在${m.place}召开${agenda ? `。议程：${agenda}` : ''}`,
        'en-US': `Invitation: ${m.title}, ${m.en_time} (China time) at ${m.place}${agenda ? `. Agenda: ${agenda}` : ''}`,
      },
      link: '/h5/hall',
    });
  }
  await recordAudit(tx, {
    tenantId: c.tenantId,
    actorUserId: actor.userId,
    action: 'meeting.invite',
    entityType: 'meeting',
    entityId: meetingId,
    summary: { roles: b.roles, userIds: b.userIds.length, invited: fresh.length },
  });
  return fresh.length;
}

export async function invitees(db: Queryable, tenantId: number, meetingId: number) {
  const { rows } = await db.query(
    `select i.user_id, u.name, i.invited_at,
            exists (select 1 from meeting_attendance x where x.tenant_id = i.tenant_id and x.meeting_id = i.meeting_id
                                                        and x.user_id = i.user_id) as checked_in
       from meeting_invitations i join "user" u on u.id = i.user_id
      where i.tenant_id = $1 and i.meeting_id = $2 order by checked_in desc, u.name`,
    [tenantId, meetingId],
  );
  return rows.map((r) => ({
    userId: r.user_id as string,
    name: r.name as string,
    invitedAt: (r.invited_at as Date).toISOString(),
    checkedIn: r.checked_in as boolean,
  }));
}
