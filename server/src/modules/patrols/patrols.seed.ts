import type pg from 'pg';
import { inTx } from '../../platform/db/tx';

/**
 * 龙腾社区's 暗夜走访 from the seed: 李书记, the grid worker and 刘经理 (金茂物业) from 21:00 to midnight at the
 * convenience store, the night food stalls and the taxi stand; one patrol last week, finished with a summary.
 */
export async function seedPatrols(pool: pg.Pool) {
  const community = (await pool.query(`select tenant_id, id from areas where code = '990101001001'`)).rows[0];
  const users = await pool.query(
    `select "phoneNumber" as phone, id from "user" where "phoneNumber" in ('13800000002', '13800000004', '13800000005')`,
  );
  const id = (phone: string) => users.rows.find((u) => u.phone === phone)?.id;
  if (!community || users.rows.length < 3) return;
  const tenantId = Number(community.tenant_id);
  await inTx(pool, async (tx) => {
    const plan = await tx.query(
      `insert into patrol_plans (tenant_id, area_id, name, window_start, window_end, secretary_user_id,
                                 grid_worker_user_id, property_user_id, places)
       values ($1, $2, '龙腾社区暗夜走访', '21:00', '00:00', $3, $4, $5, $6) returning id`,
      [
        tenantId,
        community.id,
        id('13800000002'),
        id('13800000004'),
        id('13800000005'),
        ['龙腾路24小时便利店', '金茂小区北门烧烤摊', '出租车临停点（地铁口）'],
      ],
    );
    const started = new Date(Date.now() - 6 * 86_400_000);
    started.setUTCHours(13, 5, 0, 0); // 21:05 China time
    const patrol = await tx.query(
      `insert into patrols (tenant_id, plan_id, started_at, started_by, closed_at, summary)
       values ($1, $2, $3, $4, $3::timestamptz + interval '2 hours 40 minutes', $5) returning id`,
      [
        tenantId,
        plan.rows[0].id,
        started,
        id('13800000002'),
        '走访3个点位，与12名夜班族交谈：便利店店员希望夜间有热水和歇脚处；出租车司机反映临停点无照明；已记录诉求并约定下周回访。',
      ],
    );
    const checkins = [
      ['龙腾路24小时便利店', 104.0481, 30.6127, '店员夜班12小时，希望社区驿站夜间开放', 15],
      ['金茂小区北门烧烤摊', 104.0489, 30.6134, '油烟和噪声扰民，摊主愿意加装油烟净化器', 65],
      ['出租车临停点（地铁口）', 104.0476, 30.6122, '临停点无照明，司机夜间如厕不便', 120],
    ] as const;
    for (const [place, lng, lat, note, after] of checkins)
      await tx.query(
        `insert into patrol_checkins (tenant_id, patrol_id, place, lng, lat, note, created_by, created_at)
         values ($1, $2, $3, $4, $5, $6, $7, $8::timestamptz + make_interval(mins => $9))`,
        [tenantId, patrol.rows[0].id, place, lng, lat, note, id('13800000004'), started, after],
      );
  });
}
