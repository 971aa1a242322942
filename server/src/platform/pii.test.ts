import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  checkIdNumber,
  decrypt,
  encrypt,
  idCheckChar,
  keyId,
  loadPiiKeys,
  lookupHash,
  normalisePhone,
  storedKeyId,
} from './pii';

const k = (n: number) => Buffer.alloc(32, n).toString('base64');

describe('personal data at rest', () => {
  const keys = loadPiiKeys({ PII_KEY: k(1), PII_LOOKUP_KEY: k(2) }, '/nonexistent');

  it('round-trips through AES-256-GCM with a fresh IV each time and the key id in the value', () => {
    const a = encrypt(keys, '11010519491231002X');
    const b = encrypt(keys, '11010519491231002X');
    expect(a).not.toBe(b);
    expect(a).not.toContain('11010519491231002X');
    expect(a.startsWith(`p1.${keyId(Buffer.alloc(32, 1))}.`)).toBe(true);
    expect(decrypt(keys, a)).toBe('11010519491231002X');
    expect(decrypt(keys, null)).toBeNull();
    expect(encrypt(keys, null)).toBeNull();
  });

  it('rejects a tampered ciphertext (GCM tag)', () => {
    const v = encrypt(keys, '13812345678');
    const parts = v.split('.');
    const body = Buffer.from(parts[3]!, 'base64url');
    body[0] = body[0]! ^ 1;
    parts[3] = body.toString('base64url');
    expect(() => decrypt(keys, parts.join('.'))).toThrow();
  });

  it('reads values written under an old key after rotation, writes new ones under the new key', () => {
    const old = encrypt(keys, '13812345678');
    const rotated = loadPiiKeys({ PII_KEY: k(3), PII_OLD_KEYS: k(1), PII_LOOKUP_KEY: k(2) }, '/nonexistent');
    expect(decrypt(rotated, old)).toBe('13812345678');
    expect(storedKeyId(encrypt(rotated, 'x'))).toBe(keyId(Buffer.alloc(32, 3)));
    // without the old key the value is unreadable, and says which key is missing
    const forgot = loadPiiKeys({ PII_KEY: k(3), PII_LOOKUP_KEY: k(2) }, '/nonexistent');
    expect(() => decrypt(forgot, old)).toThrow(storedKeyId(old));
    // the lookup hash does not depend on the encryption key, so search survives rotation
    expect(lookupHash(rotated, 'phone', '13812345678')).toBe(lookupHash(keys, 'phone', '13812345678'));
  });

  it('hashes normalised values with the keyed HMAC', () => {
    expect(lookupHash(keys, 'id', '11010519491231002x')).toBe(lookupHash(keys, 'id', ' 11010519491231002X'));
    expect(lookupHash(keys, 'phone', '+86 138-1234-5678')).toBe(lookupHash(keys, 'phone', '13812345678'));
    expect(lookupHash(keys, 'phone', '13812345678')).not.toBe(lookupHash(keys, 'id', '13812345678'));
    const other = loadPiiKeys({ PII_KEY: k(1), PII_LOOKUP_KEY: k(4) }, '/nonexistent');
    expect(lookupHash(other, 'phone', '13812345678')).not.toBe(lookupHash(keys, 'phone', '13812345678'));
  });

  it('generates missing keys once into DATA_DIR and rejects keys of the wrong length', () => {
    const dir = mkdtempSync(join(tmpdir(), 'pii-'));
    const a = loadPiiKeys({}, dir);
    const b = loadPiiKeys({}, dir);
    expect(a.current.id).toBe(b.current.id);
    expect(Buffer.from(readFileSync(join(dir, 'pii-key'), 'utf8'), 'base64')).toHaveLength(32);
    expect(a.lookup.equals(a.current.key)).toBe(false);
    expect(() => loadPiiKeys({ PII_KEY: 'c2hvcnQ=' }, dir)).toThrow('32 bytes');
  });
});

describe('GB 11643 ID numbers and phones', () => {
  it('accepts valid numbers and derives the birth date', () => {
    expect(checkIdNumber('11010519491231002X')).toEqual({
      ok: true,
      id: '11010519491231002X',
      birthDate: '1949-12-31',
    });
    expect(checkIdNumber('11010519491231002x').ok).toBe(true);
    expect(idCheckChar('44052418800101001')).toBe('4');
  });
  it('names the problem', () => {
    expect(checkIdNumber('110105194912310021')).toEqual({ ok: false, problem: 'checksum' });
    expect(checkIdNumber('1101051949123100')).toEqual({ ok: false, problem: 'format' });
    const feb30 = `11010519490230002`;
    expect(checkIdNumber(feb30 + idCheckChar(feb30))).toEqual({ ok: false, problem: 'birth_date' });
    const future = `11010521990101002`;
    expect(checkIdNumber(future + idCheckChar(future))).toEqual({ ok: false, problem: 'birth_date' });
  });
  it('normalises phones', () => {
    expect(normalisePhone('138 1234 5678')).toBe('13812345678');
    expect(normalisePhone('+8613812345678')).toBe('13812345678');
    expect(normalisePhone('028-85551234')).toBe('02885551234');
    expect(normalisePhone('12345')).toBeNull();
    expect(normalisePhone('23812345678')).toBeNull();
  });
});
