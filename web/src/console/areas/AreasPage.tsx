import { useQuery } from '@tanstack/react-query';
import { Breadcrumb, Button, Card, Empty, Result, Switch, Tag } from 'antd';
import { useCallback, useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate, useParams } from 'react-router';
import { ApiError } from '../../app/api';
import { ImportToolbar } from '../imports/ImportToolbar';
import { PageSpinner } from '../shell/SuspensePage';
import { AddChildModal } from './AddChildModal';
import { AreaActions, type AreaModal } from './AreaActions';
import { AreaDetails } from './AreaDetails';
import { KindIcon } from './AreaKind';
import { AreaMapCard } from './AreaMapCard';
import { AreaSearch } from './AreaSearch';
import { AreaTree } from './AreaTree';
import { detailQuery } from './areas.api';
import { ChildrenTable } from './ChildrenTable';
import { EditAreaModal } from './EditAreaModal';
import { MoveAreaModal } from './MoveAreaModal';
import { visibleAncestorIds } from './mapTarget';
import { useAreaTree } from './useAreaTree';
import { WorkersModal } from './WorkersModal';

/** 区域与网格: the tree on the left; breadcrumb, details, grid map and the level below on the right. */
export default function AreasPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const params = useParams();
  const selectedId = params.areaId && /^\d+$/.test(params.areaId) ? Number(params.areaId) : null;
  const [includeArchived, setIncludeArchived] = useState(false);
  const [modal, setModal] = useState<AreaModal | null>(null);
  const tree = useAreaTree(includeArchived);
  const roots = tree.roots.data;
  const rootIds = useMemo(() => new Set((roots ?? []).map((r) => r.id)), [roots]);
  const select = useCallback((id: number) => navigate(`/areas/${id}`), [navigate]);
  const detail = useQuery({ ...detailQuery(selectedId ?? 0), enabled: selectedId != null });
  const area = detail.data;

  // No node in the URL: start at the user's own top node (their community, street or grid).
  useEffect(() => {
    if (selectedId == null && roots?.[0]) navigate(`/areas/${roots[0].id}`, { replace: true });
  }, [selectedId, roots, navigate]);

  const { revealPath } = tree;
  useEffect(() => {
    if (area) revealPath(area.ancestors.map((a) => a.id));
  }, [area, revealPath]);

  const canImport = (roots ?? []).some((r) => r.policies.canImport);
  const openable = area ? visibleAncestorIds(area, rootIds) : new Set<number>();

  const main = (() => {
    if (selectedId == null || (detail.isPending && !detail.isError))
      return roots && roots.length === 0 ? <Empty description={t('console.areas.empty')} /> : <PageSpinner />;
    if (detail.isError)
      return (
        <Result
          status={detail.error instanceof ApiError && detail.error.status === 404 ? '404' : 'warning'}
          title={detail.error instanceof ApiError ? detail.error.userMessage : t('console.errors.loadFailed')}
          extra={<Button onClick={() => detail.refetch()}>{t('console.errors.retry')}</Button>}
        />
      );
    if (!area) return null;
    return (
      <>
        <Breadcrumb
          className="ds-breadcrumb"
          items={[
            ...area.ancestors.map((a) => ({
              key: a.id,
              title: openable.has(a.id) ? (
                <a
                  href={`/areas/${a.id}`}
                  onClick={(e) => {
                    e.preventDefault();
                    select(a.id);
                  }}
                >
                  {a.name}
                </a>
              ) : (
                a.name
              ),
            })),
            { key: area.id, title: area.name },
          ]}
        />
        <div className="ds-area-head">
          <h2 className="ds-area-title">
            <KindIcon kind={area.kind} />
            <span>{area.name}</span>
            {area.archived && <Tag>{t('console.areas.archived')}</Tag>}
            {area.code && <span className="ds-area-code">{area.code}</span>}
          </h2>
          <AreaActions area={area} onOpen={setModal} />
        </div>
        <div className="ds-area-grid">
          <Card size="small" title={<h3 className="ds-card-title">{t('console.areas.detailTitle')}</h3>}>
            <AreaDetails area={area} />
          </Card>
          <AreaMapCard area={area} rootIds={rootIds} onSelect={select} />
        </div>
        <ChildrenTable area={area} includeArchived={includeArchived} onSelect={select} />
      </>
    );
  })();

  return (
    <div className="ds-page ds-areas-page">
      <header className="ds-page-head">
        <h1 className="ds-page-title">{t('console.areas.pageTitle')}</h1>
        <ImportToolbar rootId={selectedId ?? undefined} rootName={area?.name} canImport={canImport} />
      </header>
      <div className="ds-areas-body">
        <Card
          size="small"
          className="ds-tree-card"
          title={<h2 className="ds-card-title">{t('console.areas.treeTitle')}</h2>}
          extra={
            <span className="ds-switch-label">
              <Switch
                id="show-archived"
                size="small"
                checked={includeArchived}
                onChange={setIncludeArchived}
              />
              <label htmlFor="show-archived">{t('console.areas.showArchived')}</label>
            </span>
          }
        >
          <AreaSearch onSelect={select} />
          <AreaTree
            treeData={tree.treeData}
            selectedId={selectedId}
            expandedKeys={tree.expandedKeys}
            onExpand={tree.setExpandedKeys}
            loadChildren={tree.loadChildren}
            onSelect={select}
          />
        </Card>
        <section className="ds-area-main" data-testid="area-detail">
          {main}
        </section>
      </div>
      {area && modal === 'edit' && <EditAreaModal area={area} onClose={() => setModal(null)} />}
      {area && modal === 'add' && (
        <AddChildModal
          parent={area}
          onClose={() => setModal(null)}
          onCreated={(id) => {
            setModal(null);
            select(id);
          }}
        />
      )}
      {area && modal === 'move' && <MoveAreaModal area={area} onClose={() => setModal(null)} />}
      {area && modal === 'workers' && <WorkersModal area={area} onClose={() => setModal(null)} />}
    </div>
  );
}
