import { createCipheriv, createDecipheriv, createHash, createHmac, randomBytes } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';

/**
 * Personal data at rest (PIPL): ID numbers and phones are stored as AES-256-GCM ciphertext tagged with the id of
 * the key that wrote them, beside a keyed HMAC-SHA256 of the normalised value for exact lookup. See
 * docs/decisions/0018-personal-data.md.
 */
export interface PiiKeys {
  /** the key new values are written with */
  current: { id: string; key: Buffer };
  /** every readable key by id: the current one and PII_OLD_KEYS */
  byId: Map<string, Buffer>;
  /** HMAC key for the lookup columns (not rotated with the encryption key) */
  lookup: Buffer;
}

const FORMAT = 'p1';

/** A key's id: the first 8 hex digits of its SHA-256, so ids never need configuring. */
export const keyId = (key: Buffer) => createHash('sha256').update(key).digest('hex').slice(0, 8);

function decodeKey(name: string, b64: string): Buffer {
  const key = Buffer.from(b64.trim(), 'base64');
  if (key.length !== 32) throw new Error(`${name} must be 32 bytes in base64, got ${key.length} bytes`);
  return key;
}

/** Reads a key file, or creates it with fresh random bytes (the first process to write wins). */
function persistentKey(dataDir: string, file: string): string {
  const path = resolve(dataDir, file);
  try {
    return readFileSync(path, 'utf8').trim();
  } catch {
    try {
      writeFileSync(path, randomBytes(32).toString('base64'), { mode: 0o600, flag: 'wx' });
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    }
    return readFileSync(path, 'utf8').trim();
  }
}

/**
 * PII_KEY (base64, 32 bytes) encrypts; PII_OLD_KEYS (comma-separated) stay readable after a rotation;
 * PII_LOOKUP_KEY keys the lookup hashes. In embedded/dev mode missing keys are generated once into DATA_DIR.
 */
export function loadPiiKeys(env: NodeJS.ProcessEnv, dataDir: string): PiiKeys {
  const current = decodeKey('PII_KEY', env.PII_KEY ?? persistentKey(dataDir, 'pii-key'));
  const lookup = decodeKey('PII_LOOKUP_KEY', env.PII_LOOKUP_KEY ?? persistentKey(dataDir, 'pii-lookup-key'));
  const byId = new Map<string, Buffer>();
  // file mode: keys a rotation is writing (pii-key.next) or has retired (pii-old-keys, one per line) stay readable
  const files = env.PII_KEY ? [] : ['pii-key.next', 'pii-old-keys'];
  const fromFiles = files.flatMap((f) => {
    try {
      return readFileSync(resolve(dataDir, f), 'utf8').split(/\s+/);
    } catch {
      return [];
    }
  });
  for (const old of [...(env.PII_OLD_KEYS ?? '').split(','), ...fromFiles].filter((s) => s.trim())) {
    const key = decodeKey('PII_OLD_KEYS', old);
    byId.set(keyId(key), key);
  }
  const id = keyId(current);
  byId.set(id, current);
  return { current: { id, key: current }, byId, lookup };
}

/** `p1.<key id>.<iv>.<ciphertext+tag>` (base64url parts); null stays null. */
export function encrypt(keys: PiiKeys, clear: string): string;
export function encrypt(keys: PiiKeys, clear: string | null | undefined): string | null;
export function encrypt(keys: PiiKeys, clear: string | null | undefined): string | null {
  if (clear == null) return null;
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', keys.current.key, iv);
  const body = Buffer.concat([cipher.update(clear, 'utf8'), cipher.final(), cipher.getAuthTag()]);
  return [FORMAT, keys.current.id, iv.toString('base64url'), body.toString('base64url')].join('.');
}

export function decrypt(keys: PiiKeys, stored: string): string;
export function decrypt(keys: PiiKeys, stored: string | null | undefined): string | null;
export function decrypt(keys: PiiKeys, stored: string | null | undefined): string | null {
  if (stored == null) return null;
  const [format, id, iv, body] = stored.split('.');
  if (format !== FORMAT || !id || !iv || !body) throw new Error('not a PII ciphertext');
  const key = keys.byId.get(id);
  if (!key) throw new Error(`PII key ${id} is not configured (add it to PII_OLD_KEYS)`);
  const raw = Buffer.from(body, 'base64url');
  const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64url'));
  decipher.setAuthTag(raw.subarray(raw.length - 16));
  return Buffer.concat([decipher.update(raw.subarray(0, raw.length - 16)), decipher.final()]).toString(
    'utf8',
  );
}

/** The key id a stored value was written with (rotation re-encrypts rows whose id is not the current one). */
export const storedKeyId = (stored: string) => stored.split('.')[1] ?? '';

/** Keyed hash of a normalised value, for `where id_hash = $1` lookups without decrypting. */
export function lookupHash(keys: PiiKeys, kind: 'id' | 'phone', clear: string): string {
  return createHmac('sha256', keys.lookup)
    .update(`${kind}:${normalise(kind, clear)}`)
    .digest('base64url');
}

const normalise = (kind: 'id' | 'phone', v: string) =>
  kind === 'id' ? v.trim().toUpperCase() : v.replace(/[\s-]/g, '').replace(/^\+?86/, '');

const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const CHECK = '10X98765432';

/** GB 11643 check character for the first 17 digits. */
export function idCheckChar(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * WEIGHTS[i]!;
  return CHECK[sum % 11]!;
}

export type IdProblem = 'format' | 'birth_date' | 'checksum';

/** Validates an 18-character resident ID number (GB 11643): format, birth date inside, check character. */
export function checkIdNumber(
  raw: string,
): { ok: true; id: string; birthDate: string } | { ok: false; problem: IdProblem } {
  const id = raw.trim().toUpperCase();
  if (!/^\d{17}[\dX]$/.test(id)) return { ok: false, problem: 'format' };
  const [y, m, d] = [Number(id.slice(6, 10)), Number(id.slice(10, 12)), Number(id.slice(12, 14))];
  const date = new Date(Date.UTC(y, m - 1, d));
  if (
    y < 1900 ||
    date.getUTCFullYear() !== y ||
    date.getUTCMonth() !== m - 1 ||
    date.getUTCDate() !== d ||
    date.getTime() > Date.now()
  )
    return { ok: false, problem: 'birth_date' };
  if (idCheckChar(id.slice(0, 17)) !== id[17]) return { ok: false, problem: 'checksum' };
  return { ok: true, id, birthDate: `${id.slice(6, 10)}-${id.slice(10, 12)}-${id.slice(12, 14)}` };
}

/** Mainland mobile (11 digits, 1[3-9]…) or a landline with area code; returns the normalised form or null. */
export function normalisePhone(raw: string): string | null {
  const v = normalise('phone', raw);
  if (/^1[3-9]\d{9}$/.test(v)) return v;
  if (/^0\d{2,3}\d{7,8}$/.test(v)) return v;
  return null;
}
