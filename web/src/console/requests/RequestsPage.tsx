import {
  EnvironmentOutlined,
  ExportOutlined,
  HistoryOutlined,
  PlusOutlined,
  SendOutlined,
  UnorderedListOutlined,
} from '@ant-design/icons';
import type { RequestDetail, RequestSummary } from '@doorstep/contract';
import { useQuery } from '@tanstack/react-query';
import { App, Button, Card, Pagination, Result, Segmented, Tooltip } from 'antd';
import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router';
import { ApiError } from '../../app/api';
import { useMe } from '../../app/queries';
import { downloadFile } from '../../ui/download';
import { isRequestStaff, isResponder } from './access';
import { BulkDispatchModal } from './BulkDispatchModal';
import { IntakeModal } from './IntakeModal';
import { QueueTabs } from './QueueTabs';
import { RequestDrawer } from './RequestDrawer';
import { RequestFilters } from './RequestFilters';
import { RequestMapCard } from './RequestMapCard';
import { RequestTable } from './RequestTable';
import { listQuery, type Queue } from './requests.api';
import { useGrids } from './useGrids';
import { PAGE_SIZES, useListParams } from './useListParams';
import './requests.css';
import '../history/i18n';

/**
 * 诉求工作台: queues, filters, the list or the map, and the request on the right. Staff take in
 * requests from the other channels; responders see what was whistled to their organisation.
 */
