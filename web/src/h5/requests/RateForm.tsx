import type { RequestDetail } from '@doorstep/contract';
import { useQueryClient } from '@tanstack/react-query';
import { Button, Toast } from 'antd-mobile';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../app/api';
import { AlertIcon } from '../components/icons';
import { myRequestsKey, rateRequest, requestKey } from './queries';

const RESOLVED = ['yes', 'partly', 'no'] as const;
const SATISFACTION = ['satisfied', 'basic', 'unsatisfied'] as const;
type Resolved = (typeof RESOLVED)[number];
type Satisfaction = (typeof SATISFACTION)[number];

/** Three faces for 满意 / 基本满意 / 不满意 (they back up the words; the words are what is read out). */
function Face({ mood }: { mood: Satisfaction }) {
  const mouth = {
    satisfied: 'M8 14.5c1 1.6 2.4 2.4 4 2.4s3-.8 4-2.4',
    basic: 'M8.5 15.5h7',
    unsatisfied: 'M8 16.5c1-1.5 2.4-2.2 4-2.2s3 .7 4 2.2',
  }[mood];
  return (
    <svg
      viewBox="0 0 24 24"
      width="1em"
      height="1em"
      aria-hidden="true"
      focusable="false"
      className="h5-face"
    >
      <circle cx="12" cy="12" r="9.5" fill="none" stroke="currentColor" strokeWidth="1.8" />
      <circle cx="9" cy="10" r="1.2" fill="currentColor" />
      <circle cx="15" cy="10" r="1.2" fill="currentColor" />
      <path d={mouth} fill="none" stroke="currentColor" strokeWidth="1.8" strokeLinecap="round" />
    </svg>
  );
}

/** 评价: was it solved (yes/partly/no), how satisfied, an optional comment. 不满意 or 没解决 reopens it. */
export function RateForm({ r }: { r: RequestDetail }) {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const [resolved, setResolved] = useState<Resolved | null>(null);
  const [satisfaction, setSatisfaction] = useState<Satisfaction | null>(null);
  const [note, setNote] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [sending, setSending] = useState(false);
  const reopens = resolved === 'no' || satisfaction === 'unsatisfied';

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (sending) return;
    if (!resolved || !satisfaction) {
      setError(t('h5.requests.rate.pick'));
      return;
    }
    setError(null);
    setSending(true);
    try {
      const next = await rateRequest(r.id, {
        version: r.version,
        resolved,
        satisfaction,
        note: note.trim() || undefined,
      });
      qc.setQueryData(requestKey(r.id), next);
      void qc.invalidateQueries({ queryKey: myRequestsKey });
      Toast.show({
        icon: 'success',
        content: next.status === 'reopened' ? t('h5.requests.rate.reopened') : t('h5.requests.rate.thanks'),
        duration: 3000,
      });
      window.scrollTo({ top: 0, behavior: 'smooth' });
    } catch (err) {
      if (err instanceof ApiError && err.status === 409) {
        // someone acted meanwhile: show the fresh state (the rating form stays if rating is still possible)
        Toast.show({ content: t('h5.requests.detail.conflict'), duration: 3000 });
        void qc.invalidateQueries({ queryKey: requestKey(r.id) });
      } else setError(err instanceof ApiError ? err.userMessage : t('common.networkError'));
    } finally {
      setSending(false);
    }
  };

  return (
    <section className="h5-card h5-rate" aria-labelledby="h5-rate-title" id="rate">
      <h2 className="h5-rate-title" id="h5-rate-title">
        {t('h5.requests.rate.title')}
      </h2>
      <p className="h5-card-extra">{t('h5.requests.rate.hint')}</p>
      <form onSubmit={submit} className="h5-form" noValidate>
        <fieldset className="h5-choices">
          <legend>{t('h5.requests.rate.resolvedQ')}</legend>
          <div className="h5-choice-row">
            {RESOLVED.map((v) => (
              <label key={v} className={`h5-choice h5-choice-${v}`} data-testid={`h5-rate-resolved-${v}`}>
                <input
                  type="radio"
                  name="resolved"
                  value={v}
                  checked={resolved === v}
                  onChange={() => setResolved(v)}
                />
                <span>{t(`h5.requests.resolved.${v}`)}</span>
              </label>
            ))}
          </div>
        </fieldset>
        <fieldset className="h5-choices">
          <legend>{t('h5.requests.rate.satisfactionQ')}</legend>
          <div className="h5-choice-row">
            {SATISFACTION.map((v) => (
              <label key={v} className={`h5-choice h5-choice-${v}`} data-testid={`h5-rate-satisfaction-${v}`}>
                <input
                  type="radio"
                  name="satisfaction"
                  value={v}
                  checked={satisfaction === v}
                  onChange={() => setSatisfaction(v)}
                />
                <span>
                  <Face mood={v} />
                  {t(`h5.requests.satisfaction.${v}`)}
                </span>
              </label>
            ))}
          </div>
        </fieldset>
        {reopens && <p className="h5-note-box">{t('h5.requests.rate.reopenHint')}</p>}
        <div className="h5-field">
          <label htmlFor="h5-rate-note">{t('h5.requests.rate.commentLabel')}</label>
          <textarea
            id="h5-rate-note"
            className="h5-textarea h5-textarea-short"
            value={note}
            maxLength={1000}
            rows={3}
            placeholder={t('h5.requests.rate.commentPlaceholder')}
            onChange={(e) => setNote(e.target.value)}
            data-testid="h5-rate-note"
          />
        </div>
        {error && (
          <p className="h5-form-error" role="alert">
            <AlertIcon />
            {error}
          </p>
        )}
        <Button
          type="submit"
          block
          size="large"
          color="primary"
          className="h5-submit"
          loading={sending}
          data-testid="h5-rate-submit"
        >
          {t('h5.requests.rate.submit')}
        </Button>
      </form>
    </section>
  );
}
