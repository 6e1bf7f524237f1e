import { PlusOutlined } from '@ant-design/icons';
import type { Org } from '@tongxing/contracts';
import { Button, Card, Col, Empty, Row, Spin, Tooltip } from 'antd';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { hasAllUnitsScope, hasPermission, useCurrentUser } from '../../auth/auth-api';
import { OrgChildrenTable } from '../components/org-children-table';
import { OrgDetail } from '../components/org-detail';
import { OrgFormModal, type OrgFormMode } from '../components/org-form-modal';
import { OrgMoveModal } from '../components/org-move-modal';
import { OrgSearch } from '../components/org-search';
import { OrgTree } from '../components/org-tree';
import { useOrg } from '../orgs-api';
import { useOrgTreeLevels } from '../use-org-tree';

export function OrgTreePage() {
  const { t } = useTranslation();
  const me = useCurrentUser();
  const canWrite = hasPermission(me, 'org:write');
  // Partners sit at the top, outside any subtree: only an all-units grant can create them.
  const canCreateTop = hasAllUnitsScope(me, 'org:write');
  const levels = useOrgTreeLevels();
  const { roots, loadLevel, reveal } = levels;
  const [chosenId, setChosenId] = useState<number | null>(null);
  const [chosenExpanded, setExpanded] = useState<number[] | null>(null);
  const [formTarget, setFormTarget] = useState<OrgFormMode | null>(null);
  const [moving, setMoving] = useState<Org | null>(null);
  const treePanel = useRef<HTMLDivElement>(null);
  const pendingScroll = useRef<number | null>(null);

  // Until the person picks something, show the top of my scope with its first level open:
  // for the city cadre that is 常州市总工会 and its seven district unions.
  const first = roots?.[0];
  const openFirst = !!first && first.childCount > 0;
  const selectedId = chosenId ?? first?.id ?? null;
  const firstId = openFirst ? first?.id : undefined;
  const expanded = useMemo(() => chosenExpanded ?? (firstId !== undefined ? [firstId] : []), [chosenExpanded, firstId]);
  const { data: selected, isError: selectedMissing } = useOrg(selectedId);

  useEffect(() => {
    if (chosenExpanded === null && openFirst && first) void loadLevel(first.id);
  }, [chosenExpanded, openFirst, first, loadLevel]);

  const locate = useCallback(
    (id: number) => {
      setChosenId(id);
      pendingScroll.current = id;
      void reveal(id).then((path) => {
        setExpanded((keys) => [...new Set([...(keys ?? (first ? [first.id] : [])), ...(path ?? [])])]);
      });
    },
    [reveal, first],
  );

  // Scroll the tree panel (only it, only vertically) so a located unit sits in view, once it is rendered.
  useEffect(() => {
    const panel = treePanel.current;
    const id = pendingScroll.current;
    if (id === null || !panel) return;
    const node = panel.querySelector(`[data-org-id="${id}"]`);
    if (!node) return;
    pendingScroll.current = null;
    const p = panel.getBoundingClientRect();
    const n = node.getBoundingClientRect();
    if (n.top < p.top || n.bottom > p.bottom) panel.scrollTop += n.top - p.top - p.height / 2 + n.height / 2;
  }, [levels.children, expanded, selectedId]);

  return (
    <>
      <div className="tx-page-title">
        <h2>{t('orgs.title')}</h2>
      </div>
      <Row gutter={12} wrap={false}>
        <Col flex="380px" style={{ minWidth: 0 }}>
          <Card
            size="small"
            title={t('orgs.treeTitle')}
            extra={
              canCreateTop ? (
                <Tooltip title={t('orgs.createTopHint')}>
                  <Button size="small" icon={<PlusOutlined />} onClick={() => setFormTarget({ mode: 'create', parent: null })}>
                    {t('orgs.createTop')}
                  </Button>
                </Tooltip>
              ) : null
            }
            styles={{ body: { padding: 8 } }}
          >
            <OrgSearch onLocate={locate} />
            <div ref={treePanel} style={{ height: 'calc(100vh - 262px)', minHeight: 360, overflowY: 'auto', overflowX: 'hidden', marginTop: 8 }}>
              <OrgTree levels={levels} expandedKeys={expanded} onExpand={setExpanded} selectedId={selectedId} onSelect={locate} />
            </div>
          </Card>
        </Col>
        <Col flex="auto" style={{ minWidth: 0 }}>
          {selected ? (
            <>
              <OrgDetail
                org={selected}
                isScopeRoot={!!roots?.some((r) => r.id === selected.id)}
                canWrite={canWrite}
                onAddChild={() => setFormTarget({ mode: 'create', parent: selected })}
                onEdit={() => setFormTarget({ mode: 'edit', org: selected })}
                onMove={() => setMoving(selected)}
                onLocate={locate}
                onDeleted={(org) => setChosenId(org.parentId ?? first?.id ?? null)}
              />
              <OrgChildrenTable key={selected.id} parent={selected} onOpen={locate} />
            </>
          ) : selectedMissing || (roots && roots.length === 0) ? (
            <Card size="small">
              <Empty description={t('orgs.pickUnit')} />
            </Card>
          ) : (
            <Card size="small">
              <Spin style={{ display: 'block', margin: '60px auto' }} />
            </Card>
          )}
        </Col>
      </Row>
      <OrgFormModal
        target={formTarget}
        onClose={() => setFormTarget(null)}
        onSaved={(org) => {
          setFormTarget(null);
          locate(org.id);
        }}
      />
      <OrgMoveModal
        key={moving?.id ?? 'closed'}
        org={moving}
        onClose={() => setMoving(null)}
        onMoved={(org) => {
          setMoving(null);
          locate(org.id);
        }}
      />
    </>
  );
}
