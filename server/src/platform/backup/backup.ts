import { once } from 'node:events';
import {
  createReadStream,
  createWriteStream,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  renameSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { dirname, join, relative, sep } from 'node:path';
import { createInterface } from 'node:readline';
import type { Writable } from 'node:stream';
import { finished } from 'node:stream/promises';
import { createGunzip, createGzip } from 'node:zlib';
import type pg from 'pg';
import { from as copyFrom, to as copyTo } from 'pg-copy-streams';
import { migrate, migrationsDir } from '../db/migrate';

/**
 * Backups: one gzip file holding a consistent snapshot of every table (COPY inside one REPEATABLE READ
 * transaction), the uploaded photos, and a manifest of row counts and checksums. The schema is not in the file:
 * it is the migrations, which restore replays up to the backup's version before loading the rows — so a backup
 * restores into embedded PostgreSQL or any server ≥ 15 alike, without pg_dump (decision 0019).
 */
export const FORMAT = 'DOORSTEP-BACKUP 1';

export interface TableSum {
  rows: number;
  checksum: string;
}
export interface Manifest {
  tables: Record<string, TableSum>;
  files: number;
  fileBytes: number;
}
export interface Meta {
  createdAt: string;
  migrations: string[];
  server: string;
}
export type Progress = (step: { phase: string; done: number; total: number; item?: string }) => void;

const ident = (s: string) => `"${s.replaceAll('"', '""')}"`;
// the same text for the same data on any server: checksums compare across machines
const STABLE_SESSION = `set local TimeZone = 'UTC'; set local DateStyle = 'ISO, YMD'; set local IntervalStyle = 'postgres'; set local extra_float_digits = 3`;

interface TableInfo {
  name: string;
  columns: string[];
  serials: string[];
}

/** The application's tables (schema public, minus the migration log) in foreign-key order: referenced first. */
export async function listTables(db: pg.Pool | pg.PoolClient): Promise<TableInfo[]> {
  const { rows } = await db.query(
    `select c.relname as name,
            (select json_agg(a.attname order by a.attnum) from pg_attribute a
              where a.attrelid = c.oid and a.attnum > 0 and not a.attisdropped and a.attgenerated = '') as columns,
            (select coalesce(json_agg(a.attname), '[]') from pg_attribute a
              where a.attrelid = c.oid and a.attnum > 0 and not a.attisdropped
                and pg_get_serial_sequence(quote_ident(c.relname), a.attname) is not null) as serials,
            (select coalesce(json_agg(distinct r.relname), '[]') from pg_constraint f join pg_class r on r.oid = f.confrelid
              where f.conrelid = c.oid and f.contype = 'f' and f.confrelid <> c.oid) as refs
       from pg_class c join pg_namespace n on n.oid = c.relnamespace
      where n.nspname = 'public' and c.relkind in ('r', 'p') and not c.relispartition and c.relname <> 'schema_migrations'
      order by c.relname`,
  );
  const byName = new Map(rows.map((r) => [r.name as string, r]));
  const ordered: TableInfo[] = [];
  const seen = new Set<string>();
  const visit = (name: string) => {
    if (seen.has(name) || !byName.has(name)) return;
    seen.add(name);
    const r = byName.get(name)!;
    for (const ref of r.refs as string[]) visit(ref);
    ordered.push({ name, columns: r.columns, serials: r.serials });
  };
  for (const name of byName.keys()) visit(name);
  return ordered;
}

/** Row count and an order-independent checksum of one table's rows, as text in a stable session. */
async function tableSum(client: pg.PoolClient, table: string): Promise<TableSum> {
  const { rows } = await client.query(
    `select count(*)::int as n, md5(coalesce(string_agg(h, '' order by h), '')) as sum
       from (select md5(t::text) as h from ${ident(table)} t) x`,
  );
  return { rows: rows[0].n, checksum: rows[0].sum };
}

/** Counts and checksums of every table, read in one snapshot (what a restore is compared against). */
export async function tableSums(pool: pg.Pool): Promise<Record<string, TableSum>> {
  const client = await pool.connect();
  try {
    await client.query('begin isolation level repeatable read read only');
    await client.query(STABLE_SESSION);
    const out: Record<string, TableSum> = {};
    for (const t of await listTables(client)) out[t.name] = await tableSum(client, t.name);
    await client.query('commit');
    return out;
  } finally {
    client.release();
  }
}

async function write(out: Writable, text: string) {
  if (!out.write(text)) await once(out, 'drain');
}

function listFiles(dir: string): string[] {
  if (!existsSync(dir)) return [];
  const out: string[] = [];
  const walk = (d: string) => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const p = join(d, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.isFile()) out.push(p);
    }
  };
  walk(dir);
  return out.sort();
}

