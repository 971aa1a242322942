import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inTx } from '../../platform/db/tx';
import { AppError } from '../../platform/http/errors';
import { areaId, type Client, PHONES, startTestApp, type TestApp } from '../../test/harness';
import { recomputeBalances, unitSums } from './index';
import { holderAccount, poolAccount, transfer } from './ledger.service';

/** The ledger through the HTTP API with the demo's actors, and its core against real PostgreSQL. */
let t: TestApp;
let community: number;
let tenantId: number;
let rules: Record<string, number>;
const POINT = { lng: 104.0484, lat: 30.6131 }; // inside 龙腾社区 第1网格

beforeAll(async () => {
  // the concurrency tests queue on the app's own pool on purpose: no load shedding here
  process.env.OVERLOAD_MAX_DB_WAITING ??= '100000';
  t = await startTestApp();
  community = await areaId(t.pool, '990101001001');
  tenantId = Number(
    (await t.pool.query('select tenant_id from areas where id = $1', [community])).rows[0].tenant_id,
  );
  const { rows } = await t.pool.query('select code, id from ledger_rules where tenant_id = $1', [tenantId]);
  rules = Object.fromEntries(rows.map((r) => [r.code, Number(r.id)]));
});
afterAll(() => t.close());

// one signed-in client per phone (sign-in is rate limited per number)
const clients = new Map<string, Promise<Client>>();
const as = (phone: string) => {
  if (!clients.has(phone)) clients.set(phone, t.client(phone));
  return clients.get(phone)!;
};

async function sound() {
  const balances = await recomputeBalances(t.pool, tenantId);
  for (const b of balances) expect(b.kept, `account ${b.id}`).toBe(b.recomputed);
  for (const [unit, total] of Object.entries(await unitSums(t.pool, tenantId))) expect(total, unit).toBe(0n);
}

describe('demo ledger and my balances', () => {
  it('孙阿姨 sees her points and hours, with a statement that names each reason and source', async () => {
    const aunt = await as(PHONES.resident);
    const res = await aunt.get('/api/ledger/me/accounts');
    expect(res.status).toBe(200);
    const byUnit = Object.fromEntries(res.body.items.map((a: { unit: string }) => [a.unit, a]));
    expect(byUnit.points.balance).toBe(20);
    expect(byUnit.hours.balance).toBe(150);
    expect(byUnit.points.communityName).toBe('龙腾社区');
    const st = await aunt.get('/api/ledger/me/entries?unit=points');
    expect(st.status).toBe(200);
    expect(st.body.total).toBe(1);
    expect(st.body.items[0]).toMatchObject({
      signed: 20,
      ruleName: '口碑积分（季度评选）',
      eventKind: 'award.reputation',
      approvedBy: '李书记',
      memo: '楼道义务保洁，邻里口碑好',
    });
  });

  it('周记理发店 has credit 82: 优先续租', async () => {
    const res = await (await as(PHONES.merchant)).get('/api/ledger/me/accounts');
    expect(res.body.items).toEqual([
      expect.objectContaining({
        name: '周记理发店',
        unit: 'credit',
        balance: 82,
        standing: 'priority_renewal',
      }),
    ]);
  });

  it('staff see the community accounts and the period ledger, and export it to Excel', async () => {
    const sec = await as(PHONES.community_secretary);
    const acc = await sec.get(`/api/ledger/accounts?communityId=${community}`);
    expect(acc.status).toBe(200);
    expect(acc.body.items.some((a: { ownerKind: string }) => a.ownerKind === 'community')).toBe(true);
    const day = new Date().toLocaleDateString('sv-SE', { timeZone: 'Asia/Shanghai' });
    const list = await sec.get(`/api/ledger/entries?communityId=${community}&from=${day}&to=${day}`);
    expect(list.status).toBe(200);
    expect(list.body.total).toBeGreaterThanOrEqual(4);
    const none = await sec.get(`/api/ledger/entries?communityId=${community}&to=2000-01-01`);
    expect(none.body.total).toBe(0);
    const x = await sec.get(`/api/ledger/entries/export?communityId=${community}&from=${day}`);
    expect(x.status).toBe(200);
    expect(x.headers.get('content-type')).toContain('spreadsheetml');
    // a grid worker has no ledger; a resident sees only their own
    expect(
      (await (await as(PHONES.grid_worker)).get(`/api/ledger/accounts?communityId=${community}`)).status,
    ).toBe(403);
    await sound();
  });
});

