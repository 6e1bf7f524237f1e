import type { Org } from '@tongxing/contracts';
import { Empty, Spin, Tree } from 'antd';
import type { TreeDataNode } from 'antd';
import { useTranslation } from 'react-i18next';
import type { OrgTreeLevels } from '../use-org-tree';
import { OrgKindTag } from './org-kind-tag';

interface Props {
  levels: OrgTreeLevels;
  expandedKeys: number[];
  onExpand: (keys: number[]) => void;
  selectedId: number | null;
  onSelect: (id: number) => void;
}

function nodeTitle(org: Org) {
  return (
    <span data-org-id={org.id} className={org.status === 'inactive' ? 'tx-inactive' : undefined}>
      <span className="tx-node-name">{org.name}</span> <OrgKindTag kind={org.kind} compact />
    </span>
  );
}

export function OrgTree({ levels, expandedKeys, onExpand, selectedId, onSelect }: Props) {
  const { t } = useTranslation();
  const { roots, children } = levels;

  const build = (items: Org[], total: number, parentKey: string): TreeDataNode[] => {
    const nodes: TreeDataNode[] = items.map((org) => {
      const level = children.get(org.id);
      return {
        key: org.id,
        title: nodeTitle(org),
        isLeaf: org.childCount === 0,
        children: level ? build(level.items, level.total, String(org.id)) : undefined,
      };
    });
    if (total > items.length) {
      nodes.push({ key: `more-${parentKey}`, title: <span className="tx-muted">{t('orgs.moreInLevel', { count: total - items.length })}</span>, isLeaf: true, selectable: false });
    }
    return nodes;
  };

  if (levels.rootsLoading) return <Spin style={{ display: 'block', margin: '40px auto' }} />;
  if (!roots || roots.length === 0) return <Empty description={t('orgs.emptyTree')} />;

  const treeData = build(roots, roots.length, 'root');
  return (
    <Tree
      blockNode
      showLine={{ showLeafIcon: false }}
      treeData={treeData}
      expandedKeys={expandedKeys}
      loadedKeys={[...children.keys()]}
      selectedKeys={selectedId === null ? [] : [selectedId]}
      onExpand={(keys) => onExpand(keys.map(Number))}
      onSelect={(keys) => {
        const key = keys[0];
        if (typeof key === 'number') onSelect(key);
      }}
      loadData={(node) => (typeof node.key === 'number' ? levels.loadLevel(node.key) : Promise.resolve())}
      data-testid="org-tree"
    />
  );
}
