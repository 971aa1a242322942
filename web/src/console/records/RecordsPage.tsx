import { EyeOutlined, FileExcelOutlined, UploadOutlined } from '@ant-design/icons';
import type { PersonDetail, PersonSummary, Residence } from '@doorstep/contract';
import { useQuery } from '@tanstack/react-query';
import {
  Alert,
  App,
  Button,
  Card,
  Descriptions,
  Drawer,
  Input,
  Select,
  Space,
  Table,
  Tabs,
  Tag,
  Typography,
} from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate, useParams } from 'react-router';
import { ApiError, api } from '../../app/api';
import { useMe } from '../../app/queries';
import { FiguresTab } from './FiguresTab';
import { HousesTab } from './HousesTab';
import { RosterExport } from './RosterExport';
import { downloadRosterTemplate, RosterImport } from './RosterImport';
import { recordsRights, tagsQuery } from './records.api';
import { TagsTab } from './TagsTab';
import { ThingsTab } from './ThingsTab';
import { UnitsTab } from './UnitsTab';
import { useUnmask } from './Unmask';
import './i18n';
import './records.css';

interface Page {
  items: PersonSummary[];
  total: number;
}
interface Unmasked {
  idNumber: string | null;
  phone: string | null;
  expiresAt: string;
}

const TABS = ['people', 'houses', 'units', 'things', 'figures', 'tags'] as const;
type TabKey = (typeof TABS)[number];

/**
 * 人房企事物台账: the people roster, houses by building, units and merchants, things (部件), group figures and the
 * tag list, one tab each (/records/:tab).
 */
export default function RecordsPage() {
  const { t } = useTranslation();
  const { tab } = useParams();
  const navigate = useNavigate();
  const rights = recordsRights(useMe().data ?? undefined);
  const active: TabKey = TABS.includes(tab as TabKey) ? (tab as TabKey) : 'people';
  return (
    <Card className="ds-records" styles={{ body: { paddingTop: 4 } }}>
      <Tabs
        activeKey={active}
        onChange={(k) => navigate(k === 'people' ? '/records' : `/records/${k}`)}
        destroyOnHidden
        items={[
          { key: 'people', label: t('console.records.tabs.people'), children: <PeopleTab rights={rights} /> },
          {
            key: 'houses',
            label: t('console.records.tabs.houses'),
            children: <HousesTab canEdit={rights.edit} />,
          },
          {
            key: 'units',
            label: t('console.records.tabs.units'),
            children: <UnitsTab rights={rights} />,
          },
          {
            key: 'things',
            label: t('console.records.tabs.things'),
            children: <ThingsTab rights={rights} />,
          },
          { key: 'figures', label: t('console.records.tabs.figures'), children: <FiguresTab /> },
          {
            key: 'tags',
            label: t('console.records.tabs.tags'),
            children: <TagsTab canManage={rights.manageTags} />,
          },
        ]}
      />
    </Card>
  );
}

