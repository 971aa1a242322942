import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '../../platform/access/scopes';
import { inTx } from '../../platform/db/tx';
import { AppError } from '../../platform/http/errors';
import { areaId, type Client, PHONES, startTestApp, type TestApp } from '../../test/harness';
import { cancelSignup, remindSessions, signUp } from './index';

/** 社区学院 and volunteers through the HTTP API, and the seat invariant against real PostgreSQL. */
let t: TestApp;
let community: number;
let tenantId: number;
let communityPath: string;

beforeAll(async () => {
  // the concurrency test queues on the app's own pool on purpose: no load shedding here
  process.env.OVERLOAD_MAX_DB_WAITING ??= '100000';
  t = await startTestApp();
  community = await areaId(t.pool, '990101001001');
  const a = (await t.pool.query('select tenant_id, path::text as path from areas where id = $1', [community]))
    .rows[0];
  tenantId = Number(a.tenant_id);
  communityPath = a.path;
});
afterAll(() => t.close());

const clients = new Map<string, Promise<Client>>();
const as = (phone: string) => {
  if (!clients.has(phone)) clients.set(phone, t.client(phone));
  return clients.get(phone)!;
};

/** China-time day `days` from now. */
const day = (days: number) =>
  new Date(Date.now() + 8 * 3_600_000 + days * 86_400_000).toISOString().slice(0, 10);

async function newCourse(over: Record<string, unknown> = {}) {
  const sec = await as(PHONES.community_secretary);
  const res = await sec.post('/api/activities/courses', {
    communityId: community,
    series: '妈妈圆桌',
    title: `测试课程 ${Math.random().toString(36).slice(2, 7)}`,
    place: '母乳快闪站',
    organiser: '社区妇联',
    capacity: 2,
    repeat: 'once',
    firstDate: day(3),
    startTime: '10:00',
    minutes: 60,
    ...over,
  });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  const sessions = await sec.get(`/api/activities/sessions?courseId=${res.body.id}`);
  return { course: res.body, sessions: sessions.body.items as { id: number; startsAt: string }[] };
}

/** Residents made for the seat tests, each with a resident role at the community. */
async function residents(n: number, tag: string): Promise<Actor[]> {
  const out: Actor[] = [];
  for (let i = 0; i < n; i++) {
    const id = `act-${tag}-${i}`;
    await t.pool.query(
      `insert into "user" (id, name, email, "emailVerified") values ($1, $2, $3, false) on conflict do nothing`,
      [id, `居民${tag}${i}`, `${id}@test.invalid`],
    );
    out.push({
      userId: id,
      name: `居民${tag}${i}`,
      phone: null,
      isPlatformAdmin: false,
      scopes: [
        {
          tenantId,
          role: 'resident',
          areaId: community,
          areaKind: 'community',
          areaName: '龙腾社区',
          path: communityPath,
          orgName: null,
        },
      ],
    });
  }
  return out;
}

async function seats(sessionId: number) {
  const s = (
    await t.pool.query('select capacity, seats_taken from activity_sessions where id = $1', [sessionId])
  ).rows[0];
  const { rows } = await t.pool.query(
    `select status, count(*)::int as n from activity_signups where session_id = $1 group by status`,
    [sessionId],
  );
  const by = Object.fromEntries(rows.map((r) => [r.status, r.n]));
  return {
    capacity: s.capacity as number,
    taken: s.seats_taken as number,
    confirmed: (by.confirmed ?? 0) as number,
    waitlisted: (by.waitlisted ?? 0) as number,
  };
}

