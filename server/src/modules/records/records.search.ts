import type { Binder } from '../../platform/db/bind';

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
