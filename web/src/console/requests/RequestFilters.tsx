import { ReloadOutlined, SearchOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { Button, Input, Select } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { categoriesQuery, type ListParams } from './requests.api';
import { CHANNELS, categoryLabel, NATURES, STATUSES } from './vocabulary';

export interface GridOption {
  id: number;
  name: string;
  communityName: string;
}

type Change = Partial<Record<keyof ListParams, string | number | undefined>>;

/** Search, status, grid, category, channel and nature; every change reloads the list from page 1. */
export function RequestFilters({
  params,
  grids,
  filtered,
  onChange,
  onReset,
}: {
  params: ListParams;
  grids: GridOption[];
  filtered: boolean;
  onChange: (c: Change) => void;
  onReset: () => void;
}) {
  const { t, i18n } = useTranslation();
  const f = (k: string, o?: Record<string, unknown>) => t(`console.requests.filters.${k}`, o);
  const en = i18n.language.startsWith('en');
  const categories = useQuery(categoriesQuery).data ?? [];
  const [text, setText] = useState(params.q ?? '');
  useEffect(() => setText(params.q ?? ''), [params.q]);
  const communities = new Set(grids.map((g) => g.communityName));

  const select = (
    key: keyof ListParams,
    label: string,
    options: { value: string | number; label: string }[],
  ) => (
    <Select<string | number>
      className="ds-req-filter"
      aria-label={label}
      placeholder={label}
      allowClear
      showSearch={{ optionFilterProp: 'label' }}
      value={params[key] ?? undefined}
      onChange={(v) => onChange({ [key]: v ?? undefined })}
      options={options}
      popupMatchSelectWidth={false}
      data-testid={`requests-filter-${key}`}
    />
  );

  return (
    <search className="ds-req-filters" aria-label={f('label')}>
      <Input
        className="ds-req-search"
        prefix={<SearchOutlined aria-hidden />}
        placeholder={f('search')}
        aria-label={f('search')}
        allowClear
        value={text}
        maxLength={50}
        onChange={(e) => {
          setText(e.target.value);
          if (!e.target.value) onChange({ q: undefined });
        }}
        onPressEnter={() => onChange({ q: text.trim() || undefined })}
        onBlur={() => text.trim() !== (params.q ?? '') && onChange({ q: text.trim() || undefined })}
      />
      {select(
        'status',
        f('status'),
        STATUSES.map((s) => ({ value: s, label: t(`console.requests.status.${s}`) })),
      )}
      {grids.length > 0 &&
        select(
          'gridId',
          f('grid'),
          grids.map((g) => ({
            value: g.id,
            label: communities.size > 1 ? `${g.communityName} · ${g.name}` : g.name,
          })),
        )}
      <Select<string>
        className="ds-req-filter ds-req-filter-wide"
        aria-label={f('category')}
        placeholder={f('category')}
        allowClear
        showSearch={{ optionFilterProp: 'label' }}
        value={params.categoryCode}
        onChange={(v) => onChange({ categoryCode: v ?? undefined })}
        popupMatchSelectWidth={false}
        // A parent filters all its children (the API matches either).
        options={categories
          .filter((c) => c.parentCode === null)
          .map((p) => ({
            label: categoryLabel(p, en),
            title: categoryLabel(p, en),
            options: [
              { value: p.code, label: f('allOf', { name: categoryLabel(p, en) }) },
              ...categories
                .filter((c) => c.parentCode === p.code)
                .map((c) => ({ value: c.code, label: categoryLabel(c, en) })),
            ],
          }))}
      />
      {select(
        'channel',
        f('channel'),
        CHANNELS.map((c) => ({ value: c, label: t(`console.requests.channels.${c}`) })),
      )}
      {select(
        'nature',
        f('nature'),
        NATURES.map((n) => ({ value: n, label: t(`console.requests.natures.${n}`) })),
      )}
      {filtered && (
        <Button type="link" icon={<ReloadOutlined />} onClick={onReset}>
          {f('reset')}
        </Button>
      )}
    </search>
  );
}
