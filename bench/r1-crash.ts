import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startEmbedded } from '@doorstep/server/platform/db/embedded';
import pino from 'pino';
import { type Running, startDoorstep, stop } from '../e2e/server';

const RESIDENT = { phoneNumber: '13800000008', password: 'demo1234' };
const POINT = { lng: 104.0484, lat: 30.6131 };

interface Outcome {
  id: number;
}

/**
 * R1 (QUALITY.md): a write load of residents' reports against the real server on embedded PostgreSQL; `rounds`
 * times, at a random moment, kill -9 the server and the database's postmaster; restart on the same data directory;
 * retry every report that got no answer with the same Idempotency-Key; re-send some answered ones too. At the end
 * every report that received a 2xx must be in the database exactly once, under the id it was acknowledged with.
 * (Ledger transfers and votes join this load when their modules exist.)
 */
export async function benchCrash(rounds: number, workers: number) {
  const dataDir = mkdtempSync(join(tmpdir(), 'bench-r1-'));
  // one resident files every report: lift the per-person limit (R8) for the load
  const env = {
    JOBS: 'false',
    LOG_LEVEL: 'warn',
    MAX_EVENT_LOOP_DELAY_MS: '10000',
    REPORT_RATE_LIMIT: '1000000',
    REPORT_IP_RATE_LIMIT: '1000000',
  };
  const acked = new Map<string, number>();
  const unanswered = new Set<string>();
  const bodyOf = (key: string) => ({ description: `R1 压测：楼道灯不亮 ${key}`, nature: 'help', ...POINT });
  let mismatched = 0;
  let resent = 0;
  let server: Running = await startDoorstep({ dataDir, env });
  let cookie = await signIn(server.url);

  const send = async (key: string, timeoutMs = 5000): Promise<Outcome | null> => {
    try {
      const res = await fetch(`${server.url}/api/requests`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'idempotency-key': key, cookie },
        body: JSON.stringify(bodyOf(key)),
        signal: AbortSignal.timeout(timeoutMs),
      });
      if (res.status !== 200 && res.status !== 201) {
        await res.body?.cancel();
        return null;
      }
      return { id: ((await res.json()) as { id: number }).id };
    } catch {
      return null;
    }
  };
  const record = (key: string, out: Outcome | null) => {
    if (!out) return unanswered.add(key);
    unanswered.delete(key);
    const before = acked.get(key);
    if (before !== undefined && before !== out.id) mismatched++;
    acked.set(key, out.id);
  };

  try {
    for (let round = 1; round <= rounds; round++) {
      // the load: each worker sends reports one after another until the kill
      let running = true;
      const load = Array.from({ length: workers }, async (_x, w) => {
        for (let n = 0; running; n++) {
          const key = `r1-${round}-${w}-${n}`;
          record(key, await send(key));
        }
      });
      await sleep(1000 + Math.random() * 2500);
      // kill -9 the server and, embedded, the database: no chance to flush or close anything
      const postmaster = postmasterPid(dataDir);
      server.proc.kill('SIGKILL');
      if (postmaster) killQuietly(postmaster);
      await stop(server.proc, 'SIGKILL');
      running = false;
      await Promise.all(load);
      server = await startDoorstep({ dataDir, env });
      cookie = await signIn(server.url);
      // retries: the same key for every report that got no answer, and again for a sample that did
      for (const key of [...unanswered]) record(key, await send(key, 15000));
      const sample = [...acked.keys()].filter(() => Math.random() < 0.05);
      for (const key of sample) {
        resent++;
        record(key, await send(key, 15000));
      }
      process.stdout.write(
        `\rR1 round ${round}/${rounds}: ${acked.size} acknowledged, ${unanswered.size} unanswered`,
      );
    }
    process.stdout.write('\n');
    for (let attempt = 0; unanswered.size && attempt < 3; attempt++)
      for (const key of [...unanswered]) record(key, await send(key, 15000));
  } finally {
    await stop(server.proc, 'SIGTERM');
  }

  // count what the database holds, with nobody else connected
  const db = await startEmbedded(dataDir, pino({ level: 'warn' }));
  const pg = (await import('pg')).default;
  const client = new pg.Client({ connectionString: db.url });
  await client.connect();
  const { rows } = await client.query(
    `select idempotency_key as key, count(*)::int as n, min(id)::bigint as id from requests
      where idempotency_key like 'r1-%' group by idempotency_key`,
  );
  await client.end();
  await db.stop();
  rmSync(dataDir, { recursive: true, force: true });
  const stored = new Map(rows.map((r) => [r.key as string, { n: r.n as number, id: Number(r.id) }]));
  let lost = 0;
  let wrongId = 0;
  for (const [key, id] of acked) {
    const s = stored.get(key);
    if (!s) lost++;
    else if (s.id !== id) wrongId++;
  }
  const dups = rows.filter((r) => r.n > 1).reduce((s, r) => s + r.n - 1, 0);
  console.log(
    `R1 crash: ${lost}/${acked.size} lost, ${dups} duplicates (${rounds} kill -9 rounds of server and postmaster, ${workers} writers; ${resent} answered reports re-sent with their key, ${mismatched + wrongId} answered with another id; ${unanswered.size} never answered; ${rows.length} reports stored)`,
  );
  if (lost || dups || mismatched || wrongId) process.exitCode = 1;
}

/** Signs the resident in, waiting out a busy server (503 + Retry-After) right after a restart. */
async function signIn(url: string): Promise<string> {
  let res: Response | undefined;
  for (let attempt = 0; attempt < 30; attempt++) {
    res = await fetch(`${url}/api/auth/sign-in/phone-number`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(RESIDENT),
    }).catch(() => undefined);
    if (res?.status === 200) break;
    await res?.body?.cancel();
    await sleep(Math.min(10, Number(res?.headers.get('retry-after') ?? 1)) * 1000);
  }
  if (res?.status !== 200) throw new Error(`sign-in failed: ${res?.status}`);
  return res.headers
    .getSetCookie()
    .map((c) => c.split(';')[0])
    .join('; ');
}

function postmasterPid(dataDir: string): number | null {
  const file = join(dataDir, 'pg', 'postmaster.pid');
  if (!existsSync(file)) return null;
  const pid = Number(readFileSync(file, 'utf8').split('\n')[0]);
  return Number.isInteger(pid) && pid > 0 ? pid : null;
}

function killQuietly(pid: number) {
  try {
    process.kill(pid, 'SIGKILL');
  } catch {
    // already gone
  }
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
