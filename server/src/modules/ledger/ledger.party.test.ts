import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chinaYear } from '../../platform/china-time';
import { readSheet } from '../../platform/excel/excel';
import { areaId, type Client, type Json, PHONES, startTestApp, type TestApp } from '../../test/harness';
import { recomputeBalances, unitSums } from './index';

/** 党员积分: base / task / reward / deduction in a yearly cycle, with a closing statement (ledger.party.ts). */
let t: TestApp;
let community: number;
let tenantId: number;
let rules: Record<string, number>;
const year = chinaYear();
const clients = new Map<string, Promise<Client>>();
const as = (phone: string) => {
  if (!clients.has(phone)) clients.set(phone, t.client(phone));
  return clients.get(phone)!;
};
const statement = async (y: number, phone: string = PHONES.community_secretary) =>
  (await as(phone)).get(`/api/ledger/party/statement?communityId=${community}&year=${y}`);
const chen = async (y: number) => (await statement(y)).body.members.find((m: Json) => m.name === '陈党员');
const award = async (code: string, phone: string = PHONES.party_member, eventId?: string) =>
  (await as(PHONES.community_secretary)).post('/api/ledger/awards', {
    ruleId: rules[code],
    communityId: community,
    phone,
    eventId,
    memo: `测试：${code}`,
  });

beforeAll(async () => {
  t = await startTestApp();
  community = await areaId(t.pool, '990101001001');
  tenantId = Number(
    (await t.pool.query('select tenant_id from areas where id = $1', [community])).rows[0].tenant_id,
  );
  const { rows } = await t.pool.query('select code, id from ledger_rules where tenant_id = $1', [tenantId]);
  rules = Object.fromEntries(rows.map((r) => [r.code, Number(r.id)]));
});
afterAll(() => t.close());

describe('the demo years', () => {
  it('last year is closed with its statement; this year is open', async () => {
    const last = await statement(year - 1);
    expect(last.status).toBe(200);
    expect(last.body).toMatchObject({ closedBy: '李书记', communityName: '龙腾社区' });
    expect(last.body.closedAt).not.toBeNull();
    expect(await chen(year - 1)).toMatchObject({ base: 60, task: 15, reward: 10, deduction: 3, total: 82 });
    const now = await statement(year);
    expect(now.body.closedAt).toBeNull();
    expect(await chen(year)).toMatchObject({ base: 60, task: 5, reward: 10, deduction: 0, total: 75 });
  });
});

describe('this year', () => {
  it('pays tasks, takes deductions, nets a reversed deduction, and keeps the base to once a year', async () => {
    expect((await award('party_task', PHONES.party_member, 'wish-42')).status).toBe(201);
    const ded = await award('party_deduction');
    expect(ded.status, JSON.stringify(ded.body)).toBe(201);
    expect(await chen(year)).toMatchObject({ task: 10, deduction: 5, total: 75 });
    const rev = await (await as(PHONES.community_secretary)).post(
      `/api/ledger/entries/${ded.body.id}/reverse`,
      {
        reason: '已补参加组织生活',
      },
    );
    expect(rev.status).toBe(201);
    expect(await chen(year)).toMatchObject({ task: 10, deduction: 0, total: 80 });
    const again = await award('party_base');
    expect(again.status).toBe(409);
    expect(again.body.code).toBe('RULE_CAP_REACHED');
  });

  it('goes to party members only, and cannot be spent in the shop', async () => {
    const res = await award('party_task', PHONES.resident);
    expect(res.status).toBe(422);
    expect(res.body.code).toBe('NOT_PARTY_MEMBER');
    const item = await (await as(PHONES.community_secretary)).post('/api/ledger/items', {
      communityId: community,
      name: '党员积分兑换',
      unit: 'party',
      price: 1,
      stock: 1,
    });
    expect(item.status).toBe(400);
  });

  it('a deduction never takes an account below zero', async () => {
    // 陈党员 has 80: sixteen deductions of 5 empty it, the seventeenth is refused
    for (let i = 0; i < 16; i++) expect((await award('party_deduction')).status).toBe(201);
    const over = await award('party_deduction');
    expect(over.status).toBe(409);
    expect(over.body.code).toBe('BALANCE_BELOW_FLOOR');
    expect(await chen(year)).toMatchObject({ total: 0, deduction: 80 });
  });
});

describe('closing a year', () => {
  it('only leads close; not a future year; once; then nothing more is recorded or reversed in it', async () => {
    const staff = await as(PHONES.community_staff);
    expect((await staff.post('/api/ledger/party/close', { communityId: community, year })).status).toBe(403);
    const sec = await as(PHONES.community_secretary);
    const future = await sec.post('/api/ledger/party/close', { communityId: community, year: year + 1 });
    expect(future.status).toBe(422);
    const entries = await sec.get(`/api/ledger/entries?communityId=${community}&unit=party`);
    const anEntry = entries.body.items.find((e: Json) => e.eventKind === 'party.task' && !e.reverses);
    const closed = await sec.post('/api/ledger/party/close', { communityId: community, year });
    expect(closed.status, JSON.stringify(closed.body)).toBe(201);
    expect(closed.body.closedBy).toBe('李书记');
    const frozen = closed.body.members.find((m: Json) => m.name === '陈党员');
    expect(frozen.total).toBe(0);
    expect((await sec.post('/api/ledger/party/close', { communityId: community, year })).status).toBe(409);
    const late = await award('party_task');
    expect(late.status).toBe(409);
    expect(late.body.code).toBe('PARTY_YEAR_CLOSED');
    const rev = await sec.post(`/api/ledger/entries/${anEntry.id}/reverse`, { reason: '结算后冲正' });
    expect(rev.status).toBe(409);
    expect(rev.body.code).toBe('PARTY_YEAR_CLOSED');
    const audit = await t.pool.query(
      `select summary from audit_events where action = 'ledger.party.close' order by id`,
    );
    expect(audit.rows.at(-1)!.summary).toMatchObject({ year });
  });

  it('exports the statement, and the ledger stays sound', async () => {
    const res = await (await as(PHONES.community_staff)).get(
      `/api/ledger/party/statement/export?communityId=${community}&year=${year - 1}`,
    );
    expect(res.status).toBe(200);
    const sheet = await readSheet(res.body as Buffer);
    expect(sheet.headers).toEqual(['党员', '基础分', '任务分', '奖励分', '扣分', '合计', '状态']);
    const row = sheet.rows.find((r) => r.values.党员 === '陈党员')!;
    expect(row.values.合计).toBe('82');
    expect(row.values.状态).toMatch(/^已结算/);
    for (const b of await recomputeBalances(t.pool, tenantId))
      expect(b.kept, `account ${b.id}`).toBe(b.recomputed);
    for (const [unit, total] of Object.entries(await unitSums(t.pool, tenantId)))
      expect(total, unit).toBe(0n);
    expect((await statement(year - 1, PHONES.resident)).status).toBe(403);
  });
});
