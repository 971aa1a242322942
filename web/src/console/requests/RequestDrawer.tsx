import { ReloadOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { Button, Drawer, Result, Tooltip } from 'antd';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../app/api';
import { PageSpinner } from '../shell/SuspensePage';
import { DRAWER_WIDTH } from './layout';
import { RequestDetailView } from './RequestDetailView';
import { detailQuery } from './requests.api';

/** The request on the right, over the list (which stays clickable, so the next row opens in place). */
export function RequestDrawer({
  id,
  onClose,
  onOpen,
}: {
  id: number | null;
  onClose: () => void;
  onOpen: (id: number) => void;
}) {
  const { t } = useTranslation();
  const detail = useQuery({ ...detailQuery(id ?? 0), enabled: id != null });
  const data = id != null && detail.data?.id === id ? detail.data : undefined;
  return (
    <Drawer
      open={id != null}
      onClose={onClose}
      size={DRAWER_WIDTH}
      mask={false}
      rootClassName="ds-req-drawer"
      title={
        <span className="ds-req-drawer-title">
          {data ? data.publicNo : t('console.requests.detail.label')}
        </span>
      }
      closable={{ 'aria-label': t('console.requests.detail.close') }}
      extra={
        <Tooltip title={t('console.requests.detail.reload')}>
          <Button
            type="text"
            icon={<ReloadOutlined />}
            aria-label={t('console.requests.detail.reload')}
            loading={detail.isFetching}
            onClick={() => detail.refetch()}
          />
        </Tooltip>
      }
    >
      {detail.isError ? (
        <Result
          status={detail.error instanceof ApiError && detail.error.status === 404 ? '404' : 'warning'}
          title={
            detail.error instanceof ApiError && detail.error.status === 404
              ? t('console.requests.detail.notFound')
              : detail.error instanceof ApiError
                ? detail.error.userMessage
                : t('console.errors.loadFailed')
          }
          extra={<Button onClick={() => detail.refetch()}>{t('console.errors.retry')}</Button>}
        />
      ) : data ? (
        <RequestDetailView detail={data} onOpen={onOpen} />
      ) : (
        <PageSpinner />
      )}
    </Drawer>
  );
}
