import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { areaId, type Client, PHONES, type Res, startTestApp, type TestApp } from '../../test/harness';
import { hashKey } from './open311.clients';
import { fields, kids, parseXml, textOf, type XmlNode } from './xml-check';

/**
 * GeoReport v2 conformance at /open311/v2 against real PostgreSQL: every endpoint in JSON and XML, the filters,
 * posting with an api_key (routed to the right grid, then visible in the console), the spec's error lists.
 */
process.env.OPEN311_RATE_LIMIT = '300'; // per IP and minute; the last test runs into it
let t: TestApp;
let anon: Client;
let admin: Client;
const J = '990101001'; // 长江路街道, the demo street
const OTHER = '990102001'; // 邻区街道 (the second street of the test database)
const KEY = 'test-open311-key-0123456789abcdef';
const REVOKED = 'revoked-open311-key-0123456789abc';
const OTHER_KEY = 'other-street-key-0123456789abcdef';
const DATETIME = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+08:00$/;
const V2 = '/open311/v2';

let ids: { lift: number; bbq: number; hallway: number; other: number };

const form = (f: Record<string, string>) => new URLSearchParams(f).toString();
const postForm = (c: Client, path: string, f: Record<string, string>, headers: Record<string, string> = {}) =>
  c.request('POST', path, form(f), {
    'content-type': 'application/x-www-form-urlencoded; charset=utf-8',
    ...headers,
  });
const json = (res: Res) => {
  expect(res.headers.get('content-type')).toBe('application/json; charset=utf-8');
  return res.body;
};
const xml = (res: Res): XmlNode => {
  expect(res.headers.get('content-type')).toBe('text/xml; charset=utf-8');
  expect(typeof res.body).toBe('string');
  return parseXml(res.body);
};
/** The spec's error list, in either format, with the HTTP status as each error's code. */
function expectErrors(res: Res, status: number, format: 'json' | 'xml' = 'json'): string[] {
  expect(res.status, JSON.stringify(res.body)).toBe(status);
  if (format === 'json') {
    const body = json(res);
    expect(Array.isArray(body)).toBe(true);
    expect(body.length).toBeGreaterThan(0);
    for (const e of body) {
      expect(e.code).toBe(status);
      expect(typeof e.description).toBe('string');
      expect(e.description.length).toBeGreaterThan(0);
    }
    return body.map((e: { description: string }) => e.description);
  }
  const root = xml(res);
  expect(root.name).toBe('errors');
  const errors = kids(root, 'error');
  expect(errors.length).toBeGreaterThan(0);
  for (const e of errors) {
    expect(textOf(e, 'code')).toBe(String(status));
    expect(textOf(e, 'description')?.length).toBeGreaterThan(0);
  }
  return errors.map((e) => textOf(e, 'description')!);
}

const REQUEST_FIELDS = [
  'service_request_id',
  'status',
  'status_notes',
  'service_name',
  'service_code',
  'description',
  'agency_responsible',
  'service_notice',
  'requested_datetime',
  'updated_datetime',
  'expected_datetime',
  'address',
  'lat',
  'long',
];
function expectRequestJson(r: Record<string, unknown>) {
  for (const f of REQUEST_FIELDS) expect(r, f).toHaveProperty(f);
  expect(r.service_request_id).toMatch(/^\d+$/);
  expect(['open', 'closed']).toContain(r.status);
  expect(r.requested_datetime).toMatch(DATETIME);
  expect(r.updated_datetime).toMatch(DATETIME);
  if (r.expected_datetime !== null) expect(r.expected_datetime).toMatch(DATETIME);
  expect(r.service_notice).toMatch(/^DS\d{8}-\d{6}$/);
  for (const f of ['lat', 'long']) if (r[f] !== null) expect(typeof r[f]).toBe('number');
  for (const f of ['service_name', 'service_code', 'description', 'status_notes'])
    expect(typeof r[f]).toBe('string');
}
function expectRequestXml(n: XmlNode) {
  expect(n.name).toBe('request');
  const r = fields(n);
  for (const f of REQUEST_FIELDS) expect(r, f).toHaveProperty(f);
  expect(r.service_request_id).toMatch(/^\d+$/);
  expect(['open', 'closed']).toContain(r.status);
  expect(r.requested_datetime).toMatch(DATETIME);
  expect(r.updated_datetime).toMatch(DATETIME);
  if (r.lat) expect(Number.isFinite(Number(r.lat))).toBe(true);
  return r;
}

