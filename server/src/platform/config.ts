import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { loadPiiKeys, type PiiKeys } from './pii';

/** Runtime settings, read once from the environment (documented in README "Configuration"). */
export interface Config {
  host: string;
  port: number;
  dataDir: string;
  databaseUrl: string | undefined;
  logLevel: string;
  authSecret: string;
  publicUrl: string;
  seedDemo: boolean;
  smsProvider: 'console';
  webDist: string;
  secureCookies: boolean;
  /** keys for personal data at rest (PII_KEY, PII_OLD_KEYS, PII_LOOKUP_KEY; generated into DATA_DIR when absent) */
  pii: PiiKeys;
}

/** Reads the environment; the auth secret is generated once and kept in DATA_DIR when not given. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const host = env.HOST ?? '127.0.0.1';
  const port = Number(env.PORT ?? 3000);
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new Error(`PORT must be 0–65535, got ${env.PORT}`);
  // default: <repository>/data, wherever the process was started from
  const dataDir = resolve(env.DATA_DIR ?? new URL('../../../data', import.meta.url).pathname);
  mkdirSync(dataDir, { recursive: true });
  const publicUrl = env.PUBLIC_URL ?? `http://${host === '0.0.0.0' ? '127.0.0.1' : host}:${port}`;
  return {
    host,
    port,
    dataDir,
    databaseUrl: env.DATABASE_URL || undefined,
    logLevel: env.LOG_LEVEL ?? 'info',
    authSecret: env.AUTH_SECRET ?? persistentSecret(dataDir),
    publicUrl,
    seedDemo: (env.DEMO ?? 'true') !== 'false',
    smsProvider: 'console',
    webDist: resolve(env.WEB_DIST ?? new URL('../../../web/dist', import.meta.url).pathname),
    secureCookies: publicUrl.startsWith('https://'),
    pii: loadPiiKeys(env, dataDir),
  };
}

function persistentSecret(dataDir: string): string {
  const file = resolve(dataDir, 'auth-secret');
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  const secret = randomBytes(32).toString('hex');
  writeFileSync(file, secret, { mode: 0o600 });
  return secret;
}
