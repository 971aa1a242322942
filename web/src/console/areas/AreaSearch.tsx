import { SearchOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { Select, Spin } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { KindIcon } from './AreaKind';
import { pathLabel, searchQuery } from './areas.api';

/** Name or code search over everything the user may see; picking a result selects it in the tree. */
export function AreaSearch({ onSelect }: { onSelect: (id: number) => void }) {
  const { t } = useTranslation();
  const [text, setText] = useState('');
  const [term, setTerm] = useState('');
  useEffect(() => {
    const timer = setTimeout(() => setTerm(text.trim()), 250);
    return () => clearTimeout(timer);
  }, [text]);
  const results = useQuery(searchQuery(term));

  return (
    <Select<number>
      className="ds-area-search"
      value={null}
      prefix={<SearchOutlined />}
      placeholder={t('console.areas.searchPlaceholder')}
      aria-label={t('console.areas.searchLabel')}
      showSearch={{ filterOption: false, onSearch: setText, searchValue: text }}
      suffixIcon={null}
      popupMatchSelectWidth={380}
      notFoundContent={
        term ? results.isFetching ? <Spin size="small" /> : t('console.areas.searchEmpty') : null
      }
      options={(term ? (results.data ?? []) : []).map((a) => ({
        value: a.id,
        label: (
          <span className="ds-search-option">
            <KindIcon kind={a.kind} />
            <span className="ds-search-name">{a.name}</span>
            <span className="ds-search-code">{[pathLabel(a.path), a.code].filter(Boolean).join(' · ')}</span>
          </span>
        ),
      }))}
      onChange={(id) => {
        setText('');
        onSelect(id);
      }}
    />
  );
}
