import { ClockCircleOutlined, ExclamationCircleFilled, WarningFilled } from '@ant-design/icons';
import type { RequestStatus, RequestSummary } from '@doorstep/contract';
import { Tag, Tooltip } from 'antd';
import { useTranslation } from 'react-i18next';
import { deadlineText, fullDateTime } from './deadline';

/** 已受理 / 已派单 / … in the status's own colour (all ≥ 4.5:1, see requests.css). */
export function StatusTag({ status }: { status: RequestStatus }) {
  const { t } = useTranslation();
  return (
    <Tag className={`ds-req-status ds-req-status-${status}`}>{t(`console.requests.status.${status}`)}</Tag>
  );
}

/** 紧急 / 特急; nothing for 一般 (most requests), so the exceptions stand out. */
export function UrgencyTag({ urgency }: { urgency: string }) {
  const { t } = useTranslation();
  if (urgency === 'normal') return null;
  return (
    <Tag className={`ds-req-urgency ds-req-urgency-${urgency}`} icon={<ExclamationCircleFilled />}>
      {t(`console.requests.urgency.${urgency}`)}
    </Tag>
  );
}

/**
 * The resolve deadline as "剩 2 天" / "超时 5 小时", coloured by the server's warning (黄牌/红牌/超时);
 * the exact time in a tooltip. Handled or closed requests show the date only.
 */
export function Deadline({ request, compact }: { request: RequestSummary; compact?: boolean }) {
  const { t } = useTranslation();
  const due = request.resolveDueAt;
  if (!due) return <span className="ds-muted">{t('console.requests.deadline.none')}</span>;
  const running = !['handled', 'verified', 'closed'].includes(request.status);
  const at = fullDateTime(due);
  if (!running) return <span className="ds-muted ds-req-deadline">{compact ? at.slice(5) : at}</span>;
  const text = deadlineText(due, t);
  const warning = request.warning;
  const icon =
    warning === 'breached' || warning === 'red' ? (
      <WarningFilled aria-hidden />
    ) : warning === 'yellow' ? (
      <ClockCircleOutlined aria-hidden />
    ) : null;
  return (
    <Tooltip title={t('console.requests.deadline.due', { at })}>
      <span className={`ds-req-deadline ds-req-deadline-${warning ?? 'ok'}`}>
        {icon}
        <span>{text?.text}</span>
        {warning && <span className="ds-sr-only">（{t(`console.requests.warning.${warning}`)}）</span>}
      </span>
    </Tooltip>
  );
}
