import { Spin } from 'antd';
import { type ReactNode, Suspense } from 'react';
import { useTranslation } from 'react-i18next';

/** A centred spinner while a page chunk or the first query loads. */
export function PageSpinner() {
  const { t } = useTranslation();
  return (
    <div className="ds-page-spinner" role="status">
      <Spin description={t('common.loading')} />
    </div>
  );
}

export function SuspensePage({ children }: { children: ReactNode }) {
  return <Suspense fallback={<PageSpinner />}>{children}</Suspense>;
}
