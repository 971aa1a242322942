import { Empty, Tag, Tree } from 'antd';
import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { useElementHeight } from '../../ui/useElementHeight';
import { KindIcon } from './AreaKind';
import type { AreaTreeNode } from './useAreaTree';

interface Props {
  treeData: AreaTreeNode[];
  selectedId: number | null;
  expandedKeys: number[];
  onExpand: (keys: number[]) => void;
  loadChildren: (id: number) => Promise<void>;
  onSelect: (id: number) => void;
}

function NodeTitle({ node }: { node: AreaTreeNode }) {
  const { t } = useTranslation();
  const a = node.area;
  return (
    <span className={a.archived ? 'ds-tree-title ds-archived' : 'ds-tree-title'} title={a.code ?? undefined}>
      <KindIcon kind={a.kind} />
      <span className="ds-tree-name">{a.name}</span>
      {a.kind === 'grid' && a.leadWorker && <span className="ds-tree-meta">{a.leadWorker.name}</span>}
      {a.archived && (
        <Tag className="ds-tree-tag" variant="filled">
          {t('console.areas.archived')}
        </Tag>
      )}
    </span>
  );
}

/** 街道 → 社区 → 网格 → 小区 → 楼栋, loaded a level at a time; virtual so long lists stay fast. */
export function AreaTree({ treeData, selectedId, expandedKeys, onExpand, loadChildren, onSelect }: Props) {
  const { t } = useTranslation();
  const box = useRef<HTMLDivElement>(null);
  const height = useElementHeight(box);
  const tree = useRef<{ scrollTo: (o: { key: number; align?: 'top' | 'bottom' | 'auto' }) => void }>(null);
  const scrolledTo = useRef<number | null>(null);

  // Bring the selected node into view once it appears (after a search, map click or page load).
  useEffect(() => {
    if (selectedId == null || scrolledTo.current === selectedId) return;
    const found = (nodes: AreaTreeNode[] = []): boolean =>
      nodes.some((n) => n.key === selectedId || found(n.children));
    if (!found(treeData)) return;
    scrolledTo.current = selectedId;
    requestAnimationFrame(() => tree.current?.scrollTo({ key: selectedId, align: 'auto' }));
  }, [selectedId, treeData]);

  return (
    <div ref={box} className="ds-tree-box" data-testid="area-tree">
      {treeData.length === 0 ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('console.areas.empty')} />
      ) : (
        <Tree<AreaTreeNode>
          ref={tree as never}
          blockNode
          autoExpandParent={false}
          defaultExpandParent={false}
          showLine={{ showLeafIcon: false }}
          height={height}
          treeData={treeData}
          titleRender={(node) => <NodeTitle node={node} />}
          selectedKeys={selectedId != null ? [selectedId] : []}
          expandedKeys={expandedKeys}
          onExpand={(keys) => onExpand(keys as number[])}
          loadData={(node) => loadChildren(node.key)}
          onSelect={(keys, info) => {
            // Clicking the selected node again keeps it selected instead of clearing the page.
            onSelect(keys.length ? (keys[0] as number) : (info.node.key as number));
          }}
          aria-label={t('console.areas.treeTitle')}
        />
      )}
    </div>
  );
}
