import type { Me, Thing, ThingState } from '@doorstep/contract';
import { useQuery } from '@tanstack/react-query';
import { ActionSheet, Toast } from 'antd-mobile';
import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { type ApiError, api } from '../../app/api';
import i18n from '../../app/i18n';
import { queryClient } from '../../app/queries';
import { LoadError } from '../components/LoadError';
import { h5RecordsEnUS, h5RecordsZhCN } from '../locales/records';
import { SubHeader } from '../requests/ui';
import { enqueue, flush, readQueue } from './patrol-queue';
import './records.css';

i18n.addResourceBundle('zh-CN', 'translation', { h5: h5RecordsZhCN }, true, true);
i18n.addResourceBundle('en-US', 'translation', { h5: h5RecordsEnUS }, true, true);

const STATES: ThingState[] = ['intact', 'damaged', 'lost', 'occupied', 'removed'];

/**
 * 部件巡查 for grid workers: the 部件 of my grid; tapping one sets its state while walking the grid. A change is
 * kept on the phone first (works without signal), shown at once, and sent — again and again until the server
 * answers — with an Idempotency-Key, so a resend after a lost answer is applied once.
 */
export function PatrolPage(_: { me: Me }) {
  const { t } = useTranslation();
  const p = (k: string, o?: Record<string, unknown>) => t(`h5.patrol.${k}`, o);
  const [pending, setPending] = useState(readQueue());
  const things = useQuery({
    queryKey: ['patrol', 'things'],
    queryFn: () => api<{ items: Thing[]; total: number }>('/api/records/things?pageSize=200'),
  });

  const send = useCallback(async () => {
    if (!readQueue().length) return;
    const { sent, refused } = await flush();
    setPending(readQueue());
    for (const r of refused) Toast.show({ icon: 'fail', content: r.message });
    if (sent || refused.length) void queryClient.invalidateQueries({ queryKey: ['patrol'] });
  }, []);

  useEffect(() => {
    void send();
    const online = () => void send();
    window.addEventListener('online', online);
    const timer = window.setInterval(online, 15_000);
    return () => {
      window.removeEventListener('online', online);
      window.clearInterval(timer);
    };
  }, [send]);

  const choose = (x: Thing) => {
    const sheet = ActionSheet.show({
      extra: `${x.name} · ${x.code}`,
      cancelText: t('common.cancel'),
      actions: STATES.map((s) => ({
        key: s,
        text: p(`states.${s}`),
        disabled: s === x.state,
        onClick: () => {
          sheet.close();
          enqueue({ id: x.id, version: x.version, state: s });
          setPending(readQueue());
          void send();
        },
      })),
    });
  };

  const queued = new Map(pending.map((e) => [e.id, e]));
  return (
    <>
      <SubHeader title={p('title')} subtitle={p('subtitle')} fallback="/me" />
      <main className="h5-main h5-patrol">
        {pending.length > 0 && (
          <p className="h5-patrol-pending" role="status" data-testid="patrol-pending">
            {p('pending', { count: pending.length })}
          </p>
        )}
        {things.isError ? (
          <LoadError error={things.error as ApiError} onRetry={() => void things.refetch()} />
        ) : (
          <ul className="h5-patrol-list">
            {(things.data?.items ?? []).map((x) => {
              const q = queued.get(x.id);
              const state = (q?.state ?? x.state) as ThingState;
              return (
                <li key={x.id}>
                  <button type="button" onClick={() => choose(x)} data-testid={`patrol-thing-${x.code}`}>
                    <span className="h5-patrol-name">
                      <b>{x.name}</b>
                      <small>
                        {x.code} · {x.address?.label ?? x.area.name}
                      </small>
                    </span>
                    <span className={`h5-patrol-state h5-patrol-${state}`}>
                      {p(`states.${state}`)}
                      {q ? ` · ${p('waiting')}` : ''}
                    </span>
                  </button>
                </li>
              );
            })}
          </ul>
        )}
        {things.data && !things.data.items.length && <p className="h5-muted">{p('none')}</p>}
      </main>
    </>
  );
}
