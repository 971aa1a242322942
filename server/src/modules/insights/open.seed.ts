import type pg from 'pg';
import { recordAudit } from '../../platform/audit/audit';
import { inTx } from '../../platform/db/tx';

/**
 * Demo data for the public page and the reverse survey (deterministic): the five latest resolved requests of
 * 龙腾社区 shown with their reporters' consent (given at the 回访 callback), and 按期结案率 down-weighted by last
 * month's answers (23 of 32 respondents found it irrelevant) so staff can see and restore it.
 * No morning briefs are seeded (the brief's own browser test expects the one it runs to be the only one), so the
 * data-use share starts at 0 % and grows as the morning meeting assigns and dismisses items.
 */
export async function seedOpenData(pool: pg.Pool) {
  await inTx(pool, async (tx) => {
    const { rows: c } = await tx.query("select tenant_id, id, path from areas where code = '990101001001'");
    if (!c[0]) return;
    const { tenant_id: tenantId, id } = c[0];
    await tx.query(
      `insert into insight_publish_consents (tenant_id, request_id, consent)
       select r.tenant_id, r.id, true from requests r
         left join areas g on g.tenant_id = r.tenant_id and g.id = r.grid_id
        where r.tenant_id = $1 and g.path <@ $2::ltree and r.closed_at is not null and r.closed_at <= now() and r.resolved = 'yes'
        order by r.closed_at desc, r.id desc limit 5
       on conflict do nothing`,
      [tenantId, c[0].path],
    );
    await tx.query(
      `insert into insight_figure_weights (tenant_id, community_id, figure, relevant, irrelevant, skipped, weight, version)
       values ($1, $2, 'onTimeRate', 9, 23, 4, 0.25, 2) on conflict do nothing`,
      [tenantId, id],
    );
    await tx.query(
      `insert into insight_figure_weight_events (tenant_id, community_id, figure, weight_from, weight_to, reason, relevant, irrelevant)
       values ($1, $2, 'onTimeRate', 1, 0.25, 'auto', 9, 23)`,
      [tenantId, id],
    );
    await recordAudit(tx, {
      tenantId: Number(tenantId),
      actorUserId: null,
      action: 'insights.figure.downweight',
      entityType: 'insight_figure',
      entityId: `${id}:onTimeRate`,
      summary: { weight: [1, 0.25], relevant: 9, irrelevant: 23, minRespondents: 20, demo: true },
    });
  });
}
