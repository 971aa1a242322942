import type { RequestDetail } from '@doorstep/contract';
import { Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import { shortDateTime } from './deadline';

/** Who was called (吹哨) and how each answered (报到): lead first, then assisting; withdrawn ones last. */
export function WhistleList({ whistles }: { whistles: RequestDetail['whistles'] }) {
  const { t } = useTranslation();
  const w = (k: string) => t(`console.requests.${k}`);
  if (!whistles.length) return <p className="ds-muted ds-req-none">{w('detail.noWhistles')}</p>;
  const rank = (x: RequestDetail['whistles'][number]) =>
    (x.status === 'cancelled' ? 10 : 0) + (x.role === 'lead' ? 0 : 1);
  const sorted = [...whistles].sort((a, b) => rank(a) - rank(b) || b.createdAt.localeCompare(a.createdAt));
  return (
    <ul className="ds-req-whistles">
      {sorted.map((x) => (
        <li key={x.id} className={`ds-req-whistle ds-req-whistle-${x.status}`}>
          <div className="ds-req-whistle-main">
            <Tag className={`ds-req-role ds-req-role-${x.role}`}>{w(`roles.${x.role}`)}</Tag>
            <span className="ds-req-whistle-org">{x.orgName}</span>
            <span className="ds-req-sub">{w(`responderKinds.${x.orgKind}`)}</span>
            <span className={`ds-req-whistle-status ds-req-whistle-status-${x.status}`}>
              {w(`whistleStatus.${x.status}`)}
            </span>
          </div>
          <div className="ds-req-sub">
            {w(`whistleShort.${x.kind}`)} · {shortDateTime(x.createdAt)}
          </div>
          {x.returnReason && (
            <div className="ds-req-return-reason">
              {t('console.requests.detail.returnReason', { reason: x.returnReason })}
            </div>
          )}
        </li>
      ))}
    </ul>
  );
}
