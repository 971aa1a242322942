import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formOf, waitForJob } from '../../test/fixtures';
import { areaId, type Json, PHONES, startTestApp, type TestApp } from '../../test/harness';
import { resolveClass, resolveSubclass, THING_CLASSES } from './records.codes';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(() => t.close());

const patch = (c: Awaited<ReturnType<TestApp['client']>>, path: string, body: Json, key: string) =>
  c.request('PATCH', path, body, { 'idempotency-key': key });

describe('visit edits from the H5 queue (decision 0031)', () => {
  it('a person edit sent twice with one Idempotency-Key is applied once, with its visit note in the history', async () => {
    const gw = await t.client(PHONES.grid_worker);
    const list = (await gw.get('/api/records/people?pageSize=5')).body.items;
    expect(list.length).toBeGreaterThan(0);
    const p = list[0];
    const body = {
      version: p.version,
      phone: '13912345678',
      residence: 'tenant',
      visitNote: '入户走访：新租客',
    };
    const first = await patch(gw, `/api/records/people/${p.id}`, body, 'visit-0001-abcdef');
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ residence: 'tenant', phone: '139****5678', version: p.version + 1 });
    const again = await patch(gw, `/api/records/people/${p.id}`, body, 'visit-0001-abcdef');
    expect(again.status).toBe(200);
    expect(again.body.version).toBe(p.version + 1);
    const history = (await gw.get(`/api/records/people/${p.id}/history`)).body.items;
    const updates = history.filter((h: Json) => h.action === 'person.update');
    expect(updates.length).toBe(1);
    expect(JSON.stringify(updates[0])).toContain('入户走访：新租客');
    expect(JSON.stringify(history)).not.toContain('13912345678');
    // the old version under a new key: a real conflict, nothing stored for the key
    const stale = await patch(
      gw,
      `/api/records/people/${p.id}`,
      { ...body, phone: '13900000000' },
      'visit-0002-abcdef',
    );
    expect(stale.status).toBe(409);
    expect(stale.body.code).toBe('VERSION_CONFLICT');
    const retried = await patch(
      gw,
      `/api/records/people/${p.id}`,
      { ...body, version: p.version + 1, phone: '13900000000' },
      'visit-0002-abcdef',
    );
    expect(retried.status).toBe(200);
    expect(retried.body.version).toBe(p.version + 2);
  });

  it('a house edit (use, occupants) is applied once per key; a grid worker cannot edit outside their grid', async () => {
    const gw = await t.client(PHONES.grid_worker);
    const h = (await gw.get('/api/records/houses?pageSize=5')).body.items[0];
    expect(h).toBeTruthy();
    // found by address words (单元/室 optional), within the grid only
    const words = h.address.label.split(' ');
    const q = encodeURIComponent(`${words[1]} ${words.at(-1)}`);
    const found = (await gw.get(`/api/records/houses?q=${q}`)).body.items;
    expect(found.map((x: Json) => x.id)).toContain(h.id);
    expect(found.every((x: Json) => x.address.label.includes(words.at(-1)))).toBe(true);
    expect((await gw.get(`/api/records/houses?q=${encodeURIComponent('没有这个小区')}`)).body.total).toBe(0);
    const body = { version: h.version, use: 'vacant', occupantIds: [], visitNote: '已搬空' };
    expect((await patch(gw, `/api/records/houses/${h.id}`, body, 'house-0001-abcdef')).body).toMatchObject({
      use: 'vacant',
      occupants: [],
      version: h.version + 1,
    });
    expect((await patch(gw, `/api/records/houses/${h.id}`, body, 'house-0001-abcdef')).body.version).toBe(
      h.version + 1,
    );
    const audits = await t.pool.query(
      `select summary from audit_events where entity_type = 'house' and entity_id = $1 and action = 'house.update'`,
      [String(h.id)],
    );
    expect(audits.rows.length).toBe(1);
    expect(audits.rows[0].summary.visitNote).toBe('已搬空');

    // a person of 第2网格: out of the grid worker's reach, with or without a key
    const sec = await t.client(PHONES.community_secretary);
    const other = await sec.post('/api/records/people', {
      name: '第二网格住户',
      residence: 'permanent',
      areaId: await areaId(t.pool, '990101001001002-01-01'),
      tagIds: [],
    });
    expect(other.status).toBe(201);
    const out = await patch(
      gw,
      `/api/records/people/${other.body.id}`,
      { version: other.body.version, phone: '13911112222' },
      'visit-0003-abcdef',
    );
    expect(out.status).toBe(404);
    const keys = await t.pool.query(`select 1 from record_edit_keys where key = 'visit-0003-abcdef'`);
    expect(keys.rowCount).toBe(0);
  });
});

