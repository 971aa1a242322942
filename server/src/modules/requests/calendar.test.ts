import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { workbookBuffer } from '../../platform/excel/excel';
import { formOf } from '../../test/fixtures';
import { type Client, PHONES, startTestApp, type TestApp } from '../../test/harness';
import { parseSheetDate, parseSheetKind } from './calendar.routes';
import { deadlinesFor, loadSla } from './sla';

/** The holiday calendar and deadline policies through the HTTP API: who may see and edit, validation, audit. */
let t: TestApp;
let admin: Client;
let street: Client;
let sec: Client;
let staff: Client;
let resident: Client;
beforeAll(async () => {
  t = await startTestApp();
  admin = await t.client(PHONES.platform_admin);
  street = await t.client(PHONES.street_admin);
  sec = await t.client(PHONES.community_secretary);
  staff = await t.client(PHONES.community_staff);
  resident = await t.client(PHONES.resident);
});
afterAll(() => t.close());

const auditRows = async (entityId: string) =>
  (
    await t.pool.query(
      'select action, actor_user_id, summary from reference_audit_events where entity_id = $1 order by id',
      [entityId],
    )
  ).rows;

describe('holiday calendar', () => {
  it('shows the seeded 2026 schedule to admins, street admins and secretaries, and no one else', async () => {
    const res = await admin.get('/api/calendar/2026');
    expect(res.status).toBe(200);
    expect(res.body.canEdit).toBe(true);
    const days = new Map(res.body.days.map((d: { date: string }) => [d.date, d]));
    expect(days.get('2026-10-01')).toEqual({ date: '2026-10-01', kind: 'holiday', name: '国庆节' });
    expect(days.get('2026-02-14')).toEqual({ date: '2026-02-14', kind: 'workday', name: '春节调休' });
    expect(res.body.days.every((d: { date: string }) => d.date.startsWith('2026-'))).toBe(true);

    for (const c of [street, sec]) {
      const r = await c.get('/api/calendar/2026');
      expect(r.status).toBe(200);
      expect(r.body.canEdit).toBe(false);
      expect(r.body.days.length).toBe(res.body.days.length);
    }
    for (const c of [staff, resident]) expect((await c.get('/api/calendar/2026')).status).toBe(403);
    expect((await (await t.client()).get('/api/calendar/2026')).status).toBe(401);
    expect((await admin.get('/api/calendar/1999')).status).toBe(400);
  });

  it('lets only the platform admin mark and clear a day, auditing each change', async () => {
    const body = { kind: 'holiday', name: '测试假日' };
    for (const c of [street, sec, staff]) {
      const r = await c.put('/api/calendar/days/2030-03-05', body);
      expect(r.status).toBe(403);
      expect(r.body.code).toBe('FORBIDDEN');
    }
    const set = await admin.put('/api/calendar/days/2030-03-05', body);
    expect(set.status).toBe(200);
    expect(set.body).toEqual({ date: '2030-03-05', day: { date: '2030-03-05', ...body } });
    // the same again changes nothing and writes no second audit row
    await admin.put('/api/calendar/days/2030-03-05', body);
    const renamed = await admin.put('/api/calendar/days/2030-03-05', { kind: 'holiday', name: '改名假日' });
    expect(renamed.body.day.name).toBe('改名假日');
    expect((await street.get('/api/calendar/2030')).body.days).toEqual([
      { date: '2030-03-05', kind: 'holiday', name: '改名假日' },
    ]);

    expect((await street.request('DELETE', '/api/calendar/days/2030-03-05')).status).toBe(403);
    const cleared = await admin.request('DELETE', '/api/calendar/days/2030-03-05');
    expect(cleared.status).toBe(200);
    expect(cleared.body).toEqual({ date: '2030-03-05', day: null });
    // clearing an ordinary day is a no-op, not an error
    expect((await admin.request('DELETE', '/api/calendar/days/2030-03-05')).status).toBe(200);
    expect((await admin.get('/api/calendar/2030')).body.days).toEqual([]);

    const adminId = (await t.pool.query(`select id from "user" where "phoneNumber" = '13800000000'`)).rows[0]
      .id;
    expect(await auditRows('2030-03-05')).toEqual([
      { action: 'calendar.add', actor_user_id: adminId, summary: { kind: 'holiday', name: '测试假日' } },
      { action: 'calendar.change', actor_user_id: adminId, summary: { name: ['测试假日', '改名假日'] } },
      { action: 'calendar.clear', actor_user_id: adminId, summary: { kind: 'holiday', name: '改名假日' } },
    ]);
    const changes = await sec.get('/api/calendar/changes?limit=5');
    expect(changes.status).toBe(200);
    expect(changes.body.items[0]).toMatchObject({
      action: 'calendar.clear',
      entityId: '2030-03-05',
      actorName: '平台管理员',
    });
    expect((await staff.get('/api/calendar/changes')).status).toBe(403);
  });

  it('refuses impossible days and names with problem+json', async () => {
    const cases: [string, unknown, number, string?][] = [
      ['2026-02-30', { kind: 'holiday', name: '不存在' }, 400],
      ['2026-13-01', { kind: 'holiday', name: '不存在' }, 400],
      ['26-01-01', { kind: 'holiday', name: '短年份' }, 400],
      ['2030-03-05', { kind: 'vacation', name: '错类型' }, 400],
      ['2030-03-05', { kind: 'holiday', name: '   ' }, 400],
      ['2030-03-05', { kind: 'holiday', name: '长'.repeat(31) }, 400],
      // 2030-03-05 is a Tuesday: it is worked anyway
      ['2030-03-05', { kind: 'workday', name: '调休' }, 422, 'WORKDAY_NOT_WEEKEND'],
    ];
    for (const [date, body, status, code] of cases) {
      const r = await admin.put(`/api/calendar/days/${date}`, body);
      expect(r.status, `${date} ${JSON.stringify(body)}`).toBe(status);
      expect(r.headers.get('content-type')).toContain('application/problem+json');
      if (code) expect(r.body.code).toBe(code);
    }
    // a Saturday may be a make-up workday
    expect((await admin.put('/api/calendar/days/2030-03-09', { kind: 'workday', name: '调休' })).status).toBe(
      200,
    );
    await admin.request('DELETE', '/api/calendar/days/2030-03-09');
  });

  it('counts a newly added holiday in the next deadline at once (the SLA cache is cleared on write)', async () => {
    // a normal request taken in on Monday 2030-04-01 09:00 CST: 7 working days → Wednesday 2030-04-10 09:00
    const start = new Date('2030-04-01T01:00:00Z');
    await loadSla(t.pool); // warm the cache, as a running server has it
    const before = await deadlinesFor(t.pool, 'normal', 'normal', start);
    expect(before.resolveDueAt.toISOString()).toBe('2030-04-10T01:00:00.000Z');
    expect((await admin.put('/api/calendar/days/2030-04-03', { kind: 'holiday', name: '测试' })).status).toBe(
      200,
    );
    const after = await deadlinesFor(t.pool, 'normal', 'normal', start);
    expect(after.resolveDueAt.toISOString()).toBe('2030-04-11T01:00:00.000Z');
    // a make-up Saturday gives the day back
    await admin.put('/api/calendar/days/2030-04-06', { kind: 'workday', name: '测试调休' });
    expect((await deadlinesFor(t.pool, 'normal', 'normal', start)).resolveDueAt.toISOString()).toBe(
      '2030-04-10T01:00:00.000Z',
    );
    await admin.request('DELETE', '/api/calendar/days/2030-04-03');
    await admin.request('DELETE', '/api/calendar/days/2030-04-06');
    expect((await deadlinesFor(t.pool, 'normal', 'normal', start)).resolveDueAt.toISOString()).toBe(
      '2030-04-10T01:00:00.000Z',
    );
  });

  it('exports a year to Excel and imports one back, dry run first, all or nothing', async () => {
    const exported = await sec.get('/api/calendar/2026/export.xlsx');
    expect(exported.status).toBe(200);
    expect(exported.headers.get('content-type')).toContain('spreadsheetml');
    expect((exported.body as Buffer).subarray(0, 2).toString()).toBe('PK');

    const cols = ['日期', '星期', '类型', '名称'].map((h) => ({ header: h, key: h }));
    const good = await workbookBuffer('2031', cols, [
      { 日期: '2031-01-01', 类型: '放假', 名称: '元旦' },
      { 日期: '2031/1/4', 类型: '上班', 名称: '元旦调休' }, // a Saturday
      { 日期: new Date('2031-10-01T00:00:00Z'), 类型: '休', 名称: '国庆节' },
    ]);
    const upload = (buffer: Buffer, mode: string) =>
      formOf({ mode, file: { name: 'calendar.xlsx', data: buffer } });

    expect((await street.request('POST', '/api/calendar/2031/import', upload(good, 'commit'))).status).toBe(
      403,
    );
    const dry = await admin.request('POST', '/api/calendar/2031/import', upload(good, 'dry_run'));
    expect(dry.status).toBe(200);
    expect(dry.body).toMatchObject({ year: 2031, committed: false, added: 3, changed: 0, removed: 0 });
    expect((await admin.get('/api/calendar/2031')).body.days).toEqual([]);

    const done = await admin.request('POST', '/api/calendar/2031/import', upload(good, 'commit'));
    expect(done.body).toMatchObject({ committed: true, added: 3, errors: [] });
    expect((await admin.get('/api/calendar/2031')).body.days).toEqual([
      { date: '2031-01-01', kind: 'holiday', name: '元旦' },
      { date: '2031-01-04', kind: 'workday', name: '元旦调休' },
      { date: '2031-10-01', kind: 'holiday', name: '国庆节' },
    ]);
    expect((await auditRows('2031')).map((r) => r.action)).toEqual(['calendar.import']);

    const bad = await workbookBuffer('2031', cols, [
      { 日期: '2031-01-01', 类型: '放假', 名称: '元旦' },
      { 日期: '2032-01-01', 类型: '放假', 名称: '明年' },
      { 日期: '2031-01-06', 类型: '上班', 名称: '周一调休' },
      { 日期: 'abc', 类型: '放假', 名称: '坏日期' },
      { 日期: '2031-05-01', 类型: '请假', 名称: '坏类型' },
    ]);
    const refused = await admin.request('POST', '/api/calendar/2031/import', upload(bad, 'commit'));
    expect(refused.body.committed).toBe(false);
    expect(refused.body.errors.map((e: { row: number; code: string }) => [e.row, e.code])).toEqual([
      [3, 'DATE_OUTSIDE_YEAR'],
      [4, 'WORKDAY_NOT_WEEKEND'],
      [5, 'DATE_INVALID'],
      [6, 'KIND_INVALID'],
    ]);
    expect((await admin.get('/api/calendar/2031')).body.days).toHaveLength(3);

    const noColumns = await workbookBuffer('x', [{ header: '日子', key: 'a' }], [{ a: '2031-01-01' }]);
    const missing = await admin.request('POST', '/api/calendar/2031/import', upload(noColumns, 'dry_run'));
    expect(missing.status).toBe(422);
    expect(missing.body.code).toBe('COLUMNS_MISSING');
    const notXlsx = await admin.request(
      'POST',
      '/api/calendar/2031/import',
      upload(Buffer.from('hi'), 'dry_run'),
    );
    expect(notXlsx.body.code).toBe('FILE_NOT_XLSX');
  });

  it('reads the words of the State Council notice', () => {
    expect(parseSheetDate('2026年10月1日')).toBe('2026-10-01');
    expect(parseSheetDate('2026.2.14')).toBe('2026-02-14');
    expect(parseSheetDate('2026-02-30')).toBeNull();
    expect(parseSheetKind('补班')).toBe('workday');
    expect(parseSheetKind('放假')).toBe('holiday');
    expect(parseSheetKind('加班')).toBeNull();
  });
});

