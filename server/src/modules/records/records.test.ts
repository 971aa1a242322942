import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readSheet, workbookBuffer } from '../../platform/excel/excel';
import { decrypt, idCheckChar, loadPiiKeys } from '../../platform/pii';
import { formOf, waitForJob } from '../../test/fixtures';
import {
  areaId,
  type Client,
  type Json,
  PHONES,
  type Res,
  startTestApp,
  type TestApp,
} from '../../test/harness';
import { TEST_PII_ENV } from '../../test/pii-env';
import { parseDay } from './records.import';

const keys = loadPiiKeys(TEST_PII_ENV, '/nonexistent');
let t: TestApp;
/** every JSON/text body this file received, with the route, for the "no clear personal data" scan */
const seen: { route: string; body: string; unmasked: boolean }[] = [];
const clients = new Map<string, Client>();
/** clear ID numbers and phones of the seeded people (decrypted with the test key) */
let clearIds: string[] = [];
let clearPhones: string[] = [];

const UNMASKED = [/\/unmask$/, /^\/api\/my\/records$/];

async function as(phone: string): Promise<Client> {
  let c = clients.get(phone);
  if (!c) {
    c = await t.client(phone);
    const request = c.request.bind(c);
    c.request = async <T = Json>(
      method: string,
      path: string,
      body?: unknown,
      headers?: Record<string, string>,
    ) => {
      const res = (await request<T>(method, path, body, headers)) as Res<T>;
      const text = Buffer.isBuffer(res.body) ? '' : JSON.stringify(res.body);
      const route = path.split('?')[0]!;
      seen.push({
        route: `${method} ${path}`,
        body: text,
        unmasked:
          (method === 'POST' && UNMASKED.some((r) => r.test(route))) ||
          (method === 'GET' && UNMASKED.some((r) => r.test(route))),
      });
      return res;
    };
    clients.set(phone, c);
  }
  return c;
}
const sec = () => as(PHONES.community_secretary);

/** A valid made-up ID number (district 990101) for a birth date and sequence. */
const makeId = (birth: string, seq: number) => {
  const first = `990101${birth}${String(seq).padStart(3, '0')}`;
  return first + idCheckChar(first);
};

beforeAll(async () => {
  t = await startTestApp();
  const { rows } = await t.pool.query('select id_number_enc, phone_enc from people');
  clearIds = rows.map((r) => decrypt(keys, r.id_number_enc)).filter((x): x is string => !!x);
  clearPhones = rows.map((r) => decrypt(keys, r.phone_enc)).filter((x): x is string => !!x);
});
afterAll(() => t.close());

