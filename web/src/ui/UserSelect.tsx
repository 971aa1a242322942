import type { PersonRef, Role } from '@doorstep/contract';
import { useQuery } from '@tanstack/react-query';
import { Select, Spin } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../app/api';

type Person = PersonRef & { roles?: Role[] };

interface Props {
  /** People already chosen, so their names show before any search. */
  known: PersonRef[];
  multiple?: boolean;
  allowClear?: boolean;
  placeholder?: string;
  id?: string;
  value?: string | string[] | null;
  onChange?: (value: string | string[] | null) => void;
}

/** Finds people of my street by name or phone (GET /api/users; phones come back masked). */
export function UserSelect({ known, multiple, allowClear, placeholder, id, value, onChange }: Props) {
  const { t } = useTranslation();
  const [text, setText] = useState('');
  const [term, setTerm] = useState('');
  const [seen, setSeen] = useState<Map<string, Person>>(() => new Map(known.map((p) => [p.userId, p])));
  useEffect(() => {
    const timer = setTimeout(() => setTerm(text.trim()), 250);
    return () => clearTimeout(timer);
  }, [text]);
  const results = useQuery({
    queryKey: ['users', term],
    queryFn: () => api<{ items: Person[] }>(`/api/users?q=${encodeURIComponent(term)}&limit=20`),
    staleTime: 30_000,
  });
  // Remember everyone shown, so a chosen person keeps their label after the next search.
  useEffect(() => {
    const items = results.data?.items;
    if (items?.length) setSeen((prev) => new Map([...prev, ...items.map((p) => [p.userId, p] as const)]));
  }, [results.data]);

  const shown = new Map<string, Person>();
  for (const v of [value ?? []].flat()) if (seen.has(v)) shown.set(v, seen.get(v)!);
  for (const p of results.data?.items ?? []) shown.set(p.userId, p);

  return (
    <Select<string | string[]>
      id={id}
      mode={multiple ? 'multiple' : undefined}
      allowClear={allowClear}
      value={value ?? (multiple ? [] : undefined)}
      onChange={(v) => onChange?.(v ?? null)}
      placeholder={placeholder}
      showSearch={{ filterOption: false, onSearch: setText }}
      notFoundContent={results.isFetching ? <Spin size="small" /> : undefined}
      options={[...shown.values()].map((p) => ({
        value: p.userId,
        label: p.phoneMasked ? `${p.name}（${p.phoneMasked}）` : p.name,
        roles: p.roles,
      }))}
      optionRender={(o) => (
        <span className="ds-user-option">
          <span>{o.label}</span>
          {o.data.roles && (
            <span className="ds-muted">{o.data.roles.map((r: Role) => t(`roles.${r}`)).join('、')}</span>
          )}
        </span>
      )}
    />
  );
}