describe('courses and sessions', () => {
  it('a weekly course makes one session a week at its time in China time; the demo has 龙腾社区 courses', async () => {
    const { course, sessions } = await newCourse({
      repeat: 'weekly',
      firstDate: '2030-01-02', // a Wednesday
      lastDate: '2030-01-30',
      startTime: '10:00',
      capacity: 12,
    });
    expect(course.sessions).toBe(5);
    expect(sessions.map((s) => s.startsAt)).toEqual([
      '2030-01-02T02:00:00.000Z',
      '2030-01-09T02:00:00.000Z',
      '2030-01-16T02:00:00.000Z',
      '2030-01-23T02:00:00.000Z',
      '2030-01-30T02:00:00.000Z',
    ]);
    const aunt = await as(PHONES.resident);
    const list = await aunt.get('/api/activities/courses');
    expect(list.status).toBe(200);
    expect(list.body.items.map((c: { series: string }) => c.series)).toEqual(
      expect.arrayContaining(['妈妈圆桌', '学生第二课堂', '社区银龄学社']),
    );
    // the other street's secretary sees none of them
    const other = await as(PHONES.other_secretary);
    const mine = await other.get(`/api/activities/sessions?courseId=${course.id}`);
    expect(mine.body.items).toEqual([]);
  });

  it('a resident cannot create a course; a bad date range is refused', async () => {
    const aunt = await as(PHONES.resident);
    const res = await aunt.post('/api/activities/courses', {
      communityId: community,
      series: 'x',
      title: 'x',
      place: 'x',
      organiser: 'x',
      capacity: 1,
      repeat: 'once',
      firstDate: day(1),
      startTime: '10:00',
      minutes: 60,
    });
    expect(res.status).toBe(403);
    const sec = await as(PHONES.community_secretary);
    const bad = await sec.post('/api/activities/courses', {
      communityId: community,
      series: 'x',
      title: 'x',
      place: 'x',
      organiser: 'x',
      capacity: 1,
      repeat: 'weekly',
      firstDate: day(10),
      lastDate: day(1),
      startTime: '10:00',
      minutes: 60,
    });
    expect(bad.status).toBe(422);
  });
});

