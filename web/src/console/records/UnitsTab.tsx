import type { Unit, UnitKind } from '@doorstep/contract';
import { useMutation, useQuery } from '@tanstack/react-query';
import { App, Button, Drawer, Form, Input, Popconfirm, Select, Space, Table, Tag } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { type ApiError, api } from '../../app/api';
import { ErrorAlert } from '../../ui/ErrorAlert';
import { AreaPicker } from './AreaPicker';
import { RosterImport } from './RosterImport';
import { RosterToolbar } from './RosterToolbar';
import {
  addressFor,
  merchantAccountsQuery,
  ROSTERS,
  refreshRecords,
  UNIT_KINDS,
  unitsQuery,
} from './records.api';
import { UnitPhone } from './UnitPhone';

const KIND_COLOR: Record<UnitKind, string> = {
  resident_unit: 'blue',
  property: 'purple',
  social_org: 'green',
  merchant: 'orange',
  enterprise: 'cyan',
  other: 'default',
};

/** 实有单位: search by name, credit code or address, filter by kind; import, export; add and edit in a drawer. */
export function UnitsTab({ rights }: { rights: { import: boolean; edit: boolean; unmask: boolean } }) {
  const { t } = useTranslation();
  const u = (k: string, o?: Record<string, unknown>) => t(`console.records.units.${k}`, o);
  const [q, setQ] = useState('');
  const [kind, setKind] = useState<UnitKind | undefined>();
  const [page, setPage] = useState(1);
  const [editing, setEditing] = useState<Unit | 'new' | null>(null);
  const [importing, setImporting] = useState(false);
  const filters = new URLSearchParams();
  if (q) filters.set('q', q);
  if (kind) filters.set('kind', kind);
  const params = new URLSearchParams(filters);
  params.set('page', String(page));
  const list = useQuery(unitsQuery(params.toString()));

  return (
    <>
      <RosterToolbar
        title={u('title')}
        roster={ROSTERS.units}
        testId={{ add: 'unit-add', import: 'units-import' }}
        add={rights.edit ? { label: u('add'), onClick: () => setEditing('new') } : undefined}
        canImport={rights.import}
        importLabel={u('import')}
        onImport={() => setImporting(true)}
        exportLabel={u('export')}
        exportUrl={`/api/records/units/export.xlsx?${filters}`}
        exportName="实有单位.xlsx"
        exportTestId="units-export"
      />
      <Space wrap style={{ marginBottom: 12 }}>
        <Input.Search
          allowClear
          placeholder={u('search')}
          onSearch={(v) => {
            setQ(v.trim());
            setPage(1);
          }}
          style={{ width: 260 }}
          data-testid="units-search"
        />
        <Select
          allowClear
          placeholder={u('allKinds')}
          style={{ width: 160 }}
          value={kind}
          onChange={(v) => {
            setKind(v);
            setPage(1);
          }}
          options={UNIT_KINDS.map((k) => ({ value: k, label: u(`kinds.${k}`) }))}
          aria-label={u('kind')}
        />
      </Space>
      <Table<Unit>
        rowKey="id"
        size="middle"
        loading={list.isLoading}
        dataSource={list.data?.items}
        scroll={{ x: 860 }}
        onRow={(x) => ({ onClick: () => setEditing(x), style: { cursor: 'pointer' } })}
        pagination={{
          current: page,
          pageSize: 20,
          total: list.data?.total,
          onChange: setPage,
          showSizeChanger: false,
          showTotal: (n) => u('total', { n }),
        }}
        columns={[
          { title: u('name'), dataIndex: 'name', fixed: 'left', width: 180 },
          {
            title: u('kind'),
            dataIndex: 'kind',
            width: 96,
            render: (k: UnitKind) => <Tag color={KIND_COLOR[k]}>{u(`kinds.${k}`)}</Tag>,
          },
          {
            title: u('creditCode'),
            dataIndex: 'creditCode',
            width: 190,
            render: (v: string | null) => (v ? <code>{v}</code> : '—'),
          },
          {
            title: u('address'),
            key: 'address',
            render: (_, x) => [x.address?.label ?? x.area.name, x.addressNote].filter(Boolean).join(' '),
          },
          {
            title: u('contact'),
            key: 'contact',
            width: 170,
            render: (_, x) => (
              <>
                {x.contactName} {x.contactPhone && <code>{x.contactPhone}</code>}
              </>
            ),
          },
          {
            title: u('ledger'),
            key: 'ledger',
            width: 140,
            render: (_, x) =>
              x.ledgerAccount ? (
                <Tag color="gold">
                  {t(`console.records.units.ledgerUnits.${x.ledgerAccount.unit}`, {
                    defaultValue: x.ledgerAccount.unit,
                  })}{' '}
                  {x.ledgerAccount.balance}
                </Tag>
              ) : (
                '—'
              ),
          },
        ]}
      />
      {editing && (
        <UnitDrawer
          unit={editing === 'new' ? null : editing}
          canEdit={rights.edit}
          canUnmask={rights.unmask}
          onClose={() => setEditing(null)}
        />
      )}
      {importing && <RosterImport roster={ROSTERS.units} onClose={() => setImporting(false)} />}
    </>
  );
}

