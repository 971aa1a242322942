import type { SlaPolicy } from '@doorstep/contract';
import { useQuery } from '@tanstack/react-query';
import { App, Button, Grid, InputNumber, Select, Space, Table, Tag } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorAlert } from '../../ui/ErrorAlert';
import { useSubmit } from '../../ui/useSubmit';
import { calendarApi, policiesQuery, refreshCalendar } from './calendar.api';
import { type DurationUnit, formatMinutes, splitMinutes, UNIT_MINUTES } from './duration';

interface Draft {
  clock: SlaPolicy['clock'];
  response: { value: number | null; unit: DurationUnit };
  resolve: { value: number | null; unit: DurationUnit };
  yellow: number | null;
  red: number | null;
}

const toDraft = (p: SlaPolicy): Draft => ({
  clock: p.clock,
  response: splitMinutes(p.responseMinutes),
  resolve: splitMinutes(p.resolveMinutes),
  yellow: Math.round(p.yellowAt * 100),
  red: Math.round(p.redAt * 100),
});
const keyOf = (p: Pick<SlaPolicy, 'slaClass' | 'urgency'>) => `${p.slaClass}/${p.urgency}`;
const CLASS_COLORS: Record<string, string> = {
  emergency: 'red',
  utilities: 'orange',
  normal: 'blue',
  complex: 'purple',
};

