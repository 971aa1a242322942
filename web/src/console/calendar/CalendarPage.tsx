import { DownloadOutlined, LeftOutlined, RightOutlined, UploadOutlined } from '@ant-design/icons';
import type { CalendarImportResult } from '@doorstep/contract';
import { useQuery } from '@tanstack/react-query';
import { Alert, App, Button, Card, List, Modal, Result, Space, Tag, Upload } from 'antd';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../app/api';
import { downloadFile } from '../../ui/download';
import { fullDateTime } from '../requests/deadline';
import { calendarApi, changesQuery, refreshCalendar, yearQuery } from './calendar.api';
import { describeChange } from './changes';
import { DayModal } from './DayModal';
import { PolicyTable } from './PolicyTable';
import { summarize, YearGrid } from './YearGrid';
import './calendar.css';

const todayIso = () => {
  const d = new Date();
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}`;
};

/** 工作日历与时限: the holiday calendar of a year and the deadline policy table, editable by platform admins. */
export default function CalendarPage() {
  const { t, i18n } = useTranslation();
  const c = (k: string, o?: Record<string, unknown>) => t(`console.calendar.${k}`, o);
  const { message } = App.useApp();
  const today = todayIso();
  const [year, setYear] = useState(() => Math.max(2026, Number(today.slice(0, 4))));
  const [picked, setPicked] = useState<string | null>(null);
  const [importing, setImporting] = useState<{ file: File; result: CalendarImportResult } | null>(null);
  const [busy, setBusy] = useState(false);
  const cal = useQuery(yearQuery(year));
  const changes = useQuery(changesQuery);
  const days = useMemo(() => new Map((cal.data?.days ?? []).map((d) => [d.date, d])), [cal.data]);
  const groups = useMemo(() => summarize(cal.data?.days ?? []), [cal.data]);
  const canEdit = cal.data?.canEdit ?? false;
  const md = (iso: string) =>
    c('shortDate', { month: Number(iso.slice(5, 7)), day: Number(iso.slice(8, 10)) });

  // 'normal/urgent' → 一般类 · 紧急; a date or a year stays as it is
  const entityLabel = (id: string) => {
    const [cls, urgency] = id.split('/');
    return urgency ? `${c(`classes.${cls}`)} · ${t(`console.requests.urgency.${urgency}`)}` : id;
  };
  const showError = (e: unknown) =>
    message.error(e instanceof ApiError ? e.userMessage : t('console.errors.loadFailed'));
  const dryRun = async (file: File) => {
    setBusy(true);
    try {
      setImporting({ file, result: await calendarApi.importYear(year, file, 'dry_run', () => {}) });
    } catch (e) {
      showError(e);
    } finally {
      setBusy(false);
    }
  };
  const commit = async () => {
    if (!importing) return;
    setBusy(true);
    try {
      const result = await calendarApi.importYear(year, importing.file, 'commit', () => {});
      if (result.committed) {
        await refreshCalendar();
        message.success(c('import.done', result));
        setImporting(null);
      } else setImporting({ ...importing, result });
    } catch (e) {
      showError(e);
    } finally {
      setBusy(false);
    }
  };

  if (cal.isError)
    return (
      <Result
        status="warning"
        title={cal.error instanceof ApiError ? cal.error.userMessage : t('console.errors.loadFailed')}
        extra={<Button onClick={() => cal.refetch()}>{t('console.errors.retry')}</Button>}
      />
    );

  return (
    <div className="ds-page ds-cal-page">
      <header className="ds-page-head">
        <h1 className="ds-page-title">{c('pageTitle')}</h1>
        <Space wrap>
          <Space.Compact>
            <Button icon={<LeftOutlined />} onClick={() => setYear(year - 1)} aria-label={c('prevYear')} />
            <Button className="ds-cal-year-label" data-testid="calendar-year-label">
              {c('yearLabel', { year })}
            </Button>
            <Button icon={<RightOutlined />} onClick={() => setYear(year + 1)} aria-label={c('nextYear')} />
          </Space.Compact>
          <Button
            icon={<DownloadOutlined />}
            onClick={() =>
              downloadFile(`/api/calendar/${year}/export.xlsx`, `calendar-${year}.xlsx`).catch(showError)
            }
          >
            <span className="ds-hide-narrow">{c('export')}</span>
          </Button>
          {canEdit && (
            <Upload
              accept=".xlsx"
              showUploadList={false}
              beforeUpload={(file) => {
                void dryRun(file);
                return false;
              }}
            >
              <Button icon={<UploadOutlined />} loading={busy && !importing}>
                <span className="ds-hide-narrow">{c('import.button')}</span>
              </Button>
            </Upload>
          )}
        </Space>
      </header>
      <p className="ds-page-intro">
        {c('intro')}{' '}
        {!canEdit && cal.data && (
          <Tag color="default" data-testid="calendar-readonly">
            {c('readOnly')}
          </Tag>
        )}
      </p>

      <Card
        size="small"
        title={<span className="ds-card-title">{c('calendarTitle', { year })}</span>}
        loading={cal.isPending}
      >
        <div className="ds-cal-toolbar">
          <span className="ds-cal-legend" aria-hidden>
            <span className="ds-cal-swatch is-holiday" /> {c('kinds.holiday')}
            <span className="ds-cal-swatch is-workday" /> {c('kinds.workday')}
            <span className="ds-cal-swatch is-weekend" /> {c('weekend')}
          </span>
          {canEdit && <span className="ds-muted ds-cal-hint">{c('clickHint')}</span>}
        </div>
        {cal.data && cal.data.days.length === 0 && (
          <Alert type="info" showIcon className="ds-form-alert" title={c('emptyYear', { year })} />
        )}
        <div className="ds-cal-body">
          <YearGrid year={year} days={days} today={today} onPick={canEdit ? setPicked : undefined} />
          {groups.length > 0 && (
            <ul className="ds-cal-summary" data-testid="calendar-summary">
              {groups.map((g) => (
                <li key={g.name}>
                  <strong>{g.name}</strong>
                  {g.holidays.length > 0 && (
                    <span>
                      <Tag color="red" variant="outlined">
                        {c('kinds.holiday')}
                      </Tag>
                      {g.holidays
                        .map((run) =>
                          run.length > 1
                            ? c('range', { from: md(run[0]!), to: md(run.at(-1)!), count: run.length })
                            : md(run[0]!),
                        )
                        .join(c('listSep'))}
                    </span>
                  )}
                  {g.workdays.length > 0 && (
                    <span>
                      <Tag color="blue" variant="outlined">
                        {c('kinds.workday')}
                      </Tag>
                      {g.workdays.map(md).join(c('listSep'))}
                    </span>
                  )}
                </li>
              ))}
            </ul>
          )}
        </div>
      </Card>

      <Card
        size="small"
        className="ds-cal-card"
        title={<span className="ds-card-title">{c('policiesTitle')}</span>}
      >
        <p className="ds-muted ds-cal-hint">{c('policiesIntro')}</p>
        <PolicyTable />
      </Card>

      <Card
        size="small"
        className="ds-cal-card"
        title={<span className="ds-card-title">{c('changesTitle')}</span>}
      >
        <List
          size="small"
          loading={changes.isPending}
          dataSource={changes.data?.items ?? []}
          locale={{ emptyText: c('changesEmpty') }}
          renderItem={(e) => (
            <List.Item>
              <span className="ds-cal-change">
                <span className="ds-muted">{fullDateTime(e.at)}</span>
                <span>{e.actorName ?? '—'}</span>
                <span>{c(`actions.${e.action}`, { defaultValue: e.action })}</span>
                <strong>{entityLabel(e.entityId)}</strong>
                <span className="ds-muted">{describeChange(e.summary, t)}</span>
              </span>
            </List.Item>
          )}
        />
      </Card>

      {picked && <DayModal date={picked} day={days.get(picked)} onClose={() => setPicked(null)} />}
      {importing && (
        <Modal
          open
          title={c('import.title', { year, file: importing.file.name })}
          okText={c('import.commit')}
          okButtonProps={{ disabled: importing.result.errors.length > 0 }}
          confirmLoading={busy}
          onOk={commit}
          onCancel={() => setImporting(null)}
        >
          <p>{c('import.counts', importing.result)}</p>
          {importing.result.errors.length > 0 && (
            <>
              <Alert
                type="error"
                showIcon
                title={c('import.hasErrors', { count: importing.result.errors.length })}
              />
              <List
                size="small"
                dataSource={importing.result.errors}
                renderItem={(e) => (
                  <List.Item>
                    {c('import.row', { row: e.row })}：
                    {i18n.language?.startsWith('en') ? e.message['en-US'] : e.message['zh-CN']}
                  </List.Item>
                )}
              />
            </>
          )}
          {importing.result.errors.length === 0 && (
            <p className="ds-muted">{c('import.replaceNote', { year })}</p>
          )}
        </Modal>
      )}
    </div>
  );
}
