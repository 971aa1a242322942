import type { BriefItem, Me } from '@doorstep/contract';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Button, TextArea, Toast } from 'antd-mobile';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { type ApiError, api } from '../../app/api';
import i18n from '../../app/i18n';
import { LoadError } from '../components/LoadError';
import { SubHeader } from '../requests/ui';

const zh = {
  brief: {
    title: '晨读交办',
    subtitle: '晨会交给我的事项，办完当天回报',
    none: '目前没有交办给你的事项。',
    due: '回报期限 {{at}}',
    placeholder: '做了什么、结果如何',
    send: '回报',
    sent: '已回报',
    state: { open: '待交办', assigned: '待回报', dismissed: '已撤销', reported: '已回报' },
  },
};
const en: typeof zh = {
  brief: {
    title: 'Brief items',
    subtitle: 'What the morning meeting gave me; report back the same day',
    none: 'Nothing is assigned to you.',
    due: 'Report back by {{at}}',
    placeholder: 'What was done and what came of it',
    send: 'Report back',
    sent: 'Reported',
    state: { open: 'Open', assigned: 'To report', dismissed: 'Dismissed', reported: 'Reported back' },
  },
};
i18n.addResourceBundle('zh-CN', 'translation', { h5: zh }, true, true);
i18n.addResourceBundle('en-US', 'translation', { h5: en }, true, true);

const at = (iso: string | null) =>
  iso
    ? new Intl.DateTimeFormat('zh-CN', {
        timeZone: 'Asia/Shanghai',
        dateStyle: 'short',
        timeStyle: 'short',
      }).format(new Date(iso))
    : '';

function Item({ item }: { item: BriefItem }) {
  const { t } = useTranslation();
  const m = (k: string, o?: Record<string, unknown>) => t(`h5.brief.${k}`, o);
  const qc = useQueryClient();
  const [text, setText] = useState('');
  const send = useMutation({
    mutationFn: () =>
      api(`/api/insights/brief-items/${item.id}/report`, {
        method: 'POST',
        json: { text, version: item.version },
      }),
    onSuccess: () => {
      Toast.show({ icon: 'success', content: m('sent') });
      void qc.invalidateQueries({ queryKey: ['insights', 'mine'] });
    },
    onError: (e) => Toast.show({ icon: 'fail', content: (e as ApiError).userMessage }),
  });
  return (
    <section className="h5-card" data-testid="h5-brief-item">
      <h2 className="h5-card-title">{item.title}</h2>
      {item.detail && <p className="h5-hint">{item.detail}</p>}
      <p className="h5-hint">
        {item.communityName} · {m(`state.${item.state}`)}
        {item.state === 'assigned' && item.dueAt ? ` · ${m('due', { at: at(item.dueAt) })}` : ''}
      </p>
      {item.note && <p>{item.note}</p>}
      {item.report && <p data-testid="h5-brief-report">{item.report}</p>}
      {item.state === 'assigned' && (
        <>
          <TextArea
            value={text}
            onChange={setText}
            placeholder={m('placeholder')}
            rows={3}
            maxLength={1000}
            data-testid="h5-brief-text"
          />
          <Button
            block
            color="primary"
            disabled={text.trim().length < 2}
            loading={send.isPending}
            onClick={() => send.mutate()}
            data-testid="h5-brief-send"
            style={{ marginTop: 8 }}
          >
            {m('send')}
          </Button>
        </>
      )}
    </section>
  );
}

/** 晨读交办: the brief items assigned to me (grid workers, staff, responders), each reported back here. */
export function MyBriefItemsPage(_: { me: Me }) {
  const { t } = useTranslation();
  const m = (k: string) => t(`h5.brief.${k}`);
  const mine = useQuery({
    queryKey: ['insights', 'mine'],
    queryFn: () => api<{ items: BriefItem[] }>('/api/insights/brief-items/mine').then((r) => r.items),
  });
  return (
    <>
      <SubHeader title={m('title')} subtitle={m('subtitle')} fallback="/me" />
      <div className="h5-content h5-content-sub">
        {mine.isError && <LoadError error={mine.error} onRetry={() => void mine.refetch()} />}
        {mine.data?.length === 0 && <p className="h5-hint">{m('none')}</p>}
        {mine.data?.map((i) => (
          <Item key={i.id} item={i} />
        ))}
      </div>
    </>
  );
}
