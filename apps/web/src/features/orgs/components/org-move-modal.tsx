import type { Org } from '@tongxing/contracts';
import { canSitUnder } from '@tongxing/domain';
import { Alert, App, Descriptions, Modal, Space } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ProblemError } from '../../../shared/api-client';
import { fieldErrorText } from '../../../shared/field-error-text';
import { useOrg, usePatchOrg } from '../orgs-api';
import { OrgKindTag, useKindLabel } from './org-kind-tag';
import { OrgTreeSelect } from './org-tree-select';

/** Moves a unit with its whole subtree under a new parent. Keyed by the unit, so each opening starts blank. */
export function OrgMoveModal({ org, onClose, onMoved }: { org: Org | null; onClose: () => void; onMoved: (org: Org) => void }) {
  const { t } = useTranslation();
  const kindLabel = useKindLabel();
  const { message } = App.useApp();
  const [targetId, setTargetId] = useState<number | undefined>();
  const [serverError, setServerError] = useState<ProblemError | null>(null);
  const { data: target } = useOrg(targetId);
  const move = usePatchOrg();

  let warning: string | null = null;
  if (org && target && target.id === targetId) {
    if (target.id === org.id || target.ancestorIds.includes(org.id)) warning = t('orgs.moveCycleHint');
    else if (target.id === org.parentId) warning = t('orgs.moveSameParent');
    else {
      const check = canSitUnder(org.kind, target.kind);
      if (!check.ok) warning = t(`orgs.parentReason.${check.reason}`, { kind: kindLabel(org.kind), parent: kindLabel(target.kind) });
    }
  }

  const serverText = (err: ProblemError) => {
    if (err.is('ORG_PARENT_INVALID')) {
      const reason = err.problem.params?.['reason'];
      return typeof reason === 'string' && org && target
        ? t(`orgs.parentReason.${reason}`, { kind: kindLabel(org.kind), parent: kindLabel(target.kind) })
        : undefined;
    }
    if (err.is('ORG_MOVE_CYCLE')) return t('orgs.moveCycleHint');
    return err.problem.errors?.map(fieldErrorText).join('；');
  };

  return (
    <Modal
      open={org !== null}
      title={org ? t('orgs.moveTitle', { name: org.name }) : ''}
      onCancel={onClose}
      okText={t('orgs.move')}
      okButtonProps={{ disabled: targetId === undefined }}
      confirmLoading={move.isPending}
      width={560}
      onOk={() => {
        if (!org || targetId === undefined) return;
        setServerError(null);
        move.mutate(
          { id: org.id, patch: { parentId: targetId } },
          {
            onSuccess: (moved) => {
              void message.success(t('orgs.moved'));
              onMoved(moved);
            },
            onError: (err) => {
              if (err instanceof ProblemError) setServerError(err);
              else void message.error(String(err));
            },
          },
        );
      }}
    >
      {org && (
        <Space orientation="vertical" size={12} style={{ width: '100%' }}>
          <Alert type="info" showIcon title={t('orgs.moveIntro')} />
          <Descriptions size="small" column={1} bordered items={[
            { key: 'unit', label: t('orgs.movingUnit'), children: <span>{org.name} <OrgKindTag kind={org.kind} compact /></span> },
            { key: 'children', label: t('orgs.childCount'), children: org.childCount },
          ]} />
          <div>
            <div style={{ marginBottom: 6 }}>{t('orgs.newParent')}</div>
            <OrgTreeSelect value={targetId ?? null} onChange={(v) => { setTargetId(v); setServerError(null); }} style={{ width: '100%' }} data-testid="org-move-target" />
          </div>
          {warning && !serverError && <Alert type="warning" showIcon title={warning} />}
          {serverError && (
            <Alert type="error" showIcon title={serverError.title} description={serverText(serverError)} data-testid="org-move-error" />
          )}
        </Space>
      )}
    </Modal>
  );
}
