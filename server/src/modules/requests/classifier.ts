/**
 * The category suggester's model: TF-IDF category profiles over jieba words, trained from a community's own
 * history and seeded with each category's keyword rules — so with no history it behaves like the keyword rules,
 * and every labelled request moves it towards how this community's residents actually write.
 * Pure and synchronous: segmentation happens before (see suggest.ts), so the bench and the server share it.
 */

/** Words that carry no category signal in call-taker summaries (市民来电反映…). */
const STOPWORDS = new Set(
  (
    '的 了 在 是 我 有 和 就 不 人 都 一 一个 上 也 很 到 说 要 去 你 会 着 没有 看 好 自己 这 那 他 她 们 我们 ' +
    '市民 来电 反映 居民 称 来电人 诉求 请求 希望 要求 处理 解决 问题 情况 相关 部门 尽快 帮忙 一下 已经 现在 ' +
    '还 又 把 被 让 给 对 从 为 与 及 或 等 啊 吧 呢 吗 哦 嗯 非常 严重 多次 每天 经常 一直 目前 导致 造成 影响 ' +
    '小区 花园 单元 业主 住户 附近 旁边 对面 路口 东门 西门 南门 北门'
  ).split(/\s+/),
);

export interface FeatureOptions {
  /** add each word's character bigrams (catches 升降机/电梯机房-style variants jieba splits differently) */
  bigrams: boolean;
  /** keep one-character words */
  singles: boolean;
}
/** The tokens a description contributes: segmented words minus stopwords and numbers, each counted once. */
export function featuresOf(words: string[], o: FeatureOptions): string[] {
  const out = new Set<string>();
  for (const w of words) {
    if (STOPWORDS.has(w) || /\d/.test(w) || /^[a-z]+$/i.test(w)) continue;
    if (w.length > 1 || o.singles) out.add(w);
    if (o.bigrams && w.length > 2) for (let i = 0; i + 2 <= w.length; i++) out.add(`~${w.slice(i, i + 2)}`);
  }
  return [...out];
}

export interface Labelled {
  words: string[];
  label: string;
}

export interface Seed {
  label: string;
  /** the category's keywords and name, each already segmented */
  keywordWords: string[][];
}

export interface ModelOptions extends FeatureOptions {
  /** how much one keyword counts in a category's profile, against one history document */
  keywordWeight: number;
}
/** Chosen on the labelled set (bench S1): words + their bigrams + single characters, keywords at 1. */
export const DEFAULT_MODEL: ModelOptions = { bigrams: true, singles: true, keywordWeight: 1 };

type Vector = Map<string, number>;

function normalise(v: Vector) {
  const n = Math.sqrt([...v.values()].reduce((a, x) => a + x * x, 0));
  if (n) for (const [k, x] of v) v.set(k, x / n);
  return v;
}

/**
 * TF-IDF category profiles (Rocchio): each category is the normalised sum of its history documents' TF-IDF vectors
 * plus its keyword rules; a description goes to the profiles it is most similar to (cosine). On the labelled set it
 * beat multinomial naive Bayes by ~0.08 macro-F1 at every setting tried (docs/decisions/0017-category-suggester.md).
 */
export class CategoryModel {
  private readonly docs: { label: string; tokens: string[] }[] = [];
  private readonly seeds: Seed[] = [];
  private built: { profiles: Map<string, Vector>; idf: (t: string) => number; vocab: Set<string> } | null =
    null;

  constructor(
    readonly labels: readonly string[],
    readonly o: ModelOptions = DEFAULT_MODEL,
  ) {}

  seed(seeds: Seed[]) {
    this.seeds.push(...seeds);
    this.built = null;
    return this;
  }

  train(docs: Labelled[]) {
    const known = new Set(this.labels);
    for (const d of docs)
      if (known.has(d.label)) this.docs.push({ label: d.label, tokens: featuresOf(d.words, this.o) });
    this.built = null;
    return this;
  }

  get trainedOn() {
    return this.docs.length;
  }