beforeAll(async () => {
  t = await startTestApp();
  anon = await t.client();
  admin = await t.client(PHONES.street_admin);
  const tenant = async (code: string) =>
    (await t.pool.query('select tenant_id from areas where code = $1', [code])).rows[0].tenant_id;
  const own = await tenant(J);
  // the key as docs/open311.md tells operators to store it (hashed by PostgreSQL), the others as hashKey does
  await t.pool.query(
    `insert into open311_clients (tenant_id, name, api_key_hash)
     select tenant_id, 'FixMyStreet 测试', encode(sha256(convert_to($1, 'UTF8')), 'hex')
       from areas where kind = 'street' and code = $2`,
    [KEY, J],
  );
  await t.pool.query(
    `insert into open311_clients (tenant_id, name, api_key_hash, revoked_at) values
       ($1, '已停用客户端', $2, now()), ($3, '邻区客户端', $4, null)`,
    [own, hashKey(REVOKED), await tenant(OTHER), hashKey(OTHER_KEY)],
  );
  const byCategory = async (code: string) =>
    (await t.pool.query('select id from requests where category_code = $1 order by id limit 1', [code]))
      .rows[0].id as number;
  const lift = await byCategory('property.lift');
  const hallway = await byCategory('emergency.fire');
  const bbq = (
    await t.pool.query(`select id from requests where description like '%烧烤%' order by id limit 1`)
  ).rows[0].id as number;
  // close the barbecue complaint through the console (不予受理), so there is a closed request and a step for it
  const detail = await admin.get(`/api/requests/${bbq}`);
  const rejected = await admin.post(`/api/requests/${bbq}/actions`, {
    action: 'reject',
    version: detail.body.version,
    note: '属市场监管范围，已告知居民拨打12345',
  });
  expect(rejected.status).toBe(200);
  // a step residents do not see
  expect(
    (await admin.post(`/api/requests/${lift}/comments`, { note: '内部：维保合同到期', internal: true }))
      .status,
  ).toBe(200);
  const other = await (await t.client(PHONES.platform_admin)).post('/api/requests', {
    description: '邻区：路面坑洼',
    lng: 104.205,
    lat: 30.71,
  });
  expect(other.status).toBe(201);
  ids = { lift, bbq, hallway, other: other.body.id };
});
afterAll(() => t.close());

describe('discovery', () => {
  it('lists the GeoReport v2 endpoint and its formats (JSON and XML)', async () => {
    const j = json(await anon.get(`${V2}/discovery.json`));
    expect(j).toMatchObject({
      changeset: expect.any(String),
      contact: expect.any(String),
      key_service: expect.any(String),
    });
    expect(j.endpoints).toEqual([
      expect.objectContaining({
        specification: 'http://wiki.open311.org/GeoReport_v2',
        url: expect.stringMatching(/\/open311\/v2$/),
        type: 'production',
        formats: ['text/xml', 'application/json'],
      }),
    ]);
    const x = xml(await anon.get(`${V2}/discovery.xml`));
    expect(x.name).toBe('discovery');
    const endpoint = kids(kids(x, 'endpoints')[0]!, 'endpoint')[0]!;
    expect(textOf(endpoint, 'specification')).toBe('http://wiki.open311.org/GeoReport_v2');
    expect(kids(kids(endpoint, 'formats')[0]!, 'format').map((f) => f.text)).toEqual([
      'text/xml',
      'application/json',
    ]);
  });
});