describe('deadline policies', () => {
  const path = '/api/sla-policies/normal/normal';
  const edit = (version: number, over: Record<string, unknown> = {}) => ({
    version,
    clock: 'working',
    responseMinutes: 1440,
    resolveMinutes: 5 * 1440,
    yellowAt: 0.6,
    redAt: 0.9,
    ...over,
  });

  it('lists the 12 defaults to those who may view them', async () => {
    const res = await sec.get('/api/sla-policies');
    expect(res.status).toBe(200);
    expect(res.body.canEdit).toBe(false);
    expect(res.body.items).toHaveLength(12);
    expect(res.body.items[0]).toMatchObject({
      slaClass: 'emergency',
      urgency: 'normal',
      resolveMinutes: 120,
    });
    expect(res.body.items.find((p: { slaClass: string }) => p.slaClass === 'complex')).toMatchObject({
      clock: 'working',
      resolveMinutes: 15 * 1440,
      yellowAt: 0.5,
      redAt: 0.8,
    });
    expect((await admin.get('/api/sla-policies')).body.canEdit).toBe(true);
    expect((await staff.get('/api/sla-policies')).status).toBe(403);
  });

  it('validates thresholds and durations, guards the version, audits, and new deadlines follow at once', async () => {
    const current = (await admin.get('/api/sla-policies')).body.items.find(
      (p: { slaClass: string; urgency: string }) => p.slaClass === 'normal' && p.urgency === 'normal',
    );
    expect((await street.put(path, edit(current.version))).status).toBe(403);
    const bad: [Record<string, unknown>, number, string?][] = [
      [{ yellowAt: 0.9, redAt: 0.6 }, 422, 'SLA_THRESHOLDS_INVALID'],
      [{ yellowAt: 0.8, redAt: 0.8 }, 422, 'SLA_THRESHOLDS_INVALID'],
      [{ redAt: 1 }, 400],
      [{ yellowAt: 0 }, 400],
      [{ resolveMinutes: 0 }, 400],
      [{ responseMinutes: 1.5 }, 400],
      [{ responseMinutes: 10 * 1440 }, 422, 'SLA_RESPONSE_AFTER_RESOLVE'],
      [{ clock: 'sundial' }, 400],
    ];
    for (const [over, status, code] of bad) {
      const r = await admin.put(path, edit(current.version, over));
      expect(r.status, JSON.stringify(over)).toBe(status);
      if (code) expect(r.body.code).toBe(code);
    }
    expect((await admin.put('/api/sla-policies/normal/someday', edit(1))).status).toBe(400);

    await loadSla(t.pool);
    const start = new Date('2030-04-01T01:00:00Z'); // Monday 09:00 CST
    expect((await deadlinesFor(t.pool, 'normal', 'normal', start)).resolveDueAt.toISOString()).toBe(
      '2030-04-10T01:00:00.000Z',
    );
    const saved = await admin.put(path, edit(current.version));
    expect(saved.status).toBe(200);
    expect(saved.body).toMatchObject({ resolveMinutes: 5 * 1440, yellowAt: 0.6, redAt: 0.9 });
    expect(saved.body.version).toBe(current.version + 1);
    // 5 working days from Monday: the next Monday
    expect((await deadlinesFor(t.pool, 'normal', 'normal', start)).resolveDueAt.toISOString()).toBe(
      '2030-04-08T01:00:00.000Z',
    );
    // someone who saw the old version gets 409 and changes nothing
    const stale = await admin.put(path, edit(current.version, { resolveMinutes: 9 * 1440 }));
    expect(stale.status).toBe(409);
    expect(stale.body.code).toBe('SLA_POLICY_VERSION_CONFLICT');
    expect(await auditRows('normal/normal')).toEqual([
      {
        action: 'sla_policy.update',
        actor_user_id: expect.any(String),
        summary: {
          resolveMinutes: [7 * 1440, 5 * 1440],
          yellowAt: [0.5, 0.6],
          redAt: [0.8, 0.9],
          clock: 'working',
        },
      },
    ]);
    // back to the default for the other tests in this file
    const restored = await admin.put(
      path,
      edit(saved.body.version, { resolveMinutes: 7 * 1440, yellowAt: 0.5, redAt: 0.8 }),
    );
    expect(restored.status).toBe(200);
  });
});
