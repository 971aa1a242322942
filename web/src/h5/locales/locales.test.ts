import { describe, expect, it } from 'vitest';
import { h5EnUS } from './en-US';
import { h5RecordsEnUS, h5RecordsZhCN } from './records';
import { h5RequestsEnUS } from './requests.en-US';
import { h5RequestsZhCN } from './requests.zh-CN';
import { h5ZhCN } from './zh-CN';

/** Every leaf of a nested message object, as "a.b.c" → value. */
function leaves(o: object, prefix = ''): Record<string, unknown> {
  return Object.entries(o).reduce<Record<string, unknown>>((acc, [k, v]) => {
    const key = prefix ? `${prefix}.${k}` : k;
    if (v && typeof v === 'object') Object.assign(acc, leaves(v, key));
    else acc[key] = v;
    return acc;
  }, {});
}

// the first screen's strings, and the 诉求 pages' (loaded with those pages) — merged, no key in both
const zhParts = [h5ZhCN, h5RequestsZhCN, h5RecordsZhCN];
const enParts = [h5EnUS, h5RequestsEnUS, h5RecordsEnUS];

describe('H5 messages', () => {
  const zh = Object.assign({}, ...zhParts.map((m) => leaves(m)));
  const en = Object.assign({}, ...enParts.map((m) => leaves(m)));

  it('has no key defined both on the first screen and in a lazily loaded part', () => {
    const first = Object.keys(leaves(h5ZhCN));
    expect(first.filter((k) => k in leaves(h5RequestsZhCN))).toEqual([]);
  });

  it('has the same keys in both languages', () => {
    expect(Object.keys(en).sort()).toEqual(Object.keys(zh).sort());
  });

  it('has a non-empty string for every key, and English is really English', () => {
    for (const [key, value] of Object.entries(en)) {
      expect(typeof value, key).toBe('string');
      expect((value as string).trim(), key).not.toBe('');
      if (!['me.language', 'me.langZh', 'login.switchTo', 'login.switchToLabel'].includes(key))
        expect(value, key).not.toMatch(/[\u4e00-\u9fff]/);
    }
    for (const [key, value] of Object.entries(zh)) expect((value as string).trim(), key).not.toBe('');
  });

  it('keeps the same interpolation placeholders', () => {
    const vars = (s: unknown) => [...String(s).matchAll(/\{\{(\w+)\}\}/g)].map((m) => m[1]).sort();
    for (const key of Object.keys(zh)) expect(vars(en[key]), key).toEqual(vars(zh[key]));
  });
});
