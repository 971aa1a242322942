import http from 'node:http';
import { startDoorstep, stop } from '../e2e/server';
import { report } from './lib/report';

const POINT = { lng: 104.0484, lat: 30.6131 };
const TEXTS = ['楼道灯不亮', '垃圾桶满溢没人清运', '小区门口烧烤摊油烟很大', '3号楼电梯停运'];

async function signIn(url: string, phone: string) {
  const res = await fetch(`${url}/api/auth/sign-in/phone-number`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ phoneNumber: phone, password: 'demo1234' }),
  });
  if (!res.ok) throw new Error(`sign-in ${phone}: ${res.status}`);
  return res.headers
    .getSetCookie()
    .map((c) => c.split(';')[0])
    .join('; ');
}

/** What one load phase got back, counted per response (autocannon's own latency mixes 2xx and 503). */
interface Tally {
  total: number;
  ok: number;
  shed: number; // 503 with Retry-After
  shedNoRetry: number; // 503 without it
  other: number;
  timeouts: number;
  errors: number; // connection errors other than timeouts
  okTimes: number[];
  shedTimes: number[];
  seconds: number;
}

const p99 = (xs: number[]) => {
  if (!xs.length) return 0;
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(s.length * 0.99))]!;
};

type Load = { method: 'GET' | 'POST'; path: string; cookie: string; body?: () => string };

const TIMEOUT_MS = 10_000;

const emptyTally = (seconds: number): Tally => ({
  total: 0,
  ok: 0,
  shed: 0,
  shedNoRetry: 0,
  other: 0,
  timeouts: 0,
  errors: 0,
  okTimes: [],
  shedTimes: [],
  seconds,
});

/** A sender of `load` requests over keep-alive sockets, each counted into `t` when it ends or after 10 s. */
function sender(url: string, load: Load, t: Tally, maxSockets: number) {
  const agent = new http.Agent({ keepAlive: true, maxSockets });
  const target = new URL(url + load.path);
  let sent = 0;
  const one = () =>
    new Promise<void>((resolve) => {
      const body = load.body?.();
      // from the moment it is due, so time queued behind busy sockets counts too
      const started = performance.now();
      let done = false;
      const finish = (count: () => void) => {
        if (done) return;
        done = true;
        clearTimeout(timer);
        count();
        resolve();
      };
      const req = http.request(
        target,
        {
          agent,
          method: load.method,
          headers: {
            cookie: load.cookie,
            ...(body
              ? {
                  'content-type': 'application/json',
                  'content-length': Buffer.byteLength(body),
                  'idempotency-key': `r8-${process.pid}-${++sent}`,
                }
              : {}),
          },
        },
        (res) => {
          res.resume();
          res.on('error', () => finish(() => t.errors++));
          res.on('end', () =>
            finish(() => {
              const ms = performance.now() - started;
              const status = res.statusCode ?? 0;
              if (status >= 200 && status < 300) {
                t.ok++;
                t.okTimes.push(ms);
              } else if (status === 503 && res.headers['retry-after']) {
                t.shed++;
                t.shedTimes.push(ms);
              } else if (status === 503) t.shedNoRetry++;
              else t.other++;
            }),
          );
        },
      );
      const timer = setTimeout(() => {
        finish(() => t.timeouts++);
        req.destroy();
      }, TIMEOUT_MS);
      req.on('error', () => finish(() => t.errors++));
      t.total++;
      req.end(body);
    });
  return { one, close: () => agent.destroy() };
}

/**
 * A closed loop of `connections` keep-alive clients for `seconds`: each sends, waits for the answer (at most
 * 10 s), sends again; then every request in flight is waited for, so the slowest answers count too.
 */
async function drive(url: string, load: Load, connections: number, seconds: number): Promise<Tally> {
  const t = emptyTally(seconds);
  const s = sender(url, load, t, connections);
  const until = Date.now() + seconds * 1000;
  await Promise.all(
    Array.from({ length: connections }, async () => {
      while (Date.now() < until) await s.one();
    }),
  );
  s.close();
  return t;
}

/**
 * An open loop: `rate` requests a second for `seconds` whatever the answers (many people each sending once, not
 * a few clients retrying at once — a fast 503 must not buy more load), over at most `maxSockets` connections;
 * then every request in flight is waited for (at most 10 s).
 */
async function flood(url: string, load: Load, rate: number, seconds: number, maxSockets = 1000) {
  const t = emptyTally(seconds);
  const s = sender(url, load, t, maxSockets);
  const pending: Promise<void>[] = [];
  const start = performance.now();
  for (let elapsed = 0; elapsed < seconds * 1000; elapsed = performance.now() - start) {
    const due = Math.floor((elapsed / 1000) * rate);
    while (pending.length < due) pending.push(s.one());
    await new Promise((r) => setTimeout(r, 5));
  }
  await Promise.all(pending);
  s.close();
  return t;
}
/** Time to an answer from a URL, or null when none within `ms`. */
async function answers(url: string, ms = 5000, headers: Record<string, string> = {}) {
  const t = performance.now();
  try {
    const res = await fetch(url, { headers, signal: AbortSignal.timeout(ms) });
    await res.arrayBuffer();
    return { status: res.status, ms: Math.round(performance.now() - t) };
  } catch {
    return null;
  }
}

/** An answer a person at a phone still takes as prompt. */
const PROMPT_MS = 1000;
const prompt = (t: Tally) =>
  t.okTimes.filter((ms) => ms <= PROMPT_MS).length + t.shedTimes.filter((ms) => ms <= PROMPT_MS).length;