describe('people roster', () => {
  it('lists 龙腾社区 people masked, finds by fuzzy name and by exact phone / ID number through the hash', async () => {
    const c = await sec();
    const all = await c.get('/api/records/people?pageSize=100');
    expect(all.status).toBe(200);
    expect(all.body.total).toBeGreaterThanOrEqual(55);
    const sun = (await c.get(`/api/records/people?q=${encodeURIComponent('孙桂')}`)).body.items;
    expect(sun[0]).toMatchObject({ name: '孙桂兰', phone: '138****0008', linkedAccount: true });
    expect(sun[0].idNumber).toMatch(/^990\*{12}\d{2}[\dX]$/);
    expect(sun[0].address.label).toBe('聚金万佳苑 1栋 2单元 301室');
    expect(sun[0].tags.map((x: Json) => x.name)).toContain('独居老人');
    const byPhone = await c.get('/api/records/people?phone=138%200000%200008');
    expect(byPhone.body.items.map((x: Json) => x.name)).toEqual(['孙桂兰']);
    const someone = clearIds[5]!;
    const byId = await c.get(`/api/records/people?idNumber=${someone}`);
    expect(byId.body.total).toBe(1);
    expect(byId.body.items[0].idNumber).toBe(`${someone.slice(0, 3)}************${someone.slice(-3)}`);
    // by address words too
    const building = await c.get(
      `/api/records/people?q=${encodeURIComponent('聚金万佳苑 1栋')}&pageSize=100`,
    );
    expect(building.body.items.every((x: Json) => x.address?.label.startsWith('聚金万佳苑 1栋'))).toBe(true);
  });

  it('is scoped by area: a grid worker sees their grid only, another community sees none', async () => {
    const gw = await as(PHONES.grid_worker);
    const mine = await gw.get('/api/records/people?pageSize=100');
    const grid1 = await areaId(t.pool, '990101001001001');
    const inGrid = await t.pool.query(
      `select p.id from people p join areas a on a.tenant_id = p.tenant_id and a.id = p.area_id
        join areas g on g.id = $1 where a.path <@ g.path and p.archived_at is null`,
      [grid1],
    );
    expect(mine.body.total).toBe(inGrid.rowCount);
    const outside = await t.pool.query(
      `select p.id from people p join areas a on a.tenant_id = p.tenant_id and a.id = p.area_id
        join areas g on g.id = $1 where not a.path <@ g.path limit 1`,
      [grid1],
    );
    expect(outside.rowCount).toBe(1);
    expect((await gw.get(`/api/records/people/${outside.rows[0].id}`)).status).toBe(404);
    const other = await as(PHONES.other_secretary);
    expect((await other.get('/api/records/people')).body.total).toBe(0);
    expect((await other.get(`/api/records/people/${inGrid.rows[0].id}`)).status).toBe(404);
    expect((await (await as(PHONES.resident)).get('/api/records/people')).status).toBe(403);
  });

  it('creates, edits with versions (409 when stale) and keeps a masked history', async () => {
    const c = await sec();
    const building = await areaId(t.pool, '990101001001001-01-02');
    const addr = await c.post('/api/records/addresses', {
      buildingId: building,
      unit: '1单元',
      room: '502室',
    });
    expect(addr.status).toBe(201);
    expect(addr.body).toMatchObject({ unit: '1', room: '502', label: '聚金万佳苑 2栋 1单元 502室' });
    const id = makeId('19850615', 123);
    const bad = await c.post('/api/records/people', {
      name: '测试人',
      idNumber: `${id.slice(0, 17)}${id[17] === '0' ? '1' : '0'}`,
      residence: 'permanent',
      addressId: addr.body.id,
    });
    expect(bad.status).toBe(422);
    expect(bad.body.code).toBe('ID_NUMBER_INVALID');
    expect(
      (
        await c.post('/api/records/people', {
          name: '测试人',
          phone: '12345',
          residence: 'tenant',
          addressId: addr.body.id,
        })
      ).body.code,
    ).toBe('PHONE_INVALID');
    const tags = (await c.get('/api/records/tags')).body.items;
    const created = await c.post('/api/records/people', {
      name: '测试人',
      idNumber: id,
      phone: '13912345678',
      residence: 'tenant',
      addressId: addr.body.id,
      tagIds: [tags.find((x: Json) => x.name === '夜间上班族').id],
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      birthDate: '1985-06-15',
      gender: 'male',
      phone: '139****5678',
      idNumber: `990************${id.slice(-3)}`,
      canEdit: true,
      canUnmask: true,
    });
    const dup = await c.post('/api/records/people', {
      name: '重复',
      idNumber: id,
      residence: 'tenant',
      addressId: addr.body.id,
    });
    expect(dup.status).toBe(409);
    expect(dup.body.code).toBe('ID_NUMBER_TAKEN');
    const edited = await c.patch(`/api/records/people/${created.body.id}`, {
      version: 1,
      phone: '13987654321',
      residence: 'permanent',
    });
    expect(edited.status).toBe(200);
    expect(edited.body).toMatchObject({ version: 2, phone: '139****4321', residence: 'permanent' });
    const stale = await c.patch(`/api/records/people/${created.body.id}`, { version: 1, name: '改名' });
    expect(stale.status).toBe(409);
    const history = await c.get(`/api/records/people/${created.body.id}/history`);
    expect(history.body.items.map((x: Json) => x.action)).toEqual(['person.update', 'person.create']);
    expect(history.body.items[0].summary.phone).toEqual(['139****5678', '139****4321']);
    expect(history.body.items[0].actorName).toBe('李书记');
    const archived = await c.post(`/api/records/people/${created.body.id}/archive`, { version: 2 });
    expect(archived.body).toMatchObject({ archived: true, canEdit: false });
    // an archived ID number may be registered again
    const again = await c.post('/api/records/people', {
      name: '测试人',
      idNumber: id,
      residence: 'tenant',
      addressId: addr.body.id,
    });
    expect(again.status).toBe(201);
    const restore = await c.post(`/api/records/people/${created.body.id}/archive`, {
      version: 3,
      archived: false,
    });
    expect(restore.status).toBe(409);
  });

  it('grid workers edit their grid, not others; staff cannot add a person in another community', async () => {
    const gw = await as(PHONES.grid_worker);
    const grid2Building = await areaId(t.pool, '990101001002001-01-01');
    const res = await gw.post('/api/records/people', {
      name: '越界',
      residence: 'permanent',
      areaId: grid2Building,
    });
    expect(res.status).toBe(404);
    const own = await gw.post('/api/records/people', {
      name: '走访登记',
      residence: 'floating',
      areaId: await areaId(t.pool, '990101001001001-01-01'),
    });
    expect(own.status).toBe(201);
    expect(own.body).toMatchObject({ canUnmask: false, idNumber: null, phone: null });
  });
});

