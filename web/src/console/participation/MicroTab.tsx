import type { MicroProject, MicroProjectDetail, MicroStage, MicroType, Vote } from '@doorstep/contract';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import {
  App,
  Button,
  Card,
  DatePicker,
  Descriptions,
  Drawer,
  Form,
  Input,
  InputNumber,
  List,
  Modal,
  Select,
  Space,
  Statistic,
  Table,
  Tag,
  Timeline,
  Typography,
} from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { type ApiError, api } from '../../app/api';
import './micro.i18n';
import './micro.css';

/**
 * 民生微实事 in the console: the pipeline (counts per stage, a click filters), the community fund's balance, the
 * projects, a drawer per project with its timeline and the one or two actions its stage allows, and the types
 * with their caps (edited in place).
 */
const PIPELINE: MicroStage[] = [
  'proposed',
  'screened',
  'publicizing',
  'undertaken',
  'supervising',
  'accepted',
];
const yuan = (fen: number) =>
  (fen / 100).toLocaleString('zh-CN', { minimumFractionDigits: 0, maximumFractionDigits: 2 });
const fmt = (iso: string) =>
  new Intl.DateTimeFormat('zh-CN', {
    timeZone: 'Asia/Shanghai',
    dateStyle: 'short',
    timeStyle: 'short',
  }).format(new Date(iso));
const STAGE_COLOR: Record<MicroStage, string> = {
  proposed: 'gold',
  screened: 'orange',
  rejected: 'default',
  publicizing: 'purple',
  undertaken: 'blue',
  supervising: 'geekblue',
  accepted: 'green',
};

function useL() {
  const { t } = useTranslation();
  return (k: string, o?: Record<string, unknown>) => t(`console.micro.${k}`, o);
}

export default function MicroTab({ community }: { community: number }) {
  const l = useL();
  const [stage, setStage] = useState<MicroStage | 'rejected' | undefined>();
  const [open, setOpen] = useState<number>();
  const list = useQuery({
    queryKey: ['participation', 'micro', community],
    queryFn: () =>
      api<{ items: MicroProject[]; counts: Record<string, number>; fundBalance: number | null }>(
        `/api/microprojects?communityId=${community}`,
      ),
  });
  const items = (list.data?.items ?? []).filter((p) => !stage || p.stage === stage);
  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }}>
      <div className="ds-micro-pipeline" data-testid="micro-pipeline">
        {PIPELINE.map((s, i) => (
          <button
            type="button"
            key={s}
            className={`ds-micro-stage${stage === s ? ' is-active' : ''}`}
            onClick={() => setStage(stage === s ? undefined : s)}
            data-testid={`micro-stage-${s}`}
          >
            <span className="ds-micro-stage-n">{list.data?.counts[s] ?? 0}</span>
            <span>
              {i + 1}. {l(`stage.${s}`)}
            </span>
          </button>
        ))}
        <button
          type="button"
          className={`ds-micro-stage is-off${stage === 'rejected' ? ' is-active' : ''}`}
          onClick={() => setStage(stage === 'rejected' ? undefined : 'rejected')}
        >
          <span className="ds-micro-stage-n">{list.data?.counts.rejected ?? 0}</span>
          <span>{l('stage.rejected')}</span>
        </button>
      </div>
      <Space wrap size="large" align="start">
        {list.data?.fundBalance !== null && list.data?.fundBalance !== undefined && (
          <Statistic
            title={l('fund')}
            value={yuan(list.data.fundBalance)}
            suffix={l('yuan')}
            data-testid="micro-fund"
          />
        )}
        <Types community={community} />
      </Space>
      <Table<MicroProject>
        rowKey="id"
        size="middle"
        loading={list.isPending}
        dataSource={items}
        scroll={{ x: 760 }}
        pagination={{ pageSize: 10, hideOnSinglePage: true }}
        onRow={(p) => ({ onClick: () => setOpen(p.id), style: { cursor: 'pointer' } })}
        columns={[
          {
            title: l('title'),
            dataIndex: 'title',
            render: (v: string, p) => (
              <Button type="link" style={{ padding: 0 }} data-testid={`micro-open-${p.id}`}>
                {v}
              </Button>
            ),
          },
          { title: l('type'), dataIndex: 'typeName', width: 110 },
          {
            title: l('stageCol'),
            dataIndex: 'stage',
            width: 120,
            render: (s: MicroStage) => <Tag color={STAGE_COLOR[s]}>{l(`stage.${s}`)}</Tag>,
          },
          {
            title: l('budget'),
            dataIndex: 'budget',
            width: 110,
            align: 'right',
            render: (v: number) => yuan(v),
          },
          {
            title: l('spent'),
            dataIndex: 'spent',
            width: 110,
            align: 'right',
            render: (v: number) => yuan(v),
          },
          { title: l('proposer'), dataIndex: 'proposerName', width: 100 },
          {
            title: l('objections'),
            dataIndex: 'openObjections',
            width: 90,
            render: (n: number) => (n > 0 ? <Tag color="red">{n}</Tag> : '—'),
          },
        ]}
      />
      <Drawer
        open={open !== undefined}
        onClose={() => setOpen(undefined)}
        width="min(640px, 100vw)"
        title={l('detail')}
        destroyOnHidden
      >
        {open !== undefined && <Detail id={open} community={community} />}
      </Drawer>
    </Space>
  );
}

