import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { areaId, type Client, PHONES, startTestApp, type TestApp } from '../../test/harness';
import { sweepWishes } from './index';

/** Participation through the HTTP API with the demo's actors: wishes, the deliberation hall, the three lists. */
let t: TestApp;
let community: number;

beforeAll(async () => {
  // the concurrency tests queue on the app's own pool on purpose: no load shedding here
  process.env.OVERLOAD_MAX_DB_WAITING ??= '100000';
  t = await startTestApp();
  community = await areaId(t.pool, '990101001001');
});
afterAll(() => t.close());

const clients = new Map<string, Promise<Client>>();
const as = (phone: string) => {
  if (!clients.has(phone)) clients.set(phone, t.client(phone));
  return clients.get(phone)!;
};
const inDays = (n: number) =>
  new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(
    new Date(Date.now() + n * 86_400_000),
  );

/** In-app messages of a kind linking to a wish, for the person with that phone. */
async function inbox(phone: string, kind: string, wish: number): Promise<number> {
  const { rows } = await t.pool.query(
    `select count(*)::int as n from notifications n join "user" u on u.id = n.user_id
      where u."phoneNumber" = $1 and n.kind = $2 and n.link = $3`,
    [phone, kind, `/h5/wishes/${wish}`],
  );
  return rows[0].n;
}

async function points(phone: string): Promise<number> {
  const res = await (await as(phone)).get('/api/ledger/me/accounts');
  return res.body.items.find((a: { unit: string }) => a.unit === 'points')?.balance ?? 0;
}

