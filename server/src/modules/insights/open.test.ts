import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { areaId, type Client, PHONES, startTestApp, type TestApp } from '../../test/harness';
import { downWeighted } from './survey';

/** Issue 7 part A: the reverse survey, the public page and open data, the data-use share (decision 0029). */
let t: TestApp;
let longteng: number;
let street: number;
const today = () => new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);
const daysAgo = (n: number) => new Date(Date.now() + 8 * 3600_000 - n * 86400_000).toISOString().slice(0, 10);
const userId = async (phone: string) =>
  (await t.pool.query('select id from "user" where "phoneNumber" = $1', [phone])).rows[0].id as string;

beforeAll(async () => {
  process.env.OPEN_DATA_RATE_LIMIT = '5';
  t = await startTestApp();
  longteng = await areaId(t.pool, '990101001001');
  street = (await t.pool.query('select parent_id from areas where id = $1', [longteng])).rows[0].parent_id;
});
afterAll(async () => {
  delete process.env.OPEN_DATA_RATE_LIMIT;
  await t.close();
});

describe('the irrelevance rule', () => {
  it('needs MORE than 60 % irrelevant among at least N respondents', () => {
    expect(downWeighted(8, 12, 20)).toBe(false); // exactly 60 %
    expect(downWeighted(7, 13, 20)).toBe(true); // 65 %
    expect(downWeighted(0, 19, 20)).toBe(false); // 100 %, but 19 < N
    expect(downWeighted(2, 3, 5)).toBe(false); // exactly 60 % again
    expect(downWeighted(2, 4, 5)).toBe(true);
  });
});

