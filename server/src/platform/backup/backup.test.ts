import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { PHONES, startTestApp, type TestApp } from '../../test/harness';
import { createPool } from '../db/pool';
import { BackupError, readMeta, restoreBackup, tableSums, writeBackup } from './backup';

/** R7: backup → wipe → restore gives identical data (every table's row count and checksum, and the photos). */
let t: TestApp;
let dir: string;
let admin: pg.Client;
const pools: pg.Pool[] = [];

beforeAll(async () => {
  t = await startTestApp();
  dir = mkdtempSync(join(tmpdir(), 'doorstep-backup-'));
  admin = new pg.Client({ connectionString: inject('adminUrl') });
  await admin.connect();
  // some life beyond the demo: a report with a timeline, and a stored photo
  const sun = await t.client(PHONES.resident);
  const res = await sun.post('/api/requests', {
    description: '楼道里堆满了纸箱，消防通道过不去',
    lng: 104.0484,
    lat: 30.6131,
  });
  expect(res.status).toBe(201);
  mkdirSync(join(dir, 'files', 'ab'), { recursive: true });
  writeFileSync(join(dir, 'files', 'ab', 'abcdef.jpg'), randomBytes(5000));
});
afterAll(async () => {
  for (const p of pools) await p.end();
  await admin?.end();
  await t?.close();
  rmSync(dir, { recursive: true, force: true });
});

async function emptyDatabase() {
  const name = `doorstep_r7_${randomBytes(4).toString('hex')}`;
  await admin.query(`create database ${name}`);
  const url = new URL(inject('adminUrl'));
  url.pathname = `/${name}`;
  const pool = createPool(url.toString(), 3);
  pools.push(pool);
  return pool;
}

describe('backup and restore (R7)', () => {
  let file: string;
  let before: Awaited<ReturnType<typeof tableSums>>;

  it('writes one file: every table from one snapshot, the photos and a manifest', async () => {
    before = await tableSums(t.pool);
    file = join(dir, 'b.dsbak.gz');
    const phases = new Set<string>();
    const out = await writeBackup(t.pool, join(dir, 'files'), file, (p) => phases.add(p.phase));
    expect(phases).toEqual(new Set(['tables', 'files', 'done']));
    expect(out.tables).toEqual(before);
    expect(out.tables.requests!.rows).toBeGreaterThan(3);
    expect(out.files).toBe(1);
    expect((await readMeta(file)).migrations).toContain('0005_requests.sql');
  });

  it('restores into an empty database with identical data and photos', async () => {
    const pool = await emptyDatabase();
    const files = join(dir, 'restored-files');
    const out = await restoreBackup(pool, files, file);
    expect(await tableSums(pool)).toEqual(before);
    expect(out.files).toBe(1);
    expect(readFileSync(join(files, 'ab', 'abcdef.jpg'))).toEqual(
      readFileSync(join(dir, 'files', 'ab', 'abcdef.jpg')),
    );
    // identities go on after the restored rows: a new request gets a fresh id
    const { rows } = await pool.query(
      `insert into responder_orgs (tenant_id, kind, name, area_id) select tenant_id, 'team', '恢复后新建', id from areas
        where kind = 'street' limit 1 returning id`,
    );
    expect(rows[0].id).toBeGreaterThan(before.responder_orgs!.rows);
  });

  it('backup → wipe the schema → restore gives identical data', async () => {
    const pool = await emptyDatabase();
    await restoreBackup(pool, join(dir, 'w1'), file);
    await pool.query('drop schema public cascade');
    await pool.query('create schema public');
    await restoreBackup(pool, join(dir, 'w2'), file);
    expect(await tableSums(pool)).toEqual(before);
  });

  it('refuses a database that holds data unless forced, and then replaces it', async () => {
    const pool = await emptyDatabase();
    await restoreBackup(pool, join(dir, 'f1'), file);
    await pool.query("update areas set name = name || '改' where kind = 'grid'");
    await expect(restoreBackup(pool, join(dir, 'f1'), file)).rejects.toMatchObject({
      code: 'TARGET_NOT_EMPTY',
    });
    await restoreBackup(pool, join(dir, 'f1'), file, { force: true });
    expect(await tableSums(pool)).toEqual(before);
  });

  it('a cut-off or foreign file changes nothing and says why', async () => {
    const pool = await emptyDatabase();
    await restoreBackup(pool, join(dir, 'c1'), file);
    const whole = gunzipSync(readFileSync(file));
    const cut = join(dir, 'cut.dsbak.gz');
    writeFileSync(cut, gzipSync(whole.subarray(0, Math.floor(whole.length * 0.6))));
    const err = await restoreBackup(pool, join(dir, 'c1'), cut, { force: true }).catch((e) => e);
    expect(err).toBeInstanceOf(BackupError);
    expect(['BACKUP_TRUNCATED', 'BACKUP_DAMAGED', 'RESTORE_MISMATCH']).toContain(err.code);
    expect(await tableSums(pool)).toEqual(before);
    const junk = join(dir, 'junk.gz');
    writeFileSync(junk, 'not a backup');
    await expect(readMeta(junk)).rejects.toMatchObject({ code: 'NOT_A_BACKUP' });
  });
});

describe('nightly backups', () => {
  it('names files by Beijing time and keeps the newest nightly ones', async () => {
    const { backupFileName, pruneBackups } = await import('./schedule');
    expect(backupFileName('nightly', new Date('2026-11-21T19:00:00Z'))).toBe(
      'doorstep-20261122-030000-nightly.dsbak.gz',
    );
    const d = join(dir, 'keep');
    mkdirSync(d);
    for (let day = 1; day <= 5; day++)
      writeFileSync(join(d, backupFileName('nightly', new Date(Date.UTC(2026, 10, day, 19)))), 'x');
    writeFileSync(join(d, 'doorstep-20261101-030000-move.dsbak.gz'), 'x');
    const removed = pruneBackups(d, 3);
    expect(removed.sort()).toEqual([
      'doorstep-20261102-030000-nightly.dsbak.gz',
      'doorstep-20261103-030000-nightly.dsbak.gz',
    ]);
    expect(readdirSync(d).sort()).toEqual([
      'doorstep-20261101-030000-move.dsbak.gz',
      'doorstep-20261104-030000-nightly.dsbak.gz',
      'doorstep-20261105-030000-nightly.dsbak.gz',
      'doorstep-20261106-030000-nightly.dsbak.gz',
    ]);
  });
});
