import type { CourseBody } from '@doorstep/contract';
import type pg from 'pg';
import { loadActor } from '../../platform/access/scopes';
import { inTx, type Queryable } from '../../platform/db/tx';
import { createCourse, signUp } from './activities.service';
import { decideHours } from './activities.volunteers';

const userByPhone = async (db: Queryable, phone: string) =>
  (await db.query('select id, name, "phoneNumber" from "user" where "phoneNumber" = $1', [phone])).rows[0];

/** A day in China time, `days` from today, as YYYY-MM-DD. */
const chinaDay = (days: number) =>
  new Date(Date.now() + 8 * 3_600_000 + days * 86_400_000).toISOString().slice(0, 10);
/** The next given weekday (0 = Sunday) at least a day away, in China time. */
const nextWeekday = (weekday: number) => {
  const today = new Date(Date.now() + 8 * 3_600_000).getUTCDay();
  return chinaDay(((weekday - today + 7) % 7) + (weekday === today ? 7 : 0) || 7);
};

/**
 * 龙腾社区's 社区学院 from the seeds (学生第二课堂, 社区银龄学社, 社区家庭学校, 妈妈圆桌 every Wednesday 10:00 at the
 * 母乳快闪站), sessions over the coming weeks; one 妈妈圆桌 session last week with attendance; the volunteer team with
 * 陈党员's approved hours and 孙阿姨's awaiting approval.
 */