interface FormValues {
  name: string;
  kind: UnitKind;
  creditCode?: string;
  placeId?: number | null;
  unit?: string;
  room?: string;
  addressNote?: string;
  contactName?: string;
  contactPhone?: string;
  ledgerAccountId?: number | null;
  note?: string;
}

/** Add or edit a unit: place (a building, or a grid for a street-front shop), code, contact, ledger account. */
function UnitDrawer({
  unit,
  canEdit,
  canUnmask,
  onClose,
}: {
  unit: Unit | null;
  canEdit: boolean;
  canUnmask: boolean;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const u = (k: string, o?: Record<string, unknown>) => t(`console.records.units.${k}`, o);
  const [form] = Form.useForm<FormValues>();
  const [placeKind, setPlaceKind] = useState<'building' | 'other'>(
    unit && !unit.address ? 'other' : 'building',
  );
  const accounts = useQuery(merchantAccountsQuery());
  const save = useMutation({
    mutationFn: async (v: FormValues) => {
      const placeChanged =
        !unit || v.placeId !== unit.area.id || (v.unit ?? '') !== '' || (v.room ?? '') !== '';
      let place: Record<string, unknown> = {};
      if (placeChanged && v.placeId) {
        // a building gets a standard address (its unit and room when given); a grid or compound stays an area
        place =
          placeKind === 'building'
            ? { addressId: (await addressFor(v.placeId, v.unit ?? '', v.room ?? '')).id }
            : { areaId: v.placeId, addressId: null };
      }
      const body = {
        name: v.name,
        kind: v.kind,
        creditCode: v.creditCode?.trim() || null,
        addressNote: v.addressNote ?? '',
        contactName: v.contactName ?? '',
        contactPhone: v.contactPhone?.includes('*') ? undefined : v.contactPhone?.trim() || null,
        ledgerAccountId: v.ledgerAccountId ?? null,
        note: v.note ?? '',
        ...place,
      };
      return unit
        ? api<Unit>(`/api/records/units/${unit.id}`, {
            method: 'PATCH',
            json: { ...body, version: unit.version },
          })
        : api<Unit>('/api/records/units', { method: 'POST', json: body });
    },
    onSuccess: () => {
      message.success(u('saved'));
      void refreshRecords();
      onClose();
    },
  });
  const archive = useMutation({
    mutationFn: () =>
      api<Unit>(`/api/records/units/${unit!.id}/archive`, {
        method: 'POST',
        json: { version: unit!.version },
      }),
    onSuccess: () => {
      message.success(u('archived'));
      void refreshRecords();
      onClose();
    },
  });
  return (
    <Drawer
      open
      onClose={onClose}
      title={unit ? unit.name : u('add')}
      width="min(560px, 100vw)"
      extra={
        canEdit && (
          <Space>
            {unit && (
              <Popconfirm title={u('archiveConfirm')} onConfirm={() => archive.mutate()}>
                <Button danger loading={archive.isPending}>
                  {u('archive')}
                </Button>
              </Popconfirm>
            )}
            <Button
              type="primary"
              loading={save.isPending}
              onClick={() => form.submit()}
              data-testid="unit-save"
            >
              {t('common.save')}
            </Button>
          </Space>
        )
      }
    >
      {unit && <UnitPhone unit={unit} canUnmask={canUnmask} />}
      <ErrorAlert error={(save.error ?? archive.error) as ApiError | null} />
      <Form<FormValues>
        form={form}
        layout="vertical"
        disabled={!canEdit}
        initialValues={
          unit
            ? {
                name: unit.name,
                kind: unit.kind,
                creditCode: unit.creditCode ?? '',
                placeId: unit.area.id,
                addressNote: unit.addressNote,
                contactName: unit.contactName,
                contactPhone: unit.contactPhone ?? '',
                ledgerAccountId: unit.ledgerAccount?.id ?? null,
                note: unit.note,
              }
            : { kind: 'merchant' }
        }
        onFinish={(v) => save.mutate(v)}
      >
        <Form.Item name="name" label={u('name')} rules={[{ required: true, whitespace: true, max: 100 }]}>
          <Input data-testid="unit-name" />
        </Form.Item>
        <Form.Item name="kind" label={u('kind')} rules={[{ required: true }]}>
          <Select options={UNIT_KINDS.map((k) => ({ value: k, label: u(`kinds.${k}`) }))} />
        </Form.Item>
        <Form.Item name="creditCode" label={u('creditCode')} extra={u('creditCodeHelp')}>
          <Input maxLength={30} data-testid="unit-code" />
        </Form.Item>
        <Form.Item
          name="placeId"
          label={u('place')}
          extra={u('placeHelp')}
          rules={[{ required: true, message: u('placeRequired') }]}
        >
          <AreaPicker
            kinds={['building', 'compound', 'grid']}
            currentLabel={unit ? (unit.address?.label ?? unit.area.name) : undefined}
            onChange={(id, _full, kind) => {
              form.setFieldValue('placeId', id);
              setPlaceKind(kind === 'building' ? 'building' : 'other');
            }}
            placeholder={u('placePick')}
            testId="unit-place"
          />
        </Form.Item>
        <Space.Compact block>
          <Form.Item name="unit" label={u('unitNo')} style={{ width: '33%' }}>
            <Input maxLength={20} />
          </Form.Item>
          <Form.Item name="room" label={u('room')} style={{ width: '33%' }}>
            <Input maxLength={20} />
          </Form.Item>
          <Form.Item name="addressNote" label={u('addressNote')} style={{ width: '34%' }}>
            <Input maxLength={100} placeholder={u('addressNotePlaceholder')} />
          </Form.Item>
        </Space.Compact>
        <Space.Compact block>
          <Form.Item name="contactName" label={u('contactName')} style={{ width: '45%' }}>
            <Input maxLength={50} />
          </Form.Item>
          <Form.Item name="contactPhone" label={u('contactPhone')} style={{ width: '55%' }}>
            <Input maxLength={20} data-testid="unit-phone" />
          </Form.Item>
        </Space.Compact>
        <Form.Item name="ledgerAccountId" label={u('ledger')} extra={u('ledgerHelp')}>
          <Select
            allowClear
            loading={accounts.isLoading}
            options={(accounts.data ?? []).map((a) => ({
              value: a.id,
              disabled: a.linkedUnitId != null && a.linkedUnitId !== unit?.id,
              label: `${a.name} · ${a.communityName} · ${t(`console.records.units.ledgerUnits.${a.unit}`, { defaultValue: a.unit })} ${a.balance}`,
            }))}
          />
        </Form.Item>
        <Form.Item name="note" label={u('note')}>
          <Input.TextArea rows={2} maxLength={500} />
        </Form.Item>
      </Form>
    </Drawer>
  );
}