describe('awards by rule', () => {
  it('the same Idempotency-Key sent 10 times at once makes one entry', async () => {
    const staff = await as(PHONES.community_staff);
    const body = {
      ruleId: rules.volunteer_hours,
      communityId: community,
      phone: PHONES.party_member,
      quantity: 90,
    };
    const results = await Promise.all(
      Array.from({ length: 10 }, () =>
        staff.request('POST', '/api/ledger/awards', body, { 'idempotency-key': 'vol-hours-0001' }),
      ),
    );
    const ids = new Set(results.map((r) => r.body.id));
    expect(results.every((r) => r.status === 200 || r.status === 201)).toBe(true);
    expect(results.filter((r) => r.status === 201)).toHaveLength(1);
    expect(ids.size).toBe(1);
    expect(results[0]!.body).toMatchObject({ amount: 90, unit: 'hours', creditName: '陈党员' });
    const n = await t.pool.query(
      `select count(*)::int as n from ledger_entries where idempotency_key = 'vol-hours-0001'`,
    );
    expect(n.rows[0].n).toBe(1);
    await sound();
  });

  it('a rule pays an event once, and at most its cap per period', async () => {
    const sec = await as(PHONES.community_secretary);
    const award = (eventId: string) =>
      sec.post('/api/ledger/awards', {
        ruleId: rules.reputation,
        communityId: community,
        phone: PHONES.party_member,
        eventId,
      });
    const first = await award('q-2026-party');
    expect(first.status).toBe(201);
    const again = await award('q-2026-party');
    expect(again.status).toBe(200);
    expect(again.body.id).toBe(first.body.id);
    const second = await award('q-2026-party-2');
    expect(second.status).toBe(409);
    expect(second.body.code).toBe('RULE_CAP_REACHED');
    // 口碑积分 needs a secretary: staff cannot approve it
    const staff = await as(PHONES.community_staff);
    const denied = await staff.post('/api/ledger/awards', {
      ruleId: rules.reputation,
      communityId: community,
      phone: PHONES.merchant,
    });
    expect(denied.status).toBe(403);
  });

  it('merchant public service adds 10 credit; the ceiling of 100 is a 409', async () => {
    const staff = await as(PHONES.community_staff);
    const act = (eventId: string) =>
      staff.post('/api/ledger/awards', {
        ruleId: rules.merchant_service,
        communityId: community,
        phone: PHONES.merchant,
        eventId,
      });
    expect((await act('svc-1')).status).toBe(201); // 92
    const over = await act('svc-2'); // 102 > 100
    expect(over.status).toBe(409);
    expect(over.body.code).toBe('ABOVE_CEILING');
    const me = await (await as(PHONES.merchant)).get('/api/ledger/me/accounts');
    expect(me.body.items[0]).toMatchObject({ balance: 92, standing: 'priority_renewal' });
  });
});

describe('reversals and the append-only table', () => {
  it('a reversing entry corrects an entry once, with a reason; nothing is deleted', async () => {
    const sec = await as(PHONES.community_secretary);
    const staff = await as(PHONES.community_staff);
    const made = await staff.post('/api/ledger/awards', {
      ruleId: rules.volunteer_hours,
      communityId: community,
      phone: PHONES.resident,
      quantity: 30,
      memo: '误记',
    });
    expect(made.status).toBe(201);
    expect(
      (await staff.post(`/api/ledger/entries/${made.body.id}/reverse`, { reason: '记错人' })).status,
    ).toBe(403);
    const rev = await sec.post(`/api/ledger/entries/${made.body.id}/reverse`, { reason: '记错人' });
    expect(rev.status).toBe(201);
    expect(rev.body).toMatchObject({ reverses: made.body.id, reason: '记错人', amount: 30 });
    const twice = await sec.post(`/api/ledger/entries/${made.body.id}/reverse`, { reason: '记错人' });
    expect(twice.status).toBe(409);
    expect(twice.body.code).toBe('ALREADY_REVERSED');
    const ofReversal = await sec.post(`/api/ledger/entries/${rev.body.id}/reverse`, { reason: '再冲' });
    expect(ofReversal.body.code).toBe('REVERSAL_FINAL');
    const hours = (await (await as(PHONES.resident)).get('/api/ledger/me/accounts')).body.items.find(
      (a: { unit: string }) => a.unit === 'hours',
    );
    expect(hours.balance).toBe(150);
    await sound();
  });

  it('the database refuses UPDATE and DELETE of entries', async () => {
    await expect(t.pool.query('update ledger_entries set amount = amount + 1')).rejects.toThrow(
      /append-only/,
    );
    await expect(t.pool.query('delete from ledger_entries')).rejects.toThrow(/append-only/);
    await expect(t.pool.query('truncate ledger_entries cascade')).rejects.toThrow(/append-only/);
  });
});