function Types({ community }: { community: number }) {
  const l = useL();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const types = useQuery({
    queryKey: ['participation', 'microTypes', community],
    queryFn: () => api<{ items: MicroType[] }>(`/api/microprojects/types?communityId=${community}`),
  });
  const save = useMutation({
    mutationFn: ({ id, cap }: { id: number; cap: number }) =>
      api(`/api/microprojects/types/${id}`, { method: 'PATCH', json: { cap } }),
    onSuccess: () => {
      message.success(l('saved'));
      void qc.invalidateQueries({ queryKey: ['participation'] });
    },
    onError: (e) => void message.error((e as ApiError).userMessage),
  });
  return (
    <Card size="small" title={l('types')} style={{ minWidth: 280 }}>
      {types.data?.items.map((x) => (
        <Space key={x.id} style={{ display: 'flex', marginBottom: 6 }} wrap>
          <span style={{ width: 96, display: 'inline-block' }}>{x.name}</span>
          <InputNumber
            defaultValue={x.cap / 10_000_00}
            min={0.01}
            step={1}
            addonAfter={l('wan')}
            style={{ width: 140 }}
            onBlur={(e) => {
              const v = Number(e.target.value);
              if (v > 0 && Math.round(v * 10_000_00) !== x.cap)
                save.mutate({ id: x.id, cap: Math.round(v * 10_000_00) });
            }}
          />
        </Space>
      ))}
      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
        {l('capHint')}
      </Typography.Text>
    </Card>
  );
}

type Dialog = 'reject' | 'link_vote' | 'publish' | 'take_on' | 'pay' | 'accept' | null;

