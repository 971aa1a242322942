import type { AreaDetail } from '@doorstep/contract';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { Card, Empty, Spin } from 'antd';
import { lazy, Suspense } from 'react';
import { useTranslation } from 'react-i18next';
import { gridsQuery } from './areas.api';
import { MAP_CRS } from './mapConfig';
import { mapTarget } from './mapTarget';

// Leaflet is only fetched when a map is on screen.
const AreaMap = lazy(() => import('./AreaMap'));

/** The grid map beside the details, with its own loading and empty states. */
export function AreaMapCard({
  area,
  rootIds,
  onSelect,
}: {
  area: AreaDetail;
  rootIds: Set<number>;
  onSelect: (id: number) => void;
}) {
  const { t } = useTranslation();
  const { rootId, highlightId } = mapTarget(area, rootIds);
  const grids = useQuery({ ...gridsQuery(rootId, MAP_CRS), placeholderData: keepPreviousData });
  const count = grids.data?.features.length ?? 0;
  const outline = area.kind === 'community' || area.kind === 'compound' ? area.geometry : null;
  const loading = (
    <div className="ds-map ds-map-loading">
      <Spin description={t('console.areas.map.loading')} />
    </div>
  );

  return (
    <Card
      size="small"
      className="ds-map-card"
      title={<h3 className="ds-card-title">{t('console.areas.mapTitle')}</h3>}
      extra={grids.data && <span className="ds-muted">{t('console.areas.map.gridsCount', { count })}</span>}
    >
      {!grids.data ? (
        loading
      ) : (
        <div className="ds-map-wrap">
          <Suspense fallback={loading}>
            <AreaMap
              grids={grids.data}
              highlightId={highlightId}
              outline={outline}
              onSelectGrid={onSelect}
              label={t('console.areas.map.label')}
            />
          </Suspense>
          {count === 0 && !outline && (
            <div className="ds-map-empty">
              <Empty
                image={Empty.PRESENTED_IMAGE_SIMPLE}
                description={
                  <>
                    <div>{t('console.areas.map.empty')}</div>
                    <div className="ds-muted">{t('console.areas.map.emptyHint')}</div>
                  </>
                }
              />
            </div>
          )}
        </div>
      )}
    </Card>
  );
}
