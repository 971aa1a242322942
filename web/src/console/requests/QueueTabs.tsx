import { useQueries } from '@tanstack/react-query';
import { Tabs } from 'antd';
import { useTranslation } from 'react-i18next';
import { countQuery, type Queue } from './requests.api';

/** 全部 / 待派单 / 我的待办 / 已超时 / 待核查 / 已退单 / 待审延期 / 已结案, each with how many it holds. */
export function QueueTabs({
  queues,
  active,
  onChange,
}: {
  queues: Queue[];
  active: Queue;
  onChange: (q: Queue) => void;
}) {
  const { t } = useTranslation();
  const counts = useQueries({ queries: queues.map((q) => countQuery(q)) });
  return (
    <Tabs
      className="ds-req-queues"
      activeKey={active}
      onChange={(k) => onChange(k as Queue)}
      aria-label={t('console.requests.queues.label')}
      items={queues.map((q, i) => {
        const n = counts[i]?.data;
        const alarm = (q === 'overdue' || q === 'returned' || q === 'delay') && (n ?? 0) > 0;
        return {
          key: q,
          label: (
            <span className="ds-req-queue" data-testid={`requests-queue-${q}`}>
              {t(`console.requests.queues.${q}`)}
              {n !== undefined && q !== 'all' && q !== 'closed' && (
                <span className={`ds-req-count${alarm ? ' ds-req-count-alarm' : ''}`}>{n}</span>
              )}
            </span>
          ),
        };
      })}
    />
  );
}
