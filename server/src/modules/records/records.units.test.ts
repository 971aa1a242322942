import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readSheet, workbookBuffer } from '../../platform/excel/excel';
import { idCheckChar } from '../../platform/pii';
import { formOf, waitForJob } from '../../test/fixtures';
import { areaId, type Client, type Json, PHONES, startTestApp, type TestApp } from '../../test/harness';
import { checkCreditCode, checkThingCode, usccCheckChar } from './records.codes';
import { demoCreditCode } from './records.units.seed';

let t: TestApp;
const clients = new Map<string, Client>();
/** every body this file received, for the "no clear phone" scan */
const bodies: string[] = [];
const as = async (phone: string) => {
  let c = clients.get(phone);
  if (!c) {
    c = await t.client(phone);
    const request = c.request.bind(c);
    c.request = async (method: string, path: string, body?: unknown, headers?: Record<string, string>) => {
      const res = await request(method, path, body, headers);
      if (!Buffer.isBuffer(res.body)) bodies.push(JSON.stringify(res.body));
      return res;
    };
    clients.set(phone, c);
  }
  return c;
};
const sec = () => as(PHONES.community_secretary);
const community = () => areaId(t.pool, '990101001001');

beforeAll(async () => {
  t = await startTestApp();
});
afterAll(() => t.close());

describe('codes', () => {
  it('checks GB 32100 credit codes and 16-digit thing codes', () => {
    // a published example: 91350100M000100Y43
    expect(checkCreditCode('91350100M000100Y43')).toEqual({ ok: true, code: '91350100M000100Y43' });
    expect(checkCreditCode('91350100M000100Y44')).toMatchObject({ ok: false, problem: 'checksum' });
    expect(checkCreditCode('91350100M000100YI3')).toMatchObject({ ok: false, problem: 'charset' });
    expect(checkCreditCode('９１３５０１００Ｍ０００１００Ｙ４３').ok).toBe(true);
    expect(checkCreditCode('440301103035123')).toMatchObject({ ok: true });
    expect(checkCreditCode('12')).toMatchObject({ ok: false });
    for (let i = 0; i < 50; i++) {
      const code = demoCreditCode('92', i);
      expect(usccCheckChar(code.slice(0, 17))).toBe(code[17]);
    }
    expect(checkThingCode('9901010108000001', '990101')).toMatchObject({
      ok: true,
      prefix: '9901010108',
      seq: 1,
    });
    expect(checkThingCode('9901020108000001', '990101')).toMatchObject({ ok: false, problem: 'district' });
    expect(checkThingCode('9901010908000001', '990101')).toMatchObject({ ok: false, problem: 'class' });
    expect(checkThingCode('9901010100000001', '990101')).toMatchObject({ ok: false, problem: 'class' });
    expect(checkThingCode('9901010108000000', '990101')).toMatchObject({ ok: false, problem: 'sequence' });
    expect(checkThingCode('990101010800001', '990101')).toMatchObject({ ok: false, problem: 'format' });
  });
});

