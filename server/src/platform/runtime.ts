import pino, { type Logger } from 'pino';
import { createAuth } from './auth/auth';
import { ConsoleSms } from './auth/sms';
import { type Config, loadConfig } from './config';
import type { AppContext } from './context';
import { type EmbeddedDatabase, startEmbedded } from './db/embedded';
import { type DataDirLock, lockDataDir } from './db/lock';
import { migrate } from './db/migrate';
import { createPool } from './db/pool';

export interface Runtime {
  ctx: AppContext;
  /** the database's connection string (embedded or DATABASE_URL) */
  url: string;
  embedded: EmbeddedDatabase | null;
  lock: DataDirLock | null;
  /** Closes the pool, stops embedded PostgreSQL, releases the lock. */
  close(): Promise<void>;
}

/** Brings up the database (embedded unless DATABASE_URL), migrates it, and wires auth and providers. */
export async function startRuntime(
  config: Config = loadConfig(),
  log: Logger = pino({ level: config.logLevel }),
): Promise<Runtime> {
  let lock: DataDirLock | null = null;
  let embedded: EmbeddedDatabase | null = null;
  let url = config.databaseUrl;
  if (!url) {
    lock = lockDataDir(config.dataDir);
    embedded = await startEmbedded(config.dataDir, log);
    url = embedded.url;
  }
  const pool = createPool(url);
  const applied = await migrate(pool);
  if (applied.length) log.info({ applied }, 'migrations applied');
  const sms = new ConsoleSms(log);
  const auth = createAuth({
    pool,
    secret: config.authSecret,
    baseURL: config.publicUrl,
    sms,
    secureCookies: config.secureCookies,
  });
  const ctx: AppContext = { config, log, pool, auth, sms };
  let closed: Promise<void> | undefined;
  const close = () => {
    closed ??= (async () => {
      await pool.end().catch(() => {});
      await embedded?.stop();
      lock?.release();
    })();
    return closed;
  };
  return { ctx, url, embedded, lock, close };
}
