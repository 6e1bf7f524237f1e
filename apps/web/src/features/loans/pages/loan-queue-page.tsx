import '../loans.css';
import { ClockCircleOutlined, ReloadOutlined } from '@ant-design/icons';
import type { LoanListItem } from '@tongxing/contracts';
import { Button, Card, Empty, Space, Statistic, Table, Tag, Typography } from 'antd';
import type { TableColumnsType } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { formatDateTimeShort, orDash } from '../../../shared/format';
import { programmeProduct, yuan } from '../loan-format';
import { LoanStateTag, ModelWorkerMark } from '../loan-labels';
import { useLoans } from '../loans-api';

/** What waits on my unit, model workers first, then the longest waiting (the server's order). */
export function LoanQueuePage() {
  const { t, i18n } = useTranslation();
  const navigate = useNavigate();
  const [page, setPage] = useState({ page: 1, pageSize: 50 });
  // The queue changes as colleagues act: look again every minute.
  const { data, isFetching, refetch } = useLoans({ queue: 'mine', ...page }, { refetchInterval: 60_000 });
  const items = data?.items ?? [];
  const en = i18n.language === 'en';
  const overSla = items.filter((l) => l.overSla).length;
  const modelWorkers = items.filter((l) => l.modelWorkerLevel !== 'none').length;

  const columns: TableColumnsType<LoanListItem> = [
    {
      title: t('loans.borrower'),
      key: 'borrower',
      width: 160,
      fixed: 'left',
      render: (_v, l) => (
        <div>
          <ModelWorkerMark level={l.modelWorkerLevel} />
          <Link to={`/loans/${l.id}`} data-testid="queue-loan-link">
            {l.borrowerName}
          </Link>
          {l.enterpriseName && <div className="tx-muted tx-cell-sub">{l.enterpriseName}</div>}
        </div>
      ),
    },
    { title: t('loans.reference'), dataIndex: 'reference', width: 140, render: (v: string) => <span className="tx-mono">{v}</span> },
    { title: t('loans.product'), key: 'product', width: 140, ellipsis: true, render: (_v, l) => programmeProduct(l) },
    { title: t('loans.applicantUnion'), dataIndex: 'orgName', width: 170, ellipsis: { showTitle: true } },
    {
      title: t('loans.amount'),
      key: 'amount',
      width: 120,
      align: 'right',
      render: (_v, l) => <span className="tx-money">{yuan(l.approvedAmountFen ?? l.amountRequestedFen)}</span>,
    },
    {
      title: t('loans.waitingFor'),
      key: 'step',
      width: en ? 200 : 150,
      render: (_v, l) => (l.state === 'approved' ? <Tag color="cyan">{t('loans.queue.confirmDisbursement')}</Tag> : <LoanStateTag state={l.state} stepName={l.stepName} />),
    },
    {
      title: t('loans.daysInStep'),
      dataIndex: 'daysInStep',
      width: en ? 120 : 100,
      align: 'right',
      render: (d: number | null, l) =>
        d === null ? (
          '—'
        ) : (
          <Space size={4} className={l.overSla ? 'tx-overdue' : undefined} data-testid={l.overSla ? 'queue-over-sla' : undefined}>
            {l.overSla && <ClockCircleOutlined />}
            {t('loans.days', { count: d })}
          </Space>
        ),
    },
        // The day only (the time on hover): how long it has waited is the column before.
    {
      title: t('loans.submittedAt'),
      dataIndex: 'submittedAt',
      width: 110,
      render: (v: string | null) => (
        <span className="tx-mono" title={formatDateTimeShort(v)}>
          {formatDateTimeShort(v).slice(0, 10)}
        </span>
      ),
    },
    {
      title: t('common.actions'),
      key: 'go',
      width: 70,
      fixed: 'right',
      render: (_v, l) => (
        <Button type="link" size="small" onClick={() => void navigate(`/loans/${l.id}`)}>
          {t('loans.queue.handle')}
        </Button>
      ),
    },
  ];

  return (
    <>
      <div className="tx-page-title">
        <h2>{t('loans.queue.title')}</h2>
        <Button icon={<ReloadOutlined />} onClick={() => void refetch()}>
          {t('common.refresh')}
        </Button>
      </div>
      <Card size="small" className="tx-filter-bar">
        <Space size={48} wrap>
          <Statistic title={t('loans.queue.waiting')} value={data?.total ?? 0} suffix={t('loans.queue.unit')} data-testid="queue-total" />
          <Statistic title={t('loans.queue.overSla')} value={overSla} suffix={t('loans.queue.unit')} styles={{ content: { color: overSla > 0 ? '#cf1322' : undefined } }} />
          <Statistic title={t('loans.queue.modelWorkers')} value={modelWorkers} suffix={t('loans.queue.unit')} />
          <Typography.Text type="secondary" style={{ maxWidth: 520, display: 'inline-block' }}>
            {t('loans.queue.hint')}
          </Typography.Text>
        </Space>
      </Card>
      <Card size="small">
        <Table<LoanListItem>
          rowKey="id"
          size="small"
          columns={columns}
          dataSource={items}
          loading={isFetching && !data}
          // Fits the content width of a 1440-wide screen with the side menu open (in Chinese); narrower ones scroll.
          scroll={{ x: 1160 }}
          rowClassName={(l) => (l.overSla ? 'tx-row-overdue' : '')}
          onRow={(l) => ({ onClick: (e) => ((e.target as HTMLElement).closest('a,button') ? undefined : void navigate(`/loans/${l.id}`)), style: { cursor: 'pointer' } })}
          locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('loans.queue.empty')} /> }}
          pagination={{
            current: page.page,
            pageSize: page.pageSize,
            total: data?.total ?? 0,
            hideOnSinglePage: true,
            showTotal: (total) => t('common.total', { total }),
            onChange: (p, s) => setPage({ page: s === page.pageSize ? p : 1, pageSize: s }),
          }}
          data-testid="queue-table"
        />
        {items.length > 0 && <div className="tx-muted tx-table-note">{orDash(t('loans.queue.order'))}</div>}
      </Card>
    </>
  );
}
