import { CheckCircleFilled } from '@ant-design/icons';
import type { Role } from '@tongxing/contracts';
import { permissionCatalog, permissions, scopeKindLabels, scopeKinds, type Permission, type ScopeKind } from '@tongxing/contracts';
import { Table } from 'antd';
import type { TableColumnsType } from 'antd';
import { useTranslation } from 'react-i18next';
import { pickLabel } from '../../../shared/i18n';
import { OrgNames } from './org-names';

interface Row {
  permission: Permission;
  grants: Role['grants'];
}

/** Permission × scope: each row a permission of the catalogue, a mark where the role grants it. */
export function RoleGrantsMatrix({ role }: { role: Role }) {
  const { t, i18n } = useTranslation();
  const rows: Row[] = permissions.map((permission) => ({ permission, grants: role.grants.filter((g) => g.permission === permission) }));

  const columns: TableColumnsType<Row> = [
    {
      title: t('roles.permission'),
      dataIndex: 'permission',
      width: 260,
      onCell: (row) => ({ style: row.grants.length === 0 ? { color: '#bbb' } : undefined }),
      render: (p: Permission) => (
        <span>
          <span className="tx-muted">[{t(`roles.module.${permissionCatalog[p].module}`)}]</span> {pickLabel(permissionCatalog[p], i18n.language)}
          <div className="tx-mono tx-muted" style={{ fontSize: 11 }}>{p}</div>
        </span>
      ),
    },
    ...scopeKinds.map((scope: ScopeKind) => ({
      title: pickLabel(scopeKindLabels[scope], i18n.language),
      key: scope,
      align: 'center' as const,
      render: (_v: unknown, row: Row) => {
        const grant = row.grants.find((g) => g.scope === scope);
        if (!grant) return null;
        return (
          <div>
            <CheckCircleFilled style={{ color: '#389e0d', fontSize: 16 }} aria-label="granted" />
            {scope === 'units' && grant.unitIds.length > 0 && (
              <div style={{ marginTop: 4 }}>
                <OrgNames ids={grant.unitIds} />
              </div>
            )}
          </div>
        );
      },
    })),
  ];

  return <Table<Row> rowKey="permission" size="small" bordered pagination={false} columns={columns} dataSource={rows} data-testid="role-matrix" />;
}
