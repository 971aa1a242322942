import { pinyin } from 'pinyin-pro';
import type { Binder } from '../../platform/db/bind';
import type { Queryable } from '../../platform/db/tx';

/** LIKE pattern characters escaped, so a word is matched literally. */
export const likeEscape = (w: string) => w.replace(/[%_\\]/g, (c) => `\\${c}`);

/**
 * One search word against a name column: a substring, or (three characters or more) trigram similarity for a
 * mistyped character.
 */
export function textMatch(column: string, word: string, b: Binder) {
  return b.bind(
    `(${column} ilike '%' || ? || '%' or (length(?) >= 3 and similarity(${column}, ?) > 0.3))`,
    likeEscape(word),
  );
}

/** 张三 → { full: 'zhangsan', initials: 'zs' } (letters and digits kept as they are, lower-cased). */
export function pinyinOf(name: string) {
  const parts = pinyin(name, { toneType: 'none', type: 'array', nonZh: 'consecutive', surname: 'head' })
    .map((p) => p.toLowerCase().replace(/[^a-z0-9]/g, ''))
    .filter(Boolean);
  return { full: parts.join(''), initials: parts.map((p) => p[0]).join('') };
}

/**
 * One search word against a table alias with name, name_pinyin and name_initials: Chinese by substring or trigram
 * similarity; Latin letters by pinyin (zhangsan, zhang, zs, zhangs).
 */
export function nameMatch(alias: string, word: string, b: Binder) {
  if (/^[a-z]+$/i.test(word))
    return `(${b.bind(
      `(${alias}.name_pinyin like ? || '%' or ${alias}.name_initials like ? || '%'
        or (length(?) >= 3 and ${alias}.name_pinyin like '%' || ? || '%'))`,
      word.toLowerCase(),
    )} or ${textMatch(`${alias}.name`, word, b)})`;
  return textMatch(`${alias}.name`, word, b);
}

/**
 * Fills in name_pinyin where it is null: rows written before it existed, by SQL seeds, or whose name changed (a
 * trigger clears it). With a street, only that street's rows (called at the end of each write's transaction).
 */
export async function backfillPinyin(db: Queryable, tenantId?: number) {
  for (const table of ['people', 'record_units']) {
    for (;;) {
      const { rows } = await db.query(
        `select tenant_id, id, name from ${table} where name_pinyin is null and ($1::bigint is null or tenant_id = $1)
          limit 1000`,
        [tenantId ?? null],
      );
      if (!rows.length) break;
      const py = rows.map((r) => pinyinOf(r.name));
      await db.query(
        `update ${table} t set name_pinyin = x.f, name_initials = x.i
           from unnest($1::bigint[], $2::bigint[], $3::text[], $4::text[]) as x (t, id, f, i)
          where t.tenant_id = x.t and t.id = x.id`,
        [
          rows.map((r) => r.tenant_id),
          rows.map((r) => r.id),
          py.map((p) => p.full),
          py.map((p) => p.initials),
        ],
      );
      if (rows.length < 1000) break;
    }
  }
}
