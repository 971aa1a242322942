import { PlayCircleOutlined } from '@ant-design/icons';
import type { AreaNode, BriefChannelList, BriefItem, BriefList } from '@doorstep/contract';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import {
  App,
  Button,
  Collapse,
  Empty,
  Form,
  Input,
  List,
  Modal,
  Select,
  Space,
  Spin,
  Statistic,
  Tag,
  Typography,
} from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { type ApiError, api } from '../../app/api';
import { useMe } from '../../app/queries';
import { Definition, fmtDate, pct } from './common';

// dark solid tags: white text on them passes WCAG AA contrast
const STATE_COLOR = {
  open: '#ad4e00',
  assigned: '#1d4e89',
  dismissed: '#595959',
  reported: '#135200',
} as const;
const KIND_COLOR = {
  breach: '#a8071a',
  gap: '#1d39c4',
  surge_category: '#ad2102',
  surge_place: '#ad2102',
  missed_loop: '#9e1068',
} as const;

type Action = { item: BriefItem; kind: 'assign' | 'dismiss' | 'report' };

function ItemCard({
  item,
  onAction,
  lead,
  mine,
}: {
  item: BriefItem;
  onAction: (a: Action) => void;
  lead: boolean;
  mine: boolean;
}) {
  const { t } = useTranslation();
  const l = (k: string) => t(`console.insights.${k}`);
  const open = item.state === 'open' || item.state === 'assigned';
  return (
    <div className="ds-brief-item" data-testid={`brief-item-${item.rank}`}>
      <Space size={4} wrap>
        <Tag color={KIND_COLOR[item.kind]}>{l(`kind.${item.kind}`)}</Tag>
        <Tag color={STATE_COLOR[item.state]} data-testid="item-state">
          {l(`state.${item.state}`)}
        </Tag>
      </Space>
      <h4>
        {item.rank}. {item.title}
      </h4>
      {item.detail && <Typography.Text type="secondary">{item.detail}</Typography.Text>}
      {item.requestId !== null && (
        <Link to={`/requests/${item.requestId}`} style={{ marginLeft: 8, textDecoration: 'underline' }}>
          {l('openRequest')}
        </Link>
      )}
      <div className="ds-brief-meta">
        <span>
          {l('owner')}：{item.owner?.name ?? '—'}
        </span>
        {item.assignee && (
          <span>
            {l('assignee')}：{item.assignee.name}
          </span>
        )}
        {item.dueAt && (
          <span>
            {l('due')}：{fmtDate(item.dueAt)}
          </span>
        )}
        {item.note && <span>{item.note}</span>}
      </div>
      {item.dismissReason && (
        <Typography.Paragraph>{`${l('dismissReason')}：${item.dismissReason}`}</Typography.Paragraph>
      )}
      {item.report && (
        <Typography.Paragraph data-testid="item-report">{`${l('report')}（${fmtDate(item.reportedAt)}）：${item.report}`}</Typography.Paragraph>
      )}
      {open && (
        <Space wrap>
          {lead && (
            <Button
              type="primary"
              onClick={() => onAction({ item, kind: 'assign' })}
              data-testid="item-assign"
            >
              {l('assign')}
            </Button>
          )}
          {lead && <Button onClick={() => onAction({ item, kind: 'dismiss' })}>{l('dismiss')}</Button>}
          {mine && item.state === 'assigned' && (
            <Button
              type="primary"
              onClick={() => onAction({ item, kind: 'report' })}
              data-testid="item-report-btn"
            >
              {l('report')}
            </Button>
          )}
        </Space>
      )}
    </div>
  );
}

