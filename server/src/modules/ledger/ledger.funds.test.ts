import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readSheet } from '../../platform/excel/excel';
import { areaId, type Client, type Json, PHONES, startTestApp, type TestApp } from '../../test/harness';
import { recomputeBalances, unitSums } from './index';
import { backfeedShare } from './ledger.funds';

/** 社区微基金 and 能量银行 through the HTTP API, against the demo's 龙腾社区 funds (ledger.funds.ts seedFunds). */
let t: TestApp;
let community: number;
let tenantId: number;
let micro: Json;
let bank: Json;
const clients = new Map<string, Promise<Client>>();
const as = (phone: string) => {
  if (!clients.has(phone)) clients.set(phone, t.client(phone));
  return clients.get(phone)!;
};
const year = Number(
  new Intl.DateTimeFormat('sv-SE', { timeZone: 'Asia/Shanghai' }).format(new Date()).slice(0, 4),
);

async function funds(): Promise<Json[]> {
  const res = await (await as(PHONES.community_secretary)).get(`/api/ledger/funds?communityId=${community}`);
  expect(res.status).toBe(200);
  return res.body.items;
}
const flow = async (fund: Json, body: Record<string, unknown>, key?: string) =>
  (await as(PHONES.community_secretary)).request(
    'POST',
    `/api/ledger/funds/${fund.id}/flows`,
    body,
    key ? { 'idempotency-key': key } : {},
  );
const balanceOf = async (fund: Json) => (await funds()).find((f) => f.id === fund.id)!.balance as number;

beforeAll(async () => {
  process.env.OVERLOAD_MAX_DB_WAITING ??= '100000';
  t = await startTestApp();
  community = await areaId(t.pool, '990101001001');
  tenantId = Number(
    (await t.pool.query('select tenant_id from areas where id = $1', [community])).rows[0].tenant_id,
  );
  const items = await funds();
  micro = items.find((f) => f.kind === 'micro_fund')!;
  bank = items.find((f) => f.kind === 'energy_bank')!;
});
afterAll(() => t.close());

describe('the demo funds', () => {
  it('show the seeds’ figures: 1∶4.2 last year against a 1∶5 target, and the micro fund after its 20% back-feed', () => {
    expect(bank).toMatchObject({ name: '社区能量银行', targetLeverage: 5, backfeedPercent: null });
    const last = bank.years.find((y: Json) => y.year === year - 1);
    expect(last).toMatchObject({ deposits: 300000, socialCapital: 1260000, leverage: 4.2 });
    expect(bank.years.find((y: Json) => y.year === year).leverage).toBe(4.5);
    expect(micro).toMatchObject({ name: '社区微基金', backfeedPercent: 20, targetLeverage: null });
    // 30,000 donated − 26,500 spent + 20% of 48,000 − 4,800 spent
    expect(micro.balance).toBe(3_000_000 - 2_650_000 + 960_000 - 480_000);
  });
});

describe('收益反哺', () => {
  it('sends the rule’s share of a net profit into the micro fund, rounded to the fen, as a ledger entry', async () => {
    const before = micro.balance as number;
    const res = await (await as(PHONES.community_secretary)).post(`/api/ledger/funds/${micro.id}/backfeed`, {
      project: '防空洞改造自习室',
      netProfit: 1_234_567,
    });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(res.body).toMatchObject({
      kind: 'backfeed',
      amount: 246_913,
      gross: 1_234_567,
      counterparty: '防空洞改造自习室',
    });
    expect(await balanceOf(micro)).toBe(before + 246_913);
    const { rows } = await t.pool.query(
      'select unit, event_kind, amount from ledger_entries where tenant_id = $1 and id = $2',
      [tenantId, res.body.entryId],
    );
    expect(rows[0]).toMatchObject({ unit: 'money', event_kind: 'fund.backfeed', amount: 246913 });
  });

  it('follows a changed rule, refuses a stale edit, and is not taken by the energy bank', async () => {
    const sec = await as(PHONES.community_secretary);
    const fresh = (await funds()).find((f) => f.id === micro.id)!;
    const patched = await sec.patch(`/api/ledger/funds/${micro.id}`, {
      version: fresh.version,
      backfeedPercent: 30,
    });
    expect(patched.status, JSON.stringify(patched.body)).toBe(200);
    expect(patched.body.backfeedPercent).toBe(30);
    const stale = await sec.patch(`/api/ledger/funds/${micro.id}`, {
      version: fresh.version,
      backfeedPercent: 25,
    });
    expect(stale.status).toBe(409);
    const res = await sec.post(`/api/ledger/funds/${micro.id}/backfeed`, {
      project: '屋顶菜园',
      netProfit: 100_000,
    });
    expect(res.body.amount).toBe(30_000);
    const wrong = await sec.post(`/api/ledger/funds/${bank.id}/backfeed`, {
      project: '屋顶菜园',
      netProfit: 100_000,
    });
    expect(wrong.status).toBe(422);
    expect(wrong.body.code).toBe('FLOW_KIND');
    await sec.patch(`/api/ledger/funds/${micro.id}`, { version: patched.body.version, backfeedPercent: 20 });
  });

  it('rounds half up', () => {
    expect(backfeedShare(1_234_567, 20)).toBe(246_913);
    expect(backfeedShare(5, 10)).toBe(1);
    expect(backfeedShare(3, 10)).toBe(0);
  });
});

