import { Alert } from 'antd';
import { useTranslation } from 'react-i18next';
import type { ApiError } from '../app/api';

/** The server's message in the current language; a version conflict also says the data was reloaded. */
export function ErrorAlert({
  error,
  className,
  hint,
}: {
  error: ApiError | null;
  className?: string;
  /** A line under the message, e.g. that what the user typed or chose is kept. */
  hint?: string;
}) {
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
      description={conflict ? error.userMessage : hint}
    />
  );
}
