import { randomBytes } from 'node:crypto';
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadCity } from '@doorstep/server/demo/load';
import { seedDemo } from '@doorstep/server/demo/seed';
import { createAuth } from '@doorstep/server/platform/auth/auth';
import { ConsoleSms } from '@doorstep/server/platform/auth/sms';
import { createPhoneAccount, hashPassword } from '@doorstep/server/platform/auth/users';
import { startEmbedded } from '@doorstep/server/platform/db/embedded';
import { migrate } from '@doorstep/server/platform/db/migrate';
import { createPool } from '@doorstep/server/platform/db/pool';
import { loadPiiKeys } from '@doorstep/server/platform/pii';
import pino from 'pino';
import { startDoorstep } from '../../e2e/server';
import { cityAtScale, describeCity } from './city';

/**
 * A benchmark database: embedded PostgreSQL with the demo city plus a generated city at `scale`, and
 * `requests` generated requests spread over its grids and the last year; then Doorstep started on it
 * (a child process, DATABASE_URL mode) so the load generator does not share its event loop.
 */
export async function benchServer(opts: { scale: number; requests: number }) {
  const dir = mkdtempSync(join(tmpdir(), 'bench-db-'));
  chmodSync(dir, 0o711);
  const log = pino({ level: 'warn' });
  const db = await startEmbedded(dir, log);
  const pool = createPool(db.url, 10);
  const t0 = Date.now();
  await migrate(pool);
  const auth = createAuth({
    pool,
    secret: 'b'.repeat(32),
    baseURL: 'http://127.0.0.1',
    sms: new ConsoleSms(log),
    secureCookies: false,
  });
  // personal data encrypted with keys the started server is given too
  const piiEnv = {
    PII_KEY: randomBytes(32).toString('base64'),
    PII_LOOKUP_KEY: randomBytes(32).toString('base64'),
  };
  await seedDemo(pool, auth, loadPiiKeys(piiEnv, dir));
  const city = cityAtScale(opts.scale);
  await pool.query("insert into districts (code, name) values ('990200', '基准市') on conflict do nothing");
  await loadCity(pool, '990200', city);
  await generateRequests(pool, opts.requests);
  // a street admin of the first generated street: the workbench's usual reader (one street of the megacity)
  const userId = await createPhoneAccount(pool, {
    name: '基准街道管理员',
    phone: '13900000001',
    passwordHash: await hashPassword(auth, 'demo1234'),
  });
  await pool.query(
    `insert into role_assignments (tenant_id, user_id, role, area_id) select tenant_id, $1, 'street_admin', id from areas where code = '990200001'`,
    [userId],
  );
  await pool.query('analyze');
  const prepared = Date.now() - t0;
  // P1 files every report as one resident from one IP: lift the per-person and per-IP report limits (R8)
  const server = await startDoorstep({
    env: {
      DATABASE_URL: db.url,
      DEMO: 'false',
      REPORT_RATE_LIMIT: '100000000',
      REPORT_IP_RATE_LIMIT: '100000000',
      ...piiEnv,
    },
  });
  return {
    url: server.url,
    pool,
    city,
    size: `${describeCity(city)} + demo street, ${opts.requests.toLocaleString('en')} requests (prepared in ${(prepared / 1000).toFixed(0)} s)`,
    async close() {
      server.proc.kill('SIGTERM');
      await new Promise((r) => server.proc.once('exit', r));
      await pool.end();
      await db.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Requests over every grid, created over the last year, in a realistic mix of states. */
async function generateRequests(pool: import('pg').Pool, n: number) {
  const batch = 200_000;
  const grids = (await pool.query("select count(*)::int as n from areas where kind = 'grid'")).rows[0].n;
  const cats = (
    await pool.query('select count(*)::int as n from request_categories where parent_code is not null')
  ).rows[0].n;
  for (let done = 0; done < n; done += batch) {
    const size = Math.min(batch, n - done);
    await pool.query(
      `with g as (select tenant_id, id, parent_id, row_number() over (order by id) - 1 as rn from areas where kind = 'grid'),
            c as (select code, row_number() over (order by code) - 1 as rn from request_categories where parent_code is not null),
            s as (select i, (hashint8(i) & 2147483647) as h from generate_series($1::bigint, $1::bigint + $2 - 1) i)
       insert into requests (tenant_id, public_no, channel, nature, category_code, urgency, description, lng, lat,
                             grid_id, community_id, status, created_at, response_due_at, resolve_due_at, closed_at, closed_reason)
       select g.tenant_id, 'BM' || s.i, (array['h5','visit','hotline_12345','wechat_group','patrol'])[1 + s.h % 5],
              (array['help','complaint','consult','report','suggestion'])[1 + (s.h / 5) % 5], c.code, 'normal',
              '基准诉求 ' || s.i, null, null, g.id, g.parent_id,
              case when s.h % 10 < 7 then 'closed' else (array['received','dispatched','accepted','in_progress','handled','verified'])[1 + (s.h / 10) % 6] end,
              now() - make_interval(mins => (s.h % 525600)::int),
              now() - make_interval(mins => (s.h % 525600)::int) + interval '1 day',
              now() - make_interval(mins => (s.h % 525600)::int) + interval '7 days',
              case when s.h % 10 < 7 then now() - make_interval(mins => (s.h % 525600)::int) + interval '3 days' end,
              case when s.h % 10 < 7 then 'rated' end
         from s
         join g on g.rn = s.i % $3
         join c on c.rn = (s.h / 50) % $4`,
      [done, size, grids, cats],
    );
  }
}
