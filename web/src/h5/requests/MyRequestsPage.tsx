import type { Me, RequestSummary } from '@doorstep/contract';
import { SpinLoading } from 'antd-mobile';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { EmptyState } from '../components/EmptyState';
import { ChevronRightIcon, ReportIcon } from '../components/icons';
import { LoadError } from '../components/LoadError';
import { DEADLINE_RUNNING } from './model';
import { useCategoryName, useMyRequests } from './queries';
import { Deadline, Fact, StatusTag, useHolder, useWhen } from './ui';

/** 我的诉求: every request I reported, newest first, with its status, who holds it and its deadline. */
export function MyRequestsPage(_: { me: Me }) {
  const { t } = useTranslation();
  const list = useMyRequests();
  return (
    <>
      <header className="h5-hero h5-list-hero">
        <h1 className="h5-subhero-title">{t('h5.requests.list.title')}</h1>
        <p className="h5-subhero-sub">{t('h5.requests.list.subtitle')}</p>
      </header>
      <div className="h5-content">
        <Link to="/report" className="h5-report-entry h5-report-entry-card" data-testid="h5-list-report">
          <ReportIcon />
          <span className="h5-report-entry-text">
            <b>{t('h5.requests.list.new')}</b>
          </span>
          <ChevronRightIcon />
        </Link>
        {list.isPending ? (
          <div className="h5-center h5-center-short" aria-busy="true">
            <SpinLoading color="primary" style={{ '--size': '2.5rem' }} />
            <span>{t('common.loading')}</span>
          </div>
        ) : list.isError ? (
          <section className="h5-card">
            <LoadError error={list.error} onRetry={() => void list.refetch()} />
          </section>
        ) : list.data.items.length === 0 ? (
          <section className="h5-card" data-testid="h5-my-requests">
            <EmptyState title={t('h5.requests.list.emptyTitle')} hint={t('h5.requests.list.emptyHint')} />
          </section>
        ) : (
          <ul className="h5-request-list" data-testid="h5-my-requests">
            {list.data.items.map((r) => (
              <li key={r.id}>
                <RequestCard r={r} />
              </li>
            ))}
          </ul>
        )}
      </div>
    </>
  );
}

function RequestCard({ r }: { r: RequestSummary }) {
  const { t } = useTranslation();
  const when = useWhen();
  const holder = useHolder()(r);
  const categoryName = useCategoryName();
  return (
    <Link
      to={`/requests/${r.id}`}
      className={`h5-card h5-request-card${r.status === 'verified' ? ' h5-request-card-action' : ''}`}
      data-testid={`h5-request-card-${r.id}`}
    >
      <div className="h5-request-card-head">
        <StatusTag status={r.status} />
        <span className="h5-request-no">
          {r.publicNo}
          <ChevronRightIcon />
        </span>
      </div>
      <div className="h5-request-card-cat">
        {categoryName(r.categoryCode, r.categoryName)}
        <span aria-hidden="true"> · </span>
        {t(`h5.requests.nature.${r.nature}`)}
      </div>
      <p className="h5-request-card-text">{r.description}</p>
      <dl className="h5-facts">
        {holder && <Fact label={t('h5.requests.holder')}>{holder}</Fact>}
        {r.resolveDueAt && DEADLINE_RUNNING.includes(r.status) && (
          <Fact label={t('h5.requests.deadline')}>
            <Deadline s={r} />
          </Fact>
        )}
        {r.satisfaction && (
          <Fact label={t('h5.requests.rated')}>{t(`h5.requests.satisfaction.${r.satisfaction}`)}</Fact>
        )}
        <Fact label={t('h5.requests.createdAt')}>{when(r.createdAt)}</Fact>
      </dl>
      {r.status === 'verified' && (
        <span className="h5-request-card-cta">
          {t('h5.requests.list.toRate')}
          <ChevronRightIcon />
        </span>
      )}
    </Link>
  );
}