describe('services', () => {
  it('lists the leaf categories as realtime services without metadata', async () => {
    const list = json(await anon.get(`${V2}/services.json?jurisdiction_id=${J}`));
    const litter = list.find((s: { service_code: string }) => s.service_code === 'city.litter');
    expect(litter).toEqual({
      service_code: 'city.litter',
      service_name: '垃圾堆放',
      description: expect.any(String),
      metadata: false,
      type: 'realtime',
      keywords: expect.stringContaining('垃圾'),
      group: '市容环境',
    });
    // groups are not services
    expect(list.map((s: { service_code: string }) => s.service_code)).not.toContain('city');
    expect(list.length).toBe(
      (await t.pool.query('select count(*)::int as n from request_categories where parent_code is not null'))
        .rows[0].n,
    );
    const en = json(
      await anon.get(`${V2}/services.json?jurisdiction_id=${J}`, { 'accept-language': 'en-US,en' }),
    );
    expect(en.find((s: { service_code: string }) => s.service_code === 'city.litter')).toMatchObject({
      service_name: 'Litter and rubbish',
      group: 'City appearance',
    });
    const x = xml(await anon.get(`${V2}/services.xml?jurisdiction_id=${J}`));
    expect(x.name).toBe('services');
    const items = kids(x, 'service').map(fields);
    expect(items).toHaveLength(list.length);
    expect(items.find((s) => s.service_code === 'city.litter')).toMatchObject({
      service_name: '垃圾堆放',
      metadata: 'false',
      type: 'realtime',
      group: '市容环境',
    });
  });

  it('gives each service a definition with no attributes; unknown codes are 404', async () => {
    expect(json(await anon.get(`${V2}/services/city.litter.json?jurisdiction_id=${J}`))).toEqual({
      service_code: 'city.litter',
      attributes: [],
    });
    const x = xml(await anon.get(`${V2}/services/city.litter.xml?jurisdiction_id=${J}`));
    expect(x.name).toBe('service_definition');
    expect(textOf(x, 'service_code')).toBe('city.litter');
    expect(kids(x, 'attributes')).toHaveLength(1);
    expectErrors(await anon.get(`${V2}/services/no.such.json?jurisdiction_id=${J}`), 404);
    expectErrors(await anon.get(`${V2}/services/city.xml?jurisdiction_id=${J}`), 404, 'xml');
    expectErrors(await anon.get(`${V2}/services/city.litter.html?jurisdiction_id=${J}`), 404);
  });
});

describe('jurisdictions', () => {
  it('is the street code: required here (two streets), unknown is 404', async () => {
    expectErrors(await anon.get(`${V2}/services.json`), 400);
    expectErrors(await anon.get(`${V2}/requests.xml`), 400, 'xml');
    expectErrors(await anon.get(`${V2}/requests.json?jurisdiction_id=sfgov.org`), 404);
    expectErrors(await anon.get(`${V2}/requests/${ids.lift}.xml?jurisdiction_id=nowhere`), 404, 'xml');
  });

  it("keeps each street's requests to itself", async () => {
    const own = json(await anon.get(`${V2}/requests.json?jurisdiction_id=${J}`));
    const other = json(await anon.get(`${V2}/requests.json?jurisdiction_id=${OTHER}`));
    const idsOf = (l: { service_request_id: string }[]) => l.map((r) => r.service_request_id);
    expect(idsOf(own)).toContain(String(ids.lift));
    expect(idsOf(own)).not.toContain(String(ids.other));
    expect(idsOf(other)).toEqual([String(ids.other)]);
    expectErrors(await anon.get(`${V2}/requests/${ids.other}.json?jurisdiction_id=${J}`), 404);
  });
});

