import { DownloadOutlined, PlusOutlined, RiseOutlined } from '@ant-design/icons';
import type { Fund, FundFlow } from '@doorstep/contract';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import {
  Alert,
  App,
  Button,
  Card,
  Col,
  DatePicker,
  Form,
  Input,
  InputNumber,
  Modal,
  Progress,
  Row,
  Select,
  Space,
  Statistic,
  Table,
  Tag,
  Typography,
} from 'antd';
import type { Dayjs } from 'dayjs';
import { lazy, Suspense, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { type ApiError, api } from '../../app/api';
import { downloadFile } from '../../ui/download';
import { thisYear } from './units';

const LeverageChart = lazy(() => import('./LeverageChart'));
const yuan = (fen: number) =>
  (fen / 100).toLocaleString('zh-CN', { minimumFractionDigits: 2, maximumFractionDigits: 2 });
const KIND_COLORS: Record<FundFlow['kind'], string> = {
  donation: 'green',
  backfeed: 'gold',
  deposit: 'blue',
  social_capital: 'purple',
  spending: 'red',
};

/** 社区微基金 and 能量银行: balances, the year's income and spending, leverage against its target, every flow. */
export default function FundsTab({ community, canEdit }: { community: number; canEdit: boolean }) {
  const { t } = useTranslation();
  const l = (k: string, o?: Record<string, unknown>) => t(`console.ledger.funds.${k}`, o);
  const funds = useQuery({
    queryKey: ['ledger', 'funds', community],
    queryFn: () => api<{ items: Fund[] }>(`/api/ledger/funds?communityId=${community}`),
  });
  const [open, setOpen] = useState<{ fund: Fund; mode: 'flow' | 'backfeed' | 'settings' }>();
  const [shown, setShown] = useState<number>();
  const items = funds.data?.items ?? [];
  const current = items.find((f) => f.id === shown) ?? items[0];
  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <Row gutter={[16, 16]}>
        {items.map((f) => {
          const year = f.years.find((y) => y.year === thisYear);
          return (
            <Col xs={24} lg={12} key={f.id}>
              <Card
                size="small"
                title={f.name}
                data-testid={`fund-${f.kind}`}
                actions={
                  canEdit
                    ? [
                        <Button
                          key="flow"
                          type="text"
                          icon={<PlusOutlined />}
                          onClick={() => setOpen({ fund: f, mode: 'flow' })}
                        >
                          {l('record')}
                        </Button>,
                        ...(f.kind === 'micro_fund'
                          ? [
                              <Button
                                key="backfeed"
                                type="text"
                                icon={<RiseOutlined />}
                                onClick={() => setOpen({ fund: f, mode: 'backfeed' })}
                                data-testid="fund-backfeed"
                              >
                                {l('backfeed')}
                              </Button>,
                            ]
                          : []),
                        <Button
                          key="settings"
                          type="text"
                          onClick={() => setOpen({ fund: f, mode: 'settings' })}
                        >
                          {l('settings')}
                        </Button>,
                      ]
                    : undefined
                }
              >
                <Row gutter={[12, 12]}>
                  <Col xs={24} sm={8}>
                    <Statistic title={l('balance')} value={yuan(f.balance)} suffix={l('yuan')} />
                  </Col>
                  <Col xs={12} sm={8}>
                    <Statistic title={l('incomeYear', { year: thisYear })} value={yuan(year?.income ?? 0)} />
                  </Col>
                  <Col xs={12} sm={8}>
                    <Statistic
                      title={l('spendingYear', { year: thisYear })}
                      value={yuan(year?.spending ?? 0)}
                    />
                  </Col>
                </Row>
                {f.kind === 'micro_fund' ? (
                  <Typography.Paragraph type="secondary" style={{ margin: '12px 0 0' }}>
                    {l('backfeedRule', { percent: f.backfeedPercent })}
                  </Typography.Paragraph>
                ) : (
                  <EnergyBank fund={f} />
                )}
              </Card>
            </Col>
          );
        })}
      </Row>
      {current && <Flows fund={current} funds={items} onFund={setShown} />}
      {open?.mode === 'flow' && <FlowModal fund={open.fund} onClose={() => setOpen(undefined)} />}
      {open?.mode === 'backfeed' && <BackfeedModal fund={open.fund} onClose={() => setOpen(undefined)} />}
      {open?.mode === 'settings' && <SettingsModal fund={open.fund} onClose={() => setOpen(undefined)} />}
    </Space>
  );
}

