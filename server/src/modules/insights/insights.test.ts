import { createHmac } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedPortrait } from '../../demo/portrait-seed';
import { readSheet } from '../../platform/excel/excel';
import { areaId, PHONES, startTestApp, type TestApp } from '../../test/harness';
import { yesterday } from './brief';
import { seedInsights } from './insights.seed';

let t: TestApp;
let longteng: number;
const today = () => new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);
const daysAgo = (n: number) => new Date(Date.now() + 8 * 3600_000 - n * 86400_000).toISOString().slice(0, 10);

// a local receiver for the robots' webhooks and a local SMTP server: never a real endpoint
const posts: { url: string; body: Record<string, unknown> }[] = [];
const mails: string[] = [];
let http: Server;
let smtp: SMTPServer;
let httpBase = '';

beforeAll(async () => {
  t = await startTestApp();
  longteng = await areaId(t.pool, '990101001001');
  // the demo's insights data (the test template leaves it out): last night's noise complaints, the 3号楼 lift
  await seedInsights(t.pool);
  http = createServer((req, res) => {
    let data = '';
    req.on('data', (c) => {
      data += c;
    });
    req.on('end', () => {
      posts.push({ url: req.url ?? '', body: JSON.parse(data) });
      res.setHeader('content-type', 'application/json');
      // WeCom/DingTalk answer errcode 0, Feishu code 0; one path plays a refusing robot
      res.end(
        req.url?.includes('refuse')
          ? '{"errcode":310000,"errmsg":"sign not match"}'
          : '{"errcode":0,"code":0}',
      );
    });
  });
  await new Promise<void>((r) => http.listen(0, '127.0.0.1', r));
  httpBase = `http://127.0.0.1:${(http.address() as AddressInfo).port}`;
  // the local receiver stands in for the robots' hosts (channels.ts webhookAllowed)
  process.env.BRIEF_WEBHOOK_HOSTS = `127.0.0.1:${(http.address() as AddressInfo).port}`;
  smtp = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    onData(stream, _session, cb) {
      let m = '';
      stream.on('data', (c) => {
        m += c;
      });
      stream.on('end', () => {
        mails.push(m);
        cb();
      });
    },
  });
  await new Promise<void>((r) => smtp.listen(0, '127.0.0.1', r));
  process.env.SMTP_URL = `smtp://127.0.0.1:${(smtp.server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await new Promise((r) => http.close(r));
  await new Promise((r) => smtp.close(() => r(null)));
  await t.close();
});

describe('dashboard', () => {
  it('matches a recomputation from the raw rows (SQL written independently here)', async () => {
    // rate a few of 龙腾社区's requests by hand so the rates have something to count
    await t.pool.query(
      `update requests set rated_at = now(), resolved = (array['yes', 'partly', 'no'])[1 + (id % 3)::int],
              satisfaction = (array['satisfied', 'basic', 'unsatisfied'])[1 + (id % 3)::int]
        where id in (select id from requests where community_id = $1 order by id limit 5)`,
      [longteng],
    );
    const staff = await t.client(PHONES.community_secretary);
    const from = daysAgo(30);
    const to = today();
    const res = await staff.get(`/api/insights/dashboard?areaId=${longteng}&from=${from}&to=${to}`);
    expect(res.status).toBe(200);
    const d = res.body;
    const { rows } = await t.pool.query(
      `select r.status, r.channel, r.resolved, r.rated_at, r.rating_excluded_reason, r.created_at
         from requests r join areas a on a.id = coalesce(r.grid_id, r.community_id)
         join areas c on c.id = $1
        where a.path <@ c.path
          and (r.created_at at time zone 'Asia/Shanghai')::date between $2::date and $3::date`,
      [longteng, from, to],
    );
    expect(d.measures.requests).toBe(rows.length);
    expect(rows.length).toBeGreaterThan(5);
    const byStatus = new Map<string, number>();
    for (const r of rows) byStatus.set(r.status, (byStatus.get(r.status) ?? 0) + 1);
    expect(
      Object.fromEntries(d.byStatus.map((x: { key: string; requests: number }) => [x.key, x.requests])),
    ).toEqual(Object.fromEntries(byStatus));
    const rated = rows.filter((r) => r.rated_at && !r.rating_excluded_reason);
    const resolved = rated.reduce(
      (s, r) => s + (r.resolved === 'yes' ? 1 : r.resolved === 'partly' ? 0.5 : 0),
      0,
    );
    expect(d.measures.resolutionRate.denominator).toBe(rated.length);
    expect(d.measures.resolutionRate.value).toBeCloseTo(resolved / rated.length, 4);
    // the trend adds up to the requests; every figure carries a versioned definition
    expect(d.trend.reduce((s: number, b: { created: number }) => s + b.created, 0)).toBe(rows.length);
    expect(d.trend).toHaveLength(31);
    expect(d.definitions.map((x: { key: string }) => x.key)).toContain('temperatureGap');
    expect(d.definitions.every((x: { version: string }) => x.version.startsWith('v'))).toBe(true);
    // the ranking is the grids, and each grid's figures are the same measures asked for that grid
    expect(d.ranking.length).toBeGreaterThan(0);
    const g = d.ranking[0];
    const m = (await staff.get(`/api/requests/measures?areaId=${g.areaId}&from=${from}&to=${to}`)).body;
    expect(g.requests).toBe(m.requests);
    expect(g.composite).toBe(m.composite);
    expect(d.heat.reduce((s: number, h: { requests: number }) => s + h.requests, 0)).toBeGreaterThan(0);
  });

  it('exports a chart’s data as Excel; weekly buckets start on Monday', async () => {
    const staff = await t.client(PHONES.community_staff);
    const q = `areaId=${longteng}&from=${daysAgo(30)}&to=${today()}`;
    const res = await staff.get(`/api/insights/dashboard/export?${q}&chart=channel`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('spreadsheetml');
    const sheet = await readSheet(res.body as Buffer);
    expect(sheet.headers).toEqual(['渠道', '诉求量']);
    const d = (await staff.get(`/api/insights/dashboard?${q}`)).body;
    expect(sheet.rows.map((r) => Number(r.values.诉求量))).toEqual(
      d.byChannel.map((c: { requests: number }) => c.requests),
    );
    const weeks = (await staff.get(`/api/insights/dashboard?${q}&bucket=week`)).body.trend;
    for (const w of weeks) expect(new Date(`${w.bucket}T00:00:00Z`).getUTCDay()).toBe(1);
  });

  it('is scoped and validates the period', async () => {
    const worker = await t.client(PHONES.grid_worker);
    expect(
      (await worker.get(`/api/insights/dashboard?areaId=${longteng}&from=2026-01-01&to=2026-01-31`)).status,
    ).toBe(404);
    const staff = await t.client(PHONES.street_admin);
    expect(
      (await staff.get(`/api/insights/dashboard?areaId=${longteng}&from=2026-02-01&to=2026-01-31`)).status,
    ).toBe(422);
    expect(
      (await staff.get(`/api/insights/dashboard?areaId=${longteng}&from=2020-01-01&to=2026-01-31`)).status,
    ).toBe(422);
  });
});

describe('morning brief', () => {
  it('picks yesterday’s sharpest items, names who is responsible, and reaches every channel', async () => {
    const lead = await t.client(PHONES.community_secretary);
    const add = async (body: Record<string, unknown>) => {
      const res = await lead.post('/api/insights/brief-channels', { communityId: longteng, ...body });
      expect(res.status).toBe(200);
      return res.body;
    };
    await add({ kind: 'wecom', target: `${httpBase}/cgi-bin/webhook/send?key=wecom-key` });
    const ding = await add({
      kind: 'dingtalk',
      target: `${httpBase}/robot/send?access_token=ding`,
      secret: 'SECding',
    });
    expect(ding.signed).toBe(true);
    expect(ding.target).toContain('access_token=***');
    await add({ kind: 'feishu', target: `${httpBase}/open-apis/bot/v2/hook/fs`, secret: 'fs-secret' });
    await add({ kind: 'email', target: 'secretary@example.invalid' });
    await add({ kind: 'wecom', target: `${httpBase}/refuse?key=x` });
    // anything else is refused: an internal address, http to a robot host, credentials in the URL
    for (const target of [
      'http://127.0.0.1:5432/x',
      'http://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=k',
      'https://qyapi.weixin.qq.com.evil.example/x',
      'https://user:pw@oapi.dingtalk.com/robot/send',
      'https://oapi.dingtalk.com:8443/robot/send',
    ]) {
      const res = await lead.post('/api/insights/brief-channels', {
        communityId: longteng,
        kind: 'wecom',
        target,
      });
      expect(res.status, target).toBe(422);
      expect(res.body.code).toBe('WEBHOOK_HOST_NOT_ALLOWED');
    }
    const official = await lead.post('/api/insights/brief-channels', {
      communityId: longteng,
      kind: 'feishu',
      target: 'https://open.feishu.cn/open-apis/bot/v2/hook/abc',
    });
    expect(official.status).toBe(200);
    expect((await lead.request('DELETE', `/api/insights/brief-channels/${official.body.id}`)).status).toBe(
      200,
    );

    const run = await lead.post('/api/insights/briefs/run', { communityId: longteng });
    expect(run.status).toBe(200);
    expect(run.body.created).toBe(true);
    // a second run the same day is the same brief, delivered once
    expect((await lead.post('/api/insights/briefs/run', { communityId: longteng })).body).toEqual({
      id: run.body.id,
      created: false,
    });
    const list = (await lead.get(`/api/insights/briefs?communityId=${longteng}`)).body;
    const brief = list.items[0];
    expect(brief.day).toBe(yesterday());
    expect(brief.items.length).toBe(3);
    expect(brief.items.map((i: { rank: number }) => i.rank)).toEqual([1, 2, 3]);
    // the demo's four noise complaints around the square last night stand out against the 28 days before
    expect(brief.items.map((i: { kind: string }) => i.kind)).toContain('surge_category');
    const surge = brief.items.find((i: { kind: string }) => i.kind === 'surge_category');
    expect(surge.title).toContain('噪音扰民');
    expect(surge.owner.name).toBe('李书记');
    const scores = brief.items.map((i: { score: number }) => i.score);
    expect([...scores].sort((a, b) => b - a)).toEqual(scores);

    // robots: WeCom, DingTalk (signed in the URL), Feishu (signed in the body), and the refusing one recorded
    const wecom = posts.find((p) => p.url.startsWith('/cgi-bin/webhook/send'))!;
    expect(wecom.body.msgtype).toBe('text');
    expect((wecom.body.text as { content: string }).content).toContain('【数据晨读】龙腾社区');
    expect((wecom.body.text as { mentioned_mobile_list: string[] }).mentioned_mobile_list).toContain(
      PHONES.community_secretary,
    );
    const dt = posts.find((p) => p.url.startsWith('/robot/send'))!;
    const u = new URL(dt.url, httpBase);
    const ts = u.searchParams.get('timestamp')!;
    expect(u.searchParams.get('sign')).toBe(
      createHmac('sha256', 'SECding').update(`${ts}\nSECding`).digest('base64'),
    );
    expect(dt.body).toMatchObject({ msgtype: 'text', at: { isAtAll: false } });
    expect((dt.body.at as { atMobiles: string[] }).atMobiles).toContain(PHONES.community_secretary);
    const fs = posts.find((p) => p.url.startsWith('/open-apis/bot/v2/hook/fs'))!;
    expect(fs.body.msg_type).toBe('text');
    expect(fs.body.sign).toBe(
      createHmac('sha256', `${fs.body.timestamp}\nfs-secret`).update('').digest('base64'),
    );
    expect(mails).toHaveLength(1);
    expect(mails[0]).toContain('secretary@example.invalid');
    const byChannel = Object.fromEntries(
      brief.deliveries.map((d: { channel: string; target: string; ok: boolean }) => [
        `${d.channel}:${d.ok}`,
        d,
      ]),
    );
    expect(Object.keys(byChannel).sort()).toEqual(
      ['dingtalk:true', 'email:true', 'feishu:true', 'in_app:true', 'wecom:false', 'wecom:true'].sort(),
    );
    // in-app: the secretary's inbox has the brief
    const inbox = (await lead.get('/api/my/notifications')).body;
    expect(JSON.stringify(inbox)).toContain('数据晨读');
  });

  it('closes the loop: assign → the assignee reports back; dismissing needs a reason; missed loops come back', async () => {
    const lead = await t.client(PHONES.community_secretary);
    const worker = await t.client(PHONES.grid_worker);
    let list = (await lead.get(`/api/insights/briefs?communityId=${longteng}`)).body;
    const [a, b, c] = list.items[0].items;
    const workerId = (
      await t.pool.query('select id from "user" where "phoneNumber" = $1', [PHONES.grid_worker])
    ).rows[0].id;
    expect(list.assignees.map((p: { userId: string }) => p.userId)).toContain(workerId);
    const assigned = await lead.post(`/api/insights/brief-items/${a.id}/assign`, {
      assigneeUserId: workerId,
      note: '今天走访核实',
      version: a.version,
    });
    expect(assigned.status).toBe(200);
    expect(assigned.body.state).toBe('assigned');
    expect(new Date(assigned.body.dueAt).getTime()).toBeGreaterThan(Date.now());
    // stale version: 409; someone outside the community: 422; only the assignee reports
    expect(
      (await lead.post(`/api/insights/brief-items/${a.id}/dismiss`, { reason: '重复', version: a.version }))
        .status,
    ).toBe(409);
    expect(
      (
        await lead.post(`/api/insights/brief-items/${b.id}/assign`, {
          assigneeUserId: 'nobody',
          version: b.version,
        })
      ).status,
    ).toBe(422);
    expect(
      (await lead.post(`/api/insights/brief-items/${a.id}/report`, { text: '已处理', version: 2 })).status,
    ).toBe(403);
    const mine = (await worker.get('/api/insights/brief-items/mine')).body.items;
    expect(mine.map((i: { id: number }) => i.id)).toContain(a.id);
    const reported = await worker.post(`/api/insights/brief-items/${a.id}/report`, {
      text: '已到广场与舞队约定晚九点前结束，音量调低',
      version: 2,
    });
    expect(reported.status).toBe(200);
    expect(reported.body.state).toBe('reported');
    expect(
      (await lead.post(`/api/insights/brief-items/${b.id}/dismiss`, { reason: '', version: b.version }))
        .status,
    ).toBe(400);
    expect(
      (
        await lead.post(`/api/insights/brief-items/${b.id}/dismiss`, {
          reason: '已由物业当天处理',
          version: b.version,
        })
      ).status,
    ).toBe(200);
    // the third one is assigned and its due time passes without a report: it comes back in the next brief
    await lead.post(`/api/insights/brief-items/${c.id}/assign`, {
      assigneeUserId: workerId,
      version: c.version,
    });
    await t.pool.query(`update insight_brief_items set due_at = now() - interval '3 hours' where id = $1`, [
      c.id,
    ]);
    list = (await lead.get(`/api/insights/briefs?communityId=${longteng}`)).body;
    expect(list.closedSameDay).toEqual({ numerator: 2, denominator: 3, value: 0.6667 });
    // the next brief (here: made for the day before, as the next morning has not come yet)
    const next = await lead.post('/api/insights/briefs/run', { communityId: longteng, day: daysAgo(2) });
    expect(next.body.created).toBe(true);
    list = (await lead.get(`/api/insights/briefs?communityId=${longteng}`)).body;
    const again = list.items.find((x: { id: number }) => x.id === next.body.id).items[0];
    expect(again).toMatchObject({
      kind: 'missed_loop',
      rank: 1,
      carriedFrom: c.id,
      owner: { userId: workerId },
    });
    expect(again.title).toContain('未闭环');
    // audited
    const { rows } = await t.pool.query(
      `select action from audit_events where entity_type = 'insight_brief_item' and entity_id = any($1) order by id`,
      [[String(a.id), String(b.id)]],
    );
    expect(rows.map((r) => r.action)).toEqual([
      'insights.brief_item.assign',
      'insights.brief_item.report',
      'insights.brief_item.dismiss',
    ]);
  });

  it('runs only for a day that is over, by leads', async () => {
    const lead = await t.client(PHONES.community_secretary);
    expect(
      (await lead.post('/api/insights/briefs/run', { communityId: longteng, day: today() })).status,
    ).toBe(422);
    const staff = await t.client(PHONES.community_staff);
    expect((await staff.post('/api/insights/briefs/run', { communityId: longteng })).status).toBe(404);
  });
});

describe('portrait and hot spots', () => {
  it('shows each population group’s share of people, requests and resolution rate', async () => {
    const staff = await t.client(PHONES.community_secretary);
    const p = (
      await staff.get(`/api/insights/portrait?areaId=${longteng}&from=${daysAgo(365)}&to=${today()}`)
    ).body;
    expect(p.people).toBeGreaterThan(0);
    const elderly = p.groups.find((g: { group: string }) => g.group === '独居老人');
    const { rows } = await t.pool.query(
      `select count(*)::int as n from people p join person_tags pt on pt.tenant_id = p.tenant_id and pt.person_id = p.id
         join record_tags t on t.tenant_id = pt.tenant_id and t.id = pt.tag_id where t.name = '独居老人' and p.archived_at is null`,
    );
    expect(elderly.people).toBe(rows[0].n);
    expect(elderly.share).toBeCloseTo(rows[0].n / p.people, 4);
    // 孙阿姨 is 独居老人 and reports from the resident app
    expect(elderly.requests).toBeGreaterThan(0);
    expect(elderly.mainChannel).toBe('h5');
  });

  it('finds recurring clusters of place × category and proposes the topic of the month', async () => {
    const staff = await t.client(PHONES.street_admin);
    const street = await areaId(t.pool, '990101001');
    const h = (await staff.get(`/api/insights/hotspots?areaId=${street}`)).body;
    const square = h.items.find((x: { place: string }) => x.place === '龙腾社区文化广场');
    expect(square).toMatchObject({ categoryCode: 'neighbor.noise', requests: 4 });
    expect(square.evidence).toHaveLength(4);
    const lift = h.items.find((x: { categoryCode: string }) => x.categoryCode === 'property.lift');
    expect(lift.requests).toBeGreaterThanOrEqual(3);
    expect(h.topic.categoryCode).toBe('neighbor.noise');
    // 未诉先办: staff open a patrol task for the square; it is linked, and not one more complaint in the cluster
    expect(square.taskRequestId).toBeNull();
    const task = await staff.request(
      'POST',
      '/api/requests/intake',
      {
        channel: 'patrol',
        nature: 'report',
        categoryCode: 'neighbor.noise',
        description: '主动治理：文化广场夜间噪音',
        lng: square.lng,
        lat: square.lat,
        address: square.place,
        sourceRef: square.taskKey,
      },
      { 'idempotency-key': square.taskKey },
    );
    expect(task.status, JSON.stringify(task.body)).toBe(201);
    const after = (await staff.get(`/api/insights/hotspots?areaId=${street}`)).body.items.find(
      (x: { place: string }) => x.place === '龙腾社区文化广场',
    );
    expect(after).toMatchObject({ requests: 4, taskRequestId: task.body.id });
  });

  it('finds residents that staff took in by their phone: the seed’s table from a year of demo requests', async () => {
    await seedPortrait(t.pool, t.ctx.config.pii);
    const staff = await t.client(PHONES.community_secretary);
    const p = (
      await staff.get(`/api/insights/portrait?areaId=${longteng}&from=${daysAgo(365)}&to=${today()}`)
    ).body;
    const row = (g: string) => p.groups.find((x: { group: string }) => x.group === g);
    expect(row('全职妈妈')).toMatchObject({
      requests: 92,
      mainChannel: 'wechat_group',
      resolutionRate: 0.7826,
    });
    expect(row('夜间上班族')).toMatchObject({
      requests: 54,
      mainChannel: 'hotline_12345',
      resolutionRate: 0.6111,
    });
    expect(row('外来商户')).toMatchObject({ requests: 33, mainChannel: 'chamber', resolutionRate: 0.4545 });
    // 独居老人: the 187 visits plus 孙阿姨's own reports from the app
    expect(row('独居老人').mainChannel).toBe('visit');
    expect(row('独居老人').requests).toBeGreaterThanOrEqual(187);
  });
});
