import { LockOutlined, PlusOutlined, ReloadOutlined, SafetyCertificateOutlined } from '@ant-design/icons';
import type { User } from '@tongxing/contracts';
import { Badge, Button, Card, Input, Select, Space, Table, Tag } from 'antd';
import type { TableColumnsType } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { formatDateTimeShort, orDash } from '../../../shared/format';
import { hasPermission, useCurrentUser } from '../../auth/auth-api';
import { OrgTreeSelect } from '../../orgs/components/org-tree-select';
import { useRoleName, useRoles } from '../../roles/roles-api';
import { ResetPasswordModal } from '../components/reset-password-modal';
import { UserFormDrawer, type UserFormTarget } from '../components/user-form-drawer';
import { UserRolesModal } from '../components/user-roles-modal';
import { UserRowActions } from '../components/user-row-actions';
import { useUsers, type UserListParams } from '../users-api';

const initialParams: UserListParams = { page: 1, pageSize: 20 };

export function UsersPage() {
  const { t, i18n } = useTranslation();
  const me = useCurrentUser();
  const canWrite = hasPermission(me, 'user:write');
  const canGrant = hasPermission(me, 'user:grant');
  const [assigning, setAssigning] = useState<User | null>(null);
  const canReadRoles = hasPermission(me, 'role:read');
  const [params, setParams] = useState<UserListParams>(initialParams);
  const [keyword, setKeyword] = useState('');
  const { data, isFetching, refetch } = useUsers(params);
  const roles = useRoles();
  const roleName = useRoleName();
  const [formTarget, setFormTarget] = useState<UserFormTarget | null>(null);
  const [resetting, setResetting] = useState<User | null>(null);

  const filter = (patch: Partial<UserListParams>) => setParams((p) => ({ ...p, ...patch, page: 1 }));

  const columns: TableColumnsType<User> = [
    { title: t('users.username'), dataIndex: 'username', width: 120, render: (v: string) => <span className="tx-mono">{v}</span> },
    { title: t('users.displayName'), dataIndex: 'displayName', width: 100 },
    { title: t('users.org'), dataIndex: 'orgName', ellipsis: true },
    {
      title: t('users.roles'),
      dataIndex: 'roles',
      render: (list: User['roles']) =>
        list.length === 0 ? <span className="tx-muted">{t('common.none')}</span> : list.map((r) => <Tag key={r.id} color="red" variant="outlined" style={{ marginBlock: 1 }}>{roleName(r)}</Tag>),
    },
    { title: t('users.phone'), dataIndex: 'phoneMasked', width: 120, render: (v: string | null) => <span className="tx-mono">{orDash(v)}</span> },
    {
      title: t('users.status'),
      dataIndex: 'status',
      width: 80,
      render: (s: User['status']) => (s === 'active' ? <Badge status="success" text={t('common.active')} /> : <Badge status="default" text={t('common.disabled')} />),
    },
    {
      title: t('users.security'),
      key: 'security',
      width: 170,
      render: (_v, u) => (
        <Space size={4} wrap>
          {u.locked && (
            <Tag color="error" icon={<LockOutlined />}>
              {t('users.locked')}
            </Tag>
          )}
          {u.totpEnabled ? (
            <Tag color="green" icon={<SafetyCertificateOutlined />}>{t('users.totpOn')}</Tag>
          ) : (
            <span className="tx-muted">{t('users.totpOff')}</span>
          )}
        </Space>
      ),
    },
    {
      title: t('users.lastLogin'),
      dataIndex: 'lastLoginAt',
      width: 140,
      render: (v: string | null) => (v ? formatDateTimeShort(v) : <span className="tx-muted">{t('users.neverLoggedIn')}</span>),
    },
  ];
  if (!canWrite && canGrant) {
    // The security administrator assigns roles and does nothing else to accounts.
    columns.push({
      title: t('common.actions'),
      key: 'actions',
      width: 110,
      fixed: 'right',
      render: (_v, u) =>
        u.id === me.id ? null : (
          <Button type="link" size="small" onClick={() => setAssigning(u)} data-testid="user-assign-roles">
            {t('users.assignRoles')}
          </Button>
        ),
    });
  }
  if (canWrite) {
    columns.push({
      title: t('common.actions'),
      key: 'actions',
      width: 120,
      fixed: 'right',
      render: (_v, u) =>
        u.id === me.id ? (
          // Own account: the server refuses admin actions on oneself; the profile page has the self-service ones.
          <Link to="/profile">{t('menu.profile')}</Link>
        ) : (
          <UserRowActions user={u} onEdit={() => setFormTarget({ mode: 'edit', user: u })} onResetPassword={() => setResetting(u)} />
        ),
    });
  }

  return (
    <>
      <div className="tx-page-title">
        <h2>{t('users.title')}</h2>
        {canWrite && (
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setFormTarget({ mode: 'create', ...(params.orgId ? { orgId: params.orgId } : {}) })}>
            {t('users.create')}
          </Button>
        )}
      </div>
      <Card size="small" className="tx-filter-bar">
        <Space wrap size={[12, 8]}>
          <OrgTreeSelect value={params.orgId ?? null} onChange={(orgId) => filter({ orgId })} placeholder={t('users.allUnits')} style={{ width: 280 }} />
          <Input.Search
            value={keyword}
            onChange={(e) => setKeyword(e.target.value)}
            onSearch={(q) => filter({ q: q.trim() || undefined })}
            placeholder={t('users.keywordPlaceholder')}
            allowClear
            style={{ width: 220 }}
            enterButton={t('common.search')}
          />
          <Select<'active' | 'disabled' | undefined>
            value={params.status}
            onChange={(status) => filter({ status })}
            placeholder={t('users.allStatus')}
            allowClear
            style={{ width: 120 }}
            options={[
              { value: 'active', label: t('common.active') },
              { value: 'disabled', label: t('common.disabled') },
            ]}
          />
          {canReadRoles && (
            <Select<number | undefined>
              value={params.roleId}
              onChange={(roleId) => filter({ roleId })}
              placeholder={t('users.allRoles')}
              allowClear
              style={{ width: 180 }}
              loading={roles.isLoading}
              options={(roles.data?.items ?? []).map((r) => ({ value: r.id, label: i18n.language === 'en' ? (r.nameEn ?? r.name) : r.name }))}
            />
          )}
          <Button
            onClick={() => {
              setKeyword('');
              setParams(initialParams);
            }}
          >
            {t('common.reset')}
          </Button>
          <Button icon={<ReloadOutlined />} onClick={() => void refetch()} />
        </Space>
      </Card>
      <Card size="small">
        <Table<User>
          rowKey="id"
          size="small"
          columns={columns}
          dataSource={data?.items ?? []}
          loading={isFetching}
          scroll={{ x: 1100 }}
          pagination={{
            current: params.page,
            pageSize: params.pageSize,
            total: data?.total ?? 0,
            showSizeChanger: true,
            showTotal: (total) => t('common.total', { total }),
            onChange: (page, pageSize) => setParams((p) => ({ ...p, page: pageSize === p.pageSize ? page : 1, pageSize })),
          }}
          data-testid="users-table"
        />
      </Card>
      <UserFormDrawer target={formTarget} onClose={() => setFormTarget(null)} />
      <ResetPasswordModal user={resetting} onClose={() => setResetting(null)} />
      <UserRolesModal user={assigning} onClose={() => setAssigning(null)} />
    </>
  );
}
