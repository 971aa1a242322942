import { BellOutlined } from '@ant-design/icons';
import { type NotificationItem, notificationTitle } from '@doorstep/contract';
import { App, Badge, Button, Drawer, Empty, Grid, Popover, Spin } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { ApiError } from '../../app/api';
import { markRead, useNotifications, useUnreadCount } from '../../app/notifications';
import { shortDateTime } from '../requests/deadline';
import './notifications.css';

/**
 * The header's bell: unread count, and the latest messages opening the request drawer — a dropdown on a
 * desktop, a drawer from the right on a phone.
 */
export function NotificationBell() {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  const narrow = !Grid.useBreakpoint().sm;
  const unread = useUnreadCount().data ?? 0;
  const button = (
    <Button
      type="text"
      className="ds-header-btn ds-bell"
      data-testid="console-bell"
      aria-label={
        unread ? t('console.notifications.bellUnread', { count: unread }) : t('console.notifications.bell')
      }
      onClick={narrow ? () => setOpen(true) : undefined}
      icon={
        <Badge count={unread} overflowCount={99} size="small" offset={[4, -2]}>
          <BellOutlined className="ds-bell-icon" />
        </Badge>
      }
    />
  );
  if (narrow)
    return (
      <>
        {button}
        <Drawer
          open={open}
          onClose={() => setOpen(false)}
          placement="right"
          size="min(100vw, 420px)"
          title={t('console.notifications.title')}
          styles={{ body: { padding: 0 } }}
          destroyOnHidden
        >
          <NotificationPanel onDone={() => setOpen(false)} inDrawer />
        </Drawer>
      </>
    );
  return (
    <Popover
      open={open}
      onOpenChange={setOpen}
      trigger="click"
      placement="bottomRight"
      arrow={false}
      content={<NotificationPanel onDone={() => setOpen(false)} />}
      destroyOnHidden
      styles={{ container: { padding: 0 } }}
    >
      {button}
    </Popover>
  );
}

function NotificationPanel({ onDone, inDrawer }: { onDone: () => void; inDrawer?: boolean }) {
  const { t, i18n } = useTranslation();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const list = useNotifications();
  const items = list.data?.pages.flatMap((p) => p.items) ?? [];
  const unread = list.data?.pages[0]?.unread ?? 0;
  const fail = (e: unknown) =>
    message.error(e instanceof ApiError ? e.userMessage : t('console.notifications.loadFailed'));

  const open = (n: NotificationItem) => {
    if (n.readAt === null) void markRead({ ids: [n.id] }).catch(fail);
    if (!n.canOpen) return;
    onDone();
    if (n.requestId !== null) navigate(`/requests/${n.requestId}`);
    // another module's notice: a console path, or an /h5/… page of the resident app
    else if (n.link?.startsWith('/h5/')) window.location.assign(n.link);
    else if (n.link) navigate(n.link);
  };

  return (
    <div className="ds-notif" data-testid="console-notifications">
      <div className="ds-notif-head">
        {/* the drawer has the title in its own header */}
        <b>{inDrawer ? null : t('console.notifications.title')}</b>
        <Button
          type="link"
          size="small"
          disabled={unread === 0}
          onClick={() => void markRead({ all: true }).catch(fail)}
          data-testid="console-notif-markall"
        >
          {t('console.notifications.markAll')}
        </Button>
      </div>
      {list.isPending ? (
        <div className="ds-notif-empty">
          <Spin />
        </div>
      ) : list.isError ? (
        <div className="ds-notif-empty">{t('console.notifications.loadFailed')}</div>
      ) : items.length === 0 ? (
        <Empty
          className="ds-notif-empty"
          image={Empty.PRESENTED_IMAGE_SIMPLE}
          description={
            <>
              <div>{t('console.notifications.empty')}</div>
              <div className="ds-notif-hint">{t('console.notifications.emptyHint')}</div>
            </>
          }
        />
      ) : (
        <ul className="ds-notif-list">
          {items.map((n) => (
            <li key={n.id}>
              <button
                type="button"
                className={`ds-notif-item${n.readAt === null ? ' ds-notif-unread' : ''}`}
                onClick={() => open(n)}
                data-testid={`console-notif-${n.id}`}
              >
                <span className="ds-notif-title">
                  {n.readAt === null && (
                    <>
                      <span className="ds-notif-dot" aria-hidden="true" />
                      <span className="ds-notif-sr">{t('console.notifications.unread')}</span>
                    </>
                  )}
                  {notificationTitle(n, i18n.language || 'zh-CN')}
                </span>
                {n.params.summary && <span className="ds-notif-summary">{n.params.summary}</span>}
                <span className="ds-notif-meta">
                  {n.publicNo && <span>{n.publicNo}</span>}
                  <span>{shortDateTime(n.createdAt)}</span>
                </span>
              </button>
            </li>
          ))}
        </ul>
      )}
      {list.hasNextPage && (
        <div className="ds-notif-foot">
          <Button
            type="link"
            size="small"
            loading={list.isFetchingNextPage}
            onClick={() => void list.fetchNextPage()}
          >
            {t('console.notifications.more')}
          </Button>
        </div>
      )}
    </div>
  );
}
