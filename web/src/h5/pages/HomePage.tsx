import type { Me } from '@doorstep/contract';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { BADGE_MAX, useUnreadCount } from '../../app/notifications';
import { EmptyState } from '../components/EmptyState';
import {
  BellIcon,
  BuildingsIcon,
  ChevronRightIcon,
  ClipboardIcon,
  GridIcon,
  PeopleIcon,
  PhoneIcon,
  PinIcon,
  ReportIcon,
  TeamIcon,
} from '../components/icons';
import { RoleTags } from '../components/RoleTag';
import { formatCount, formatPhone, greetingKey, numberProp } from '../format';
import { useMyRequests } from '../requests/queries';

/** 首页: who I am, my community, my grid and the grid worker I can call. */
export function HomePage({ me }: { me: Me }) {
  const { t } = useTranslation();
  const { home } = me;
  const greeting = t(`h5.home.greeting.${greetingKey(new Date().getHours())}`);
  const place = [home.street?.name, home.community?.name, home.grid?.name].filter((p): p is string => !!p);
  const iAmTheWorker = home.gridWorker?.userId === me.user.id;

  const worker = <WorkerCard me={me} key="worker" />;
  const community = <CommunityCard me={me} key="community" />;
  const grid = <GridCard me={me} key="grid" />;
  // A resident's most useful thing is the person to call: put it first when there is one.
  const cards = home.gridWorker && !iAmTheWorker ? [worker, community, grid] : [community, grid, worker];

  return (
    <>
      <header className="h5-hero">
        <h1 className="h5-greeting">
          {me.user.name
            ? t('h5.home.greetingName', { greeting, name: me.user.name })
            : t('h5.home.greetingNoName', { greeting })}
        </h1>
        {place.length > 0 && (
          <p className="h5-place">
            <PinIcon />
            <span>
              {place.map((p, i) => (
                <span key={p} className="h5-nowrap">
                  {i > 0 && ' · '}
                  {p}
                </span>
              ))}
            </span>
          </p>
        )}
        {me.roles.length > 0 && (
          <section aria-label={t('h5.home.myRoles')}>
            <RoleTags roles={me.roles} />
          </section>
        )}
      </header>
      <div className="h5-content">
        <ReportEntry />
        {cards}
      </div>
    </>
  );
}

/** 随手拍 first (the thing to do), then 我的诉求 with how many wait for a rating. */
function ReportEntry() {
  const { t } = useTranslation();
  const mine = useMyRequests();
  const toRate = mine.data?.items.filter((r) => r.status === 'verified').length ?? 0;
  const unread = useUnreadCount().data ?? 0;
  return (
    <nav className="h5-card h5-report-home" aria-label={t('h5.home.report.title')}>
      <Link to="/report" className="h5-report-entry" data-testid="h5-report-entry">
        <ReportIcon />
        <span className="h5-report-entry-text">
          <b>{t('h5.home.report.title')}</b>
          <span>{t('h5.home.report.hint')}</span>
        </span>
        <ChevronRightIcon />
      </Link>
      <Link to="/requests" className="h5-mine-entry" data-testid="h5-my-requests-entry">
        <ClipboardIcon />
        <span className="h5-mine-entry-text">
          <b>{t('h5.home.report.mine')}</b>
          {toRate > 0 ? (
            <span className="h5-badge">{t('h5.home.report.toRate', { count: toRate })}</span>
          ) : (
            <span>{t('h5.home.report.mineHint')}</span>
          )}
        </span>
        <ChevronRightIcon />
      </Link>
      <Link to="/wishes" className="h5-mine-entry" data-testid="h5-wishes-entry">
        <PeopleIcon />
        <span className="h5-mine-entry-text">
          <b>{t('h5.participation.wishes')}</b>
          <span>{t('h5.participation.wishesHint')}</span>
        </span>
        <ChevronRightIcon />
      </Link>
      <Link to="/hall" className="h5-mine-entry" data-testid="h5-hall-entry">
        <TeamIcon />
        <span className="h5-mine-entry-text">
          <b>{t('h5.participation.hall')}</b>
          <span>{t('h5.participation.hallHint')}</span>
        </span>
        <ChevronRightIcon />
      </Link>
      <Link to="/microprojects" className="h5-mine-entry" data-testid="h5-micro-entry">
        <ClipboardIcon />
        <span className="h5-mine-entry-text">
          <b>{t('h5.participation.micro')}</b>
          <span>{t('h5.participation.microHint')}</span>
        </span>
        <ChevronRightIcon />
      </Link>
      <Link to="/figures" className="h5-mine-entry" data-testid="h5-figures-entry">
        <GridIcon />
        <span className="h5-mine-entry-text">
          <b>{t('h5.participation.figures')}</b>
          <span>{t('h5.participation.figuresHint')}</span>
        </span>
        <ChevronRightIcon />
      </Link>
      <Link to="/activities" className="h5-mine-entry" data-testid="h5-activities-entry">
        <PeopleIcon />
        <span className="h5-mine-entry-text">
          <b>{t('h5.notifications.activities')}</b>
          <span>{t('h5.notifications.activitiesHint')}</span>
        </span>
        <ChevronRightIcon />
      </Link>
      <Link to="/messages" className="h5-mine-entry" data-testid="h5-messages-entry">
        <BellIcon />
        <span className="h5-mine-entry-text">
          <b>{t('h5.notifications.entry')}</b>
          {unread > 0 ? (
            <span className="h5-badge" data-testid="h5-unread-badge">
              {t('h5.notifications.unread', { count: unread > BADGE_MAX ? `${BADGE_MAX}+` : unread })}
            </span>
          ) : (
            <span>{t('h5.notifications.entryHint')}</span>
          )}
        </span>
        <ChevronRightIcon />
      </Link>
    </nav>
  );
}

