import { Button, Result } from 'antd';
import { useTranslation } from 'react-i18next';
import { useSignOut } from './useSignOut';

/** Residents and other H5-only accounts land here instead of an empty console. */
export function NoAccess() {
  const { t } = useTranslation();
  const signOut = useSignOut();
  const h5 = `${window.location.origin}/h5/`;
  return (
    <main className="ds-centered">
      <Result
        status="403"
        title={<h1 className="ds-result-title">{t('console.noAccess.title')}</h1>}
        subTitle={t('console.noAccess.description', { url: h5 })}
        extra={[
          <Button key="h5" type="primary" href="/h5/">
            {t('console.noAccess.openH5')}
          </Button>,
          <Button key="out" onClick={signOut}>
            {t('console.noAccess.switchAccount')}
          </Button>,
        ]}
      />
    </main>
  );
}
