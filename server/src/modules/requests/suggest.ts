import type { Queryable } from '../../platform/db/tx';
import { CategoryModel, type Evaluation, evaluate, isHeldOut, type Seed } from './classifier';

type Cutter = { cut(text: string, hmm?: boolean): string[] };
let jieba: Promise<Cutter> | undefined;

/** Chinese word segmentation (@node-rs/jieba), loaded once on first use (its dictionary takes ~0.3 s and ~25 MB). */
export async function segment(text: string): Promise<string[]> {
  jieba ??= (async () => {
    const { Jieba } = await import('@node-rs/jieba');
    const { dict } = await import('@node-rs/jieba/dict');
    return Jieba.withDict(dict);
  })();
  return (await jieba).cut(text, false).filter((w) => w.trim().length > 0 && !/^[\p{P}\s]+$/u.test(w));
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

const MODEL_TTL = 10 * 60_000;
const HISTORY_LIMIT = 20_000;
const models = new Map<number | null, { at: number; model: Promise<CategoryModel> }>();
const accuracy = new Map<number, { at: number; result: Promise<SuggesterAccuracy> }>();

async function seeds(db: Queryable): Promise<Seed[]> {
  const leaves = (await loadCategories(db)).filter((c) => c.parent_code !== null);
  return Promise.all(
    leaves.map(async (c) => ({
      label: c.code,
      keywordWords: await Promise.all([...c.keywords, c.name_zh].map((k) => segment(k))),
    })),
  );
}

/** A community's labelled history: what residents and staff filed, not what the suggester guessed. */
async function history(db: Queryable, tenantId: number) {
  const { rows } = await db.query(
    `select id, description, category_code from requests
      where tenant_id = $1 and not category_auto order by id desc limit ${HISTORY_LIMIT}`,
    [tenantId],
  );
  return Promise.all(
    rows.map(async (r) => ({
      id: Number(r.id),
      label: r.category_code as string,
      words: await segment(r.description),
    })),
  );
}

async function buildModel(db: Queryable, tenantId: number | null) {
  const leaves = (await loadCategories(db)).filter((c) => c.parent_code !== null).map((c) => c.code);
  const model = new CategoryModel(leaves).seed(await seeds(db));
  if (tenantId !== null) model.train(await history(db, tenantId));
  return model;
}

/**
 * The street's model; keyword rules only without a street. Built on first use and at once after an import
 * (forgetModel); when it is merely ten minutes old, the old model keeps answering while a new one is built in the
 * background — reading and segmenting up to 20,000 past requests never lands on a resident's report. The
 * background build needs the pool (a transaction's client is gone when the report commits), so callers inside a
 * transaction get the old model and the next pool caller (the report form's suggestion) refreshes it.
 */
function modelFor(db: Queryable, tenantId: number | null) {
  const hit = models.get(tenantId);
  if (!hit) {
    const model = buildModel(db, tenantId);
    model.catch(() => models.delete(tenantId));
    models.set(tenantId, { at: Date.now(), model });
    return model;
  }
  if (Date.now() - hit.at >= MODEL_TTL && 'totalCount' in db) {
    hit.at = Date.now();
    buildModel(db, tenantId).then(
      (model) => {
        if (models.get(tenantId) === hit) models.set(tenantId, { at: hit.at, model: Promise.resolve(model) });
      },
      () => {},
    );
  }
  return hit.model;
}

/** Drops a street's cached model and accuracy (after an import, so the next suggestion learns from it). */
export function forgetModel(tenantId: number) {
  models.delete(tenantId);
  accuracy.delete(tenantId);
}

/**
 * Suggests leaf categories for a description with the street's model (naive Bayes over jieba words, seeded with
 * keyword rules, trained on its history — classifier.ts); empty when no word of the text means anything to it.
 */
export async function suggestCategories(
  db: Queryable,
  description: string,
  limit = 3,
  tenantId: number | null = null,
) {
  const [model, words, categories] = await Promise.all([
    modelFor(db, tenantId),
    segment(description),
    loadCategories(db),
  ]);
  const names = new Map(categories.map((c) => [c.code, c]));
  return model
    .predict(words, limit)
    .filter((x) => x.p >= 0.02)
    .map((x) => ({
      code: x.label,
      name: names.get(x.label)?.name_zh ?? x.label,
      nameEn: names.get(x.label)?.name_en ?? x.label,
      score: Math.round(x.p * 100) / 100,
    }));
}

export type SuggesterAccuracy = Evaluation & { keywordsOnly: Evaluation; evaluatedAt: string };

/**
 * How well the suggester does on this street's own history: trained on four fifths, scored on the held-out fifth
 * (by id, stable between runs), beside the keyword rules alone on the same fifth.
 */
export function suggesterAccuracy(db: Queryable, tenantId: number): Promise<SuggesterAccuracy> {
  const hit = accuracy.get(tenantId);
  if (hit && Date.now() - hit.at < MODEL_TTL) return hit.result;
  const result = (async () => {
    const docs = await history(db, tenantId);
    const leaves = (await loadCategories(db)).filter((c) => c.parent_code !== null).map((c) => c.code);
    const seeded = await seeds(db);
    const train = docs.filter((d) => !isHeldOut(d.id));
    const test = docs.filter((d) => isHeldOut(d.id));
    const trained = new CategoryModel(leaves).seed(seeded).train(train);
    const keywords = new CategoryModel(leaves).seed(seeded);
    return {
      ...evaluate(trained, test, train.length),
      keywordsOnly: evaluate(keywords, test, 0),
      evaluatedAt: new Date().toISOString(),
    };
  })();
  result.catch(() => accuracy.delete(tenantId));
  accuracy.set(tenantId, { at: Date.now(), result });
  return result;
}
