import type { RequestSummary } from '@doorstep/contract';
import { Table } from 'antd';
import { useTranslation } from 'react-i18next';
import { shortDateTime } from './deadline';
import { Deadline, StatusTag, UrgencyTag } from './RequestTags';
import type { RequestPage } from './requests.api';
import { PAGE_SIZES } from './useListParams';
import { useCategoryName } from './vocabulary';

/** One line per request: number and channel, category and description, grid, status, holder, deadline, time. */
export function RequestTable({
  data,
  loading,
  selectedId,
  emptyText,
  onOpen,
  onPage,
  selection,
}: {
  data: RequestPage | undefined;
  loading: boolean;
  selectedId: number | null;
  emptyText: string;
  onOpen: (id: number) => void;
  onPage: (page: number, pageSize: number) => void;
  /** Checkboxes for 批量派单 (staff who triage); the rows on this page only. */
  selection?: { ids: number[]; onChange: (rows: RequestSummary[]) => void };
}) {
  const { t } = useTranslation();
  const c = (k: string) => t(`console.requests.columns.${k}`);
  const categoryName = useCategoryName();
  return (
    <Table<RequestSummary>
      data-testid="requests-table"
      className="ds-req-table"
      rowKey="id"
      size="middle"
      loading={loading}
      dataSource={data?.items ?? []}
      locale={{ emptyText }}
      scroll={{ x: 1040 }}
      rowClassName={(r) => (r.id === selectedId ? 'ds-req-row ds-req-row-selected' : 'ds-req-row')}
      onRow={(r) => ({
        onClick: (e) => {
          // ticking a checkbox selects the row, it does not open it
          if ((e.target as HTMLElement).closest('.ant-table-selection-column')) return;
          onOpen(r.id);
        },
      })}
      rowSelection={
        selection && {
          selectedRowKeys: selection.ids,
          onChange: (_, rows) => selection.onChange(rows),
          columnWidth: 40,
          fixed: true,
          getCheckboxProps: (r) => ({ 'aria-label': r.publicNo }) as object,
        }
      }
      pagination={{
        current: data?.page ?? 1,
        pageSize: data?.pageSize ?? 20,
        total: data?.total ?? 0,
        showSizeChanger: true,
        pageSizeOptions: PAGE_SIZES,
        showTotal: (count) => t('console.requests.total', { count }),
        onChange: onPage,
        hideOnSinglePage: false,
      }}
      columns={[
        {
          key: 'no',
          title: c('no'),
          width: 170,
          render: (_, r) => (
            <div className="ds-req-no-cell">
              <a
                href={`/requests/${r.id}`}
                className="ds-req-no"
                onClick={(e) => {
                  e.preventDefault();
                  e.stopPropagation();
                  onOpen(r.id);
                }}
              >
                {r.publicNo}
              </a>
              <span className="ds-req-sub">{t(`console.requests.channels.${r.channel}`)}</span>
            </div>
          ),
        },
        {
          key: 'request',
          title: c('request'),
          render: (_, r) => (
            <div className="ds-req-summary">
              <div className="ds-req-summary-head">
                <span className="ds-req-category">{categoryName(r.categoryCode, r.categoryName)}</span>
                <span className="ds-req-nature">{t(`console.requests.natures.${r.nature}`)}</span>
                <UrgencyTag urgency={r.urgency} />
              </div>
              <div className="ds-req-desc" title={r.description}>
                {r.description}
              </div>
            </div>
          ),
        },
        {
          key: 'grid',
          title: c('grid'),
          width: 120,
          render: (_, r) =>
            r.gridName ? (
              <div>
                <div>{r.gridName}</div>
                {r.communityName && <span className="ds-req-sub">{r.communityName}</span>}
              </div>
            ) : (
              <span className="ds-muted">{r.communityName ?? t('console.requests.noGrid')}</span>
            ),
        },
        {
          key: 'status',
          title: c('status'),
          width: 150,
          render: (_, r) => <StatusTag status={r.status} />,
        },
        {
          key: 'holder',
          title: c('holder'),
          width: 140,
          render: (_, r) =>
            r.holder ??
            // no live lead whistle: not yet dispatched, or its lead has finished (handled, verified, closed)
            (['received', 'returned', 'reopened'].includes(r.status) ? (
              <span className="ds-muted">{t('console.requests.unassigned')}</span>
            ) : (
              <span className="ds-muted">—</span>
            )),
        },
        {
          key: 'deadline',
          title: c('deadline'),
          width: 140,
          render: (_, r) => <Deadline request={r} compact />,
        },
        {
          key: 'created',
          title: c('created'),
          width: 120,
          render: (_, r) => <span className="ds-req-time">{shortDateTime(r.createdAt)}</span>,
        },
      ]}
    />
  );
}
