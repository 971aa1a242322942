import type { AreaKind } from '@doorstep/contract';

/** Why a code does not fit its place in the tree, or null. GB/T 30428.1: 6 area + 3 street + 3 community + 3 grid. */
export function codeProblem(
  kind: AreaKind,
  code: string | null | undefined,
  parentCode: string | null,
): { zh: string; en: string } | null {
  if (!code) return null;
  const digits: Partial<Record<AreaKind, number>> = { street: 9, community: 12, grid: 15 };
  const want = digits[kind];
  if (want === undefined) return null;
  if (!new RegExp(`^\\d{${want}}$`).test(code))
    return {
      zh: `${KIND_ZH[kind]}编码应为 ${want} 位数字（6 位区划 + 3 位街道${want > 9 ? ' + 3 位社区' : ''}${want > 12 ? ' + 3 位网格序号' : ''}）`,
      en: `A ${kind} code has ${want} digits (6 area + 3 street${want > 9 ? ' + 3 community' : ''}${want > 12 ? ' + 3 grid sequence' : ''})`,
    };
  const parentDigits = want - 3;
  if (parentCode && new RegExp(`^\\d{${parentDigits}}$`).test(parentCode) && !code.startsWith(parentCode))
    return {
      zh: `${KIND_ZH[kind]}编码应以上级编码 ${parentCode} 开头`,
      en: `A ${kind} code must start with its parent's code ${parentCode}`,
    };
  return null;
}

export const KIND_ZH: Record<AreaKind, string> = {
  street: '街道',
  community: '社区',
  grid: '网格',
  compound: '小区',
  building: '楼栋',
};

/** Accepts 社区/网格/小区/楼栋 or the English kind, as spreadsheets use either. */
export function parseKind(text: string): AreaKind | null {
  const t = text.trim().toLowerCase();
  for (const [kind, zh] of Object.entries(KIND_ZH)) if (t === kind || t === zh) return kind as AreaKind;
  if (t === '楼' || t === '楼宇') return 'building';
  return null;
}
