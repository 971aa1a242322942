import { CloudUploadOutlined, DownloadOutlined, PlusOutlined } from '@ant-design/icons';
import type {
  AreaNode,
  ListItem,
  Meeting,
  Project,
  Resolution,
  Topic,
  Vote,
  Wish,
  WishFigures,
} from '@doorstep/contract';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import {
  App,
  Button,
  Card,
  Checkbox,
  Col,
  DatePicker,
  Descriptions,
  Form,
  Input,
  InputNumber,
  List,
  Modal,
  Progress,
  Radio,
  Row,
  Select,
  Space,
  Statistic,
  Switch,
  Table,
  Tabs,
  Tag,
  Typography,
} from 'antd';
import type { Dayjs } from 'dayjs';
import { lazy, Suspense, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate, useParams } from 'react-router';
import { type ApiError, api } from '../../app/api';
import { downloadFile } from '../../ui/download';
import './i18n';

const MicroTab = lazy(() => import('./MicroTab'));
const InviteButton = lazy(() => import('./InviteButton'));
const AgreementFiles = lazy(() => import('./AgreementFiles'));
const ListImport = lazy(() => import('./ListImport'));

type L = (k: string, o?: Record<string, unknown>) => string;
function useL(prefix: string): L {
  const { t } = useTranslation();
  return (k, o) => t(`console.part.${prefix}${k}`, o);
}
const fmt = (iso: string) =>
  new Intl.DateTimeFormat('zh-CN', {
    timeZone: 'Asia/Shanghai',
    dateStyle: 'short',
    timeStyle: 'short',
  }).format(new Date(iso));
const post = <T,>(path: string, json?: unknown, method = 'POST') =>
  api<T>(path, { method, json: json ?? {} });

function useCommunities() {
  return useQuery({
    queryKey: ['participation', 'communities'],
    queryFn: async () => {
      const roots = (await api<{ items: AreaNode[] }>('/api/areas')).items;
      const out: AreaNode[] = roots.filter((a) => a.kind === 'community');
      for (const s of roots.filter((a) => a.kind === 'street'))
        out.push(
          ...(await api<{ items: AreaNode[] }>(`/api/areas?parentId=${s.id}`)).items.filter(
            (a) => a.kind === 'community',
          ),
        );
      return out;
    },
  });
}

function useAct() {
  const { message } = App.useApp();
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ path, json, method }: { path: string; json?: unknown; method?: string }) =>
      post(path, json, method),
    onSuccess: () => void qc.invalidateQueries({ queryKey: ['participation'] }),
    onError: (e) => void message.error((e as ApiError).userMessage),
  });
}

const TABS = ['wishes', 'hall', 'lists', 'micro'] as const;
type TabKey = (typeof TABS)[number];

/** 居民参与: 微心愿 (moderation, claims, figures), 议事厅 (topics, meetings, votes, resolutions), 三张清单. */
export default function ParticipationPage() {
  const l = useL('');
  const { tab } = useParams();
  const navigate = useNavigate();
  const communities = useCommunities();
  const [community, setCommunity] = useState<number>();
  useEffect(() => {
    if (community === undefined && communities.data?.[0]) setCommunity(communities.data[0].id);
  }, [communities.data, community]);
  const active: TabKey = TABS.includes(tab as TabKey) ? (tab as TabKey) : 'wishes';
  return (
    <Card className="ds-participation">
      <Space wrap>
        <span>{l('community')}</span>
        <Select
          style={{ minWidth: 160 }}
          value={community}
          onChange={setCommunity}
          loading={communities.isPending}
          options={(communities.data ?? []).map((c) => ({ value: c.id, label: c.name }))}
        />
      </Space>
      {community !== undefined && (
        <Tabs
          activeKey={active}
          onChange={(k) => navigate(k === 'wishes' ? '/participation' : `/participation/${k}`)}
          destroyOnHidden
          items={[
            { key: 'wishes', label: l('tabs.wishes'), children: <WishesTab community={community} /> },
            { key: 'hall', label: l('tabs.hall'), children: <HallTab community={community} /> },
            { key: 'lists', label: l('tabs.lists'), children: <ListsTab community={community} /> },
            {
              key: 'micro',
              label: l('tabs.micro'),
              children: (
                <Suspense fallback={null}>
                  <MicroTab community={community} />
                </Suspense>
              ),
            },
          ]}
        />
      )}
    </Card>
  );
}

