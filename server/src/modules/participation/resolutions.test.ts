import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { areaId, type Client, PHONES, startTestApp, type TestApp } from '../../test/harness';
import { remindResolutions } from './index';

/** 决议 reminders: 3 days before and 1 day after the due date, to the owner, each once. */
let t: TestApp;
let community: number;
let sec: Client;
beforeAll(async () => {
  t = await startTestApp();
  community = await areaId(t.pool, '990101001001');
  sec = await t.client(PHONES.community_secretary);
});
afterAll(() => t.close());

const userId = async (phone: string) =>
  (await t.pool.query('select id from "user" where "phoneNumber" = $1', [phone])).rows[0].id as string;
const chinaDay = (from: Date, n: number) =>
  new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(
    new Date(from.getTime() + n * 86_400_000),
  );
const notices = async (owner: string, kind: string, text: string) =>
  (
    await t.pool.query(
      `select count(*)::int as n from notifications where user_id = $1 and kind = $2 and text->>'zh-CN' like $3`,
      [owner, kind, `%${text}%`],
    )
  ).rows[0].n as number;

describe('决议 reminders', () => {
  it('the owner is reminded 3 days before and 1 day after the due date, once each; a done resolution is not', async () => {
    const staff = await userId(PHONES.community_staff);
    const now = new Date();
    const due = chinaDay(now, 3);
    const res = await sec.post('/api/resolutions', {
      communityId: community,
      text: '提醒测试：更换小区大门道闸',
      ownerName: '张社工',
      ownerUserId: staff,
      dueDate: due,
    });
    expect(res.status).toBe(201);
    expect(res.body.ownerUserId).toBe(staff);
    const done = await sec.post('/api/resolutions', {
      communityId: community,
      text: '提醒测试：已办结的决议',
      ownerName: '张社工',
      ownerUserId: staff,
      dueDate: due,
    });
    await sec.patch(`/api/resolutions/${done.body.id}`, { progress: 100 });
    const stranger = await sec.post('/api/resolutions', {
      communityId: community,
      text: '提醒测试：外人',
      ownerName: '外人',
      ownerUserId: await userId(PHONES.other_secretary),
      dueDate: due,
    });
    expect(stranger.status).toBe(422);

    // 4 days before: nothing yet
    await remindResolutions(t.pool, new Date(now.getTime() - 86_400_000));
    expect(await notices(staff, 'resolution.before', '更换小区大门道闸')).toBe(0);
    await remindResolutions(t.pool, now);
    await remindResolutions(t.pool, now);
    await remindResolutions(t.pool, new Date(now.getTime() + 86_400_000));
    expect(await notices(staff, 'resolution.before', '更换小区大门道闸')).toBe(1);
    expect(await notices(staff, 'resolution.before', '已办结的决议')).toBe(0);
    // the due day itself: no "after" yet; the day after: once
    await remindResolutions(t.pool, new Date(now.getTime() + 3 * 86_400_000));
    expect(await notices(staff, 'resolution.after', '更换小区大门道闸')).toBe(0);
    await Promise.all([
      remindResolutions(t.pool, new Date(now.getTime() + 4 * 86_400_000)),
      remindResolutions(t.pool, new Date(now.getTime() + 4 * 86_400_000)),
    ]);
    await remindResolutions(t.pool, new Date(now.getTime() + 9 * 86_400_000));
    expect(await notices(staff, 'resolution.after', '更换小区大门道闸')).toBe(1);
    expect(await notices(staff, 'resolution.after', '已办结的决议')).toBe(0);
    const audit = await t.pool.query(
      `select count(*)::int as n from audit_events where entity_type = 'resolution' and entity_id = $1 and action like 'resolution.remind.%'`,
      [String(res.body.id)],
    );
    expect(audit.rows[0].n).toBe(2);
  });
});

describe('meeting invitations', () => {
  it('invites the community’s party members and named people once each, with time, place and agenda; check-ins show', async () => {
    const starts = new Date(Date.now() + 5 * 86_400_000);
    starts.setUTCHours(11, 30, 0, 0); // 19:30 China time
    const m = await sec.post('/api/meetings', {
      communityId: community,
      title: '邀请测试：楼道堆物整治议事会',
      startsAt: starts.toISOString(),
      place: '党群服务中心二楼',
      convener: '李书记',
      agenda: ['楼道堆物清理方案', '电动车充电'],
      inviteRoles: ['party_member'],
    });
    expect(m.status).toBe(201);
    const meeting = m.body.items.find((x: { title: string }) => x.title === '邀请测试：楼道堆物整治议事会');
    const party = await userId(PHONES.party_member);
    const aunt = await userId(PHONES.resident);
    const n = async (u: string) =>
      (
        await t.pool.query(
          `select count(*)::int as n, max(text->>'zh-CN') as text from notifications where user_id = $1 and kind = 'meeting.invite'
              and text->>'zh-CN' like '%楼道堆物整治议事会%'`,
          [u],
        )
      ).rows[0];
    expect((await n(party)).n).toBe(1);
    expect((await n(party)).text).toContain(
      '19:30 在党群服务中心二楼召开。议程：楼道堆物清理方案；电动车充电',
    );
    expect((await n(aunt)).n).toBe(0);

    const again = await sec.post(`/api/meetings/${meeting.id}/invitations`, {
      roles: ['party_member'],
      userIds: [aunt],
    });
    expect(again.status).toBe(201);
    expect(again.body.invited).toBe(1);
    expect((await n(party)).n).toBe(1);
    expect((await n(aunt)).n).toBe(1);
    const stranger = await sec.post(`/api/meetings/${meeting.id}/invitations`, {
      userIds: [await userId(PHONES.other_secretary)],
    });
    expect(stranger.status).toBe(422);
    expect((await sec.post(`/api/meetings/${meeting.id}/invitations`, {})).status).toBe(400);

    // 孙阿姨 checks in with the code; the invitee list shows it
    const code = meeting.checkinCode;
    const auntClient = await t.client(PHONES.resident);
    expect((await auntClient.post(`/api/meetings/${meeting.id}/checkin`, { code })).status).toBe(200);
    const list = await sec.get(`/api/meetings/${meeting.id}/invitations`);
    expect(list.body.items).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ userId: aunt, checkedIn: true }),
        expect.objectContaining({ userId: party, checkedIn: false }),
      ]),
    );
    expect((await auntClient.get(`/api/meetings/${meeting.id}/invitations`)).status).toBe(403);
  });
});
