import type pg from 'pg';
import type { Actor } from '../../platform/access/scopes';
import { microFundFlow } from '../ledger';
import { castBallot, closeVote } from './hall.service';
import { actMicro, ensureTypes, proposeMicro } from './microprojects.service';
import type { Community } from './participation.common';

const chinaDay = (n: number) =>
  new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(
    new Date(Date.now() + n * 86_400_000),
  );

/**
 * 龙腾社区's 民生微实事 demo, through the service (so the timeline, audit and fund flows are real): the seed types
 * (为民服务类 ≤ 20万, 设施改造类 ≤ 50万, 文体活动类 ≤ 10万); 楼道灯改造 accepted and rated (1.2万 spent), 老年食堂助餐
 * under supervision with a first payment (1万) — both paid from the street's grant of 2.2万 into the
 * 社区微基金, so the fund's balance is the ledger demo's — 口袋公园座椅 in its publicity period with an objection awaiting an
 * answer, 儿童游乐区地面修补 just proposed.
 */
export async function seedMicroprojects(
  tx: pg.PoolClient,
  c: Community,
  people: { secretary: Actor; staff: Actor; aunt: Actor; party: Actor; barber: Actor },
) {
  const { secretary, staff, aunt, party, barber } = people;
  await ensureTypes(tx, c);
  // the street's grant for this year's projects, spent below (the fund's balance is what it was before)
  await microFundFlow(tx, secretary, c.tenantId, c.id, {
    kind: 'donation',
    counterparty: '街道办事处（民生微实事专项资金）',
    amount: 22_000_00,
    memo: '楼道灯改造、老年食堂助餐',
  });
  const types = new Map(
    (
      await tx.query('select id, name from microproject_types where tenant_id = $1 and community_id = $2', [
        c.tenantId,
        c.id,
      ])
    ).rows.map((r) => [r.name as string, Number(r.id)]),
  );
  const version = async (id: number) =>
    Number((await tx.query('select version from microprojects where id = $1', [id])).rows[0].version);
  // biome-ignore lint/suspicious/noExplicitAny: one action body at a time
  const act = async (id: number, body: any) =>
    actMicro(tx, secretary, id, { ...body, version: await version(id) });
  const vote = async (title: string) => {
    const { rows } = await tx.query(
      `insert into votes (tenant_id, community_id, question, options, quorum, created_by)
       values ($1, $2, $3, array['同意', '不同意', '弃权'], 3, $4) returning id`,
      [c.tenantId, c.id, `是否同意实施民生微实事“${title}”`, secretary.userId],
    );
    const id = Number(rows[0].id);
    for (const who of [aunt, party, barber]) await castBallot(tx, who, id, [0]);
    await castBallot(tx, staff, id, [0], '王大爷 1栋2单元301');
    await closeVote(tx, secretary, id);
    return id;
  };
  /** Proposed by 孙阿姨 and taken as far as `until`. */
  const project = async (
    type: string,
    title: string,
    description: string,
    budget: number,
    until: 'proposed' | 'publicizing' | 'supervising' | 'accepted',
    undertaker = '',
  ) => {
    const { id } = await proposeMicro(tx, aunt, {
      communityId: c.id,
      typeId: types.get(type) as number,
      title,
      description,
      budget,
    });
    if (until === 'proposed') return id;
    await act(id, { action: 'screen', pass: true });
    await act(id, { action: 'link_vote', voteId: await vote(title) });
    await act(id, { action: 'publish', days: 7, from: chinaDay(until === 'publicizing' ? -2 : -20) });
    if (until === 'publicizing') return id;
    await act(id, { action: 'take_on', name: undertaker });
    await act(id, { action: 'supervise' });
    return id;
  };

  const lights = await project(
    '设施改造类',
    '楼道灯改造',
    '5栋、6栋楼道灯多处损坏，换成声光控 LED 感应灯，共 36 盏',
    12_000_00,
    'supervising',
    '金茂物业',
  );
  const p = (await tx.query('select project_id from microprojects where id = $1', [lights])).rows[0]
    .project_id;
  for (const [title, due, done] of [
    ['灯具采购进场', chinaDay(-12), true],
    ['5栋、6栋安装完毕', chinaDay(-5), true],
  ] as const)
    await tx.query(
      `insert into project_milestones (tenant_id, project_id, title, due_date, done_at) values ($1, $2, $3, $4, $5)`,
      [c.tenantId, p, title, due, done ? new Date() : null],
    );
  await act(lights, { action: 'pay', amount: 6_000_00, note: '预付款 50%' });
  await act(lights, {
    action: 'accept',
    amount: 6_000_00,
    note: '36 盏感应灯全部更换并通电，居民代表现场验收合格',
  });
  for (const [who, stars, comment] of [
    [aunt, 5, '晚上下楼亮堂了'],
    [party, 5, ''],
    [barber, 4, '6栋3楼的灯有点暗'],
  ] as const)
    await tx.query(
      `insert into microproject_ratings (tenant_id, microproject_id, user_id, stars, comment) values ($1, $2, $3, $4, $5)`,
      [c.tenantId, lights, who.userId, stars, comment],
    );

  const canteen = await project(
    '为民服务类',
    '老年食堂助餐',
    '为 80 岁以上独居老人提供午餐助餐补贴和送餐上门，首期 6 个月',
    60_000_00,
    'supervising',
    '龙腾社工服务中心',
  );
  const q = (await tx.query('select project_id from microprojects where id = $1', [canteen])).rows[0]
    .project_id;
  for (const [title, due, done] of [
    ['助餐对象摸底登记（42 人）', chinaDay(-10), true],
    ['送餐志愿者排班', chinaDay(5), false],
    ['首月助餐情况公示', chinaDay(35), false],
  ] as const)
    await tx.query(
      `insert into project_milestones (tenant_id, project_id, title, due_date, done_at) values ($1, $2, $3, $4, $5)`,
      [c.tenantId, q, title, due, done ? new Date() : null],
    );
  await act(canteen, { action: 'pay', amount: 10_000_00, note: '首月餐费' });

  const benches = await project(
    '设施改造类',
    '口袋公园座椅',
    '在 3 号楼旁口袋公园增设 8 张防腐木座椅和 2 处遮阳棚',
    45_000_00,
    'publicizing',
  );
  await tx.query(
    `insert into microproject_objections (tenant_id, microproject_id, author_user_id, text) values ($1, $2, $3, $4)`,
    [c.tenantId, benches, party.userId, '遮阳棚离 3 号楼一楼窗户太近，担心挡光，建议往南挪 2 米'],
  );

  await project(
    '文体活动类',
    '儿童游乐区地面修补',
    '游乐区塑胶地面多处开裂翘起，孩子容易绊倒，建议整体修补',
    18_000_00,
    'proposed',
  );
}