describe('reverse survey', () => {
  let admin: Client;
  let resident: Client;
  beforeAll(async () => {
    admin = await t.client(PHONES.street_admin);
    resident = await t.client(PHONES.resident);
  });

  it('never asks at probability 0; at 1 asks once a day, and a figure once a month (unique in the database)', async () => {
    expect(
      (
        await admin.put('/api/insights/survey/settings', {
          streetId: street,
          minRespondents: 5,
          askProbability: 0,
        })
      ).status,
    ).toBe(200);
    for (let i = 0; i < 5; i++)
      expect((await resident.post('/api/insights/survey/ask', {})).body.question).toBeNull();
    await admin.put('/api/insights/survey/settings', {
      streetId: street,
      minRespondents: 5,
      askProbability: 1,
    });
    // two tabs at once: one question at most (serialized per resident)
    const both = await Promise.all([
      resident.post('/api/insights/survey/ask', {}),
      resident.post('/api/insights/survey/ask', {}),
    ]);
    const asked = both.map((r) => r.body.question).filter(Boolean);
    expect(asked).toHaveLength(1);
    expect((await resident.post('/api/insights/survey/ask', {})).body.question).toBeNull();
    const q = asked[0];
    expect(q.period).toMatch(/^\d{4}-\d{2}$/);
    // the database refuses the same (resident, figure, period) twice
    const me = await userId(PHONES.resident);
    await expect(
      t.pool.query(
        `insert into insight_survey_asks (tenant_id, community_id, figure, period, user_id)
         select tenant_id, community_id, figure, period, user_id from insight_survey_asks where id = $1`,
        [q.id],
      ),
    ).rejects.toThrow(/unique|duplicate/);
    // yesterday's question does not count against today
    await t.pool.query(
      `update insight_survey_asks set asked_at = now() - interval '1 day 1 hour' where user_id = $1`,
      [me],
    );
    const next = (await resident.post('/api/insights/survey/ask', {})).body.question;
    expect(next).not.toBeNull();
    expect(next.figure).not.toBe(q.figure);
    // answer once; a second answer is a conflict; someone else's question is not found
    expect((await resident.post(`/api/insights/survey/${q.id}/answer`, { answer: 'skip' })).status).toBe(200);
    expect((await resident.post(`/api/insights/survey/${q.id}/answer`, { answer: 'relevant' })).status).toBe(
      409,
    );
    const other = await t.client(PHONES.party_member);
    expect(
      (await other.post(`/api/insights/survey/${next.id}/answer`, { answer: 'irrelevant' })).status,
    ).toBe(404);
  });

  it('down-weights above 60 % of N, counts concurrent answers exactly, and staff restore it (audited)', async () => {
    await admin.put('/api/insights/survey/settings', {
      streetId: street,
      minRespondents: 5,
      askProbability: 1,
    });
    const { rows: c } = await t.pool.query('select tenant_id from areas where id = $1', [longteng]);
    const tenant = c[0].tenant_id;
    const phones = [
      PHONES.platform_admin,
      PHONES.street_admin,
      PHONES.community_secretary,
      PHONES.community_staff,
      PHONES.grid_worker,
      PHONES.responder,
    ];
    const asks: { client: Client; id: number }[] = [];
    for (const phone of phones) {
      const { rows } = await t.pool.query(
        `insert into insight_survey_asks (tenant_id, community_id, figure, period, user_id)
         values ($1, $2, 'satisfactionRate', '2026-01', $3) returning id`,
        [tenant, longteng, await userId(phone)],
      );
      asks.push({ client: await t.client(phone), id: rows[0].id });
    }
    // five at once: 3 irrelevant, 2 relevant = exactly 60 % of N = 5: no change
    const first = await Promise.all(
      asks
        .slice(0, 5)
        .map((a, i) =>
          a.client.post(`/api/insights/survey/${a.id}/answer`, { answer: i < 3 ? 'irrelevant' : 'relevant' }),
        ),
    );
    expect(first.map((r) => r.status)).toEqual([200, 200, 200, 200, 200]);
    expect(first.every((r) => r.body.downWeighted === false)).toBe(true);
    const secretary = await t.client(PHONES.community_secretary);
    let list = (await secretary.get(`/api/insights/figure-weights?communityId=${longteng}`)).body;
    let sat = list.items.find((x: { figure: string }) => x.figure === 'satisfactionRate');
    expect([sat.relevant, sat.irrelevant, sat.weight]).toEqual([2, 3, 1]);
    // the sixth: 4 of 6 = 66.7 % > 60 % with 6 ≥ 5: down-weighted
    const sixth = await asks[5]!.client.post(`/api/insights/survey/${asks[5]!.id}/answer`, {
      answer: 'irrelevant',
    });
    expect(sixth.body).toMatchObject({ downWeighted: true, weight: 0.25 });
    list = (await secretary.get(`/api/insights/figure-weights?communityId=${longteng}`)).body;
    sat = list.items.find((x: { figure: string }) => x.figure === 'satisfactionRate');
    expect(sat).toMatchObject({ relevant: 2, irrelevant: 4, folded: true });
    expect(sat.history).toHaveLength(1);
    expect(sat.history[0]).toMatchObject({ reason: 'auto', weightFrom: 1, weightTo: 0.25 });
    // residents see it last and folded
    const figures = (await t.client(PHONES.resident).then((r) => r.get('/api/insights/figures'))).body
      .figures;
    expect(figures.at(-1)).toMatchObject({ key: 'satisfactionRate', folded: true });
    expect(figures.slice(0, -1).every((f: { folded: boolean }) => !f.folded)).toBe(true);
    // a stale version is refused; the current one restores; counting starts again
    expect(
      (
        await secretary.post('/api/insights/figure-weights/restore', {
          communityId: longteng,
          figure: 'satisfactionRate',
          version: sat.version - 1,
        })
      ).status,
    ).toBe(409);
    const restored = await secretary.post('/api/insights/figure-weights/restore', {
      communityId: longteng,
      figure: 'satisfactionRate',
      version: sat.version,
    });
    expect(restored.status).toBe(200);
    sat = restored.body.items.find((x: { figure: string }) => x.figure === 'satisfactionRate');
    expect(sat).toMatchObject({ weight: 1, folded: false, relevant: 0, irrelevant: 0 });
    expect(sat.history.map((h: { reason: string }) => h.reason)).toEqual(['restore', 'auto']);
    expect(sat.history[0].actorName).toBe('李书记');
    // restoring again is a conflict; a grid worker may not restore
    expect(
      (
        await secretary.post('/api/insights/figure-weights/restore', {
          communityId: longteng,
          figure: 'satisfactionRate',
          version: sat.version,
        })
      ).status,
    ).toBe(409);
    // both changes are audited, with the counts
    const { rows: audit } = await t.pool.query(
      `select action, actor_user_id, summary from audit_events where entity_type = 'insight_figure'
        and entity_id = $1 order by id`,
      [`${longteng}:satisfactionRate`],
    );
    expect(audit.map((a) => a.action)).toEqual(['insights.figure.downweight', 'insights.figure.restore']);
    expect(audit[0].summary).toMatchObject({ relevant: 2, irrelevant: 4, minRespondents: 5 });
    expect(audit[1].actor_user_id).toBe(await userId(PHONES.community_secretary));
  });
});