describe('units and merchants', () => {
  it('lists the seeded units with masked phones; 周记理发店 is linked to its ledger credit account', async () => {
    const c = await sec();
    const res = await c.get('/api/records/units?pageSize=100');
    expect(res.status).toBe(200);
    expect(res.body.total).toBeGreaterThanOrEqual(10);
    const barber = res.body.items.find((u: Json) => u.name === '周记理发店');
    expect(barber).toMatchObject({ kind: 'merchant', contactPhone: '138****0007' });
    expect(barber.ledgerAccount).toMatchObject({ name: '周记理发店', unit: 'credit' });
    const accounts = (await c.get('/api/records/merchant-accounts')).body.items;
    expect(accounts.find((a: Json) => a.id === barber.ledgerAccount.id).linkedUnitId).toBe(barber.id);
    const byKind = (await c.get('/api/records/units?kind=property')).body.items;
    expect(byKind.length).toBeGreaterThanOrEqual(2);
    expect(byKind.every((u: Json) => u.kind === 'property')).toBe(true);
    const found = (await c.get(`/api/records/units?q=${encodeURIComponent('理发')}`)).body.items;
    expect(found.map((u: Json) => u.name)).toContain('周记理发店');
  });

  it('adds, edits at a version and archives a unit; checks the credit code; the audit keeps phones masked', async () => {
    const c = await sec();
    const building = await areaId(t.pool, '990101001001001-01-02');
    const code = demoCreditCode('52', 777);
    const bad = await c.post('/api/records/units', {
      name: '坏代码协会',
      kind: 'social_org',
      creditCode: `${code.slice(0, 17)}${code[17] === '0' ? '1' : '0'}`,
      areaId: building,
    });
    expect(bad.status).toBe(422);
    expect(bad.body.code).toBe('CREDIT_CODE_INVALID');
    const created = await c.post('/api/records/units', {
      name: '龙腾志愿者协会',
      kind: 'social_org',
      creditCode: code.toLowerCase(),
      areaId: building,
      contactName: '钱会长',
      contactPhone: '139 1234 5678',
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    expect(created.body).toMatchObject({ creditCode: code, contactPhone: '139****5678', version: 1 });
    const dup = await c.post('/api/records/units', {
      name: '重复',
      kind: 'other',
      creditCode: code,
      areaId: building,
    });
    expect(dup.status).toBe(409);
    expect(dup.body.code).toBe('CREDIT_CODE_TAKEN');
    const id = created.body.id;
    const edited = await c.patch(`/api/records/units/${id}`, {
      version: 1,
      contactPhone: '13987654321',
      kind: 'other',
    });
    expect(edited.status).toBe(200);
    expect(edited.body).toMatchObject({ version: 2, contactPhone: '139****4321', kind: 'other' });
    const stale = await c.patch(`/api/records/units/${id}`, { version: 1, name: '旧版本' });
    expect(stale.status).toBe(409);
    const history = (await c.get(`/api/records/units/${id}/history`)).body.items;
    expect(history.map((h: Json) => h.action)).toEqual(['unit.update', 'unit.create']);
    expect(JSON.stringify(history)).not.toContain('13987654321');
    expect(JSON.stringify(history)).toContain('139****4321');
    const stored = await t.pool.query('select contact_phone_enc from record_units where id = $1', [id]);
    expect(stored.rows[0].contact_phone_enc).toMatch(/^p1\./);
    const archived = await c.post(`/api/records/units/${id}/archive`, { version: 2 });
    expect(archived.body).toMatchObject({ archived: true, version: 3 });
    // archived: the code is free again
    const again = await c.post('/api/records/units', {
      name: '新协会',
      kind: 'social_org',
      creditCode: code,
      areaId: building,
    });
    expect(again.status).toBe(201);
    const restore = await c.post(`/api/records/units/${id}/archive`, { version: 3, archived: false });
    expect(restore.status).toBe(409);
    expect(restore.body.code).toBe('CREDIT_CODE_TAKEN');
  });

  it('links a merchant account only once and only a merchant account', async () => {
    const c = await sec();
    const accounts = (await c.get('/api/records/merchant-accounts')).body.items;
    const taken = accounts.find((a: Json) => a.linkedUnitId);
    const res = await c.post('/api/records/units', {
      name: '第二家理发店',
      kind: 'merchant',
      areaId: await areaId(t.pool, '990101001001001-01-01'),
      ledgerAccountId: taken.id,
    });
    expect(res.status).toBe(409);
    expect(res.body.code).toBe('LEDGER_ACCOUNT_LINKED');
    const person = (
      await t.pool.query("select id from ledger_accounts where owner_kind = 'person' order by id limit 1")
    ).rows[0].id;
    const notMerchant = await c.post('/api/records/units', {
      name: '挂错账户',
      kind: 'merchant',
      areaId: await areaId(t.pool, '990101001001001-01-01'),
      ledgerAccountId: Number(person),
    });
    expect(notMerchant.status).toBe(422);
    expect(notMerchant.body.code).toBe('LEDGER_ACCOUNT_UNKNOWN');
  });

  it('a grid worker of 第1网格 cannot read or edit a unit of 第2网格', async () => {
    const c = await sec();
    const inGrid2 = await c.post('/api/records/units', {
      name: '第二网格小卖部',
      kind: 'merchant',
      areaId: await areaId(t.pool, '990101001001002-01-01'),
    });
    expect(inGrid2.status).toBe(201);
    const gw = await as(PHONES.grid_worker);
    expect((await gw.get(`/api/records/units/${inGrid2.body.id}`)).status).toBe(404);
    expect((await gw.patch(`/api/records/units/${inGrid2.body.id}`, { version: 1, name: 'x' })).status).toBe(
      404,
    );
    const list = (await gw.get('/api/records/units?pageSize=100')).body.items;
    expect(list.map((u: Json) => u.id)).not.toContain(inGrid2.body.id);
    const sheet = await readSheet((await gw.get('/api/records/units/export.xlsx')).body);
    expect(sheet.rows.map((r) => r.values.单位名称)).not.toContain('第二网格小卖部');
    // the other community's secretary sees none of 龙腾社区's units
    const other = await as(PHONES.other_secretary);
    expect((await other.get(`/api/records/units/${inGrid2.body.id}`)).status).toBe(404);
  });

  const upload = async (mode: string, data: Buffer | string, name = 'units.xlsx', mapping?: Json) => {
    const c = await sec();
    const res = await c.request(
      'POST',
      '/api/records/units/imports',
      formOf({
        mode,
        rootId: String(await community()),
        file: { name, data },
        ...(mapping ? { mapping: JSON.stringify(mapping) } : {}),
      }),
    );
    if (res.status !== 202) return res;
    return { status: 202, body: await waitForJob(c, res.body.id) };
  };
  const count = async () => Number((await t.pool.query('select count(*) from record_units')).rows[0].count);

  it('imports a units roster: bad rows give per-row errors and change nothing; fixing them commits all', async () => {
    const good = demoCreditCode('92', 501);
    const rows = (fix: boolean) => [
      {
        单位名称: '导入便利店',
        单位类型: '商户',
        统一社会信用代码: good,
        小区: '聚金万佳苑',
        楼栋: '1栋',
        联系电话: '13911112222',
      },
      { 单位名称: '导入物业', 单位类型: '物业公司', 所属网格: '第1网格', 联系人: '王经理' },
      {
        单位名称: '坏代码商户',
        单位类型: '商户',
        统一社会信用代码: fix
          ? demoCreditCode('92', 502)
          : `${good.slice(0, 17)}${good[17] === 'A' ? 'B' : 'A'}`,
        所属网格: '第1网格',
      },
      { 单位名称: '重复代码', 统一社会信用代码: fix ? demoCreditCode('92', 503) : good, 所属网格: '第1网格' },
      { 单位名称: '怪类型', 单位类型: fix ? '企业' : '外星机构', 所属网格: '第1网格' },
      { 单位名称: '没地方', 所属网格: fix ? '第2网格' : '', 联系电话: fix ? '023-68881234' : '12345' },
    ];
    const file = async (fix: boolean) =>
      workbookBuffer(
        '单位',
        ['单位名称', '单位类型', '统一社会信用代码', '小区', '楼栋', '所属网格', '联系人', '联系电话'].map(
          (h) => ({
            header: h,
            key: h,
          }),
        ),
        rows(fix),
      );
    const before = await count();
    const dry = (await upload('dry_run', await file(false))).body;
    expect(dry.errors.map((e: Json) => [e.row, e.code])).toEqual([
      [4, 'CREDIT_CODE_CHECKSUM'],
      [5, 'CREDIT_CODE_DUPLICATE_IN_FILE'],
      [6, 'KIND_INVALID'],
      [7, 'PHONE_INVALID'],
    ]);
    expect(dry.okCount).toBe(2);
    const strict = (await upload('all_or_nothing', await file(false))).body;
    expect(strict.committed).toBe(false);
    expect(await count()).toBe(before);
    const fixed = (await upload('all_or_nothing', await file(true))).body;
    expect(fixed).toMatchObject({ committed: true, okCount: 6, errorCount: 0 });
    expect(await count()).toBe(before + 6);
    // re-importing the same file: every coded row is already on the roster
    const again = (await upload('dry_run', await file(true))).body;
    expect(again.errors.filter((e: Json) => e.code === 'CREDIT_CODE_TAKEN').length).toBe(3);
    const c = await sec();
    const shop = (await c.get(`/api/records/units?q=${encodeURIComponent('导入便利店')}`)).body.items[0];
    expect(shop).toMatchObject({
      kind: 'merchant',
      contactPhone: '139****2222',
      address: { label: '聚金万佳苑 1栋' },
    });
    expect(JSON.stringify(dry)).not.toContain('13911112222');
  });

  it('refuses wrong columns and junk files with clear errors and no job', async () => {
    const before = await count();
    const wrong = await upload('dry_run', '名字啊,电话\n张三,1\n', 'x.csv');
    expect(wrong.status).toBe(422);
    expect(wrong.body.code).toBe('COLUMNS_MISSING');
    const junk = Buffer.alloc(10 * 1024 * 1024 + 10, 7);
    const big = await upload('dry_run', junk, 'junk.xlsx');
    expect([413, 422]).toContain(big.status);
    const binary = await upload('dry_run', Buffer.from([0, 1, 2, 3, 0, 5]), 'junk.csv');
    expect(binary.status).toBe(422);
    const fakeXlsx = await upload(
      'dry_run',
      Buffer.concat([Buffer.from('PK\x03\x04'), Buffer.alloc(1000, 1)]),
      'a.xlsx',
    );
    expect(fakeXlsx.status).toBe(422);
    const badMapping = await upload('dry_run', '甲,乙\n店,第1网格\n', 'm.csv', { name: '丙' });
    expect(badMapping.status).toBe(422);
    expect(badMapping.body.code).toBe('MAPPING_INVALID');
    // an explicit mapping of the community's own headers
    const mapped = await upload('dry_run', '甲,乙\n映射小店,第1网格\n', 'm.csv', { name: '甲', area: '乙' });
    expect(mapped.body).toMatchObject({ okCount: 1, errorCount: 0 });
    expect(await count()).toBe(before);
  });

  it('exports the screen’s filters with phones masked', async () => {
    const c = await sec();
    const res = await c.get('/api/records/units/export.xlsx?kind=merchant');
    expect(res.status).toBe(200);
    const sheet = await readSheet(res.body);
    expect(sheet.rows.length).toBe((await c.get('/api/records/units?kind=merchant')).body.total);
    expect(sheet.rows.every((r) => r.values.单位类型 === '商户')).toBe(true);
    expect(sheet.rows.every((r) => !r.values.联系电话 || r.values.联系电话.includes('*'))).toBe(true);
  });
});

describe('column mapping', () => {
  it('previews a roster with its own headers (personal data masked), and imports it with the mapping', async () => {
    const c = await sec();
    const id = `11010519491231002${idCheckChar('11010519491231002')}`;
    const csv = `居民,证件,手机,住址楼栋,房间\n映射甲,${id},13911113333,聚金万佳苑1栋,909\n`;
    const preview = await c.request(
      'POST',
      '/api/records/people/preview',
      formOf({ file: { name: '老台账.csv', data: csv } }),
    );
    expect(preview.status).toBe(200);
    expect(preview.body).toMatchObject({ headers: ['居民', '证件', '手机', '住址楼栋', '房间'], rows: 1 });
    expect(preview.body.missing).toEqual(['name', 'building']);
    expect(JSON.stringify(preview.body)).not.toContain(id);
    expect(JSON.stringify(preview.body)).not.toContain('13911113333');
    const gw = await as(PHONES.grid_worker);
    expect(
      (
        await gw.request(
          'POST',
          '/api/records/people/preview',
          formOf({ file: { name: 'x.csv', data: csv } }),
        )
      ).status,
    ).toBe(403);
    const mapping = { name: '居民', idNumber: '证件', phone: '手机', building: '住址楼栋', room: '房间' };
    const start = await c.request(
      'POST',
      '/api/records/people/imports',
      formOf({
        mode: 'all_or_nothing',
        rootId: String(await community()),
        mapping: JSON.stringify(mapping),
        file: { name: '老台账.csv', data: csv },
      }),
    );
    expect(start.status, JSON.stringify(start.body)).toBe(202);
    const job = await waitForJob(c, start.body.id);
    expect(job).toMatchObject({ committed: true, okCount: 1, errorCount: 0 });
    const p = (await c.get(`/api/records/people?q=${encodeURIComponent('映射甲')}`)).body.items[0];
    expect(p).toMatchObject({ phone: '139****3333', address: { label: '聚金万佳苑 1栋 909室' } });
    // an error row under a mapped header keeps the value masked
    const bad = `居民,证件,住址楼栋\n映射乙,${id.slice(0, 17)}${id[17] === '0' ? '1' : '0'},聚金万佳苑1栋\n`;
    const badStart = await c.request(
      'POST',
      '/api/records/people/imports',
      formOf({
        mode: 'dry_run',
        rootId: String(await community()),
        mapping: JSON.stringify({ name: '居民', idNumber: '证件', building: '住址楼栋' }),
        file: { name: 'x.csv', data: bad },
      }),
    );
    const badJob = await waitForJob(c, badStart.body.id);
    expect(badJob.errors[0].code).toBe('ID_CHECKSUM');
    expect(badJob.errors[0].values.证件).toContain('*');
  });
});

describe('group tags', () => {
  it('refuses archiving a built-in tag with 409 TAG_BUILTIN_ARCHIVE; a staff-made tag can be archived', async () => {
    const c = await sec();
    const tags = (await c.get('/api/records/tags')).body.items;
    const lonely = tags.find((x: Json) => x.name === '独居老人');
    const res = await c.patch(`/api/records/tags/${lonely.id}`, { version: lonely.version, archived: true });
    expect(res.status).toBe(409);
    expect(res.body.code).toBe('TAG_BUILTIN_ARCHIVE');
    const own = await c.post('/api/records/tags', { name: '新就业群体' });
    expect(own.status).toBe(201);
    const archived = await c.patch(`/api/records/tags/${own.body.id}`, {
      version: own.body.version,
      archived: true,
    });
    expect(archived.body).toMatchObject({ archived: true });
  });
});

describe('search in Chinese', () => {
  it('finds 张三 by zhangsan, zs, zhang san, 张三 and 张 三, and follows a rename; units by pinyin too', async () => {
    const c = await sec();
    const building = await areaId(t.pool, '990101001001001-01-01');
    const made = await c.post('/api/records/people', {
      name: '张三',
      residence: 'permanent',
      areaId: building,
    });
    expect(made.status).toBe(201);
    for (const q of ['zhangsan', 'zs', 'ZhangSan', 'zhang san', '张三', '张 三', 'zhangs']) {
      const items = (await c.get(`/api/records/people?q=${encodeURIComponent(q)}&pageSize=100`)).body.items;
      expect(
        items.map((p: Json) => p.id),
        q,
      ).toContain(made.body.id);
    }
    const miss = (await c.get('/api/records/people?q=lisi&pageSize=100')).body.items;
    expect(miss.map((p: Json) => p.id)).not.toContain(made.body.id);
    // renamed: the pinyin follows
    const renamed = await c.patch(`/api/records/people/${made.body.id}`, { version: 1, name: '李四' });
    expect(renamed.status).toBe(200);
    const now = (await c.get('/api/records/people?q=lisi&pageSize=100')).body.items;
    expect(now.map((p: Json) => p.id)).toContain(made.body.id);
    const old = (await c.get('/api/records/people?q=zhangsan&pageSize=100')).body.items;
    expect(old.map((p: Json) => p.id)).not.toContain(made.body.id);
    // seeded people (written by SQL) were filled in by the seed
    const seeded = (await c.get(`/api/records/people?q=${encodeURIComponent('sgl')}&pageSize=100`)).body
      .items;
    expect(seeded.map((p: Json) => p.name)).toContain('孙桂兰');
    const units = (await c.get('/api/records/units?q=zjlfd')).body.items;
    expect(units.map((u: Json) => u.name)).toContain('周记理发店');
    const fuzzy = (await c.get(`/api/records/units?q=${encodeURIComponent('周记理发')}`)).body.items;
    expect(fuzzy.map((u: Json) => u.name)).toContain('周记理发店');
  });
});

describe('things 部件', () => {
  it('lists seeded things by class and state; numbers new ones per district+class+subclass, ten at once distinct', async () => {
    const c = await sec();
    const lamps = (await c.get('/api/records/things?classCode=01&subclassCode=19&pageSize=100')).body;
    expect(lamps.total).toBeGreaterThanOrEqual(12);
    expect(lamps.items.every((x: Json) => x.code.startsWith('9901010119'))).toBe(true);
    const damaged = (await c.get('/api/records/things?state=damaged')).body.items;
    expect(damaged.length).toBeGreaterThanOrEqual(4);
    const grid = await areaId(t.pool, '990101001001001');
    const made = await Promise.all(
      Array.from({ length: 10 }, () =>
        c.post('/api/records/things', {
          classCode: '04',
          subclassCode: '07',
          areaId: grid,
          lng: 104.048,
          lat: 30.613,
        }),
      ),
    );
    expect(made.map((r) => r.status)).toEqual(Array(10).fill(201));
    const codes = made.map((r) => r.body.code).sort();
    expect(codes).toEqual(
      Array.from({ length: 10 }, (_, i) => `9901010407${String(i + 1).padStart(6, '0')}`),
    );
    expect(made[0]!.body.name).toBe('街头座椅');
    // an explicit code moves the counter past it
    const explicit = await c.post('/api/records/things', { code: '9901010407000050', areaId: grid });
    expect(explicit.status).toBe(201);
    const next = await c.post('/api/records/things', { classCode: '04', subclassCode: '07', areaId: grid });
    expect(next.body.code).toBe('9901010407000051');
    const taken = await c.post('/api/records/things', { code: '9901010407000050', areaId: grid });
    expect(taken.status).toBe(409);
    const wrongDistrict = await c.post('/api/records/things', { code: '1101010405000001', areaId: grid });
    expect(wrongDistrict.status).toBe(422);
    expect(wrongDistrict.body.code).toBe('THING_CODE_INVALID');
    const edited = await c.patch(`/api/records/things/${next.body.id}`, { version: 1, state: 'damaged' });
    expect(edited.body).toMatchObject({ state: 'damaged', version: 2 });
    const gw = await as(PHONES.grid_worker);
    const grid2 = await areaId(t.pool, '990101001001002');
    const far = await c.post('/api/records/things', { classCode: '03', subclassCode: '02', areaId: grid2 });
    expect((await gw.get(`/api/records/things/${far.body.id}`)).status).toBe(404);
  });

  it('an edit sent again with the same Idempotency-Key is applied once', async () => {
    const c = await as(PHONES.grid_worker);
    const lamp = (await c.get('/api/records/things?pageSize=1')).body.items[0];
    const send = () =>
      c.request(
        'PATCH',
        `/api/records/things/${lamp.id}`,
        { version: lamp.version, state: 'lost' },
        { 'idempotency-key': 'patrol-0001-abcdef' },
      );
    const first = await send();
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ state: 'lost', version: lamp.version + 1 });
    const again = await send();
    expect(again.status).toBe(200);
    expect(again.body).toMatchObject({ state: 'lost', version: lamp.version + 1 });
    const history = (await c.get(`/api/records/things/${lamp.id}/history`)).body.items;
    expect(history.filter((h: Json) => h.action === 'thing.update').length).toBe(1);
    // a new key with the old version is a real conflict
    const stale = await c.request(
      'PATCH',
      `/api/records/things/${lamp.id}`,
      { version: lamp.version, state: 'intact' },
      { 'idempotency-key': 'patrol-0002-abcdef' },
    );
    expect(stale.status).toBe(409);
  });

  it('imports things: explicit and generated codes, per-row errors, nothing on a bad all-or-nothing', async () => {
    const c = await sec();
    const csv = (fix: boolean) =>
      [
        '部件编码,大类代码,小类代码,部件名称,状态,所属网格,经度,纬度',
        '9901010304000001,,,,完好,第1网格,104.05,30.61',
        ',03,04,新灯箱,破损,第1网格,,',
        `${fix ? '9901010304000009' : '9901020304000001'},,,,完好,第1网格,,`,
        `,03,04,,${fix ? '丢失' : '坏了'},第1网格,,`,
        `9901010304000001${fix ? '' : ''},,,,完好,${fix ? '第2网格' : '第1网格'},,`,
      ].join('\n');
    const send = async (mode: string, fix: boolean) => {
      const res = await c.request(
        'POST',
        '/api/records/things/imports',
        formOf({ mode, rootId: String(await community()), file: { name: 'things.csv', data: csv(fix) } }),
      );
      expect(res.status, JSON.stringify(res.body)).toBe(202);
      return waitForJob(c, res.body.id);
    };
    const count = async () =>
      Number((await t.pool.query('select count(*) from record_things')).rows[0].count);
    const before = await count();
    const bad = await send('all_or_nothing', false);
    expect(bad.errors.map((e: Json) => [e.row, e.code])).toEqual([
      [4, 'THING_CODE_INVALID'],
      [5, 'STATE_INVALID'],
      [6, 'THING_CODE_DUPLICATE_IN_FILE'],
    ]);
    expect(bad.committed).toBe(false);
    expect(await count()).toBe(before);
    const partial = await send('valid_rows', true);
    // row 6 repeats row 2's code even when fixed
    expect(partial.errors.map((e: Json) => e.code)).toEqual(['THING_CODE_DUPLICATE_IN_FILE']);
    expect(partial).toMatchObject({ committed: true, okCount: 4 });
    expect(await count()).toBe(before + 4);
    const boxes = (await c.get('/api/records/things?classCode=03&subclassCode=04&pageSize=100')).body.items;
    expect(boxes.map((x: Json) => x.code).sort()).toEqual([
      '9901010304000001',
      '9901010304000009',
      '9901010304000010',
      '9901010304000011',
    ]);
  });

  it('no response in this file carried a clear contact phone', () => {
    const clear = ['13911112222', '13987654321', '13912345678', '13800000007', '13912340004'];
    const leaks = bodies.filter((b) => clear.some((p) => b.includes(p)));
    expect(leaks).toEqual([]);
  });
});
