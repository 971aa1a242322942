import { PlusOutlined } from '@ant-design/icons';
import type { HoursRecord } from '@doorstep/contract';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import {
  App,
  Button,
  Card,
  DatePicker,
  Form,
  Input,
  Modal,
  Segmented,
  Select,
  Space,
  Table,
  Tag,
  Typography,
} from 'antd';
import type { Dayjs } from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { type ApiError, api } from '../../app/api';
import { CommunitySelect, fmt, hm, hours, useCommunity } from './shared';
import './i18n';

interface Team {
  id: number;
  name: string;
  description: string;
  leaderName: string | null;
  members: number;
  approvedMinutes: number;
}

const useL = () => {
  const { t } = useTranslation();
  return (k: string, o?: Record<string, unknown>) => t(`console.volunteers.${k}`, o) as string;
};

/** 志愿者: teams, recording hours (谁组织谁记录) and approving them into the time bank. */
export default function VolunteersPage() {
  const l = useL();
  const c = useCommunity();
  const [modal, setModal] = useState<'team' | 'hours' | null>(null);
  const teams = useQuery({
    queryKey: ['activities', 'teams', c.community],
    enabled: c.community !== undefined,
    queryFn: () => api<{ items: Team[] }>(`/api/volunteers/teams?communityId=${c.community}`),
  });
  return (
    <Card>
      <div style={{ display: 'flex', flexWrap: 'wrap', gap: 12, justifyContent: 'space-between' }}>
        <CommunitySelect c={c} />
        <Space wrap>
          <Button icon={<PlusOutlined />} onClick={() => setModal('team')} disabled={!c.community}>
            {l('newTeam')}
          </Button>
          <Button
            type="primary"
            icon={<PlusOutlined />}
            onClick={() => setModal('hours')}
            disabled={!teams.data?.items.length}
            data-testid="volunteers-record"
          >
            {l('recordHours')}
          </Button>
        </Space>
      </div>
      <Typography.Title level={5} style={{ marginTop: 16 }}>
        {l('teams')}
      </Typography.Title>
      <Table<Team>
        rowKey="id"
        size="middle"
        loading={teams.isPending}
        dataSource={teams.data?.items}
        pagination={false}
        scroll={{ x: 600 }}
        columns={[
          { title: l('name'), dataIndex: 'name' },
          { title: l('description'), dataIndex: 'description' },
          { title: l('leader'), dataIndex: 'leaderName', render: (v) => v ?? '—' },
          { title: l('members'), dataIndex: 'members', align: 'right' },
          {
            title: l('approved'),
            dataIndex: 'approvedMinutes',
            align: 'right',
            render: (m) => l('hoursValue', { h: hours(m) }),
          },
        ]}
      />
      {c.community !== undefined && <HoursTable community={c.community} />}
      {modal === 'team' && c.community !== undefined && (
        <TeamModal community={c.community} onClose={() => setModal(null)} />
      )}
      {modal === 'hours' && <HoursModal teams={teams.data?.items ?? []} onClose={() => setModal(null)} />}
    </Card>
  );
}

function HoursTable({ community }: { community: number }) {
  const l = useL();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const [status, setStatus] = useState<string>('recorded');
  const q = useQuery({
    queryKey: ['activities', 'hours', community, status],
    queryFn: () =>
      api<{ items: HoursRecord[] }>(
        `/api/volunteers/hours?communityId=${community}${status === 'all' ? '' : `&status=${status}`}`,
      ),
  });
  const decide = useMutation({
    mutationFn: (v: { id: number; approve: boolean }) =>
      api(`/api/volunteers/hours/${v.id}/decide`, { method: 'POST', json: { approve: v.approve } }),
    onSuccess: (_, v) => {
      void message.success(l(v.approve ? 'approvedOk' : 'rejectedOk'));
      void qc.invalidateQueries({ queryKey: ['activities'] });
    },
    onError: (e) => void message.error((e as ApiError).userMessage),
  });
  return (
    <>
      <div style={{ display: 'flex', flexWrap: 'wrap', gap: 12, alignItems: 'center', marginTop: 24 }}>
        <Typography.Title level={5} style={{ margin: 0 }}>
          {l('hours')}
        </Typography.Title>
        <Segmented
          value={status}
          onChange={(v) => setStatus(String(v))}
          options={[
            { value: 'recorded', label: l('statuses.recorded') },
            { value: 'approved', label: l('statuses.approved') },
            { value: 'rejected', label: l('statuses.rejected') },
            { value: 'all', label: l('filterAll') },
          ]}
        />
      </div>
      <Table<HoursRecord>
        style={{ marginTop: 12 }}
        rowKey="id"
        size="middle"
        loading={q.isPending}
        dataSource={q.data?.items}
        pagination={{ pageSize: 20, hideOnSinglePage: true }}
        scroll={{ x: 820 }}
        data-testid="volunteers-hours"
        columns={[
          { title: l('volunteer'), dataIndex: 'volunteerName' },
          { title: l('event'), dataIndex: 'event', render: (e, h) => `${e}（${h.teamName}）` },
          { title: l('range'), render: (_, h) => `${fmt(h.startedAt)}–${hm(h.endedAt)}` },
          {
            title: l('length'),
            dataIndex: 'minutes',
            align: 'right',
            render: (m) => l('hoursValue', { h: hours(m) }),
          },
          { title: l('recordedBy'), dataIndex: 'recordedBy' },
          {
            title: l('status'),
            dataIndex: 'status',
            render: (s, h) =>
              s === 'recorded' ? (
                <Space>
                  <Button
                    size="small"
                    type="primary"
                    loading={decide.isPending}
                    onClick={() => decide.mutate({ id: h.id, approve: true })}
                    data-testid="volunteers-approve"
                  >
                    {l('approve')}
                  </Button>
                  <Button size="small" danger onClick={() => decide.mutate({ id: h.id, approve: false })}>
                    {l('reject')}
                  </Button>
                </Space>
              ) : (
                <Tag color={s === 'approved' ? 'green' : 'default'}>
                  {l(`statuses.${s}`)}
                  {h.decidedBy ? ` · ${h.decidedBy}` : ''}
                </Tag>
              ),
          },
        ]}
      />
    </>
  );
}

