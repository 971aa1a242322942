import { PlusOutlined } from '@ant-design/icons';
import type { LedgerItem, LedgerUnit } from '@doorstep/contract';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Form, Input, InputNumber, Modal, Select, Space, Table, Tag } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { type ApiError, api } from '../../app/api';
import { SCALE } from './units';

/** 积分超市 for staff: what can be redeemed, at what price and stock; leads add, edit, restock and take items down. */
export default function CatalogueTab({ community, canEdit }: { community: number; canEdit: boolean }) {
  const { t } = useTranslation();
  const l = (k: string, o?: Record<string, unknown>) => t(`console.ledger.shop.${k}`, o);
  const qc = useQueryClient();
  const { message } = App.useApp();
  const items = useQuery({
    queryKey: ['ledger', 'items', community],
    queryFn: () => api<{ items: LedgerItem[] }>(`/api/ledger/items?communityId=${community}`),
  });
  const [editing, setEditing] = useState<LedgerItem | 'new'>();
  const toggle = useMutation({
    mutationFn: (i: LedgerItem) =>
      api<LedgerItem>(`/api/ledger/items/${i.id}`, {
        method: 'PATCH',
        json: { version: i.version, active: !i.active },
      }),
    onSuccess: (i) => {
      message.success(i.active ? l('listed') : l('delisted'));
      void qc.invalidateQueries({ queryKey: ['ledger', 'items'] });
    },
    onError: (e) => message.error((e as ApiError).userMessage),
  });
  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      {canEdit && (
        <Button icon={<PlusOutlined />} onClick={() => setEditing('new')} data-testid="shop-add">
          {l('add')}
        </Button>
      )}
      <Table<LedgerItem>
        rowKey="id"
        size="small"
        loading={items.isPending}
        dataSource={items.data?.items}
        pagination={false}
        scroll={{ x: 640 }}
        data-testid="shop-items"
        columns={[
          {
            title: l('name'),
            dataIndex: 'name',
            render: (n: string, i) => (
              <>
                <b>{n}</b>
                {i.description && <div style={{ color: '#666', fontSize: 12 }}>{i.description}</div>}
              </>
            ),
          },
          {
            title: l('merchant'),
            dataIndex: 'merchantName',
            width: 120,
            render: (m: string | null) => m ?? l('byCommunity'),
          },
          {
            title: l('price'),
            dataIndex: 'price',
            width: 110,
            render: (p: number, i) => `${p / SCALE[i.unit]} ${t(`console.ledger.unit.${i.unit}`)}`,
          },
          {
            title: l('stock'),
            dataIndex: 'stock',
            width: 80,
            render: (s: number) => (s === 0 ? <Tag color="red">{l('soldOut')}</Tag> : s),
          },
          {
            title: l('state'),
            dataIndex: 'active',
            width: 90,
            render: (a: boolean) => (a ? <Tag color="green">{l('active')}</Tag> : <Tag>{l('inactive')}</Tag>),
          },
          ...(canEdit
            ? [
                {
                  title: '',
                  key: 'actions',
                  width: 150,
                  render: (_: unknown, i: LedgerItem) => (
                    <Space size={0}>
                      <Button
                        type="link"
                        size="small"
                        onClick={() => setEditing(i)}
                        data-testid={`shop-edit-${i.id}`}
                      >
                        {l('edit')}
                      </Button>
                      <Button type="link" size="small" danger={i.active} onClick={() => toggle.mutate(i)}>
                        {i.active ? l('delist') : l('relist')}
                      </Button>
                    </Space>
                  ),
                },
              ]
            : []),
        ]}
      />
      {editing && (
        <ItemModal
          community={community}
          item={editing === 'new' ? null : editing}
          onClose={() => setEditing(undefined)}
        />
      )}
    </Space>
  );
}

interface ItemForm {
  name: string;
  description?: string;
  unit: LedgerUnit;
  price: number;
  stock: number;
  merchantPhone?: string;
}

function ItemModal({
  community,
  item,
  onClose,
}: {
  community: number;
  item: LedgerItem | null;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const l = (k: string, o?: Record<string, unknown>) => t(`console.ledger.shop.${k}`, o);
  const qc = useQueryClient();
  const { message } = App.useApp();
  const [form] = Form.useForm<ItemForm>();
  const unit = Form.useWatch('unit', form) ?? item?.unit ?? 'points';
  const save = useMutation({
    mutationFn: (v: ItemForm) => {
      const price = Math.round(v.price * SCALE[v.unit ?? unit]);
      return item
        ? api(`/api/ledger/items/${item.id}`, {
            method: 'PATCH',
            json: {
              version: item.version,
              name: v.name,
              description: v.description ?? '',
              price,
              stock: v.stock,
            },
          })
        : api('/api/ledger/items', {
            method: 'POST',
            json: {
              communityId: community,
              name: v.name,
              description: v.description ?? '',
              unit: v.unit,
              price,
              stock: v.stock,
              merchantPhone: v.merchantPhone || undefined,
            },
          });
    },
    onSuccess: () => {
      message.success(l('saved'));
      void qc.invalidateQueries({ queryKey: ['ledger', 'items'] });
      onClose();
    },
  });
  return (
    <Modal
      open
      title={item ? l('editTitle', { name: item.name }) : l('add')}
      onCancel={onClose}
      onOk={() => form.submit()}
      confirmLoading={save.isPending}
      destroyOnHidden
    >
      {save.error && (
        <Alert
          type="error"
          showIcon
          style={{ marginBottom: 12 }}
          title={(save.error as ApiError).userMessage}
        />
      )}
      <Form<ItemForm>
        form={form}
        layout="vertical"
        initialValues={
          item ? { ...item, price: item.price / SCALE[item.unit] } : { unit: 'points', price: 10, stock: 20 }
        }
        onFinish={(v) => save.mutate(v)}
      >
        <Form.Item name="name" label={l('name')} rules={[{ required: true, max: 50 }]}>
          <Input data-testid="shop-name" />
        </Form.Item>
        <Form.Item name="description" label={l('description')} rules={[{ max: 200 }]}>
          <Input placeholder={l('descriptionHint')} />
        </Form.Item>
        <Space wrap>
          <Form.Item name="unit" label={l('unit')}>
            <Select
              disabled={!!item}
              style={{ width: 110 }}
              options={(['points', 'hours'] as const).map((u) => ({
                value: u,
                label: t(`console.ledger.unit.${u}`),
              }))}
            />
          </Form.Item>
          <Form.Item name="price" label={l('price')} rules={[{ required: true }]}>
            <InputNumber
              min={unit === 'hours' ? 0.5 : 1}
              step={unit === 'hours' ? 0.5 : 1}
              precision={unit === 'hours' ? 1 : 0}
            />
          </Form.Item>
          <Form.Item
            name="stock"
            label={l('stock')}
            rules={[{ required: true }]}
            extra={item ? l('restockHint') : undefined}
          >
            <InputNumber min={0} max={1_000_000} precision={0} data-testid="shop-stock" />
          </Form.Item>
        </Space>
        {!item && (
          <Form.Item
            name="merchantPhone"
            label={l('merchantPhone')}
            extra={l('merchantHint')}
            rules={[{ pattern: /^1[3-9]\d{9}$/, message: l('phoneInvalid') }]}
          >
            <Input inputMode="numeric" maxLength={11} />
          </Form.Item>
        )}
      </Form>
    </Modal>
  );
}