// ——— 微心愿 ———
function WishesTab({ community }: { community: number }) {
  const l = useL('wishes.');
  const act = useAct();
  const figures = useQuery({
    queryKey: ['participation', 'figures', community],
    queryFn: () => api<WishFigures>(`/api/wishes/figures?communityId=${community}`),
  });
  const wishes = useQuery({
    queryKey: ['participation', 'wishes', community],
    queryFn: () => api<{ items: Wish[]; total: number }>(`/api/wishes?communityId=${community}&pageSize=100`),
  });
  const [hiding, setHiding] = useState<Wish | null>(null);
  const [reason, setReason] = useState('');
  const f = figures.data;
  const hours = (n: number | null) => (n === null ? '—' : l('hours', { n }));
  const figureCols = [
    { title: l('posted'), dataIndex: 'posted', align: 'right' as const },
    { title: l('claimed'), dataIndex: 'claimed', align: 'right' as const },
    { title: l('fulfilled'), dataIndex: 'fulfilled', align: 'right' as const },
    { title: l('toClaim'), dataIndex: 'medianHoursToClaim', align: 'right' as const, render: hours },
    { title: l('toFulfil'), dataIndex: 'medianHoursToFulfil', align: 'right' as const, render: hours },
  ];
  return (
    <Space direction="vertical" size="large" style={{ width: '100%' }}>
      <Card title={l('figures')} size="small" data-testid="wish-figures">
        {f && (
          <>
            <Row gutter={16}>
              {(['posted', 'claimed', 'fulfilled', 'confirmed'] as const).map((k) => (
                <Col key={k} xs={12} md={4}>
                  <Statistic title={l(k)} value={f.total[k]} />
                </Col>
              ))}
              <Col xs={12} md={4}>
                <Statistic title={l('toClaim')} value={hours(f.total.medianHoursToClaim)} />
              </Col>
              <Col xs={12} md={4}>
                <Statistic title={l('toFulfil')} value={hours(f.total.medianHoursToFulfil)} />
              </Col>
            </Row>
            <Row gutter={16} style={{ marginTop: 16 }}>
              <Col xs={24} lg={12}>
                <Typography.Title level={5}>{l('byGrid')}</Typography.Title>
                <Table
                  size="small"
                  rowKey={(r) => String(r.gridId)}
                  pagination={false}
                  dataSource={f.byGrid}
                  scroll={{ x: 520 }}
                  columns={[
                    { title: l('grid'), dataIndex: 'gridName', render: (n) => n ?? l('noGrid') },
                    ...figureCols,
                  ]}
                />
              </Col>
              <Col xs={24} lg={12}>
                <Typography.Title level={5}>{l('byKind')}</Typography.Title>
                <Table
                  size="small"
                  rowKey="claimerKind"
                  pagination={false}
                  dataSource={f.byClaimerKind}
                  scroll={{ x: 520 }}
                  columns={[
                    { title: l('kind'), dataIndex: 'claimerKind', render: (k) => l(`kindName.${k}`) },
                    ...figureCols.slice(1),
                  ]}
                />
              </Col>
            </Row>
          </>
        )}
      </Card>
      <Table<Wish>
        rowKey="id"
        size="middle"
        loading={wishes.isPending}
        dataSource={wishes.data?.items}
        pagination={{ pageSize: 20, hideOnSinglePage: true }}
        scroll={{ x: 960 }}
        data-testid="wish-table"
        columns={[
          {
            title: l('text'),
            dataIndex: 'text',
            render: (text, w) => (
              <>
                <div>{text}</div>
                {w.hidden && (
                  <Typography.Text type="danger">{l('hidden', { reason: w.hiddenReason })}</Typography.Text>
                )}
              </>
            ),
          },
          { title: l('category'), dataIndex: 'category', width: 100, render: (c) => l(`categoryName.${c}`) },
          { title: l('author'), dataIndex: 'authorName', width: 90 },
          {
            title: l('byDate'),
            dataIndex: 'byDate',
            width: 130,
            render: (d, w) => (
              <>
                {d} {w.escalated && w.status === 'open' && <Tag color="red">{l('escalated')}</Tag>}
              </>
            ),
          },
          {
            title: l('status'),
            dataIndex: 'status',
            width: 110,
            render: (s) => (
              <Tag
                color={
                  { open: 'gold', claimed: 'blue', fulfilled: 'purple', confirmed: 'green' }[s as string]
                }
              >
                {l(`statusName.${s}`)}
              </Tag>
            ),
          },
          {
            title: l('claimer'),
            width: 150,
            render: (_, w) =>
              w.claimerName ? `${w.claimerName}（${w.claimerOrg ?? l(`kindName.${w.claimerKind}`)}）` : '—',
          },
          {
            title: l('actions'),
            width: 170,
            render: (_, w) => (
              <Space>
                {!w.reviewed && !w.hidden && (
                  <Button
                    size="small"
                    onClick={() =>
                      act.mutate({ path: `/api/wishes/${w.id}/moderate`, json: { action: 'approve' } })
                    }
                  >
                    {l('approve')}
                  </Button>
                )}
                {w.reviewed && !w.hidden && <Tag>{l('approved')}</Tag>}
                {w.hidden ? (
                  <Button
                    size="small"
                    onClick={() =>
                      act.mutate({ path: `/api/wishes/${w.id}/moderate`, json: { action: 'restore' } })
                    }
                  >
                    {l('restore')}
                  </Button>
                ) : (
                  <Button size="small" danger onClick={() => setHiding(w)}>
                    {l('hide')}
                  </Button>
                )}
              </Space>
            ),
          },
        ]}
      />
      <Modal
        open={!!hiding}
        title={l('hideTitle')}
        onCancel={() => setHiding(null)}
        okButtonProps={{ disabled: reason.trim().length < 2, danger: true }}
        onOk={() => {
          if (hiding)
            act.mutate(
              { path: `/api/wishes/${hiding.id}/moderate`, json: { action: 'hide', reason: reason.trim() } },
              {
                onSuccess: () => {
                  setHiding(null);
                  setReason('');
                },
              },
            );
        }}
      >
        <Typography.Paragraph>{hiding?.text}</Typography.Paragraph>
        <Input.TextArea
          value={reason}
          onChange={(e) => setReason(e.target.value)}
          placeholder={l('reason')}
          rows={3}
        />
      </Modal>
    </Space>
  );
}

