import type pg from 'pg';
import { inTx } from '../platform/db/tx';
import { decrypt, type PiiKeys } from '../platform/pii';

/**
 * A year of requests that 龙腾社区's staff took in for residents of the seed's four groups, by the channel each group
 * uses (数据画像: 独居老人 线下走访 187 件 94%, 全职妈妈 微信群 92 件 78%, 夜间上班族 12345 54 件 61%, 外来商户 商会转递
 * 33 件 45%), each carrying the resident's phone as staff intake does — so the portrait finds them through the basic
 * records. Closed and rated; demo mode only (the test template keeps its small, hand-checked set).
 */
const GROUPS = [
  {
    tag: '独居老人',
    channel: 'visit',
    nature: 'help',
    count: 187,
    resolved: 0.94,
    items: [
      ['elderly.care', '独居老人家中燃气灶打不着火，网格员走访时登记，请求帮助维修'],
      ['elderly.meal', '老人腿脚不便，希望助餐点能送餐上门'],
      ['utilities.water', '老人家里水龙头漏水，自己修不了'],
      ['property.repair', '楼道扶手松动，老人上下楼不安全'],
    ],
  },
  {
    tag: '全职妈妈',
    channel: 'wechat_group',
    nature: 'suggestion',
    count: 92,
    resolved: 0.78,
    items: [
      ['city.facility', '小区儿童游乐场滑梯有破损，孩子玩耍不安全'],
      ['property.cleaning', '沙坑里有烟头和碎玻璃，希望清理'],
      ['parking.space', '婴儿车通道被电动车占满'],
    ],
  },
  {
    tag: '夜间上班族',
    channel: 'hotline_12345',
    nature: 'complaint',
    count: 54,
    resolved: 0.61,
    items: [
      ['neighbor.noise', '白天需要休息，楼下装修噪音太大'],
      ['property.security', '凌晨下班回来门禁刷不开'],
      ['city.facility', '夜里回家路上路灯不亮'],
    ],
  },
  {
    tag: '外来商户',
    channel: 'chamber',
    nature: 'complaint',
    count: 33,
    resolved: 0.45,
    items: [
      ['street.vendor', '门店前被流动摊贩占道，影响经营'],
      ['ads.illegal', '店招被要求整改，不清楚审批流程'],
      ['city.litter', '商铺后巷垃圾无人清运'],
    ],
  },
] as const;

export async function seedPortrait(pool: pg.Pool, keys: PiiKeys) {
  await inTx(pool, async (tx) => {
    const { rows: c } = await tx.query("select tenant_id, id, path from areas where code = '990101001001'");
    if (!c[0]) return;
    const tenantId = c[0].tenant_id;
    for (const g of GROUPS) {
      const { rows: people } = await tx.query(
        `select p.id, p.phone_enc,
                (select gr.id from areas gr where gr.tenant_id = a.tenant_id and gr.kind = 'grid' and a.path <@ gr.path) as grid_id
           from people p join areas a on a.tenant_id = p.tenant_id and a.id = p.area_id
           join person_tags pt on pt.tenant_id = p.tenant_id and pt.person_id = p.id
           join record_tags t on t.tenant_id = pt.tenant_id and t.id = pt.tag_id and t.name = $2
          where p.tenant_id = $1 and a.path <@ $3::ltree and p.phone_enc is not null and p.archived_at is null
            -- people in just this one of the four groups, so each group's row is its own requests
            and not exists (select 1 from person_tags pt2
                               join record_tags t2 on t2.tenant_id = pt2.tenant_id and t2.id = pt2.tag_id
                              where pt2.tenant_id = p.tenant_id and pt2.person_id = p.id
                                and t2.name = any($4::text[]) and t2.name <> $2)
          order by p.id`,
        [tenantId, g.tag, c[0].path, GROUPS.map((x) => x.tag)],
      );
      if (people.length === 0) continue;
      const resolvedN = Math.round(g.count * g.resolved);
      for (let i = 0; i < g.count; i++) {
        const who = people[i % people.length];
        const [category, text] = g.items[i % g.items.length]!;
        // resolved ones spread evenly over the year (every k-th is not)
        const resolved = Math.floor(((i + 1) * resolvedN) / g.count) > Math.floor((i * resolvedN) / g.count);
        const daysAgo = 2 + ((i * 97 + g.count) % 360);
        const { rows } = await tx.query(
          `insert into requests (tenant_id, public_no, channel, nature, category_code, description, grid_id, community_id,
                                 status, closed_reason, reporter_name, reporter_phone, created_at, response_due_at,
                                 resolve_due_at, responded_at, handled_at, closed_at, rated_at, resolved, satisfaction)
           select $1, 'HX' || to_char(t.at at time zone 'Asia/Shanghai', 'YYYYMMDD') || '-' || lpad($2::text, 5, '0'),
                  $3, $4, $5, $6, $7, $8, 'closed', 'rated', '居民', $9, t.at, t.at + interval '1 day',
                  t.at + interval '7 days', t.at + interval '3 hours', t.at + interval '3 days',
                  t.at + interval '4 days', t.at + interval '4 days', $10, $11
             from (select date_trunc('day', now()) - make_interval(days => $12) + interval '9 hours' as at) t
           returning id, created_at`,
          [
            tenantId,
            `${g.count}${i}`,
            g.channel,
            g.nature,
            category,
            text,
            who.grid_id,
            c[0].id,
            decrypt(keys, who.phone_enc),
            resolved ? 'yes' : 'no',
            resolved ? (i % 5 === 0 ? 'basic' : 'satisfied') : 'unsatisfied',
            daysAgo,
          ],
        );
        // the timeline the resident saw: one visible step a day
        await tx.query(
          `insert into request_events (tenant_id, request_id, at, type, visible_to_resident)
           select $1, $2, $3::timestamptz + make_interval(days => d), 'comment', true from generate_series(0, 4) d`,
          [tenantId, rows[0].id, rows[0].created_at],
        );
      }
    }
  });
}
