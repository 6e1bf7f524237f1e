import { ReloadOutlined } from '@ant-design/icons';
import type { LoanVisit, VisitDue } from '@tongxing/contracts';
import { Badge, Button, Card, Space, Table, Tabs, Tag, Typography } from 'antd';
import type { TableColumnsType } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { orDash } from '../../../shared/format';
import { ModelWorkerMark } from '../../loans/loan-labels';
import { yuan } from '../../loans/loan-format';
import { OrgTreeSelect } from '../../orgs/components/org-tree-select';
import { VisitDrawer } from '../components/visit-drawer';
import { useVisits, type VisitListParams } from '../loan-visits-api';
import { OperatingTag, RiskTag, visitNodeLabel } from '../visit-labels';
import '../loan-visits.css';

const tabs: VisitDue[] = ['overdue', 'due', 'upcoming', 'done'];
const tabColor: Record<VisitDue, string> = { overdue: '#cf1322', due: '#fa8c16', upcoming: '#1f5fae', done: '#389e0d' };

function isDue(v: string | null): v is VisitDue {
  return v !== null && (tabs as string[]).includes(v);
}

/** 贷后回访: my unions' visits by tab, the record form in a drawer. The tab lives in the address. */
export function LoanVisitsPage() {
  const { t } = useTranslation();
  const [search, setSearch] = useSearchParams();
  const tabParam = search.get('due');
  const due: VisitDue = isDue(tabParam) ? tabParam : 'overdue';
  const [orgId, setOrgId] = useState<number | undefined>(undefined);
  const [page, setPage] = useState({ page: 1, pageSize: 20 });
  const params: VisitListParams = { due, ...(orgId ? { orgId } : {}), ...page };
  const { data, isFetching, refetch } = useVisits(params);
  const visitParam = Number(search.get('visit'));
  const openId = Number.isInteger(visitParam) && visitParam > 0 ? visitParam : null;

  const setTab = (next: VisitDue) => {
    setPage((p) => ({ ...p, page: 1 }));
    setSearch((s) => {
      const n = new URLSearchParams(s);
      n.set('due', next);
      return n;
    });
  };
  const open = (id: number | null) =>
    setSearch((s) => {
      const n = new URLSearchParams(s);
      if (id) n.set('visit', String(id));
      else n.delete('visit');
      return n;
    });

  const columns: TableColumnsType<LoanVisit> = [
    {
      title: t('loanVisits.borrower'),
      key: 'borrower',
      width: 190,
      fixed: 'left',
      render: (_v, r) => (
        <div>
          <ModelWorkerMark level={r.modelWorkerLevel} />
          <strong>{r.borrowerName}</strong>
          <div className="tx-muted" style={{ fontSize: 12 }}>
            {orDash(r.enterpriseName)}
          </div>
        </div>
      ),
    },
    {
      title: t('loanVisits.loan'),
      key: 'loan',
      width: 150,
      render: (_v, r) => (
        <Link to={`/loans/${r.loanId}`} className="tx-mono">
          {r.loanReference}
        </Link>
      ),
    },
    { title: t('loanVisits.node'), dataIndex: 'label', width: 130, render: (label: string) => visitNodeLabel(label, t) },
    {
      title: due === 'done' ? t('loanVisits.doneOn') : t('loanVisits.dueOn'),
      key: 'date',
      width: 190,
      render: (_v, r) =>
        due === 'done' ? (
          <span>{orDash(r.doneOn)}</span>
        ) : (
          <Space size={4} style={{ whiteSpace: 'nowrap' }}>
            <span className="tx-mono">{r.dueOn}</span>
            {r.daysOverdue > 0 && <Tag color="error">{t('loanVisits.overdueDays', { days: r.daysOverdue })}</Tag>}
          </Space>
        ),
    },
    { title: t('loanVisits.unit'), dataIndex: 'orgName', ellipsis: true },
    { title: t('loanVisits.amount'), dataIndex: 'approvedAmountFen', width: 130, align: 'right', render: (v: number | null) => <span className="tx-money">{yuan(v)}</span> },
    { title: t('loanVisits.disbursedOn'), dataIndex: 'disbursedOn', width: 110, render: (v: string | null) => orDash(v) },
  ];
  if (due === 'done') {
    columns.push(
      { title: t('loanVisits.doneBy'), dataIndex: 'doneByName', width: 100, render: (v: string | null) => orDash(v) },
      { title: t('loanVisits.operating'), dataIndex: 'operatingStatus', width: 110, render: (s: LoanVisit['operatingStatus']) => <OperatingTag status={s} /> },
      { title: t('loanVisits.risk'), dataIndex: 'riskFlag', width: 80, render: (f: boolean) => <RiskTag flag={f} /> },
    );
  } else {
    columns.push({ title: t('loanVisits.bank'), dataIndex: 'bankName', width: 180, ellipsis: true, render: (v: string | null) => orDash(v) });
  }
  columns.push({
    title: t('common.actions'),
    key: 'actions',
    width: 100,
    fixed: 'right',
    render: (_v, r) =>
      r.canRecord && r.state === 'planned' ? (
        <Button type="primary" size="small" onClick={() => open(r.id)} data-testid="visit-record">
          {t('loanVisits.record')}
        </Button>
      ) : (
        <Typography.Link onClick={() => open(r.id)} data-testid="visit-view">
          {t('loanVisits.view')}
        </Typography.Link>
      ),
  });

  return (
    <>
      <div className="tx-page-title">
        <h2>{t('loanVisits.title')}</h2>
        {data && <span className="tx-muted">{t('loanVisits.asOf', { date: data.asOf })}</span>}
      </div>
      <Card size="small" className="tx-filter-bar">
        <Space wrap size={[12, 8]}>
          <OrgTreeSelect
            value={orgId ?? null}
            onChange={(v) => {
              setOrgId(v);
              setPage((p) => ({ ...p, page: 1 }));
            }}
            placeholder={t('loanVisits.allUnits')}
            style={{ width: 280 }}
          />
          <Button icon={<ReloadOutlined />} onClick={() => void refetch()} aria-label={t('common.refresh')} />
        </Space>
      </Card>
      <Card size="small" styles={{ body: { paddingTop: 0 } }}>
        <Tabs
          activeKey={due}
          onChange={(k) => setTab(k as VisitDue)}
          items={tabs.map((k) => ({
            key: k,
            label: (
              <span title={t(`loanVisits.tabHint.${k}`)} data-testid={`visit-tab-${k}`}>
                {t(`loanVisits.tab.${k}`)}
                <Badge count={data?.counts[k] ?? 0} overflowCount={9999} showZero color={data?.counts[k] ? tabColor[k] : '#d9d9d9'} style={{ marginInlineStart: 6 }} />
              </span>
            ),
          }))}
        />
        <Table<LoanVisit>
          rowKey="id"
          size="small"
          columns={columns}
          dataSource={data?.items ?? []}
          loading={isFetching}
          scroll={{ x: 1300 }}
          locale={{ emptyText: t(`loanVisits.empty.${due}`) }}
          rowClassName={(r) => (r.riskFlag ? 'tx-lv-risk-row' : '')}
          pagination={{
            current: page.page,
            pageSize: page.pageSize,
            total: data?.total ?? 0,
            showSizeChanger: true,
            showTotal: (total) => t('common.total', { total }),
            onChange: (p, size) => setPage((old) => ({ page: size === old.pageSize ? p : 1, pageSize: size })),
          }}
          data-testid="visits-table"
        />
      </Card>
      <VisitDrawer visitId={openId} onClose={() => open(null)} />
    </>
  );
}
