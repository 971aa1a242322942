import { EditOutlined, PlusOutlined } from '@ant-design/icons';
import { PARTY_CHILD_KINDS } from '@doorstep/contract';
import { useQuery } from '@tanstack/react-query';
import { Button, Card, Result, Space, Table, Tag } from 'antd';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../app/api';
import { type PartyModalState, PartyOrgModal } from './PartyOrgModal';
import { type PartyOrgKind, type PartyOrgRow, partyOrgsQuery, toTree } from './party.api';

const KIND_COLORS: Record<PartyOrgKind, string> = {
  working_committee: '#a8071a',
  community_committee: '#c8102e',
  grid_branch: '#d4380d',
  building_group: '#ad6800',
  non_public_branch: '#531dab',
};

const allIds = (rows: PartyOrgRow[]): number[] => rows.flatMap((r) => [r.id, ...allIds(r.children ?? [])]);

/** 党组织: the party organisation tree beside the area tree, editable where the user may. */
export default function PartyOrgsPage() {
  const { t, i18n } = useTranslation();
  const p = (k: string, o?: Record<string, unknown>) => t(`console.party.${k}`, o);
  const orgs = useQuery(partyOrgsQuery);
  const rows = useMemo(() => toTree(orgs.data ?? []), [orgs.data]);
  const [expanded, setExpanded] = useState<number[] | null>(null);
  const [modal, setModal] = useState<PartyModalState | null>(null);
  const expandedKeys = expanded ?? allIds(rows);

  if (orgs.isError)
    return (
      <Result
        status="warning"
        title={orgs.error instanceof ApiError ? orgs.error.userMessage : t('console.errors.loadFailed')}
        extra={<Button onClick={() => orgs.refetch()}>{t('console.errors.retry')}</Button>}
      />
    );

  return (
    <div className="ds-page">
      <header className="ds-page-head">
        <h1 className="ds-page-title">{p('pageTitle')}</h1>
        <Space>
          <Button onClick={() => setExpanded(allIds(rows))}>{p('expandAll')}</Button>
          <Button onClick={() => setExpanded([])}>{p('collapseAll')}</Button>
        </Space>
      </header>
      <p className="ds-page-intro">
        {p('intro')} <span className="ds-muted">· {p('summary', { orgs: orgs.data?.length ?? 0 })}</span>
      </p>
      <Card size="small">
        <Table<PartyOrgRow>
          rowKey="id"
          size="middle"
          loading={orgs.isPending}
          dataSource={rows}
          pagination={false}
          scroll={{ x: 760 }}
          locale={{ emptyText: p('empty') }}
          expandable={{
            expandedRowKeys: expandedKeys,
            onExpandedRowsChange: (keys) => setExpanded(keys as number[]),
            indentSize: 20,
          }}
          columns={[
            { key: 'name', title: p('columns.name'), dataIndex: 'name' },
            {
              key: 'kind',
              title: p('columns.kind'),
              width: 170,
              render: (_, o) => (
                <Tag color={KIND_COLORS[o.kind]} variant="outlined">
                  {p(`kinds.${o.kind}`)}
                </Tag>
              ),
            },
            {
              key: 'area',
              title: p('columns.area'),
              width: 160,
              render: (_, o) => o.areaName ?? <span className="ds-muted">—</span>,
            },
            {
              key: 'members',
              title: p('columns.members'),
              width: 100,
              align: 'right',
              render: (_, o) => o.memberCount.toLocaleString(i18n.language),
            },
            {
              key: 'actions',
              title: p('columns.actions'),
              width: 210,
              render: (_, o) =>
                o.canEdit && (
                  <Space size={4}>
                    {PARTY_CHILD_KINDS[o.kind].length > 0 && (
                      <Button
                        size="small"
                        type="link"
                        icon={<PlusOutlined />}
                        onClick={() => setModal({ mode: 'add', parent: o })}
                      >
                        {p('addChild')}
                      </Button>
                    )}
                    <Button
                      size="small"
                      type="link"
                      icon={<EditOutlined />}
                      onClick={() => setModal({ mode: 'edit', org: o })}
                    >
                      {p('edit')}
                    </Button>
                  </Space>
                ),
            },
          ]}
        />
      </Card>
      {modal && <PartyOrgModal state={modal} onClose={() => setModal(null)} />}
    </div>
  );
}
