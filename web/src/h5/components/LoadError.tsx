import { Button } from 'antd-mobile';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../app/api';

/** A failed load (network down, server error) with the reason and a retry button. */
export function LoadError({ error, onRetry }: { error: unknown; onRetry: () => void }) {
  const { t } = useTranslation();
  const message = error instanceof ApiError ? error.userMessage : t('common.networkError');
  return (
    <div className="h5-center" role="alert">
      <b>{t('h5.loadFailed')}</b>
      <p>{message}</p>
      <Button color="primary" size="large" className="h5-block-button" onClick={onRetry}>
        {t('h5.retry')}
      </Button>
    </div>
  );
}