function TeamModal({ community, onClose }: { community: number; onClose: () => void }) {
  const l = useL();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const [form] = Form.useForm<{ name: string; description?: string; leaderPhone?: string }>();
  const save = useMutation({
    mutationFn: (v: { name: string; description?: string; leaderPhone?: string }) =>
      api('/api/volunteers/teams', {
        method: 'POST',
        json: {
          communityId: community,
          name: v.name,
          description: v.description ?? '',
          leaderPhone: v.leaderPhone || undefined,
        },
      }),
    onSuccess: () => {
      void qc.invalidateQueries({ queryKey: ['activities'] });
      onClose();
    },
    onError: (e) => void message.error((e as ApiError).userMessage),
  });
  return (
    <Modal
      open
      title={l('newTeam')}
      onCancel={onClose}
      onOk={() => form.submit()}
      okButtonProps={{ loading: save.isPending }}
    >
      <Form form={form} layout="vertical" onFinish={(v) => save.mutate(v)}>
        <Form.Item name="name" label={l('name')} rules={[{ required: true, max: 50 }]}>
          <Input />
        </Form.Item>
        <Form.Item name="description" label={l('description')} rules={[{ max: 500 }]}>
          <Input.TextArea rows={2} />
        </Form.Item>
        <Form.Item name="leaderPhone" label={l('leaderPhone')} rules={[{ pattern: /^1[3-9]\d{9}$/ }]}>
          <Input inputMode="numeric" maxLength={11} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

interface HoursForm {
  teamId: number;
  phone: string;
  event: string;
  range: [Dayjs, Dayjs];
}

function HoursModal({ teams, onClose }: { teams: Team[]; onClose: () => void }) {
  const l = useL();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const [form] = Form.useForm<HoursForm>();
  const save = useMutation({
    mutationFn: (v: HoursForm) =>
      api('/api/volunteers/hours', {
        method: 'POST',
        json: {
          teamId: v.teamId,
          phone: v.phone,
          event: v.event,
          startedAt: v.range[0].second(0).format(),
          endedAt: v.range[1].second(0).format(),
        },
      }),
    onSuccess: () => {
      void message.success(l('recorded'));
      void qc.invalidateQueries({ queryKey: ['activities'] });
      onClose();
    },
    onError: (e) => void message.error((e as ApiError).userMessage),
  });
  return (
    <Modal
      open
      title={l('recordHours')}
      onCancel={onClose}
      onOk={() => form.submit()}
      okButtonProps={{ loading: save.isPending }}
    >
      <Typography.Paragraph type="secondary">{l('recordHint')}</Typography.Paragraph>
      <Form
        form={form}
        layout="vertical"
        initialValues={{ teamId: teams[0]?.id }}
        onFinish={(v) => save.mutate(v)}
      >
        <Form.Item name="teamId" label={l('team')} rules={[{ required: true }]}>
          <Select options={teams.map((t) => ({ value: t.id, label: t.name }))} />
        </Form.Item>
        <Form.Item name="phone" label={l('phone')} rules={[{ required: true, pattern: /^1[3-9]\d{9}$/ }]}>
          <Input inputMode="numeric" maxLength={11} />
        </Form.Item>
        <Form.Item name="event" label={l('event')} rules={[{ required: true, max: 100 }]}>
          <Input />
        </Form.Item>
        <Form.Item name="range" label={l('range')} rules={[{ required: true }]}>
          <DatePicker.RangePicker showTime={{ format: 'HH:mm', minuteStep: 5 }} format="YYYY-MM-DD HH:mm" />
        </Form.Item>
      </Form>
    </Modal>
  );
}
