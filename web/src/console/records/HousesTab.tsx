import { EditOutlined, HomeOutlined, PlusOutlined } from '@ant-design/icons';
import type { AreaNode, House, HouseUse } from '@doorstep/contract';
import { useQuery } from '@tanstack/react-query';
import {
  App,
  Button,
  Empty,
  Form,
  Input,
  InputNumber,
  Modal,
  Radio,
  Select,
  Space,
  Table,
  Tag,
  TreeSelect,
} from 'antd';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError, api } from '../../app/api';
import { ErrorAlert } from '../../ui/ErrorAlert';
import {
  addressFor,
  areaChildren,
  HOUSE_USES,
  housesQuery,
  refreshRecords,
  searchPeople,
} from './records.api';

const USE_COLOR: Record<HouseUse, string> = {
  owner_occupied: 'green',
  rented: 'blue',
  vacant: 'default',
  commercial: 'orange',
};

interface TreeNode {
  id: number;
  pId: number | null;
  value: number;
  title: string;
  /** 龙腾社区 / 第1网格 / 聚金万佳苑 / 1栋, shown once chosen */
  full: string;
  kind: string;
  isLeaf: boolean;
  selectable: boolean;
}
const toNode = (a: AreaNode, parent?: TreeNode): TreeNode => ({
  id: a.id,
  pId: parent?.id ?? null,
  value: a.id,
  title: a.name,
  full: parent ? `${parent.full} / ${a.name}` : a.name,
  kind: a.kind,
  isLeaf: a.kind === 'building' || a.childCount === 0,
  selectable: a.kind === 'building',
});

/** 房屋: choose a building in the area tree → its rooms with use, owner and occupants; edit and add. */
export function HousesTab({ canEdit }: { canEdit: boolean }) {
  const { t } = useTranslation();
  const r = (k: string, o?: Record<string, unknown>) => t(`console.records.house.${k}`, o);
  const [nodes, setNodes] = useState<TreeNode[]>([]);
  const [building, setBuilding] = useState<{ id: number; name: string } | null>(null);
  const [page, setPage] = useState(1);
  const [editing, setEditing] = useState<House | 'new' | null>(null);

  useEffect(() => {
    void areaChildren().then((items) => setNodes(items.map((a) => toNode(a))));
  }, []);

  const loadData = async (node: { value?: unknown }) => {
    const parent = nodes.find((n) => n.id === node.value);
    if (!parent) return;
    const items = await areaChildren(parent.id);
    setNodes((old) => [
      ...old,
      ...items.filter((a) => !old.some((n) => n.id === a.id)).map((a) => toNode(a, parent)),
    ]);
  };

  const houses = useQuery({ ...housesQuery(building?.id ?? 0, page), enabled: building != null });

  return (
    <div className="ds-records-houses">
      <div className="ds-records-toolbar ds-records-houses-bar">
        <TreeSelect<number>
          treeDataSimpleMode
          treeData={nodes}
          loadData={loadData}
          value={building?.id}
          treeNodeLabelProp="full"
          placeholder={r('pick')}
          className="ds-records-building"
          popupMatchSelectWidth={false}
          onChange={(id) => {
            const node = nodes.find((n) => n.id === id);
            setPage(1);
            setBuilding(node ? { id: node.id, name: node.full } : null);
          }}
          aria-label={r('pick')}
          data-testid="houses-building"
        />
        {building && canEdit && (
          <Button icon={<PlusOutlined />} onClick={() => setEditing('new')} data-testid="house-add">
            {r('add')}
          </Button>
        )}
      </div>
      {!building ? (
        <Empty image={<HomeOutlined className="ds-records-empty-icon" />} description={r('pickHint')} />
      ) : (
        <Table<House>
          rowKey="id"
          size="middle"
          loading={houses.isLoading}
          dataSource={houses.data?.items}
          scroll={{ x: 720 }}
          locale={{ emptyText: r('none') }}
          pagination={{
            current: page,
            pageSize: 50,
            total: houses.data?.total,
            onChange: setPage,
            showSizeChanger: false,
            hideOnSinglePage: true,
            showTotal: (n) => r('total', { n }),
          }}
          columns={[
            {
              title: r('room'),
              key: 'room',
              width: 150,
              fixed: 'left',
              render: (_, h) => <b>{roomOf(h.address.label, building.name, t)}</b>,
            },
            {
              title: r('use'),
              dataIndex: 'use',
              width: 90,
              render: (u: HouseUse) => <Tag color={USE_COLOR[u]}>{r(`uses.${u}`)}</Tag>,
            },
            {
              title: r('area'),
              dataIndex: 'areaM2',
              width: 90,
              render: (v: number | null) => (v == null ? '—' : `${v} ㎡`),
            },
            { title: r('owner'), key: 'owner', width: 110, render: (_, h) => h.owner?.name ?? '—' },
            {
              title: r('occupants'),
              key: 'occupants',
              render: (_, h) => (h.occupants.length ? h.occupants.map((p) => p.name).join('、') : '—'),
            },
            ...(canEdit
              ? [
                  {
                    title: '',
                    key: 'edit',
                    width: 80,
                    render: (_: unknown, h: House) => (
                      <Button
                        type="link"
                        icon={<EditOutlined />}
                        onClick={() => setEditing(h)}
                        aria-label={`${r('edit')} ${h.address.label}`}
                      >
                        {r('edit')}
                      </Button>
                    ),
                  },
                ]
              : []),
          ]}
        />
      )}
      {editing && building && (
        <HouseDialog
          house={editing === 'new' ? null : editing}
          building={building}
          onClose={() => setEditing(null)}
        />
      )}
    </div>
  );
}

