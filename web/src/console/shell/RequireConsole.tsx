import { Button, Result } from 'antd';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Navigate, useLocation } from 'react-router';
import { useMe } from '../../app/queries';
import { isResponderOnly } from '../requests/access';
import { NoAccess } from './NoAccess';
import { PageSpinner } from './SuspensePage';

/** Signed out → login (remembering where they were going); no console role → the H5 pointer. */
export function RequireConsole({ children }: { children: ReactNode }) {
  const { t } = useTranslation();
  const me = useMe();
  const location = useLocation();
  if (me.isPending) return <PageSpinner />;
  if (me.isError)
    return (
      <Result
        status="warning"
        title={t('console.errors.loadFailed')}
        subTitle={t('common.networkError')}
        extra={<Button onClick={() => me.refetch()}>{t('console.errors.retry')}</Button>}
      />
    );
  if (!me.data) return <Navigate to="/login" replace state={{ from: location.pathname }} />;
  if (!me.data.consoleAccess) return <NoAccess />;
  // A responder (物业, 驻区单位…) has no area to manage: their console is the requests workbench.
  if (isResponderOnly(me.data) && !location.pathname.startsWith('/requests'))
    return <Navigate to="/requests" replace />;
  return children;
}