const pct = (a: number, b: number) => (b ? ((100 * a) / b).toFixed(1) : '0.0');

/**
 * R8 (QUALITY.md): far beyond capacity the server sheds load with 503 + Retry-After instead of queueing
 * requests into timeouts or crashing. For the staff workbench list (GET /api/requests?queue=all as the demo
 * street admin) and a resident's report (POST /api/requests): capacity at `base` connections (closed loop),
 * then an open loop at `factor` × that rate; every response counted (2xx, 503 + Retry-After, other, timeouts, connection errors) with the
 * 2xx p99; afterwards /health and /ready must answer promptly. The ratio is the share of requests answered
 * promptly (within PROMPT_MS) — with a 2xx or a 503 with Retry-After — rather than left waiting in a queue,
 * timing out or failing: a shedding server keeps it near 1, a queueing one lets it fall as the load grows.
 */
export async function benchOverload(base = 10, factor = 10, seconds = 5, overloadSeconds = 15) {
  const s = await startDoorstep({
    env: {
      JOBS: 'false',
      LOG_LEVEL: 'warn',
      // one resident files every report: lift the per-person and per-IP report limits for the load
      REPORT_RATE_LIMIT: '100000000',
      REPORT_IP_RATE_LIMIT: '100000000',
    },
  });
  try {
    const admin = await signIn(s.url, '13800000001');
    const resident = await signIn(s.url, '13800000008');
    let k = 0;
    const loads: [string, Load][] = [
      ['list', { method: 'GET', path: '/api/requests?queue=all&pageSize=20', cookie: admin }],
      [
        'report',
        {
          method: 'POST',
          path: '/api/requests',
          cookie: resident,
          body: () =>
            JSON.stringify({
              description: `R8 压测：${TEXTS[k++ % TEXTS.length]}`,
              nature: 'help',
              ...POINT,
            }),
        },
      ],
    ];
    await drive(s.url, loads[0]![1], base, 2); // warm-up
    const all: Tally[] = [];
    const lines: string[] = [];
    for (const [name, load] of loads) {
      // a fresh start after the previous overload: requests the clients gave up on may still be in the server
      for (let i = 0; i < 30; i++) {
        const a = await answers(`${s.url}/api/requests?queue=all&pageSize=20`, 5000, { cookie: admin });
        if (a?.status === 200 && a.ms < 500) break;
        await new Promise((r) => setTimeout(r, 500));
      }
      const cap = await drive(s.url, load, base, seconds);
      const capRate = cap.ok / seconds;
      if (cap.ok === 0)
        throw new Error(
          `R8 ${name}: nothing answered at capacity: ${JSON.stringify({ ...cap, okTimes: undefined, shedTimes: undefined })}`,
        );
      const over = await flood(s.url, load, capRate * factor, overloadSeconds);
      all.push(over);
      const goodput = over.ok / overloadSeconds;
      report(
        'R8',
        `overload-${name}`,
        prompt(over) / over.total,
        `${over.total} requests at ${factor}× capacity (${Math.round(capRate * factor)}/s offered, open loop): ` +
          `${pct(over.ok, over.total)}% 2xx (${Math.round(goodput)}/s = ${(goodput / capRate).toFixed(2)}× the ${Math.round(capRate)}/s at capacity, p99 ${Math.round(p99(over.okTimes))} ms vs ${Math.round(p99(cap.okTimes))} ms at capacity), ` +
          `${pct(over.shed, over.total)}% 503 + Retry-After (p99 ${Math.round(p99(over.shedTimes))} ms), ` +
          `${over.shedNoRetry} 503 without Retry-After, ${over.other} other, ${over.timeouts} timeouts (10 s), ${over.errors} connection errors`,
        `${load.method} ${load.path.split('?')[0]}, demo city, ${overloadSeconds} s`,
      );
      lines.push(name);
    }
    // alive after: the probes answer promptly, and a normal request is served again
    const health = await answers(`${s.url}/health`);
    const ready = await answers(`${s.url}/ready`);
    let served: Awaited<ReturnType<typeof answers>> = null;
    for (let i = 0; i < 20 && served?.status !== 200; i++) {
      served = await answers(`${s.url}/api/requests?queue=all&pageSize=20`, 5000, { cookie: admin });
      if (served?.status !== 200) await new Promise((r) => setTimeout(r, 250));
    }
    const alive =
      s.proc.exitCode === null &&
      health?.status === 200 &&
      ready?.status === 200 &&
      health.ms < 1000 &&
      ready.ms < 1000 &&
      served?.status === 200;
    const sum = (f: (t: Tally) => number) => all.reduce((a, t) => a + f(t), 0);
    const total = sum((t) => t.total);
    const ok = sum((t) => t.ok);
    const shed = sum((t) => t.shed);
    report(
      'R8',
      'overload',
      sum(prompt) / total,
      `share answered within ${PROMPT_MS} ms with 2xx or 503 + Retry-After; /health ${health?.ms ?? '—'} ms, /ready ${ready?.ms ?? '—'} ms after`,
      `${lines.join(' + ')} at ${factor}× capacity`,
    );
    console.log(
      `R8 overload: ${total} requests at ${factor}× capacity: ${pct(ok, total)}% 2xx, ${pct(shed, total)}% 503 + Retry-After, ` +
        `${sum((t) => t.timeouts)} timeouts, p99 ${Math.round(p99(all.flatMap((t) => t.okTimes)))} ms; alive after: ${alive ? 'yes' : 'no'}`,
    );
  } finally {
    await stop(s.proc);
  }
}