function EnergyBank({ fund }: { fund: Fund }) {
  const { t } = useTranslation();
  const l = (k: string, o?: Record<string, unknown>) => t(`console.ledger.funds.${k}`, o);
  const year = fund.years.find((y) => y.year === thisYear);
  const target = fund.targetLeverage ?? 5;
  const leverage = year?.leverage ?? 0;
  return (
    <div style={{ marginTop: 12 }}>
      <Space align="center" wrap>
        <span>{l('leverageYear', { year: thisYear })}</span>
        <b style={{ fontSize: 18 }} data-testid="fund-leverage">
          1∶{leverage}
        </b>
        <Typography.Text type="secondary">
          {l('target')} 1∶{target}
        </Typography.Text>
      </Space>
      <Progress
        percent={Math.min(100, Math.round((leverage / target) * 100))}
        strokeColor={leverage >= target ? '#1f7a3e' : '#c8102e'}
        format={(p) => `${p}%`}
      />
      <Typography.Paragraph type="secondary" style={{ margin: 0 }}>
        {l('matchRule')}
      </Typography.Paragraph>
      {fund.years.some((y) => y.leverage !== null) && (
        <Suspense fallback={<div style={{ height: 200 }} />}>
          <LeverageChart fund={fund} />
        </Suspense>
      )}
    </div>
  );
}

function Flows({ fund, funds, onFund }: { fund: Fund; funds: Fund[]; onFund: (id: number) => void }) {
  const { t } = useTranslation();
  const l = (k: string, o?: Record<string, unknown>) => t(`console.ledger.funds.${k}`, o);
  const [year, setYear] = useState<number | undefined>(thisYear);
  const [page, setPage] = useState(1);
  const flows = useQuery({
    queryKey: ['ledger', 'fund-flows', fund.id, year, page],
    queryFn: () =>
      api<{ items: FundFlow[]; total: number }>(
        `/api/ledger/funds/${fund.id}/flows?page=${page}&pageSize=20${year ? `&year=${year}` : ''}`,
      ),
  });
  const years = [...new Set([thisYear, ...fund.years.map((y) => y.year)])].sort((a, b) => b - a);
  return (
    <Card size="small" title={l('flows')}>
      <Space wrap style={{ marginBottom: 12 }}>
        <Select
          value={fund.id}
          onChange={(v) => {
            onFund(v);
            setPage(1);
          }}
          options={funds.map((f) => ({ value: f.id, label: f.name }))}
          style={{ minWidth: 140 }}
          data-testid="fund-flows-fund"
        />
        <Select
          value={year ?? 0}
          onChange={(v) => {
            setYear(v || undefined);
            setPage(1);
          }}
          options={[
            { value: 0, label: l('allYears') },
            ...years.map((y) => ({ value: y, label: String(y) })),
          ]}
          style={{ minWidth: 110 }}
        />
        <Button
          icon={<DownloadOutlined />}
          onClick={() =>
            downloadFile(
              `/api/ledger/funds/${fund.id}/flows/export${year ? `?year=${year}` : ''}`,
              `${fund.name}${year ?? ''}.xlsx`,
            )
          }
        >
          {t('console.ledger.export')}
        </Button>
      </Space>
      <Table<FundFlow>
        rowKey="id"
        size="small"
        loading={flows.isPending}
        dataSource={flows.data?.items}
        scroll={{ x: 720 }}
        pagination={{
          current: page,
          pageSize: 20,
          total: flows.data?.total,
          onChange: setPage,
          showTotal: (n) => t('console.ledger.total', { n }),
        }}
        columns={[
          { title: l('day'), dataIndex: 'occurredOn', width: 110 },
          {
            title: l('kind'),
            dataIndex: 'kind',
            width: 100,
            render: (k: FundFlow['kind']) => <Tag color={KIND_COLORS[k]}>{l(`kinds.${k}`)}</Tag>,
          },
          { title: l('counterparty'), dataIndex: 'counterparty' },
          {
            title: l('amountYuan'),
            dataIndex: 'amount',
            align: 'right',
            width: 130,
            render: (a: number, x) => (
              <span style={{ color: x.kind === 'spending' ? '#c8102e' : '#1f7a3e' }}>
                {x.kind === 'spending' ? '−' : '+'}
                {yuan(a)}
              </span>
            ),
          },
          {
            title: l('memo'),
            dataIndex: 'memo',
            render: (m: string, x) =>
              x.gross !== null ? `${m || ''}${m ? '' : l('grossNote', { gross: yuan(x.gross) })}` : m,
          },
          { title: l('by'), dataIndex: 'createdBy', width: 90 },
        ]}
      />
    </Card>
  );
}

