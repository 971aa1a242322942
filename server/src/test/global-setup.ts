import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import pino from 'pino';
import type { TestProject } from 'vitest/node';
import { generateCity } from '../demo/city';
import { loadCity } from '../demo/load';
import { seedDemo } from '../demo/seed';
import { createAuth } from '../platform/auth/auth';
import { ConsoleSms } from '../platform/auth/sms';
import { type EmbeddedDatabase, startEmbedded } from '../platform/db/embedded';
import { migrate } from '../platform/db/migrate';
import { createPool } from '../platform/db/pool';
import { loadPiiKeys } from '../platform/pii';
import { TEST_PII_ENV } from './pii-env';

declare module 'vitest' {
  export interface ProvidedContext {
    adminUrl: string;
    template: string;
  }
}

/** Template database: migrations + demo city + a second street ("other tenant") for isolation tests. */
export default async function setup(project: TestProject) {
  const log = pino({ level: 'warn' });
  let embedded: EmbeddedDatabase | undefined;
  let dir: string | undefined;
  let adminUrl = process.env.DATABASE_URL;
  if (!adminUrl) {
    dir = mkdtempSync(join(tmpdir(), 'doorstep-test-'));
    embedded = await startEmbedded(dir, log);
    adminUrl = embedded.url;
  }
  const template = `doorstep_tpl_${process.pid}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`drop database if exists ${template}`);
  await admin.query(`create database ${template}`);
  const url = new URL(adminUrl);
  url.pathname = `/${template}`;
  // createPool also registers the bigint/numeric parsers the app relies on
  const pool = createPool(url.toString(), 4);
  await migrate(pool);
  const auth = createAuth({
    pool,
    secret: 'test-secret-test-secret-test-secret',
    baseURL: 'http://127.0.0.1',
    sms: new ConsoleSms(log),
    secureCookies: false,
  });
  await seedDemo(pool, auth, loadPiiKeys(TEST_PII_ENV, '/nonexistent'), { history: false, people: 60 });
  await pool.query("insert into districts (code, name) values ('990102', '邻区')");
  await loadCity(
    pool,
    '990102',
    generateCity({
      districtCode: '990102',
      streets: 1,
      communitiesPerStreet: 1,
      gridsPerCommunity: 2,
      compoundsPerGrid: 1,
      buildingsPerCompound: 1,
      origin: [104.2, 30.7],
      seed: 7,
      names: { street: () => '邻区街道' },
    }),
  );
  await pool.end();
  project.provide('adminUrl', adminUrl);
  project.provide('template', template);
  return async () => {
    await admin.query(`drop database if exists ${template} with (force)`).catch(() => {});
    await admin.end();
    await embedded?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  };
}