/** 人员: search by name or address, exact ID number / phone, tag filter; import, export; a drawer with masked data. */
function PeopleTab({ rights }: { rights: ReturnType<typeof recordsRights> }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const r = (k: string, o?: Record<string, unknown>) => t(`console.records.${k}`, o);
  const [q, setQ] = useState('');
  const [exact, setExact] = useState('');
  const [tagId, setTagId] = useState<number | undefined>();
  const [page, setPage] = useState(1);
  const [open, setOpen] = useState<number | null>(null);
  const [importing, setImporting] = useState(false);
  const params = new URLSearchParams();
  if (q) params.set('q', q);
  if (exact) params.set(/^1\d{10}$/.test(exact) ? 'phone' : 'idNumber', exact);
  if (tagId) params.set('tagId', String(tagId));
  const filters: Record<string, string | number> = Object.fromEntries(params);
  if (tagId) filters.tagId = tagId;
  params.set('page', String(page));
  const list = useQuery({
    queryKey: ['records', 'people', params.toString()],
    queryFn: () => api<Page>(`/api/records/people?${params}`),
  });
  const tags = useQuery(tagsQuery());
  const template = () =>
    downloadRosterTemplate().catch((e) =>
      message.error(e instanceof ApiError ? e.userMessage : t('common.networkError')),
    );

  return (
    <>
      <div className="ds-records-toolbar">
        <Typography.Title level={5} className="ds-records-title">
          {r('title')}
        </Typography.Title>
        <Space wrap>
          {rights.import && (
            <>
              <Button icon={<FileExcelOutlined />} onClick={template} data-testid="records-template">
                {r('template')}
              </Button>
              <Button
                type="primary"
                icon={<UploadOutlined />}
                onClick={() => setImporting(true)}
                data-testid="records-import"
              >
                {r('import')}
              </Button>
            </>
          )}
          <RosterExport filters={filters} canClear={rights.unmask} />
        </Space>
      </div>
      <Space wrap style={{ marginBottom: 12 }}>
        <Input.Search
          allowClear
          placeholder={r('search')}
          onSearch={(v) => {
            setQ(v.trim());
            setPage(1);
          }}
          style={{ width: 280 }}
          data-testid="records-search"
        />
        <Input.Search
          allowClear
          placeholder={r('exact')}
          onSearch={(v) => {
            setExact(v.trim());
            setPage(1);
          }}
          style={{ width: 240 }}
        />
        <Select
          allowClear
          placeholder={r('allTags')}
          style={{ width: 180 }}
          value={tagId}
          onChange={(v) => {
            setTagId(v);
            setPage(1);
          }}
          options={(tags.data ?? [])
            .filter((x) => !x.archived)
            .map((x) => ({ value: x.id, label: `${x.name}（${x.people}）` }))}
          aria-label={r('tag')}
        />
      </Space>
      <Table<PersonSummary>
        rowKey="id"
        size="middle"
        loading={list.isLoading}
        dataSource={list.data?.items}
        scroll={{ x: 760 }}
        onRow={(p) => ({ onClick: () => setOpen(p.id), style: { cursor: 'pointer' } })}
        pagination={{
          current: page,
          pageSize: 20,
          total: list.data?.total,
          onChange: setPage,
          showSizeChanger: false,
          showTotal: (n) => r('total', { n }),
        }}
        columns={[
          { title: r('name'), dataIndex: 'name', fixed: 'left', width: 90 },
          {
            title: r('gender'),
            dataIndex: 'gender',
            width: 76,
            render: (g: string | null) => (g ? r(g) : ''),
          },
          { title: r('idNumber'), dataIndex: 'idNumber', width: 180, render: (v) => <code>{v}</code> },
          { title: r('phone'), dataIndex: 'phone', width: 130, render: (v) => <code>{v}</code> },
          {
            title: r('residence'),
            dataIndex: 'residence',
            width: 80,
            render: (v: Residence) => r(`res.${v}`),
          },
          { title: r('address'), key: 'address', render: (_, p) => p.address?.label ?? p.area.name },
          {
            title: r('tags'),
            key: 'tags',
            render: (_, p) =>
              p.tags.map((x) => (
                <Tag key={x.id} color="orange">
                  {x.name}
                </Tag>
              )),
          },
        ]}
      />
      {open && <PersonDrawer id={open} onClose={() => setOpen(null)} />}
      {importing && <RosterImport onClose={() => setImporting(false)} />}
    </>
  );
}

function PersonDrawer({ id, onClose }: { id: number; onClose: () => void }) {
  const { t } = useTranslation();
  const r = (k: string, o?: Record<string, unknown>) => t(`console.records.${k}`, o);
  const person = useQuery({
    queryKey: ['records', 'person', id],
    queryFn: () => api<PersonDetail>(`/api/records/people/${id}`),
  });
  const { clear, until, ask, dialog } = useUnmask<Unmasked>(`/api/records/people/${id}/unmask`, {
    title: r('unmaskTitle', { name: person.data?.name }),
    hint: r('unmaskHint'),
    placeholder: r('purposePlaceholder'),
    purposeTestId: 'unmask-purpose',
  });
  const p = person.data;
  return (
    <Drawer open onClose={onClose} title={p?.name} width="min(520px, 100vw)" loading={person.isLoading}>
      {p && (
        <>
          <Descriptions column={1} size="small" bordered>
            <Descriptions.Item label={r('gender')}>{p.gender ? r(p.gender) : '—'}</Descriptions.Item>
            <Descriptions.Item label={r('birthDate')}>{p.birthDate ?? '—'}</Descriptions.Item>
            <Descriptions.Item label={r('idNumber')}>
              <code data-testid="person-id-number">{clear?.idNumber ?? p.idNumber ?? '—'}</code>
            </Descriptions.Item>
            <Descriptions.Item label={r('phone')}>
              <code data-testid="person-phone">{clear?.phone ?? p.phone ?? '—'}</code>
            </Descriptions.Item>
            <Descriptions.Item label={r('residence')}>{r(`res.${p.residence}`)}</Descriptions.Item>
            <Descriptions.Item label={r('address')}>{p.address?.label ?? p.area.name}</Descriptions.Item>
            <Descriptions.Item label={r('tags')}>
              {p.tags.length ? p.tags.map((x) => <Tag key={x.id}>{x.name}</Tag>) : '—'}
            </Descriptions.Item>
            <Descriptions.Item label={r('houses')}>
              {p.houses.map((h) => (
                <div key={h.id}>
                  {h.label}（{r(h.role)}）
                </div>
              ))}
            </Descriptions.Item>
          </Descriptions>
          {p.linkedAccount && <Typography.Paragraph type="secondary">{r('linked')}</Typography.Paragraph>}
          <div style={{ marginTop: 16 }}>
            {clear ? (
              <Alert type="warning" showIcon title={until} />
            ) : p.canUnmask ? (
              <Button icon={<EyeOutlined />} onClick={ask} data-testid="unmask-button">
                {r('unmask')}
              </Button>
            ) : (
              <Typography.Text type="secondary">{r('noUnmask')}</Typography.Text>
            )}
          </div>
          {dialog}
        </>
      )}
    </Drawer>
  );
}