describe('unit contact phones: unmasking with a purpose', () => {
  it('a secretary states a purpose, sees the phone for 10 minutes, each look audited; a grid worker may not', async () => {
    const sec = await t.client(PHONES.community_secretary);
    const barber = (await sec.get(`/api/records/units?q=${encodeURIComponent('周记理发店')}`)).body.items[0];
    expect(barber.contactPhone).toBe('138****0007');
    expect((await sec.get(`/api/records/units/${barber.id}/unmask`)).body.code).toBe('UNMASK_GRANT_REQUIRED');
    expect((await sec.post(`/api/records/units/${barber.id}/unmask`, { purpose: '短' })).status).toBe(400);
    const res = await sec.post(`/api/records/units/${barber.id}/unmask`, { purpose: '联系商户核实营业执照' });
    expect(res.status).toBe(200);
    expect(res.body.contactPhone).toMatch(/^138\d{4}0007$/);
    expect(res.body.purpose).toBe('联系商户核实营业执照');
    expect(Date.parse(res.body.expiresAt) - Date.now()).toBeGreaterThan(9 * 60_000);
    const again = await sec.get(`/api/records/units/${barber.id}/unmask`);
    expect(again.status).toBe(200);
    expect(again.body.contactPhone).toBe(res.body.contactPhone);
    const history = (await sec.get(`/api/records/units/${barber.id}/history`)).body.items;
    expect(history.map((h: Json) => h.action)).toEqual(
      expect.arrayContaining(['unit.unmask', 'unit.unmask.read']),
    );
    expect(JSON.stringify(history)).not.toContain(res.body.contactPhone);

    const gw = await t.client(PHONES.grid_worker);
    const mine = (await gw.get('/api/records/units?pageSize=1')).body.items[0];
    if (mine)
      expect(
        (await gw.post(`/api/records/units/${mine.id}/unmask`, { purpose: '联系商户核实' })).status,
      ).toBe(403);
    // an expired grant is no grant
    await t.pool.query(`update pii_grants set expires_at = now() - interval '1 second' where unit_id = $1`, [
      barber.id,
    ]);
    expect((await sec.get(`/api/records/units/${barber.id}/unmask`)).status).toBe(403);
  });
});

describe('城市部件 classes after GB/T 30428.2', () => {
  it('lists the six classes; the import takes class and subclass as codes or names', async () => {
    expect(THING_CLASSES.map((c) => `${c.code}${c.name}`)).toEqual([
      '01公用设施',
      '02道路交通',
      '03市容环境',
      '04园林绿化',
      '05房屋土地',
      '06其他设施',
    ]);
    for (const c of THING_CLASSES) {
      const codes = c.subclasses.map(([x]) => x);
      expect(new Set(codes).size, c.name).toBe(codes.length);
      expect(codes.every((x) => /^\d\d$/.test(x) && x !== '00')).toBe(true);
    }
    expect(['01', '1', '公用设施', '公用设施类', ' 公用设施 '].map(resolveClass)).toEqual(
      Array(5).fill('01'),
    );
    expect(resolveClass('07')).toBeNull();
    expect(resolveClass('绿化')).toBeNull();
    expect(resolveSubclass('01', '路灯')).toBe('19');
    expect(resolveSubclass('01', '0119')).toBe('19');
    expect(resolveSubclass('01', '输油(气)井盖')).toBe('14');
    expect(resolveSubclass('01', '55')).toBe('55'); // a city's own subclass
    expect(resolveSubclass('01', '不存在')).toBeNull();
    expect(resolveSubclass('01', '0')).toBeNull();

    const sec = await t.client(PHONES.community_secretary);
    const csv = [
      '大类,小类,所属网格',
      '公用设施类,路灯,第1网格',
      '园林绿化,0407,第1网格',
      '市容环境,不存在的小类,第1网格',
    ].join('\n');
    const root = await areaId(t.pool, '990101001001');
    const res = await sec.request(
      'POST',
      '/api/records/things/imports',
      formOf({ mode: 'valid_rows', rootId: String(root), file: { name: 'things.csv', data: csv } }),
    );
    expect(res.status, JSON.stringify(res.body)).toBe(202);
    const job = await waitForJob(sec, res.body.id);
    expect(job.errors.map((e: Json) => [e.row, e.code])).toEqual([[4, 'THING_CODE_INVALID']]);
    expect(job).toMatchObject({ committed: true, okCount: 2 });
    const lamps = (await sec.get('/api/records/things?classCode=01&subclassCode=19&pageSize=100')).body.items;
    expect(lamps.some((x: Json) => x.name === '路灯')).toBe(true);
    const seats = (await sec.get('/api/records/things?classCode=04&subclassCode=07&pageSize=100')).body.items;
    expect(seats.map((x: Json) => x.name)).toContain('街头座椅');
    const classes = (await sec.get('/api/records/thing-classes')).body.classes;
    expect(classes[0].subclasses.find((x: Json) => x.code === '19').name).toBe('路灯');
  });
});