describe('sign-up, waiting list and check-in', () => {
  it('a full class puts 孙阿姨 on the waiting list; a cancel promotes her; she checks in with the code', async () => {
    const { sessions } = await newCourse({ capacity: 1, firstDate: day(1) });
    const sid = sessions[0]!.id;
    const party = await as(PHONES.party_member);
    const aunt = await as(PHONES.resident);
    const first = await party.post(`/api/activities/sessions/${sid}/signup`);
    expect(first.status).toBe(201);
    expect(first.body).toMatchObject({ status: 'confirmed', position: null });
    const again = await party.post(`/api/activities/sessions/${sid}/signup`);
    expect(again.status).toBe(200);
    const wait = await aunt.post(`/api/activities/sessions/${sid}/signup`);
    expect(wait.body).toMatchObject({ status: 'waitlisted', position: 1 });
    // the waiting list cannot check in
    const sec = await as(PHONES.community_secretary);
    const roster = await sec.get(`/api/activities/sessions/${sid}/roster`);
    expect(roster.status).toBe(200);
    expect(roster.body.items.map((x: { status: string }) => x.status)).toEqual(['confirmed', 'waitlisted']);
    const code = roster.body.checkinCode as string;
    // check-in opens an hour before the start: move the session to now
    await t.pool.query(
      `update activity_sessions set starts_at = now() + interval '10 minutes', ends_at = now() + interval '70 minutes' where id = $1`,
      [sid],
    );
    const early = await aunt.post('/api/activities/checkin', { code });
    expect(early.status).toBe(409);
    expect(early.body.code).toBe('WAITLISTED');
    const cancel = await party.post(`/api/activities/sessions/${sid}/cancel`);
    expect(cancel.status).toBe(200);
    // and is told, in her inbox
    const notice = await t.pool.query(
      `select n.text->>'zh-CN' as zh, n.link from notifications n join "user" u on u.id = n.user_id
        where u."phoneNumber" = $1 and n.kind = 'activity.promoted'`,
      [PHONES.resident],
    );
    expect(notice.rows[0]?.zh).toContain('候补成功');
    expect(notice.rows[0]?.link).toBe('/h5/activities?tab=mine');
    const mine = await aunt.get('/api/activities/me/signups');
    const s = mine.body.items.find((x: { id: number }) => x.id === sid);
    expect(s.mine).toMatchObject({ status: 'confirmed', checkedIn: false });
    // the scanned URL works as well as the typed code
    const ok = await aunt.post('/api/activities/checkin', {
      code: `http://127.0.0.1/h5/activities/checkin?code=${code}`,
    });
    expect(ok.status, JSON.stringify(ok.body)).toBe(200);
    expect(ok.body.mine).toMatchObject({ status: 'confirmed', checkedIn: true });
    expect((await seats(sid)).taken).toBe(1);
    // a checked-in participant cannot cancel
    expect((await aunt.post(`/api/activities/sessions/${sid}/cancel`)).status).toBe(409);
    // a wrong code
    expect((await aunt.post('/api/activities/checkin', { code: 'ZZZZZZ' })).status).toBe(404);
  });

  it('the organiser marks a participant present; figures count it; attendance exports', async () => {
    const { sessions } = await newCourse({ capacity: 3 });
    const sid = sessions[0]!.id;
    const merchant = await as(PHONES.merchant);
    const su = await merchant.post(`/api/activities/sessions/${sid}/signup`);
    const staff = await as(PHONES.community_staff);
    // the resident cannot mark anyone
    expect((await merchant.post(`/api/activities/signups/${su.body.id}/present`, {})).status).toBe(403);
    const mark = await staff.post(`/api/activities/signups/${su.body.id}/present`, {});
    expect(mark.status).toBe(200);
    await t.pool.query(
      `update activity_sessions set starts_at = now() - interval '2 hours', ends_at = now() - interval '1 hour' where id = $1`,
      [sid],
    );
    const f = await staff.get(`/api/activities/figures?communityId=${community}`);
    expect(f.status).toBe(200);
    // the demo's last 妈妈圆桌 (3 signed up, 2 came) and this session (1 of 1)
    expect(f.body.sessionsHeld).toBeGreaterThanOrEqual(2);
    expect(f.body.attended).toBeGreaterThanOrEqual(3);
    expect(f.body.attendanceRate).toBeGreaterThan(0);
    expect(f.body.peopleReached).toBeGreaterThanOrEqual(3);
    const x = await staff.get(`/api/activities/attendance/export?communityId=${community}`);
    expect(x.status).toBe(200);
    expect(x.headers.get('content-type')).toContain('spreadsheetml');
    // the resident cannot read the figures
    expect((await merchant.get(`/api/activities/figures?communityId=${community}`)).status).toBe(403);
  });

  it('50 residents signing up at once for 10 seats: 10 confirmed, 40 waiting in order, no overbooking', async () => {
    const { sessions } = await newCourse({ capacity: 10 });
    const sid = sessions[0]!.id;
    const people = await residents(50, 'c');
    const results = await Promise.allSettled(people.map((a) => inTx(t.pool, (tx) => signUp(tx, a, sid))));
    expect(results.every((r) => r.status === 'fulfilled')).toBe(true);
    const statuses = results.map(
      (r) => (r as PromiseFulfilledResult<{ signup: { status: string } }>).value.signup.status,
    );
    expect(statuses.filter((s) => s === 'confirmed')).toHaveLength(10);
    expect(await seats(sid)).toEqual({ capacity: 10, taken: 10, confirmed: 10, waitlisted: 40 });
    // ten cancel at once: ten from the waiting list move up, the seats stay at 10
    const confirmed = people.filter((_, i) => statuses[i] === 'confirmed');
    await Promise.all(confirmed.map((a) => inTx(t.pool, (tx) => cancelSignup(tx, a, sid))));
    expect(await seats(sid)).toEqual({ capacity: 10, taken: 10, confirmed: 10, waitlisted: 30 });
    // and the ones promoted were the first ten waiting
    const { rows } = await t.pool.query(
      `select status from activity_signups where session_id = $1 and status <> 'cancelled' order by queued_at, id`,
      [sid],
    );
    expect(rows.slice(0, 10).every((r) => r.status === 'confirmed')).toBe(true);
  });
});

