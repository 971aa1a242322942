import { prng } from '@doorstep/server/demo/city';
import autocannon from 'autocannon';
import { benchServer } from './lib/bench-db';
import { report } from './lib/report';

const TEXTS = [
  '3号楼电梯停运，老人下不了楼',
  '小区门口烧烤摊油烟很大，晚上很吵',
  '楼道堆满杂物，消防通道堵塞',
  '路灯不亮已经一周了',
  '楼上漏水，天花板渗水',
  '垃圾桶满溢没人清运',
];

async function signIn(url: string, phone: string) {
  const res = await fetch(`${url}/api/auth/sign-in/phone-number`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ phoneNumber: phone, password: 'demo1234' }),
  });
  return res.headers
    .getSetCookie()
    .map((c) => c.split(';')[0])
    .join('; ');
}

function run(opts: autocannon.Options): Promise<autocannon.Result> {
  return new Promise((resolve, reject) => autocannon(opts, (err, res) => (err ? reject(err) : resolve(res))));
}

async function latencies(url: string, headers: Record<string, string>, n: number) {
  const times: number[] = [];
  for (let i = 0; i < n; i++) {
    const t = performance.now();
    const res = await fetch(url, { headers });
    if (!res.ok) throw new Error(`${url}: ${res.status} ${await res.text()}`);
    await res.arrayBuffer();
    times.push(performance.now() - t);
  }
  times.sort((a, b) => a - b);
  return { p50: times[Math.floor(n * 0.5)]!, p95: times[Math.floor(n * 0.95)]! };
}

/**
 * P1 intake, P2 read, P3 list on one prepared database (see lib/bench-db.ts for its size).
 * P1: authenticated POST /api/requests (validation, routing among the city's grids, segmentation for the category,
 *     deadlines, audit, timeline) vs single-row INSERTs over a pool of the same size, 20 concurrent each.
 * P2: GET /api/requests/:id with its timeline vs the same server's GET /health.
 * P3: staff list with filters — p95 of sequential calls vs the same server's GET /health p95.
 */
export async function benchRequests(scale: number, requests: number, seconds: number) {
  const s = await benchServer({ scale, requests });
  try {
    const resident = await signIn(s.url, '13800000008');
    const admin = await signIn(s.url, '13900000001'); // street admin of one generated street
    // reference for P1: plain single-row inserts over a pool of 20
    await s.pool.query(
      'create table if not exists bench_rows (id bigserial primary key, tenant_id bigint, body text, created_at timestamptz default now())',
    );
    let inserts = 0;
    const until = Date.now() + seconds * 1000;
    await Promise.all(
      Array.from({ length: 20 }, async () => {
        while (Date.now() < until) {
          await s.pool.query('insert into bench_rows (tenant_id, body) values ($1, $2)', [1, '基准']);
          inserts++;
        }
      }),
    );
    const insertRate = inserts / seconds;

    const grids = s.city.filter((n) => n.kind === 'grid');
    const rand = prng(11);
    let n = 0;
    const intake = await run({
      url: `${s.url}/api/requests`,
      method: 'POST',
      connections: 20,
      duration: seconds,
      headers: { cookie: resident, 'content-type': 'application/json' },
      requests: [
        {
          setupRequest: (req) => {
            const g = grids[Math.floor(rand() * grids.length)]!.geometry!;
            const ring = (g.type === 'Polygon' ? g.coordinates[0] : g.coordinates[0]![0])!;
            const [x0, y0] = ring[0]!;
            const [x1, y1] = ring[2]!;
            const body = {
              description: TEXTS[n % TEXTS.length],
              nature: 'help',
              lng: x0! + (x1! - x0!) * 0.5,
              lat: y0! + (y1! - y0!) * 0.5,
            };
            return {
              ...req,
              body: JSON.stringify(body),
              headers: { ...req.headers, 'idempotency-key': `bench-${process.pid}-${n++}` },
            };
          },
        },
      ],
    });
    if (intake.non2xx)
      throw new Error(
        `P1: ${intake.non2xx} non-2xx responses: ${JSON.stringify((intake as unknown as { statusCodeStats?: unknown }).statusCodeStats)}`,
      );
    report(
      'P1',
      'intake',
      intake.requests.average / insertRate,
      `${Math.round(intake.requests.average)} req/s, p99 ${intake.latency.p99} ms vs ${Math.round(insertRate)} single-row INSERTs/s; target ≥ 1,000/s and ≥ 0.3×`,
      s.size,
    );

    const { rows } = await s.pool.query(
      "select id from requests where category_code = 'property.lift' and channel = 'h5' order by id limit 1",
    );
    const health = await run({ url: `${s.url}/health`, connections: 20, duration: seconds });
    const read = await run({
      url: `${s.url}/api/requests/${rows[0].id}`,
      connections: 20,
      duration: seconds,
      headers: { cookie: resident },
    });
    if (read.non2xx) throw new Error(`P2: ${read.non2xx} non-2xx responses`);
    report(
      'P2',
      'read',
      read.requests.average / health.requests.average,
      `${Math.round(read.requests.average)} req/s, p99 ${read.latency.p99} ms vs /health ${Math.round(health.requests.average)} req/s; target ≥ 5,000/s and ≥ 0.2×`,
      'GET one request with its timeline, as its reporter',
    );

    const base = await latencies(`${s.url}/health`, {}, 100);
    const grid = (
      await s.pool.query("select id from areas where kind = 'grid' and code like '990200001%' limit 1")
    ).rows[0].id;
    for (const [name, query] of [
      ['status', 'status=dispatched'],
      ['overdue', 'queue=overdue'],
      ['grid', `gridId=${grid}`],
      ['category', 'categoryCode=property'],
    ] as const) {
      const l = await latencies(`${s.url}/api/requests?${query}&pageSize=20`, { cookie: admin }, 60);
      report(
        'P3',
        `list-${name}`,
        l.p95 / base.p95,
        `p95 ${l.p95.toFixed(1)} ms, p50 ${l.p50.toFixed(1)} ms vs /health p95 ${base.p95.toFixed(1)} ms; target p95 < 50 ms`,
        `${s.size}; a street admin's view of one street`,
      );
    }
  } finally {
    await s.close();
  }
}