describe('public page and open data', () => {
  it('shows the aggregates anonymously, consented examples only, and no personal data anywhere', async () => {
    const resident = await t.client(PHONES.resident);
    const me = await userId(PHONES.resident);
    // two of 孙阿姨's requests, closed and resolved; she consents to one of them
    const { rows: mine } = await t.pool.query(
      'select id from requests where reporter_user_id = $1 and community_id = $2 order by id limit 2',
      [me, longteng],
    );
    expect(mine).toHaveLength(2);
    await t.pool.query(
      `update requests set status = 'closed', closed_reason = 'rated', closed_at = now(), rated_at = now(),
              resolved = 'yes', satisfaction = 'satisfied' where id = any($1::bigint[])`,
      [mine.map((m) => m.id)],
    );
    // no consent unless given (default no)
    expect((await resident.get(`/api/insights/requests/${mine[0].id}/publish-consent`)).body.consent).toBe(
      false,
    );
    expect(
      (await resident.put(`/api/insights/requests/${mine[0].id}/publish-consent`, { consent: true })).body,
    ).toEqual({ requestId: Number(mine[0].id), consent: true });
    expect((await resident.get(`/api/insights/requests/${mine[0].id}/publish-consent`)).body.consent).toBe(
      true,
    );
    const { rows: consentAudit } = await t.pool.query(
      `select summary from audit_events where action = 'insights.publish_consent' and entity_id = $1`,
      [String(mine[0].id)],
    );
    expect(consentAudit.map((a) => a.summary)).toEqual([{ consent: true }]);
    // someone else cannot consent for her
    const other = await t.client(PHONES.party_member);
    expect(
      (await other.put(`/api/insights/requests/${mine[1].id}/publish-consent`, { consent: true })).status,
    ).toBe(404);
    const anon = await t.client();
    const page = await anon.get('/api/open/communities/990101001001');
    expect(page.status).toBe(200);
    const d = page.body;
    expect(d.community.name).toBe('龙腾社区');
    expect(d.licence).toContain('CC BY 4.0');
    expect(d.figures.map((f: { key: string }) => f.key)).toEqual(
      expect.arrayContaining(['responseRate', 'resolutionRate', 'satisfactionRate', 'temperatureGap']),
    );
    expect(d.definitions.every((x: { version: string }) => x.version.startsWith('v'))).toBe(true);
    expect(d.resolvedExamples).toHaveLength(1);
    expect(d.counts.requests).toBe(d.figures.find((f: { key: string }) => f.key === 'requests').value);
    const csv = await anon.get('/api/open/communities/990101001001/data.csv');
    expect(csv.headers.get('content-type')).toContain('text/csv');
    expect(csv.body).toContain('CC BY 4.0');
    expect(csv.body).toContain('figure,responseRate');
    const json = await anon.get('/api/open/communities/990101001001/data.json');
    expect(json.body.figures).toEqual(d.figures); // cached: the same aggregates
    // no names, phones or request texts of anyone: accounts, reporters, people in the records
    const text = JSON.stringify(d) + csv.body + JSON.stringify(json.body);
    const { rows: users } = await t.pool.query(`select name, "phoneNumber" as phone from "user"`);
    const { rows: reqs } = await t.pool.query(
      `select reporter_name, reporter_phone, description, address from requests where community_id = $1`,
      [longteng],
    );
    const needles = [
      ...users.flatMap((u) => [u.name, u.phone]),
      ...reqs.flatMap((r) => [r.reporter_name, r.reporter_phone, r.description, r.address]),
    ].filter((x): x is string => typeof x === 'string' && x.length >= 2 && x !== '居民');
    expect(needles.length).toBeGreaterThan(10);
    expect(needles.filter((n) => text.includes(n))).toEqual([]);
    expect(text).not.toMatch(/1[3-9]\d{9}/);
    // unknown code: problem+json 404; the anonymous limit answers 429
    expect((await anon.get('/api/open/communities/123456789')).status).toBe(404);
    let limited = false;
    for (let i = 0; i < 8 && !limited; i++)
      limited = (await anon.get('/api/open/communities/990101001001')).status === 429;
    expect(limited).toBe(true);
  });
});

