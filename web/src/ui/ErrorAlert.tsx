import { Alert } from 'antd';
import { useTranslation } from 'react-i18next';
import type { ApiError } from '../app/api';

/** The server's message in the current language; a version conflict also says the data was reloaded. */
export function ErrorAlert({ error, className }: { error: ApiError | null; className?: string }) {
  const { t } = useTranslation();
  if (!error) return null;
  const conflict = error.status === 409 && /VERSION_CONFLICT|CONCURRENT/.test(error.problem?.code ?? '');
  return (
    <Alert
      type={conflict ? 'warning' : 'error'}
      showIcon
      role="alert"
      className={className ?? 'ds-form-alert'}
      title={conflict ? t('console.errors.conflict') : error.userMessage}
      description={conflict ? error.userMessage : undefined}
    />
  );
}