// ——— 议事厅 ———
function HallTab({ community }: { community: number }) {
  const l = useL('hall.');
  const { message } = App.useApp();
  const act = useAct();
  const q = (path: string) => `${path}?communityId=${community}`;
  const settings = useQuery({
    queryKey: ['participation', 'settings', community],
    queryFn: () => api<{ supportThreshold: number }>(q('/api/participation/settings')),
  });
  const topics = useQuery({
    queryKey: ['participation', 'topics', community],
    queryFn: () => api<{ items: Topic[] }>(q('/api/topics')),
  });
  const meetings = useQuery({
    queryKey: ['participation', 'meetings', community],
    queryFn: () => api<{ items: Meeting[]; unscheduled: Meeting['agenda'] }>(q('/api/meetings')),
  });
  const votes = useQuery({
    queryKey: ['participation', 'votes', community],
    queryFn: () => api<{ items: Vote[] }>(q('/api/votes')),
  });
  const resolutions = useQuery({
    queryKey: ['participation', 'resolutions', community],
    queryFn: () => api<{ items: Resolution[] }>(q('/api/resolutions')),
  });
  const ranking = useQuery({
    queryKey: ['participation', 'ranking', community],
    queryFn: () =>
      api<{
        period: string;
        items: { userId: string; name: string; role: string; average: number; ratings: number }[];
      }>(q('/api/ratings/ranking')),
  });
  const [threshold, setThreshold] = useState<number | null>(null);
  const [modal, setModal] = useState<'meeting' | 'vote' | 'resolution' | null>(null);
  const [proxy, setProxy] = useState<Vote | null>(null);
  const [progress, setProgress] = useState<Resolution | null>(null);
  const [minutes, setMinutes] = useState<Meeting | null>(null);
  const [form] = Form.useForm();
  const close = () => {
    setModal(null);
    setProxy(null);
    setProgress(null);
    setMinutes(null);
    form.resetFields();
  };
  const submit = async () => {
    const v = await form.validateFields();
    const lines = (s?: string) =>
      (s ?? '')
        .split('\n')
        .map((x) => x.trim())
        .filter(Boolean);
    let req: { path: string; json: unknown; method?: string } | null = null;
    if (modal === 'meeting')
      req = {
        path: '/api/meetings',
        json: {
          communityId: community,
          title: v.title,
          startsAt: (v.startsAt as Dayjs).format(),
          place: v.place,
          convener: v.convener,
          repeatWeeks: v.repeatWeeks ?? 1,
          repeatEvery: v.repeatEvery ?? 'week',
          conveners: lines(v.conveners),
          agenda: lines(v.agenda),
          agendaItemIds: v.includeUnscheduled ? (meetings.data?.unscheduled ?? []).map((a) => a.id) : [],
        },
      };
    if (modal === 'vote')
      req = {
        path: '/api/votes',
        json: {
          communityId: community,
          question: v.question,
          options: lines(v.options),
          multiple: !!v.multiple,
          secret: !!v.secret,
          quorum: v.quorum ?? 1,
          majority: v.majority ?? 'simple',
          ...(v.meetingId ? { meetingId: v.meetingId } : {}),
        },
      };
    if (modal === 'resolution')
      req = {
        path: '/api/resolutions',
        json: {
          communityId: community,
          text: v.text,
          ownerName: v.ownerName,
          dueDate: (v.dueDate as Dayjs).format('YYYY-MM-DD'),
          ...(v.voteId ? { voteId: v.voteId } : {}),
          ...(v.requestId ? { requestId: v.requestId } : {}),
        },
      };
    if (proxy)
      req = {
        path: `/api/votes/${proxy.id}/proxy-ballots`,
        json: { voter: v.voter, choices: [v.choice].flat() },
      };
    if (progress)
      req = {
        path: `/api/resolutions/${progress.id}`,
        method: 'PATCH',
        json: { progress: v.progress, progressNote: v.progressNote ?? '' },
      };
    if (minutes)
      req = {
        path: `/api/meetings/${minutes.id}/minutes`,
        method: 'PUT',
        json: { minutes: v.minutes ?? '' },
      };
    if (req) act.mutate(req, { onSuccess: close });
  };
  const result = (v: Vote) => {
    const r = v.result;
    if (!r) return null;
    return (
      <Space direction="vertical" size={2}>
        {v.options.map((o, i) => (
          <span key={o}>
            {r.winner === i ? <b>{o}</b> : o}：{r.counts[i]}
          </span>
        ))}
        <Tag color={r.winner !== null ? 'green' : 'default'}>
          {!r.quorumMet
            ? l('noQuorum')
            : r.winner !== null
              ? l('carried', { option: v.options[r.winner] })
              : l('notCarried')}
        </Tag>
      </Space>
    );
  };
  return (
    <Space direction="vertical" size="large" style={{ width: '100%' }}>
      <Space wrap>
        <span>{l('threshold')}</span>
        <InputNumber
          min={1}
          max={10000}
          value={threshold ?? settings.data?.supportThreshold}
          onChange={(v) => setThreshold(v)}
        />
        <Button
          onClick={() =>
            act.mutate(
              {
                path: '/api/participation/settings',
                method: 'PUT',
                json: {
                  communityId: community,
                  supportThreshold: threshold ?? settings.data?.supportThreshold,
                },
              },
              { onSuccess: () => void message.success(l('saved')) },
            )
          }
        >
          {l('save')}
        </Button>
        <Typography.Text type="secondary">{l('thresholdHelp')}</Typography.Text>
      </Space>

      <Card size="small" title={l('topics')}>
        <Table<Topic>
          rowKey="id"
          size="small"
          dataSource={topics.data?.items}
          pagination={{ pageSize: 10, hideOnSinglePage: true }}
          scroll={{ x: 720 }}
          columns={[
            { title: l('title'), dataIndex: 'title', render: (t, x) => <span title={x.body}>{t}</span> },
            { title: l('supports'), dataIndex: 'supports', width: 90, align: 'right' },
            {
              title: l('status'),
              dataIndex: 'status',
              width: 120,
              render: (s) => (
                <Tag
                  color={
                    { proposed: 'gold', agenda: 'blue', decided: 'green', closed: 'default' }[s as string]
                  }
                >
                  {l(`topicStatus.${s}`)}
                </Tag>
              ),
            },
            {
              title: '',
              width: 190,
              render: (_, x) => (
                <Space>
                  {x.status === 'proposed' && (
                    <Button
                      size="small"
                      onClick={() =>
                        act.mutate({ path: `/api/topics/${x.id}/status`, json: { action: 'agenda' } })
                      }
                    >
                      {l('toAgenda')}
                    </Button>
                  )}
                  {x.status !== 'closed' && (
                    <Button
                      size="small"
                      onClick={() =>
                        act.mutate({ path: `/api/topics/${x.id}/status`, json: { action: 'close' } })
                      }
                    >
                      {l('close')}
                    </Button>
                  )}
                </Space>
              ),
            },
          ]}
        />
      </Card>

      <Card
        size="small"
        title={l('meetings')}
        extra={
          <Button icon={<PlusOutlined />} onClick={() => setModal('meeting')}>
            {l('newMeeting')}
          </Button>
        }
      >
        {(meetings.data?.unscheduled.length ?? 0) > 0 && (
          <Typography.Paragraph>
            <b>{l('unscheduled')}：</b>
            {meetings.data?.unscheduled.map((a) => (
              <Tag key={a.id} color="blue">
                {a.title}
              </Tag>
            ))}
          </Typography.Paragraph>
        )}
        <List
          dataSource={meetings.data?.items.slice(0, 8)}
          renderItem={(m) => (
            <List.Item
              actions={[
                <Button
                  key="min"
                  size="small"
                  onClick={() => {
                    setMinutes(m);
                    form.setFieldsValue({ minutes: m.minutes });
                  }}
                >
                  {l('minutes')}
                </Button>,
                <AttendeeButton key="att" meeting={m} />,
                <Suspense key="inv" fallback={null}>
                  <InviteButton meeting={m} />
                </Suspense>,
              ]}
            >
              <List.Item.Meta
                title={`${fmt(m.startsAt)} · ${m.title}`}
                description={
                  <>
                    {m.place} · {l('convener')}：{m.convener} · {l('code')} <b>{m.checkinCode}</b> ·{' '}
                    {l('attendance')} {m.attendance}
                    {m.agenda.length > 0 && (
                      <div>
                        {l('agenda')}：{m.agenda.map((a) => a.title).join('；')}
                      </div>
                    )}
                    {m.minutes && <div>{m.minutes}</div>}
                  </>
                }
              />
            </List.Item>
          )}
        />
      </Card>

      <Card
        size="small"
        title={l('votes')}
        extra={
          <Button icon={<PlusOutlined />} onClick={() => setModal('vote')}>
            {l('newVote')}
          </Button>
        }
      >
        <Table<Vote>
          rowKey="id"
          size="small"
          dataSource={votes.data?.items}
          pagination={{ pageSize: 10, hideOnSinglePage: true }}
          scroll={{ x: 760 }}
          data-testid="vote-table"
          columns={[
            {
              title: l('question'),
              dataIndex: 'question',
              render: (t, v) => (
                <>
                  {t} {v.secret && <Tag>{l('secret')}</Tag>}
                </>
              ),
            },
            { title: l('ballots'), dataIndex: 'ballots', width: 70, align: 'right' },
            {
              title: l('status'),
              dataIndex: 'status',
              width: 90,
              render: (s) => <Tag color={s === 'open' ? 'gold' : 'default'}>{l(s)}</Tag>,
            },
            { title: l('result'), width: 220, render: (_, v) => result(v) },
            {
              title: '',
              width: 220,
              render: (_, v) =>
                v.status === 'open' && (
                  <Space>
                    <Button size="small" onClick={() => setProxy(v)}>
                      {l('proxy')}
                    </Button>
                    <Button
                      size="small"
                      type="primary"
                      onClick={() => act.mutate({ path: `/api/votes/${v.id}/close` })}
                    >
                      {l('closeVote')}
                    </Button>
                  </Space>
                ),
            },
          ]}
        />
      </Card>

      <Card
        size="small"
        title={l('resolutions')}
        extra={
          <Button icon={<PlusOutlined />} onClick={() => setModal('resolution')}>
            {l('newResolution')}
          </Button>
        }
      >
        <Table<Resolution>
          rowKey="id"
          size="small"
          dataSource={resolutions.data?.items}
          pagination={{ pageSize: 10, hideOnSinglePage: true }}
          scroll={{ x: 760 }}
          columns={[
            { title: l('text'), dataIndex: 'text' },
            { title: l('owner'), dataIndex: 'ownerName', width: 140 },
            {
              title: l('due'),
              dataIndex: 'dueDate',
              width: 130,
              render: (d, r) => (
                <>
                  {d} {r.overdue && <Tag color="red">{l('overdue')}</Tag>}
                </>
              ),
            },
            {
              title: l('progress'),
              width: 200,
              render: (_, r) => (
                <>
                  <Progress percent={r.progress} size="small" />
                  <Typography.Text type="secondary">{r.progressNote}</Typography.Text>
                </>
              ),
            },
            {
              title: '',
              width: 100,
              render: (_, r) => (
                <Button
                  size="small"
                  onClick={() => {
                    setProgress(r);
                    form.setFieldsValue({ progress: r.progress, progressNote: r.progressNote });
                  }}
                >
                  {l('update')}
                </Button>
              ),
            },
          ]}
        />
      </Card>

      <Card
        size="small"
        title={l('ranking', { period: ranking.data?.period ?? '' })}
        data-testid="cadre-ranking"
      >
        <Table
          rowKey="userId"
          size="small"
          pagination={false}
          dataSource={ranking.data?.items}
          columns={[
            { title: '#', width: 50, render: (_, __, i) => i + 1 },
            { title: l('cadre'), dataIndex: 'name' },
            { title: l('role'), dataIndex: 'role', render: (r) => l(`roles.${r}`) },
            {
              title: l('average'),
              dataIndex: 'average',
              align: 'right',
              render: (a: number) => a.toFixed(2),
            },
            { title: l('ratings'), dataIndex: 'ratings', align: 'right' },
          ]}
        />
      </Card>

      <Modal
        open={!!(modal || proxy || progress || minutes)}
        title={
          modal === 'meeting'
            ? l('newMeeting')
            : modal === 'vote'
              ? l('newVote')
              : modal === 'resolution'
                ? l('newResolution')
                : proxy
                  ? `${l('proxy')}：${proxy.question}`
                  : progress
                    ? l('update')
                    : l('minutes')
        }
        onCancel={close}
        onOk={() => void submit()}
        confirmLoading={act.isPending}
        destroyOnHidden
      >
        <Form form={form} layout="vertical" preserve={false}>
          {modal === 'meeting' && (
            <>
              <Form.Item
                name="title"
                label={l('meetingTitle')}
                rules={[{ required: true, min: 2 }]}
                initialValue="居民议事会（议事日）"
              >
                <Input />
              </Form.Item>
              <Form.Item name="startsAt" label={l('startsAt')} rules={[{ required: true }]}>
                <DatePicker showTime={{ format: 'HH:mm' }} format="YYYY-MM-DD HH:mm" />
              </Form.Item>
              <Form.Item
                name="place"
                label={l('place')}
                rules={[{ required: true }]}
                initialValue="党群服务中心议事厅"
              >
                <Input />
              </Form.Item>
              <Form.Item name="convener" label={l('convener')} rules={[{ required: true }]}>
                <Input />
              </Form.Item>
              <Form.Item name="repeatWeeks" label={l('repeat')} initialValue={1}>
                <InputNumber min={1} max={26} />
              </Form.Item>
              <Form.Item name="repeatEvery" label={l('repeatEvery')} initialValue="week">
                <Radio.Group
                  options={[
                    { value: 'week', label: l('everyWeek') },
                    { value: 'month', label: l('everyMonth') },
                  ]}
                />
              </Form.Item>
              <Form.Item name="conveners" label={l('conveners')} extra={l('agendaHelp')}>
                <Input.TextArea rows={2} />
              </Form.Item>
              <Form.Item name="agenda" label={l('agenda')} extra={l('agendaHelp')}>
                <Input.TextArea rows={3} />
              </Form.Item>
              {(meetings.data?.unscheduled.length ?? 0) > 0 && (
                <Form.Item name="includeUnscheduled" valuePropName="checked" initialValue>
                  <Checkbox>{l('includeUnscheduled')}</Checkbox>
                </Form.Item>
              )}
            </>
          )}
          {modal === 'vote' && (
            <>
              <Form.Item name="question" label={l('question')} rules={[{ required: true, min: 2 }]}>
                <Input />
              </Form.Item>
              <Form.Item
                name="options"
                label={l('options')}
                rules={[{ required: true }]}
                initialValue={'同意\n不同意\n弃权'}
              >
                <Input.TextArea rows={3} />
              </Form.Item>
              <Form.Item name="meetingId" label={l('meetings')}>
                <Select
                  allowClear
                  options={(meetings.data?.items ?? []).map((m) => ({
                    value: m.id,
                    label: `${fmt(m.startsAt)} ${m.title}`,
                  }))}
                />
              </Form.Item>
              <Space wrap>
                <Form.Item name="multiple" valuePropName="checked" label={l('multiple')}>
                  <Switch />
                </Form.Item>
                <Form.Item name="secret" valuePropName="checked" label={l('secret')}>
                  <Switch />
                </Form.Item>
                <Form.Item name="quorum" label={l('quorum')} initialValue={1}>
                  <InputNumber min={1} />
                </Form.Item>
              </Space>
              <Form.Item name="majority" label={l('majority')} initialValue="simple">
                <Radio.Group
                  options={[
                    { value: 'simple', label: l('simple') },
                    { value: 'two_thirds', label: l('two_thirds') },
                  ]}
                />
              </Form.Item>
            </>
          )}
          {modal === 'resolution' && (
            <>
              <Form.Item name="text" label={l('text')} rules={[{ required: true, min: 2 }]}>
                <Input.TextArea rows={3} />
              </Form.Item>
              <Form.Item name="ownerName" label={l('owner')} rules={[{ required: true }]}>
                <Input />
              </Form.Item>
              <Form.Item name="dueDate" label={l('due')} rules={[{ required: true }]}>
                <DatePicker />
              </Form.Item>
              <Form.Item name="voteId" label={l('linkVote')}>
                <Select
                  allowClear
                  options={(votes.data?.items ?? [])
                    .filter((v) => v.status === 'closed')
                    .map((v) => ({ value: v.id, label: v.question }))}
                />
              </Form.Item>
              <Form.Item name="requestId" label={l('requestId')}>
                <InputNumber min={1} style={{ width: '100%' }} />
              </Form.Item>
            </>
          )}
          {proxy && (
            <>
              <Form.Item name="voter" label={l('proxyVoter')} rules={[{ required: true, min: 2 }]}>
                <Input placeholder="王大爷 1栋2单元301" />
              </Form.Item>
              <Form.Item name="choice" label={l('proxyChoice')} rules={[{ required: true }]}>
                {proxy.multiple ? (
                  <Checkbox.Group options={proxy.options.map((o, i) => ({ value: i, label: o }))} />
                ) : (
                  <Radio.Group options={proxy.options.map((o, i) => ({ value: i, label: o }))} />
                )}
              </Form.Item>
            </>
          )}
          {progress && (
            <>
              <Descriptions
                size="small"
                column={1}
                items={[{ key: 't', label: l('text'), children: progress.text }]}
              />
              <Form.Item name="progress" label={l('progress')} rules={[{ required: true }]}>
                <InputNumber min={0} max={100} addonAfter="%" />
              </Form.Item>
              <Form.Item name="progressNote" label={l('progressNote')}>
                <Input.TextArea rows={2} />
              </Form.Item>
            </>
          )}
          {minutes && (
            <Form.Item name="minutes" label={l('minutes')}>
              <Input.TextArea rows={6} />
            </Form.Item>
          )}
        </Form>
      </Modal>
    </Space>
  );
}

