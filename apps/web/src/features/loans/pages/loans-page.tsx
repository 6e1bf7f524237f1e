import '../loans.css';
import { CloudUploadOutlined, DownloadOutlined, ReloadOutlined } from '@ant-design/icons';
import type { LoanListItem } from '@tongxing/contracts';
import { App, Button, Card, Checkbox, Input, Select, Space, Table } from 'antd';
import type { TableColumnsType } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { formatNumber, orDash } from '../../../shared/format';
import { useApiError } from '../../../shared/use-api-error';
import { hasPermission, useCurrentUser } from '../../auth/auth-api';
import { useProgrammes } from '../../loan-programmes/programmes-api';
import { OrgTreeSelect } from '../../orgs/components/org-tree-select';
import { programmeProduct, yuan } from '../loan-format';
import { LoanStateTag, ModelWorkerMark, useLoanStateOptions } from '../loan-labels';
import { exportLoans, useLoans, type LoanFilter } from '../loans-api';
import { useLoanParams } from '../use-loan-params';

/** 贷款台账: every loan in my scope, filtered by state, programme, unit and text; exported as the filter shows. */
export function LoansPage() {
  const { t, i18n } = useTranslation();
  const me = useCurrentUser();
  const navigate = useNavigate();
  const { message } = App.useApp();
  const showError = useApiError();
  const { params, update, reset, pageSizes } = useLoanParams();
  const { data, isFetching, refetch } = useLoans(params);
  const programmes = useProgrammes();
  const stateOptions = useLoanStateOptions();
  const [keyword, setKeyword] = useState(params.q ?? '');
  const [exporting, setExporting] = useState(false);
  const canExport = hasPermission(me, 'loan:export');
  const canRepay = hasPermission(me, 'loan:repay');
  const en = i18n.language === 'en';

  // The box follows the address (back button, reset); typing does not search until asked.
  const [shownQ, setShownQ] = useState(params.q);
  if (shownQ !== params.q) {
    setShownQ(params.q);
    setKeyword(params.q ?? '');
  }

  const runExport = () => {
    const filter: LoanFilter = {};
    if (params.state?.length) filter.state = params.state;
    if (params.programmeId) filter.programmeId = params.programmeId;
    if (params.orgId) filter.orgId = params.orgId;
    if (params.q) filter.q = params.q;
    if (params.overdue) filter.overdue = params.overdue;
    setExporting(true);
    exportLoans(filter, t('loans.book.exportFile'))
      .then(() => void message.success(t('loans.book.exported')))
      .catch((err: unknown) => showError(err))
      .finally(() => setExporting(false));
  };

  const columns: TableColumnsType<LoanListItem> = [
    {
      title: t('loans.reference'),
      dataIndex: 'reference',
      width: 150,
      fixed: 'left',
      render: (v: string, l) => (
        <Link to={`/loans/${l.id}`} className="tx-mono" data-testid="loan-link">
          {v}
        </Link>
      ),
    },
    {
      title: t('loans.borrower'),
      key: 'borrower',
      width: 200,
      render: (_v, l) => (
        <div>
          <ModelWorkerMark level={l.modelWorkerLevel} />
          {l.borrowerName}
          {l.enterpriseName && <div className="tx-muted tx-cell-sub" title={l.enterpriseName}>{l.enterpriseName}</div>}
        </div>
      ),
    },
    { title: t('loans.product'), key: 'product', width: 170, ellipsis: true, render: (_v, l) => programmeProduct(l) },
    {
      title: t('loans.applicantUnion'),
      key: 'org',
      width: 190,
      render: (_v, l) => (
        <div>
          <div className="tx-cell-sub" style={{ fontSize: 14 }} title={l.orgName}>{l.orgName}</div>
          {l.districtName && <div className="tx-muted tx-cell-sub">{l.districtName}</div>}
        </div>
      ),
    },
    { title: t('loans.amount'), key: 'amount', width: 130, align: 'right', render: (_v, l) => <span className="tx-money">{yuan(l.approvedAmountFen ?? l.amountRequestedFen)}</span> },
    {
      title: t('loans.outstanding'),
      dataIndex: 'principalOutstandingFen',
      width: 130,
      align: 'right',
      render: (v: number) => <span className="tx-money">{v > 0 ? yuan(v) : '—'}</span>,
    },
    { title: t('loans.stateLabel'), key: 'state', width: en ? 210 : 170, render: (_v, l) => <LoanStateTag state={l.state} stepName={l.stepName} /> },
    {
      title: t('loans.daysPastDue'),
      dataIndex: 'daysPastDue',
      width: en ? 120 : 90,
      align: 'right',
      render: (d: number) => (d > 0 ? <span className="tx-overdue">{t('loans.days', { count: d })}</span> : <span className="tx-muted">—</span>),
    },
    { title: t('loans.bank'), dataIndex: 'bankName', width: 170, ellipsis: { showTitle: true }, render: (v: string | null) => orDash(v) },
    { title: t('loans.disbursedOn'), dataIndex: 'disbursedOn', width: 104, render: (v: string | null) => <span className="tx-mono">{orDash(v)}</span> },
  ];

  const total = data?.total ?? 0;

  return (
    <>
      <div className="tx-page-title">
        <h2>{t('loans.book.title')}</h2>
        <Space>
          {canRepay && (
            <Button icon={<CloudUploadOutlined />} onClick={() => void navigate('/loans/repayment-import')} data-testid="loans-import-repayments">
              {t('loans.import.title')}
            </Button>
          )}
          {canExport && (
            <Button icon={<DownloadOutlined />} loading={exporting} disabled={total === 0} onClick={runExport} data-testid="loans-export">
              {t('loans.book.export')}
            </Button>
          )}
        </Space>
      </div>
      <Card size="small" className="tx-filter-bar">
        <Space wrap size={[12, 8]}>
          <Input.Search
            value={keyword}
            onChange={(e) => setKeyword(e.target.value)}
            onSearch={(q) => update({ q: q.trim() || undefined })}
            placeholder={t('loans.book.searchPlaceholder')}
            allowClear
            enterButton={t('common.search')}
            maxLength={60}
            style={{ width: 300 }}
            data-testid="loans-search"
          />
          <Select
            mode="multiple"
            value={params.state}
            onChange={(state) => update({ state })}
            options={stateOptions}
            placeholder={t('loans.book.allStates')}
            allowClear
            maxTagCount="responsive"
            style={{ width: 200 }}
            data-testid="loans-state-filter"
          />
          <Select<number | undefined>
            value={params.programmeId}
            onChange={(programmeId) => update({ programmeId })}
            options={(programmes.data?.items ?? []).map((p) => ({ value: p.id, label: en ? (p.nameEn ?? p.name) : p.name }))}
            loading={programmes.isLoading}
            placeholder={t('loans.book.allProgrammes')}
            allowClear
            style={{ width: 180 }}
          />
          <OrgTreeSelect value={params.orgId ?? null} onChange={(orgId) => update({ orgId })} placeholder={t('loans.book.allUnits')} style={{ width: 200 }} />
          <Checkbox checked={params.overdue === 'true'} onChange={(e) => update({ overdue: e.target.checked ? 'true' : undefined })}>
            {t('loans.book.overdueOnly')}
          </Checkbox>
          <Button
            onClick={() => {
              setKeyword('');
              reset();
            }}
          >
            {t('common.reset')}
          </Button>
          <Button icon={<ReloadOutlined />} onClick={() => void refetch()} title={t('common.refresh')} />
        </Space>
      </Card>
      <Card size="small">
        <Table<LoanListItem>
          rowKey="id"
          size="small"
          columns={columns}
          dataSource={data?.items ?? []}
          loading={isFetching}
          scroll={{ x: 1560 }}
          rowClassName={(l) => (l.daysPastDue > 0 ? 'tx-row-overdue' : '')}
          onRow={(l) => ({ onDoubleClick: () => void navigate(`/loans/${l.id}`) })}
          pagination={{
            current: params.page,
            pageSize: params.pageSize,
            total,
            showSizeChanger: true,
            pageSizeOptions: pageSizes,
            showTotal: () => t('common.total', { total: formatNumber(total, i18n.language) }),
            onChange: (page, pageSize) => update({ page: pageSize === params.pageSize ? page : 1, pageSize }, true),
          }}
          locale={params.q ? { emptyText: t('loans.book.noMatch', { q: params.q }) } : undefined}
          data-testid="loans-table"
        />
      </Card>
    </>
  );
}
