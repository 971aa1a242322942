import type pg from 'pg';
import { recordAudit } from '../../platform/audit/audit';
import { notifyUsers } from './participation.common';

/**
 * 决议 reminders (docs/decisions/0028-microprojects.md), a daily job: a resolution not done is reminded to its owner
 * (the user named as owner; the community's secretaries when the owner is only a name) from 3 days before its due
 * date, and again from 1 day after it. Each reminder is sent once: its row in resolution_reminders is inserted first
 * and only the run that inserted it notifies, so a rerun, a missed day or two workers at once send nothing twice.
 */
export async function remindResolutions(
  pool: pg.Pool,
  now = new Date(),
): Promise<{ before: number; after: number }> {
  const sent = { before: 0, after: 0 };
  for (const kind of ['before', 'after'] as const) {
    const { rows } = await pool.query(
      `with today as (select ($1::timestamptz at time zone 'Asia/Shanghai')::date as d),
            due as (
              select r.tenant_id, r.id from resolutions r, today
               where r.status <> 'done'
                 and ${kind === 'before' ? 'today.d between r.due_date - 3 and r.due_date' : 'today.d >= r.due_date + 1'})
       insert into resolution_reminders (tenant_id, resolution_id, kind, sent_at)
       select tenant_id, id, $2, $1 from due
       on conflict do nothing
       returning tenant_id, resolution_id`,
      [now, kind],
    );
    for (const x of rows) {
      const r = (
        await pool.query(
          `select r.*, r.due_date::text as due from resolutions r where r.tenant_id = $1 and r.id = $2`,
          [x.tenant_id, x.resolution_id],
        )
      ).rows[0];
      const to: string[] = r.owner_user_id
        ? [r.owner_user_id]
        : (
            await pool.query(
              `select user_id from role_assignments where tenant_id = $1 and area_id = $2 and role = 'community_secretary'`,
              [r.tenant_id, r.community_id],
            )
          ).rows.map((u) => u.user_id);
      const text = String(r.text).slice(0, 40);
      await notifyUsers(pool, {
        tenantId: Number(r.tenant_id),
        userIds: to,
        kind: `resolution.${kind}`,
        audience: 'staff',
        text:
          kind === 'before'
            ? {
                'zh-CN': `决议“${text}”将于 ${r.due} 到期（进度 ${r.progress}%），请抓紧落实`,
                'en-US': `The resolution “${text}” is due on ${r.due} (${r.progress}% done)`,
              }
            : {
                'zh-CN': `决议“${text}”已于 ${r.due} 到期仍未完成（进度 ${r.progress}%），请尽快落实并更新进度`,
                'en-US': `The resolution “${text}” was due on ${r.due} and is not done (${r.progress}%)`,
              },
        link: '/participation/hall',
      });
      await recordAudit(pool, {
        tenantId: Number(r.tenant_id),
        actorUserId: null,
        action: `resolution.remind.${kind}`,
        entityType: 'resolution',
        entityId: r.id,
        summary: { due: r.due, to },
      });
      sent[kind]++;
    }
  }
  return sent;
}
