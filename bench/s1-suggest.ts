import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  CategoryModel,
  evaluate,
  type Labelled,
  type Seed,
} from '@doorstep/server/modules/requests/classifier';
import { segment } from '@doorstep/server/modules/requests/suggest';
import { startEmbedded } from '@doorstep/server/platform/db/embedded';
import { migrate } from '@doorstep/server/platform/db/migrate';
import { createPool } from '@doorstep/server/platform/db/pool';
import { parse } from 'csv-parse/sync';
import pino from 'pino';
import { report } from './lib/report';

const LABELLED = join(import.meta.dirname, '../server/src/demo/data/history-12345.csv');

/**
 * The category suggester on a labelled set: 422 hand-written 12345-style summaries over 26 categories, ~45% of
 * them without their category's keywords. Five-fold cross-validation (fold = row index mod 5): the trained model
 * (keyword rules + four folds of history) against the keyword rules alone on the same held-out fold. Prints
 * macro-F1 and top-1/top-3 accuracy, and the trained/keywords ratio.
 */
export async function benchSuggest() {
  const dir = mkdtempSync(join(tmpdir(), 'bench-suggest-'));
  const db = await startEmbedded(dir, pino({ level: 'warn' }));
  const pool = createPool(db.url, 2);
  let categories: { code: string; name_zh: string; keywords: string[] }[];
  try {
    await migrate(pool);
    categories = (
      await pool.query('select code, name_zh, keywords from request_categories where parent_code is not null')
    ).rows;
  } finally {
    await pool.end();
    await db.stop();
    rmSync(dir, { recursive: true, force: true });
  }
  const byName = new Map(categories.map((c) => [c.name_zh, c.code]));
  const rows: Record<string, string>[] = parse(readFileSync(LABELLED), { columns: true, bom: true });
  const docs: Labelled[] = await Promise.all(
    rows.map(async (r) => {
      const label = byName.get(r.问题分类!);
      if (!label) throw new Error(`unknown category ${r.问题分类}`);
      return { label, words: await segment(r.诉求内容!) };
    }),
  );
  const seeds: Seed[] = await Promise.all(
    categories.map(async (c) => ({
      label: c.code,
      keywordWords: await Promise.all([...c.keywords, c.name_zh].map((k) => segment(k))),
    })),
  );
  const labels = categories.map((c) => c.code);
  const folds = 5;
  const sum = { trained: { f1: 0, top1: 0, top3: 0 }, keywords: { f1: 0, top1: 0, top3: 0 } };
  for (let f = 0; f < folds; f++) {
    const test = docs.filter((_d, i) => i % folds === f);
    const train = docs.filter((_d, i) => i % folds !== f);
    const a = evaluate(new CategoryModel(labels).seed(seeds).train(train), test, train.length);
    const b = evaluate(new CategoryModel(labels).seed(seeds), test, 0);
    for (const [k, e] of [
      ['trained', a],
      ['keywords', b],
    ] as const) {
      sum[k].f1 += e.macroF1 ?? 0;
      sum[k].top1 += e.top1 ?? 0;
      sum[k].top3 += e.top3 ?? 0;
    }
  }
  const mean = (x: number) => x / folds;
  const size = `${docs.length} labelled requests, ${labels.length} categories, ${folds}-fold`;
  console.log(
    `S1 keywords only: macro-F1 ${mean(sum.keywords.f1).toFixed(3)}, top-1 ${mean(sum.keywords.top1).toFixed(3)}, top-3 ${mean(sum.keywords.top3).toFixed(3)}`,
  );
  console.log(
    `S1 trained:       macro-F1 ${mean(sum.trained.f1).toFixed(3)}, top-1 ${mean(sum.trained.top1).toFixed(3)}, top-3 ${mean(sum.trained.top3).toFixed(3)}`,
  );
  report(
    'S1',
    'suggester macro-F1 trained / keyword rules',
    mean(sum.trained.f1) / mean(sum.keywords.f1),
    `macro-F1 ${mean(sum.trained.f1).toFixed(3)} vs ${mean(sum.keywords.f1).toFixed(3)}`,
    size,
  );
}