describe('微心愿', () => {
  it('post → claim → fulfil → not done → fulfil → confirm, and the party member earns the rule’s points', async () => {
    const aunt = await as(PHONES.resident);
    const party = await as(PHONES.party_member);
    const before = await points(PHONES.party_member);
    const post = await aunt.post('/api/wishes', {
      text: '阳台晾衣架坏了，想请人帮忙修一下',
      category: 'repair',
      byDate: inDays(7),
      hideName: true,
    });
    expect(post.status).toBe(201);
    expect(post.body).toMatchObject({
      status: 'open',
      mine: true,
      authorName: '孙阿姨',
      communityName: '龙腾社区',
    });
    const id = post.body.id;

    // the public list shows it, name hidden to others; 陈党员 declared repair skills, so he matches
    const list = await party.get(`/api/wishes?communityId=${community}`);
    const seen = list.body.items.find((w: { id: number }) => w.id === id);
    expect(seen.authorName).toBe('匿名居民');
    const matches = await aunt.get(`/api/wishes/${id}/matches`);
    expect(matches.body.items.map((m: { name: string }) => m.name)).toContain('陈党员');
    // …and heard of it in the app, with a link to the wish
    expect(await inbox(PHONES.party_member, 'wish.match', id)).toBe(1);

    // only the claimer reports it fulfilled; only the author confirms
    expect((await party.post(`/api/wishes/${id}/fulfil`, { note: '已修好' })).status).toBe(403);
    const claim = await party.post(`/api/wishes/${id}/claim`, { kind: 'party_member' });
    expect(claim.status).toBe(200);
    expect(claim.body).toMatchObject({ status: 'claimed', claimerName: '陈党员', claimedByMe: true });
    expect(await inbox(PHONES.resident, 'wish.claimed', id)).toBe(1);
    expect((await aunt.post(`/api/wishes/${id}/fulfil`, { note: '已修好' })).status).toBe(403);
    expect((await party.post(`/api/wishes/${id}/fulfil`, { note: '已上门修好晾衣架' })).body.status).toBe(
      'fulfilled',
    );
    expect((await party.post(`/api/wishes/${id}/confirm`, { done: true })).status).toBe(403);

    // not done: back to the claimer, with the reason
    const no = await aunt.post(`/api/wishes/${id}/confirm`, { done: false, reason: '右边还是晃' });
    expect(no.body).toMatchObject({ status: 'claimed', notDoneCount: 1, notDoneReason: '右边还是晃' });
    expect(await points(PHONES.party_member)).toBe(before);
    await party.post(`/api/wishes/${id}/fulfil`, { note: '加固了右侧支架' });
    const yes = await aunt.post(`/api/wishes/${id}/confirm`, { done: true });
    expect(yes.body.status).toBe('confirmed');
    expect(await points(PHONES.party_member)).toBe(before + 5);
    // confirming twice is refused, and pays nothing more
    expect((await aunt.post(`/api/wishes/${id}/confirm`, { done: true })).status).toBe(409);
    expect(await points(PHONES.party_member)).toBe(before + 5);
  });

  it('two claimers at once: exactly one wins, the other gets 409', async () => {
    const aunt = await as(PHONES.resident);
    for (let round = 0; round < 5; round++) {
      const id = (
        await aunt.post('/api/wishes', {
          text: `想借一把梯子 ${round}`,
          category: 'goods',
          byDate: inDays(9),
        })
      ).body.id;
      const claimers = await Promise.all([
        as(PHONES.party_member),
        as(PHONES.merchant),
        as(PHONES.responder),
      ]);
      const res = await Promise.all(
        claimers.map((c, i) =>
          c.post(
            `/api/wishes/${id}/claim`,
            i === 0 ? { kind: 'party_member' } : { kind: 'unit', org: '驻区单位' },
          ),
        ),
      );
      expect(res.map((r) => r.status).sort()).toEqual([200, 409, 409]);
      const row = (await t.pool.query('select claimer_user_id from wishes where id = $1', [id])).rows[0];
      expect(row.claimer_user_id).not.toBeNull();
    }
  });

  it('staff hide a wish with a reason: it leaves the public list, the author still sees it', async () => {
    const aunt = await as(PHONES.resident);
    const staff = await as(PHONES.community_staff);
    const id = (
      await aunt.post('/api/wishes', { text: '帮我卖二手家具，加微信', category: 'other', byDate: inDays(3) })
    ).body.id;
    expect((await staff.post(`/api/wishes/${id}/moderate`, { action: 'hide' })).status).toBe(422);
    const hide = await staff.post(`/api/wishes/${id}/moderate`, {
      action: 'hide',
      reason: '属于商业信息，不是微心愿',
    });
    expect(hide.body).toMatchObject({ hidden: true, reviewed: true });
    const party = await as(PHONES.party_member);
    const list = await party.get(`/api/wishes?communityId=${community}`);
    expect(list.body.items.some((w: { id: number }) => w.id === id)).toBe(false);
    expect((await party.get(`/api/wishes/${id}`)).status).toBe(404);
    expect((await party.post(`/api/wishes/${id}/claim`, { kind: 'volunteer' })).status).toBe(404);
    expect((await aunt.get(`/api/wishes/${id}`)).body.hiddenReason).toBe('属于商业信息，不是微心愿');
    // a resident cannot moderate
    expect((await aunt.post(`/api/wishes/${id}/moderate`, { action: 'restore' })).status).toBe(403);
  });

  it('a resident claims only as a volunteer, never their own wish; a unit names itself', async () => {
    const aunt = await as(PHONES.resident);
    const barber = await as(PHONES.merchant);
    const id = (
      await aunt.post('/api/wishes', { text: '想请人陪我去银行', category: 'companion', byDate: inDays(6) })
    ).body.id;
    expect((await aunt.post(`/api/wishes/${id}/claim`, { kind: 'volunteer' })).status).toBe(422);
    expect((await barber.post(`/api/wishes/${id}/claim`, { kind: 'party_member' })).status).toBe(422);
    expect((await barber.post(`/api/wishes/${id}/claim`, { kind: 'unit' })).status).toBe(422);
    expect(
      (await aunt.post('/api/wishes', { text: '过去的日子', category: 'other', byDate: '2020-01-01' }))
        .status,
    ).toBe(422);
  });

  it('skills are declared per person and replace the old list', async () => {
    const barber = await as(PHONES.merchant);
    const put = await barber.put('/api/wishes/skills/mine', {
      items: [
        { category: 'companion', note: '上门理发' },
        { category: 'repair', note: '' },
      ],
    });
    expect(put.status).toBe(200);
    const mine = await barber.get('/api/wishes/skills/mine');
    expect(mine.body.items.map((s: { category: string }) => s.category).sort()).toEqual([
      'companion',
      'repair',
    ]);
  });

  it('the sweep escalates open wishes within two days of their date, once', async () => {
    const aunt = await as(PHONES.resident);
    const soon = (
      await aunt.post('/api/wishes', { text: '明天想找人帮忙搬米', category: 'goods', byDate: inDays(1) })
    ).body.id;
    const later = (
      await aunt.post('/api/wishes', {
        text: '下个月想学用智能手机',
        category: 'tutoring',
        byDate: inDays(30),
      })
    ).body.id;
    const first = await sweepWishes(t.pool);
    expect(first.escalated).toBeGreaterThanOrEqual(1);
    expect((await aunt.get(`/api/wishes/${soon}`)).body.escalated).toBe(true);
    expect((await aunt.get(`/api/wishes/${later}`)).body.escalated).toBe(false);
    expect((await sweepWishes(t.pool)).escalated).toBe(0);
    const told = await t.pool.query(
      `select count(*)::int as n from notifications n join "user" u on u.id = n.user_id
        where u."phoneNumber" = $1 and n.kind = 'wish.escalated'`,
      [PHONES.community_secretary],
    );
    expect(told.rows[0].n).toBeGreaterThanOrEqual(1);
    const audit = await t.pool.query(
      `select count(*)::int as n from audit_events where action = 'wish.escalate' and entity_id = $1`,
      [String(soon)],
    );
    expect(audit.rows[0].n).toBe(1);
  });

  it('figures: posted, claimed, fulfilled and medians, by grid and by claimer type; staff only', async () => {
    const sec = await as(PHONES.community_secretary);
    const res = await sec.get(`/api/wishes/figures?communityId=${community}`);
    expect(res.status).toBe(200);
    const { rows } = await t.pool.query(
      `select count(*)::int as posted, count(claimed_at)::int as claimed,
              count(*) filter (where status in ('fulfilled', 'confirmed'))::int as fulfilled
         from wishes where community_id = $1 and not hidden`,
      [community],
    );
    expect(res.body.total).toMatchObject(rows[0]);
    expect(res.body.total.medianHoursToClaim).not.toBeNull();
    const sum = (xs: { posted: number }[]) => xs.reduce((a, x) => a + x.posted, 0);
    expect(sum(res.body.byGrid)).toBe(rows[0].posted);
    expect(sum(res.body.byClaimerKind)).toBe(rows[0].claimed);
    expect(res.body.byClaimerKind.map((k: { claimerKind: string }) => k.claimerKind)).toContain(
      'party_member',
    );
    expect(
      (await (await as(PHONES.resident)).get(`/api/wishes/figures?communityId=${community}`)).status,
    ).toBe(403);
  });
});

