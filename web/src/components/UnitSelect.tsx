import { TreeSelect } from 'antd';
import { useMemo } from 'react';
import type { UnitView } from '../../../common/schemas/org';
import { api } from '../api/client';
import { useLoad } from './useLoad';

export interface TreeNode {
  value: string;
  title: string;
  key: string;
  unit: UnitView;
  children: TreeNode[];
}

/** Builds a tree from the flat subtree list; the user's own unit is the root. */
export function buildTree(units: UnitView[]): TreeNode[] {
  const byId = new Map(units.map((u) => [u.id, { value: u.id, key: u.id, title: u.archived ? `${u.name}(已归档)` : u.name, unit: u, children: [] as TreeNode[] }]));
  const roots: TreeNode[] = [];
  for (const node of byId.values()) {
    const parent = node.unit.parentId ? byId.get(node.unit.parentId) : undefined;
    if (parent) parent.children.push(node);
    else roots.push(node);
  }
  return roots;
}

export function useUnitTree(includeArchived = false) {
  const load = useLoad(() => api.unitTree(includeArchived), [includeArchived]);
  const tree = useMemo(() => buildTree(load.data?.items ?? []), [load.data]);
  return { ...load, units: load.data?.items ?? [], tree };
}

export function UnitSelect(props: { value?: string; onChange?: (v: string) => void; multiple?: boolean; placeholder?: string; allowClear?: boolean; id?: string }) {
  const { tree } = useUnitTree();
  return (
    <TreeSelect
      id={props.id}
      value={props.value as any}
      onChange={props.onChange as any}
      treeData={tree}
      multiple={props.multiple}
      allowClear={props.allowClear}
      showSearch
      treeNodeFilterProp="title"
      treeDefaultExpandAll={false}
      treeDefaultExpandedKeys={tree.map((n) => n.key)}
      placeholder={props.placeholder ?? '请选择单位'}
      style={{ width: '100%' }}
      popupMatchSelectWidth={false}
    />
  );
}
