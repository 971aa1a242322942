import { type AreaDetail, type AreaNode, CHILD_KINDS } from '@doorstep/contract';
import { useQuery } from '@tanstack/react-query';
import { Button, Card, Table, Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import { KindIcon } from './AreaKind';
import { childrenQuery } from './areas.api';

/** The level below the selected node as a list: the view a secretary checks grid by grid. */
export function ChildrenTable({
  area,
  includeArchived,
  onSelect,
}: {
  area: AreaDetail;
  includeArchived: boolean;
  onSelect: (id: number) => void;
}) {
  const { t, i18n } = useTranslation();
  const kinds = CHILD_KINDS[area.kind];
  // No placeholder here: another node's children must never show under this one.
  const children = useQuery({
    ...childrenQuery(area.id, includeArchived),
    enabled: kinds.length > 0,
    placeholderData: undefined,
  });
  if (kinds.length === 0) return null;
  const f = (k: string) => t(`console.areas.fields.${k}`);
  const num = (n?: number) => (n == null ? '—' : n.toLocaleString(i18n.language));
  const showLead = kinds.includes('grid');

  return (
    <Card
      size="small"
      title={
        <h3 className="ds-card-title">
          {t('console.areas.childrenTitle', { kind: kinds.map((k) => t(`kinds.${k}`)).join(' / ') })}
        </h3>
      }
      className="ds-children-card"
    >
      <Table<AreaNode>
        size="small"
        rowKey="id"
        loading={children.isPending}
        dataSource={children.data ?? []}
        pagination={(children.data?.length ?? 0) > 10 ? { pageSize: 10, size: 'small' } : false}
        locale={{ emptyText: t('console.areas.childrenEmpty') }}
        scroll={{ x: 560 }}
        rowClassName={(r) => (r.archived ? 'ds-archived' : '')}
        columns={[
          {
            key: 'name',
            title: f('name'),
            render: (_, r) => (
              <Button type="link" size="small" className="ds-inline-link" onClick={() => onSelect(r.id)}>
                <KindIcon kind={r.kind} /> {r.name}
              </Button>
            ),
          },
          { key: 'code', title: f('code'), dataIndex: 'code', render: (c: string | null) => c ?? '—' },
          ...(showLead
            ? [
                {
                  key: 'lead',
                  title: f('leadWorker'),
                  render: (_: unknown, r: AreaNode) =>
                    r.leadWorker?.name ?? <Tag color="warning">{t('console.areas.none')}</Tag>,
                },
              ]
            : []),
          {
            key: 'households',
            title: f('households'),
            align: 'right',
            render: (_, r) => num(r.properties.households),
          },
          {
            key: 'population',
            title: f('population'),
            align: 'right',
            render: (_, r) => num(r.properties.population),
          },
          {
            key: 'status',
            title: f('status'),
            render: (_, r) =>
              r.archived ? <Tag>{t('console.areas.archived')}</Tag> : t('console.areas.normal'),
          },
        ]}
      />
    </Card>
  );
}
