import type { AreaNode } from '@doorstep/contract';
import { useQuery } from '@tanstack/react-query';
import { Card, DatePicker, Select, Space, Tabs } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate, useParams } from 'react-router';
import { api } from '../../app/api';
import { BriefTab } from './BriefTab';
import { DashboardTab } from './DashboardTab';
import { MonthlyReport } from './MonthlyReport';
import { FiguresTab } from './OpenTabs';
import { HotspotsTab, PortraitTab } from './PortraitTab';
import { ScoringTab } from './ScoringTab';
import './i18n';
import './insights.css';

/** The staff member's areas: their streets and communities, and the communities of their streets. */
export function useAreas() {
  return useQuery({
    queryKey: ['insights', 'areas'],
    queryFn: async () => {
      const roots = (await api<{ items: AreaNode[] }>('/api/areas')).items.filter((a) =>
        ['street', 'community', 'grid'].includes(a.kind),
      );
      const out: AreaNode[] = [];
      for (const r of roots) {
        out.push(r);
        if (r.kind === 'street')
          out.push(
            ...(await api<{ items: AreaNode[] }>(`/api/areas?parentId=${r.id}`)).items.filter(
              (a) => a.kind === 'community',
            ),
          );
      }
      return out;
    },
  });
}

const TABS = ['dashboard', 'brief', 'portrait', 'hotspots', 'figures', 'scoring'] as const;
type TabKey = (typeof TABS)[number];
export type Period = [Dayjs, Dayjs];

/** 数据应用: dashboards, the morning brief and its loop, the data portrait and hot spots. */
export default function InsightsPage() {
  const { t } = useTranslation();
  const l = (k: string) => t(`console.insights.${k}`);
  const { tab } = useParams();
  const navigate = useNavigate();
  const areas = useAreas();
  const [area, setArea] = useState<number>();
  const [extra, setExtra] = useState<{ id: number; name: string }>();
  const [period, setPeriod] = useState<Period>([dayjs().subtract(364, 'day'), dayjs()]);
  useEffect(() => {
    if (area === undefined && areas.data?.[0]) {
      // a community first when the user has one (龙腾社区 for its secretary), else the street
      setArea((areas.data.find((a) => a.kind === 'community') ?? areas.data[0]).id);
    }
  }, [areas.data, area]);
  const active: TabKey = TABS.includes(tab as TabKey) ? (tab as TabKey) : 'dashboard';
  const options = (areas.data ?? []).map((a) => ({
    value: a.id,
    label: a.kind === 'street' ? a.name : `　${a.name}`,
  }));
  if (extra && !options.some((o) => o.value === extra.id))
    options.push({ value: extra.id, label: `　　${extra.name}` });
  const communities = (areas.data ?? []).filter((a) => a.kind === 'community');
  const picker = (
    <Space wrap className="ds-insights-filters">
      {
        <>
          <span>{l('area')}</span>
          <Select
            style={{ minWidth: 180 }}
            value={area}
            onChange={(v) => setArea(v)}
            aria-label={l('area')}
            loading={areas.isPending}
            options={options}
            data-testid="insights-area"
          />
        </>
      }
      {(active === 'dashboard' || active === 'portrait') && (
        <>
          <span>{l('period')}</span>
          <DatePicker.RangePicker
            value={period}
            allowClear={false}
            onChange={(v) => v?.[0] && v[1] && setPeriod([v[0], v[1]])}
          />
        </>
      )}
      {active === 'dashboard' && (
        <MonthlyReport communityId={communities.some((c) => c.id === area) ? area : undefined} />
      )}
    </Space>
  );
  const body = (k: TabKey) => {
    if (k !== active) return null;
    if (k === 'brief') return <BriefTab communities={communities} loading={areas.isPending} />;
    if (area === undefined) return null;
    if (k === 'dashboard')
      return (
        <DashboardTab
          areaId={area}
          period={period}
          onDrill={(id, name) => {
            setExtra({ id, name });
            setArea(id);
          }}
        />
      );
    if (k === 'figures')
      return (
        <FiguresTab
          community={(areas.data ?? []).find((a) => a.id === area && a.kind === 'community')}
          streetAdmin={(areas.data ?? []).some((a) => a.kind === 'street')}
        />
      );
    if (k === 'portrait') return <PortraitTab areaId={area} period={period} />;
    if (k === 'scoring') return <ScoringTab areaId={area} />;
    return <HotspotsTab areaId={area} />;
  };
  return (
    <Card className="ds-insights">
      <Tabs
        activeKey={active}
        onChange={(k) => navigate(k === 'dashboard' ? '/insights' : `/insights/${k}`)}
        items={TABS.map((k) => ({
          key: k,
          label: l(`tabs.${k}`),
          children: (
            <>
              {k !== 'brief' && picker}
              {body(k)}
            </>
          ),
        }))}
      />
    </Card>
  );
}