describe('reminders', () => {
  it('each confirmed participant of a session in the next 24 hours is reminded once', async () => {
    const { sessions } = await newCourse({ capacity: 1 });
    const sid = sessions[0]!.id;
    const [a, b] = await residents(2, 'r');
    await inTx(t.pool, (tx) => signUp(tx, a!, sid));
    await inTx(t.pool, (tx) => signUp(tx, b!, sid)); // waiting: no reminder
    const startsAt = new Date(sessions[0]!.startsAt);
    const dayBefore = new Date(startsAt.getTime() - 20 * 3_600_000);
    const twoDaysBefore = new Date(startsAt.getTime() - 48 * 3_600_000);
    const reminded = async () =>
      (
        await t.pool.query(
          'select user_id from activity_signups where session_id = $1 and reminded_at is not null',
          [sid],
        )
      ).rows.map((r) => r.user_id);
    await remindSessions(t.pool, twoDaysBefore);
    expect(await reminded()).toEqual([]);
    await Promise.all([remindSessions(t.pool, dayBefore), remindSessions(t.pool, dayBefore)]);
    expect(await reminded()).toEqual([a!.userId]);
    const n = await t.pool.query(
      `select count(*)::int as n from notifications where user_id = $1 and kind = 'activity.reminder'`,
      [a!.userId],
    );
    expect(n.rows[0].n).toBe(1);
  });
});

describe('seat property', () => {
  it('random sign-ups and cancels keep seats = confirmed ≤ capacity, and nobody waits while a seat is free', async () => {
    const people = await residents(8, 'p');
    let run = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 1, max: 4 }),
        fc.array(fc.record({ who: fc.nat(7), cancel: fc.boolean() }), { minLength: 1, maxLength: 30 }),
        async (capacity, ops) => {
          run++;
          const { sessions } = await newCourse({ capacity, title: `性质 ${run}` });
          const sid = sessions[0]!.id;
          // the model: confirmed list and waiting queue in order
          let confirmed: number[] = [];
          let waiting: number[] = [];
          for (const op of ops) {
            const a = people[op.who]!;
            if (op.cancel) {
              const had = confirmed.includes(op.who) || waiting.includes(op.who);
              try {
                await inTx(t.pool, (tx) => cancelSignup(tx, a, sid));
                expect(had).toBe(true);
              } catch (e) {
                expect(e).toBeInstanceOf(AppError);
                expect(had).toBe(false);
              }
              if (confirmed.includes(op.who)) {
                confirmed = confirmed.filter((x) => x !== op.who);
                const next = waiting.shift();
                if (next !== undefined) confirmed.push(next);
              } else waiting = waiting.filter((x) => x !== op.who);
            } else {
              const r = await inTx(t.pool, (tx) => signUp(tx, a, sid));
              if (!confirmed.includes(op.who) && !waiting.includes(op.who)) {
                if (confirmed.length < capacity) confirmed.push(op.who);
                else waiting.push(op.who);
              }
              expect(r.signup.status).toBe(confirmed.includes(op.who) ? 'confirmed' : 'waitlisted');
            }
            const s = await seats(sid);
            expect(s.taken).toBe(s.confirmed);
            expect(s.taken).toBeLessThanOrEqual(capacity);
            expect(s.waitlisted === 0 || s.taken === capacity).toBe(true);
            expect(s.confirmed).toBe(confirmed.length);
            expect(s.waitlisted).toBe(waiting.length);
          }
          const { rows } = await t.pool.query(
            `select user_id from activity_signups where session_id = $1 and status = 'confirmed' order by user_id`,
            [sid],
          );
          expect(rows.map((r) => r.user_id)).toEqual(confirmed.map((i) => people[i]!.userId).sort());
        },
      ),
      { numRuns: 25 },
    );
  });
});