describe('GET requests', () => {
  it('lists the street’s requests with string ids, +08:00 datetimes and the fine state in status_notes', async () => {
    const list = json(await anon.get(`${V2}/requests.json?jurisdiction_id=${J}`));
    expect(list.length).toBeGreaterThanOrEqual(3);
    for (const r of list) expectRequestJson(r);
    const lift = list.find((r: { service_request_id: string }) => r.service_request_id === String(ids.lift));
    expect(lift).toMatchObject({
      status: 'open',
      status_notes: '已接单 accepted',
      service_code: 'property.lift',
      service_name: '电梯故障',
      agency_responsible: '金茂物业',
      lat: 30.6131,
      long: 104.0484,
    });
    expect(lift).not.toHaveProperty('extended_attributes');
    const bbq = list.find((r: { service_request_id: string }) => r.service_request_id === String(ids.bbq));
    expect(bbq).toMatchObject({ status: 'closed', status_notes: '已结案（不予受理） closed (rejected)' });
    const hallway = list.find(
      (r: { service_request_id: string }) => r.service_request_id === String(ids.hallway),
    );
    expect(hallway.status_notes).toBe('已核查 verified');
    // newest first
    const times = list.map((r: { requested_datetime: string }) => r.requested_datetime);
    expect([...times].sort().reverse()).toEqual(times);
  });

  it('never shows the reporter (name, phone)', async () => {
    const res = await anon.get(`${V2}/requests.json?jurisdiction_id=${J}&extensions=true`);
    const text = JSON.stringify(res.body);
    expect(text).not.toContain('孙阿姨');
    expect(text).not.toContain('13800000008');
    expect(text).not.toMatch(/reporter/);
  });

  it('answers in XML with the same requests', async () => {
    const list = json(await anon.get(`${V2}/requests.json?jurisdiction_id=${J}`));
    const x = xml(await anon.get(`${V2}/requests.xml?jurisdiction_id=${J}`));
    expect(x.name).toBe('service_requests');
    const items = kids(x, 'request').map(expectRequestXml);
    expect(items.map((r) => r.service_request_id)).toEqual(
      list.map((r: { service_request_id: string }) => r.service_request_id),
    );
    const lift = items.find((r) => r.service_request_id === String(ids.lift))!;
    expect(lift).toMatchObject({
      status: 'open',
      agency_responsible: '金茂物业',
      lat: '30.6131',
      long: '104.0484',
    });
  });

  it('filters by status', async () => {
    const statusOf = async (q: string) =>
      json(await anon.get(`${V2}/requests.json?jurisdiction_id=${J}&${q}`)) as {
        status: string;
        service_request_id: string;
      }[];
    const closed = await statusOf('status=closed');
    expect(closed.map((r) => r.service_request_id)).toEqual([String(ids.bbq)]);
    const open = await statusOf('status=open');
    expect(open.length).toBeGreaterThanOrEqual(2);
    expect(open.every((r) => r.status === 'open')).toBe(true);
    expect((await statusOf('status=open,closed')).length).toBe(open.length + 1);
    expectErrors(await anon.get(`${V2}/requests.json?jurisdiction_id=${J}&status=dispatched`), 400);
  });

  it('filters by service_code (one or a comma list); unknown codes are 400', async () => {
    const codes = async (q: string) =>
      (
        json(await anon.get(`${V2}/requests.json?jurisdiction_id=${J}&${q}`)) as { service_code: string }[]
      ).map((r) => r.service_code);
    expect(await codes('service_code=property.lift')).toEqual(['property.lift']);
    expect((await codes('service_code=property.lift,emergency.fire')).sort()).toEqual([
      'emergency.fire',
      'property.lift',
    ]);
    expectErrors(await anon.get(`${V2}/requests.json?jurisdiction_id=${J}&service_code=nope.nope`), 400);
    expectErrors(await anon.get(`${V2}/requests.xml?jurisdiction_id=${J}&service_code=city`), 400, 'xml');
  });

  it('takes a service_request_id list, which overrides the other filters', async () => {
    const res = json(
      await anon.get(
        `${V2}/requests.json?jurisdiction_id=${J}&service_request_id=${ids.lift},${ids.hallway}&status=closed&service_code=city.litter`,
      ),
    );
    expect(res.map((r: { service_request_id: string }) => r.service_request_id).sort()).toEqual(
      [String(ids.lift), String(ids.hallway)].sort(),
    );
    // an id of another street is simply not found in this one
    expect(
      json(await anon.get(`${V2}/requests.json?jurisdiction_id=${J}&service_request_id=${ids.other}`)),
    ).toEqual([]);
    expectErrors(await anon.get(`${V2}/requests.json?jurisdiction_id=${J}&service_request_id=1,abc`), 400);
  });

  it('filters by start_date/end_date, defaulting to the last 90 days', async () => {
    // one request from 100 days ago
    await t.pool.query(`update requests set created_at = now() - interval '100 days' where id = $1`, [
      ids.hallway,
    ]);
    try {
      const idsIn = async (q: string) =>
        (
          json(await anon.get(`${V2}/requests.json?jurisdiction_id=${J}${q}`)) as {
            service_request_id: string;
          }[]
        ).map((r) => r.service_request_id);
      const now = Date.now();
      const iso = (ms: number) => encodeURIComponent(new Date(ms).toISOString());
      expect(await idsIn('')).not.toContain(String(ids.hallway));
      expect(await idsIn('')).toContain(String(ids.lift));
      const old = await idsIn(`&start_date=${iso(now - 101 * 86400e3)}&end_date=${iso(now - 99 * 86400e3)}`);
      expect(old).toEqual([String(ids.hallway)]);
      expect(await idsIn(`&start_date=${iso(now + 86400e3)}`)).toEqual([]);
      expect(await idsIn(`&end_date=${iso(now - 95 * 86400e3)}`)).toEqual([String(ids.hallway)]);
      // Beijing time with the offset, including a '+' that arrived as a space
      const beijing = (ms: number) => `${new Date(ms + 8 * 3600e3).toISOString().slice(0, 19)}+08:00`;
      expect(await idsIn(`&start_date=${encodeURIComponent(beijing(now - 3600e3 * 24))}`)).toContain(
        String(ids.lift),
      );
      expect(await idsIn(`&start_date=${beijing(now - 3600e3 * 24)}`)).toContain(String(ids.lift));
      expectErrors(await anon.get(`${V2}/requests.json?jurisdiction_id=${J}&start_date=yesterday`), 400);
      expectErrors(
        await anon.get(
          `${V2}/requests.json?jurisdiction_id=${J}&start_date=${iso(now)}&end_date=${iso(now - 1000)}`,
        ),
        400,
      );
      expectErrors(
        await anon.get(
          `${V2}/requests.xml?jurisdiction_id=${J}&start_date=${iso(now - 120 * 86400e3)}&end_date=${iso(now)}`,
        ),
        400,
        'xml',
      );
    } finally {
      await t.pool.query(`update requests set created_at = now() - interval '1 hour' where id = $1`, [
        ids.hallway,
      ]);
    }
  });

  it('adds the extended attributes with extensions=true', async () => {
    const [lift] = json(
      await anon.get(
        `${V2}/requests.json?jurisdiction_id=${J}&service_request_id=${ids.lift}&extensions=true`,
      ),
    );
    expect(lift.extended_attributes).toEqual({
      channel: 'h5',
      nature: 'complaint',
      urgency: expect.any(String),
      grid: expect.any(String),
      community: '龙腾社区',
      warning: null,
    });
    const x = xml(
      await anon.get(
        `${V2}/requests.xml?jurisdiction_id=${J}&service_request_id=${ids.lift}&extensions=true`,
      ),
    );
    const ext = kids(kids(x, 'request')[0]!, 'extended_attributes')[0]!;
    expect(fields(ext)).toMatchObject({ channel: 'h5', community: '龙腾社区', warning: '' });
  });
});

