import type { AreaNode } from '@doorstep/contract';
import { TreeSelect } from 'antd';
import { useEffect, useState } from 'react';
import { areaChildren } from './records.api';

interface TreeNode {
  id: number;
  pId: number | null;
  value: number;
  title: string;
  /** 龙腾社区 / 第1网格 / 聚金万佳苑 / 1栋, shown once chosen */
  full: string;
  kind: string;
  isLeaf: boolean;
  selectable: boolean;
}

/**
 * A place in the area tree, loaded level by level: the kinds in `kinds` can be chosen (a unit or a 部件 sits on a
 * building, or on its grid when it has no building).
 */
export function AreaPicker({
  value,
  onChange,
  kinds,
  placeholder,
  id,
  testId,
  currentLabel,
}: {
  value?: number | null;
  onChange?: (id: number | null, full: string | null, kind: string | null) => void;
  kinds: string[];
  placeholder?: string;
  id?: string;
  testId?: string;
  /** how to show `value` before the tree has loaded down to it */
  currentLabel?: string;
}) {
  const [nodes, setNodes] = useState<TreeNode[]>([]);
  const toNode = (a: AreaNode, parent?: TreeNode): TreeNode => ({
    id: a.id,
    pId: parent?.id ?? null,
    value: a.id,
    title: a.name,
    full: parent ? `${parent.full} / ${a.name}` : a.name,
    kind: a.kind,
    isLeaf: a.kind === 'building' || a.childCount === 0,
    selectable: kinds.includes(a.kind),
  });
  // biome-ignore lint/correctness/useExhaustiveDependencies: the roots once
  useEffect(() => {
    void areaChildren().then((items) => setNodes(items.map((a) => toNode(a))));
  }, []);
  const loadData = async (node: { value?: unknown }) => {
    const parent = nodes.find((n) => n.id === node.value);
    if (!parent) return;
    const items = await areaChildren(parent.id);
    setNodes((old) => [
      ...old,
      ...items.filter((a) => !old.some((n) => n.id === a.id)).map((a) => toNode(a, parent)),
    ]);
  };
  return (
    <TreeSelect<number>
      id={id}
      treeDataSimpleMode
      treeData={
        value && currentLabel && !nodes.some((n) => n.id === value)
          ? [
              ...nodes,
              {
                id: value,
                pId: null,
                value,
                title: currentLabel,
                full: currentLabel,
                kind: '',
                isLeaf: true,
                selectable: true,
              },
            ]
          : nodes
      }
      loadData={loadData}
      value={value ?? undefined}
      treeNodeLabelProp="full"
      placeholder={placeholder}
      popupMatchSelectWidth={false}
      allowClear
      style={{ width: '100%' }}
      onChange={(v) => {
        const node = nodes.find((n) => n.id === v);
        onChange?.(node?.id ?? null, node?.full ?? null, node?.kind || null);
      }}
      data-testid={testId}
    />
  );
}
