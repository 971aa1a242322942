import { Button, Dialog } from 'antd-mobile';
import { useTranslation } from 'react-i18next';
import type { QueuedEdit } from './edit-queue';

/** [label, value] lines of an edit's fields, from the worker's body or from the server's record. */
export type Describe = (edit: QueuedEdit, from: 'mine' | 'server') => [string, string][];

/**
 * The edits still on the phone: waiting (with the next try), 冲突 (the worker's value beside the server's, retry
 * on top of it or discard), or refused (the message; retry or discard). Nothing typed disappears by itself.
 */
export function PendingEdits({
  items,
  kinds,
  describe,
  retry,
  discard,
}: {
  items: QueuedEdit[];
  kinds: QueuedEdit['kind'][];
  describe: Describe;
  retry: (key: string) => void;
  discard: (key: string) => void;
}) {
  const { t } = useTranslation();
  const q = (k: string, o?: Record<string, unknown>) => t(`h5.queue.${k}`, o);
  const mine = items.filter((e) => kinds.includes(e.kind));
  if (!mine.length) return null;
  const waiting = mine.filter((e) => e.status === 'waiting').length;
  const confirmDiscard = async (e: QueuedEdit) => {
    if (await Dialog.confirm({ content: q('discardConfirm', { label: e.label }) })) discard(e.key);
  };
  return (
    <section className="h5-queue" aria-label={q('title')} data-testid="edit-queue">
      {waiting > 0 && (
        <p className="h5-patrol-pending" role="status" data-testid="patrol-pending">
          {q('pending', { count: waiting })}
        </p>
      )}
      <ul className="h5-queue-list">
        {mine
          .filter((e) => e.status !== 'waiting')
          .map((e) => (
            <li
              key={e.key}
              className={`h5-queue-item h5-queue-${e.status}`}
              data-testid={`queue-${e.kind}-${e.id}`}
            >
              <div className="h5-queue-head">
                <b>{e.label}</b>
                <span className="h5-queue-badge">{q(e.status)}</span>
              </div>
              <p className="h5-queue-msg">{e.status === 'conflict' ? q('conflictHint') : e.message}</p>
              <dl className="h5-queue-diff">
                <dt>{q('mine')}</dt>
                <dd>
                  {describe(e, 'mine').map(([k, v]) => (
                    <span key={k}>
                      {k}：{v}
                    </span>
                  ))}
                </dd>
                {e.status === 'conflict' && e.server && (
                  <>
                    <dt>{q('server')}</dt>
                    <dd data-testid="queue-server-value">
                      {describe(e, 'server').map(([k, v]) => (
                        <span key={k}>
                          {k}：{v}
                        </span>
                      ))}
                    </dd>
                  </>
                )}
              </dl>
              <div className="h5-queue-actions">
                <Button color="primary" size="middle" onClick={() => retry(e.key)} data-testid="queue-retry">
                  {e.status === 'conflict' ? q('keepMine') : q('retry')}
                </Button>
                <Button size="middle" onClick={() => void confirmDiscard(e)} data-testid="queue-discard">
                  {q('discard')}
                </Button>
              </div>
            </li>
          ))}
      </ul>
    </section>
  );
}