function ActionModal({
  action,
  assignees,
  onClose,
}: {
  action: Action | null;
  assignees: BriefList['assignees'];
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const l = (k: string) => t(`console.insights.${k}`);
  const { message } = App.useApp();
  const qc = useQueryClient();
  const [form] = Form.useForm();
  useEffect(() => {
    if (action)
      form.setFieldsValue({ assigneeUserId: action.item.owner?.userId, note: '', reason: '', text: '' });
  }, [action, form]);
  const save = useMutation({
    mutationFn: (v: Record<string, string>) =>
      api(`/api/insights/brief-items/${action!.item.id}/${action!.kind}`, {
        method: 'POST',
        json: { ...v, version: action!.item.version },
      }),
    onSuccess: () => {
      message.success(l('saved'));
      qc.invalidateQueries({ queryKey: ['insights', 'briefs'] });
      qc.invalidateQueries({ queryKey: ['insights', 'mine'] });
      onClose();
    },
    onError: (e: ApiError) => message.error(e.message),
  });
  if (!action) return null;
  return (
    <Modal
      open
      title={`${l(action.kind)}：${action.item.title}`}
      onCancel={onClose}
      onOk={() => form.submit()}
      confirmLoading={save.isPending}
      destroyOnHidden
    >
      <Form form={form} layout="vertical" onFinish={(v) => save.mutate(v)}>
        {action.kind === 'assign' && (
          <>
            <Form.Item name="assigneeUserId" label={l('assignee')} rules={[{ required: true }]}>
              <Select
                showSearch
                optionFilterProp="label"
                data-testid="assignee-select"
                options={assignees.map((p) => ({
                  value: p.userId,
                  label: `${p.name}（${t(`roles.${p.role}`, p.role)}）`,
                }))}
              />
            </Form.Item>
            <Form.Item name="note" label={l('note')}>
              <Input.TextArea rows={2} maxLength={500} />
            </Form.Item>
          </>
        )}
        {action.kind === 'dismiss' && (
          <Form.Item
            name="reason"
            label={l('dismissReason')}
            extra={l('dismissHint')}
            rules={[{ required: true, min: 2 }]}
          >
            <Input.TextArea rows={3} maxLength={500} />
          </Form.Item>
        )}
        {action.kind === 'report' && (
          <Form.Item
            name="text"
            label={l('reportText')}
            extra={l('reportHint')}
            rules={[{ required: true, min: 2 }]}
          >
            <Input.TextArea rows={4} maxLength={1000} data-testid="report-text" />
          </Form.Item>
        )}
      </Form>
    </Modal>
  );
}

/** Items the meeting gave me, to report back on. */
export function MyItems({ onAction }: { onAction: (a: Action) => void }) {
  const { t } = useTranslation();
  const mine = useQuery({
    queryKey: ['insights', 'mine'],
    queryFn: () => api<{ items: BriefItem[] }>('/api/insights/brief-items/mine'),
  });
  if (!mine.data?.items.length) return null;
  return (
    <div data-testid="my-items" style={{ marginBottom: 16 }}>
      <Typography.Title level={5}>{t('console.insights.mine')}</Typography.Title>
      {mine.data.items.map((i) => (
        <ItemCard key={i.id} item={i} onAction={onAction} lead={false} mine />
      ))}
    </div>
  );
}

/** 数据晨读: the community's briefs, the loop of each item, and "run now". */
export function BriefTab({ communities, loading }: { communities: AreaNode[]; loading: boolean }) {
  const { t } = useTranslation();
  const l = (k: string, o?: Record<string, unknown>) => t(`console.insights.${k}`, o);
  const { message } = App.useApp();
  const me = useMe().data;
  const qc = useQueryClient();
  const [community, setCommunity] = useState<number>();
  const [action, setAction] = useState<Action | null>(null);
  useEffect(() => {
    if (community === undefined && communities[0]) setCommunity(communities[0].id);
  }, [communities, community]);
  const lead =
    !!me?.isPlatformAdmin ||
    !!me?.roles.some((r) => ['street_admin', 'community_secretary'].includes(r.role));
  const briefs = useQuery({
    queryKey: ['insights', 'briefs', community],
    queryFn: () => api<BriefList>(`/api/insights/briefs?communityId=${community}`),
    enabled: community !== undefined,
    retry: false,
  });
  const run = useMutation({
    mutationFn: () =>
      api<{ id: number; created: boolean }>('/api/insights/briefs/run', {
        method: 'POST',
        json: { communityId: community },
      }),
    onSuccess: (r) => {
      message.success(r.created ? l('ran') : l('ranExisting'));
      qc.invalidateQueries({ queryKey: ['insights', 'briefs'] });
    },
    onError: (e: ApiError) => message.error(e.message),
  });
  const data = briefs.data;
  return (
    <div data-testid="brief">
      <MyItems onAction={setAction} />
      {communities.length > 0 && (
        <Space wrap style={{ marginBottom: 12, justifyContent: 'space-between', width: '100%' }}>
          <Space wrap>
            <span>{l('community')}</span>
            <Select
              style={{ minWidth: 160 }}
              value={community}
              onChange={setCommunity}
              aria-label={l('community')}
              loading={loading}
              options={communities.map((c) => ({ value: c.id, label: c.name }))}
            />
          </Space>
          {lead && (
            <Button
              type="primary"
              icon={<PlayCircleOutlined />}
              loading={run.isPending}
              onClick={() => run.mutate()}
              data-testid="brief-run"
            >
              {l('run')}
            </Button>
          )}
        </Space>
      )}
      {lead && <Typography.Paragraph type="secondary">{l('runHint')}</Typography.Paragraph>}
      {briefs.isPending && community !== undefined && <Spin />}
      {data && (
        <>
          <Statistic
            title={
              <Space size={4}>
                {l('closedSameDay')}
                <Definition defs={data.definitions} k="closedSameDay" />
              </Space>
            }
            value={pct(data.closedSameDay.value)}
            suffix={
              data.closedSameDay.denominator
                ? `（${data.closedSameDay.numerator}/${data.closedSameDay.denominator}）`
                : ''
            }
            style={{ marginBottom: 12 }}
            valueStyle={{ fontSize: 22 }}
            data-testid="closed-same-day"
          />
          {data.items.length === 0 && <Empty description={l('noBriefs')} />}
          {data.items.map((b) => (
            <div key={b.id} style={{ marginBottom: 20 }} data-testid="brief-day">
              <Typography.Title level={5}>{l('briefOf', { day: b.day })}</Typography.Title>
              {b.items.length === 0 && <Typography.Text type="secondary">{l('noItems')}</Typography.Text>}
              {b.items.map((i) => (
                <ItemCard
                  key={i.id}
                  item={i}
                  onAction={setAction}
                  lead={lead}
                  mine={i.assignee?.userId === me?.user.id}
                />
              ))}
              {b.deliveries.length > 0 && (
                <Typography.Text type="secondary" style={{ fontSize: 13 }}>
                  {l('deliveries')}：
                  {b.deliveries
                    .map(
                      (d) =>
                        `${d.channel === 'in_app' ? '站内' : l(`channelKind.${d.channel}`)} ${d.ok ? l('delivered') : l('failed')}`,
                    )
                    .join('；')}
                </Typography.Text>
              )}
            </div>
          ))}
        </>
      )}
      {lead && community !== undefined && <ChannelsSection community={community} />}
      <ActionModal action={action} assignees={data?.assignees ?? []} onClose={() => setAction(null)} />
    </div>
  );
}

/** Where the brief is pushed besides the in-app inbox: e-mail and group robots (WeCom, DingTalk, Feishu). */
function ChannelsSection({ community }: { community: number }) {
  const { t } = useTranslation();
  const l = (k: string) => t(`console.insights.${k}`);
  const { message } = App.useApp();
  const qc = useQueryClient();
  const [form] = Form.useForm();
  const channels = useQuery({
    queryKey: ['insights', 'channels', community],
    queryFn: () => api<BriefChannelList>(`/api/insights/brief-channels?communityId=${community}`),
  });
  const done = () => qc.invalidateQueries({ queryKey: ['insights', 'channels'] });
  const add = useMutation({
    mutationFn: (v: { kind: string; target: string; secret?: string }) =>
      api('/api/insights/brief-channels', {
        method: 'POST',
        json: { communityId: community, ...v, secret: v.secret || undefined },
      }),
    onSuccess: () => {
      message.success(l('saved'));
      form.resetFields();
      done();
    },
    onError: (e: ApiError) => message.error(e.message),
  });
  const remove = useMutation({
    mutationFn: (id: number) => api(`/api/insights/brief-channels/${id}`, { method: 'DELETE' }),
    onSuccess: done,
    onError: (e: ApiError) => message.error(e.message),
  });
  return (
    <Collapse
      style={{ marginTop: 16 }}
      items={[
        {
          key: 'channels',
          label: `${l('channels')}（${channels.data?.items.length ?? 0}）`,
          children: (
            <>
              <List
                size="small"
                dataSource={channels.data?.items ?? []}
                renderItem={(c) => (
                  <List.Item
                    actions={[
                      <Button key="rm" size="small" danger onClick={() => remove.mutate(c.id)}>
                        {l('remove')}
                      </Button>,
                    ]}
                  >
                    <Space wrap>
                      <Tag>{l(`channelKind.${c.kind}`)}</Tag>
                      <span style={{ wordBreak: 'break-all' }}>{c.target}</span>
                      {c.signed && <Tag color="green">{l('signed')}</Tag>}
                    </Space>
                  </List.Item>
                )}
              />
              <Form
                form={form}
                layout="vertical"
                initialValues={{ kind: 'wecom' }}
                onFinish={(v) => add.mutate(v)}
                style={{ marginTop: 12, maxWidth: 560 }}
              >
                <Form.Item name="kind" label={l('addChannel')}>
                  <Select
                    options={(['wecom', 'dingtalk', 'feishu', 'email'] as const).map((k) => ({
                      value: k,
                      label: l(`channelKind.${k}`),
                    }))}
                  />
                </Form.Item>
                <Form.Item name="target" label={l('target')} rules={[{ required: true, min: 3 }]}>
                  <Input />
                </Form.Item>
                <Form.Item name="secret" label={l('secret')}>
                  <Input.Password autoComplete="off" />
                </Form.Item>
                <Button htmlType="submit" loading={add.isPending}>
                  {l('addChannel')}
                </Button>
              </Form>
            </>
          ),
        },
      ]}
    />
  );
}