describe('rules as data', () => {
  it('staff leads add and edit rules; a stale version is a 409', async () => {
    const sec = await as(PHONES.community_secretary);
    const made = await sec.post('/api/ledger/rules', {
      code: 'canteen_help',
      name: '食堂帮厨',
      eventKind: 'volunteer.canteen',
      areaId: community,
      unit: 'points',
      amount: 5,
      approverRole: 'community_staff',
      periodKind: 'week',
      maxPerPeriod: 2,
    });
    expect(made.status).toBe(201);
    const edit = await sec.patch(`/api/ledger/rules/${made.body.id}`, { version: 1, amount: 6 });
    expect(edit.status).toBe(200);
    expect(edit.body).toMatchObject({ amount: 6, version: 2 });
    const stale = await sec.patch(`/api/ledger/rules/${made.body.id}`, { version: 1, amount: 7 });
    expect(stale.status).toBe(409);
    const staff = await as(PHONES.community_staff);
    expect((await staff.get('/api/ledger/rules')).body.items.length).toBeGreaterThanOrEqual(5);
    expect((await staff.patch(`/api/ledger/rules/${made.body.id}`, { version: 2 })).status).toBe(403);
  });
});

describe('rider photos', () => {
  it('a rider photo intake verified by staff earns the rider 1 point, once', async () => {
    const sec = await as(PHONES.community_secretary);
    const rider = await as(PHONES.party_member);
    const before = await rider.get('/api/ledger/me/entries?unit=points');
    const made = await sec.post('/api/requests/intake', {
      description: '骑手随手拍：井盖破损',
      channel: 'rider',
      reporterName: '陈党员',
      reporterPhone: PHONES.party_member,
      ...POINT,
    });
    expect(made.status).toBe(201);
    const act = async (body: Record<string, unknown>) => {
      const cur = await sec.get(`/api/requests/${made.body.id}`);
      const res = await sec.post(`/api/requests/${made.body.id}/actions`, {
        ...body,
        version: cur.body.version,
      });
      expect(res.status, JSON.stringify(res.body)).toBeLessThan(300);
    };
    await act({ action: 'answer', note: '已通知维修' });
    await act({ action: 'verify' });
    await act({ action: 'close' });
    const after = await rider.get('/api/ledger/me/entries?unit=points');
    expect(after.body.total).toBe(before.body.total + 1);
    expect(after.body.items[0]).toMatchObject({
      signed: 1,
      eventKind: 'request.rider_photo',
      eventId: String(made.body.id),
    });
  });
});

describe('concurrency against real PostgreSQL', () => {
  it('100 simultaneous spends of 1 point from a balance of 50: 50 succeed, 50 get BALANCE_BELOW_FLOOR', async () => {
    const user = (await t.pool.query(`select id from "user" where "phoneNumber" = $1`, [PHONES.grid_worker]))
      .rows[0].id;
    const { from, to, pool } = await inTx(t.pool, async (tx) => {
      const pool = await poolAccount(tx, tenantId, community, 'points');
      const from = await holderAccount(tx, {
        tenantId,
        communityId: community,
        kind: 'person',
        userId: user,
        name: '赵网格',
        unit: 'points',
      });
      await transfer(tx, {
        tenantId,
        debit: pool,
        credit: from,
        amount: 50,
        eventKind: 'test',
        eventId: 'fund',
      });
      const to = await holderAccount(tx, {
        tenantId,
        communityId: community,
        kind: 'merchant',
        userId: user,
        name: '测试商户',
        unit: 'points',
      });
      return { from, to, pool };
    });
    const outcomes = await Promise.all(
      Array.from({ length: 100 }, (_, i) =>
        inTx(t.pool, (tx) =>
          transfer(tx, {
            tenantId,
            debit: from,
            credit: to,
            amount: 1,
            eventKind: 'test.spend',
            eventId: String(i),
          }),
        ).then(
          () => 'ok',
          (err) => (err instanceof AppError ? err.code : String(err)),
        ),
      ),
    );
    expect(outcomes.filter((o) => o === 'ok')).toHaveLength(50);
    expect(outcomes.filter((o) => o === 'BALANCE_BELOW_FLOOR')).toHaveLength(50);
    const bal = await t.pool.query(
      'select id, balance::int from ledger_accounts where tenant_id = $1 and id = any($2)',
      [tenantId, [from, to]],
    );
    expect(Object.fromEntries(bal.rows.map((r) => [Number(r.id), r.balance]))).toEqual({
      [from]: 0,
      [to]: 50,
    });
    const n = await t.pool.query(
      `select count(*)::int as n from ledger_entries where event_kind = 'test.spend'`,
    );
    expect(n.rows[0].n).toBe(50);
    expect(pool).toBeGreaterThan(0);
    await sound();
  });
});