/**
 * Writes a backup of the database and the photo store to `file` (atomically: a partial backup never has the final
 * name). Rows come from one snapshot, so a backup taken while people work is consistent.
 */
export async function writeBackup(
  pool: pg.Pool,
  filesDir: string,
  file: string,
  progress: Progress = () => {},
): Promise<Meta & Manifest> {
  mkdirSync(dirname(file), { recursive: true });
  const tmp = `${file}.partial`;
  const out = createWriteStream(tmp);
  const gz = createGzip({ level: 6 });
  gz.pipe(out);
  const client = await pool.connect();
  const manifest: Manifest = { tables: {}, files: 0, fileBytes: 0 };
  let meta: Meta;
  try {
    await client.query('begin isolation level repeatable read read only');
    await client.query(STABLE_SESSION);
    const migrations = (await client.query('select name from schema_migrations order by name')).rows.map(
      (r) => r.name as string,
    );
    const server = (await client.query('show server_version')).rows[0].server_version as string;
    meta = { createdAt: new Date().toISOString(), migrations, server };
    await write(gz, `${FORMAT}\n@meta ${JSON.stringify(meta)}\n`);
    const tables = await listTables(client);
    let done = 0;
    for (const t of tables) {
      progress({ phase: 'tables', done, total: tables.length, item: t.name });
      manifest.tables[t.name] = await tableSum(client, t.name);
      await write(gz, `@table ${t.name} ${JSON.stringify(t.columns)}\n`);
      const rows = client.query(
        copyTo(`copy ${ident(t.name)} (${t.columns.map(ident).join(', ')}) to stdout`),
      );
      rows.pipe(gz, { end: false });
      await finished(rows);
      await write(gz, '\\.\n');
      done++;
    }
    await client.query('commit');
    const files = listFiles(filesDir);
    let n = 0;
    for (const f of files) {
      if (n % 50 === 0) progress({ phase: 'files', done: n, total: files.length });
      const bytes = readFileSync(f);
      await write(
        gz,
        `@file ${relative(filesDir, f).split(sep).join('/')} ${bytes.length}\n${bytes.toString('base64')}\n`,
      );
      manifest.files++;
      manifest.fileBytes += bytes.length;
      n++;
    }
    await write(gz, `@manifest ${JSON.stringify(manifest)}\n`);
    gz.end();
    await finished(out);
    renameSync(tmp, file);
    progress({ phase: 'done', done: 1, total: 1 });
    return { ...meta, ...manifest };
  } catch (err) {
    await client.query('rollback').catch(() => {});
    gz.destroy();
    out.destroy();
    throw err;
  } finally {
    client.release();
  }
}