describe('unmasking', () => {
  it('only secretaries and street admins, with a purpose, for 10 minutes, audited, visible to the resident', async () => {
    const sunId = (await t.pool.query(`select id from people where name = '孙桂兰'`)).rows[0].id;
    for (const phone of [PHONES.grid_worker, PHONES.community_staff, PHONES.platform_admin]) {
      const res = await (await as(phone)).post(`/api/records/people/${sunId}/unmask`, {
        purpose: '入户走访核实身份',
      });
      expect(res.status, phone).toBe(403);
    }
    const c = await sec();
    expect((await c.post(`/api/records/people/${sunId}/unmask`, { purpose: '' })).status).toBe(400);
    expect((await c.get(`/api/records/people/${sunId}/unmask`)).status).toBe(403);
    const res = await c.post(`/api/records/people/${sunId}/unmask`, { purpose: '办理高龄津贴核对身份' });
    expect(res.status).toBe(200);
    expect(res.body.phone).toBe('13800000008');
    expect(res.body.idNumber).toMatch(/^990101\d{11}[\dX]$/);
    const minutes = (Date.parse(res.body.expiresAt) - Date.now()) / 60_000;
    expect(minutes).toBeGreaterThan(9);
    expect(minutes).toBeLessThanOrEqual(10);
    expect((await c.get(`/api/records/people/${sunId}/unmask`)).body.phone).toBe('13800000008');
    // the grant ends: the clear values are no longer served
    await t.pool.query(
      `update pii_grants set expires_at = now() - interval '1 second' where person_id = $1`,
      [sunId],
    );
    expect((await c.get(`/api/records/people/${sunId}/unmask`)).status).toBe(403);
    const audit = await t.pool.query(
      `select e.summary, u.name from audit_events e join "user" u on u.id = e.actor_user_id
        where e.action = 'person.unmask' and e.entity_id = $1`,
      [String(sunId)],
    );
    expect(audit.rows).toHaveLength(1);
    expect(audit.rows[0]).toMatchObject({ name: '李书记', summary: { purpose: '办理高龄津贴核对身份' } });
    const sun = await as(PHONES.resident);
    const access = await sun.get('/api/my/data-access');
    expect(access.body.items[0]).toMatchObject({
      action: 'unmask',
      viewerName: '李书记',
      viewerRole: 'community_secretary',
      purpose: '办理高龄津贴核对身份',
    });
    const mine = await sun.get('/api/my/records');
    expect(mine.body.people[0]).toMatchObject({ name: '孙桂兰', phone: '13800000008', tags: ['独居老人'] });
    // the street admin may unmask too; the other community's secretary cannot even see her
    expect(
      (
        await (
          await as(PHONES.street_admin)
        ).post(`/api/records/people/${sunId}/unmask`, { purpose: '街道核查低保资格' })
      ).status,
    ).toBe(200);
    expect(
      (
        await (
          await as(PHONES.other_secretary)
        ).post(`/api/records/people/${sunId}/unmask`, { purpose: '越权查看测试' })
      ).status,
    ).toBe(404);
  });
});

