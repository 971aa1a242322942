import type { RequestAction, RequestDetail } from '@doorstep/contract';
import { Alert, Button, Descriptions, Tag } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ActionModal } from './ActionModal';
import { CommentBox } from './CommentBox';
import { fullDateTime } from './deadline';
import { FollowUpModal, type FollowUpStep } from './FollowUpModal';
import { FOLLOW_UP_STEPS, FollowUpSection } from './FollowUpSection';
import { PhotoThumbs } from './Photos';
import { Deadline, StatusTag, UrgencyTag } from './RequestTags';
import { RequestTimeline } from './RequestTimeline';
import { useCategoryName } from './vocabulary';
import { WhistleList } from './WhistleList';

/** The order buttons appear in: moving the work forward first, undoing and ending it last. */
const ORDER: RequestAction[] = [
  'dispatch',
  'accept',
  'start',
  'handle',
  'answer',
  'verify',
  'close',
  'reassign',
  'rework',
  'reopen',
  'return',
  'merge',
  'reject',
];
const PRIMARY: RequestAction[] = ['dispatch', 'accept', 'handle', 'verify'];
const DANGER: RequestAction[] = ['return', 'reject'];

/** Header, the actions this user may take now, details, whistles, a note box and the whole process. */
export function RequestDetailView({
  detail,
  onOpen,
}: {
  detail: RequestDetail;
  onOpen: (id: number) => void;
}) {
  const { t } = useTranslation();
  const r = (k: string, o?: Record<string, unknown>) => t(`console.requests.${k}`, o);
  const categoryName = useCategoryName();
  const [action, setAction] = useState<RequestAction | null>(null);
  const [step, setStep] = useState<FollowUpStep | null>(null);
  const actions = ORDER.filter((a) => detail.actions.includes(a));
  const steps = FOLLOW_UP_STEPS.filter((s) => detail.followUp[s]);
  const pendingDelay = detail.delays.find((d) => d.status === 'pending');
  const primary = actions.find((a) => PRIMARY.includes(a));
  const returned =
    detail.status === 'returned'
      ? [...detail.whistles].reverse().find((w) => w.status === 'returned' && w.role === 'lead')
      : undefined;
  const place = [detail.communityName, detail.gridName].filter(Boolean).join(' · ');

  // Channel, nature, category and urgency are in the header line; the table holds the rest.
  const info = [
    {
      key: 'place',
      label: r('detail.place'),
      span: 2,
      children: (
        <>
          {place || <span className="ds-muted">{r('noGrid')}</span>}
          {detail.address && <div className="ds-req-sub">{detail.address}</div>}
        </>
      ),
    },
    {
      key: 'reporter',
      label: r('detail.reporter'),
      children: (
        <span className="ds-req-reporter">
          {detail.reporterName ?? '—'}
          {detail.reporterPhoneMasked && <span className="ds-req-phone">{detail.reporterPhoneMasked}</span>}
          {detail.anonymous && (
            <Tag className="ds-req-internal" title={r('detail.anonymousHint')}>
              {r('detail.anonymous')}
            </Tag>
          )}
        </span>
      ),
    },
    { key: 'created', label: r('detail.created'), children: fullDateTime(detail.createdAt) },
    {
      key: 'responseDue',
      label: r('detail.responseDue'),
      children: detail.responseDueAt ? fullDateTime(detail.responseDueAt) : '—',
    },
    ...(detail.urgency !== 'normal'
      ? []
      : [{ key: 'urgency', label: r('detail.urgency'), children: r(`urgency.${detail.urgency}`) }]),
    ...(detail.meToo > 0
      ? [{ key: 'meToo', label: r('events.me_too'), children: r('detail.meToo', { count: detail.meToo }) }]
      : []),
    ...(detail.reopenCount > 0
      ? [
          {
            key: 'reopen',
            label: r('events.reopen'),
            children: r('detail.reopened', { count: detail.reopenCount }),
          },
        ]
      : []),
    ...(detail.satisfaction || detail.resolved
      ? [
          {
            key: 'rating',
            label: r('detail.rating'),
            span: 2,
            children: (
              <>
                {[
                  detail.resolved && r(`detail.resolved.${detail.resolved}`),
                  detail.satisfaction && r(`detail.satisfaction.${detail.satisfaction}`),
                ]
                  .filter(Boolean)
                  .join(' · ')}
                {detail.ratingExcludedReason && (
                  <Tag className="ds-req-internal ds-req-rating-excluded" title={detail.ratingExcludedReason}>
                    {r('followUp.notCounted')}
                  </Tag>
                )}
                {detail.ratingComment && <div className="ds-req-sub">{detail.ratingComment}</div>}
              </>
            ),
          },
        ]
      : []),
    ...(detail.closedReason
      ? [
          {
            key: 'closed',
            label: r('status.closed'),
            span: 2,
            children: (
              <>
                {r(`detail.closedReason.${detail.closedReason}`)}
                {detail.duplicateOf && (
                  <Button type="link" className="ds-inline-link" onClick={() => onOpen(detail.duplicateOf!)}>
                    {r('detail.duplicateOf', { no: `#${detail.duplicateOf}` })}
                  </Button>
                )}
              </>
            ),
          },
        ]
      : []),
  ];

  return (
    <div className="ds-req-detail" data-testid="request-detail">
      <div className="ds-req-head">
        <div className="ds-req-tags">
          <StatusTag status={detail.status} />
          <UrgencyTag urgency={detail.urgency} />
          <span className="ds-req-category">{categoryName(detail.categoryCode, detail.categoryName)}</span>
          <span className="ds-req-sub">
            {r(`natures.${detail.nature}`)} · {r(`channels.${detail.channel}`)}
          </span>
        </div>
        <p className="ds-req-description">{detail.description}</p>
        <PhotoThumbs ids={detail.photos} testId="request-photos" />
        <div className="ds-req-due">
          <span className="ds-muted">
            {r('detail.resolveDue')}
            {r('colon')}
          </span>
          <Deadline request={detail} />
          {detail.holder && (
            <>
              <span className="ds-muted ds-req-due-sep">
                {r('columns.holder')}
                {r('colon')}
              </span>
              <span>{detail.holder}</span>
            </>
          )}
        </div>
      </div>

      {returned && (
        <Alert
          type="warning"
          showIcon
          className="ds-req-returned"
          title={r('detail.returnedAlert', { org: returned.orgName })}
          description={returned.returnReason && r('detail.returnReason', { reason: returned.returnReason })}
        />
      )}

      {pendingDelay && (
        <Alert
          type="info"
          showIcon
          className="ds-req-returned"
          data-testid="delay-pending-alert"
          title={r('followUp.pendingAlert', {
            who: pendingDelay.requestedBy,
            due: fullDateTime(pendingDelay.requestedDueAt),
          })}
          description={pendingDelay.reason}
        />
      )}

      <section className="ds-req-section" aria-labelledby="req-actions-title">
        <h3 id="req-actions-title" className="ds-req-section-title">
          {r('detail.actions')}
        </h3>
        {actions.length || steps.length ? (
          <div className="ds-req-actions">
            {actions.map((a) => (
              <Button
                key={a}
                type={a === primary ? 'primary' : 'default'}
                danger={DANGER.includes(a)}
                onClick={() => setAction(a)}
                data-testid={`request-action-${a}`}
              >
                {r(`actions.${a}`)}
              </Button>
            ))}
            {steps.map((s) => (
              <Button
                key={s}
                type={s === 'decideDelay' && !primary ? 'primary' : 'default'}
                onClick={() => setStep(s)}
                data-testid={`request-follow-up-${s}`}
              >
                {r(`followUp.buttons.${s}`)}
              </Button>
            ))}
          </div>
        ) : (
          <p className="ds-muted ds-req-none">{r('detail.noActions')}</p>
        )}
      </section>

      <section className="ds-req-section" aria-labelledby="req-info-title">
        <h3 id="req-info-title" className="ds-req-section-title">
          {r('detail.info')}
        </h3>
        <Descriptions size="small" bordered column={2} items={info} className="ds-req-info" />
      </section>

      <section className="ds-req-section" aria-labelledby="req-whistles-title">
        <h3 id="req-whistles-title" className="ds-req-section-title">
          {r('detail.whistles')}
        </h3>
        <WhistleList whistles={detail.whistles} />
      </section>

      <FollowUpSection detail={detail} />

      <section className="ds-req-section" aria-labelledby="req-timeline-title">
        <h3 id="req-timeline-title" className="ds-req-section-title">
          {r('detail.timeline')}
        </h3>
        {detail.canComment ? (
          <CommentBox detail={detail} />
        ) : (
          detail.status === 'closed' && <p className="ds-muted ds-req-none">{r('comment.closed')}</p>
        )}
        <RequestTimeline timeline={detail.timeline} photos={detail.photos} />
      </section>

      {action && <ActionModal detail={detail} action={action} onClose={() => setAction(null)} />}
      {step && <FollowUpModal detail={detail} step={step} onClose={() => setStep(null)} />}
    </div>
  );
}
