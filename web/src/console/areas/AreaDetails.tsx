import { UserOutlined } from '@ant-design/icons';
import type { AreaDetail } from '@doorstep/contract';
import { Descriptions, type DescriptionsProps, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { KindTag } from './AreaKind';

// Tighter rows than antd's small size, so details and map fit beside each other on a laptop.
const CELL = { paddingBlock: 5 };

/** The node's ledger facts; for a grid also its lead worker and members (一格一员). */
export function AreaDetails({ area }: { area: AreaDetail }) {
  const { t, i18n } = useTranslation();
  const f = (k: string) => t(`console.areas.fields.${k}`);
  const none = <span className="ds-muted">{t('console.areas.none')}</span>;
  const num = (n: number | undefined, unit: string) =>
    n == null ? none : `${n.toLocaleString(i18n.language)}${unit ? ` ${unit}` : ''}`;
  const p = area.properties;
  const lead = area.members.find((m) => m.role === 'lead') ?? null;
  const members = area.members.filter((m) => m.role === 'member');

  const items: DescriptionsProps['items'] = [
    { key: 'kind', label: f('kind'), children: <KindTag kind={area.kind} /> },
    {
      key: 'code',
      label: f('code'),
      children: area.code ? <Typography.Text copyable>{area.code}</Typography.Text> : none,
    },
    {
      key: 'status',
      label: f('status'),
      children: area.archived ? (
        <Tag>{t('console.areas.archived')}</Tag>
      ) : (
        <Tag color="success">{t('console.areas.normal')}</Tag>
      ),
    },
  ];
  if (area.kind === 'street')
    items.push({ key: 'district', label: f('district'), children: area.district.name });
  if (area.kind === 'grid')
    items.push(
      {
        key: 'lead',
        label: f('leadWorker'),
        children: lead ? (
          <span>
            <UserOutlined /> {lead.name}
            {lead.phoneMasked && <span className="ds-muted"> {lead.phoneMasked}</span>}
          </span>
        ) : (
          <Typography.Text type="warning">{t('console.areas.none')}</Typography.Text>
        ),
      },
      {
        key: 'members',
        label: f('members'),
        children: members.length ? (
          <span className="ds-tag-list">
            {members.map((m) => (
              <Tag key={m.userId}>{m.name}</Tag>
            ))}
          </span>
        ) : (
          none
        ),
      },
    );
  items.push(
    {
      key: 'households',
      label: f('households'),
      children: num(p.households, t('console.areas.unit.households')),
    },
    {
      key: 'population',
      label: f('population'),
      children: num(p.population, t('console.areas.unit.people')),
    },
  );
  if (area.kind !== 'building')
    items.push({
      key: 'buildings',
      label: f('buildings'),
      children: num(p.buildings, t('console.areas.unit.buildings')),
    });
  if (area.kind !== 'building' && area.kind !== 'compound')
    items.push({ key: 'areaKm2', label: f('areaKm2'), children: num(p.areaKm2, '') });
  if (area.kind !== 'building')
    items.push({ key: 'children', label: f('childCount'), children: area.childCount });
  items.push(
    { key: 'address', label: f('address'), children: p.address || none },
    { key: 'note', label: f('note'), children: p.note || none },
  );

  return (
    <Descriptions
      size="small"
      column={1}
      bordered
      items={items}
      className="ds-descriptions"
      styles={{ label: CELL, content: CELL }}
    />
  );
}
