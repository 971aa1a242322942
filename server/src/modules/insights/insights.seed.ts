import type pg from 'pg';
import { loadActor } from '../../platform/access/scopes';
import { inTx } from '../../platform/db/tx';
import { reportRequest } from '../requests';

/**
 * Demo data for the dashboards, the morning brief and the hot spots: yesterday evening's noise complaints around
 * 龙腾社区's square (a surge and a hot spot), and the 3号楼 lift failing again in the last weeks (a hot spot).
 * Reported through the requests module like any resident's report, then moved back in time.
 */
export async function seedInsights(pool: pg.Pool) {
  const { rows: users } = await pool.query(
    `select id, name, "phoneNumber" from "user" where "phoneNumber" = '13800000008'`,
  );
  if (!users[0]) return;
  const resident = await loadActor(pool, users[0]);
  const square = { lng: 104.0491, lat: 30.6127, address: '龙腾社区文化广场' };
  const lift = { lng: 104.0484, lat: 30.6131, address: '聚金万佳苑3号楼' };
  const reports: { text: string; category: string; at: typeof square; daysAgo: number; hour: number }[] = [
    {
      text: '广场舞音响太大声，晚上九点半还没停，孩子没法睡觉。',
      category: 'neighbor.noise',
      at: square,
      daysAgo: 1,
      hour: 21,
    },
    {
      text: '文化广场晚上有人用大功率音箱唱歌，吵到十点多。',
      category: 'neighbor.noise',
      at: square,
      daysAgo: 1,
      hour: 22,
    },
    {
      text: '广场那边夜里很吵，希望规定一个结束时间。',
      category: 'neighbor.noise',
      at: square,
      daysAgo: 1,
      hour: 22,
    },
    {
      text: '广场边上烧烤摊噪音和油烟，影响休息。',
      category: 'neighbor.noise',
      at: square,
      daysAgo: 1,
      hour: 23,
    },
    { text: '3号楼电梯又坏了，困了人十分钟。', category: 'property.lift', at: lift, daysAgo: 19, hour: 8 },
    { text: '3号楼电梯按钮失灵，停在12楼不动。', category: 'property.lift', at: lift, daysAgo: 11, hour: 18 },
    { text: '3号楼电梯门关不上，一直报警。', category: 'property.lift', at: lift, daysAgo: 4, hour: 7 },
  ];
  for (const r of reports) {
    const req = await inTx(pool, (tx) =>
      reportRequest(
        tx,
        resident,
        {
          description: r.text,
          nature: 'complaint',
          crs: 'wgs84',
          anonymous: false,
          photos: [],
          categoryCode: r.category,
          lng: r.at.lng,
          lat: r.at.lat,
          address: r.at.address,
        } as never,
        {},
      ),
    );
    // move the whole request back: the report happened `daysAgo` days ago at `hour` China time
    await pool.query(
      `with t as (select ((((now() at time zone 'Asia/Shanghai')::date) - $2::int)::timestamp + make_interval(hours => $3)) at time zone 'Asia/Shanghai' as at)
       update requests r set created_at = t.at,
              response_due_at = t.at + (r.response_due_at - r.created_at),
              resolve_due_at = t.at + (r.resolve_due_at - r.created_at), updated_at = t.at
         from t where r.id = $1`,
      [req.id, r.daysAgo, r.hour],
    );
    await pool.query(
      `update request_events e set at = r.created_at from requests r
        where r.tenant_id = e.tenant_id and r.id = e.request_id and r.id = $1`,
      [req.id],
    );
  }
}
