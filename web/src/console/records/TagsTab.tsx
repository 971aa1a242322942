import { EditOutlined, LockOutlined, PlusOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { App, Button, Form, Input, Modal, Popconfirm, Space, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError, api } from '../../app/api';
import { ErrorAlert } from '../../ui/ErrorAlert';
import { refreshRecords, type TagRow, tagsQuery } from './records.api';

/**
 * 人群标签: the street's tag list with the people carrying each; secretaries and street admins add, rename and
 * archive (停用: hidden from pickers, kept on people). Built-in tags keep their name and are never deleted.
 */
export function TagsTab({ canManage }: { canManage: boolean }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const r = (k: string, o?: Record<string, unknown>) => t(`console.records.tagsTab.${k}`, o);
  const tags = useQuery(tagsQuery());
  const [editing, setEditing] = useState<TagRow | 'new' | null>(null);
  const [error, setError] = useState<ApiError | null>(null);

  const archive = async (tag: TagRow, archived: boolean) => {
    setError(null);
    try {
      await api(`/api/records/tags/${tag.id}`, {
        method: 'PATCH',
        json: { version: tag.version, archived },
      });
      message.success(archived ? r('archived') : r('restored'));
    } catch (e) {
      setError(e instanceof ApiError ? e : new ApiError(0, null));
    }
    await refreshRecords();
  };

  return (
    <div className="ds-records-tags">
      <Space wrap style={{ marginBottom: 12 }} align="center">
        {canManage ? (
          <Button
            type="primary"
            icon={<PlusOutlined />}
            onClick={() => setEditing('new')}
            data-testid="tag-add"
          >
            {r('add')}
          </Button>
        ) : (
          <Typography.Text type="secondary">{r('readOnly')}</Typography.Text>
        )}
        <Typography.Text type="secondary">{r('help')}</Typography.Text>
      </Space>
      <ErrorAlert error={error} />
      <Table<TagRow>
        rowKey="id"
        size="middle"
        loading={tags.isLoading}
        dataSource={tags.data}
        pagination={false}
        rowClassName={(x) => (x.archived ? 'ds-records-archived' : '')}
        columns={[
          {
            title: r('name'),
            dataIndex: 'name',
            render: (name: string, x) => (
              <Space size={6}>
                <Tag color={x.archived ? 'default' : 'orange'}>{name}</Tag>
                {x.builtin && (
                  <Typography.Text type="secondary" className="ds-records-builtin">
                    <LockOutlined /> {r('builtin')}
                  </Typography.Text>
                )}
                {x.archived && <Typography.Text type="secondary">{r('archivedMark')}</Typography.Text>}
              </Space>
            ),
          },
          {
            title: r('people'),
            dataIndex: 'people',
            width: 72,
            align: 'right',
            render: (n: number) => r('peopleN', { n }),
          },
          ...(canManage
            ? [
                {
                  title: '',
                  key: 'actions',
                  width: 128,
                  render: (_: unknown, x: TagRow) =>
                    x.builtin ? null : (
                      <Space size={0} wrap>
                        {!x.archived && (
                          <Button
                            type="link"
                            size="small"
                            icon={<EditOutlined />}
                            onClick={() => setEditing(x)}
                          >
                            {r('rename')}
                          </Button>
                        )}
                        {x.archived ? (
                          <Button type="link" size="small" onClick={() => archive(x, false)}>
                            {r('restore')}
                          </Button>
                        ) : (
                          <Popconfirm
                            title={r('archiveConfirm', { name: x.name })}
                            description={r('archiveHelp')}
                            onConfirm={() => archive(x, true)}
                            okText={r('archive')}
                            cancelText={t('common.cancel')}
                          >
                            <Button type="link" size="small" danger>
                              {r('archive')}
                            </Button>
                          </Popconfirm>
                        )}
                      </Space>
                    ),
                },
              ]
            : []),
        ]}
      />
      {editing && <TagDialog tag={editing === 'new' ? null : editing} onClose={() => setEditing(null)} />}
    </div>
  );
}

function TagDialog({ tag, onClose }: { tag: TagRow | null; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const r = (k: string, o?: Record<string, unknown>) => t(`console.records.tagsTab.${k}`, o);
  const [form] = Form.useForm<{ name: string }>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const save = async ({ name }: { name: string }) => {
    setBusy(true);
    setError(null);
    try {
      if (tag)
        await api(`/api/records/tags/${tag.id}`, {
          method: 'PATCH',
          json: { version: tag.version, name: name.trim() },
        });
      else await api('/api/records/tags', { method: 'POST', json: { name: name.trim() } });
      await refreshRecords();
      message.success(tag ? r('renamed') : r('added'));
      onClose();
    } catch (e) {
      setError(e instanceof ApiError ? e : new ApiError(0, null));
      if (e instanceof ApiError && e.status === 409) void refreshRecords();
    } finally {
      setBusy(false);
    }
  };
  return (
    <Modal
      open
      title={tag ? r('renameTitle', { name: tag.name }) : r('add')}
      onCancel={onClose}
      onOk={() => form.submit()}
      okText={t('common.save')}
      confirmLoading={busy}
      destroyOnHidden
    >
      <ErrorAlert error={error} />
      <Form form={form} layout="vertical" onFinish={save} initialValues={{ name: tag?.name ?? '' }}>
        <Form.Item
          name="name"
          label={r('name')}
          rules={[{ required: true, whitespace: true, max: 20, message: r('nameRule') }]}
        >
          <Input maxLength={20} placeholder={r('namePlaceholder')} data-testid="tag-name" autoFocus />
        </Form.Item>
      </Form>
    </Modal>
  );
}
