import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../test/harness';
import { TEST_PII_ENV } from '../test/pii-env';
import { decrypt, keyId, loadPiiKeys, storedKeyId } from './pii';
import { rotateFileKey } from './pii-rotate';

/** Rotating the personal-data key re-encrypts every value, all or nothing, and nothing becomes unreadable. */
let t: TestApp;
let dir: string;
beforeAll(async () => {
  t = await startTestApp();
  dir = mkdtempSync(join(tmpdir(), 'doorstep-rotate-'));
});
afterAll(async () => {
  await t?.close();
  rmSync(dir, { recursive: true, force: true });
});

const values = async () =>
  (await t.pool.query('select id, id_number_enc, phone_enc from people order by id')).rows as {
    id: number;
    id_number_enc: string | null;
    phone_enc: string | null;
  }[];

it('moves every ciphertext to a new key; the new key alone reads them all, as before', async () => {
  const old = loadPiiKeys(TEST_PII_ENV, '/nonexistent');
  const before = await values();
  expect(before.length).toBeGreaterThan(10);
  const clear = before.map((r) => [decrypt(old, r.id_number_enc), decrypt(old, r.phone_enc)]);
  // file mode: the keys live in DATA_DIR
  writeFileSync(join(dir, 'pii-key'), old.current.key.toString('base64'));
  writeFileSync(join(dir, 'pii-lookup-key'), TEST_PII_ENV.PII_LOOKUP_KEY);
  const out = await rotateFileKey(t.pool, dir, old);
  expect(out.from).toBe(old.current.id);
  expect(out.to).not.toBe(old.current.id);
  expect(out.counts['people.id_number_enc']).toBe(before.filter((r) => r.id_number_enc).length);

  const after = await values();
  for (const r of after) {
    if (r.id_number_enc) expect(storedKeyId(r.id_number_enc)).toBe(out.to);
    if (r.phone_enc) expect(storedKeyId(r.phone_enc)).toBe(out.to);
  }
  // only the new key, no old ones: everything still reads the same
  const fresh = Buffer.from(readFileSync(join(dir, 'pii-key'), 'utf8'), 'base64');
  expect(keyId(fresh)).toBe(out.to);
  const onlyNew = loadPiiKeys(
    { PII_KEY: fresh.toString('base64'), PII_LOOKUP_KEY: TEST_PII_ENV.PII_LOOKUP_KEY },
    dir,
  );
  expect(after.map((r) => [decrypt(onlyNew, r.id_number_enc), decrypt(onlyNew, r.phone_enc)])).toEqual(clear);
  // the retired key stays with the data directory for restoring older backups
  const fileMode = loadPiiKeys({ PII_LOOKUP_KEY: TEST_PII_ENV.PII_LOOKUP_KEY }, dir);
  expect(fileMode.current.id).toBe(out.to);
  expect(fileMode.byId.has(old.current.id)).toBe(true);
});
