import type { AreaKind, AreaNode } from '@doorstep/contract';
import type { FormRule } from 'antd';
import type { TFunction } from 'i18next';

/** GB/T 30428.1: street 9 digits, community 12, grid 15; each extends its parent's code by 3. */
export const CODE_DIGITS: Partial<Record<AreaKind, number>> = { street: 9, community: 12, grid: 15 };

const FREE_CODE = /^[0-9A-Za-z-]{1,32}$/;

/** Form rules mirroring the server's code checks, so mistakes show before saving. */
export function codeRules(kind: AreaKind, parentCode: string | null, t: TFunction): FormRule[] {
  const digits = CODE_DIGITS[kind];
  return [
    {
      validator: async (_r, raw: string | undefined) => {
        const code = (raw ?? '').trim();
        if (!code) return;
        if (!FREE_CODE.test(code)) throw new Error(t('console.areas.validation.codeChars'));
        if (!digits) return;
        if (!new RegExp(`^\\d{${digits}}$`).test(code))
          throw new Error(t('console.areas.validation.codeDigits', { kind: t(`kinds.${kind}`), n: digits }));
        if (parentCode && /^\d+$/.test(parentCode) && !code.startsWith(parentCode))
          throw new Error(t('console.areas.validation.codePrefix', { parent: parentCode }));
      },
    },
  ];
}

/** The hint under the code field for a new child of this kind. */
export function codeHint(kind: AreaKind, parentCode: string | null, t: TFunction): string {
  const parent = parentCode ?? '…';
  if (kind === 'community') return t('console.areas.add.codeHintCommunity', { parent });
  if (kind === 'grid') return t('console.areas.add.codeHintGrid', { parent });
  return t('console.areas.add.codeHintFree', { example: `${parentCode ?? '990101001001001'}-01` });
}

/** The next free code under the parent: next 3-digit sequence for communities and grids, "-NN" below. */
export function suggestCode(kind: AreaKind, parentCode: string | null, siblings: AreaNode[]): string | null {
  if (!parentCode) return null;
  const digits = CODE_DIGITS[kind];
  if (digits) {
    if (!new RegExp(`^\\d{${digits - 3}}$`).test(parentCode)) return null;
    const used = siblings
      .map((s) => s.code ?? '')
      .filter((c) => c.length === digits && c.startsWith(parentCode))
      .map((c) => Number(c.slice(-3)));
    const next = Math.max(0, ...used) + 1;
    return next > 999 ? null : `${parentCode}${String(next).padStart(3, '0')}`;
  }
  const prefix = `${parentCode}-`;
  const used = siblings
    .map((s) => s.code ?? '')
    .filter((c) => c.startsWith(prefix) && /^\d+$/.test(c.slice(prefix.length)))
    .map((c) => Number(c.slice(prefix.length)));
  return `${prefix}${String(Math.max(0, ...used) + 1).padStart(2, '0')}`;
}