describe('积分超市', () => {
  it('孙阿姨 redeems a free haircut; 周老板 marks the voucher used, once', async () => {
    const aunt = await as(PHONES.resident);
    const items = await aunt.get(`/api/ledger/items?communityId=${community}`);
    expect(items.status).toBe(200);
    const haircut = items.body.items.find((i: { name: string }) => i.name === '免费理发一次');
    expect(haircut).toMatchObject({ price: 10, unit: 'points', merchantName: '周记理发店' });
    const res = await aunt.request('POST', `/api/ledger/items/${haircut.id}/redeem`, undefined, {
      'idempotency-key': 'haircut-0001',
    });
    expect(res.status).toBe(201);
    expect(res.body.code).toMatch(/^[A-Z0-9]{8}$/);
    const retry = await aunt.request('POST', `/api/ledger/items/${haircut.id}/redeem`, undefined, {
      'idempotency-key': 'haircut-0001',
    });
    expect(retry.status).toBe(200);
    expect(retry.body.code).toBe(res.body.code);
    const points = (await aunt.get('/api/ledger/me/accounts')).body.items.find(
      (a: { unit: string }) => a.unit === 'points',
    );
    expect(points.balance).toBe(10);
    const st = await aunt.get('/api/ledger/me/entries?unit=points');
    expect(st.body.items[0]).toMatchObject({ signed: -10, eventKind: 'redeem', memo: '兑换：免费理发一次' });
    expect((await aunt.get('/api/ledger/vouchers/mine')).body.items[0]).toMatchObject({
      code: res.body.code,
      usedAt: null,
    });

    const barber = await as(PHONES.merchant);
    expect(
      (await barber.get('/api/ledger/vouchers/merchant')).body.items.map((v: { code: string }) => v.code),
    ).toContain(res.body.code);
    // someone else's voucher cannot be used by a resident
    expect((await aunt.post('/api/ledger/vouchers/use', { code: res.body.code })).status).toBe(403);
    const used = await barber.post('/api/ledger/vouchers/use', { code: res.body.code.toLowerCase() });
    expect(used.status).toBe(200);
    expect(used.body.usedAt).not.toBeNull();
    const again = await barber.post('/api/ledger/vouchers/use', { code: res.body.code });
    expect(again.status).toBe(409);
    expect(again.body.code).toBe('VOUCHER_USED');
    const after = await aunt.get(`/api/ledger/items?communityId=${community}`);
    expect(after.body.items.find((i: { id: number }) => i.id === haircut.id).stock).toBe(haircut.stock - 1);
    await sound();
  });

  it('no points: 409; the last item in stock goes to one of ten at once', async () => {
    const sec = await as(PHONES.community_secretary);
    const item = await sec.post('/api/ledger/items', {
      communityId: community,
      name: '限量：社区手作',
      unit: 'points',
      price: 1,
      stock: 1,
    });
    expect(item.status).toBe(201);
    const broke = await (await as(PHONES.responder)).post(`/api/ledger/items/${item.body.id}/redeem`);
    expect(broke.status).toBe(409);
    expect(broke.body.code).toBe('BALANCE_BELOW_FLOOR');
    const aunt = await as(PHONES.resident);
    const results = await Promise.all(
      Array.from({ length: 10 }, () => aunt.post(`/api/ledger/items/${item.body.id}/redeem`)),
    );
    expect(results.filter((r) => r.status === 201)).toHaveLength(1);
    expect(results.filter((r) => r.status === 409 && r.body.code === 'OUT_OF_STOCK')).toHaveLength(9);
    await sound();
  });

  it('the secretary restocks, reprices and takes an item down; stale edits and staff are refused; it is audited', async () => {
    const sec = await as(PHONES.community_secretary);
    const item = (
      await sec.post('/api/ledger/items', {
        communityId: community,
        name: '社区食堂早餐',
        unit: 'points',
        price: 3,
        stock: 0,
      })
    ).body;
    const restocked = await sec.patch(`/api/ledger/items/${item.id}`, {
      version: item.version,
      stock: 40,
      price: 4,
    });
    expect(restocked.status, JSON.stringify(restocked.body)).toBe(200);
    expect(restocked.body).toMatchObject({ stock: 40, price: 4, active: true, version: item.version + 1 });
    const stale = await sec.patch(`/api/ledger/items/${item.id}`, { version: item.version, stock: 1 });
    expect(stale.status).toBe(409);
    expect(
      (await (await as(PHONES.community_staff)).patch(`/api/ledger/items/${item.id}`, { version: 2 })).status,
    ).toBe(403);
    const down = await sec.patch(`/api/ledger/items/${item.id}`, {
      version: restocked.body.version,
      active: false,
    });
    expect(down.body.active).toBe(false);
    // a resident cannot redeem an item that was taken down
    expect((await (await as(PHONES.resident)).post(`/api/ledger/items/${item.id}/redeem`)).status).toBe(409);
    const audit = await t.pool.query(
      `select summary from audit_events where entity_type = 'ledger_item' and entity_id = $1 and action = 'ledger.item.update'
        order by id`,
      [String(item.id)],
    );
    expect(audit.rows.map((r) => r.summary)).toEqual([
      { stock: [0, 40], price: [3, 4] },
      { active: [true, false] },
    ]);
  });
});

