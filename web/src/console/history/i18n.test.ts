import { describe, expect, it } from 'vitest';
import { historyEnUS } from '../locales/history.en-US';
import { historyZhCN } from '../locales/history.zh-CN';

/** Every leaf as [dotted key, text]. */
const leaves = (o: object, prefix = ''): [string, unknown][] =>
  Object.entries(o).flatMap(([k, v]) =>
    v && typeof v === 'object' ? leaves(v, `${prefix}${k}.`) : [[`${prefix}${k}`, v] as [string, unknown]],
  );

describe('history strings', () => {
  it('en-US has every zh-CN key and no other, none empty', () => {
    const en = leaves(historyEnUS);
    expect(en.map(([k]) => k).sort()).toEqual(
      leaves(historyZhCN)
        .map(([k]) => k)
        .sort(),
    );
    for (const [k, v] of en) expect(v, k).not.toBe('');
  });
});
