import { DownloadOutlined, LockOutlined } from '@ant-design/icons';
import type { PartyMemberYear, PartyStatement } from '@doorstep/contract';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Modal, Select, Space, Table, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { type ApiError, api } from '../../app/api';
import { downloadFile } from '../../ui/download';
import { thisYear } from './units';

/** 党员积分: a year's base / task / reward / deduction per party member; leads close the year with a frozen statement. */
export default function PartyTab({ community, canClose }: { community: number; canClose: boolean }) {
  const { t } = useTranslation();
  const l = (k: string, o?: Record<string, unknown>) => t(`console.ledger.party.${k}`, o);
  const { message } = App.useApp();
  const qc = useQueryClient();
  const [year, setYear] = useState(thisYear);
  const data = useQuery({
    queryKey: ['ledger', 'party', community, year],
    queryFn: () => api<PartyStatement>(`/api/ledger/party/statement?communityId=${community}&year=${year}`),
  });
  const close = useMutation({
    mutationFn: () =>
      api<PartyStatement>('/api/ledger/party/close', {
        method: 'POST',
        json: { communityId: community, year },
      }),
    onSuccess: () => {
      message.success(l('closedOk', { year }));
      void qc.invalidateQueries({ queryKey: ['ledger'] });
    },
    onError: (e) => message.error((e as ApiError).userMessage),
  });
  const s = data.data;
  const sum = (k: keyof Omit<PartyMemberYear, 'userId' | 'name'>) =>
    (s?.members ?? []).reduce((n, m) => n + m[k], 0);
  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <Space wrap>
        <Select
          value={year}
          onChange={setYear}
          style={{ width: 120 }}
          options={[0, 1, 2, 3].map((d) => ({
            value: thisYear - d,
            label: l('year', { year: thisYear - d }),
          }))}
          data-testid="party-year"
        />
        <Button
          icon={<DownloadOutlined />}
          onClick={() =>
            downloadFile(
              `/api/ledger/party/statement/export?communityId=${community}&year=${year}`,
              `${year}.xlsx`,
            )
          }
        >
          {t('console.ledger.export')}
        </Button>
        {canClose && s && !s.closedAt && (
          <Button
            icon={<LockOutlined />}
            danger
            loading={close.isPending}
            data-testid="party-close"
            onClick={() =>
              Modal.confirm({
                title: l('closeTitle', { year }),
                content: l('closeHint'),
                okText: l('close'),
                okButtonProps: { danger: true },
                onOk: () => close.mutateAsync(),
              })
            }
          >
            {l('close')}
          </Button>
        )}
      </Space>
      {s &&
        (s.closedAt ? (
          <Alert
            type="success"
            showIcon
            title={l('closed', { year, by: s.closedBy ?? '', at: s.closedAt.slice(0, 10) })}
            data-testid="party-closed"
          />
        ) : (
          <Typography.Text type="secondary">{l('open', { year })}</Typography.Text>
        ))}
      <Table<PartyMemberYear>
        rowKey="userId"
        size="small"
        loading={data.isPending}
        dataSource={s?.members}
        pagination={false}
        scroll={{ x: 560 }}
        data-testid="party-members"
        columns={[
          { title: l('member'), dataIndex: 'name' },
          { title: l('base'), dataIndex: 'base', align: 'right' },
          { title: l('task'), dataIndex: 'task', align: 'right' },
          { title: l('reward'), dataIndex: 'reward', align: 'right' },
          {
            title: l('deduction'),
            dataIndex: 'deduction',
            align: 'right',
            render: (d: number) => (d ? <span style={{ color: '#c8102e' }}>−{d}</span> : 0),
          },
          { title: l('total'), dataIndex: 'total', align: 'right', render: (n: number) => <b>{n}</b> },
        ]}
        summary={() =>
          (s?.members.length ?? 0) > 1 ? (
            <Table.Summary.Row>
              <Table.Summary.Cell index={0}>{l('sum')}</Table.Summary.Cell>
              <Table.Summary.Cell index={1} align="right">
                {sum('base')}
              </Table.Summary.Cell>
              <Table.Summary.Cell index={2} align="right">
                {sum('task')}
              </Table.Summary.Cell>
              <Table.Summary.Cell index={3} align="right">
                {sum('reward')}
              </Table.Summary.Cell>
              <Table.Summary.Cell index={4} align="right">
                {sum('deduction') ? `−${sum('deduction')}` : 0}
              </Table.Summary.Cell>
              <Table.Summary.Cell index={5} align="right">
                <b>{sum('total')}</b>
              </Table.Summary.Cell>
            </Table.Summary.Row>
          ) : null
        }
      />
      <Typography.Paragraph type="secondary" style={{ margin: 0 }}>
        {l('how')}
      </Typography.Paragraph>
    </Space>
  );
}