describe('能量银行', () => {
  it('refuses a deposit that this year’s social capital does not match, and takes it once matched', async () => {
    // this year so far: 9,000 social capital, 2,000 deposited → 7,000 of room
    const over = await flow(bank, { kind: 'deposit', counterparty: '李书记（绩效奖金）', amount: 800_000 });
    expect(over.status).toBe(409);
    expect(over.body.code).toBe('DEPOSIT_NOT_MATCHED');
    expect(over.body.messages['zh-CN']).toContain('1000.00 元');
    const social = await flow(bank, { kind: 'social_capital', counterparty: '驻区单位', amount: 100_000 });
    expect(social.status).toBe(201);
    const ok = await flow(bank, { kind: 'deposit', counterparty: '李书记（绩效奖金）', amount: 800_000 });
    expect(ok.status, JSON.stringify(ok.body)).toBe(201);
    const y = (await funds()).find((f) => f.id === bank.id)!.years.find((x: Json) => x.year === year);
    expect(y).toMatchObject({ deposits: 1_000_000, socialCapital: 1_000_000, leverage: 1 });
  });

  it('takes only its own kinds of flow', async () => {
    const res = await flow(bank, { kind: 'donation', counterparty: '某人', amount: 100 });
    expect(res.status).toBe(422);
    const res2 = await flow(micro, { kind: 'deposit', counterparty: '某人', amount: 100 });
    expect(res2.status).toBe(422);
  });
});

describe('spending and safety', () => {
  it('never overspends: 12 concurrent spends that only 5 fit leave exactly 5 and the balance at zero or above', async () => {
    await flow(micro, { kind: 'donation', counterparty: '测试捐赠', amount: 1 }); // make the arithmetic exact below
    const balance = await balanceOf(micro);
    const each = Math.floor(balance / 5);
    const results = await Promise.all(
      Array.from({ length: 12 }, (_, i) =>
        flow(micro, { kind: 'spending', counterparty: `并发支出${i}`, amount: each }),
      ),
    );
    expect(results.filter((r) => r.status === 201)).toHaveLength(5);
    for (const r of results.filter((x) => x.status !== 201)) expect(r.body.code).toBe('BALANCE_BELOW_FLOOR');
    expect(await balanceOf(micro)).toBe(balance - 5 * each);
  });

  it('applies a retried flow once', async () => {
    const key = `fund-retry-${Date.now()}`;
    const body = { kind: 'donation', counterparty: '重试的捐赠', amount: 5_000 };
    const [a, b] = await Promise.all([flow(micro, body, key), flow(micro, body, key)]);
    expect([a.status, b.status].sort()).toEqual([200, 201]);
    expect(a.body.id).toBe(b.body.id);
    const { rows } = await t.pool.query(
      `select count(*)::int as n from ledger_fund_flows where tenant_id = $1 and counterparty = '重试的捐赠'`,
      [tenantId],
    );
    expect(rows[0].n).toBe(1);
  });

  it('refuses future days, impossible dates and bad amounts, recording nothing', async () => {
    const before = await balanceOf(micro);
    const future = await flow(micro, {
      kind: 'donation',
      counterparty: 'x',
      amount: 100,
      occurredOn: `${year + 1}-01-01`,
    });
    expect(future.status).toBe(422);
    expect(future.body.code).toBe('FUTURE_DATE');
    expect(
      (await flow(micro, { kind: 'donation', counterparty: 'x', amount: 100, occurredOn: '2026-02-30' }))
        .status,
    ).toBe(400);
    expect((await flow(micro, { kind: 'donation', counterparty: 'x', amount: 0 })).status).toBe(400);
    expect((await flow(micro, { kind: 'donation', counterparty: 'x', amount: 1.5 })).status).toBe(400);
    expect(await balanceOf(micro)).toBe(before);
  });

  it('keeps flows append-only and the ledger sound', async () => {
    await expect(t.pool.query('update ledger_fund_flows set amount = 1')).rejects.toThrow(/append-only/);
    await expect(t.pool.query('delete from ledger_fund_flows')).rejects.toThrow(/append-only/);
    for (const b of await recomputeBalances(t.pool, tenantId))
      expect(b.kept, `account ${b.id}`).toBe(b.recomputed);
    for (const [unit, total] of Object.entries(await unitSums(t.pool, tenantId)))
      expect(total, unit).toBe(0n);
  });
});

describe('access and export', () => {
  it('staff see and export; only the secretary records; residents and another community’s secretary do not see', async () => {
    const staff = await as(PHONES.community_staff);
    expect((await staff.get(`/api/ledger/funds?communityId=${community}`)).status).toBe(200);
    expect(
      (
        await staff.post(`/api/ledger/funds/${micro.id}/flows`, {
          kind: 'donation',
          counterparty: 'x',
          amount: 1,
        })
      ).status,
    ).toBe(403);
    expect((await (await as(PHONES.resident)).get(`/api/ledger/funds/${micro.id}/flows`)).status).toBe(403);
    expect((await (await as(PHONES.other_secretary)).get(`/api/ledger/funds/${micro.id}/flows`)).status).toBe(
      403,
    );
    const res = await staff.get(`/api/ledger/funds/${micro.id}/flows/export?year=${year - 1}`);
    expect(res.status).toBe(200);
    const sheet = await readSheet(res.body as Buffer);
    expect(sheet.headers).toEqual([
      '日期',
      '类别',
      '对方',
      '收入（元）',
      '支出（元）',
      '项目净利润（元）',
      '说明',
      '记账人',
      '分录编号',
    ]);
    expect(sheet.rows.map((r) => r.values.类别)).toEqual(['捐赠', '支出']);
    expect(sheet.rows[0]!.values['收入（元）']).toBe('30000');
  });
});