export async function seedActivities(pool: pg.Pool) {
  const community = (await pool.query(`select tenant_id, id from areas where code = '990101001001'`)).rows[0];
  const secretary = await userByPhone(pool, '13800000002');
  const staff = await userByPhone(pool, '13800000003');
  const party = await userByPhone(pool, '13800000006');
  const merchant = await userByPhone(pool, '13800000007');
  const aunt = await userByPhone(pool, '13800000008');
  if (!community || !secretary || !staff || !party || !aunt || !merchant) return;
  const tenantId = Number(community.tenant_id);
  const lead = await loadActor(pool, secretary);
  const base = { communityId: Number(community.id), description: '', ageMin: null, ageMax: null };
  const courses: CourseBody[] = [
    {
      ...base,
      series: '妈妈圆桌',
      title: '妈妈圆桌：母乳喂养与育儿答疑',
      description: '妇联律师、儿科医生现场办公，把“育儿焦虑”变成“育儿资源”。',
      place: '儿童游乐场旁·母乳快闪站',
      organiser: '社区妇联',
      capacity: 12,
      audienceTags: ['全职妈妈'],
      repeat: 'weekly',
      firstDate: nextWeekday(3),
      lastDate: chinaDay(60),
      startTime: '10:00',
      minutes: 90,
    },
    {
      ...base,
      series: '学生第二课堂',
      title: '四点半课堂：作业辅导与阅读',
      description: '放学后到社区做作业、读绘本，大学生志愿者辅导。',
      place: '党群服务中心二楼活动室',
      organiser: '社工 王老师',
      capacity: 20,
      ageMin: 6,
      ageMax: 12,
      audienceTags: [],
      repeat: 'weekly',
      firstDate: nextWeekday(2),
      lastDate: chinaDay(45),
      startTime: '16:30',
      minutes: 90,
    },
    {
      ...base,
      series: '社区银龄学社',
      title: '银龄学社：智能手机课（挂号、视频通话）',
      description: '手把手教长辈用手机挂号、付款、视频通话。',
      place: '党群服务中心一楼多功能厅',
      organiser: '银龄学社 志愿者',
      capacity: 15,
      ageMin: 60,
      audienceTags: ['独居老人'],
      repeat: 'weekly',
      firstDate: nextWeekday(4),
      lastDate: chinaDay(45),
      startTime: '09:30',
      minutes: 60,
    },
    {
      ...base,
      series: '社区家庭学校',
      title: '家庭学校：亲子沟通工作坊',
      description: '增强亲子之间的沟通，促进家庭成员之间的信任。',
      place: '党群服务中心二楼活动室',
      organiser: '社区家庭学校',
      capacity: 10,
      audienceTags: ['全职妈妈'],
      repeat: 'once',
      firstDate: nextWeekday(6),
      startTime: '14:00',
      minutes: 120,
    },
  ];
  await inTx(pool, async (tx) => {
    const made = [];
    for (const c of courses) made.push(await createCourse(tx, lead, c));
    // 孙阿姨 has signed up for the next 妈妈圆桌 and the smartphone class
    const auntActor = await loadActor(tx, aunt);
    for (const c of [made[0]!, made[2]!]) {
      const s = await tx.query(
        'select id from activity_sessions where tenant_id = $1 and course_id = $2 order by starts_at limit 1',
        [tenantId, c.id],
      );
      await signUp(tx, auntActor, Number(s.rows[0].id));
    }
    // last week's 妈妈圆桌: three signed up, two came (one scanned the code, one marked by 李书记)
    const past = await tx.query(
      `insert into activity_sessions (tenant_id, course_id, starts_at, ends_at, capacity, seats_taken, checkin_code)
       values ($1, $2, $3::timestamptz, $3::timestamptz + interval '90 minutes', 12, 3, 'MAMA01') returning id`,
      [tenantId, made[0]!.id, new Date(Date.parse(`${nextWeekday(3)}T10:00:00+08:00`) - 7 * 86_400_000)],
    );
    const at = new Date(Date.parse(`${nextWeekday(3)}T10:05:00+08:00`) - 7 * 86_400_000);
    for (const [who, checkedIn, by] of [
      [aunt.id, at, null],
      [party.id, at, secretary.id],
      [merchant.id, null, null],
    ] as const)
      await tx.query(
        `insert into activity_signups (tenant_id, session_id, user_id, status, queued_at, checked_in_at, checked_in_by)
         values ($1, $2, $3, 'confirmed', $4::timestamptz - interval '3 days', $5, $6)`,
        [tenantId, past.rows[0].id, who, at, checkedIn, by],
      );

    // 龙腾社区志愿服务队, led by 陈党员
    const team = await tx.query(
      `insert into volunteer_teams (tenant_id, area_id, name, description, leader_user_id)
       values ($1, $2, '龙腾社区志愿服务队', '楼道清洁、助老陪诊、四点半课堂辅导、活动保障', $3) returning id`,
      [tenantId, community.id, party.id],
    );
    const teamId = Number(team.rows[0].id);
    for (const [who, skills, availability] of [
      [party.id, ['助老陪诊', '活动组织'], '周末全天'],
      [aunt.id, ['楼道清洁', '手工'], '工作日上午'],
    ] as const)
      await tx.query(
        'insert into volunteers (tenant_id, team_id, user_id, skills, availability) values ($1, $2, $3, $4, $5)',
        [tenantId, teamId, who, skills, availability],
      );
    const hours = async (who: string, event: string, daysAgo: number, from: string, to: string) => {
      const day = chinaDay(-daysAgo);
      const { rows } = await tx.query(
        `insert into volunteer_hours (tenant_id, team_id, user_id, event, started_at, ended_at, recorded_by)
         values ($1, $2, $3, $4, $5, $6, $7) returning id`,
        [tenantId, teamId, who, event, `${day}T${from}:00+08:00`, `${day}T${to}:00+08:00`, secretary.id],
      );
      return Number(rows[0].id);
    };
    const staffActor = await loadActor(tx, staff);
    await decideHours(
      tx,
      staffActor,
      await hours(party.id, '妈妈圆桌活动保障', 7, '09:30', '12:00'),
      true,
      null,
    );
    await decideHours(
      tx,
      staffActor,
      await hours(party.id, '独居老人助老陪诊', 12, '08:30', '11:00'),
      true,
      null,
    );
    await hours(aunt.id, '楼道义务保洁', 2, '08:00', '09:30');

    // 陈党员 reported in to the branch where she lives (confirmed by 李书记) and holds a 先锋岗 with counted work
    const branch = await tx.query(
      `select id from party_orgs where tenant_id = $1 and name = '龙腾社区第1网格党支部'`,
      [tenantId],
    );
    if (branch.rows[0])
      await tx.query(
        `insert into party_reports (tenant_id, user_id, branch_id, workplace_branch, commitment, status, confirmed_by, confirmed_at)
         values ($1, $2, $3, '市税务局机关第三党支部', '亮身份、亮承诺：每月参加两次社区志愿服务，结对联系2栋的两位独居老人', 'confirmed', $4, now())`,
        [tenantId, party.id, branch.rows[0].id, secretary.id],
      );
    const building = await tx.query(
      `select id from areas where tenant_id = $1 and code = '990101001001001-01-02'`,
      [tenantId],
    );
    const post = await tx.query(
      `insert into party_posts (tenant_id, area_id, kind, name, member_user_id, duty_area_id)
       values ($1, $2, 'duty_area', '聚金万佳苑2栋责任区', $3, $4) returning id`,
      [tenantId, community.id, party.id, building.rows[0]?.id ?? null],
    );
    for (const [kind, count, note, daysAgo] of [
      ['visit', 12, '走访2栋住户', 20],
      ['opinion', 8, '收集加装电梯意见', 14],
      ['solved', 3, '楼道灯、堆物、漏水', 9],
      ['mediated', 1, '楼上楼下噪声纠纷', 4],
    ] as const)
      await tx.query(
        `insert into party_work (tenant_id, post_id, kind, count, note, day, created_by) values ($1, $2, $3, $4, $5, $6, $7)`,
        [tenantId, post.rows[0].id, kind, count, note, chinaDay(-daysAgo), party.id],
      );

    // 兴趣链 from the seed: photography and frisbee groups and what they produced
    for (const [name, description, product, quantity, unit] of [
      ['摄影兴趣链', '随手拍消防通道占用，拍了就报，整改后再拍', '消防通道占用拍照上报并整改', 42, '处'],
      ['飞盘兴趣链', '周末飞盘联赛，赛前赛后听居民说', '飞盘联赛现场收集居民意见', 87, '条'],
      ['多肉兴趣链', '楼道多肉认养，交换养护经验', null, 0, ''],
    ] as const) {
      const g = await tx.query(
        `insert into interest_groups (tenant_id, area_id, name, description, leader_user_id) values ($1, $2, $3, $4, $5)
         returning id`,
        [tenantId, community.id, name, description, party.id],
      );
      for (const who of [party.id, aunt.id])
        await tx.query(
          'insert into interest_group_members (tenant_id, group_id, user_id) values ($1, $2, $3)',
          [tenantId, g.rows[0].id, who],
        );
      if (product)
        await tx.query(
          `insert into interest_products (tenant_id, group_id, title, quantity, unit, created_by) values ($1, $2, $3, $4, $5, $6)`,
          [tenantId, g.rows[0].id, product, quantity, unit, party.id],
        );
    }
  });
}