/** "2单元 301室" from the address label, without the compound and building the picker already shows. */
function roomOf(label: string, buildingPath: string, t: (k: string) => string) {
  const building = buildingPath.split(' / ').pop() ?? '';
  const i = label.indexOf(building);
  const rest = i >= 0 ? label.slice(i + building.length).trim() : label;
  return rest || t('console.records.house.wholeBuilding');
}

interface HouseForm {
  unit?: string;
  room?: string;
  use: HouseUse;
  areaM2?: number | null;
  ownerId?: number | null;
  occupantIds: number[];
}

/** Edit a house (with its version: a 409 reloads the latest and says so) or add one in the building. */
function HouseDialog({
  house,
  building,
  onClose,
}: {
  house: House | null;
  building: { id: number; name: string };
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const r = (k: string, o?: Record<string, unknown>) => t(`console.records.house.${k}`, o);
  const [form] = Form.useForm<HouseForm>();
  const [version, setVersion] = useState(house?.version ?? 0);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const known = useRef(
    new Map<number, string>(
      [...(house?.owner ? [house.owner] : []), ...(house?.occupants ?? [])].map((p) => [p.id, p.name]),
    ),
  );

  const fill = (h: House) => {
    for (const p of [...(h.owner ? [h.owner] : []), ...h.occupants]) known.current.set(p.id, p.name);
    form.setFieldsValue({
      use: h.use,
      areaM2: h.areaM2,
      ownerId: h.owner?.id ?? null,
      occupantIds: h.occupants.map((p) => p.id),
    });
    setVersion(h.version);
  };

  const save = async (v: HouseForm) => {
    setBusy(true);
    setError(null);
    const body = {
      use: v.use,
      areaM2: v.areaM2 ?? null,
      ownerId: v.ownerId ?? null,
      occupantIds: v.occupantIds ?? [],
    };
    try {
      if (house) {
        await api<House>(`/api/records/houses/${house.id}`, {
          method: 'PATCH',
          json: { ...body, version },
        });
      } else {
        const address = await addressFor(building.id, v.unit ?? '', v.room ?? '');
        await api<House>('/api/records/houses', {
          method: 'POST',
          json: { ...body, addressId: address.id },
        });
      }
      await refreshRecords();
      message.success(house ? r('saved') : r('added'));
      onClose();
    } catch (e) {
      const err = e instanceof ApiError ? e : new ApiError(0, null);
      setError(err);
      if (house && err.status === 409) {
        // someone else saved first: show their version, keep the dialog open
        const latest = await api<House>(`/api/records/houses/${house.id}`).catch(() => null);
        if (latest) fill(latest);
        void refreshRecords();
      }
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal
      open
      title={house ? `${r('edit')} · ${house.address.label}` : `${r('add')} · ${building.name}`}
      onCancel={onClose}
      onOk={() => form.submit()}
      okText={t('common.save')}
      confirmLoading={busy}
      destroyOnHidden
      className="ds-house-dialog"
    >
      <ErrorAlert error={error} />
      <Form<HouseForm>
        form={form}
        layout="vertical"
        onFinish={save}
        initialValues={{
          use: house?.use ?? 'owner_occupied',
          areaM2: house?.areaM2 ?? null,
          ownerId: house?.owner?.id ?? null,
          occupantIds: house?.occupants.map((p) => p.id) ?? [],
        }}
      >
        {!house && (
          <Space.Compact block>
            <Form.Item name="unit" label={r('unit')} style={{ flex: 1 }}>
              <Input maxLength={20} placeholder="2" data-testid="house-unit" />
            </Form.Item>
            <Form.Item
              name="room"
              label={r('roomNo')}
              style={{ flex: 1 }}
              rules={[{ required: true, whitespace: true, message: r('roomRequired') }]}
            >
              <Input maxLength={20} placeholder="301" data-testid="house-room" />
            </Form.Item>
          </Space.Compact>
        )}
        <Form.Item name="use" label={r('use')} rules={[{ required: true }]}>
          <Radio.Group optionType="button" buttonStyle="solid">
            {HOUSE_USES.map((u) => (
              <Radio.Button key={u} value={u}>
                {r(`uses.${u}`)}
              </Radio.Button>
            ))}
          </Radio.Group>
        </Form.Item>
        <Form.Item name="areaM2" label={r('areaM2')}>
          <InputNumber min={1} max={100000} precision={1} style={{ width: 160 }} suffix="㎡" />
        </Form.Item>
        <Form.Item name="ownerId" label={r('owner')}>
          <PeoplePicker known={known.current} placeholder={r('searchPerson')} />
        </Form.Item>
        <Form.Item name="occupantIds" label={r('occupants')}>
          <PeoplePicker known={known.current} multiple placeholder={r('searchPerson')} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

/** People from the roster by name (masked data: name and address only), one or several. */
function PeoplePicker({
  known,
  multiple,
  placeholder,
  value,
  onChange,
}: {
  known: Map<number, string>;
  multiple?: boolean;
  placeholder: string;
  value?: number | number[] | null;
  onChange?: (v: number | number[] | null) => void;
}) {
  const [q, setQ] = useState('');
  const [debounced, setDebounced] = useState('');
  useEffect(() => {
    const id = window.setTimeout(() => setDebounced(q.trim()), 250);
    return () => window.clearTimeout(id);
  }, [q]);
  const found = useQuery({
    queryKey: ['records', 'people-pick', debounced],
    queryFn: () => searchPeople(debounced),
    enabled: debounced.length > 0,
  });
  for (const p of found.data ?? []) known.set(p.id, p.name);
  const selected = (Array.isArray(value) ? value : value ? [value] : []).map((id) => ({
    value: id,
    label: known.get(id) ?? `#${id}`,
  }));
  const options = [
    ...selected,
    ...(found.data ?? [])
      .filter((p) => !selected.some((s) => s.value === p.id))
      .map((p) => ({ value: p.id, label: `${p.name} · ${p.address?.label ?? p.area.name}` })),
  ];
  return (
    <Select
      mode={multiple ? 'multiple' : undefined}
      allowClear
      showSearch={{ filterOption: false, onSearch: setQ }}
      value={value ?? (multiple ? [] : null)}
      onChange={(v) => onChange?.(v ?? null)}
      options={options}
      placeholder={placeholder}
      loading={found.isFetching}
      optionLabelProp="label"
    />
  );
}
