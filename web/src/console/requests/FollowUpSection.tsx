import type { RequestDetail } from '@doorstep/contract';
import { Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import { fullDateTime } from './deadline';
import type { FollowUpStep } from './FollowUpModal';

/** The follow-up buttons in the order they appear; each only when the detail's `followUp` allows it. */
export const FOLLOW_UP_STEPS: FollowUpStep[] = [
  'decideDelay',
  'askDelay',
  'revisit',
  'decideExclusion',
  'proposeExclusion',
];

const STATUS_CLASS: Record<string, string> = {
  pending: 'ds-req-fu-pending',
  approved: 'ds-req-fu-approved',
  refused: 'ds-req-fu-refused',
  withdrawn: 'ds-req-fu-closed',
  superseded: 'ds-req-fu-closed',
};

/** 延期 asks, 回访 records and the rating review of one request; nothing when there are none. */
export function FollowUpSection({ detail }: { detail: RequestDetail }) {
  const { t } = useTranslation();
  const f = (k: string, o?: Record<string, unknown>) => t(`console.requests.followUp.${k}`, o);
  const { delays, revisits, ratingExclusions } = detail;
  if (!delays.length && !revisits.length && !ratingExclusions.length && !detail.ratingExcludedReason)
    return null;
  const status = (s: string) => (
    <Tag className={`ds-req-fu-status ${STATUS_CLASS[s] ?? ''}`}>{f(`status.${s}`)}</Tag>
  );
  return (
    <section className="ds-req-section" aria-labelledby="req-followup-title" data-testid="request-follow-up">
      <h3 id="req-followup-title" className="ds-req-section-title">
        {f('title')}
      </h3>
      {detail.ratingExcludedReason && (
        <p className="ds-req-fu-excluded" data-testid="rating-excluded">
          {f('excluded', { reason: detail.ratingExcludedReason })}
        </p>
      )}
      <ul className="ds-req-fu-list">
        {delays.map((d) => (
          <li key={`d${d.id}`} className="ds-req-fu-item" data-testid={`delay-${d.status}`}>
            <div className="ds-req-fu-head">
              <span className="ds-req-fu-kind">{f('delay')}</span>
              {status(d.status)}
              <span className="ds-req-sub">
                {d.requestedBy} · {fullDateTime(d.requestedAt)}
              </span>
            </div>
            <div>
              {f('delayLine', {
                from: fullDateTime(d.previousDueAt),
                to: fullDateTime(d.approvedDueAt ?? d.requestedDueAt),
              })}
              {d.approvedDueAt && d.approvedDueAt !== d.requestedDueAt && (
                <span className="ds-req-sub">
                  {' '}
                  {f('shortened', { asked: fullDateTime(d.requestedDueAt) })}
                </span>
              )}
            </div>
            <p className="ds-req-fu-note">{d.reason}</p>
            {(d.decidedBy || d.decisionNote) && (
              <div className="ds-req-sub">
                {[d.decidedBy, d.decidedAt && fullDateTime(d.decidedAt)].filter(Boolean).join(' · ')}
                {d.decisionNote && `${t('console.requests.colon')}${d.decisionNote}`}
              </div>
            )}
          </li>
        ))}
        {revisits.map((v) => (
          <li key={`v${v.id}`} className="ds-req-fu-item" data-testid="revisit">
            <div className="ds-req-fu-head">
              <span className="ds-req-fu-kind">{f('revisitOf', { method: f(`methods.${v.method}`) })}</span>
              <Tag className={`ds-req-fu-status ds-req-fu-result-${v.result}`}>
                {f(`results.${v.result}`)}
              </Tag>
              <span className="ds-req-sub">
                {v.recordedBy} · {fullDateTime(v.at)}
              </span>
            </div>
            <div className="ds-req-sub">{f('reached', { who: v.contact })}</div>
            {v.words && <p className="ds-req-fu-note">「{v.words}」</p>}
          </li>
        ))}
        {ratingExclusions.map((x) => (
          <li key={`x${x.id}`} className="ds-req-fu-item" data-testid={`exclusion-${x.status}`}>
            <div className="ds-req-fu-head">
              <span className="ds-req-fu-kind">{f('exclusion')}</span>
              {status(x.status)}
              <span className="ds-req-sub">
                {x.proposedBy} · {fullDateTime(x.proposedAt)}
              </span>
            </div>
            <p className="ds-req-fu-note">{x.reason}</p>
            {(x.decidedBy || x.decisionNote) && (
              <div className="ds-req-sub">
                {[x.decidedBy, x.decidedAt && fullDateTime(x.decidedAt)].filter(Boolean).join(' · ')}
                {x.decisionNote && `${t('console.requests.colon')}${x.decisionNote}`}
              </div>
            )}
          </li>
        ))}
      </ul>
    </section>
  );
}
