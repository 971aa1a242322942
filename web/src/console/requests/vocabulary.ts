import {
  Channel,
  Nature,
  RequestStatus as RequestStatusEnum,
  type ResponderKind,
  Urgency,
  WHISTLE_RESPONDER,
  type WhistleKind,
  WhistleKind as WhistleKindEnum,
} from '@doorstep/contract';
import { useQuery } from '@tanstack/react-query';
import { useCallback } from 'react';
import { useTranslation } from 'react-i18next';
import { type Category, categoriesQuery } from './requests.api';

export const STATUSES = RequestStatusEnum.options;
export const CHANNELS = Channel.options;
/** The channels staff take in for residents (IntakeBody.channel). */
export const INTAKE_CHANNELS = Channel.exclude(['h5', 'open311', 'import']).options;
export const NATURES = Nature.options;
export const URGENCIES = Urgency.options;
export const WHISTLE_KINDS = WhistleKindEnum.options;

/** The whistle that calls a responder kind (a category's defaultResponder → the suggested whistle). */
export function whistleFor(kind: string | null | undefined): WhistleKind | undefined {
  return WHISTLE_KINDS.find((w) => (WHISTLE_RESPONDER[w] as string[]).includes(kind ?? ''));
}

export const respondersOf = (kind: WhistleKind): ResponderKind[] => WHISTLE_RESPONDER[kind];

/**
 * Category names in the UI language: the list and detail carry the Chinese name only, the
 * category list has both.
 */
export function useCategoryName() {
  const { i18n } = useTranslation();
  const categories = useQuery(categoriesQuery).data;
  const en = i18n.language.startsWith('en');
  return useCallback(
    (code: string, fallback: string) => {
      if (!en) return fallback;
      return categories?.find((c) => c.code === code)?.nameEn ?? fallback;
    },
    [categories, en],
  );
}

export const categoryLabel = (c: Category, en: boolean) => (en ? c.nameEn : c.nameZh);

/** Categories as grouped select options: the parent as the group, its children to choose. */
export function categoryOptions(categories: Category[], en: boolean) {
  const parents = categories.filter((c) => c.parentCode === null);
  return parents.map((p) => ({
    label: categoryLabel(p, en),
    title: categoryLabel(p, en),
    options: categories
      .filter((c) => c.parentCode === p.code)
      .map((c) => ({ value: c.code, label: categoryLabel(c, en) })),
  }));
}
