import type { Thing, ThingState } from '@doorstep/contract';
import { useMutation, useQuery } from '@tanstack/react-query';
import {
  App,
  Button,
  Cascader,
  Drawer,
  Form,
  Input,
  InputNumber,
  Segmented,
  Select,
  Space,
  Spin,
  Table,
  Tag,
} from 'antd';
import { lazy, Suspense, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { type ApiError, api } from '../../app/api';
import { ErrorAlert } from '../../ui/ErrorAlert';
import type { MapPoint } from '../requests/RequestMap';
import { useGrids } from '../requests/useGrids';
import '../requests/requests.css';
import { AreaPicker } from './AreaPicker';
import { RosterImport } from './RosterImport';
import { RosterToolbar } from './RosterToolbar';
import { ROSTERS, refreshRecords, THING_STATES, thingClassesQuery, thingsQuery } from './records.api';

// Leaflet is only fetched when the map is on screen.
const RequestMap = lazy(() => import('../requests/RequestMap'));

const STATE_COLOR: Record<ThingState, string> = {
  intact: '#2f7d0a',
  damaged: '#d4380d',
  lost: '#7a0916',
  occupied: '#d89614',
  removed: '#8c8c8c',
};

/** 部件: filter by class, subclass, state or words; a list or a map of the points; add, edit state, import, export. */
export function ThingsTab({ rights }: { rights: { import: boolean; edit: boolean } }) {
  const { t } = useTranslation();
  const h = (k: string, o?: Record<string, unknown>) => t(`console.records.things.${k}`, o);
  const [q, setQ] = useState('');
  const [cls, setCls] = useState<string[]>([]);
  const [state, setState] = useState<ThingState | undefined>();
  const [page, setPage] = useState(1);
  const [view, setView] = useState<'list' | 'map'>('list');
  const [editing, setEditing] = useState<Thing | 'new' | null>(null);
  const [importing, setImporting] = useState(false);
  const classes = useQuery(thingClassesQuery());
  const filters = new URLSearchParams();
  if (q) filters.set('q', q);
  if (cls[0]) filters.set('classCode', cls[0]);
  if (cls[1]) filters.set('subclassCode', cls[1]);
  if (state) filters.set('state', state);
  const params = new URLSearchParams(filters);
  params.set('page', view === 'map' ? '1' : String(page));
  params.set('pageSize', view === 'map' ? '500' : '20');
  const list = useQuery(thingsQuery(params.toString()));
  const grids = useGrids(view === 'map');
  const classOptions = (classes.data?.classes ?? []).map((c) => ({
    value: c.code,
    label: `${c.code} ${c.name}`,
    children: c.subclasses.map((s) => ({ value: s.code, label: `${s.code} ${s.name}` })),
  }));
  const points = useMemo<MapPoint[]>(
    () =>
      (list.data?.items ?? []).map((x) => ({
        id: x.id,
        lng: x.lng,
        lat: x.lat,
        gridId: x.area.id,
        communityName: null,
        colour: STATE_COLOR[x.state],
        label: `${x.name} · ${x.code} · ${t(`console.records.things.states.${x.state}`)}`,
      })),
    [list.data, t],
  );

  return (
    <>
      <RosterToolbar
        title={h('title')}
        roster={ROSTERS.things}
        testId={{ add: 'thing-add', import: 'things-import' }}
        add={rights.edit ? { label: h('add'), onClick: () => setEditing('new') } : undefined}
        canImport={rights.import}
        importLabel={h('import')}
        onImport={() => setImporting(true)}
        exportLabel={h('export')}
        exportUrl={`/api/records/things/export.xlsx?${filters}`}
        exportName="部件.xlsx"
      />
      <Space wrap style={{ marginBottom: 12 }}>
        <Segmented
          value={view}
          onChange={(v) => setView(v as 'list' | 'map')}
          options={[
            { value: 'list', label: h('list') },
            { value: 'map', label: h('map') },
          ]}
          data-testid="things-view"
        />
        <Input.Search
          allowClear
          placeholder={h('search')}
          onSearch={(v) => {
            setQ(v.trim());
            setPage(1);
          }}
          style={{ width: 220 }}
        />
        <Cascader
          changeOnSelect
          placeholder={h('allClasses')}
          options={classOptions}
          value={cls}
          onChange={(v) => {
            setCls((v as string[] | undefined) ?? []);
            setPage(1);
          }}
          style={{ width: 220 }}
          aria-label={h('class')}
        />
        <Select
          allowClear
          placeholder={h('allStates')}
          style={{ width: 120 }}
          value={state}
          onChange={(v) => {
            setState(v);
            setPage(1);
          }}
          options={THING_STATES.map((s) => ({ value: s, label: h(`states.${s}`) }))}
          aria-label={h('state')}
        />
      </Space>
      {view === 'map' ? (
        <div className="ds-req-map-card" data-testid="things-map">
          <section className="ds-req-map-legend" aria-label={h('state')}>
            <span className="ds-req-map-count">
              {h('mapCount', { n: list.data?.items.length ?? 0, total: list.data?.total ?? 0 })}
            </span>
            <ul>
              {THING_STATES.map((s) => (
                <li key={s}>
                  <span className="ds-req-swatch" style={{ background: STATE_COLOR[s] }} aria-hidden />
                  {h(`states.${s}`)}
                </li>
              ))}
            </ul>
          </section>
          <div className="ds-map-wrap ds-req-map-wrap">
            <Suspense
              fallback={
                <div className="ds-map ds-map-loading">
                  <Spin />
                </div>
              }
            >
              {grids.ready && (
                <RequestMap
                  grids={grids.collection}
                  points={points}
                  selectedId={null}
                  onOpen={(id) => {
                    const x = list.data?.items.find((i) => i.id === id);
                    if (x) setEditing(x);
                  }}
                  label={h('map')}
                />
              )}
            </Suspense>
          </div>
        </div>
      ) : (
        <Table<Thing>
          rowKey="id"
          size="middle"
          loading={list.isLoading}
          dataSource={list.data?.items}
          scroll={{ x: 760 }}
          onRow={(x) => ({ onClick: () => setEditing(x), style: { cursor: 'pointer' } })}
          pagination={{
            current: page,
            pageSize: 20,
            total: list.data?.total,
            onChange: setPage,
            showSizeChanger: false,
            showTotal: (n) => h('total', { n }),
          }}
          columns={[
            { title: h('code'), dataIndex: 'code', width: 170, render: (v) => <code>{v}</code> },
            { title: h('name'), dataIndex: 'name', width: 130 },
            {
              title: h('state'),
              dataIndex: 'state',
              width: 80,
              render: (s: ThingState) => <Tag color={STATE_COLOR[s]}>{h(`states.${s}`)}</Tag>,
            },
            { title: h('place'), key: 'place', render: (_, x) => x.address?.label ?? x.area.name },
            {
              title: h('point'),
              key: 'point',
              width: 170,
              render: (_, x) => (x.lng != null ? `${x.lng.toFixed(5)}, ${x.lat!.toFixed(5)}` : '—'),
            },
          ]}
        />
      )}
      {editing && (
        <ThingDrawer
          thing={editing === 'new' ? null : editing}
          canEdit={rights.edit}
          classOptions={classOptions}
          onClose={() => setEditing(null)}
        />
      )}
      {importing && <RosterImport roster={ROSTERS.things} onClose={() => setImporting(false)} />}
    </>
  );
}

interface FormValues {
  cls?: string[];
  code?: string;
  name?: string;
  state: ThingState;
  areaId?: number | null;
  lng?: number | null;
  lat?: number | null;
  note?: string;
}

function ThingDrawer({
  thing,
  canEdit,
  classOptions,
  onClose,
}: {
  thing: Thing | null;
  canEdit: boolean;
  classOptions: { value: string; label: string; children: { value: string; label: string }[] }[];
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const h = (k: string, o?: Record<string, unknown>) => t(`console.records.things.${k}`, o);
  const [form] = Form.useForm<FormValues>();
  const save = useMutation({
    mutationFn: (v: FormValues) => {
      const common = {
        state: v.state,
        lng: v.lng ?? null,
        lat: v.lat ?? null,
        note: v.note ?? '',
        ...(v.name?.trim() ? { name: v.name.trim() } : {}),
      };
      if (thing)
        return api<Thing>(`/api/records/things/${thing.id}`, {
          method: 'PATCH',
          json: {
            ...common,
            version: thing.version,
            ...(v.areaId && v.areaId !== thing.area.id ? { areaId: v.areaId, addressId: null } : {}),
          },
        });
      return api<Thing>('/api/records/things', {
        method: 'POST',
        json: {
          ...common,
          areaId: v.areaId,
          ...(v.code?.trim() ? { code: v.code.trim() } : { classCode: v.cls?.[0], subclassCode: v.cls?.[1] }),
        },
      });
    },
    onSuccess: (x) => {
      message.success(h('saved', { code: x.code }));
      void refreshRecords();
      onClose();
    },
  });
  return (
    <Drawer
      open
      onClose={onClose}
      title={thing ? `${thing.name} · ${thing.code}` : h('add')}
      width="min(520px, 100vw)"
      extra={
        canEdit && (
          <Button
            type="primary"
            loading={save.isPending}
            onClick={() => form.submit()}
            data-testid="thing-save"
          >
            {t('common.save')}
          </Button>
        )
      }
    >
      <ErrorAlert error={save.error as ApiError | null} />
      <Form<FormValues>
        form={form}
        layout="vertical"
        disabled={!canEdit}
        initialValues={
          thing
            ? {
                name: thing.name,
                state: thing.state,
                areaId: thing.area.id,
                lng: thing.lng,
                lat: thing.lat,
                note: thing.note,
              }
            : { state: 'intact' }
        }
        onFinish={(v) => save.mutate(v)}
      >
        {!thing && (
          <>
            <Form.Item name="cls" label={h('classAndSub')} extra={h('autoCode')}>
              <Cascader options={classOptions} placeholder={h('class')} data-testid="thing-class" />
            </Form.Item>
            <Form.Item
              name="code"
              label={h('codeOptional')}
              rules={[{ pattern: /^\d{16}$/, message: h('codeFormat') }]}
            >
              <Input maxLength={16} inputMode="numeric" placeholder="9901010119000001" />
            </Form.Item>
          </>
        )}
        <Form.Item name="name" label={h('name')} extra={thing ? undefined : h('nameHelp')}>
          <Input maxLength={50} />
        </Form.Item>
        <Form.Item name="state" label={h('state')} rules={[{ required: true }]}>
          <Select
            options={THING_STATES.map((s) => ({ value: s, label: h(`states.${s}`) }))}
            data-testid="thing-state"
          />
        </Form.Item>
        <Form.Item name="areaId" label={h('place')} rules={[{ required: true, message: h('placeRequired') }]}>
          <AreaPicker
            kinds={['grid', 'compound', 'building']}
            currentLabel={thing ? (thing.address?.label ?? thing.area.name) : undefined}
            onChange={(id) => form.setFieldValue('areaId', id)}
            placeholder={h('placePick')}
            testId="thing-place"
          />
        </Form.Item>
        <Space.Compact block>
          <Form.Item name="lng" label={h('lng')} style={{ width: '50%' }}>
            <InputNumber min={-180} max={180} step={0.0001} style={{ width: '100%' }} />
          </Form.Item>
          <Form.Item name="lat" label={h('lat')} style={{ width: '50%' }}>
            <InputNumber min={-90} max={90} step={0.0001} style={{ width: '100%' }} />
          </Form.Item>
        </Space.Compact>
        <Form.Item name="note" label={h('note')}>
          <Input.TextArea rows={2} maxLength={500} />
        </Form.Item>
      </Form>
    </Drawer>
  );
}