/** 时限规则: deadline class × urgency, response and resolve deadlines, warnings; inline edit for admins. */
export function PolicyTable() {
  const { t } = useTranslation();
  const c = (k: string, o?: Record<string, unknown>) => t(`console.calendar.${k}`, o);
  const { message } = App.useApp();
  const policies = useQuery(policiesQuery);
  const [editing, setEditing] = useState<string | null>(null);
  const [draft, setDraft] = useState<Draft | null>(null);
  const submit = useSubmit(refreshCalendar);
  const canEdit = policies.data?.canEdit ?? false;
  // a phone gets one card per policy instead of a table wider than the screen
  const narrow = !Grid.useBreakpoint().md;

  const start = (p: SlaPolicy) => {
    submit.clearError();
    setEditing(keyOf(p));
    setDraft(toDraft(p));
  };
  const save = async (p: SlaPolicy) => {
    if (!draft) return;
    const minutes = (d: Draft['response']) => (d.value ?? 0) * UNIT_MINUTES[d.unit];
    const ok = await submit.run(() =>
      calendarApi.savePolicy(p, {
        version: p.version,
        clock: draft.clock,
        responseMinutes: minutes(draft.response),
        resolveMinutes: minutes(draft.resolve),
        yellowAt: (draft.yellow ?? 0) / 100,
        redAt: (draft.red ?? 0) / 100,
      }),
    );
    if (!ok) return;
    await refreshCalendar();
    message.success(c('saved'));
    setEditing(null);
  };

  const duration = (field: 'response' | 'resolve') => (
    <Space.Compact size="small">
      <InputNumber
        min={1}
        precision={0}
        value={draft?.[field].value}
        onChange={(v) => setDraft((d) => d && { ...d, [field]: { ...d[field], value: v } })}
        style={{ width: 64 }}
        aria-label={c(`columns.${field}`)}
        data-testid={`policy-${field}`}
      />
      <Select
        value={draft?.[field].unit}
        onChange={(unit) => setDraft((d) => d && { ...d, [field]: { ...d[field], unit } })}
        style={{ width: 76 }}
        options={(['minutes', 'hours', 'days'] as const).map((u) => ({
          value: u,
          label: c(`unitNames.${u}`),
        }))}
        aria-label={c('unit')}
      />
    </Space.Compact>
  );
  const percent = (field: 'yellow' | 'red') => (
    <InputNumber
      size="small"
      min={1}
      max={99}
      precision={0}
      suffix="%"
      value={draft?.[field]}
      onChange={(v) => setDraft((d) => d && { ...d, [field]: v })}
      style={{ width: 76 }}
      aria-label={c(`columns.${field}`)}
    />
  );

  const clockSelect = (
    <Select
      size="small"
      value={draft?.clock}
      onChange={(clock) => setDraft((d) => d && { ...d, clock })}
      style={{ width: 104 }}
      options={(['working', 'calendar'] as const).map((v) => ({ value: v, label: c(`clocks.${v}`) }))}
      aria-label={c('columns.clock')}
    />
  );
  const actions = (p: SlaPolicy) =>
    editing === keyOf(p) ? (
      <Space size={4}>
        <Button
          size="small"
          type="primary"
          loading={submit.busy}
          onClick={() => save(p)}
          data-testid="policy-save"
        >
          {t('common.save')}
        </Button>
        <Button size="small" onClick={() => setEditing(null)}>
          {t('common.cancel')}
        </Button>
      </Space>
    ) : (
      <Button
        size="small"
        type="link"
        disabled={editing !== null}
        onClick={() => start(p)}
        data-testid={`policy-edit-${p.slaClass}-${p.urgency}`}
      >
        {c('edit')}
      </Button>
    );
  const classTag = (p: SlaPolicy) => (
    <Tag color={CLASS_COLORS[p.slaClass]} variant="outlined">
      {c(`classes.${p.slaClass}`)}
    </Tag>
  );

  if (narrow)
    return (
      <>
        {editing && <ErrorAlert error={submit.error} />}
        <ul className="ds-cal-policies" data-testid="policy-table">
          {(policies.data?.items ?? []).map((p) => {
            const open = editing === keyOf(p);
            return (
              <li key={keyOf(p)} className="ds-cal-policy">
                <div className="ds-cal-policy-head">
                  <span>
                    {classTag(p)} {t(`console.requests.urgency.${p.urgency}`)}
                  </span>
                  {canEdit && actions(p)}
                </div>
                <dl>
                  <dt>{c('columns.clock')}</dt>
                  <dd>{open ? clockSelect : c(`clocks.${p.clock}`)}</dd>
                  <dt>{c('columns.response')}</dt>
                  <dd>{open ? duration('response') : formatMinutes(p.responseMinutes, p.clock, t)}</dd>
                  <dt>{c('columns.resolve')}</dt>
                  <dd>
                    {open ? (
                      duration('resolve')
                    ) : (
                      <strong>{formatMinutes(p.resolveMinutes, p.clock, t)}</strong>
                    )}
                  </dd>
                  <dt>{c('warnings')}</dt>
                  <dd>
                    {open ? (
                      <Space size={4}>
                        {percent('yellow')}
                        {percent('red')}
                      </Space>
                    ) : (
                      <>
                        <span className="ds-cal-yellow">{Math.round(p.yellowAt * 100)}%</span>
                        {' / '}
                        <span className="ds-cal-red">{Math.round(p.redAt * 100)}%</span>
                      </>
                    )}
                  </dd>
                </dl>
              </li>
            );
          })}
        </ul>
      </>
    );

  return (
    <>
      {editing && <ErrorAlert error={submit.error} />}
      <Table<SlaPolicy>
        data-testid="policy-table"
        rowKey={keyOf}
        size="middle"
        loading={policies.isPending}
        dataSource={policies.data?.items ?? []}
        pagination={false}
        scroll={{ x: 900 }}
        columns={[
          {
            key: 'class',
            title: c('columns.class'),
            width: 120,
            fixed: 'left',
            render: (_, p) => classTag(p),
          },
          {
            key: 'urgency',
            title: c('columns.urgency'),
            width: 90,
            render: (_, p) => t(`console.requests.urgency.${p.urgency}`),
          },
          {
            key: 'clock',
            title: c('columns.clock'),
            width: 120,
            render: (_, p) => (editing === keyOf(p) ? clockSelect : c(`clocks.${p.clock}`)),
          },
          {
            key: 'response',
            title: c('columns.response'),
            width: 150,
            render: (_, p) =>
              editing === keyOf(p) ? duration('response') : formatMinutes(p.responseMinutes, p.clock, t),
          },
          {
            key: 'resolve',
            title: c('columns.resolve'),
            width: 150,
            render: (_, p) =>
              editing === keyOf(p) ? (
                duration('resolve')
              ) : (
                <strong>{formatMinutes(p.resolveMinutes, p.clock, t)}</strong>
              ),
          },
          {
            key: 'yellow',
            title: c('columns.yellow'),
            width: 100,
            render: (_, p) =>
              editing === keyOf(p) ? (
                percent('yellow')
              ) : (
                <span className="ds-cal-yellow">{Math.round(p.yellowAt * 100)}%</span>
              ),
          },
          {
            key: 'red',
            title: c('columns.red'),
            width: 100,
            render: (_, p) =>
              editing === keyOf(p) ? (
                percent('red')
              ) : (
                <span className="ds-cal-red">{Math.round(p.redAt * 100)}%</span>
              ),
          },
          ...(canEdit
            ? [
                {
                  key: 'actions',
                  title: c('columns.actions'),
                  width: 130,
                  render: (_: unknown, p: SlaPolicy) => actions(p),
                },
              ]
            : []),
        ]}
      />
    </>
  );
}
