import type { RequestStatus, RequestSummary } from '@doorstep/contract';
import { ImageViewer } from 'antd-mobile';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { photoUrl, thumbUrl } from '../../app/photos';
import { ArrowLeftIcon } from '../components/icons';
import { DEADLINE_RUNNING, formatWhen, STATUS_TONE } from './model';
import './i18n';
import './requests.css';

/** A sub-page's header: a big 返回 button (back in history, else to `fallback`), the title and a line under it. */
export function SubHeader({
  title,
  subtitle,
  fallback = '/',
  children,
}: {
  title: string;
  subtitle?: string;
  fallback?: string;
  children?: ReactNode;
}) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const back = () => {
    const idx = (window.history.state as { idx?: number } | null)?.idx ?? 0;
    if (idx > 0) navigate(-1);
    else navigate(fallback, { replace: true });
  };
  return (
    <header className="h5-hero h5-subhero">
      <button type="button" className="h5-back" onClick={back} data-testid="h5-back">
        <ArrowLeftIcon />
        <span>{t('h5.back')}</span>
      </button>
      <h1 className="h5-subhero-title">{title}</h1>
      {subtitle && <p className="h5-subhero-sub">{subtitle}</p>}
      {children}
    </header>
  );
}

export function StatusTag({ status, large }: { status: RequestStatus; large?: boolean }) {
  const { t } = useTranslation();
  return (
    <span className={`h5-status h5-tone-${STATUS_TONE[status]}${large ? ' h5-status-large' : ''}`}>
      {t(`h5.requests.status.${status}`)}
    </span>
  );
}

/** "今天 14:30" etc. in the UI language, Asia/Shanghai. */
export function useWhen() {
  const { t, i18n } = useTranslation();
  const words = {
    today: t('h5.requests.when.today'),
    tomorrow: t('h5.requests.when.tomorrow'),
    yesterday: t('h5.requests.when.yesterday'),
  };
  return (iso: string) => formatWhen(iso, i18n.language || 'zh-CN', words);
}

/** Who holds the request now: the responder, else the community, else (待评价) the resident. */
export function useHolder() {
  const { t } = useTranslation();
  return (s: Pick<RequestSummary, 'status' | 'holder' | 'communityName' | 'gridName'>): string | null => {
    if (s.status === 'closed') return null;
    if (s.status === 'verified') return t('h5.requests.holderYou');
    if (s.holder) return s.holder;
    const place = s.communityName ?? s.gridName;
    return place ? t('h5.requests.holderCommunity', { place }) : t('h5.requests.holderCommunityNoPlace');
  };
}

/** The resolve deadline while it is running, in a warning colour once it is near or past. */
export function Deadline({ s }: { s: Pick<RequestSummary, 'status' | 'resolveDueAt' | 'warning'> }) {
  const { t } = useTranslation();
  const when = useWhen();
  if (!s.resolveDueAt || !DEADLINE_RUNNING.includes(s.status)) return null;
  return (
    <span className={`h5-deadline${s.warning ? ` h5-warn-${s.warning}` : ''}`}>
      <span>{t('h5.requests.deadlineBy', { when: when(s.resolveDueAt) })}</span>
      {s.warning && <b className="h5-warn-word">{t(`h5.requests.warning.${s.warning}`)}</b>}
    </span>
  );
}

/** A label–value row of a fact list. */
export function Fact({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div className="h5-fact">
      <dt>{label}</dt>
      <dd>{children}</dd>
    </div>
  );
}

/** Photo thumbnails (the server's 320 px thumbs); tapping one opens the full photos to swipe through. */
export function Thumbs({ ids, testId }: { ids: string[]; testId?: string }) {
  const { t } = useTranslation();
  if (ids.length === 0) return null;
  const open = (i: number) => ImageViewer.Multi.show({ images: ids.map(photoUrl), defaultIndex: i });
  return (
    <ul className="h5-thumbs" data-testid={testId}>
      {ids.map((id, i) => (
        <li key={id}>
          <button
            type="button"
            onClick={() => open(i)}
            aria-label={t('h5.requests.detail.photoAlt', { n: i + 1 })}
          >
            <img src={thumbUrl(id)} alt="" loading="lazy" decoding="async" />
          </button>
        </li>
      ))}
    </ul>
  );
}