describe('议事厅', () => {
  it('supports: one per person (DB), and the one that reaches the threshold puts the topic on the agenda', async () => {
    const sec = await as(PHONES.community_secretary);
    expect(
      (await sec.put('/api/participation/settings', { communityId: community, supportThreshold: 3 })).status,
    ).toBe(200);
    const aunt = await as(PHONES.resident);
    const topic = (await aunt.post('/api/topics', { title: '小区健身器材老化', body: '扶手松动，建议更换' }))
      .body;
    expect(topic).toMatchObject({ status: 'proposed', supports: 0, threshold: 3 });
    const people = await Promise.all([PHONES.party_member, PHONES.merchant, PHONES.responder].map(as));
    expect((await people[0]!.post(`/api/topics/${topic.id}/support`)).body.supports).toBe(1);
    expect((await people[0]!.post(`/api/topics/${topic.id}/support`)).status).toBe(409);
    // the last two at once: both count, the topic goes on the agenda once
    const res = await Promise.all(people.slice(1).map((p) => p.post(`/api/topics/${topic.id}/support`)));
    expect(res.map((r) => r.status)).toEqual([200, 200]);
    const after = (await aunt.get('/api/topics')).body.items.find((x: { id: number }) => x.id === topic.id);
    expect(after).toMatchObject({ status: 'agenda', supports: 3 });
    const items = await t.pool.query('select count(*)::int as n from agenda_items where topic_id = $1', [
      topic.id,
    ]);
    expect(items.rows[0].n).toBe(1);
    const supports = await t.pool.query('select count(*)::int as n from topic_supports where topic_id = $1', [
      topic.id,
    ]);
    expect(supports.rows[0].n).toBe(3);
  });

  it('a weekly meeting series, check-in by code, staff-recorded attendance, minutes', async () => {
    const sec = await as(PHONES.community_secretary);
    const res = await sec.post('/api/meetings', {
      communityId: community,
      title: '议事日',
      startsAt: `${inDays(3)}T19:00:00+08:00`,
      place: '党群服务中心',
      convener: '李书记',
      repeatWeeks: 3,
      agenda: ['楼道堆物清理'],
    });
    expect(res.status).toBe(201);
    const ours = res.body.items.filter((m: { title: string }) => m.title === '议事日');
    expect(ours).toHaveLength(3);
    const first = ours.at(-1);
    expect(first.agenda.map((a: { title: string }) => a.title)).toEqual(['楼道堆物清理']);
    const aunt = await as(PHONES.resident);
    const seen = (await aunt.get('/api/meetings')).body.items.find((m: { id: number }) => m.id === first.id);
    expect(seen.checkinCode).toBeNull();
    expect(
      (
        await aunt.post(`/api/meetings/${first.id}/checkin`, {
          code: '000000' === first.checkinCode ? '000001' : '000000',
        })
      ).status,
    ).toBe(422);
    expect((await aunt.post(`/api/meetings/${first.id}/checkin`, { code: first.checkinCode })).status).toBe(
      200,
    );
    expect((await aunt.post(`/api/meetings/${first.id}/checkin`, { code: first.checkinCode })).status).toBe(
      200,
    );
    expect((await sec.post(`/api/meetings/${first.id}/attendance`, { name: '王大爷' })).status).toBe(201);
    const att = await sec.get(`/api/meetings/${first.id}/attendance`);
    expect(att.body.items.map((a: { name: string }) => a.name)).toEqual(['孙阿姨', '王大爷']);
    const min = await sec.put(`/api/meetings/${first.id}/minutes`, { minutes: '议定：周末集中清理楼道' });
    expect(min.body.minutes).toBe('议定：周末集中清理楼道');
    // 联席会: monthly, the convener rotating through the member units
    const joint = await sec.post('/api/meetings', {
      communityId: community,
      kind: 'joint',
      title: '党建联席会',
      startsAt: `${inDays(10)}T15:00:00+08:00`,
      place: '党群服务中心',
      convener: '李书记',
      repeatWeeks: 4,
      repeatEvery: 'month',
      conveners: ['龙腾社区党委', '金茂物业党支部', '长江路小学党支部'],
    });
    const series = joint.body.items
      .filter((m: { title: string }) => m.title === '党建联席会')
      .sort((a: { startsAt: string }, b: { startsAt: string }) => a.startsAt.localeCompare(b.startsAt));
    expect(series.map((m: { convener: string }) => m.convener)).toEqual([
      '龙腾社区党委',
      '金茂物业党支部',
      '长江路小学党支部',
      '龙腾社区党委',
    ]);
    // the same local time each month
    const local = (iso: string) =>
      new Date(iso).toLocaleString('sv-SE', { timeZone: 'Asia/Shanghai' }).slice(11, 16);
    expect(new Set(series.map((m: { startsAt: string }) => local(m.startsAt))).size).toBe(1);
  });

  it('a secret vote: one ballot per person, proxies by staff, no voter link, results only after close', async () => {
    const sec = await as(PHONES.community_secretary);
    const vote = (
      await sec.post('/api/votes', {
        communityId: community,
        question: '是否同意将小区东门改为人车分流？',
        options: ['同意', '不同意', '弃权'],
        secret: true,
        quorum: 4,
      })
    ).body;
    expect(vote).toMatchObject({ status: 'open', ballots: 0, result: null });
    const voters = await Promise.all([PHONES.resident, PHONES.party_member, PHONES.merchant].map(as));
    const cast = await Promise.all(
      voters.map((v, i) => v.post(`/api/votes/${vote.id}/ballots`, { choices: [i === 2 ? 1 : 0] })),
    );
    expect(cast.map((r) => r.status)).toEqual([201, 201, 201]);
    expect(cast[0]!.body).toMatchObject({ votedByMe: true, result: null });
    // twice at once from one person: one counts
    const property = await as(PHONES.responder);
    const twice = await Promise.all(
      [0, 1].map(() => property.post(`/api/votes/${vote.id}/ballots`, { choices: [1] })),
    );
    expect(twice.map((r) => r.status).sort()).toEqual([201, 409]);
    expect((await voters[0]!.post(`/api/votes/${vote.id}/ballots`, { choices: [1] })).status).toBe(409);
    expect((await voters[0]!.post(`/api/votes/${vote.id}/ballots`, { choices: [0, 1] })).status).toBe(422);
    expect((await voters[0]!.post(`/api/votes/${vote.id}/ballots`, { choices: [7] })).status).toBe(422);
    // a resident without a phone, entered by staff once
    expect(
      (await voters[0]!.post(`/api/votes/${vote.id}/proxy-ballots`, { choices: [0], voter: '王大爷 1栋301' }))
        .status,
    ).toBe(403);
    expect(
      (await sec.post(`/api/votes/${vote.id}/proxy-ballots`, { choices: [0], voter: '王大爷 1栋301' }))
        .status,
    ).toBe(201);
    expect(
      (await sec.post(`/api/votes/${vote.id}/proxy-ballots`, { choices: [1], voter: '王大爷  1栋301' }))
        .status,
    ).toBe(409);
    // a secret ballot names nobody
    const stored = await t.pool.query('select voter_user_id from ballots where vote_id = $1', [vote.id]);
    expect(stored.rows.every((b) => b.voter_user_id === null)).toBe(true);
    expect((await voters[0]!.post(`/api/votes/${vote.id}/close`)).status).toBe(403);
    const closed = await sec.post(`/api/votes/${vote.id}/close`);
    expect(closed.body.result).toEqual({ counts: [3, 2, 0], ballots: 5, quorumMet: true, winner: 0 });
    expect((await voters[1]!.post(`/api/votes/${vote.id}/ballots`, { choices: [0] })).status).toBe(409);
    expect((await sec.post(`/api/votes/${vote.id}/close`)).status).toBe(409);
  });

  it('a resolution with owner and due date; staff update progress; residents see it', async () => {
    const sec = await as(PHONES.community_secretary);
    const res = await sec.post('/api/resolutions', {
      communityId: community,
      text: '东门改为人车分流，增设非机动车道',
      ownerName: '金茂物业 刘经理',
      dueDate: inDays(30),
    });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ status: 'planned', progress: 0, overdue: false });
    expect(
      (await (await as(PHONES.resident)).patch(`/api/resolutions/${res.body.id}`, { progress: 50 })).status,
    ).toBe(403);
    expect(
      (await sec.patch(`/api/resolutions/${res.body.id}`, { progress: 60, progressNote: '施工中' })).body
        .status,
    ).toBe('in_progress');
    expect((await sec.patch(`/api/resolutions/${res.body.id}`, { progress: 100 })).body.status).toBe('done');
    const seen = await (await as(PHONES.resident)).get('/api/resolutions');
    expect(seen.body.items.find((r: { id: number }) => r.id === res.body.id).progress).toBe(100);
    expect(
      (
        await sec.post('/api/resolutions', {
          communityId: community,
          text: '探针',
          ownerName: 'x',
          dueDate: inDays(1),
          requestId: 999999,
        })
      ).status,
    ).toBe(422);
  });

  it('the demo: a closed vote with published counts and a tracked resolution', async () => {
    const aunt = await as(PHONES.resident);
    const votes = (await aunt.get('/api/votes')).body.items;
    const demo = votes.find((v: { question: string }) => v.question.includes('充电桩'));
    expect(demo.result).toEqual({ counts: [5, 1, 0], ballots: 6, quorumMet: true, winner: 0 });
    const res = (await aunt.get('/api/resolutions')).body.items;
    expect(res.some((r: { voteId: number }) => r.voteId === demo.id)).toBe(true);
  });
});