/** The backup's header: when, from which server, at which migration. Throws on a file that is not a backup. */
export async function readMeta(file: string): Promise<Meta> {
  const lines = createInterface({ input: createReadStream(file).pipe(createGunzip()), crlfDelay: Infinity });
  let first: string | undefined;
  try {
    for await (const line of lines) {
      if (first === undefined) {
        first = line;
        if (line !== FORMAT) break;
        continue;
      }
      if (line.startsWith('@meta ')) return JSON.parse(line.slice(6));
      break;
    }
  } catch {
    // not gzip
  } finally {
    lines.close();
  }
  throw new BackupError(
    'NOT_A_BACKUP',
    `${file} 不是 Doorstep 备份文件`,
    `${file} is not a Doorstep backup (expected a .dsbak.gz written by "doorstep backup")`,
  );
}

/**
 * The manifest at the end of the file, read in a first pass: a backup cut off while being written (no manifest, or a
 * gzip stream that ends early) is refused before anything is touched.
 */
export async function readManifest(file: string): Promise<Manifest> {
  const lines = createInterface({ input: createReadStream(file).pipe(createGunzip()), crlfDelay: Infinity });
  let last = '';
  try {
    for await (const line of lines) if (line) last = line;
  } catch {
    last = '';
  }
  if (!last.startsWith('@manifest '))
    throw new BackupError(
      'BACKUP_TRUNCATED',
      '备份文件不完整（可能在写入时中断）',
      'The backup is incomplete (cut off while being written)',
    );
  return JSON.parse(last.slice(10));
}

export class BackupError extends Error {
  constructor(
    readonly code: string,
    readonly zh: string,
    readonly en: string,
  ) {
    super(`${en} / ${zh}`);
  }
}

/**
 * Restores a backup into `pool`'s database: replays the backup's migrations, loads every table in one transaction,
 * checks every table's count and checksum against the manifest (a mismatch rolls everything back), then applies the
 * newer migrations of this version of Doorstep. Refuses a database that already holds a street unless `force`.
 */
