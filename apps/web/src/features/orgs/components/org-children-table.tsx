import type { Org } from '@tongxing/contracts';
import { Card, Table, Typography } from 'antd';
import type { TableColumnsType } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { orDash } from '../../../shared/format';
import { useOrgList } from '../orgs-api';
import { OrgKindTag, OrgStatusTag } from './org-kind-tag';

/** The direct children of the selected unit, a page at a time; a name opens that unit. Keyed by the unit, so paging restarts. */
export function OrgChildrenTable({ parent, onOpen, extra }: { parent: Org; onOpen: (id: number) => void; extra?: React.ReactNode }) {
  const { t } = useTranslation();
  const [page, setPage] = useState(1);
  const [pageSize, setPageSize] = useState(10);
  const { data, isFetching } = useOrgList({ parentId: parent.id, page, pageSize });

  const columns: TableColumnsType<Org> = [
    { title: '#', key: 'index', width: 48, render: (_v, _r, i) => (page - 1) * pageSize + i + 1 },
    {
      title: t('orgs.name'),
      dataIndex: 'name',
      render: (name: string, org) => (
        <Typography.Link onClick={() => onOpen(org.id)} className={org.status === 'inactive' ? 'tx-inactive' : undefined}>
          {name}
        </Typography.Link>
      ),
    },
    { title: t('orgs.shortName'), dataIndex: 'shortName', width: 110, render: (v: string | null) => orDash(v) },
    { title: t('orgs.kind'), dataIndex: 'kind', width: 130, render: (kind: Org['kind']) => <OrgKindTag kind={kind} /> },
    { title: t('orgs.divisionCode'), dataIndex: 'divisionCode', width: 100, render: (v: string | null) => <span className="tx-mono">{orDash(v)}</span> },
    { title: t('orgs.childCountShort'), dataIndex: 'childCount', width: 70, align: 'right' },
    { title: t('orgs.contactName'), dataIndex: 'contactName', width: 80, render: (v: string | null) => orDash(v) },
    { title: t('common.status'), dataIndex: 'status', width: 70, render: (s: Org['status']) => <OrgStatusTag status={s} /> },
  ];

  return (
    <Card size="small" title={t('orgs.childrenOf', { name: parent.name, count: data?.total ?? parent.childCount })} extra={extra} style={{ marginTop: 12 }}>
      <Table<Org>
        rowKey="id"
        size="small"
        columns={columns}
        dataSource={data?.items ?? []}
        loading={isFetching && !data}
        pagination={{
          current: page,
          pageSize,
          total: data?.total ?? 0,
          showSizeChanger: true,
          pageSizeOptions: [10, 20, 50],
          showTotal: (total) => t('common.total', { total }),
          onChange: (p, s) => {
            setPage(s === pageSize ? p : 1);
            setPageSize(s);
          },
        }}
        locale={{ emptyText: t('orgs.noChildren') }}
        data-testid="org-children-table"
      />
    </Card>
  );
}
