import type { Me, RequestDetail } from '@doorstep/contract';
import { useQueryClient } from '@tanstack/react-query';
import { Button, SpinLoading, Toast } from 'antd-mobile';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useParams } from 'react-router';
import { ApiError } from '../../app/api';
import { EmptyState } from '../components/EmptyState';
import { AlertIcon, PeopleIcon, UserIcon } from '../components/icons';
import { LoadError } from '../components/LoadError';
import { PublishConsentCard } from '../insights/PublishConsent';
import { DEADLINE_RUNNING, parseEventType, RESIDENT_LABEL, whistleFor } from './model';
import { addNote, myRequestsKey, requestKey, useCategoryName, useRequest } from './queries';
import { RateForm } from './RateForm';
import { Deadline, Fact, StatusTag, SubHeader, Thumbs, useHolder, useWhen } from './ui';

/** One request of mine: where it stands, who holds it, the deadline, every step so far, a note, the rating. */
export function RequestDetailPage(_: { me: Me }) {
  const { t } = useTranslation();
  const id = Number(useParams().id);
  const q = useRequest(id);
  const header = <SubHeader title={t('h5.requests.detail.title')} fallback="/requests" />;

  if (q.isPending && Number.isInteger(id) && id > 0)
    return (
      <>
        {header}
        <div className="h5-center" aria-busy="true">
          <SpinLoading color="primary" style={{ '--size': '2.5rem' }} />
          <span>{t('common.loading')}</span>
        </div>
      </>
    );
  if (!q.data) {
    const notFound = !(id > 0) || (q.error instanceof ApiError && q.error.status === 404);
    return (
      <>
        {header}
        <div className="h5-content h5-content-sub">
          <section className="h5-card">
            {notFound ? (
              <EmptyState title={t('h5.loadFailed')} hint={t('h5.requests.detail.notFound')} />
            ) : (
              <LoadError error={q.error} onRetry={() => void q.refetch()} />
            )}
          </section>
        </div>
      </>
    );
  }
  return (
    <>
      {header}
      <Detail r={q.data} />
    </>
  );
}

function Detail({ r }: { r: RequestDetail }) {
  const { t } = useTranslation();
  const when = useWhen();
  const holder = useHolder()(r);
  const categoryName = useCategoryName();
  const holderName = r.holder ?? '';
  const hintKey =
    (r.status === 'dispatched' || r.status === 'accepted' || r.status === 'in_progress') && !r.holder
      ? `${r.status}NoHolder`
      : r.status;
  const place = r.address ?? ([r.communityName, r.gridName].filter(Boolean).join(' · ') || null);

  return (
    <div className="h5-content h5-content-sub">
      <section className="h5-card" aria-labelledby="h5-request-status" data-testid="h5-request-head">
        <div className="h5-request-card-head">
          <StatusTag status={r.status} large />
          <span className="h5-request-no">
            <span className="sr-only">{t('h5.requests.number')} </span>
            {r.publicNo}
          </span>
        </div>
        <h2 className="h5-status-hint" id="h5-request-status">
          {t(`h5.requests.statusHint.${hintKey}`, { holder: holderName })}
        </h2>
        <dl className="h5-facts h5-facts-detail">
          {holder && <Fact label={t('h5.requests.holder')}>{holder}</Fact>}
          {r.resolveDueAt && DEADLINE_RUNNING.includes(r.status) && (
            <Fact label={t('h5.requests.deadline')}>
              <Deadline s={r} />
            </Fact>
          )}
          <Fact label={t('h5.requests.category')}>
            {categoryName(r.categoryCode, r.categoryName)} · {t(`h5.requests.nature.${r.nature}`)}
          </Fact>
          {place && <Fact label={t('h5.requests.place')}>{place}</Fact>}
          <Fact label={t('h5.requests.createdAt')}>{when(r.createdAt)}</Fact>
        </dl>
        <div className="h5-quote">
          <span className="sr-only">{t('h5.requests.detail.description')}: </span>
          {r.description}
        </div>
        <Thumbs ids={r.photos} testId="h5-request-photos" />
        {r.meToo > 0 && (
          <p className="h5-metoo-count">
            <PeopleIcon />
            {t('h5.requests.meTooCount', { count: r.meToo })}
          </p>
        )}
      </section>

      {r.actions.includes('rate') && <RateForm r={r} />}

      {r.satisfaction && !r.actions.includes('rate') && (
        <section className="h5-card" aria-labelledby="h5-rated-title">
          <h2 className="h5-card-title" id="h5-rated-title">
            {t('h5.requests.rated')}
          </h2>
          <p className="h5-rated">
            <b>{t(`h5.requests.satisfaction.${r.satisfaction}`)}</b>
            {r.resolved && <span> · {t(`h5.requests.resolved.${r.resolved}`)}</span>}
          </p>
          {r.ratingComment && <div className="h5-quote">{r.ratingComment}</div>}
        </section>
      )}

      {r.status === 'closed' && r.resolved && r.resolved !== 'no' && <PublishConsentCard requestId={r.id} />}

      <Timeline r={r} />

      {r.canComment && <NoteForm r={r} />}
    </div>
  );
}

