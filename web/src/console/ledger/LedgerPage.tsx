import { DownloadOutlined, PlusOutlined } from '@ant-design/icons';
import type { AreaNode, LedgerAccount, LedgerEntry, LedgerRule, LedgerUnit } from '@doorstep/contract';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import {
  App,
  Button,
  Card,
  DatePicker,
  Form,
  Input,
  InputNumber,
  Modal,
  Select,
  Space,
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
import { useMe } from '../../app/queries';
import { downloadFile } from '../../ui/download';
import { SCALE } from './units';
import './i18n';

const FundsTab = lazy(() => import('./FundsTab'));
const CatalogueTab = lazy(() => import('./CatalogueTab'));
const PartyTab = lazy(() => import('./PartyTab'));

const shown = (amount: number, unit: LedgerUnit) => {
  const v = amount / SCALE[unit];
  return Number.isInteger(v) ? String(v) : v.toFixed(unit === 'money' ? 2 : 1);
};
/** "每次 10 信用分", or for per-minute hours "按实际时长" */
const ruleAmount = (r: LedgerRule, l: (k: string) => string) =>
  r.perQuantity
    ? r.unit === 'hours' && r.amount === 1
      ? l('asRecorded')
      : `${l('perMinute')} ${r.amount}`
    : `${l('perUnit')} ${shown(r.amount, r.unit)} ${l(`unit.${r.unit}`)}`;
const day = (d: Dayjs | null | undefined) => (d ? d.format('YYYY-MM-DD') : undefined);
const fmt = (iso: string) =>
  new Intl.DateTimeFormat('zh-CN', {
    timeZone: 'Asia/Shanghai',
    dateStyle: 'short',
    timeStyle: 'short',
  }).format(new Date(iso));

/** The communities the staff member works in: their community roles, or the communities of their streets. */
function useCommunities() {
  return useQuery({
    queryKey: ['ledger', 'communities'],
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

const TABS = ['accounts', 'entries', 'rules', 'shop', 'party', 'funds'] as const;
type TabKey = (typeof TABS)[number];

/** 积分台账: a community's accounts, its ledger for a period (export, reverse with a reason), award by rule, rules. */
export default function LedgerPage() {
  const { t } = useTranslation();
  const l = (k: string, o?: Record<string, unknown>) => t(`console.ledger.${k}`, o);
  const { tab } = useParams();
  const navigate = useNavigate();
  const me = useMe().data;
  const lead =
    !!me?.isPlatformAdmin ||
    !!me?.roles.some((r) => ['street_admin', 'community_secretary'].includes(r.role));
  const communities = useCommunities();
  const [community, setCommunity] = useState<number>();
  useEffect(() => {
    if (community === undefined && communities.data?.[0]) setCommunity(communities.data[0].id);
  }, [communities.data, community]);
  const active: TabKey = TABS.includes(tab as TabKey) ? (tab as TabKey) : 'accounts';
  const [awarding, setAwarding] = useState(false);
  return (
    <Card className="ds-ledger">
      <div style={{ display: 'flex', flexWrap: 'wrap', gap: 12, justifyContent: 'space-between' }}>
        <Space wrap>
          <span>{l('community')}</span>
          <Select
            style={{ minWidth: 160 }}
            value={community}
            onChange={setCommunity}
            loading={communities.isPending}
            options={(communities.data ?? []).map((c) => ({ value: c.id, label: c.name }))}
            data-testid="ledger-community"
          />
        </Space>
        <Button
          type="primary"
          icon={<PlusOutlined />}
          onClick={() => setAwarding(true)}
          disabled={!community}
          data-testid="ledger-award"
        >
          {l('award')}
        </Button>
      </div>
      {community !== undefined && (
        <Tabs
          activeKey={active}
          onChange={(k) => navigate(k === 'accounts' ? '/ledger' : `/ledger/${k}`)}
          destroyOnHidden
          items={[
            { key: 'accounts', label: l('tabs.accounts'), children: <AccountsTab community={community} /> },
            {
              key: 'entries',
              label: l('tabs.entries'),
              children: <EntriesTab community={community} canReverse={lead} />,
            },
            {
              key: 'rules',
              label: l('tabs.rules'),
              children: <RulesTab canEdit={lead} community={community} />,
            },
            {
              key: 'shop',
              label: l('tabs.shop'),
              children: (
                <Suspense fallback={null}>
                  <CatalogueTab community={community} canEdit={lead} />
                </Suspense>
              ),
            },
            {
              key: 'party',
              label: l('tabs.party'),
              children: (
                <Suspense fallback={null}>
                  <PartyTab community={community} canClose={lead} />
                </Suspense>
              ),
            },
            {
              key: 'funds',
              label: l('tabs.funds'),
              children: (
                <Suspense fallback={null}>
                  <FundsTab community={community} canEdit={lead} />
                </Suspense>
              ),
            },
          ]}
        />
      )}
      {awarding && community !== undefined && (
        <AwardModal community={community} onClose={() => setAwarding(false)} />
      )}
    </Card>
  );
}

function AccountsTab({ community }: { community: number }) {
  const { t } = useTranslation();
  const l = (k: string, o?: Record<string, unknown>) => t(`console.ledger.${k}`, o);
  const q = useQuery({
    queryKey: ['ledger', 'accounts', community],
    queryFn: () => api<{ items: LedgerAccount[] }>(`/api/ledger/accounts?communityId=${community}`),
  });
  return (
    <>
      <Typography.Paragraph type="secondary">{l('poolNote')}</Typography.Paragraph>
      <Table<LedgerAccount>
        rowKey="id"
        size="middle"
        loading={q.isPending}
        dataSource={q.data?.items}
        pagination={{ pageSize: 20, hideOnSinglePage: true }}
        scroll={{ x: 640 }}
        data-testid="ledger-accounts"
        columns={[
          { title: l('name'), dataIndex: 'name' },
          { title: l('kind'), dataIndex: 'ownerKind', render: (k) => l(`owner.${k}`) },
          {
            title: l('balance'),
            align: 'right',
            render: (_, a) => (
              <span className="ds-ledger-amount">
                {shown(a.balance, a.unit)} {l(`unit.${a.unit}`)}
              </span>
            ),
          },
          {
            title: l('limits'),
            render: (_, a) =>
              `${a.floor === null ? l('none') : shown(a.floor, a.unit)} / ${a.ceiling === null ? l('none') : shown(a.ceiling, a.unit)}`,
          },
          {
            title: '',
            dataIndex: 'standing',
            render: (s) =>
              s && (
                <Tag color={s === 'priority_renewal' ? 'green' : s === 'yellow_card' ? 'gold' : 'default'}>
                  {l(`standing.${s}`)}
                </Tag>
              ),
          },
        ]}
      />
    </>
  );
}

function EntriesTab({ community, canReverse }: { community: number; canReverse: boolean }) {
  const { t } = useTranslation();
  const l = (k: string, o?: Record<string, unknown>) => t(`console.ledger.${k}`, o);
  const { message } = App.useApp();
  const [range, setRange] = useState<[Dayjs | null, Dayjs | null] | null>(null);
  const [page, setPage] = useState(1);
  const [reversing, setReversing] = useState<LedgerEntry | null>(null);
  const params = new URLSearchParams({ communityId: String(community) });
  if (day(range?.[0])) params.set('from', day(range?.[0])!);
  if (day(range?.[1])) params.set('to', day(range?.[1])!);
  const q = useQuery({
    queryKey: ['ledger', 'entries', community, params.toString(), page],
    queryFn: () =>
      api<{ items: LedgerEntry[]; total: number }>(`/api/ledger/entries?${params}&page=${page}&pageSize=20`),
  });
  const exporting = useMutation({
    mutationFn: () => downloadFile(`/api/ledger/entries/export?${params}`, '积分台账.xlsx'),
    onError: (e) => void message.error((e as ApiError).userMessage),
  });
  return (
    <>
      <Space wrap style={{ marginBottom: 12 }}>
        <span>{l('period')}</span>
        <DatePicker.RangePicker
          value={range}
          onChange={(v) => {
            setRange(v);
            setPage(1);
          }}
        />
        <Button
          icon={<DownloadOutlined />}
          loading={exporting.isPending}
          onClick={() => exporting.mutate()}
          data-testid="ledger-export"
        >
          {l('export')}
        </Button>
        {q.data && <Typography.Text type="secondary">{l('total', { n: q.data.total })}</Typography.Text>}
      </Space>
      <Table<LedgerEntry>
        rowKey="id"
        size="middle"
        loading={q.isPending}
        dataSource={q.data?.items}
        scroll={{ x: 1000 }}
        data-testid="ledger-entries"
        pagination={{
          current: page,
          pageSize: 20,
          total: q.data?.total,
          onChange: setPage,
          hideOnSinglePage: true,
          showSizeChanger: false,
        }}
        columns={[
          { title: '#', dataIndex: 'id', width: 64 },
          { title: l('at'), dataIndex: 'at', width: 140, render: fmt },
          { title: l('from'), dataIndex: 'debitName' },
          { title: l('to'), dataIndex: 'creditName' },
          {
            title: l('amount'),
            align: 'right',
            render: (_, e) => (
              <span className="ds-ledger-amount">
                {shown(e.amount, e.unit)} {l(`unit.${e.unit}`)}
              </span>
            ),
          },
          {
            title: l('source'),
            render: (_, e) =>
              e.reverses ? (
                <Tag color="orange">{l('reversal', { id: e.reverses, reason: e.reason })}</Tag>
              ) : (
                <Space direction="vertical" size={0}>
                  <span>
                    {e.ruleName ?? t(`console.ledger.events.${e.eventKind}`, { defaultValue: e.eventKind })}
                  </span>
                  {e.reversedBy && <Tag>{l('reversed', { id: e.reversedBy })}</Tag>}
                </Space>
              ),
          },
          { title: l('approver'), dataIndex: 'approvedBy', render: (v) => v ?? '—' },
          { title: l('memo'), dataIndex: 'memo' },
          ...(canReverse
            ? [
                {
                  title: '',
                  width: 80,
                  render: (_: unknown, e: LedgerEntry) =>
                    !e.reverses &&
                    !e.reversedBy && (
                      <Button
                        size="small"
                        onClick={() => setReversing(e)}
                        data-testid={`ledger-reverse-${e.id}`}
                      >
                        {l('reverse')}
                      </Button>
                    ),
                },
              ]
            : []),
        ]}
      />
      {reversing && <ReverseModal entry={reversing} onClose={() => setReversing(null)} />}
    </>
  );
}

function ReverseModal({ entry, onClose }: { entry: LedgerEntry; onClose: () => void }) {
  const { t } = useTranslation();
  const l = (k: string, o?: Record<string, unknown>) => t(`console.ledger.${k}`, o);
  const { message } = App.useApp();
  const qc = useQueryClient();
  const [form] = Form.useForm<{ reason: string }>();
  const save = useMutation({
    mutationFn: (reason: string) =>
      api(`/api/ledger/entries/${entry.id}/reverse`, { method: 'POST', json: { reason } }),
    onSuccess: () => {
      void message.success(l('reversedOk'));
      void qc.invalidateQueries({ queryKey: ['ledger'] });
      onClose();
    },
    onError: (e) => void message.error((e as ApiError).userMessage),
  });
  return (
    <Modal
      open
      title={l('reverseTitle', { id: entry.id })}
      onCancel={onClose}
      onOk={() => form.submit()}
      okText={l('reverse')}
      okButtonProps={{ danger: true, loading: save.isPending }}
    >
      <Typography.Paragraph type="secondary">{l('reverseHint')}</Typography.Paragraph>
      <Typography.Paragraph>
        {entry.debitName} → {entry.creditName}：{shown(entry.amount, entry.unit)} {l(`unit.${entry.unit}`)}
        {entry.memo ? `（${entry.memo}）` : ''}
      </Typography.Paragraph>
      <Form form={form} layout="vertical" onFinish={(v) => save.mutate(v.reason)}>
        <Form.Item name="reason" label={l('reason')} rules={[{ required: true, min: 2, max: 200 }]}>
          <Input.TextArea rows={2} maxLength={200} data-testid="ledger-reverse-reason" />
        </Form.Item>
      </Form>
    </Modal>
  );
}

function AwardModal({ community, onClose }: { community: number; onClose: () => void }) {
  const { t } = useTranslation();
  const l = (k: string, o?: Record<string, unknown>) => t(`console.ledger.${k}`, o);
  const { message } = App.useApp();
  const qc = useQueryClient();
  const rules = useQuery({
    queryKey: ['ledger', 'rules'],
    queryFn: () => api<{ items: LedgerRule[] }>('/api/ledger/rules'),
  });
  const [form] = Form.useForm<{
    ruleId: number;
    phone: string;
    quantity?: number;
    eventId?: string;
    memo?: string;
  }>();
  const ruleId = Form.useWatch('ruleId', form);
  const rule = rules.data?.items.find((r) => r.id === ruleId);
  const [key] = useState(() => `award-${crypto.randomUUID()}`);
  const save = useMutation({
    mutationFn: (v: { ruleId: number; phone: string; quantity?: number; eventId?: string; memo?: string }) =>
      api<LedgerEntry>('/api/ledger/awards', {
        method: 'POST',
        headers: { 'idempotency-key': key },
        json: { ...v, communityId: community, eventId: v.eventId || undefined, memo: v.memo ?? '' },
      }),
    onSuccess: (e) => {
      void message.success(
        l('awarded', { name: e.creditName, amount: `${shown(e.amount, e.unit)} ${l(`unit.${e.unit}`)}` }),
      );
      void qc.invalidateQueries({ queryKey: ['ledger'] });
      onClose();
    },
    onError: (e) => void message.error((e as ApiError).userMessage),
  });
  return (
    <Modal
      open
      title={l('awardTitle')}
      onCancel={onClose}
      onOk={() => form.submit()}
      okButtonProps={{ loading: save.isPending }}
    >
      <Form form={form} layout="vertical" onFinish={(v) => save.mutate(v)}>
        <Form.Item name="ruleId" label={l('rule')} rules={[{ required: true }]}>
          <Select
            data-testid="ledger-award-rule"
            options={(rules.data?.items ?? [])
              .filter((r) => r.active && r.eventKind !== 'transfer.family')
              .map((r) => ({
                value: r.id,
                label: `${r.name}（${ruleAmount(r, l)}）`,
              }))}
          />
        </Form.Item>
        <Form.Item name="phone" label={l('phone')} rules={[{ required: true, pattern: /^1[3-9]\d{9}$/ }]}>
          <Input inputMode="tel" maxLength={11} data-testid="ledger-award-phone" />
        </Form.Item>
        {rule?.perQuantity && (
          <Form.Item name="quantity" label={l('quantity')} rules={[{ required: true }]}>
            <InputNumber min={1} max={100000} style={{ width: '100%' }} />
          </Form.Item>
        )}
        <Form.Item name="eventId" label={l('eventId')}>
          <Input maxLength={100} />
        </Form.Item>
        <Form.Item name="memo" label={l('memo')}>
          <Input maxLength={200} data-testid="ledger-award-memo" />
        </Form.Item>
      </Form>
    </Modal>
  );
}

function RulesTab({ canEdit, community }: { canEdit: boolean; community: number }) {
  const { t } = useTranslation();
  const l = (k: string, o?: Record<string, unknown>) => t(`console.ledger.${k}`, o);
  const q = useQuery({
    queryKey: ['ledger', 'rules'],
    queryFn: () => api<{ items: LedgerRule[] }>('/api/ledger/rules'),
  });
  const [editing, setEditing] = useState<LedgerRule | null>(null);
  const [adding, setAdding] = useState(false);
  return (
    <>
      {canEdit && (
        <Button
          icon={<PlusOutlined />}
          style={{ marginBottom: 12 }}
          onClick={() => setAdding(true)}
          data-testid="ledger-rule-add"
        >
          {l('addRule')}
        </Button>
      )}
      {adding && <NewRuleModal community={community} onClose={() => setAdding(false)} />}
      <Table<LedgerRule>
        rowKey="id"
        size="middle"
        loading={q.isPending}
        dataSource={q.data?.items}
        pagination={false}
        scroll={{ x: 900 }}
        data-testid="ledger-rules"
        columns={[
          { title: l('ruleName'), dataIndex: 'name' },
          {
            title: l('event'),
            dataIndex: 'eventKind',
            render: (v) => <Typography.Text code>{v}</Typography.Text>,
          },
          {
            title: l('amount'),
            render: (_, r) => ruleAmount(r, l),
          },
          { title: l('approverRole'), dataIndex: 'approverRole', render: (v) => l(`roles.${v}`) },
          {
            title: l('cap'),
            render: (_, r) =>
              r.periodKind
                ? l('capValue', { n: r.maxPerPeriod, period: l(`periods.${r.periodKind}`) })
                : l('noCap'),
          },
          {
            title: '',
            render: (_, r) => (
              <Space>
                <Tag color={r.active ? 'green' : 'default'}>{r.active ? l('active') : l('inactive')}</Tag>
                {canEdit && (
                  <Button size="small" onClick={() => setEditing(r)}>
                    {l('edit')}
                  </Button>
                )}
              </Space>
            ),
          },
        ]}
      />
      {editing && <RuleModal rule={editing} onClose={() => setEditing(null)} />}
    </>
  );
}

function RuleModal({ rule, onClose }: { rule: LedgerRule; onClose: () => void }) {
  const { t } = useTranslation();
  const l = (k: string, o?: Record<string, unknown>) => t(`console.ledger.${k}`, o);
  const { message } = App.useApp();
  const qc = useQueryClient();
  const [form] = Form.useForm<{
    name: string;
    amount: number;
    maxPerPeriod: number | null;
    active: boolean;
  }>();
  const save = useMutation({
    mutationFn: (v: { name: string; amount: number; maxPerPeriod: number | null; active: boolean }) =>
      api(`/api/ledger/rules/${rule.id}`, {
        method: 'PATCH',
        json: {
          version: rule.version,
          name: v.name,
          amount: v.amount,
          active: v.active,
          ...(rule.periodKind ? { maxPerPeriod: v.maxPerPeriod } : {}),
        },
      }),
    onSuccess: () => {
      void message.success(l('saved'));
      void qc.invalidateQueries({ queryKey: ['ledger', 'rules'] });
      onClose();
    },
    onError: (e) => void message.error((e as ApiError).userMessage),
  });
  return (
    <Modal open title={l('editTitle', { name: rule.name })} onCancel={onClose} onOk={() => form.submit()}>
      <Form
        form={form}
        layout="vertical"
        initialValues={{
          name: rule.name,
          amount: rule.amount,
          maxPerPeriod: rule.maxPerPeriod,
          active: rule.active,
        }}
        onFinish={(v) => save.mutate(v)}
      >
        <Form.Item name="name" label={l('ruleName')} rules={[{ required: true, max: 50 }]}>
          <Input />
        </Form.Item>
        <Form.Item
          name="amount"
          label={`${l('amount')}（${l(`unit.${rule.unit}`)}${rule.unit === 'hours' ? ' × 60' : ''}）`}
          rules={[{ required: true }]}
        >
          <InputNumber min={1} style={{ width: '100%' }} />
        </Form.Item>
        {rule.periodKind && (
          <Form.Item
            name="maxPerPeriod"
            label={`${l('cap')}（${l(`periods.${rule.periodKind}`)}）`}
            rules={[{ required: true }]}
          >
            <InputNumber min={1} style={{ width: '100%' }} />
          </Form.Item>
        )}
        <Form.Item name="active" label={l('active')} valuePropName="checked">
          <Switch />
        </Form.Item>
      </Form>
    </Modal>
  );
}

interface NewRule {
  name: string;
  code: string;
  eventKind: string;
  unit: LedgerUnit;
  amount: number;
  beneficiaryKind: 'person' | 'merchant';
  approverRole: LedgerRule['approverRole'];
  periodKind: LedgerRule['periodKind'] | 'none';
  maxPerPeriod?: number;
  perQuantity: boolean;
  onlyHere: boolean;
}

/** A new rule: "event X in this community (or the street) earns N of a unit, approved by role R, at most K per period". */
function NewRuleModal({ community, onClose }: { community: number; onClose: () => void }) {
  const { t } = useTranslation();
  const l = (k: string, o?: Record<string, unknown>) => t(`console.ledger.${k}`, o);
  const { message } = App.useApp();
  const qc = useQueryClient();
  const [form] = Form.useForm<NewRule>();
  const period = Form.useWatch('periodKind', form);
  const unit = Form.useWatch('unit', form);
  const save = useMutation({
    mutationFn: (v: NewRule) =>
      api('/api/ledger/rules', {
        method: 'POST',
        json: {
          code: v.code,
          name: v.name,
          eventKind: v.eventKind,
          areaId: v.onlyHere ? community : null,
          unit: v.unit,
          amount: v.unit === 'hours' && !v.perQuantity ? v.amount * 60 : v.amount,
          beneficiaryKind: v.beneficiaryKind,
          approverRole: v.approverRole,
          periodKind: v.periodKind === 'none' ? null : v.periodKind,
          maxPerPeriod: v.periodKind === 'none' ? null : v.maxPerPeriod,
          perQuantity: v.perQuantity,
        },
      }),
    onSuccess: () => {
      void message.success(l('saved'));
      void qc.invalidateQueries({ queryKey: ['ledger', 'rules'] });
      onClose();
    },
    onError: (e) => void message.error((e as ApiError).userMessage),
  });
  const units: LedgerUnit[] = ['points', 'hours', 'credit'];
  return (
    <Modal
      open
      title={l('addRule')}
      onCancel={onClose}
      onOk={() => form.submit()}
      okButtonProps={{ loading: save.isPending }}
    >
      <Form
        form={form}
        layout="vertical"
        initialValues={{
          unit: 'points',
          amount: 1,
          beneficiaryKind: 'person',
          approverRole: 'community_staff',
          periodKind: 'none',
          perQuantity: false,
          onlyHere: true,
        }}
        onFinish={(v) => save.mutate(v)}
      >
        <Form.Item name="name" label={l('ruleName')} rules={[{ required: true, max: 50 }]}>
          <Input data-testid="ledger-rule-name" />
        </Form.Item>
        <Space wrap>
          <Form.Item
            name="code"
            label={l('code')}
            tooltip={l('codeHelp')}
            rules={[{ required: true, pattern: /^[a-z][a-z0-9_]{1,39}$/ }]}
          >
            <Input placeholder="canteen_help" data-testid="ledger-rule-code" />
          </Form.Item>
          <Form.Item
            name="eventKind"
            label={l('event')}
            rules={[{ required: true, pattern: /^[a-z][a-z0-9_.]{1,39}$/ }]}
          >
            <Input placeholder="volunteer.canteen" data-testid="ledger-rule-event" />
          </Form.Item>
        </Space>
        <Space wrap>
          <Form.Item name="unit" label={l('unitLabel')}>
            <Select
              style={{ width: 120 }}
              options={units.map((u) => ({ value: u, label: l(`unit.${u}`) }))}
            />
          </Form.Item>
          <Form.Item
            name="amount"
            label={unit === 'hours' ? `${l('amount')}（${l('unit.hours')}）` : l('amount')}
            rules={[{ required: true }]}
          >
            <InputNumber min={1} style={{ width: 120 }} />
          </Form.Item>
          <Form.Item name="beneficiaryKind" label={l('beneficiary')}>
            <Select
              style={{ width: 120 }}
              options={[
                { value: 'person', label: l('owner.person') },
                { value: 'merchant', label: l('owner.merchant') },
              ]}
            />
          </Form.Item>
        </Space>
        <Space wrap>
          <Form.Item name="approverRole" label={l('approverRole')}>
            <Select
              style={{ width: 150 }}
              options={['grid_worker', 'community_staff', 'community_secretary', 'street_admin'].map((r) => ({
                value: r,
                label: l(`roles.${r}`),
              }))}
            />
          </Form.Item>
          <Form.Item name="periodKind" label={l('cap')}>
            <Select
              style={{ width: 120 }}
              options={[
                { value: 'none', label: l('noCap') },
                ...['day', 'week', 'month', 'quarter', 'year'].map((p) => ({
                  value: p,
                  label: l(`periods.${p}`),
                })),
              ]}
            />
          </Form.Item>
          {period && period !== 'none' && (
            <Form.Item name="maxPerPeriod" label={l('capTimes')} rules={[{ required: true }]}>
              <InputNumber min={1} style={{ width: 100 }} />
            </Form.Item>
          )}
        </Space>
        <Space wrap size="large">
          <Form.Item name="onlyHere" label={l('onlyHere')} valuePropName="checked">
            <Switch />
          </Form.Item>
          {unit === 'hours' && (
            <Form.Item name="perQuantity" label={l('perQuantityLabel')} valuePropName="checked">
              <Switch />
            </Form.Item>
          )}
        </Space>
      </Form>
    </Modal>
  );
}
