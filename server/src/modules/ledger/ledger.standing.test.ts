import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { areaId, type Client, type Json, PHONES, startTestApp, type TestApp } from '../../test/harness';

/** A merchant's standing follows the credit score; crossing a line notifies the merchant and the community's staff. */
let t: TestApp;
let community: number;
const clients = new Map<string, Promise<Client>>();
const as = (phone: string) => {
  if (!clients.has(phone)) clients.set(phone, t.client(phone));
  return clients.get(phone)!;
};
const standingNotices = async (phone: string): Promise<Json[]> =>
  (await (await as(phone)).get('/api/my/notifications?pageSize=50')).body.items.filter(
    (n: Json) => n.kind === 'ledger.standing',
  );

beforeAll(async () => {
  t = await startTestApp();
  community = await areaId(t.pool, '990101001001');
});
afterAll(() => t.close());

describe('merchant standing', () => {
  it('is quiet while the score stays on one side of a line, and speaks when it crosses one', async () => {
    const sec = await as(PHONES.community_secretary);
    const barber = await as(PHONES.merchant);
    const mine = await barber.get('/api/ledger/me/accounts');
    const credit = mine.body.items.find((a: Json) => a.unit === 'credit');
    expect(credit).toMatchObject({ balance: 82, standing: 'priority_renewal' });
    // the demo's public-service act lifted 72 → 82 (the opening score itself set a standing, and said nothing)
    const seeded = await standingNotices(PHONES.merchant);
    expect(seeded.map((n) => n.text['zh-CN'])).toEqual(['周记理发店信用分 72 → 82，优先续租']);

    // the public-service act (+10) that lifted 72 → 82 is reversed: 82 → 72, back to normal
    const entries = await sec.get(`/api/ledger/entries?communityId=${community}&unit=credit`);
    const act = entries.body.items.find((e: Json) => e.eventKind === 'merchant.public_service');
    const rev = await sec.post(`/api/ledger/entries/${act.id}/reverse`, { reason: '核实后不属于公益服务' });
    expect(rev.status, JSON.stringify(rev.body)).toBe(201);

    const toMerchant = await standingNotices(PHONES.merchant);
    expect(toMerchant).toHaveLength(2);
    expect(toMerchant[0]).toMatchObject({ audience: 'resident', link: '/h5/me/points', canOpen: true });
    expect(toMerchant[0].text['zh-CN']).toBe('周记理发店信用分 82 → 72，正常');
    expect(toMerchant[0].text['en-US']).toBe('周记理发店: credit 82 → 72: Normal');
    const toStaff = await standingNotices(PHONES.community_staff);
    expect(toStaff.map((n) => n.text['zh-CN'])).toEqual([
      '商户周记理发店信用分 82 → 72，恢复正常',
      '商户周记理发店信用分 72 → 82，可优先续租',
    ]);
    // the secretary made both changes: nobody hears of their own step
    expect(await standingNotices(PHONES.community_secretary)).toHaveLength(0);
  });
});