describe('GET requests/{id} and tokens/{token}', () => {
  it('answers one request in both formats; unknown ids are 404', async () => {
    const one = json(await anon.get(`${V2}/requests/${ids.lift}.json?jurisdiction_id=${J}`));
    expect(one).toHaveLength(1);
    expectRequestJson(one[0]);
    expect(one[0].service_request_id).toBe(String(ids.lift));
    const x = xml(await anon.get(`${V2}/requests/${ids.lift}.xml?jurisdiction_id=${J}`));
    expect(x.name).toBe('service_requests');
    expect(expectRequestXml(kids(x, 'request')[0]!).service_request_id).toBe(String(ids.lift));
    expectErrors(await anon.get(`${V2}/requests/999999999.json?jurisdiction_id=${J}`), 404);
    expectErrors(await anon.get(`${V2}/requests/999999999.xml?jurisdiction_id=${J}`), 404, 'xml');
    expectErrors(await anon.get(`${V2}/requests/abc.json?jurisdiction_id=${J}`), 404);
    expectErrors(await anon.get(`${V2}/requests/${ids.lift}?jurisdiction_id=${J}`), 404);
  });

  it('resolves a token (our tokens are the request ids) in both formats', async () => {
    expect(json(await anon.get(`${V2}/tokens/${ids.lift}.json?jurisdiction_id=${J}`))).toEqual([
      { service_request_id: String(ids.lift), token: String(ids.lift) },
    ]);
    const x = xml(await anon.get(`${V2}/tokens/${ids.lift}.xml?jurisdiction_id=${J}`));
    expect(kids(x, 'request').map(fields)).toEqual([
      { service_request_id: String(ids.lift), token: String(ids.lift) },
    ]);
    expectErrors(await anon.get(`${V2}/tokens/12345678901.json?jurisdiction_id=${J}`), 404);
    expectErrors(await anon.get(`${V2}/tokens/x-y.xml?jurisdiction_id=${J}`), 404, 'xml');
  });
});

