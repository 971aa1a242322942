import { type Me, type NotificationItem, notificationTitle } from '@doorstep/contract';
import { Button, SpinLoading, Toast } from 'antd-mobile';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { ApiError } from '../../app/api';
import { markRead, useNotifications } from '../../app/notifications';
import { EmptyState } from '../components/EmptyState';
import { ChevronRightIcon } from '../components/icons';
import { LoadError } from '../components/LoadError';
import { SubHeader, useWhen } from '../requests/ui';
import './notifications.css';

/** 消息: each step of my requests (and, for workers, what was whistled to them), newest first. */
export function NotificationsPage(_: { me: Me }) {
  const { t } = useTranslation();
  const list = useNotifications();
  const [marking, setMarking] = useState(false);
  const items = list.data?.pages.flatMap((p) => p.items) ?? [];
  const unread = list.data?.pages[0]?.unread ?? 0;

  const markAll = async () => {
    setMarking(true);
    try {
      await markRead({ all: true });
    } catch (e) {
      Toast.show({ icon: 'fail', content: e instanceof ApiError ? e.userMessage : t('common.networkError') });
    } finally {
      setMarking(false);
    }
  };

  return (
    <>
      <SubHeader
        title={t('h5.notifications.title')}
        subtitle={
          unread > 0 ? t('h5.notifications.unread', { count: unread }) : t('h5.notifications.subtitle')
        }
      >
        {unread > 0 && (
          <button
            type="button"
            className="h5-msg-markall"
            onClick={markAll}
            disabled={marking}
            data-testid="h5-msg-markall"
          >
            {t('h5.notifications.markAll')}
          </button>
        )}
      </SubHeader>
      <div className="h5-content h5-msg-content">
        {list.isPending ? (
          <div className="h5-center h5-center-short" aria-busy="true">
            <SpinLoading color="primary" style={{ '--size': '2.5rem' }} />
            <span>{t('common.loading')}</span>
          </div>
        ) : list.isError ? (
          <section className="h5-card">
            <LoadError error={list.error} onRetry={() => void list.refetch()} />
          </section>
        ) : items.length === 0 ? (
          <section className="h5-card" data-testid="h5-messages">
            <EmptyState title={t('h5.notifications.empty')} hint={t('h5.notifications.emptyHint')} />
          </section>
        ) : (
          <>
            <ul className="h5-msg-list" data-testid="h5-messages">
              {items.map((n) => (
                <li key={n.id}>
                  <MessageCard n={n} />
                </li>
              ))}
            </ul>
            {list.hasNextPage && (
              <Button
                block
                className="h5-block-button"
                loading={list.isFetchingNextPage}
                onClick={() => void list.fetchNextPage()}
              >
                {t('h5.notifications.more')}
              </Button>
            )}
          </>
        )}
      </div>
    </>
  );
}

function MessageCard({ n }: { n: NotificationItem }) {
  const { t, i18n } = useTranslation();
  const when = useWhen();
  const navigate = useNavigate();
  const unread = n.readAt === null;
  const open = () => {
    // read on open; the request page does not wait for it
    if (unread) void markRead({ ids: [n.id] }).catch(() => {});
    if (!n.canOpen) return;
    if (n.requestId !== null) navigate(`/requests/${n.requestId}`);
    // another module's notice: its link is an /h5/… path inside this app, or a console page
    else if (n.link?.startsWith('/h5/')) navigate(n.link.slice(3));
    else if (n.link) window.location.assign(n.link);
  };
  const title = notificationTitle(n, i18n.language || 'zh-CN');
  return (
    <button
      type="button"
      className={`h5-card h5-msg${unread ? ' h5-msg-unread' : ''}`}
      onClick={open}
      data-testid={`h5-msg-${n.id}`}
      aria-label={unread ? `${t('h5.notifications.unreadLabel')}：${title}` : title}
    >
      <span className="h5-msg-head">
        {unread && <span className="h5-msg-dot" aria-hidden="true" />}
        <b className="h5-msg-title">{title}</b>
        {n.canOpen && <ChevronRightIcon />}
      </span>
      {n.params.summary && <span className="h5-msg-summary">{n.params.summary}</span>}
      {n.params.note && <span className="h5-msg-note">“{n.params.note}”</span>}
      <span className="h5-msg-meta">
        <span>{when(n.createdAt)}</span>
        {n.publicNo && <span>{n.publicNo}</span>}
      </span>
    </button>
  );
}