describe('三张清单', () => {
  it('the dormant list holds the seed’s assets; a need claimed with a resource becomes a project; twice → 409', async () => {
    const sec = await as(PHONES.community_secretary);
    const dormant = (await sec.get(`/api/lists/items?communityId=${community}&kind=dormant`)).body.items;
    expect(dormant.map((i: { title: string }) => i.title).sort()).toEqual(
      ['屋顶水箱', '防空洞', '锅炉房'].sort(),
    );
    expect(dormant.find((i: { title: string }) => i.title === '防空洞')).toMatchObject({
      owner: '区人防办',
      idleYears: 15,
      convertibleUse: '地下书吧+恒温酒窖',
    });
    const open = (await sec.get(`/api/lists/items?communityId=${community}`)).body.items.filter(
      (i: { status: string }) => i.status === 'open',
    );
    const need = open.find((i: { kind: string }) => i.kind === 'need');
    const resource = open.find(
      (i: { kind: string; dormant: boolean }) => i.kind === 'resource' && !i.dormant,
    );
    const claims = await Promise.all(
      [0, 1].map(() =>
        sec.post(`/api/lists/items/${need.id}/claim`, {
          counterpartId: resource.id,
          ownerName: '长江路小学',
          budgetYuan: 5000,
        }),
      ),
    );
    expect(claims.map((r) => r.status).sort()).toEqual([201, 409]);
    const project = claims.find((r) => r.status === 201)!.body;
    expect(project).toMatchObject({
      needTitle: need.title,
      resourceTitle: resource.title,
      budgetYuan: 5000,
      progress: 0,
    });
    const m1 = await sec.post(`/api/lists/projects/${project.id}/milestones`, { title: '签订共建协议' });
    await sec.post(`/api/lists/projects/${project.id}/milestones`, { title: '首次开课' });
    const done = await sec.post(`/api/lists/projects/${project.id}/milestones/${m1.body.milestones[0].id}`, {
      done: true,
    });
    expect(done.body.progress).toBe(50);
    const xlsx = await sec.get(`/api/lists/export?communityId=${community}`);
    expect(xlsx.status).toBe(200);
    expect(xlsx.headers.get('content-type')).toContain('spreadsheetml');
  });
});

