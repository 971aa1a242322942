import type { RequestDetail } from '@doorstep/contract';
import { Tag, Timeline } from 'antd';
import { useTranslation } from 'react-i18next';
import { fullDateTime } from './deadline';
import { PhotoThumbs } from './Photos';

type Entry = RequestDetail['timeline'][number];

const COLOURS: Record<string, string> = {
  created: '#1d4e89',
  dispatch: '#1d4e89',
  reassign: '#1d4e89',
  accept: '#0e7c66',
  start: '#0e7c66',
  handle: '#2f7d0a',
  answer: '#2f7d0a',
  verify: '#2f7d0a',
  rate: '#2f7d0a',
  close: '#595959',
  return: '#c8102e',
  rework: '#b25a00',
  reopen: '#b25a00',
  rated_reopened: '#b25a00',
  reject: '#595959',
  merge: '#595959',
  comment: '#8c8c8c',
  me_too: '#8c8c8c',
  delay_requested: '#b25a00',
  delay_approved: '#0e7c66',
  delay_refused: '#595959',
  revisit: '#1d4e89',
  rating_exclusion_proposed: '#8c8c8c',
  rating_exclusion_approved: '#595959',
  rating_exclusion_refused: '#595959',
};

/** 派单 · 业主吹哨 for "dispatch:owner"; unknown event types show as they come. */
function useEventLabel() {
  const { t, i18n } = useTranslation();
  return (e: Entry) => {
    const [type, kind] = e.type.split(':') as [string, string | undefined];
    const key = `console.requests.events.${type}`;
    if (!i18n.exists(key)) return e.type;
    return t(key, {
      kind: kind ? t(`console.requests.whistleShort.${kind}`) : '',
      due: e.dueAt ? fullDateTime(e.dueAt) : '',
    });
  };
}

/** The whole process, newest first: what happened, who did it, when, the note; internal notes marked. */
export function RequestTimeline({ timeline, photos = [] }: { timeline: Entry[]; photos?: string[] }) {
  const { t } = useTranslation();
  const label = useEventLabel();
  const entries = [...timeline].reverse();
  return (
    <div data-testid="request-timeline" className="ds-req-timeline">
      <Timeline
        items={entries.map((e, i) => {
          const type = e.type.split(':')[0]!;
          return {
            key: e.id,
            color: COLOURS[type] ?? '#8c8c8c',
            content: (
              <div className={`ds-req-event${i === 0 ? ' ds-req-event-latest' : ''}`}>
                <div className="ds-req-event-head">
                  <span className="ds-req-event-title">{label(e)}</span>
                  {e.toStatus && e.fromStatus !== e.toStatus && (
                    <span className="ds-req-event-status">
                      {e.fromStatus && `${t(`console.requests.status.${e.fromStatus}`)} → `}
                      {t(`console.requests.status.${e.toStatus}`)}
                    </span>
                  )}
                  {e.internal && (
                    <Tag className="ds-req-internal">{t('console.requests.detail.internal')}</Tag>
                  )}
                </div>
                <div className="ds-req-event-meta">
                  {e.actor && <span>{e.actor}</span>}
                  <time dateTime={e.at}>{fullDateTime(e.at)}</time>
                </div>
                {e.note && <p className="ds-req-event-note">{e.note}</p>}
                {/* the report's own photos are shown with its description */}
                {!(type === 'created' && e.photos.join() === photos.join()) && (
                  <PhotoThumbs ids={e.photos} testId="request-event-photos" />
                )}
              </div>
            ),
          };
        })}
      />
    </div>
  );
}