describe('roster import and export', () => {
  const community = () => areaId(t.pool, '990101001001');
  const roster = async () =>
    workbookBuffer(
      '人员',
      [
        '姓名',
        '性别',
        '身份证号',
        '联系电话',
        '出生日期',
        '户籍/居住状态',
        '小区',
        '楼栋',
        '单元',
        '房号',
        '标签',
      ].map((h) => ({ header: h, key: h })),
      [
        {
          姓名: '导入甲',
          身份证号: makeId('19700101', 11),
          联系电话: '13911110001',
          出生日期: '1970年1月1日',
          '户籍/居住状态': '户籍',
          小区: '聚金万佳苑',
          楼栋: '1栋',
          单元: '1',
          房号: '101',
          标签: '独居老人',
        },
        {
          姓名: '导入乙',
          身份证号: makeId('19800202', 12),
          出生日期: '1980/2/2',
          '户籍/居住状态': '租住',
          小区: '聚金万佳苑',
          楼栋: '1',
          单元: '1单元',
          房号: '102室',
        },
        {
          姓名: '坏校验',
          身份证号: `${makeId('19800303', 13).slice(0, 17)}${makeId('19800303', 13).endsWith('0') ? '1' : '0'}`,
          小区: '聚金万佳苑',
          楼栋: '1栋',
        },
        { 姓名: '文件内重复', 身份证号: makeId('19700101', 11), 小区: '聚金万佳苑', 楼栋: '1栋' },
        { 姓名: '已登记', 身份证号: clearIds[0], 小区: '聚金万佳苑', 楼栋: '1栋' },
        { 姓名: '没这栋', 小区: '聚金万佳苑', 楼栋: '99栋' },
        { 姓名: '坏日期', 出生日期: '去年', 小区: '聚金万佳苑', 楼栋: '1栋' },
        { 姓名: '怪标签', 小区: '聚金万佳苑', 楼栋: '1栋', 标签: '不存在的标签' },
      ],
    );
  const upload = async (mode: string, data: Buffer | string, name = 'roster.xlsx') => {
    const c = await sec();
    const res = await c.request(
      'POST',
      '/api/records/people/imports',
      formOf({ mode, rootId: String(await community()), file: { name, data } }),
    );
    expect(res.status, JSON.stringify(res.body)).toBe(202);
    return waitForJob(c, res.body.id);
  };
  const count = async () => Number((await t.pool.query('select count(*) from people')).rows[0].count);

  it('reads dates in five formats', () => {
    expect(parseDay('1990-01-02')).toBe('1990-01-02');
    expect(parseDay('1990/1/2')).toBe('1990-01-02');
    expect(parseDay('1990.1.2')).toBe('1990-01-02');
    expect(parseDay('19900102')).toBe('1990-01-02');
    expect(parseDay('1990年1月2日')).toBe('1990-01-02');
    expect(parseDay('1990-01-02T00:00:00.000Z')).toBe('1990-01-02');
    expect(parseDay('32875')).toBe('1990-01-02');
    expect(parseDay('1990-02-30')).toBeNull();
    expect(parseDay('去年')).toBeNull();
  });

  it('dry run and all-or-nothing change nothing when rows are bad; valid rows commits the good ones', async () => {
    const before = await count();
    const file = await roster();
    const dry = await upload('dry_run', file);
    expect(dry.errors.map((e: Json) => [e.row, e.code])).toEqual([
      [4, 'ID_CHECKSUM'],
      [5, 'ID_DUPLICATE_IN_FILE'],
      [6, 'ID_NUMBER_TAKEN'],
      [7, 'BUILDING_UNKNOWN'],
      [8, 'DATE_INVALID'],
      [9, 'TAG_UNKNOWN'],
    ]);
    expect(dry.okCount).toBe(2);
    // the error report keeps the row's values, personal data masked
    expect(dry.errors[0].values.身份证号).toMatch(/^990\*+/);
    expect(dry.errors[0].values.姓名).toBe('坏校验');
    const strict = await upload('all_or_nothing', file);
    expect(strict.committed).toBe(false);
    expect(await count()).toBe(before);
    const partial = await upload('valid_rows', file);
    expect(partial).toMatchObject({ committed: true, okCount: 2 });
    expect(await count()).toBe(before + 2);
    const c = await sec();
    const b = (await c.get(`/api/records/people?q=${encodeURIComponent('导入乙')}`)).body.items[0];
    expect(b).toMatchObject({
      residence: 'tenant',
      birthDate: '1980-02-02',
      address: { label: '聚金万佳苑 1栋 1单元 102室' },
    });
    // a UTF-8 CSV with the 台账's own headers
    const csv = `姓名,公民身份号码,手机号,楼栋,门牌号\n导入丙,${makeId('19900909', 14)},13911110003,聚金万佳苑1栋,201\n`;
    const fromCsv = await upload('all_or_nothing', csv, '台账.csv');
    expect(fromCsv).toMatchObject({ committed: true, okCount: 1, errorCount: 0 });
    const missing = await c.request(
      'POST',
      '/api/records/people/imports',
      formOf({
        mode: 'dry_run',
        rootId: String(await community()),
        file: { name: 'x.csv', data: '名字啊,电话\n张三,1\n' },
      }),
    );
    expect(missing.status).toBe(422);
    expect(missing.body.code).toBe('COLUMNS_MISSING');
  });

  it('exports the screen’s filters masked; the clear export needs the right role and a purpose, audited per person', async () => {
    const c = await sec();
    const tags = (await c.get('/api/records/tags')).body.items;
    const lonely = tags.find((x: Json) => x.name === '独居老人');
    const res = await c.get(`/api/records/people/export.xlsx?tagId=${lonely.id}`);
    expect(res.status).toBe(200);
    const sheet = await readSheet(res.body);
    expect(sheet.rows.length).toBe(lonely.people);
    expect(sheet.rows.every((r) => r.values.标签!.includes('独居老人'))).toBe(true);
    expect(sheet.rows.every((r) => !r.values.身份证号 || r.values.身份证号.includes('*'))).toBe(true);
    const gw = await as(PHONES.grid_worker);
    expect(
      (await gw.request('POST', '/api/records/people/export.xlsx', { purpose: '走访名单', filters: {} }))
        .status,
    ).toBe(403);
    const clear = await c.request('POST', '/api/records/people/export.xlsx', {
      purpose: '高龄老人慰问名单',
      filters: { tagId: lonely.id },
    });
    expect(clear.status).toBe(200);
    const clearSheet = await readSheet(clear.body);
    expect(clearSheet.rows.some((r) => r.values.联系电话 === '13800000008')).toBe(true);
    const sunAccess = await (await as(PHONES.resident)).get('/api/my/data-access');
    expect(
      sunAccess.body.items.some((x: Json) => x.action === 'export' && x.purpose === '高龄老人慰问名单'),
    ).toBe(true);
  });
});

