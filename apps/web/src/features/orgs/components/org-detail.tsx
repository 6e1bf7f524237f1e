import { DeleteOutlined, DragOutlined, EditOutlined, PlusOutlined, StopOutlined, CheckCircleOutlined } from '@ant-design/icons';
import type { Org } from '@tongxing/contracts';
import { App, Button, Card, Descriptions, Space, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { ProblemError } from '../../../shared/api-client';
import { formatDateTime, orDash } from '../../../shared/format';
import { useApiError } from '../../../shared/use-api-error';
import { useDeleteOrg, useOrg, usePatchOrg } from '../orgs-api';
import { childKinds } from './org-form-modal';
import { OrgKindTag, OrgStatusTag } from './org-kind-tag';

interface Props {
  org: Org;
  /** A top unit of my scope: its parent (if any) is outside my scope, so there is no name to show. */
  isScopeRoot: boolean;
  canWrite: boolean;
  onAddChild: () => void;
  onEdit: () => void;
  onMove: () => void;
  onLocate: (id: number) => void;
  onDeleted: (org: Org) => void;
}

function ParentName({ id, onLocate }: { id: number | null; onLocate: (id: number) => void }) {
  const { data, isError } = useOrg(id);
  if (id === null) return <>—</>;
  // The parent may lie above my scope (the server then answers 404): show no name rather than an error.
  if (isError) return <span className="tx-muted">—</span>;
  return <Typography.Link onClick={() => onLocate(id)}>{data?.name ?? '…'}</Typography.Link>;
}

export function OrgDetail({ org, isScopeRoot, canWrite, onAddChild, onEdit, onMove, onLocate, onDeleted }: Props) {
  const { t } = useTranslation();
  const { modal, message } = App.useApp();
  const patch = usePatchOrg();
  const remove = useDeleteOrg();
  const showError = useApiError();
  const active = org.status === 'active';

  const setStatus = (status: 'active' | 'inactive') =>
    patch.mutate(
      { id: org.id, patch: { status } },
      { onSuccess: () => void message.success(status === 'active' ? t('orgs.enabled') : t('orgs.disabled')), onError: (e) => showError(e) },
    );

  const confirmStatus = () =>
    modal.confirm({
      title: active ? t('orgs.disableConfirm', { name: org.name }) : t('orgs.enableConfirm', { name: org.name }),
      content: active ? t('orgs.disableHint') : undefined,
      okButtonProps: { danger: active },
      onOk: () => setStatus(active ? 'inactive' : 'active'),
    });

  const confirmDelete = () =>
    modal.confirm({
      title: t('orgs.deleteConfirm', { name: org.name }),
      content: t('orgs.deleteHint'),
      okText: t('common.delete'),
      okButtonProps: { danger: true },
      onOk: () =>
        remove.mutateAsync(org.id).then(
          () => {
            void message.success(t('common.deleted'));
            onDeleted(org);
          },
          (err: unknown) => {
            if (err instanceof ProblemError && err.is('ORG_IN_USE') && active) {
              modal.confirm({
                title: err.title,
                content: t('orgs.inUseSuggest'),
                okText: t('common.disable'),
                okButtonProps: { danger: true },
                onOk: () => setStatus('inactive'),
              });
            } else showError(err);
          },
        ),
    });

  const actions = canWrite ? (
    <Space size={6} wrap>
      <Button type="primary" size="small" icon={<PlusOutlined />} onClick={onAddChild} disabled={!active || childKinds(org).length === 0}>
        {t('orgs.addChild')}
      </Button>
      <Button size="small" icon={<EditOutlined />} onClick={onEdit}>
        {t('common.edit')}
      </Button>
      <Button size="small" icon={<DragOutlined />} onClick={onMove} disabled={org.parentId === null || isScopeRoot}>
        {t('orgs.move')}
      </Button>
      <Button size="small" icon={active ? <StopOutlined /> : <CheckCircleOutlined />} onClick={confirmStatus} loading={patch.isPending}>
        {active ? t('common.disable') : t('common.enable')}
      </Button>
      <Button size="small" danger icon={<DeleteOutlined />} onClick={confirmDelete}>
        {t('common.delete')}
      </Button>
    </Space>
  ) : null;

  return (
    <Card
      size="small"
      title={
        <Space size={8}>
          <span className={active ? undefined : 'tx-inactive'} data-testid="org-detail-name">{org.name}</span>
          <OrgKindTag kind={org.kind} />
          <OrgStatusTag status={org.status} />
        </Space>
      }
      extra={actions}
    >
      <Descriptions
        size="small"
        bordered
        column={{ xs: 1, md: 2, xl: 3 }}
        items={[
          { key: 'shortName', label: t('orgs.shortName'), children: orDash(org.shortName) },
          { key: 'parent', label: t('orgs.parent'), children: <ParentName id={isScopeRoot ? null : org.parentId} onLocate={onLocate} /> },
          { key: 'childCount', label: t('orgs.childCount'), children: org.childCount },
          { key: 'divisionCode', label: t('orgs.divisionCode'), children: <span className="tx-mono">{orDash(org.divisionCode)}</span> },
          { key: 'creditCode', label: t('orgs.creditCode'), children: <span className="tx-mono">{orDash(org.creditCode)}</span>, span: 2 },
          { key: 'contactName', label: t('orgs.contactName'), children: orDash(org.contactName) },
          { key: 'contactPhone', label: t('orgs.contactPhone'), children: orDash(org.contactPhone) },
          { key: 'sortOrder', label: t('orgs.sortOrder'), children: org.sortOrder },
          { key: 'address', label: t('orgs.address'), children: orDash(org.address), span: 3 },
          { key: 'createdAt', label: t('orgs.createdAt'), children: formatDateTime(org.createdAt) },
          { key: 'updatedAt', label: t('orgs.updatedAt'), children: formatDateTime(org.updatedAt), span: 2 },
        ]}
      />
    </Card>
  );
}
