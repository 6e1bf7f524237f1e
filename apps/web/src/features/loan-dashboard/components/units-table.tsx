import { Progress, Table, Typography } from 'antd';
import type { TableColumnsType } from 'antd';
import { useTranslation } from 'react-i18next';
import { count, pct, progressPercent, wan } from '../dashboard-format';
import type { DashboardUnit } from '../loan-dashboard-api';

/** Completion colours: behind (red), on the way (gold), met (green). */
function progressColor(percent: number): string {
  if (percent >= 100) return '#389e0d';
  if (percent >= 60) return '#d4b106';
  return '#c8161d';
}

/**
 * A row per unit below the one in view (the districts for the whole city) with its progress against the
 * allocated lending target; a unit's name drills into it.
 */
export function UnitsTable({ units, loading, onDrill }: { units: DashboardUnit[]; loading: boolean; onDrill?: (u: DashboardUnit) => void }) {
  const { t, i18n } = useTranslation();
  const n = (v: number) => count(v, i18n.language);
  const name = (u: DashboardUnit) => u.shortName ?? u.orgName;

  const columns: TableColumnsType<DashboardUnit> = [
    { title: '#', key: 'index', width: 44, render: (_v, _r, i) => i + 1 },
    {
      title: t('loanDash.table.unit'),
      key: 'unit',
      width: 180,
      fixed: 'left',
      render: (_v, u) =>
        onDrill ? (
          <Typography.Link onClick={() => onDrill(u)} title={u.orgName} data-testid="loan-dash-drill">
            {name(u)}
          </Typography.Link>
        ) : (
          <span title={u.orgName}>{name(u)}</span>
        ),
    },
    { title: t('loanDash.table.lentCount'), dataIndex: 'lentCount', width: 90, align: 'right', sorter: (a, b) => a.lentCount - b.lentCount, render: n },
    { title: t('loanDash.table.lent'), dataIndex: 'lentFen', width: 130, align: 'right', sorter: (a, b) => a.lentFen - b.lentFen, defaultSortOrder: 'descend', render: (v: number) => wan(v) },
    { title: t('loanDash.table.target'), key: 'target', width: 120, align: 'right', render: (_v, u) => (u.target ? wan(u.target.lendingFen) : <span className="tx-muted">—</span>) },
    {
      title: t('loanDash.table.progress'),
      key: 'progress',
      width: 190,
      sorter: (a, b) => (a.progress?.lendingBps ?? -1) - (b.progress?.lendingBps ?? -1),
      render: (_v, u) => {
        const bps = u.progress?.lendingBps;
        if (bps === null || bps === undefined) return <span className="tx-muted">—</span>;
        const p = progressPercent(bps);
        return <Progress percent={Math.min(p, 100)} size="small" strokeColor={progressColor(p)} format={() => pct(bps)} data-testid="loan-dash-progress" />;
      },
    },
    { title: t('loanDash.table.outstanding'), dataIndex: 'outstandingFen', width: 120, align: 'right', render: (v: number) => wan(v) },
    { title: t('loanDash.table.inReview'), dataIndex: 'inReviewCount', width: 90, align: 'right', render: n },
    { title: t('loanDash.table.enterprises'), dataIndex: 'enterprises', width: 100, align: 'right', render: n },
    { title: t('loanDash.table.entrepreneurs'), dataIndex: 'entrepreneurs', width: 110, align: 'right', render: n },
    { title: t('loanDash.table.jobs'), key: 'jobs', width: 140, align: 'right', render: (_v, u) => `${n(u.jobsCreated)} / ${n(u.jobsExpected)}` },
    {
      title: t('loanDash.table.overdue'),
      dataIndex: 'overdueCount',
      width: 90,
      align: 'right',
      sorter: (a, b) => a.overdueCount - b.overdueCount,
      render: (v: number) => (v > 0 ? <span style={{ color: '#cf1322', fontWeight: 600 }}>{n(v)}</span> : n(v)),
    },
    { title: t('loanDash.table.overduePrincipal'), dataIndex: 'overduePrincipalFen', width: 130, align: 'right', render: (v: number) => wan(v) },
    { title: t('loanDash.table.visits'), key: 'visits', width: 110, align: 'right', render: (_v, u) => `${n(u.visitsDone)} / ${n(u.visitsDue)}` },
  ];

  return (
    <Table<DashboardUnit>
      rowKey="orgId"
      size="small"
      columns={columns}
      dataSource={units}
      loading={loading}
      pagination={units.length > 30 ? { pageSize: 30, showSizeChanger: false } : false}
      scroll={{ x: 1560 }}
      locale={{ emptyText: t('loanDash.table.empty') }}
      data-testid="loan-dash-units"
    />
  );
}
