import type { RequestSummary } from '@doorstep/contract';
import { Spin } from 'antd';
import { lazy, Suspense, useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import type { GridCollection } from '../areas/areas.api';
import type { MapPoint } from './RequestMap';
import { useCategoryName } from './vocabulary';

// Leaflet is only fetched when the map is on screen.
const RequestMap = lazy(() => import('./RequestMap'));

const COLOURS = {
  breached: '#7a0916',
  red: '#d4380d',
  yellow: '#d89614',
  normal: '#1d4e89',
  done: '#2f7d0a',
  closed: '#8c8c8c',
} as const;

function colourOf(r: RequestSummary): keyof typeof COLOURS {
  if (r.status === 'closed') return 'closed';
  if (r.warning) return r.warning;
  if (r.status === 'handled' || r.status === 'verified') return 'done';
  return 'normal';
}

/**
 * The listed requests on the map. The list carries no coordinates, so each request's detail gives its
 * point (they are cached for opening it too); one without a point stands at its grid's centre.
 */
export function RequestMapCard({
  items,
  grids,
  selectedId,
  onOpen,
}: {
  items: RequestSummary[];
  grids: GridCollection;
  selectedId: number | null;
  onOpen: (id: number) => void;
}) {
  const { t } = useTranslation();
  const m = (k: string, o?: Record<string, unknown>) => t(`console.requests.map.${k}`, o);
  const categoryName = useCategoryName();
  const gridIds = new Set(grids.features.map((f) => f.properties.id));

  // the list carries each request's point (WGS-84), so the map needs no further calls
  const points = useMemo<MapPoint[]>(
    () =>
      items.map((r) => {
        return {
          id: r.id,
          lng: r.lng,
          lat: r.lat,
          gridId: r.gridId,
          communityName: r.communityName,
          colour: COLOURS[colourOf(r)],
          label: `${r.publicNo} · ${categoryName(r.categoryCode, r.categoryName)} · ${t(`console.requests.status.${r.status}`)}`,
        };
      }),
    [items, categoryName, t],
  );
  // placed exactly, at their grid's or community's centre, or nowhere (no place the map knows)
  const communities = new Set(grids.features.map((f) => f.properties.communityName));
  const placed = (p: MapPoint) =>
    (p.gridId != null && gridIds.has(p.gridId)) ||
    (p.communityName != null && communities.has(p.communityName));
  const approximate = points.filter((p) => p.lng == null && placed(p)).length;
  const unplaced = points.filter((p) => p.lng == null && !placed(p)).length;
  const spinner = (
    <div className="ds-map ds-map-loading">
      <Spin description={m('loading')} />
    </div>
  );
  const legend: (keyof typeof COLOURS)[] = ['normal', 'yellow', 'red', 'breached', 'done', 'closed'];

  return (
    <div className="ds-req-map-card">
      <section className="ds-req-map-legend" aria-label={m('legend')}>
        <span className="ds-req-map-count">{m('shown', { count: items.length })}</span>
        <ul>
          {legend.map((k) => (
            <li key={k}>
              <span className="ds-req-swatch" style={{ background: COLOURS[k] }} aria-hidden />
              {k === 'normal'
                ? m('normal')
                : k === 'closed'
                  ? m('closed')
                  : k === 'done'
                    ? t('console.requests.status.handled')
                    : t(`console.requests.warning.${k}`)}
            </li>
          ))}
        </ul>
        {approximate > 0 && <span className="ds-muted">{m('approximate', { count: approximate })}</span>}
        {unplaced > 0 && <span className="ds-muted">{m('noPlace', { count: unplaced })}</span>}
      </section>
      <div className="ds-map-wrap ds-req-map-wrap">
        <Suspense fallback={spinner}>
          <RequestMap
            grids={grids}
            points={points}
            selectedId={selectedId}
            onOpen={onOpen}
            label={m('label')}
          />
        </Suspense>
      </div>
    </div>
  );
}
