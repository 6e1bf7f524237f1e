import type { Org } from '@tongxing/contracts';
import { TreeSelect } from 'antd';
import { useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useOrgTreeLevels } from '../use-org-tree';
import { OrgKindTag } from './org-kind-tag';

interface FlatNode {
  id: number;
  pId: number | 0;
  value: number;
  title: string;
  isLeaf: boolean;
  disabled: boolean;
  org: Org;
}

interface BaseProps {
  placeholder?: string;
  allowClear?: boolean;
  style?: React.CSSProperties;
  /** Units that may not be chosen (e.g. the unit being moved and everything under it). */
  isDisabled?: (org: Org) => boolean;
  'data-testid'?: string;
}

type Props =
  | (BaseProps & { multiple?: false; value?: number | null; onChange?: (value: number | undefined) => void })
  | (BaseProps & { multiple: true; value?: number[]; onChange?: (value: number[]) => void });

/**
 * A unit picker over my scope, loading one level at a time. Units already chosen (an account's unit,
 * a role's units) are revealed on open so the field shows their names, not bare ids.
 */
export function OrgTreeSelect(props: Props) {
  const { t } = useTranslation();
  const levels = useOrgTreeLevels();
  const { roots, children, reveal } = levels;
  const [expanded, setExpanded] = useState<number[]>([]);
  const chosen = props.multiple ? (props.value ?? []) : props.value ? [props.value] : [];
  const chosenKey = chosen.join(',');
  const isDisabled = props.isDisabled;

  const nodes = useMemo(() => {
    const list: FlatNode[] = [];
    const add = (items: Org[], parent: number) => {
      for (const org of items) {
        list.push({
          id: org.id,
          pId: parent,
          value: org.id,
          title: org.name,
          isLeaf: org.childCount === 0,
          disabled: isDisabled?.(org) ?? false,
          org,
        });
        const level = children.get(org.id);
        if (level) add(level.items, org.id);
      }
    };
    add(roots ?? [], 0);
    return list;
  }, [roots, children, isDisabled]);

  const known = useRef(new Set<number>());
  useEffect(() => {
    known.current = new Set(nodes.map((n) => n.id));
  }, [nodes]);

  // Only when the chosen ids change (not when the tree grows as a result of revealing them).
  useEffect(() => {
    if (!roots) return;
    const missing = chosenKey
      .split(',')
      .filter((s) => s !== '')
      .map(Number)
      .filter((id) => !known.current.has(id));
    for (const id of missing) {
      reveal(id)
        .then((path) => {
          if (path) setExpanded((keys) => [...new Set([...keys, ...path])]);
        })
        .catch(() => undefined);
    }
  }, [chosenKey, roots, reveal]);

  const common = {
    treeDataSimpleMode: { id: 'id', pId: 'pId', rootPId: 0 },
    treeData: nodes,
    treeExpandedKeys: expanded,
    onTreeExpand: (keys: React.Key[]) => setExpanded(keys.map(Number)),
    treeLoadedKeys: [...children.keys()],
    loadData: (node: { value?: unknown; isLeaf?: boolean }) => (typeof node.value === 'number' && !node.isLeaf ? levels.loadLevel(node.value) : Promise.resolve()),
    // Also called for a chosen value not loaded yet, which has no `org`: show the bare title then.
    treeTitleRender: (node: Partial<FlatNode>) =>
      node.org ? (
        <span className={node.org.status === 'inactive' ? 'tx-inactive' : undefined}>
          {node.title} <OrgKindTag kind={node.org.kind} compact />
        </span>
      ) : (
        node.title
      ),
    showSearch: { treeNodeFilterProp: 'title' },
    placeholder: props.placeholder ?? t('common.chooseUnit'),
    allowClear: props.allowClear ?? true,
    style: { minWidth: 220, ...props.style },
    popupMatchSelectWidth: 380,
    listHeight: 360,
    'data-testid': props['data-testid'],
  };

  if (props.multiple) {
    return <TreeSelect<number[], FlatNode> {...common} multiple value={props.value ?? []} onChange={(v) => props.onChange?.(v ?? [])} maxTagCount="responsive" />;
  }
  return <TreeSelect<number | undefined, FlatNode> {...common} value={props.value ?? undefined} onChange={(v) => props.onChange?.(v ?? undefined)} />;
}
