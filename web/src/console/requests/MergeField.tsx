import type { RequestDetail } from '@doorstep/contract';
import { useQuery } from '@tanstack/react-query';
import { Form, Select, Spin } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { searchQuery } from './requests.api';

/** The request a duplicate is merged into, found by number or words of its description. */
export function MergeField({ detail }: { detail: RequestDetail }) {
  const { t } = useTranslation();
  const m = (k: string) => t(`console.requests.merge.${k}`);
  const [text, setText] = useState('');
  const [term, setTerm] = useState('');
  useEffect(() => {
    const timer = setTimeout(() => setTerm(text.trim()), 250);
    return () => clearTimeout(timer);
  }, [text]);
  const results = useQuery(searchQuery(term));
  const options = (results.data?.items ?? []).filter((r) => r.id !== detail.id && r.status !== 'closed');
  return (
    <Form.Item name="intoId" label={m('target')} rules={[{ required: true, message: m('targetRequired') }]}>
      <Select<number>
        placeholder={m('targetPlaceholder')}
        showSearch={{ filterOption: false, onSearch: setText }}
        notFoundContent={term ? results.isFetching ? <Spin size="small" /> : m('searchEmpty') : null}
        options={options.map((r) => ({
          value: r.id,
          label: (
            <span className="ds-search-option">
              <span className="ds-search-name">{r.publicNo}</span>
              <span className="ds-search-code">
                {r.categoryName} · {r.description}
              </span>
            </span>
          ),
        }))}
      />
    </Form.Item>
  );
}
