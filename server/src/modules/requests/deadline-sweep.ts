import type pg from 'pg';
import { fanOutStep } from '../notifications';
import type { RequestRow } from './requests.queries';
import { currentWarning, loadSla } from './sla';

/**
 * Moves each open request's warning (黄牌 yellow → 红牌 red → 超期 breached) as its deadline nears, writes the
 * step on its timeline, and at red escalates it to the community's secretary (an internal timeline entry naming
 * them, and a notification in their inbox). Runs every minute (pg-boss, Asia/Shanghai); idempotent.
 */
export async function sweepDeadlines(
  pool: pg.Pool,
  now = new Date(),
  limit = 2000,
): Promise<{ checked: number; changed: number }> {
  const sla = await loadSla(pool);
  const { rows } = await pool.query(
    // only what the warning needs: this runs every minute over every street
    `select r.tenant_id, r.id, r.status, r.urgency, r.created_at, r.resolve_due_at, r.warning, r.version, c.sla_class
       from requests r join request_categories c on c.code = r.category_code
      where r.status not in ('handled', 'verified', 'closed') and r.resolve_due_at is not null
        and r.created_at <= $1 order by r.resolve_due_at limit $2`,
    [now, limit],
  );
  let changed = 0;
  for (const r of rows as Pick<
    RequestRow,
    | 'tenant_id'
    | 'id'
    | 'status'
    | 'urgency'
    | 'created_at'
    | 'resolve_due_at'
    | 'warning'
    | 'version'
    | 'sla_class'
  >[]) {
    const level = currentWarning(sla, r, now);
    if (level === r.warning || level === null) continue;
    const client = await pool.connect();
    try {
      await client.query('begin');
      // only if nobody changed it meanwhile (the version guards against a concurrent action)
      const upd = await client.query(
        'update requests set warning = $3 where tenant_id = $1 and id = $2 and version = $4 and warning is distinct from $3',
        [r.tenant_id, r.id, level, r.version],
      );
      if (upd.rowCount) {
        const label = {
          yellow: '黄牌预警：办理时限已过半',
          red: '红牌预警：即将超期，已升级至社区书记',
          breached: '已超过办理时限',
        }[level];
        const warned = await client.query(
          `insert into request_events (tenant_id, request_id, actor_label, type, note, data, visible_to_resident)
           values ($1, $2, '系统', $3, $4, $5, $6) returning id`,
          [
            r.tenant_id,
            r.id,
            `warning:${level}`,
            label,
            JSON.stringify({ dueAt: r.resolve_due_at }),
            level === 'breached',
          ],
        );
        // community staff hear of every warning, the reporter of a breach (notifications module)
        await fanOutStep(client, r.tenant_id, warned.rows[0].id);
        if (level === 'red') {
          const { rows: secretaries } = await client.query(
            `select u.name from role_assignments ra join "user" u on u.id = ra.user_id
              where ra.tenant_id = $1 and ra.role = 'community_secretary' and ra.area_id = (select community_id from requests where tenant_id = $1 and id = $2)`,
            [r.tenant_id, r.id],
          );
          const escalated = await client.query(
            `insert into request_events (tenant_id, request_id, actor_label, type, note, data, visible_to_resident)
             values ($1, $2, '系统', 'escalated', $3, $4, false) returning id`,
            [
              r.tenant_id,
              r.id,
              `升级督办：${secretaries.map((s) => s.name).join('、') || '社区书记'}`,
              JSON.stringify({ to: secretaries.map((s) => s.name) }),
            ],
          );
          // the secretary hears of it in their inbox
          await fanOutStep(client, r.tenant_id, escalated.rows[0].id);
        }
        changed++;
      }
      await client.query('commit');
    } catch (err) {
      await client.query('rollback').catch(() => {});
      throw err;
    } finally {
      client.release();
    }
  }
  return { checked: rows.length, changed };
}
