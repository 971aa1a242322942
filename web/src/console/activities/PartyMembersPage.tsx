import { PlusOutlined } from '@ant-design/icons';
import type { InterestGroup, PartyPost, PartyReport } from '@doorstep/contract';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { App, Button, Card, Form, Input, Modal, Select, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { type ApiError, api } from '../../app/api';
import { useMe } from '../../app/queries';
import { CommunitySelect, fmt, useCommunity } from './shared';
import './i18n';

const useL = () => {
  const { t } = useTranslation();
  return (k: string, o?: Record<string, unknown>) => t(`console.partyMembers.${k}`, o) as string;
};

/** 党员报到: report-ins to confirm, 先锋岗/责任区 with their counted work. */
export default function PartyMembersPage() {
  const l = useL();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const me = useMe().data;
  const lead =
    !!me?.isPlatformAdmin ||
    !!me?.roles.some((r) => ['street_admin', 'community_secretary'].includes(r.role));
  const c = useCommunity();
  const [assigning, setAssigning] = useState(false);
  const reports = useQuery({
    queryKey: ['party', 'reports', c.community],
    enabled: c.community !== undefined,
    queryFn: () => api<{ items: PartyReport[] }>(`/api/party-members/reports?communityId=${c.community}`),
  });
  const posts = useQuery({
    queryKey: ['party', 'posts', c.community],
    enabled: c.community !== undefined,
    queryFn: () => api<{ items: PartyPost[] }>(`/api/party-members/posts?communityId=${c.community}`),
  });
  const groups = useQuery({
    queryKey: ['party', 'groups', c.community],
    enabled: c.community !== undefined,
    queryFn: () => api<{ items: InterestGroup[] }>(`/api/interest-groups?communityId=${c.community}`),
  });
  const confirm = useMutation({
    mutationFn: (id: number) => api(`/api/party-members/reports/${id}/confirm`, { method: 'POST' }),
    onSuccess: () => {
      void message.success(l('confirmed'));
      void qc.invalidateQueries({ queryKey: ['party'] });
    },
    onError: (e) => void message.error((e as ApiError).userMessage),
  });
  return (
    <Card>
      <div style={{ display: 'flex', flexWrap: 'wrap', gap: 12, justifyContent: 'space-between' }}>
        <CommunitySelect c={c} />
        {lead && (
          <Button
            type="primary"
            icon={<PlusOutlined />}
            onClick={() => setAssigning(true)}
            disabled={!c.community}
          >
            {l('assign')}
          </Button>
        )}
      </div>
      <Typography.Title level={5} style={{ marginTop: 16 }}>
        {l('reports')}
      </Typography.Title>
      <Table<PartyReport>
        rowKey="id"
        size="middle"
        loading={reports.isPending}
        dataSource={reports.data?.items}
        pagination={{ pageSize: 20, hideOnSinglePage: true }}
        scroll={{ x: 860 }}
        data-testid="party-reports"
        columns={[
          { title: l('name'), dataIndex: 'name', width: 90 },
          { title: l('branch'), dataIndex: 'branchName' },
          { title: l('workplace'), dataIndex: 'workplaceBranch' },
          { title: l('commitment'), dataIndex: 'commitment' },
          { title: l('at'), dataIndex: 'createdAt', render: fmt, width: 140 },
          {
            title: l('status'),
            width: 150,
            render: (_, r) =>
              r.status === 'confirmed' ? (
                <Tag color="green">
                  {l('statusConfirmed')}
                  {r.confirmedBy ? ` · ${r.confirmedBy}` : ''}
                </Tag>
              ) : lead ? (
                <Button size="small" type="primary" onClick={() => confirm.mutate(r.id)}>
                  {l('confirm')}
                </Button>
              ) : (
                <Tag color="orange">{l('statusPending')}</Tag>
              ),
          },
        ]}
      />
      <Typography.Title level={5} style={{ marginTop: 24 }}>
        {l('posts')}
      </Typography.Title>
      <Table<PartyPost>
        rowKey="id"
        size="middle"
        loading={posts.isPending}
        dataSource={posts.data?.items}
        pagination={false}
        scroll={{ x: 760 }}
        data-testid="party-posts"
        columns={[
          { title: l('post'), render: (_, p) => `${p.name}${p.dutyAreaName ? `（${p.dutyAreaName}）` : ''}` },
          {
            title: l('kind'),
            dataIndex: 'kind',
            render: (k) => <Tag color="red">{l(`kinds.${k}`)}</Tag>,
          },
          { title: l('member'), dataIndex: 'memberName' },
          ...(['visit', 'opinion', 'solved', 'mediated'] as const).map((k) => ({
            title: l(`work.${k}`),
            align: 'right' as const,
            render: (_: unknown, p: PartyPost) => p.counts[k],
          })),
        ]}
      />
      <Typography.Title level={5} style={{ marginTop: 24 }}>
        {l('groups')}
      </Typography.Title>
      <Table<InterestGroup>
        rowKey="id"
        size="middle"
        loading={groups.isPending}
        dataSource={groups.data?.items}
        pagination={false}
        scroll={{ x: 760 }}
        data-testid="interest-groups"
        columns={[
          {
            title: l('group'),
            render: (_, g) => (
              <>
                <b>{g.name}</b>
                <div style={{ color: '#666', fontSize: 12 }}>{g.description}</div>
              </>
            ),
          },
          { title: l('leader'), dataIndex: 'leaderName', render: (v) => v ?? '—' },
          {
            title: l('groupMembers'),
            render: (_, g) => l('membersValue', { n: g.members, party: g.partyMembers }),
          },
          {
            title: l('products'),
            render: (_, g) =>
              g.products.map((p) => (
                <div key={p.id}>
                  <Tag color="gold">
                    {p.title} · {p.quantity}
                    {p.unit}
                  </Tag>
                  {p.requests.map((r) => (
                    <Link key={r.id} to={`/requests/${r.id}`} style={{ marginRight: 6 }}>
                      {r.publicNo}
                    </Link>
                  ))}
                </div>
              )),
          },
        ]}
      />
      {assigning && c.community !== undefined && (
        <AssignModal community={c.community} onClose={() => setAssigning(false)} />
      )}
    </Card>
  );
}

function AssignModal({ community, onClose }: { community: number; onClose: () => void }) {
  const l = useL();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const [form] = Form.useForm<{ kind: string; name: string; memberPhone: string }>();
  const save = useMutation({
    mutationFn: (v: { kind: string; name: string; memberPhone: string }) =>
      api('/api/party-members/posts', { method: 'POST', json: { ...v, communityId: community } }),
    onSuccess: () => {
      void qc.invalidateQueries({ queryKey: ['party'] });
      onClose();
    },
    onError: (e) => void message.error((e as ApiError).userMessage),
  });
  return (
    <Modal
      open
      title={l('assign')}
      onCancel={onClose}
      onOk={() => form.submit()}
      okButtonProps={{ loading: save.isPending }}
    >
      <Form
        form={form}
        layout="vertical"
        initialValues={{ kind: 'pioneer_post' }}
        onFinish={(v) => save.mutate(v)}
      >
        <Form.Item name="kind" label={l('kind')}>
          <Select
            options={[
              { value: 'pioneer_post', label: l('kinds.pioneer_post') },
              { value: 'duty_area', label: l('kinds.duty_area') },
            ]}
          />
        </Form.Item>
        <Form.Item name="name" label={l('post')} rules={[{ required: true, max: 50 }]}>
          <Input placeholder="垃圾分类先锋岗" />
        </Form.Item>
        <Form.Item
          name="memberPhone"
          label={l('memberPhone')}
          rules={[{ required: true, pattern: /^1[3-9]\d{9}$/ }]}
        >
          <Input inputMode="numeric" maxLength={11} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
