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