/** Every step, oldest first and the latest last (marked 当前), in plain words with who did it and their note. */
function Timeline({ r }: { r: RequestDetail }) {
  const { t } = useTranslation();
  const when = useWhen();
  const steps = r.timeline.filter((e) => !e.internal);
  return (
    <section className="h5-card" aria-labelledby="h5-timeline-title">
      <h2 className="h5-card-title" id="h5-timeline-title">
        {t('h5.requests.detail.timeline')}
      </h2>
      <p className="h5-card-extra">{t('h5.requests.detail.timelineHint')}</p>
      <ol className="h5-timeline" data-testid="h5-request-timeline">
        {steps.map((e, i) => {
          const { kind, whistle } = parseEventType(e.type);
          const last = i === steps.length - 1;
          const org = kind === 'dispatch' || kind === 'reassign' ? whistleFor(e.at, r.whistles) : null;
          const title =
            kind === 'dispatch' || kind === 'reassign'
              ? whistle
                ? t(`h5.requests.step.${kind}`, { whistle: t(`h5.requests.whistle.${whistle}`) })
                : t('h5.requests.status.dispatched')
              : t(`h5.requests.step.${kind}`, { due: e.dueAt ? when(e.dueAt) : '' });
          const hintKey = `h5.requests.step.${kind}Hint`;
          const hint = org
            ? t('h5.requests.step.dispatchTo', { org: org.orgName })
            : ['created', 'accept', 'return', 'handle', 'verify'].includes(kind) && !e.note
              ? t(hintKey)
              : null;
          const actor =
            kind === 'me_too' ? null : e.actor === RESIDENT_LABEL ? t('h5.requests.detail.you') : e.actor;
          return (
            <li
              key={e.id}
              className={`h5-step h5-step-${kind}${last ? ' h5-step-current' : ''}`}
              aria-current={last ? 'step' : undefined}
            >
              <span className="h5-step-dot" aria-hidden="true" />
              <div className="h5-step-body">
                <div className="h5-step-time">
                  <time dateTime={e.at}>{when(e.at)}</time>
                  {last && <span className="h5-step-now">{t('h5.requests.step.now')}</span>}
                </div>
                <h3 className="h5-step-title">{title}</h3>
                {hint && <p className="h5-step-hint">{hint}</p>}
                {actor && (
                  <p className="h5-step-actor">
                    <UserIcon />
                    <span>
                      <span className="sr-only">{t('h5.requests.step.by')}: </span>
                      {actor}
                    </span>
                  </p>
                )}
                {e.note && <div className="h5-quote h5-step-note">{e.note}</div>}
                {/* the report's own photos are shown above, with the description */}
                {!(kind === 'created' && samePhotos(e.photos, r.photos)) && (
                  <Thumbs ids={e.photos} testId="h5-step-photos" />
                )}
              </div>
            </li>
          );
        })}
      </ol>
    </section>
  );
}

const samePhotos = (a: string[], b: string[]) => a.length === b.length && a.every((x, i) => x === b[i]);

/** 补充留言: a resident's note on the timeline while the request is open. */
function NoteForm({ r }: { r: RequestDetail }) {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const [note, setNote] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [sending, setSending] = useState(false);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (sending) return;
    if (!note.trim()) {
      setError(t('h5.requests.detail.noteEmpty'));
      return;
    }
    setError(null);
    setSending(true);
    try {
      const next = await addNote(r.id, note.trim());
      qc.setQueryData(requestKey(r.id), next);
      void qc.invalidateQueries({ queryKey: myRequestsKey });
      setNote('');
      Toast.show({ icon: 'success', content: t('h5.requests.detail.noteSent') });
    } catch (err) {
      setError(err instanceof ApiError ? err.userMessage : t('common.networkError'));
    } finally {
      setSending(false);
    }
  };
  return (
    <section className="h5-card" aria-labelledby="h5-note-title">
      <h2 className="h5-card-title" id="h5-note-title">
        {t('h5.requests.detail.noteTitle')}
      </h2>
      <form onSubmit={submit} className="h5-form" noValidate>
        <div className="h5-field">
          <label htmlFor="h5-note">{t('h5.requests.detail.noteLabel')}</label>
          <textarea
            id="h5-note"
            className="h5-textarea h5-textarea-short"
            value={note}
            maxLength={1000}
            rows={3}
            placeholder={t('h5.requests.detail.notePlaceholder')}
            onChange={(e) => setNote(e.target.value)}
            aria-invalid={!!error}
            aria-describedby={error ? 'h5-note-error' : undefined}
            data-testid="h5-note-text"
          />
          {error && (
            <p className="h5-field-error" id="h5-note-error" role="alert">
              <AlertIcon />
              {error}
            </p>
          )}
        </div>
        <Button
          type="submit"
          block
          size="large"
          color="primary"
          fill="outline"
          className="h5-block-button"
          loading={sending}
          data-testid="h5-note-send"
        >
          {t('h5.requests.detail.noteSend')}
        </Button>
      </form>
    </section>
  );
}
