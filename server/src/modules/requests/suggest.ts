import type { Queryable } from '../../platform/db/tx';

type Cutter = { cut(text: string, hmm?: boolean): string[] };
let jieba: Cutter | undefined;

/** Chinese word segmentation (@node-rs/jieba), loaded on first use (its dictionary takes ~0.3 s). */
export async function segment(text: string): Promise<string[]> {
  if (!jieba) {
    const { Jieba } = await import('@node-rs/jieba');
    const { dict } = await import('@node-rs/jieba/dict');
    jieba = Jieba.withDict(dict);
  }
  return jieba.cut(text, false).filter((w) => w.trim().length > 0 && !/^[\p{P}\s]+$/u.test(w));
}

export interface CategoryRow {
  code: string;
  parent_code: string | null;
  name_zh: string;
  name_en: string;
  keywords: string[];
  sla_class: string;
  default_responder: string | null;
}

let categories: { at: number; rows: CategoryRow[] } | undefined;

export async function loadCategories(db: Queryable): Promise<CategoryRow[]> {
  if (categories && Date.now() - categories.at < 60_000) return categories.rows;
  const { rows } = await db.query('select * from request_categories order by sort');
  categories = { at: Date.now(), rows };
  return rows;
}

/**
 * Suggests leaf categories for a description: keyword rules per category (seeded in the dictionary) scored over
 * the segmented text, longer keywords counting more. The trained model (history-based) builds on this.
 */
export async function suggestCategories(db: Queryable, description: string, limit = 3) {
  const rows = (await loadCategories(db)).filter((c) => c.parent_code !== null);
  const words = await segment(description);
  const text = description.toLowerCase();
  const scored = rows
    .map((c) => {
      let score = 0;
      for (const k of c.keywords)
        if (text.includes(k.toLowerCase())) score += k.length >= 3 ? 2 : words.includes(k) ? 1.5 : 1;
      return { code: c.code, name: c.name_zh, score };
    })
    .filter((c) => c.score > 0)
    .sort((a, b) => b.score - a.score)
    .slice(0, limit);
  const total = scored.reduce((s, c) => s + c.score, 0);
  return scored.map((c) => ({ ...c, score: Math.round((c.score / total) * 100) / 100 }));
}