function Card({ testId, icon, title, extra, children }: CardProps) {
  return (
    <section className="h5-card" data-testid={testId} aria-labelledby={`${testId}-title`}>
      <h2 className="h5-card-title" id={`${testId}-title`}>
        {icon}
        <span>{title}</span>
      </h2>
      {extra && <p className="h5-card-extra">{extra}</p>}
      {children}
    </section>
  );
}
type CardProps = { testId: string; icon: ReactNode; title: string; extra?: string; children: ReactNode };

function CommunityCard({ me }: { me: Me }) {
  const { t, i18n } = useTranslation();
  const c = me.home.community;
  const stats = c
    ? (['households', 'population', 'buildings'] as const)
        .map((key) => ({ key, value: numberProp(c.properties, key) }))
        .filter((s) => s.value !== null)
    : [];
  return (
    <Card testId="h5-my-community" icon={<BuildingsIcon />} title={t('h5.home.community.title')}>
      {c ? (
        <>
          <div className="h5-card-main">{c.name}</div>
          {me.home.street && <div className="h5-card-sub">{me.home.street.name}</div>}
          {stats.length > 0 && (
            <div className="h5-stats">
              {stats.map((s) => (
                <div className="h5-stat" key={s.key}>
                  <b>{formatCount(s.value!, i18n.language)}</b>
                  <span>{t(`h5.home.community.${s.key}`)}</span>
                </div>
              ))}
            </div>
          )}
        </>
      ) : (
        <EmptyState title={t('h5.home.community.emptyTitle')} hint={t('h5.home.community.emptyHint')} />
      )}
    </Card>
  );
}

function GridCard({ me }: { me: Me }) {
  const { t } = useTranslation();
  const g = me.home.grid;
  return (
    <Card testId="h5-my-grid" icon={<GridIcon />} title={t('h5.home.grid.title')}>
      {g ? (
        <>
          <div className="h5-card-main">{g.name}</div>
          <div className="h5-code">
            <span>{t('h5.home.grid.code')}</span>
            {g.code ? <b>{g.code}</b> : <span>{t('h5.home.grid.noCode')}</span>}
          </div>
        </>
      ) : (
        <EmptyState title={t('h5.home.grid.emptyTitle')} hint={t('h5.home.grid.emptyHint')} />
      )}
    </Card>
  );
}

function WorkerCard({ me }: { me: Me }) {
  const { t } = useTranslation();
  const w = me.home.gridWorker;
  const title = t('h5.home.worker.title');
  if (!w) {
    return (
      <Card testId="h5-my-worker" icon={<TeamIcon />} title={title}>
        {me.home.grid ? (
          <EmptyState title={t('h5.home.worker.emptyTitle')} hint={t('h5.home.worker.emptyHint')} />
        ) : (
          <EmptyState title={t('h5.home.worker.noGridTitle')} hint={t('h5.home.worker.noGridHint')} />
        )}
      </Card>
    );
  }
  const itsMe = w.userId === me.user.id;
  return (
    <Card
      testId="h5-my-worker"
      icon={<TeamIcon />}
      title={title}
      extra={itsMe ? undefined : t('h5.home.worker.subtitle')}
    >
      <div className="h5-worker">
        <div className="h5-avatar" aria-hidden="true">
          {Array.from(w.name)[0] ?? '?'}
        </div>
        <div>
          <div className="h5-worker-name">{w.name}</div>
          <div className="h5-worker-phone">
            {w.phone ? formatPhone(w.phone) : t('h5.home.worker.noPhone')}
          </div>
        </div>
      </div>
      {itsMe ? (
        <div style={{ marginTop: '0.875rem' }}>
          <EmptyState title={t('h5.home.worker.itsYou')} hint={t('h5.home.worker.itsYouHint')} />
        </div>
      ) : (
        w.phone && (
          <a
            className="h5-call"
            href={`tel:${w.phone}`}
            data-testid="h5-call-worker"
            aria-label={t('h5.home.worker.callLabel', { name: w.name, phone: formatPhone(w.phone) })}
          >
            <PhoneIcon />
            {t('h5.home.worker.call')}
          </a>
        )
      )}
    </Card>
  );
}
