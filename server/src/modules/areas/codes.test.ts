import { describe, expect, it } from 'vitest';
import { codeProblem, KIND_ZH, parseKind } from './codes';

/** GB/T 30428.1 codes: 6 area + 3 street + 3 community + 3 grid sequence. */
describe('codeProblem', () => {
  it('accepts a 9-digit street, 12-digit community and 15-digit grid code under the right parent', () => {
    expect(codeProblem('street', '990101001', null)).toBeNull();
    expect(codeProblem('community', '990101001001', '990101001')).toBeNull();
    expect(codeProblem('grid', '990101001001007', '990101001001')).toBeNull();
  });

  it('refuses a street code that is not 9 digits', () => {
    for (const bad of ['99010100', '9901010011', '99010100a'])
      expect(codeProblem('street', bad, null), bad).not.toBeNull();
  });

  it('refuses a community code that is not 12 digits', () => {
    for (const bad of ['99010100100', '9901010010011', '990101001-01', 'ABCDEFGHIJKL'])
      expect(codeProblem('community', bad, '990101001'), bad).not.toBeNull();
  });

  it('refuses a grid code that is not 15 digits', () => {
    for (const bad of ['12345', '99010100100100', '9901010010010011', '990101001001-07'])
      expect(codeProblem('grid', bad, '990101001001'), bad).not.toBeNull();
  });

  it("refuses a code that does not start with the parent's code", () => {
    const grid = codeProblem('grid', '990101001002001', '990101001001');
    expect(grid).not.toBeNull();
    expect(grid!.zh).toContain('990101001001');
    expect(grid!.en).toContain("parent's code 990101001001");
    expect(codeProblem('community', '990102001001', '990101001')).not.toBeNull();
  });

  it('explains the length rule in Chinese and English', () => {
    const p = codeProblem('grid', '12345', '990101001001')!;
    expect(p.zh).toContain('网格编码应为 15 位数字');
    expect(p.zh).toContain('3 位网格序号');
    expect(p.en).toBe('A grid code has 15 digits (6 area + 3 street + 3 community + 3 grid sequence)');
    const c = codeProblem('community', '1', '990101001')!;
    expect(c.zh).toContain('社区编码应为 12 位数字');
    expect(c.en).toContain('12 digits');
  });

  it('leaves compound and building codes free', () => {
    expect(codeProblem('compound', 'anything-01', '990101001001001')).toBeNull();
    expect(codeProblem('compound', '1', '990101001001001')).toBeNull();
    expect(codeProblem('building', 'X-1', 'NO-SUCH-PARENT')).toBeNull();
    expect(codeProblem('building', '990101001001001-01-01', '990101001001001-01')).toBeNull();
  });

  it('has nothing to say about a missing code', () => {
    expect(codeProblem('grid', null, '990101001001')).toBeNull();
    expect(codeProblem('grid', undefined, '990101001001')).toBeNull();
    expect(codeProblem('grid', '', '990101001001')).toBeNull();
  });
});

describe('parseKind', () => {
  it('accepts the Chinese names staff use', () => {
    expect(parseKind('街道')).toBe('street');
    expect(parseKind('社区')).toBe('community');
    expect(parseKind('网格')).toBe('grid');
    expect(parseKind('小区')).toBe('compound');
    expect(parseKind('楼栋')).toBe('building');
    expect(parseKind('楼')).toBe('building');
    expect(parseKind('楼宇')).toBe('building');
  });

  it('accepts the English kinds in any case, with surrounding spaces', () => {
    expect(parseKind('community')).toBe('community');
    expect(parseKind('Grid')).toBe('grid');
    expect(parseKind(' COMPOUND ')).toBe('compound');
    expect(parseKind('building')).toBe('building');
    expect(parseKind(' 网格 ')).toBe('grid');
  });

  it('returns null for anything else', () => {
    for (const bad of ['', '村', 'house', '网格员', 'communities']) expect(parseKind(bad), bad).toBeNull();
  });

  it('round-trips every kind through its Chinese name', () => {
    for (const [kind, zh] of Object.entries(KIND_ZH)) expect(parseKind(zh)).toBe(kind);
  });
});
