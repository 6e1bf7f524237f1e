import { ReloadOutlined } from '@ant-design/icons';
import type { JoinApplicationListItem, JoinApplicationStatus } from '@tongxing/contracts';
import { Button, Card, Input, Segmented, Space, Table, Typography } from 'antd';
import type { TableColumnsType } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { formatDateTimeShort } from '../../../shared/format';
import { OrgTreeSelect } from '../../orgs/components/org-tree-select';
import { DecisionModal, type Decision } from '../components/decision-modals';
import { JoinApplicationDrawer } from '../components/join-application-drawer';
import { JoinStatusTag } from '../components/join-status-tag';
import { useJoinApplications, type JoinListParams } from '../join-applications-api';

const initialParams: JoinListParams = { status: 'pending', page: 1, pageSize: 20 };
type StatusFilter = JoinApplicationStatus | 'all';

/** 入会审批: the applications to units in my scope, pending first by default; decide from the row or the drawer. */
export function JoinApplicationsPage() {
  const { t } = useTranslation();
  const [params, setParams] = useState<JoinListParams>(initialParams);
  const [keyword, setKeyword] = useState('');
  const [openId, setOpenId] = useState<number | null>(null);
  const [decision, setDecision] = useState<Decision>(null);
  const { data, isFetching, refetch } = useJoinApplications(params);

  const filter = (patch: Partial<JoinListParams>) => setParams((p) => ({ ...p, ...patch, page: 1 }));

  const columns: TableColumnsType<JoinApplicationListItem> = [
    { title: t('joinApplications.reference'), dataIndex: 'reference', width: 130, render: (v: string) => <span className="tx-mono">{v}</span> },
    { title: t('joinApplications.name'), dataIndex: 'name', width: 90 },
    { title: t('joinApplications.idNumber'), dataIndex: 'idNumberMasked', width: 170, render: (v: string) => <span className="tx-mono">{v}</span> },
    { title: t('joinApplications.phone'), dataIndex: 'phoneMasked', width: 120, render: (v: string) => <span className="tx-mono">{v}</span> },
    { title: t('joinApplications.employer'), dataIndex: 'employer', ellipsis: true },
    { title: t('joinApplications.org'), dataIndex: 'orgName', ellipsis: true },
    { title: t('joinApplications.createdAt'), dataIndex: 'createdAt', width: 140, render: (v: string) => formatDateTimeShort(v) },
    { title: t('joinApplications.status'), dataIndex: 'status', width: 80, render: (s: JoinApplicationStatus) => <JoinStatusTag status={s} /> },
    {
      title: t('common.actions'),
      key: 'actions',
      width: 150,
      fixed: 'right',
      render: (_v, a) => (
        <Space size={0}>
          <Button type="link" size="small" onClick={() => setOpenId(a.id)} data-testid="join-view">
            {t('joinApplications.view')}
          </Button>
          {a.status === 'pending' && (
            <>
              <Button type="link" size="small" onClick={() => setDecision({ kind: 'approve', app: a })} data-testid="join-approve">
                {t('joinApplications.approve')}
              </Button>
              <Button type="link" size="small" danger onClick={() => setDecision({ kind: 'reject', app: a })} data-testid="join-reject">
                {t('joinApplications.reject')}
              </Button>
            </>
          )}
        </Space>
      ),
    },
  ];

  const statuses: StatusFilter[] = ['pending', 'approved', 'rejected', 'all'];
  return (
    <>
      <div className="tx-page-title">
        <h2>{t('joinApplications.title')}</h2>
      </div>
      <Typography.Paragraph type="secondary" style={{ marginTop: -4 }}>
        {t('joinApplications.intro')}
      </Typography.Paragraph>
      <Card size="small" className="tx-filter-bar">
        <Space wrap size={[12, 8]}>
          <Segmented<StatusFilter>
            value={params.status ?? 'all'}
            onChange={(v) => filter({ status: v === 'all' ? undefined : v })}
            options={statuses.map((s) => ({ value: s, label: s === 'all' ? t('common.all') : t(`joinApplications.${s}`) }))}
            data-testid="join-status-filter"
          />
          <OrgTreeSelect value={params.orgId ?? null} onChange={(orgId) => filter({ orgId })} placeholder={t('joinApplications.allUnits')} style={{ width: 260 }} />
          <Input.Search
            value={keyword}
            onChange={(e) => setKeyword(e.target.value)}
            onSearch={(q) => filter({ q: q.trim() || undefined })}
            placeholder={t('joinApplications.searchPlaceholder')}
            allowClear
            style={{ width: 240 }}
            enterButton={t('common.search')}
          />
          <Button icon={<ReloadOutlined />} onClick={() => void refetch()} />
        </Space>
      </Card>
      <Card size="small">
        <Table<JoinApplicationListItem>
          rowKey="id"
          size="small"
          columns={columns}
          dataSource={data?.items ?? []}
          loading={isFetching}
          scroll={{ x: 1150 }}
          pagination={{
            current: params.page,
            pageSize: params.pageSize,
            total: data?.total ?? 0,
            showSizeChanger: true,
            showTotal: (total) => t('common.total', { total }),
            onChange: (page, pageSize) => setParams((p) => ({ ...p, page: pageSize === p.pageSize ? page : 1, pageSize })),
          }}
          data-testid="join-table"
        />
      </Card>
      <JoinApplicationDrawer id={openId} onClose={() => setOpenId(null)} onDecide={setDecision} />
      <DecisionModal decision={decision} onClose={() => setDecision(null)} />
    </>
  );
}
