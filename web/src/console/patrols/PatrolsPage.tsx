import { PlusOutlined } from '@ant-design/icons';
import type { Patrol, PatrolPlan } from '@doorstep/contract';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import {
  App,
  Button,
  Card,
  Col,
  Form,
  Input,
  Modal,
  Row,
  Space,
  Table,
  Tag,
  Timeline,
  Typography,
} from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { type ApiError, api } from '../../app/api';
import '../activities/i18n';
import { CommunitySelect, fmt, hm, useCommunity } from '../activities/shared';

const useL = () => {
  const { t } = useTranslation();
  return (k: string, o?: Record<string, unknown>) => t(`console.patrols.${k}`, o) as string;
};

/** 暗夜走访: plans (team of three, window, places) and the patrols walked, with check-ins and the requests filed. */
export default function PatrolsPage() {
  const l = useL();
  const c = useCommunity();
  const [creating, setCreating] = useState(false);
  const plans = useQuery({
    queryKey: ['patrols', 'plans', c.community],
    enabled: c.community !== undefined,
    queryFn: () => api<{ items: PatrolPlan[] }>(`/api/patrols/plans?communityId=${c.community}`),
  });
  const patrols = useQuery({
    queryKey: ['patrols', 'list', c.community],
    enabled: c.community !== undefined,
    queryFn: () => api<{ items: Patrol[] }>(`/api/patrols?communityId=${c.community}`),
  });
  return (
    <Card>
      <div style={{ display: 'flex', flexWrap: 'wrap', gap: 12, justifyContent: 'space-between' }}>
        <CommunitySelect c={c} />
        <Button
          type="primary"
          icon={<PlusOutlined />}
          onClick={() => setCreating(true)}
          disabled={!c.community}
        >
          {l('newPlan')}
        </Button>
      </div>
      <Typography.Title level={5} style={{ marginTop: 16 }}>
        {l('plans')}
      </Typography.Title>
      <Table<PatrolPlan>
        rowKey="id"
        size="middle"
        loading={plans.isPending}
        dataSource={plans.data?.items}
        pagination={false}
        scroll={{ x: 760 }}
        data-testid="patrol-plans"
        columns={[
          {
            title: l('name'),
            render: (_, p) => (
              <Space direction="vertical" size={0}>
                <b>{p.name}</b>
                <Typography.Text type="secondary">{l('count', { n: p.patrols })}</Typography.Text>
              </Space>
            ),
          },
          { title: l('window'), render: (_, p) => `${p.windowStart}–${p.windowEnd}` },
          {
            title: l('team'),
            render: (_, p) =>
              `${l('secretary')} ${p.secretary.name} · ${l('gridWorker')} ${p.gridWorker.name} · ${l('property')} ${p.property.name}`,
          },
          { title: l('placesCol'), render: (_, p) => p.places.map((x) => <Tag key={x}>{x}</Tag>) },
          {
            title: '',
            render: (_, p) => (p.openPatrolId ? <Tag color="processing">{l('underWay')}</Tag> : null),
          },
        ]}
      />
      <Typography.Title level={5} style={{ marginTop: 24 }}>
        {l('records')}
      </Typography.Title>
      <Row gutter={[16, 16]} data-testid="patrol-records">
        {(patrols.data?.items ?? []).map((p) => (
          <Col key={p.id} xs={24} lg={12}>
            <Card
              size="small"
              title={`${p.planName} · ${fmt(p.startedAt)}${p.closedAt ? `–${hm(p.closedAt)}` : ''}`}
              extra={p.closedAt ? null : <Tag color="processing">{l('open')}</Tag>}
            >
              <Timeline
                items={p.checkins.map((x) => ({
                  color: x.requestId ? 'red' : 'green',
                  children: (
                    <>
                      <b>{x.place}</b>{' '}
                      <Typography.Text type="secondary">
                        {hm(x.at)} · {l('by', { name: x.by })}
                      </Typography.Text>
                      {x.note && <div>{x.note}</div>}
                      {x.requestId && (
                        <Link to={`/requests/${x.requestId}`}>
                          <Tag color="red">{l('request', { no: x.requestNo })}</Tag>
                        </Link>
                      )}
                    </>
                  ),
                }))}
              />
              {p.summary && (
                <Typography.Paragraph style={{ marginBottom: 0 }}>
                  <b>{l('summary')}：</b>
                  {p.summary}
                </Typography.Paragraph>
              )}
            </Card>
          </Col>
        ))}
      </Row>
      {creating && c.community !== undefined && (
        <PlanModal community={c.community} onClose={() => setCreating(false)} />
      )}
    </Card>
  );
}

interface PlanForm {
  name: string;
  windowStart: string;
  windowEnd: string;
  secretaryPhone: string;
  gridWorkerPhone: string;
  propertyPhone: string;
  places: string;
}

function PlanModal({ community, onClose }: { community: number; onClose: () => void }) {
  const l = useL();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const [form] = Form.useForm<PlanForm>();
  const save = useMutation({
    mutationFn: (v: PlanForm) =>
      api('/api/patrols/plans', {
        method: 'POST',
        json: {
          ...v,
          communityId: community,
          places: v.places
            .split('\n')
            .map((s) => s.trim())
            .filter(Boolean),
        },
      }),
    onSuccess: () => {
      void message.success(l('created'));
      void qc.invalidateQueries({ queryKey: ['patrols'] });
      onClose();
    },
    onError: (e) => void message.error((e as ApiError).userMessage),
  });
  const phone = [{ required: true, pattern: /^1[3-9]\d{9}$/ }];
  const time = [{ required: true, pattern: /^([01]\d|2[0-3]):[0-5]\d$|^24:00$/ }];
  return (
    <Modal
      open
      title={l('newPlan')}
      onCancel={onClose}
      onOk={() => form.submit()}
      okButtonProps={{ loading: save.isPending }}
    >
      <Form
        form={form}
        layout="vertical"
        initialValues={{
          name: '暗夜走访',
          windowStart: '21:00',
          windowEnd: '24:00',
          places: '便利店\n烧烤摊\n出租车临停点',
        }}
        onFinish={(v) => save.mutate(v)}
      >
        <Form.Item name="name" label={l('name')} rules={[{ required: true, max: 50 }]}>
          <Input />
        </Form.Item>
        <Row gutter={12}>
          <Col span={12}>
            <Form.Item name="windowStart" label={l('windowStart')} rules={time}>
              <Input />
            </Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item name="windowEnd" label={l('windowEnd')} rules={time}>
              <Input />
            </Form.Item>
          </Col>
        </Row>
        <Form.Item name="secretaryPhone" label={l('secretaryPhone')} rules={phone}>
          <Input inputMode="numeric" maxLength={11} />
        </Form.Item>
        <Form.Item name="gridWorkerPhone" label={l('gridWorkerPhone')} rules={phone}>
          <Input inputMode="numeric" maxLength={11} />
        </Form.Item>
        <Form.Item name="propertyPhone" label={l('propertyPhone')} rules={phone}>
          <Input inputMode="numeric" maxLength={11} />
        </Form.Item>
        <Form.Item name="places" label={l('places')} rules={[{ required: true }]}>
          <Input.TextArea rows={4} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
