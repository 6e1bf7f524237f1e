import { CopyOutlined, DeleteOutlined, EditOutlined, EyeOutlined, LockOutlined, PlusOutlined } from '@ant-design/icons';
import type { Role } from '@tongxing/contracts';
import { Alert, App, Button, Card, Descriptions, Drawer, Space, Table, Tag, Tooltip } from 'antd';
import type { TableColumnsType } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { orDash } from '../../../shared/format';
import { useApiError } from '../../../shared/use-api-error';
import { hasPermission, useCurrentUser } from '../../auth/auth-api';
import { RoleFormDrawer, type RoleFormTarget } from '../components/role-form-drawer';
import { RoleGrantsMatrix } from '../components/role-grants-matrix';
import { useDeleteRole, useRoles } from '../roles-api';

export function RolesPage() {
  const { t, i18n } = useTranslation();
  const me = useCurrentUser();
  const canWrite = hasPermission(me, 'role:write');
  const { data, isFetching } = useRoles();
  const remove = useDeleteRole();
  const showError = useApiError();
  const { modal, message } = App.useApp();
  const [viewing, setViewing] = useState<Role | null>(null);
  const [formTarget, setFormTarget] = useState<RoleFormTarget | null>(null);
  const english = i18n.language === 'en';
  const display = (r: Role) => (english ? (r.nameEn ?? r.name) : r.name);

  const confirmDelete = (role: Role) =>
    modal.confirm({
      title: t('roles.deleteConfirm', { name: display(role) }),
      content: t('roles.deleteHint'),
      okButtonProps: { danger: true },
      okText: t('common.delete'),
      onOk: () => remove.mutateAsync(role.id).then(() => void message.success(t('common.deleted')), (e: unknown) => showError(e)),
    });

  const columns: TableColumnsType<Role> = [
    {
      title: t('roles.name'),
      dataIndex: 'name',
      width: 200,
      render: (_v, r) => (
        <Space size={6}>
          {r.builtin && <LockOutlined className="tx-muted" />}
          <a onClick={() => setViewing(r)}>{display(r)}</a>
        </Space>
      ),
    },
    { title: t('roles.code'), dataIndex: 'code', width: 170, render: (v: string) => <span className="tx-mono">{v}</span> },
    { title: t('roles.type'), dataIndex: 'builtin', width: 80, render: (b: boolean) => (b ? <Tag color="default">{t('roles.builtin')}</Tag> : <Tag color="blue">{t('roles.custom')}</Tag>) },
    { title: t('roles.requiresMfa'), dataIndex: 'requiresMfa', width: 110, render: (b: boolean) => (b ? <Tag color="orange">{t('common.yes')}</Tag> : <span className="tx-muted">{t('common.no')}</span>) },
    { title: t('roles.grants'), key: 'grants', width: 110, render: (_v, r) => t('roles.grantCount', { count: r.grants.length }) },
    { title: t('roles.userCount'), dataIndex: 'userCount', width: 80, align: 'right' },
    { title: t('roles.description'), dataIndex: 'description', ellipsis: true, render: (v: string | null) => orDash(v) },
    {
      title: t('common.actions'),
      key: 'actions',
      width: canWrite ? 250 : 80,
      render: (_v, r) => (
        <Space size={0}>
          <Button type="link" size="small" icon={<EyeOutlined />} onClick={() => setViewing(r)}>
            {t('common.view')}
          </Button>
          {canWrite && !r.builtin && (
            <Button type="link" size="small" icon={<EditOutlined />} onClick={() => setFormTarget({ mode: 'edit', role: r })}>
              {t('common.edit')}
            </Button>
          )}
          {canWrite && (
            <Button type="link" size="small" icon={<CopyOutlined />} onClick={() => setFormTarget({ mode: 'create', copyOf: r })}>
              {t('roles.copy')}
            </Button>
          )}
          {canWrite && !r.builtin && (
            <Tooltip title={r.userCount > 0 ? t('roles.deleteHint') : undefined}>
              <Button type="link" size="small" danger icon={<DeleteOutlined />} disabled={r.userCount > 0} onClick={() => confirmDelete(r)} aria-label={t('common.delete')} />
            </Tooltip>
          )}
        </Space>
      ),
    },
  ];

  return (
    <>
      <div className="tx-page-title">
        <h2>{t('roles.title')}</h2>
        {canWrite && (
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setFormTarget({ mode: 'create' })}>
            {t('roles.create')}
          </Button>
        )}
      </div>
      <Card size="small">
        <Table<Role> rowKey="id" size="small" columns={columns} dataSource={data?.items ?? []} loading={isFetching && !data} pagination={false} data-testid="roles-table" />
      </Card>
      <Drawer
        open={viewing !== null}
        onClose={() => setViewing(null)}
        size={900}
        title={viewing ? t('roles.viewTitle', { name: display(viewing) }) : ''}
        extra={
          viewing && canWrite ? (
            <Space>
              <Button icon={<CopyOutlined />} onClick={() => { setFormTarget({ mode: 'create', copyOf: viewing }); setViewing(null); }}>
                {t('roles.copy')}
              </Button>
              {!viewing.builtin && (
                <Button type="primary" icon={<EditOutlined />} onClick={() => { setFormTarget({ mode: 'edit', role: viewing }); setViewing(null); }}>
                  {t('common.edit')}
                </Button>
              )}
            </Space>
          ) : null
        }
      >
        {viewing && (
          <Space orientation="vertical" size={12} style={{ width: '100%' }}>
            {viewing.builtin && <Alert type="info" showIcon title={t('roles.builtinReadonly')} />}
            <Descriptions size="small" bordered column={2} items={[
              { key: 'name', label: t('roles.name'), children: viewing.name },
              { key: 'nameEn', label: t('roles.nameEn'), children: orDash(viewing.nameEn) },
              { key: 'code', label: t('roles.code'), children: <span className="tx-mono">{viewing.code}</span> },
              { key: 'type', label: t('roles.type'), children: viewing.builtin ? t('roles.builtin') : t('roles.custom') },
              { key: 'mfa', label: t('roles.requiresMfa'), children: viewing.requiresMfa ? t('common.yes') : t('common.no') },
              { key: 'count', label: t('roles.userCount'), children: viewing.userCount },
              { key: 'desc', label: t('roles.description'), children: orDash(viewing.description), span: 2 },
            ]} />
            <div style={{ fontWeight: 600 }}>{t('roles.matrix')}</div>
            <RoleGrantsMatrix role={viewing} />
          </Space>
        )}
      </Drawer>
      <RoleFormDrawer target={formTarget} onClose={() => setFormTarget(null)} />
    </>
  );
}