function Detail({ id, community }: { id: number; community: number }) {
  const l = useL();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const key = ['participation', 'microDetail', id];
  const d = useQuery({ queryKey: key, queryFn: () => api<MicroProjectDetail>(`/api/microprojects/${id}`) });
  const votes = useQuery({
    queryKey: ['participation', 'votes', community],
    queryFn: () => api<{ items: Vote[] }>(`/api/votes?communityId=${community}`),
  });
  const [dialog, setDialog] = useState<Dialog>(null);
  const [answering, setAnswering] = useState<number>();
  const [form] = Form.useForm();
  const act = useMutation({
    mutationFn: (body: Record<string, unknown>) =>
      api<MicroProjectDetail>(`/api/microprojects/${id}/actions`, {
        method: 'POST',
        json: { ...body, version: d.data?.version },
      }),
    onSuccess: (p) => {
      qc.setQueryData(key, p);
      void qc.invalidateQueries({ queryKey: ['participation', 'micro'] });
      setDialog(null);
      form.resetFields();
      message.success(l('done'));
    },
    onError: (e) => void message.error((e as ApiError).userMessage),
  });
  const answer = useMutation({
    mutationFn: ({ objection, text }: { objection: number; text: string }) =>
      api<MicroProjectDetail>(`/api/microprojects/${id}/objections/${objection}/answer`, {
        method: 'POST',
        json: { answer: text },
      }),
    onSuccess: (p) => {
      qc.setQueryData(key, p);
      void qc.invalidateQueries({ queryKey: ['participation', 'micro'] });
      setAnswering(undefined);
    },
    onError: (e) => void message.error((e as ApiError).userMessage),
  });
  const p = d.data;
  if (!p) return null;
  const submit = (values: Record<string, unknown>) => {
    if (dialog === 'publish')
      act.mutate({
        action: 'publish',
        days: values.days,
        from: (values.from as Dayjs | undefined)?.format('YYYY-MM-DD'),
      });
    else if (dialog === 'pay' || dialog === 'accept')
      act.mutate({
        action: dialog,
        amount: Math.round(Number(values.amount ?? 0) * 100),
        note: values.note ?? '',
      });
    else act.mutate({ action: dialog, ...values });
  };
  const btn = (k: string, onClick: () => void, primary = false) => (
    <Button
      key={k}
      type={primary ? 'primary' : 'default'}
      onClick={onClick}
      data-testid={`micro-${k}`}
      loading={act.isPending && !dialog}
    >
      {l(`act.${k}`)}
    </Button>
  );
  const actions: Record<MicroStage, React.ReactNode[]> = {
    proposed: [
      btn('screen', () => act.mutate({ action: 'screen', pass: true }), true),
      btn('reject', () => setDialog('reject')),
    ],
    screened: [
      btn('link_vote', () => {
        void votes.refetch();
        setDialog('link_vote');
      }),
      btn('publish', () => setDialog('publish'), p.voteState === 'passed'),
      btn('reject', () => setDialog('reject')),
    ],
    publicizing: [btn('take_on', () => setDialog('take_on'), true)],
    undertaken: [btn('supervise', () => act.mutate({ action: 'supervise' }), true)],
    supervising: [btn('pay', () => setDialog('pay')), btn('accept', () => setDialog('accept'), true)],
    rejected: [],
    accepted: [],
  };
  const remaining = Math.min(p.budget, p.cap) - p.spent;
  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }} data-testid="micro-detail">
      <Typography.Title level={4} style={{ margin: 0 }}>
        {p.title}{' '}
        <Tag color={STAGE_COLOR[p.stage]} data-testid="micro-detail-stage">
          {l(`stage.${p.stage}`)}
        </Tag>
      </Typography.Title>
      <Descriptions size="small" column={1} bordered>
        <Descriptions.Item label={l('type')}>
          {p.typeName}（{l('capOf', { amount: yuan(p.cap) })}）
        </Descriptions.Item>
        <Descriptions.Item label={l('budgetShort')}>
          {yuan(p.budget)} {l('yuan')}
        </Descriptions.Item>
        <Descriptions.Item label={l('spentShort')}>
          {yuan(p.spent)} {l('yuan')}
        </Descriptions.Item>
        <Descriptions.Item label={l('proposer')}>{p.proposerName}</Descriptions.Item>
        {p.description && <Descriptions.Item label={l('description')}>{p.description}</Descriptions.Item>}
        {p.voteId && (
          <Descriptions.Item label={l('vote')}>
            <Tag color={p.voteState === 'passed' ? 'green' : p.voteState === 'failed' ? 'red' : 'blue'}>
              {l(`voteState.${p.voteState}`)}
            </Tag>
          </Descriptions.Item>
        )}
        {p.publicityFrom && (
          <Descriptions.Item label={l('publicity')}>
            {p.publicityFrom} — {p.publicityUntil}（{l('nDays', { n: p.publicityDays })}）
            {p.publicityOver && <Tag style={{ marginLeft: 8 }}>{l('over')}</Tag>}
          </Descriptions.Item>
        )}
        {p.undertakerName && (
          <Descriptions.Item label={l('undertaker')}>{p.undertakerName}</Descriptions.Item>
        )}
        {p.rejectReason && <Descriptions.Item label={l('rejectReason')}>{p.rejectReason}</Descriptions.Item>}
        {p.acceptanceNote && (
          <Descriptions.Item label={l('acceptance')}>{p.acceptanceNote}</Descriptions.Item>
        )}
        {p.rating.count > 0 && (
          <Descriptions.Item label={l('rating')}>
            ★ {p.rating.average}（{l('ratings', { n: p.rating.count })}）
          </Descriptions.Item>
        )}
      </Descriptions>
      {actions[p.stage].length > 0 && <Space wrap>{actions[p.stage]}</Space>}
      {p.objections.length > 0 && (
        <Card size="small" title={l('objections')}>
          <List
            size="small"
            dataSource={p.objections}
            renderItem={(o) => (
              <List.Item>
                <Space direction="vertical" style={{ width: '100%' }}>
                  <span>{o.text}</span>
                  {o.answer ? (
                    <Typography.Text type="success">{l('answered', { answer: o.answer })}</Typography.Text>
                  ) : answering === o.id ? (
                    <Input.Search
                      enterButton={l('send')}
                      autoFocus
                      maxLength={500}
                      data-testid="micro-answer-input"
                      loading={answer.isPending}
                      onSearch={(text) =>
                        text.trim().length >= 2 && answer.mutate({ objection: o.id, text: text.trim() })
                      }
                    />
                  ) : (
                    <Button size="small" onClick={() => setAnswering(o.id)} data-testid="micro-answer">
                      {l('answer')}
                    </Button>
                  )}
                </Space>
              </List.Item>
            )}
          />
        </Card>
      )}
      {p.milestones.length > 0 && (
        <Card size="small" title={l('milestones')}>
          {p.milestones.map((m) => (
            <div key={m.id}>
              {m.done ? '✓' : '○'} {m.title}{' '}
              {m.dueDate && <Typography.Text type="secondary">{m.dueDate}</Typography.Text>}
            </div>
          ))}
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {l('milestonesHint')}
          </Typography.Text>
        </Card>
      )}
      <Card size="small" title={l('timeline')}>
        <Timeline
          items={p.events.map((e) => ({
            color: e.kind === 'reject' ? 'red' : e.kind === 'accept' ? 'green' : 'blue',
            children: (
              <>
                <b>{l(`event.${e.kind}`)}</b>
                {e.amount ? ` ${yuan(e.amount)} ${l('yuan')}` : ''}
                {e.note && e.kind !== 'propose' ? `：${e.note}` : ''}
                <div>
                  <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                    {fmt(e.at)} {e.actorName}
                  </Typography.Text>
                </div>
              </>
            ),
          }))}
        />
      </Card>
      <Modal
        open={dialog !== null}
        title={dialog ? l(`act.${dialog}`) : ''}
        onCancel={() => setDialog(null)}
        onOk={() => form.submit()}
        okButtonProps={{ loading: act.isPending, 'data-testid': 'micro-dialog-ok' }}
        destroyOnHidden
      >
        <Form form={form} layout="vertical" onFinish={submit} preserve={false}>
          {dialog === 'reject' && (
            <Form.Item name="reason" label={l('rejectReason')} rules={[{ required: true, min: 2 }]}>
              <Input.TextArea rows={3} maxLength={200} />
            </Form.Item>
          )}
          {dialog === 'link_vote' && (
            <Form.Item name="voteId" label={l('vote')} rules={[{ required: true }]}>
              <Select
                showSearch
                optionFilterProp="label"
                loading={votes.isFetching}
                data-testid="micro-vote-select"
                options={(votes.data?.items ?? []).map((v) => ({
                  value: v.id,
                  label: `${v.question}（${v.status === 'open' ? l('voteState.open') : l('closed')}）`,
                }))}
              />
            </Form.Item>
          )}
          {dialog === 'publish' && (
            <>
              <Form.Item name="days" label={l('days')} initialValue={7} rules={[{ required: true }]}>
                <InputNumber min={1} max={30} data-testid="micro-days" />
              </Form.Item>
              <Form.Item name="from" label={l('from')} extra={l('fromHint')}>
                <DatePicker
                  data-testid="micro-from"
                  disabledDate={(x) => x.isAfter(dayjs()) || x.isBefore(dayjs().subtract(30, 'day'))}
                />
              </Form.Item>
            </>
          )}
          {dialog === 'take_on' && (
            <Form.Item
              name="name"
              label={l('undertaker')}
              extra={l('undertakerHint')}
              rules={[{ required: true }]}
            >
              <Input maxLength={100} data-testid="micro-undertaker" />
            </Form.Item>
          )}
          {(dialog === 'pay' || dialog === 'accept') && (
            <>
              <Form.Item
                name="amount"
                label={l('amount')}
                extra={l('remaining', { amount: yuan(Math.max(0, remaining)) })}
                rules={[{ required: true }]}
              >
                <InputNumber
                  min={dialog === 'pay' ? 0.01 : 0}
                  precision={2}
                  style={{ width: 200 }}
                  data-testid="micro-amount"
                />
              </Form.Item>
              <Form.Item
                name="note"
                label={dialog === 'accept' ? l('acceptance') : l('note')}
                rules={dialog === 'accept' ? [{ required: true, min: 2 }] : []}
              >
                <Input.TextArea
                  rows={3}
                  maxLength={dialog === 'accept' ? 500 : 200}
                  data-testid="micro-note"
                />
              </Form.Item>
            </>
          )}
        </Form>
      </Modal>
    </Space>
  );
}