describe('volunteers and hours', () => {
  it('the organiser records on-site hours; another staff member approves them into the time bank', async () => {
    const sec = await as(PHONES.community_secretary);
    const staff = await as(PHONES.community_staff);
    const teams = await sec.get(`/api/volunteers/teams?communityId=${community}`);
    const team = teams.body.items.find((x: { name: string }) => x.name === '龙腾社区志愿服务队');
    expect(team.members).toBeGreaterThanOrEqual(2);
    const rec = await sec.post('/api/volunteers/hours', {
      teamId: team.id,
      phone: PHONES.merchant,
      event: '四点半课堂辅导',
      startedAt: '2026-01-05T16:30:00+08:00',
      endedAt: '2026-01-05T18:15:00+08:00',
    });
    expect(rec.status, JSON.stringify(rec.body)).toBe(201);
    expect(rec.body).toMatchObject({ minutes: 105, status: 'recorded' });
    // the same stretch twice is one record
    expect(
      (
        await sec.post('/api/volunteers/hours', {
          teamId: team.id,
          phone: PHONES.merchant,
          event: '四点半课堂辅导',
          startedAt: '2026-01-05T16:30:00+08:00',
          endedAt: '2026-01-05T18:15:00+08:00',
        })
      ).status,
    ).toBe(409);
    // the recorder may not approve their own record
    const self = await sec.post(`/api/volunteers/hours/${rec.body.id}/decide`, { approve: true });
    expect(self.status).toBe(409);
    expect(self.body.code).toBe('SAME_PERSON');
    const ok = await staff.post(`/api/volunteers/hours/${rec.body.id}/decide`, { approve: true });
    expect(ok.status, JSON.stringify(ok.body)).toBe(200);
    expect(ok.body.entryId).toBeGreaterThan(0);
    expect((await staff.post(`/api/volunteers/hours/${rec.body.id}/decide`, { approve: true })).status).toBe(
      409,
    );
    const entry = (
      await t.pool.query('select amount, unit, event_kind from ledger_entries where id = $1', [
        ok.body.entryId,
      ])
    ).rows[0];
    expect(entry).toMatchObject({ amount: 105, unit: 'hours', event_kind: 'volunteer.hours' });
    const me = await (await as(PHONES.merchant)).get('/api/volunteers/me');
    expect(me.body.approvedMinutes).toBe(105);
    // a resident is not an organiser
    const aunt = await as(PHONES.resident);
    const denied = await aunt.post('/api/volunteers/hours', {
      teamId: team.id,
      phone: PHONES.merchant,
      event: 'x',
      startedAt: '2026-01-06T16:30:00+08:00',
      endedAt: '2026-01-06T17:30:00+08:00',
    });
    expect(denied.status).toBe(403);
  });

  it('a resident joins a team with skills; the team leader (陈党员) records hours', async () => {
    const aunt = await as(PHONES.resident);
    const teams = await aunt.get('/api/volunteers/teams');
    const team = teams.body.items[0];
    expect(team.joined).toBe(true);
    expect(
      (await aunt.post(`/api/volunteers/teams/${team.id}/join`, { skills: ['剪纸'], availability: '周末' }))
        .status,
    ).toBe(200);
    const leader = await as(PHONES.party_member);
    const rec = await leader.post('/api/volunteers/hours', {
      teamId: team.id,
      phone: PHONES.resident,
      event: '银龄学社助教',
      startedAt: '2026-02-01T09:30:00+08:00',
      endedAt: '2026-02-01T10:30:00+08:00',
    });
    expect(rec.status).toBe(201);
    // 12 hours at most, and not in the future
    const long = await leader.post('/api/volunteers/hours', {
      teamId: team.id,
      phone: PHONES.resident,
      event: 'x',
      startedAt: '2026-02-02T00:00:00+08:00',
      endedAt: '2026-02-02T13:00:00+08:00',
    });
    expect(long.status).toBe(422);
  });
});