describe('POST requests', () => {
  const base = {
    api_key: KEY,
    jurisdiction_id: J,
    service_code: 'city.facility',
    lat: '30.6131',
    long: '104.0484',
    description: '路灯不亮，晚上很黑',
    first_name: '三',
    last_name: '张',
    email: 'zhang@example.com',
    phone: '+86 139-1234-5678',
    device_id: 'tt222111',
    'attribute[WHISPAWN]': '123456',
  };

  it('creates a request on the open311 channel, routed to the grid of the point, visible in the console', async () => {
    const res = await postForm(anon, `${V2}/requests.json`, base);
    const body = json(res);
    expect(res.status).toBe(200);
    expect(body).toEqual([
      {
        service_request_id: expect.stringMatching(/^\d+$/),
        service_notice: expect.stringMatching(/^DS\d{8}-\d{6}$/),
        account_id: null,
      },
    ]);
    const id = Number(body[0].service_request_id);
    const staff = await admin.get(`/api/requests/${id}`);
    expect(staff.status).toBe(200);
    expect(staff.body).toMatchObject({
      channel: 'open311',
      categoryCode: 'city.facility',
      gridId: await areaId(t.pool, '990101001001001'),
      publicNo: body[0].service_notice,
      reporterName: '张三（zhang@example.com）',
      status: 'received',
      lat: 30.6131,
      lng: 104.0484,
    });
    const { rows } = await t.pool.query(
      `select r.reporter_phone, r.reporter_user_id, u.name, u.email from requests r join "user" u on u.id = r.reporter_user_id where r.id = $1`,
      [id],
    );
    expect(rows[0]).toMatchObject({
      reporter_phone: '13912345678',
      name: 'Open311: FixMyStreet 测试',
      email: expect.stringMatching(/^open311-\d+-\d+@system\.doorstep\.invalid$/),
    });
    // back through Open311, without the personal data
    const [again] = json(await anon.get(`${V2}/requests/${id}.json?jurisdiction_id=${J}`));
    expect(again).toMatchObject({
      service_request_id: String(id),
      status: 'open',
      status_notes: '已受理 received',
    });
    expect(JSON.stringify(again)).not.toMatch(/张三|zhang@example|13912345678/);
    // the client's system account is made once
    const second = await postForm(anon, `${V2}/requests.xml`, {
      ...base,
      phone: '021-61234567',
      first_name: '',
      last_name: '',
      email: '',
    });
    expect(second.status).toBe(200);
    const x = xml(second);
    expect(x.name).toBe('service_requests');
    const created = fields(kids(x, 'request')[0]!);
    expect(created).toEqual({
      service_request_id: expect.stringMatching(/^\d+$/),
      service_notice: expect.stringMatching(/^DS/),
      account_id: '',
    });
    const two = await t.pool.query(
      'select reporter_user_id, reporter_name, reporter_phone from requests where id = any($1) order by id',
      [[id, Number(created.service_request_id)]],
    );
    expect(two.rows[1].reporter_user_id).toBe(two.rows[0].reporter_user_id);
    expect(two.rows[1]).toMatchObject({ reporter_name: 'Open311: FixMyStreet 测试', reporter_phone: null });
  });

  it('places a request by address_string when it names a compound', async () => {
    const compound = (await t.pool.query(`select id, parent_id from areas where name = '金茂府'`)).rows[0];
    const res = await postForm(anon, `${V2}/requests.json`, {
      api_key: KEY,
      jurisdiction_id: J,
      service_code: 'property.cleaning',
      address_string: '金茂府3栋楼道',
      description: '楼道很久没人打扫',
    });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    const staff = await admin.get(`/api/requests/${res.body[0].service_request_id}`);
    expect(staff.body).toMatchObject({
      gridId: compound.parent_id,
      address: '金茂府3栋楼道',
      channel: 'open311',
    });
  });

  it('accepts a JSON body too', async () => {
    const res = await anon.post(`${V2}/requests.json`, { ...base, lat: 30.6131, long: 104.0484 });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
  });

  it('refuses a missing, wrong, revoked or other-street api_key with 403', async () => {
    const { api_key: _, ...noKey } = base;
    expectErrors(await postForm(anon, `${V2}/requests.json`, noKey), 403);
    expectErrors(await postForm(anon, `${V2}/requests.xml`, { ...base, api_key: 'wrong' }), 403, 'xml');
    expectErrors(await postForm(anon, `${V2}/requests.json`, { ...base, api_key: REVOKED }), 403);
    expectErrors(await postForm(anon, `${V2}/requests.json`, { ...base, api_key: OTHER_KEY }), 403);
    // a signed-in session is no api_key
    expectErrors(await postForm(admin, `${V2}/requests.json`, noKey), 403);
  });

  it('answers 400 with every problem listed; nothing is created', async () => {
    const before = (await t.pool.query('select count(*)::int as n from requests')).rows[0].n;
    const { description: _d, ...noDescription } = base;
    expect(
      (await expectErrors(await postForm(anon, `${V2}/requests.json`, noDescription), 400)).join(),
    ).toMatch(/description/);
    expect(
      (
        await expectErrors(
          await postForm(anon, `${V2}/requests.json`, { ...base, service_code: 'no.such' }),
          400,
        )
      ).join(),
    ).toMatch(/service_code/);
    const { description: _x, service_code: _y, ...neither } = base;
    expect(expectErrors(await postForm(anon, `${V2}/requests.xml`, neither), 400, 'xml')).toHaveLength(2);
    const { lat: _a, long: _b, ...nowhere } = base;
    expectErrors(await postForm(anon, `${V2}/requests.json`, nowhere), 400);
    expectErrors(await postForm(anon, `${V2}/requests.json`, { ...base, lat: '30.6131', long: 'east' }), 400);
    expectErrors(
      await postForm(anon, `${V2}/requests.json`, { ...nowhere, address_string: '火星基地' }),
      400,
    );
    // outside every grid; inside the other street
    expectErrors(await postForm(anon, `${V2}/requests.json`, { ...base, lat: '39.9', long: '116.4' }), 400);
    expectErrors(
      await postForm(anon, `${V2}/requests.json`, { ...base, lat: '30.71', long: '104.205' }),
      400,
    );
    expectErrors(
      await postForm(anon, `${V2}/requests.json`, { ...base, description: 'x'.repeat(2001) }),
      400,
    );
    expectErrors(await postForm(anon, `${V2}/requests.json`, { ...base, jurisdiction_id: 'nowhere' }), 404);
    expect((await t.pool.query('select count(*)::int as n from requests')).rows[0].n).toBe(before);
  });
});