  private build() {
    const df = new Map<string, number>();
    for (const d of this.docs) for (const t of d.tokens) df.set(t, (df.get(t) ?? 0) + 1);
    const n = this.docs.length;
    const idf = (t: string) => Math.log((n + 1) / ((df.get(t) ?? 0) + 1)) + 1;
    const vectorOf = (tokens: string[]) => normalise(new Map(tokens.map((t) => [t, idf(t)])));
    const profiles = new Map<string, Vector>(this.labels.map((l) => [l, new Map()]));
    const vocab = new Set<string>();
    const add = (label: string, v: Vector, w: number) => {
      const p = profiles.get(label);
      if (!p) return;
      for (const [k, x] of v) {
        p.set(k, (p.get(k) ?? 0) + x * w);
        vocab.add(k);
      }
    };
    for (const d of this.docs) add(d.label, vectorOf(d.tokens), 1);
    for (const s of this.seeds)
      for (const k of s.keywordWords) {
        const tokens = featuresOf(k, this.o);
        add(s.label, new Map(tokens.map((t) => [t, idf(t)])), this.o.keywordWeight);
      }
    for (const p of profiles.values()) normalise(p);
    this.built = { profiles, idf, vocab };
    return this.built;
  }

  /** Categories by similarity, as shares of the total; empty when no word of the text is known to the model. */
  predict(words: string[], limit = 3): { label: string; p: number }[] {
    const { profiles, idf, vocab } = this.built ?? this.build();
    const tokens = featuresOf(words, this.o).filter((t) => vocab.has(t));
    if (tokens.length === 0) return [];
    const v = normalise(new Map(tokens.map((t) => [t, idf(t)])));
    const scored = this.labels
      .map((label) => {
        const p = profiles.get(label)!;
        let s = 0;
        for (const [k, x] of v) s += x * (p.get(k) ?? 0);
        return { label, s };
      })
      .filter((x) => x.s > 0);
    const total = scored.reduce((a, x) => a + x.s, 0);
    return scored
      .map((x) => ({ label: x.label, p: x.s / total }))
      .sort((a, b) => b.p - a.p)
      .slice(0, limit);
  }
}

export interface Evaluation {
  train: number;
  test: number;
  top1: number | null;
  top3: number | null;
  macroF1: number | null;
  perCategory: { label: string; support: number; precision: number; recall: number; f1: number }[];
}

/** Scores predictions against true labels: top-1/top-3 accuracy and macro-F1 over the labels that occur. */
export function evaluate(
  model: Pick<CategoryModel, 'predict'>,
  test: Labelled[],
  trainCount: number,
  fallback = 'other.general',
): Evaluation {
  const tp = new Map<string, number>();
  const predicted = new Map<string, number>();
  const support = new Map<string, number>();
  let top1 = 0;
  let top3 = 0;
  for (const d of test) {
    const ranked = model.predict(d.words, 3);
    const guess = ranked[0]?.label ?? fallback;
    support.set(d.label, (support.get(d.label) ?? 0) + 1);
    predicted.set(guess, (predicted.get(guess) ?? 0) + 1);
    if (guess === d.label) {
      top1++;
      tp.set(d.label, (tp.get(d.label) ?? 0) + 1);
    }
    if (guess === d.label || ranked.some((r) => r.label === d.label)) top3++;
  }
  const perCategory = [...support.keys()].sort().map((label) => {
    const t = tp.get(label) ?? 0;
    const precision = predicted.get(label) ? t / predicted.get(label)! : 0;
    const recall = t / support.get(label)!;
    const f1 = precision + recall ? (2 * precision * recall) / (precision + recall) : 0;
    return { label, support: support.get(label)!, precision: r4(precision), recall: r4(recall), f1: r4(f1) };
  });
  const n = test.length;
  return {
    train: trainCount,
    test: n,
    top1: n ? r4(top1 / n) : null,
    top3: n ? r4(top3 / n) : null,
    macroF1: perCategory.length ? r4(perCategory.reduce((s, c) => s + c.f1, 0) / perCategory.length) : null,
    perCategory,
  };
}

const r4 = (x: number) => Math.round(x * 10000) / 10000;

/** The held-out share: every fifth labelled request by id, so the split is stable between runs. */
export const isHeldOut = (id: number) => id % 5 === 0;