export async function restoreBackup(
  pool: pg.Pool,
  filesDir: string,
  file: string,
  opts: { force?: boolean; dir?: string } = {},
  progress: Progress = () => {},
): Promise<Meta & Manifest> {
  const dir = opts.dir ?? migrationsDir;
  const meta = await readMeta(file);
  await readManifest(file);
  const known = new Set(readdirSync(dir).filter((f) => f.endsWith('.sql')));
  const unknown = meta.migrations.filter((m) => !known.has(m));
  if (unknown.length)
    throw new BackupError(
      'BACKUP_NEWER',
      `备份来自更新版本的 Doorstep（含迁移 ${unknown.join(', ')}），请先升级`,
      `The backup comes from a newer Doorstep (migrations ${unknown.join(', ')}); upgrade first`,
    );
  await pool.query(
    'create table if not exists schema_migrations (name text primary key, applied_at timestamptz not null default now())',
  );
  const applied = (await pool.query('select name from schema_migrations')).rows.map((r) => r.name as string);
  const ahead = applied.filter((m) => !meta.migrations.includes(m));
  if (ahead.length)
    throw new BackupError(
      'TARGET_NEWER',
      `目标数据库已有备份之后的迁移（${ahead.join(', ')}），请恢复到空数据库`,
      `The target database has migrations newer than the backup (${ahead.join(', ')}); restore into an empty database`,
    );
  // the schema exactly as it was when the backup was taken
  await migrate(pool, dir, new Set(meta.migrations));
  const tables = await listTables(pool);
  const client = await pool.connect();
  // a COPY that fails mid-stream can report its error after the stream is done with it: keep it off the process
  const swallow = () => {};
  client.on('error', swallow);
  let manifest: Manifest | undefined;
  try {
    await client.query('begin');
    if (!opts.force) {
      const streets = await client.query('select 1 from tenants limit 1').catch(() => ({ rowCount: 0 }));
      if (streets.rowCount)
        throw new BackupError(
          'TARGET_NOT_EMPTY',
          '目标数据库已有数据；确认要覆盖请加 --force',
          'The target database already holds data; add --force to replace it',
        );
    }
    // the rows are loaded as they were: no trigger may add to them (e.g. default tags for a new street) or refuse
    // the wipe (the ledger's entries are append-only for the application, not for a restore)
    for (const t of tables) await client.query(`alter table ${ident(t.name)} disable trigger user`);
    await client.query(`truncate ${tables.map((t) => ident(t.name)).join(', ')} restart identity cascade`);
    const lines = createInterface({
      input: createReadStream(file).pipe(createGunzip()),
      crlfDelay: Infinity,
    });
    let copy: Writable | null = null;
    let pendingFile: { path: string; size: number } | null = null;
    let done = 0;
    for await (const line of lines) {
      if (copy) {
        if (line === '\\.') {
          copy.end();
          await finished(copy);
          copy = null;
          done++;
        } else await write(copy, `${line}\n`);
        continue;
      }
      if (pendingFile) {
        const bytes = Buffer.from(line, 'base64');
        if (bytes.length !== pendingFile.size)
          throw new BackupError(
            'BACKUP_DAMAGED',
            '备份文件已损坏（照片长度不符）',
            'The backup is damaged (a photo has the wrong length)',
          );
        const target = join(filesDir, ...pendingFile.path.split('/'));
        if (!target.startsWith(filesDir) || pendingFile.path.includes('..'))
          throw new BackupError(
            'BACKUP_DAMAGED',
            '备份文件已损坏（照片路径无效）',
            'The backup is damaged (bad photo path)',
          );
        mkdirSync(dirname(target), { recursive: true });
        if (!existsSync(target) || statSync(target).size !== bytes.length) writeFileSync(target, bytes);
        pendingFile = null;
        continue;
      }
      if (line.startsWith('@table ')) {
        const rest = line.slice(7);
        const space = rest.indexOf(' ');
        const name = rest.slice(0, space);
        const columns = JSON.parse(rest.slice(space + 1)) as string[];
        progress({ phase: 'tables', done, total: tables.length, item: name });
        copy = client.query(copyFrom(`copy ${ident(name)} (${columns.map(ident).join(', ')}) from stdin`));
      } else if (line.startsWith('@file ')) {
        const [path, size] = line.slice(6).split(' ');
        pendingFile = { path: path!, size: Number(size) };
      } else if (line.startsWith('@manifest ')) manifest = JSON.parse(line.slice(10));
    }
    if (copy || !manifest)
      throw new BackupError(
        'BACKUP_TRUNCATED',
        '备份文件不完整（可能在写入时中断）',
        'The backup is incomplete (cut off while being written)',
      );
    // identities continue after the restored rows
    for (const t of tables)
      for (const col of t.serials)
        await client.query(
          `select setval(pg_get_serial_sequence($1, $2), coalesce((select max(${ident(col)}) from ${ident(t.name)}), 0) + 1, false)`,
          [ident(t.name), col],
        );
    for (const t of tables) await client.query(`alter table ${ident(t.name)} enable trigger user`);
    await client.query(STABLE_SESSION);
    for (const [name, expected] of Object.entries(manifest.tables)) {
      const got = await tableSum(client, name);
      if (got.rows !== expected.rows || got.checksum !== expected.checksum)
        throw new BackupError(
          'RESTORE_MISMATCH',
          `恢复后 ${name} 表与备份不一致（${got.rows} 行，备份 ${expected.rows} 行），已全部撤销`,
          `After restore, table ${name} differs from the backup (${got.rows} rows vs ${expected.rows}); nothing was changed`,
        );
    }
    await client.query('commit');
    client.off('error', swallow);
    client.release();
  } catch (err) {
    await client.query('rollback').catch(() => {});
    // the connection saw a broken COPY: close it rather than pool it (its late errors stay swallowed)
    client.release(true);
    throw err;
  }
  // this version's newer migrations, on the restored data
  await migrate(pool, dir);
  progress({ phase: 'done', done: 1, total: 1 });
  return { ...meta, ...manifest };
}