describe('群众阅卷', () => {
  it('a resident marks each cadre once a quarter; the ranking averages; a cadre reads the comments, unnamed', async () => {
    const merchant = await as(PHONES.merchant);
    const cadres = (await merchant.get('/api/ratings/cadres')).body;
    expect(cadres.period).toMatch(/^\d{4}-Q[1-4]$/);
    const names = cadres.items.map((c: { name: string }) => c.name);
    expect(names).toEqual(expect.arrayContaining(['李书记', '张社工', '赵网格']));
    const li = cadres.items.find((c: { name: string }) => c.name === '李书记');
    expect(li.myScore).toBeNull();
    const body = { communityId: community, targetUserId: li.userId, score: 2, comment: '周末找不到人' };
    const twice = await Promise.all([
      merchant.post('/api/ratings', body),
      merchant.post('/api/ratings', body),
    ]);
    expect(twice.map((r) => r.status).sort()).toEqual([201, 409]);
    const sec = await as(PHONES.community_secretary);
    expect((await sec.post('/api/ratings', { ...body, targetUserId: li.userId })).status).toBe(422);
    const aunt = await as(PHONES.resident);
    expect((await aunt.post('/api/ratings', { ...body, targetUserId: 'no-such-user' })).status).toBe(422);
    const ranking = (await aunt.get('/api/ratings/ranking')).body.items;
    const row = ranking.find((x: { name: string }) => x.name === '李书记');
    // the demo's 5 and 4, and the 2 above
    expect(row).toMatchObject({ ratings: 3, average: 3.67 });
    const averages = ranking.map((x: { average: number }) => x.average);
    expect(averages).toEqual([...averages].sort((a: number, b: number) => b - a));
    const received = (await sec.get('/api/ratings/received')).body.items;
    expect(received.map((x: { comment: string }) => x.comment)).toContain('周末找不到人');
    expect(JSON.stringify(received)).not.toContain('周老板');
  });
});
