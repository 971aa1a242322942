import { describe, expect, it } from 'vitest';
import { photosEnUS } from '../locales/photos.en-US';
import { photosZhCN } from '../locales/photos.zh-CN';

const leaves = (o: object, prefix = ''): [string, unknown][] =>
  Object.entries(o).flatMap(([k, v]) =>
    v && typeof v === 'object' ? leaves(v, `${prefix}${k}.`) : [[`${prefix}${k}`, v] as [string, unknown]],
  );

describe('photo strings', () => {
  it('en-US has every zh-CN key with the same placeholders, none empty, no Chinese', () => {
    const zh = Object.fromEntries(leaves(photosZhCN));
    const en = Object.fromEntries(leaves(photosEnUS));
    expect(Object.keys(en).sort()).toEqual(Object.keys(zh).sort());
    const vars = (s: unknown) => [...String(s).matchAll(/\{\{(\w+)\}\}/g)].map((m) => m[1]).sort();
    for (const [k, v] of Object.entries(en)) {
      expect(String(v).trim(), k).not.toBe('');
      expect(v, k).not.toMatch(/[\u4e00-\u9fff]/);
      expect(vars(v), k).toEqual(vars(zh[k]));
    }
  });
});