describe('houses, tags and figures', () => {
  it('lists houses by building with owner and occupants; edits with versions', async () => {
    const c = await sec();
    const building = await areaId(t.pool, '990101001001001-01-01');
    const list = await c.get(`/api/records/houses?buildingId=${building}`);
    expect(list.status).toBe(200);
    const sun = list.body.items.find((h: Json) => h.address.label === '聚金万佳苑 1栋 2单元 301室');
    expect(sun).toMatchObject({ use: 'owner_occupied', owner: { name: '孙桂兰' } });
    const patched = await c.patch(`/api/records/houses/${sun.id}`, { version: sun.version, use: 'rented' });
    expect(patched.body).toMatchObject({ use: 'rented', version: sun.version + 1 });
    expect(
      (await c.patch(`/api/records/houses/${sun.id}`, { version: sun.version, use: 'vacant' })).status,
    ).toBe(409);
    const addr = await c.post('/api/records/addresses', { buildingId: building, unit: '3', room: '1801' });
    const house = await c.post('/api/records/houses', { addressId: addr.body.id, use: 'vacant' });
    expect(house.status).toBe(201);
    expect((await c.post('/api/records/houses', { addressId: addr.body.id, use: 'vacant' })).status).toBe(
      409,
    );
  });

  it('extends the tag list and counts people per grid and tag (the data portrait’s denominators)', async () => {
    const c = await sec();
    const tag = await c.post('/api/records/tags', { name: '新就业群体' });
    expect(tag.status).toBe(201);
    expect((await c.post('/api/records/tags', { name: '新就业群体' })).status).toBe(409);
    expect(
      (await (await as(PHONES.grid_worker)).post('/api/records/tags', { name: '网格员加的' })).status,
    ).toBe(403);
    const f = await c.get(`/api/records/figures?areaId=${await areaId(t.pool, '990101001001')}`);
    expect(f.status).toBe(200);
    expect(f.body.rows).toHaveLength(6);
    expect(f.body.rows.reduce((s: number, r: Json) => s + r.people, 0)).toBe(f.body.total.people);
    const lonely = f.body.tags.find((x: Json) => x.name === '独居老人').id;
    expect(f.body.total.byTag[lonely]).toBeGreaterThan(0);
  });
});