describe('party members', () => {
  it('陈党员 reports in to the branch where she lives; 李书记 confirms; her 责任区 counts her work', async () => {
    const party = await as(PHONES.party_member);
    const me = await party.get('/api/party-members/me');
    expect(me.status).toBe(200);
    // the demo: confirmed, with the seed's counters on her duty area
    expect(me.body.report).toMatchObject({ status: 'confirmed', branchName: '龙腾社区第1网格党支部' });
    expect(me.body.posts[0]).toMatchObject({
      name: '聚金万佳苑2栋责任区',
      counts: { visit: 12, opinion: 8, solved: 3, mediated: 1 },
    });
    expect(me.body.branches.map((b: { name: string }) => b.name)).toEqual([
      '龙腾社区第1网格党支部',
      '龙腾社区党委',
    ]);
    // a branch elsewhere is refused
    const far = (await t.pool.query(`select id from party_orgs where name = '九龙社区党委'`)).rows[0].id;
    const bad = await party.post('/api/party-members/me/report', {
      branchId: Number(far),
      workplaceBranch: '市税务局机关第三党支部',
      commitment: '每月两次志愿服务',
    });
    expect(bad.status).toBe(422);
    // changing the commitment waits for confirmation again
    const changed = await party.post('/api/party-members/me/report', {
      branchId: me.body.branches[1].id,
      workplaceBranch: '市税务局机关第三党支部',
      commitment: '每周参加一次四点半课堂辅导',
    });
    expect(changed.status).toBe(200);
    expect(changed.body).toMatchObject({ status: 'pending', branchName: '龙腾社区党委' });
    const staff = await as(PHONES.community_staff);
    expect((await staff.post(`/api/party-members/reports/${changed.body.id}/confirm`)).status).toBe(403);
    const sec = await as(PHONES.community_secretary);
    const list = await sec.get(`/api/party-members/reports?communityId=${community}`);
    expect(list.body.items.map((r: { name: string }) => r.name)).toContain('陈党员');
    expect((await sec.post(`/api/party-members/reports/${changed.body.id}/confirm`)).status).toBe(200);
    expect((await party.get('/api/party-members/me')).body.report.status).toBe('confirmed');
    // she counts a visit on her post; a resident cannot
    const post = me.body.posts[0];
    const work = await party.post(`/api/party-members/posts/${post.id}/work`, { kind: 'visit', count: 2 });
    expect(work.status).toBe(200);
    expect(work.body.counts.visit).toBe(14);
    expect(
      (await (await as(PHONES.resident)).post(`/api/party-members/posts/${post.id}/work`, { kind: 'visit' }))
        .status,
    ).toBe(403);
    // a secretary assigns a 先锋岗
    const made = await sec.post('/api/party-members/posts', {
      communityId: community,
      kind: 'pioneer_post',
      name: '垃圾分类先锋岗',
      memberPhone: PHONES.party_member,
    });
    expect(made.status).toBe(201);
    const posts = await sec.get(`/api/party-members/posts?communityId=${community}`);
    expect(posts.body.items.map((p: { name: string }) => p.name)).toContain('垃圾分类先锋岗');
  });
});

describe('interest groups', () => {
  it('the demo groups carry their products; the leader links a new one to requests; a resident joins', async () => {
    const aunt = await as(PHONES.resident);
    const list = await aunt.get('/api/interest-groups');
    const photo = list.body.items.find((g: { name: string }) => g.name === '摄影兴趣链');
    expect(photo.products[0]).toMatchObject({
      title: '消防通道占用拍照上报并整改',
      quantity: 42,
      unit: '处',
    });
    expect(photo.partyMembers).toBe(1);
    const leader = await as(PHONES.party_member);
    const req = (
      await t.pool.query('select id from requests where tenant_id = $1 order by id limit 2', [tenantId])
    ).rows.map((r) => Number(r.id));
    const made = await leader.post(`/api/interest-groups/${photo.id}/products`, {
      title: '楼道堆物拍照上报',
      quantity: 2,
      unit: '处',
      requestIds: req,
    });
    expect(made.status, JSON.stringify(made.body)).toBe(201);
    expect(made.body.products[0].requests.map((r: { id: number }) => r.id)).toEqual(req);
    // a request of another street cannot be linked; a resident cannot record
    const other = (await t.pool.query('select id from requests where tenant_id <> $1 limit 1', [tenantId]))
      .rows[0];
    if (other)
      expect(
        (
          await leader.post(`/api/interest-groups/${photo.id}/products`, {
            title: 'x',
            quantity: 1,
            unit: '处',
            requestIds: [Number(other.id)],
          })
        ).status,
      ).toBe(422);
    expect(
      (await aunt.post(`/api/interest-groups/${photo.id}/products`, { title: 'x', quantity: 1, unit: '处' }))
        .status,
    ).toBe(403);
    const merchant = await as(PHONES.merchant);
    expect((await merchant.post(`/api/interest-groups/${photo.id}/join`)).status).toBe(200);
    const after = (await merchant.get('/api/interest-groups')).body.items.find(
      (g: { id: number }) => g.id === photo.id,
    );
    expect(after).toMatchObject({ joined: true, members: 3 });
  });
});