export default function RequestsPage() {
  const { t } = useTranslation();
  const r = (k: string, o?: Record<string, unknown>) => t(`console.requests.${k}`, o);
  const me = useMe().data!;
  const staff = isRequestStaff(me);
  const responder = isResponder(me);
  const queues: Queue[] = staff
    ? [
        'all',
        'new',
        ...(responder ? (['mine'] as const) : []),
        'overdue',
        'verify',
        'returned',
        'delay',
        'closed',
      ]
    : ['mine', 'all', 'closed'];
  const { params, view, update, filtered, reset, search } = useListParams(staff ? 'all' : 'mine');
  const navigate = useNavigate();
  const { requestId } = useParams();
  const selectedId = requestId && /^\d+$/.test(requestId) ? Number(requestId) : null;
  const [intake, setIntake] = useState(false);
  const list = useQuery(listQuery(params));
  const grids = useGrids(staff);
  const { message } = App.useApp();
  const [selected, setSelected] = useState<RequestSummary[]>([]);
  const [bulk, setBulk] = useState(false);
  const [exporting, setExporting] = useState(false);
  const b = (k: string, o?: Record<string, unknown>) => t(`console.bulk.${k}`, o);

  // the selection is of the rows on screen: another queue, filter or page starts afresh
  // biome-ignore lint/correctness/useExhaustiveDependencies: cleared when the list parameters change
  useEffect(() => setSelected([]), [params]);

  /** 导出 Excel: exactly the queue and filters on screen, every page. */
  const exportExcel = async () => {
    const { page: _page, pageSize: _size, ...filters } = params;
    const qs = new URLSearchParams();
    for (const [k, v] of Object.entries(filters)) if (v !== undefined && v !== '') qs.set(k, String(v));
    setExporting(true);
    await downloadFile(`/api/requests/export.xlsx?${qs}`, 'requests.xlsx').catch((e) =>
      message.error(e instanceof ApiError ? e.userMessage : b('exportFailed')),
    );
    setExporting(false);
  };

  const suffix = search ? `?${search}` : '';
  const open = useCallback((id: number) => navigate(`/requests/${id}${suffix}`), [navigate, suffix]);
  const close = useCallback(() => navigate(`/requests${suffix}`), [navigate, suffix]);

  const body = list.isError ? (
    <Result
      status="warning"
      title={list.error instanceof ApiError ? list.error.userMessage : t('console.errors.loadFailed')}
      extra={<Button onClick={() => list.refetch()}>{t('console.errors.retry')}</Button>}
    />
  ) : view === 'map' ? (
    <>
      <RequestMapCard
        items={list.data?.items ?? []}
        grids={grids.collection}
        selectedId={selectedId}
        onOpen={open}
      />
      <Pagination
        className="ds-req-map-pager"
        size="small"
        current={list.data?.page ?? 1}
        pageSize={list.data?.pageSize ?? params.pageSize}
        total={list.data?.total ?? 0}
        showSizeChanger
        pageSizeOptions={PAGE_SIZES}
        showTotal={(count) => r('total', { count })}
        onChange={(page, pageSize) => update({ page, pageSize })}
      />
    </>
  ) : (
    <RequestTable
      data={list.data}
      loading={list.isFetching && !list.data}
      selectedId={selectedId}
      emptyText={filtered ? r('emptyFiltered') : r('empty')}
      onOpen={open}
      onPage={(page, pageSize) => update({ page, pageSize })}
      selection={
        staff ? { ids: selected.map((x) => x.id), onChange: (rows) => setSelected(rows) } : undefined
      }
    />
  );

  return (
    <div className="ds-page ds-req-page">
      <header className="ds-page-head">
        <h1 className="ds-page-title">{r('pageTitle')}</h1>
        {staff && (
          <div className="ds-req-head-actions">
            <Link to="/requests/history" data-testid="history-open">
              <Button icon={<HistoryOutlined />}>{b('history')}</Button>
            </Link>
            <Tooltip title={b('exportTip')}>
              <Button
                icon={<ExportOutlined />}
                onClick={exportExcel}
                loading={exporting}
                data-testid="requests-export"
              >
                {b('export')}
              </Button>
            </Tooltip>
            <Button
              type="primary"
              icon={<PlusOutlined />}
              onClick={() => setIntake(true)}
              data-testid="intake-open"
            >
              {r('intake')}
            </Button>
          </div>
        )}
      </header>
      <Card size="small" className="ds-req-card">
        <QueueTabs queues={queues} active={params.queue} onChange={(queue) => update({ queue })} />
        <div className="ds-req-toolbar">
          <RequestFilters
            params={params}
            grids={grids.options}
            filtered={filtered}
            onChange={update}
            onReset={reset}
          />
          <Segmented<'list' | 'map'>
            aria-label={r('view.label')}
            value={view}
            onChange={(v) => update({ view: v === 'map' ? 'map' : undefined, page: params.page })}
            options={[
              { value: 'list', label: r('view.list'), icon: <UnorderedListOutlined /> },
              { value: 'map', label: r('view.map'), icon: <EnvironmentOutlined /> },
            ]}
            data-testid="requests-view"
          />
        </div>
        {staff && view === 'list' && !list.isError && (
          <div className="ds-req-bulkbar" data-testid="bulk-bar">
            <span className={selected.length ? 'ds-req-bulk-count' : 'ds-muted'}>
              {selected.length ? b('select', { count: selected.length }) : b('selectHint')}
            </span>
            {selected.length > 0 && (
              <Button type="link" size="small" onClick={() => setSelected([])}>
                {b('clear')}
              </Button>
            )}
            <Button
              icon={<SendOutlined />}
              size="small"
              disabled={selected.length === 0}
              onClick={() => setBulk(true)}
              data-testid="bulk-dispatch-open"
            >
              {b('dispatch')}
            </Button>
          </div>
        )}
        {body}
      </Card>
      <RequestDrawer id={selectedId} onClose={close} onOpen={open} />
      {bulk && (
        <BulkDispatchModal
          items={selected}
          onClose={() => setBulk(false)}
          onDone={(ok) => setSelected((rows) => rows.filter((x) => !ok.includes(x.id)))}
        />
      )}
      {intake && (
        <IntakeModal
          onClose={() => setIntake(false)}
          onCreated={(d: RequestDetail) => {
            setIntake(false);
            open(d.id);
          }}
        />
      )}
    </div>
  );
}