describe('时间银行', () => {
  it('孙阿姨 gives 30 minutes to 陈党员, once per key; the annual statement adds up', async () => {
    const aunt = await as(PHONES.resident);
    const give = (body: Record<string, unknown>, key = 'family-0001') =>
      aunt.request('POST', '/api/ledger/me/transfers', body, { 'idempotency-key': key });
    const res = await give({ unit: 'hours', amount: 30, phone: PHONES.party_member });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      amount: 30,
      unit: 'hours',
      creditName: '陈党员',
      ruleName: '时长转赠家人',
    });
    const again = await give({ unit: 'hours', amount: 30, phone: PHONES.party_member });
    expect(again.status).toBe(200);
    expect(again.body.id).toBe(res.body.id);
    const tooMuch = await give({ unit: 'hours', amount: 100_000, phone: PHONES.party_member }, 'family-0002');
    expect(tooMuch.body.code).toBe('BALANCE_BELOW_FLOOR');
    // 吴书记 works in another community
    const elsewhere = await give({ unit: 'hours', amount: 1, phone: PHONES.other_secretary }, 'family-0003');
    expect(elsewhere.body.code).toBe('BENEFICIARY_ELSEWHERE');
    // staff cannot pay out of a transfer rule
    const staff = await as(PHONES.community_staff);
    const award = await staff.post('/api/ledger/awards', {
      ruleId: rules.family_hours,
      communityId: community,
      phone: PHONES.resident,
    });
    expect(award.body.code).toBe('RULE_NOT_AWARDABLE');

    const year = Number(new Date().toLocaleDateString('sv-SE', { timeZone: 'Asia/Shanghai' }).slice(0, 4));
    const annual = await aunt.get(`/api/ledger/me/annual?year=${year}`);
    expect(annual.status).toBe(200);
    const hours = annual.body.accounts.find((a: { unit: string }) => a.unit === 'hours');
    expect(hours).toMatchObject({ opening: 0, closing: 120, spent: 30 + 30 });
    expect(hours.received).toBe(150 + 30);
    const before = await aunt.get(`/api/ledger/me/annual?year=${year - 1}`);
    expect(
      before.body.accounts.every(
        (a: { entries: number; closing: number }) => a.entries === 0 && a.closing === 0,
      ),
    ).toBe(true);
    await sound();
  });
});