describe('data use share', () => {
  it('matches a recomputation from the raw rows (SQL written independently here)', async () => {
    const { rows: c } = await t.pool.query('select tenant_id from areas where id = $1', [longteng]);
    const tenant = c[0].tenant_id;
    const { rows: reqs } = await t.pool.query(
      'select id from requests where community_id = $1 order by id limit 4',
      [longteng],
    );
    // one request fed an assigned brief item, one a dismissed one (a decision), one a resolution
    const brief = (
      await t.pool.query(
        `insert into insight_briefs (tenant_id, community_id, day, scoring) values ($1, $2, '2025-11-30', '{}') returning id`,
        [tenant, longteng],
      )
    ).rows[0].id;
    const worker = await userId(PHONES.grid_worker);
    await t.pool.query(
      `insert into insight_brief_items (tenant_id, brief_id, rank, kind, score, title, request_id, state, assignee_user_id, due_at, dismiss_reason)
       values ($1, $2, 1, 'breach', 1, '探针', $3, 'assigned', $5, now(), null),
              ($1, $2, 2, 'breach', 1, '探针', $4, 'dismissed', null, null, '已在处理')`,
      [tenant, brief, reqs[0].id, reqs[1].id, worker],
    );
    await t.pool.query(
      `insert into resolutions (tenant_id, community_id, text, owner_name, due_date, request_id)
       values ($1, $2, '探针决议', '社区', '2026-12-31', $3)`,
      [tenant, longteng, reqs[2].id],
    );
    const from = daysAgo(400);
    const to = today();
    const staff = await t.client(PHONES.community_staff);
    const res = await staff.get(`/api/insights/data-use?areaId=${longteng}&from=${from}&to=${to}`);
    expect(res.status).toBe(200);
    const { rows: raw } = await t.pool.query(
      `select r.id,
              r.id in (select request_id from insight_brief_items where request_id is not null
                        and state in ('assigned', 'reported', 'dismissed')) or
              r.id in (select request_id from resolutions where request_id is not null) as used
         from requests r join areas a on a.id = coalesce(r.grid_id, r.community_id)
         join areas c on c.id = $1
        where a.path <@ c.path and (r.created_at at time zone 'Asia/Shanghai')::date between $2::date and $3::date`,
      [longteng, from, to],
    );
    const used = raw.filter((r) => r.used).length;
    expect(used).toBeGreaterThanOrEqual(3);
    expect(res.body.share).toEqual({
      numerator: used,
      denominator: raw.length,
      value: Math.round((used / raw.length) * 10000) / 10000,
    });
    expect(res.body.byUse).toMatchObject({ resolution: expect.any(Number), decision: expect.any(Number) });
    expect(res.body.trend.reduce((s: number, b: { records: number }) => s + b.records, 0)).toBe(raw.length);
    expect(res.body.trend.reduce((s: number, b: { used: number }) => s + b.used, 0)).toBe(used);
    expect(res.body.definitions[0]).toMatchObject({ key: 'dataUse', version: expect.stringMatching(/^v/) });
    // outside the area: not found
    const other = await t.client(PHONES.other_secretary);
    expect((await other.get(`/api/insights/data-use?areaId=${longteng}&from=${from}&to=${to}`)).status).toBe(
      404,
    );
  });
});