function AttendeeButton({ meeting }: { meeting: Meeting }) {
  const l = useL('hall.');
  const act = useAct();
  const [open, setOpen] = useState(false);
  const [name, setName] = useState('');
  return (
    <>
      <Button size="small" onClick={() => setOpen(true)}>
        {l('addAttendee')}
      </Button>
      <Modal
        open={open}
        title={`${l('addAttendee')} · ${meeting.title}`}
        onCancel={() => setOpen(false)}
        okButtonProps={{ disabled: !name.trim() }}
        onOk={() =>
          act.mutate(
            { path: `/api/meetings/${meeting.id}/attendance`, json: { name: name.trim() } },
            {
              onSuccess: () => {
                setOpen(false);
                setName('');
              },
            },
          )
        }
      >
        <Input value={name} onChange={(e) => setName(e.target.value)} placeholder={l('attendeeName')} />
      </Modal>
    </>
  );
}

// ——— 三张清单 ———
function ListsTab({ community }: { community: number }) {
  const l = useL('lists.');
  const { message } = App.useApp();
  const act = useAct();
  const items = useQuery({
    queryKey: ['participation', 'items', community],
    queryFn: () => api<{ items: ListItem[] }>(`/api/lists/items?communityId=${community}`),
  });
  const projects = useQuery({
    queryKey: ['participation', 'projects', community],
    queryFn: () => api<{ items: Project[] }>(`/api/lists/projects?communityId=${community}`),
  });
  const [claiming, setClaiming] = useState<ListItem | null>(null);
  const [publishing, setPublishing] = useState(false);
  const [importing, setImporting] = useState<'need' | 'resource' | 'dormant' | null>(null);
  const [milestone, setMilestone] = useState<{ project: number; title: string } | null>(null);
  const [form] = Form.useForm();
  const all = items.data?.items ?? [];
  const status = (i: ListItem) =>
    i.status === 'open' ? <Tag color="gold">{l('open')}</Tag> : <Tag color="green">{l('claimedStatus')}</Tag>;
  const claimBtn = (i: ListItem) =>
    i.status === 'open' && (
      <Button size="small" onClick={() => setClaiming(i)}>
        {l('claim')}
      </Button>
    );
  const base = [
    {
      title: l('title'),
      dataIndex: 'title',
      render: (t: string, i: ListItem) => <span title={i.description}>{t}</span>,
    },
    {
      title: l('publisher'),
      width: 180,
      render: (_: unknown, i: ListItem) => `${i.publisherName}（${l(`publisherName.${i.publisherKind}`)}）`,
    },
    { title: l('status'), width: 90, render: (_: unknown, i: ListItem) => status(i) },
    { title: '', width: 80, render: (_: unknown, i: ListItem) => claimBtn(i) },
  ];
  const submitClaim = async () => {
    const v = await form.validateFields();
    if (!claiming) return;
    act.mutate(
      {
        path: `/api/lists/items/${claiming.id}/claim`,
        json: {
          ownerName: v.ownerName,
          budgetYuan: v.budgetYuan ?? 0,
          agreement: v.agreement ?? '',
          ...(v.counterpartId ? { counterpartId: v.counterpartId } : {}),
        },
      },
      {
        onSuccess: () => {
          void message.success(l('claimed'));
          setClaiming(null);
          form.resetFields();
        },
      },
    );
  };
  const submitPublish = async () => {
    const v = await form.validateFields();
    act.mutate(
      {
        path: '/api/lists/items',
        json: {
          communityId: community,
          kind: v.dormant ? 'resource' : v.kind,
          publisherKind: v.publisherKind,
          publisherName: v.publisherName,
          title: v.title,
          description: v.description ?? '',
          dormant: !!v.dormant,
          ...(v.dormant
            ? {
                owner: v.owner,
                idleYears: v.idleYears,
                convertibleUse: v.convertibleUse,
                expectedFunding: v.expectedFunding,
              }
            : {}),
        },
      },
      {
        onSuccess: () => {
          setPublishing(false);
          form.resetFields();
        },
      },
    );
  };
  return (
    <Space direction="vertical" size="large" style={{ width: '100%' }}>
      <Space wrap>
        <Button type="primary" icon={<PlusOutlined />} onClick={() => setPublishing(true)}>
          {l('publish')}
        </Button>
        <Button
          icon={<DownloadOutlined />}
          onClick={() =>
            void downloadFile(`/api/lists/export?communityId=${community}`, '三张清单.xlsx').catch(
              (e: ApiError) => message.error(e.userMessage),
            )
          }
        >
          {l('export')}
        </Button>
        <Button
          icon={<CloudUploadOutlined />}
          onClick={() => setImporting('need')}
          data-testid="lists-import-open"
        >
          {l('import')}
        </Button>
      </Space>
      {importing && (
        <Suspense>
          <ListImport community={community} list={importing} onClose={() => setImporting(null)} />
        </Suspense>
      )}
      <Row gutter={16}>
        <Col xs={24} xxl={12}>
          <Card size="small" title={l('needs')}>
            <Table<ListItem>
              rowKey="id"
              size="small"
              pagination={false}
              dataSource={all.filter((i) => i.kind === 'need')}
              columns={base}
              scroll={{ x: 560 }}
            />
          </Card>
        </Col>
        <Col xs={24} xxl={12}>
          <Card size="small" title={l('resources')}>
            <Table<ListItem>
              rowKey="id"
              size="small"
              pagination={false}
              dataSource={all.filter((i) => i.kind === 'resource' && !i.dormant)}
              columns={base}
              scroll={{ x: 560 }}
            />
          </Card>
        </Col>
      </Row>
      <Card size="small" title={l('dormant')} data-testid="dormant-list">
        <Table<ListItem>
          rowKey="id"
          size="small"
          pagination={false}
          dataSource={all.filter((i) => i.dormant)}
          scroll={{ x: 860 }}
          columns={[
            { title: l('title'), dataIndex: 'title' },
            { title: l('owner'), dataIndex: 'owner', width: 120 },
            { title: l('idleYears'), dataIndex: 'idleYears', width: 90, render: (n) => l('years', { n }) },
            { title: l('convertibleUse'), dataIndex: 'convertibleUse' },
            { title: l('expectedFunding'), dataIndex: 'expectedFunding' },
            { title: l('status'), width: 90, render: (_, i) => status(i) },
            { title: '', width: 80, render: (_, i) => claimBtn(i) },
          ]}
        />
      </Card>
      <Card size="small" title={l('projects')}>
        <List
          dataSource={projects.data?.items}
          renderItem={(p) => (
            <List.Item>
              <List.Item.Meta
                title={
                  <Space wrap>
                    <b>{p.title}</b>
                    <span>
                      {l('claimOwner')}：{p.ownerName}
                    </span>
                    {p.budgetYuan > 0 && (
                      <span>
                        {l('budget')}：{p.budgetYuan.toLocaleString('zh-CN')}
                      </span>
                    )}
                  </Space>
                }
                description={
                  <>
                    {(p.needTitle || p.resourceTitle) && (
                      <div>
                        {l('pair')}：{p.needTitle ?? '—'} ↔ {p.resourceTitle ?? '—'}
                      </div>
                    )}
                    {p.agreement && (
                      <div>
                        {l('agreement')}：{p.agreement}
                      </div>
                    )}
                    <Suspense fallback={null}>
                      <AgreementFiles project={p.id} />
                    </Suspense>
                    <Progress percent={p.progress} size="small" style={{ maxWidth: 360 }} />
                    <Space wrap>
                      {p.milestones.map((m) => (
                        <Checkbox
                          key={m.id}
                          checked={m.done}
                          onChange={(e) =>
                            act.mutate({
                              path: `/api/lists/projects/${p.id}/milestones/${m.id}`,
                              json: { done: e.target.checked },
                            })
                          }
                        >
                          {m.title}
                          {m.dueDate ? `（${m.dueDate}）` : ''}
                        </Checkbox>
                      ))}
                      <Button
                        size="small"
                        type="dashed"
                        onClick={() => setMilestone({ project: p.id, title: '' })}
                      >
                        {l('addMilestone')}
                      </Button>
                    </Space>
                  </>
                }
              />
            </List.Item>
          )}
        />
      </Card>
      <Modal
        open={!!claiming}
        title={claiming ? l('claimTitle', { title: claiming.title }) : ''}
        onCancel={() => {
          setClaiming(null);
          form.resetFields();
        }}
        onOk={() => void submitClaim()}
        confirmLoading={act.isPending}
        destroyOnHidden
      >
        <Form form={form} layout="vertical" preserve={false}>
          <Form.Item
            name="counterpartId"
            label={l('counterpart', { kind: claiming?.kind === 'need' ? l('resource') : l('need') })}
          >
            <Select
              allowClear
              options={all
                .filter((i) => i.status === 'open' && claiming && i.kind !== claiming.kind)
                .map((i) => ({ value: i.id, label: `${i.title}（${i.publisherName}）` }))}
            />
          </Form.Item>
          <Form.Item name="ownerName" label={l('claimOwner')} rules={[{ required: true }]}>
            <Input />
          </Form.Item>
          <Form.Item name="budgetYuan" label={l('budget')}>
            <InputNumber min={0} style={{ width: '100%' }} />
          </Form.Item>
          <Form.Item name="agreement" label={l('agreement')}>
            <Input.TextArea rows={3} placeholder="权属不变、安全先过、收益反哺" />
          </Form.Item>
        </Form>
      </Modal>
      <Modal
        open={publishing}
        title={l('publish')}
        onCancel={() => {
          setPublishing(false);
          form.resetFields();
        }}
        onOk={() => void submitPublish()}
        confirmLoading={act.isPending}
        destroyOnHidden
      >
        <Form form={form} layout="vertical" preserve={false}>
          <Form.Item name="kind" label={l('kind')} initialValue="need">
            <Radio.Group
              options={[
                { value: 'need', label: l('need') },
                { value: 'resource', label: l('resource') },
              ]}
            />
          </Form.Item>
          <Form.Item name="publisherKind" label={l('publisherKind')} initialValue="community">
            <Select
              options={(['community', 'unit', 'property', 'social_org'] as const).map((k) => ({
                value: k,
                label: l(`publisherName.${k}`),
              }))}
            />
          </Form.Item>
          <Form.Item name="publisherName" label={l('publisher')} rules={[{ required: true }]}>
            <Input />
          </Form.Item>
          <Form.Item name="title" label={l('title')} rules={[{ required: true, min: 2 }]}>
            <Input />
          </Form.Item>
          <Form.Item name="description" label={l('description')}>
            <Input.TextArea rows={2} />
          </Form.Item>
          <Form.Item name="dormant" label={l('isDormant')} valuePropName="checked">
            <Switch />
          </Form.Item>
          <Form.Item noStyle shouldUpdate>
            {() =>
              form.getFieldValue('dormant') && (
                <>
                  <Form.Item name="owner" label={l('owner')}>
                    <Input />
                  </Form.Item>
                  <Form.Item name="idleYears" label={l('idleYears')}>
                    <InputNumber min={0} max={200} />
                  </Form.Item>
                  <Form.Item name="convertibleUse" label={l('convertibleUse')}>
                    <Input />
                  </Form.Item>
                  <Form.Item name="expectedFunding" label={l('expectedFunding')}>
                    <Input />
                  </Form.Item>
                </>
              )
            }
          </Form.Item>
        </Form>
      </Modal>
      <Modal
        open={!!milestone}
        title={l('addMilestone')}
        onCancel={() => setMilestone(null)}
        okButtonProps={{ disabled: !milestone?.title.trim() }}
        onOk={() =>
          milestone &&
          act.mutate(
            {
              path: `/api/lists/projects/${milestone.project}/milestones`,
              json: { title: milestone.title.trim() },
            },
            { onSuccess: () => setMilestone(null) },
          )
        }
      >
        <Input
          value={milestone?.title}
          onChange={(e) => milestone && setMilestone({ ...milestone, title: e.target.value })}
        />
      </Modal>
    </Space>
  );
}