describe('personal data never leaks', () => {
  it('no GET route answers the street admin with a clear ID number or phone', async () => {
    const admin = await as(PHONES.street_admin);
    const ids = {
      person: (await t.pool.query(`select id from people where name = '孙桂兰'`)).rows[0].id,
      house: (await t.pool.query('select id from houses order by id limit 1')).rows[0].id,
      address: (await t.pool.query('select id from addresses order by id limit 1')).rows[0].id,
      tag: (await t.pool.query('select id from record_tags order by id limit 1')).rows[0].id,
      request: (await t.pool.query('select id from requests order by id limit 1')).rows[0]?.id ?? 1,
    };
    const gets = t.app.routeList.filter(
      (r) => r.method === 'GET' && r.url.startsWith('/api/') && !r.url.startsWith('/api/docs'),
    );
    for (const r of gets) {
      const path = r.url.replace(
        ':id',
        String(
          r.url.includes('/people/')
            ? ids.person
            : r.url.includes('/houses/')
              ? ids.house
              : r.url.includes('/requests/')
                ? ids.request
                : ids.person,
        ),
      );
      if (/:\w+/.test(path)) continue;
      await admin.get(path);
      if (path.startsWith('/api/records/people')) await admin.get(`${path}?q=${encodeURIComponent('孙')}`);
    }
    const leaks: string[] = [];
    for (const s of seen.filter((x) => !x.unmasked))
      for (const v of [...clearIds, ...clearPhones.filter((p) => !p.startsWith('138000'))])
        if (s.body.includes(v)) leaks.push(`${s.route}: ${v}`);
    expect(leaks).toEqual([]);
    expect(seen.length).toBeGreaterThan(40);
  });

  it('the database holds no clear ID number in any text or JSON column', async () => {
    const { rows: cols } = await t.pool.query(
      `select table_name, column_name from information_schema.columns
        where table_schema = 'public' and data_type in ('text', 'jsonb', 'json', 'character varying')`,
    );
    const { rows } = await t.pool.query('select id_number_enc from people where id_number_enc is not null');
    const all = rows.map((r) => decrypt(keys, r.id_number_enc));
    expect(all.length).toBeGreaterThan(50);
    const hits: string[] = [];
    for (const c of cols) {
      const { rows: found } = await t.pool.query(
        `select count(*)::int as n from "${c.table_name}" where "${c.column_name}"::text like any($1::text[])`,
        [all.map((v) => `%${v}%`)],
      );
      if (found[0].n) hits.push(`${c.table_name}.${c.column_name}`);
    }
    expect(hits).toEqual([]);
    // nor a resident's phone outside the accounts table (sign-in needs it there)
    const { rows: phones } = await t.pool.query(`select phone_enc from people where phone_enc is not null`);
    const clear = phones.map((r) => decrypt(keys, r.phone_enc)).filter((p) => !p.startsWith('138'));
    for (const c of cols.filter(
      (c) => !['user', 'verification', 'session', 'account'].includes(c.table_name),
    )) {
      const { rows: found } = await t.pool.query(
        `select count(*)::int as n from "${c.table_name}" where "${c.column_name}"::text like any($1::text[])`,
        [clear.map((v) => `%${v}%`)],
      );
      if (found[0].n) hits.push(`${c.table_name}.${c.column_name}`);
    }
    expect(hits).toEqual([]);
  });
});
