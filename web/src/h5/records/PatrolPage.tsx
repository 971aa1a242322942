import type { Me, Thing, ThingState } from '@doorstep/contract';
import { useQuery } from '@tanstack/react-query';
import { ActionSheet } from 'antd-mobile';
import { useTranslation } from 'react-i18next';
import { type ApiError, api } from '../../app/api';
import i18n from '../../app/i18n';
import { LoadError } from '../components/LoadError';
import { h5RecordsEnUS, h5RecordsZhCN } from '../locales/records';
import { SubHeader } from '../requests/ui';
import type { QueuedEdit } from './edit-queue';
import { PendingEdits } from './PendingEdits';
import { useEditQueue } from './queue';
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
  const things = useQuery({
    queryKey: ['patrol', 'things'],
    queryFn: () => api<{ items: Thing[]; total: number }>('/api/records/things?pageSize=200'),
  });

  const queue = useEditQueue([['patrol']]);
  const describe = (e: QueuedEdit, from: 'mine' | 'server'): [string, string][] => {
    const state = (from === 'mine' ? e.body.state : e.server?.state) as string | undefined;
    return state ? [[p('state'), p(`states.${state}`)]] : [];
  };

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
          queue.push({
            kind: 'thing',
            id: x.id,
            version: x.version,
            label: `${x.name} · ${x.code}`,
            body: { state: s },
          });
        },
      })),
    });
  };

  const queued = new Map(queue.items.filter((e) => e.kind === 'thing').map((e) => [e.id, e]));
  return (
    <>
      <SubHeader title={p('title')} subtitle={p('subtitle')} fallback="/me" />
      <main className="h5-main h5-patrol">
        <PendingEdits
          items={queue.items}
          kinds={['thing']}
          describe={describe}
          retry={(k) => void queue.retry(k)}
          discard={queue.discard}
        />
        {things.isError ? (
          <LoadError error={things.error as ApiError} onRetry={() => void things.refetch()} />
        ) : (
          <ul className="h5-patrol-list">
            {(things.data?.items ?? []).map((x) => {
              const q = queued.get(x.id);
              const state = ((q?.body.state as string | undefined) ?? x.state) as ThingState;
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
                      {q ? ` · ${t(`h5.queue.${q.status}`)}` : ''}
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
