import { randomBytes } from 'node:crypto';
import { appendFileSync, existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type pg from 'pg';
import { decrypt, encrypt, keyId, type PiiKeys } from './pii';

const ident = (s: string) => `"${s.replaceAll('"', '""')}"`;

/** Every encrypted column: by convention a text column named *_enc holding `p1.<key id>.…` ciphertext. */
async function encryptedColumns(db: pg.PoolClient) {
  const { rows } = await db.query(
    `select table_name, column_name from information_schema.columns
      where table_schema = 'public' and column_name like '%\\_enc' and data_type = 'text' order by 1, 2`,
  );
  return rows as { table_name: string; column_name: string }[];
}

/**
 * Re-encrypts every value not written with `keys.current` (in one transaction: all or nothing), 500 rows at a time.
 * Returns how many values were rewritten per column.
 */
export async function reencryptAll(
  pool: pg.Pool,
  keys: PiiKeys,
  progress: (done: number, column: string) => void = () => {},
): Promise<Record<string, number>> {
  const client = await pool.connect();
  const counts: Record<string, number> = {};
  try {
    await client.query('begin');
    for (const { table_name: t, column_name: c } of await encryptedColumns(client)) {
      const name = `${t}.${c}`;
      counts[name] = 0;
      for (;;) {
        const { rows } = await client.query(
          `select ctid::text as ctid, ${ident(c)} as v from ${ident(t)}
            where ${ident(c)} is not null and split_part(${ident(c)}, '.', 2) <> $1 limit 500`,
          [keys.current.id],
        );
        if (!rows.length) break;
        for (const r of rows)
          await client.query(`update ${ident(t)} set ${ident(c)} = $1 where ctid = $2::tid`, [
            encrypt(keys, decrypt(keys, r.v)),
            r.ctid,
          ]);
        counts[name] += rows.length;
        progress(counts[name], name);
      }
    }
    await client.query('commit');
    return counts;
  } catch (err) {
    await client.query('rollback').catch(() => {});
    throw err;
  } finally {
    client.release();
  }
}

/**
 * Rotation with keys in DATA_DIR (embedded and single-server installs): a new key is written to pii-key.next
 * first (so a crash at any point leaves every value readable), every value is re-encrypted under it, then it becomes
 * pii-key and the old key moves to pii-old-keys (needed only to restore older backups).
 */
export async function rotateFileKey(
  pool: pg.Pool,
  dataDir: string,
  keys: PiiKeys,
  progress?: (done: number, column: string) => void,
) {
  const next = resolve(dataDir, 'pii-key.next');
  const nextKey = existsSync(next) ? readFileSync(next, 'utf8').trim() : randomBytes(32).toString('base64');
  writeFileSync(next, nextKey, { mode: 0o600 });
  const key = Buffer.from(nextKey, 'base64');
  const rotated: PiiKeys = {
    current: { id: keyId(key), key },
    byId: new Map([...keys.byId, [keyId(key), key]]),
    lookup: keys.lookup,
  };
  const counts = await reencryptAll(pool, rotated, progress);
  appendFileSync(resolve(dataDir, 'pii-old-keys'), `${keys.current.key.toString('base64')}\n`, {
    mode: 0o600,
  });
  renameSync(next, resolve(dataDir, 'pii-key'));
  return { from: keys.current.id, to: rotated.current.id, counts };
}