function useFundSaved(onClose: () => void) {
  const qc = useQueryClient();
  return () => {
    void qc.invalidateQueries({ queryKey: ['ledger'] });
    onClose();
  };
}
const day = (d: Dayjs | null | undefined) => (d ? d.format('YYYY-MM-DD') : undefined);

function FlowModal({ fund, onClose }: { fund: Fund; onClose: () => void }) {
  const { t } = useTranslation();
  const l = (k: string, o?: Record<string, unknown>) => t(`console.ledger.funds.${k}`, o);
  const { message } = App.useApp();
  const [form] = Form.useForm();
  // one key per opened form: a double click or a retry after a network error records once
  const [key] = useState(() => `fund-${crypto.randomUUID()}`);
  const saved = useFundSaved(onClose);
  const kinds =
    fund.kind === 'micro_fund' ? ['donation', 'spending'] : ['social_capital', 'deposit', 'spending'];
  const save = useMutation({
    mutationFn: (v: {
      kind: string;
      counterparty: string;
      amount: number;
      occurredOn?: Dayjs;
      memo?: string;
    }) =>
      api(`/api/ledger/funds/${fund.id}/flows`, {
        method: 'POST',
        headers: { 'idempotency-key': key },
        json: { ...v, amount: Math.round(v.amount * 100), occurredOn: day(v.occurredOn), memo: v.memo ?? '' },
      }),
    onSuccess: () => {
      message.success(l('recorded'));
      saved();
    },
  });
  return (
    <Modal
      open
      title={`${fund.name} · ${l('record')}`}
      onCancel={onClose}
      onOk={() => form.submit()}
      confirmLoading={save.isPending}
      okText={l('save')}
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
      {fund.kind === 'energy_bank' && (
        <Alert type="info" showIcon style={{ marginBottom: 12 }} title={l('matchRule')} />
      )}
      <Form form={form} layout="vertical" initialValues={{ kind: kinds[0] }} onFinish={(v) => save.mutate(v)}>
        <Form.Item name="kind" label={l('kind')} rules={[{ required: true }]}>
          <Select
            options={kinds.map((k) => ({ value: k, label: l(`kinds.${k}`) }))}
            data-testid="fund-flow-kind"
          />
        </Form.Item>
        <Form.Item name="counterparty" label={l('counterparty')} rules={[{ required: true, max: 60 }]}>
          <Input placeholder={l('counterpartyHint')} data-testid="fund-flow-party" />
        </Form.Item>
        <Form.Item name="amount" label={l('amountYuan')} rules={[{ required: true }]}>
          <InputNumber
            min={0.01}
            max={100_000_000}
            precision={2}
            style={{ width: '100%' }}
            data-testid="fund-flow-amount"
          />
        </Form.Item>
        <Form.Item name="occurredOn" label={l('day')} extra={l('dayHint')}>
          <DatePicker style={{ width: '100%' }} disabledDate={(d) => d.isAfter(new Date())} />
        </Form.Item>
        <Form.Item name="memo" label={l('memo')} rules={[{ max: 200 }]}>
          <Input.TextArea rows={2} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

function BackfeedModal({ fund, onClose }: { fund: Fund; onClose: () => void }) {
  const { t } = useTranslation();
  const l = (k: string, o?: Record<string, unknown>) => t(`console.ledger.funds.${k}`, o);
  const { message } = App.useApp();
  const [form] = Form.useForm();
  const [key] = useState(() => `backfeed-${crypto.randomUUID()}`);
  const profit = Form.useWatch('netProfit', form) as number | undefined;
  const saved = useFundSaved(onClose);
  const save = useMutation({
    mutationFn: (v: { project: string; netProfit: number; occurredOn?: Dayjs; memo?: string }) =>
      api<FundFlow>(`/api/ledger/funds/${fund.id}/backfeed`, {
        method: 'POST',
        headers: { 'idempotency-key': key },
        json: {
          ...v,
          netProfit: Math.round(v.netProfit * 100),
          occurredOn: day(v.occurredOn),
          memo: v.memo ?? '',
        },
      }),
    onSuccess: (f) => {
      message.success(l('backfedOk', { amount: yuan(f.amount) }));
      saved();
    },
  });
  // the same rounding as the server: the share of the profit in fen, half up
  const shareFen = profit ? Math.round((Math.round(profit * 100) * (fund.backfeedPercent ?? 20)) / 100) : 0;
  return (
    <Modal
      open
      title={l('backfeedTitle')}
      onCancel={onClose}
      onOk={() => form.submit()}
      confirmLoading={save.isPending}
      okText={l('save')}
      destroyOnHidden
    >
      <Typography.Paragraph type="secondary">
        {l('backfeedRule', { percent: fund.backfeedPercent })}
      </Typography.Paragraph>
      {save.error && (
        <Alert
          type="error"
          showIcon
          style={{ marginBottom: 12 }}
          title={(save.error as ApiError).userMessage}
        />
      )}
      <Form form={form} layout="vertical" onFinish={(v) => save.mutate(v)}>
        <Form.Item name="project" label={l('project')} rules={[{ required: true, max: 60 }]}>
          <Input placeholder="锅炉房共享空间" data-testid="backfeed-project" />
        </Form.Item>
        <Form.Item name="netProfit" label={l('netProfit')} rules={[{ required: true }]}>
          <InputNumber
            min={0.01}
            max={100_000_000}
            precision={2}
            style={{ width: '100%' }}
            data-testid="backfeed-profit"
          />
        </Form.Item>
        <Alert
          type="success"
          style={{ marginBottom: 16 }}
          title={l('sharePreview', {
            percent: fund.backfeedPercent,
            amount: yuan(shareFen),
          })}
          data-testid="backfeed-preview"
        />
        <Form.Item name="occurredOn" label={l('day')} extra={l('dayHint')}>
          <DatePicker style={{ width: '100%' }} disabledDate={(d) => d.isAfter(new Date())} />
        </Form.Item>
        <Form.Item name="memo" label={l('memo')} rules={[{ max: 200 }]}>
          <Input.TextArea rows={2} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

function SettingsModal({ fund, onClose }: { fund: Fund; onClose: () => void }) {
  const { t } = useTranslation();
  const l = (k: string, o?: Record<string, unknown>) => t(`console.ledger.funds.${k}`, o);
  const [form] = Form.useForm();
  const saved = useFundSaved(onClose);
  const save = useMutation({
    mutationFn: (v: { backfeedPercent?: number; targetLeverage?: number }) =>
      api(`/api/ledger/funds/${fund.id}`, { method: 'PATCH', json: { ...v, version: fund.version } }),
    onSuccess: saved,
  });
  return (
    <Modal
      open
      title={`${fund.name} · ${l('settings')}`}
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
      <Form
        form={form}
        layout="vertical"
        initialValues={{ backfeedPercent: fund.backfeedPercent, targetLeverage: fund.targetLeverage }}
        onFinish={(v) => save.mutate(v)}
      >
        {fund.kind === 'micro_fund' ? (
          <Form.Item name="backfeedPercent" label={l('backfeedPercent')} extra={l('auditNote')}>
            <InputNumber min={1} max={100} suffix="%" />
          </Form.Item>
        ) : (
          <Form.Item name="targetLeverage" label={l('targetLeverage')} extra={l('auditNote')}>
            <InputNumber min={1} max={50} step={0.1} prefix="1∶" />
          </Form.Item>
        )}
      </Form>
    </Modal>
  );
}
