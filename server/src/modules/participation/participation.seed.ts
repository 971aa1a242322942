import type pg from 'pg';
import { loadActor } from '../../platform/access/scopes';
import { chinaDayIn } from '../../platform/china-time';
import { inTx, type Queryable } from '../../platform/db/tx';
import { castBallot, closeVote, supportTopic } from './hall.service';
import { seedMicroprojects } from './microprojects.seed';
import { communityById } from './participation.common';
import { periodOf } from './ratings.routes';
import { claimWish, confirmWish, fulfilWish, postWish } from './wishes.service';

const userByPhone = async (db: Queryable, phone: string) =>
  (await db.query('select id, name, "phoneNumber" from "user" where "phoneNumber" = $1', [phone])).rows[0];
const inDays = chinaDayIn;

/**
 * 龙腾社区's participation demo: 陈党员's skills, 孙阿姨's wishes in every state (one confirmed, so 陈党员 has wish
 * points), topics (one on the agenda), last Monday's 议事日 with a closed vote and its resolution, the next four
 * weekly 议事日, and the three lists with the seed's dormant assets (防空洞 / 锅炉房 / 屋顶水箱).
 */
export async function seedParticipation(pool: pg.Pool) {
  const row = (await pool.query(`select tenant_id, id from areas where code = '990101001001'`)).rows[0];
  const phones = ['13800000002', '13800000003', '13800000006', '13800000008', '13800000005', '13800000007'];
  const users = await Promise.all(phones.map((p) => userByPhone(pool, p)));
  if (!row || users.some((u) => !u)) return;
  const [secretary, staff, party, aunt, property, barber] = await Promise.all(
    users.map((u) => loadActor(pool, { ...u, phoneNumber: u.phoneNumber })),
  );
  if (!secretary || !staff || !party || !aunt || !property || !barber) return;
  const c = await communityById(pool, Number(row.tenant_id), Number(row.id));
  const t = c.tenantId;
  await inTx(pool, async (tx) => {
    // 党员所长
    for (const [category, note] of [
      ['repair', '水电小修、换灯泡、修小家电'],
      ['tutoring', '初中数学辅导（周末）'],
      ['car', '周末可接送就医'],
    ])
      await tx.query('insert into wish_skills (tenant_id, user_id, category, note) values ($1, $2, $3, $4)', [
        t,
        party.userId,
        category,
        note,
      ]);
    await tx.query(
      `insert into wish_skills (tenant_id, user_id, category, note) values ($1, $2, 'companion', '理发上门（独居老人）')`,
      [t, barber.userId],
    );

    // 微心愿 in every state
    const wish = (
      text: string,
      category: 'repair' | 'tutoring' | 'car' | 'companion' | 'goods',
      days: number,
      hide = false,
    ) => postWish(tx, aunt, c, { text, category, byDate: inDays(days), hideName: hide });
    const w1 = await wish('家里卫生间水龙头一直滴水，想请人帮忙换一个', 'repair', 10);
    const w2 = await wish('孙子初二数学跟不上，希望有人周末帮忙辅导两次', 'tutoring', 14);
    const w3 = await wish('腿脚不便，下周三想请人开车送我去华西医院复查', 'car', 5);
    await wish('想要一台旧收音机，每天听听川剧', 'goods', 1, true);
    const w5 = await wish('楼道灯坏了半个月，晚上回家看不清台阶', 'repair', 20);
    await claimWish(tx, party, w1, { kind: 'party_member' });
    await fulfilWish(tx, party, w1, { note: '已上门更换新水龙头，试用不再滴水' });
    await confirmWish(tx, aunt, w1, { done: true });
    await claimWish(tx, party, w2, { kind: 'party_member' });
    await fulfilWish(tx, party, w2, { note: '周六上午辅导了两小时，讲完一次函数' });
    await claimWish(tx, property, w3, { kind: 'unit', org: '金茂物业' });
    await claimWish(tx, party, w5, { kind: 'party_member' });
    // spread the times, so the figures have medians to show
    await tx.query(
      `update wishes set created_at = now() - interval '6 days' - id * interval '7 hours',
              claimed_at = case when claimed_at is not null then now() - interval '6 days' - id * interval '7 hours' + (id % 4 + 2) * interval '3 hours' end,
              fulfilled_at = case when fulfilled_at is not null then now() - interval '2 days' end,
              confirmed_at = case when confirmed_at is not null then now() - interval '1 day' end
        where tenant_id = $1 and community_id = $2`,
      [t, c.id],
    );
    await tx.query(
      `update wishes set reviewed_at = now(), reviewed_by = $3 where tenant_id = $1 and community_id = $2 and status <> 'open'`,
      [t, c.id, staff.userId],
    );

    // 议事厅: the threshold (5 in the demo), topics
    await tx.query(
      `insert into participation_settings (tenant_id, community_id, support_threshold) values ($1, $2, 3)
       on conflict (tenant_id, community_id) do update set support_threshold = 3`,
      [t, c.id],
    );
    const topic = async (who: typeof aunt, title: string, body: string) => {
      const { rows } = await tx.query(
        `insert into topics (tenant_id, community_id, author_user_id, title, body) values ($1, $2, $3, $4, $5) returning id`,
        [t, c.id, who.userId, title, body],
      );
      return Number(rows[0].id);
    };
    const parking = await topic(
      aunt,
      '聚金万佳苑电动车充电桩不够用',
      '晚上充电要排队，有人从楼上拉线充电，很危险。建议在 3 栋旁边空地加装一排充电桩。',
    );
    const dogs = await topic(
      party,
      '文明养犬：小区里遛狗不牵绳',
      '早晚小孩多，建议制定文明养犬公约，设置宠物便便箱。',
    );
    await topic(aunt, '小区门口能否增设一个公交站', '最近的站要走 15 分钟，老人出行不方便。');
    for (const who of [party, barber, property]) await supportTopic(tx, who, parking);
    await supportTopic(tx, aunt, dogs);

    // last Monday's 议事日, and four Mondays ahead
    const { rows: past } = await tx.query(
      `insert into meetings (tenant_id, community_id, kind, title, starts_at, place, convener, checkin_code, minutes, created_by)
       values ($1, $2, 'council', '龙腾社区居民议事会（议事日）',
               date_trunc('week', now() at time zone 'Asia/Shanghai') at time zone 'Asia/Shanghai' - interval '7 days' + interval '19 hours',
               '党群服务中心二楼议事厅', '李书记', '482913',
               '到会居民代表 12 人。议定：在 3 栋旁空地加装 10 个电动车充电桩，由金茂物业牵头，月底前完成。', $3)
       returning id`,
      [t, c.id, secretary.userId],
    );
    const meeting = Number(past[0].id);
    await tx.query(`update agenda_items set meeting_id = $3 where tenant_id = $1 and topic_id = $2`, [
      t,
      parking,
      meeting,
    ]);
    const item = (
      await tx.query('select id from agenda_items where tenant_id = $1 and topic_id = $2', [t, parking])
    ).rows[0].id;
    for (const name of ['王大爷', '刘阿姨', '3栋楼栋长 何师傅'])
      await tx.query(
        `insert into meeting_attendance (tenant_id, meeting_id, name, method, recorded_by) values ($1, $2, $3, 'staff', $4)`,
        [t, meeting, name, staff.userId],
      );
    await tx.query(
      `insert into meeting_attendance (tenant_id, meeting_id, user_id, name, method) values ($1, $2, $3, $4, 'code')`,
      [t, meeting, aunt.userId, aunt.name],
    );
    const { rows: v } = await tx.query(
      `insert into votes (tenant_id, community_id, meeting_id, agenda_item_id, question, options, quorum, created_by)
       values ($1, $2, $3, $4, '是否在 3 栋旁空地加装电动车充电桩？', array['同意', '不同意', '弃权'], 5, $5) returning id`,
      [t, c.id, meeting, item, secretary.userId],
    );
    const vote = Number(v[0].id);
    for (const who of [aunt, party, barber]) await castBallot(tx, who, vote, [0]);
    await castBallot(tx, staff, vote, [0], '王大爷 1栋2单元301');
    await castBallot(tx, staff, vote, [1], '刘阿姨 2栋1单元102');
    await castBallot(tx, staff, vote, [0], '何师傅 3栋1单元501');
    await closeVote(tx, secretary, vote);
    await tx.query(
      `insert into resolutions (tenant_id, community_id, meeting_id, vote_id, text, owner_name, due_date, status, progress, progress_note, created_by, request_id)
       values ($1, $2, $3, $4, '在 3 栋旁空地加装 10 个电动车充电桩，并张贴安全充电告示', '金茂物业 刘经理', $5, 'in_progress', 40,
               '已完成选址和电力容量核查，设备已下单', $6,
               -- the resident's request that raised it (so the demo's 数据使用率 has a resolution behind it)
               (select id from requests where tenant_id = $1 and community_id = $2 and channel <> 'import'
                 order by (description ~ '(充电|电动车|停车)') desc, created_at desc limit 1))`,
      [t, c.id, meeting, vote, inDays(20), secretary.userId],
    );
    for (let w = 0; w < 4; w++)
      await tx.query(
        `insert into meetings (tenant_id, community_id, kind, title, starts_at, place, convener, checkin_code, series_id, created_by)
         values ($1, $2, 'council', '龙腾社区居民议事会（议事日）',
                 date_trunc('week', now() at time zone 'Asia/Shanghai') at time zone 'Asia/Shanghai' + make_interval(weeks => $3 + 1) + interval '19 hours',
                 '党群服务中心二楼议事厅', '李书记', $4, 'demo-weekly', $5)`,
        [t, c.id, w, String(300000 + w * 1111), secretary.userId],
      );

    // 群众阅卷 this quarter: 孙阿姨, 陈党员 and 周老板 mark 李书记, 张社工 and 赵网格
    const grid = await userByPhone(tx, '13800000004');
    const marks: [typeof aunt, string, number, string][] = [
      [aunt, secretary.userId, 5, '充电桩的事很快就落实了'],
      [aunt, staff.userId, 4, '办事耐心'],
      [aunt, grid.id, 5, '经常上门看望独居老人'],
      [party, secretary.userId, 4, ''],
      [party, grid.id, 5, '网格群里回复很及时'],
      [barber, staff.userId, 3, '希望周末也能办理业务'],
      [barber, grid.id, 4, ''],
    ];
    for (const [who, target, score, comment] of marks)
      await tx.query(
        `insert into cadre_ratings (tenant_id, community_id, period, rater_user_id, target_user_id, score, comment)
         values ($1, $2, $3, $4, $5, $6, $7)`,
        [t, c.id, periodOf(), who.userId, target, score, comment],
      );

    // 三张清单 + 沉睡清单
    const item3 = async (
      kind: 'need' | 'resource',
      publisherKind: string,
      publisherName: string,
      title: string,
      description: string,
      dormant?: [string, number, string, string],
    ) =>
      Number(
        (
          await tx.query(
            `insert into list_items (tenant_id, community_id, kind, publisher_kind, publisher_name, title, description,
                                     dormant, owner, idle_years, convertible_use, expected_funding)
             values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12) returning id`,
            [
              t,
              c.id,
              kind,
              publisherKind,
              publisherName,
              title,
              description,
              !!dormant,
              ...(dormant ?? [null, null, null, null]),
            ],
          )
        ).rows[0].id,
      );
    await item3('resource', 'community', '龙腾社区', '防空洞', '地下约 600 平方米，通风良好', [
      '区人防办',
      15,
      '地下书吧+恒温酒窖',
      '120万(社会资本)',
    ]);
    await item3('resource', 'unit', '原纺织厂', '锅炉房', '砖混结构，层高 6 米', [
      '原纺织厂',
      9,
      '社区烘焙工坊',
      '80万(街道+企业)',
    ]);
    const tank = await item3('resource', 'property', '金茂物业', '屋顶水箱', '3 栋屋顶，约 200 平方米', [
      '物业共用',
      6,
      '屋顶菜园',
      '30万(居民众筹)',
    ]);
    const garden = await item3(
      'need',
      'community',
      '龙腾社区',
      '老人想要一块种菜的地方',
      '20 多位退休居民报名，想种菜、交流',
    );
    await item3(
      'need',
      'community',
      '龙腾社区',
      '四点半课堂缺少场地和志愿老师',
      '双职工家庭孩子放学后无人照看',
    );
    await item3('need', 'property', '金茂物业', '小区消防演练需要专业指导', '每年两次，需消防站支持');
    await item3('resource', 'unit', '长江路小学', '周末开放操场和两间教室', '周六、周日 9:00–17:00');
    await item3(
      'resource',
      'social_org',
      '成华区心语社工中心',
      '每周两个半天的心理咨询志愿服务',
      '持证心理咨询师 3 名',
    );
    await tx.query(
      `update list_items set status = 'claimed' where tenant_id = $1 and id = any($2::bigint[])`,
      [t, [tank, garden]],
    );
    const { rows: p } = await tx.query(
      `insert into list_projects (tenant_id, community_id, title, need_id, resource_id, owner_name, budget_fen, agreement, created_by)
       values ($1, $2, '屋顶菜园', $3, $4, '金茂物业 刘经理', 3000000,
               '权属不变、安全先过、收益反哺：项目净利润的 20% 进入社区微基金。', $5) returning id`,
      [t, c.id, garden, tank, secretary.userId],
    );
    for (const [title, due, done] of [
      ['屋顶承重与防水安全评估', inDays(-20), true],
      ['居民众筹 30 万', inDays(-5), true],
      ['种植箱与滴灌安装', inDays(15), false],
      ['首批 20 户认种开园', inDays(40), false],
    ] as const)
      await tx.query(
        `insert into project_milestones (tenant_id, project_id, title, due_date, done_at) values ($1, $2, $3, $4, $5)`,
        [t, p[0].id, title, due, done ? new Date() : null],
      );

    await seedMicroprojects(tx, c, { secretary, staff, aunt, party, barber });
  });
}