describe('servicerequestupdates (FixMyStreet)', () => {
  const window = () => {
    const now = Date.now();
    return `start_date=${encodeURIComponent(new Date(now - 86400e3).toISOString())}&end_date=${encodeURIComponent(new Date(now + 60e3).toISOString())}`;
  };

  it('lists the resident-visible timeline steps in the window, oldest first', async () => {
    const list = json(await anon.get(`${V2}/servicerequestupdates.json?jurisdiction_id=${J}&${window()}`));
    expect(list.length).toBeGreaterThan(5);
    for (const u of list) {
      expect(Object.keys(u).sort()).toEqual([
        'description',
        'service_request_id',
        'status',
        'update_id',
        'updated_datetime',
      ]);
      expect(u.update_id).toMatch(/^\d+$/);
      expect(u.service_request_id).toMatch(/^\d+$/);
      expect(['open', 'closed']).toContain(u.status);
      expect(u.updated_datetime).toMatch(DATETIME);
      expect(u.description.length).toBeGreaterThan(0);
    }
    const times = list.map((u: { updated_datetime: string }) => u.updated_datetime);
    expect([...times].sort()).toEqual(times);
    const of = (id: number) =>
      list.filter((u: { service_request_id: string }) => u.service_request_id === String(id));
    // the lift: reported, dispatched to 金茂物业, accepted — still open; the internal note is not there
    expect(of(ids.lift).map((u: { description: string }) => u.description)).toEqual([
      '诉求已受理',
      '请物业今天给出修复时间',
      '已联系电梯维保公司',
    ]);
    expect(JSON.stringify(list)).not.toContain('维保合同到期');
    // the barbecue: received (open), then rejected (closed)
    expect(
      of(ids.bbq).map((u: { status: string; description: string }) => [u.status, u.description]),
    ).toEqual([
      ['open', '诉求已受理'],
      ['closed', '属市场监管范围，已告知居民拨打12345'],
    ]);
    expect(of(ids.other)).toEqual([]);
    const en = json(
      await anon.get(`${V2}/servicerequestupdates.json?jurisdiction_id=${J}&${window()}`, {
        'accept-language': 'en',
      }),
    );
    expect(
      en.find((u: { service_request_id: string }) => u.service_request_id === String(ids.lift)).description,
    ).toBe('Request received');
  });

  it('answers the same in XML as <service_request_updates><request_update>', async () => {
    const list = json(await anon.get(`${V2}/servicerequestupdates.json?jurisdiction_id=${J}&${window()}`));
    const x = xml(await anon.get(`${V2}/servicerequestupdates.xml?jurisdiction_id=${J}&${window()}`));
    expect(x.name).toBe('service_request_updates');
    expect(kids(x, 'request_update').map(fields)).toEqual(list);
  });

  it('needs both dates, within 31 days', async () => {
    expectErrors(await anon.get(`${V2}/servicerequestupdates.json?jurisdiction_id=${J}`), 400);
    const now = Date.now();
    const iso = (ms: number) => encodeURIComponent(new Date(ms).toISOString());
    expectErrors(
      await anon.get(
        `${V2}/servicerequestupdates.xml?jurisdiction_id=${J}&start_date=${iso(now - 40 * 86400e3)}&end_date=${iso(now)}`,
      ),
      400,
      'xml',
    );
    expect(
      json(
        await anon.get(
          `${V2}/servicerequestupdates.json?jurisdiction_id=${J}&start_date=${iso(now + 3600e3)}&end_date=${iso(now + 7200e3)}`,
        ),
      ),
    ).toEqual([]);
  });
});

describe('errors', () => {
  it('answers unknown endpoints and bodies with the spec list, never problem+json', async () => {
    expectErrors(await anon.get(`${V2}/nothing.json`), 404);
    expectErrors(await anon.get(`${V2}/nothing.xml`), 404, 'xml');
    expectErrors(await anon.request('DELETE', `${V2}/requests.json`), 404);
    expectErrors(
      await anon.request('POST', `${V2}/requests.xml`, '{"bad": ', { 'content-type': 'application/json' }),
      400,
      'xml',
    );
    expectErrors(
      await anon.request('POST', `${V2}/requests.json`, 'hello', { 'content-type': 'text/plain' }),
      400,
    );
  });
});

describe('rate limit (last: it uses up the allowance)', () => {
  it('limits each IP across the Open311 endpoints, answering 429 in the spec format', async () => {
    let res: Res | undefined;
    for (let i = 0; i < 400 && res?.status !== 429; i++) res = await anon.get(`${V2}/discovery.xml`);
    expectErrors(res!, 429, 'xml');
    expect(Number(res!.headers.get('retry-after'))).toBeGreaterThan(0);
    expectErrors(await anon.get(`${V2}/services.json?jurisdiction_id=${J}`), 429);
  });
});
