import { AlertOutlined, AuditOutlined, BankOutlined, CarryOutOutlined, GiftOutlined, LineChartOutlined, MoneyCollectOutlined, ShopOutlined, TeamOutlined, UserOutlined } from '@ant-design/icons';
import type { LoanDashboard } from '@tongxing/contracts';
import { Card, Progress, Tooltip } from 'antd';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { count, pct, progressPercent, times, wan } from '../dashboard-format';

interface Kpi {
  key: string;
  title: string;
  value: string;
  unit: string;
  sub: string;
  icon: ReactNode;
  color: string;
  /** Completion against a target (0–100), shown as a thin bar under the figure. */
  progress?: number | null;
}

function KpiCard({ kpi }: { kpi: Kpi }) {
  return (
    <Card size="small" className="tx-ld-kpi" data-testid={`loan-kpi-${kpi.key}`}>
      <div className="tx-ld-kpi-head">
        <span className="tx-ld-kpi-icon" style={{ color: kpi.color, background: `${kpi.color}14` }}>
          {kpi.icon}
        </span>
        <span className="tx-ld-kpi-title">{kpi.title}</span>
      </div>
      <div className="tx-ld-kpi-value">
        <span data-testid={`loan-kpi-${kpi.key}-value`}>{kpi.value}</span>
        {kpi.unit && <small>{kpi.unit}</small>}
      </div>
      {kpi.progress !== undefined && kpi.progress !== null ? (
        <Tooltip title={kpi.sub}>
          <Progress percent={Math.min(kpi.progress, 100)} size="small" showInfo={false} strokeColor={kpi.color} style={{ margin: '2px 0 0' }} />
        </Tooltip>
      ) : null}
      <div className="tx-ld-kpi-sub" title={kpi.sub}>
        {kpi.sub}
      </div>
    </Card>
  );
}

/** The programme's headline figures: lending, reach, jobs, leverage, risk, subsidies and visits. */
export function KpiCards({ data }: { data: LoanDashboard }) {
  const { t, i18n } = useTranslation();
  const n = (v: number | null | undefined) => count(v, i18n.language);
  const target = data.targets;
  const progress = data.progress;
  const ofTarget = (value: number | null | undefined, bps: number | null | undefined) =>
    value ? t('loanDash.kpi.ofTarget', { target: n(value), pct: pct(bps) }) : t('loanDash.kpi.noTarget');

  const kpis: Kpi[] = [
    {
      key: 'lent',
      title: t('loanDash.kpi.lent'),
      value: wan(data.lentFen),
      unit: t('loanDash.wan'),
      sub: t('loanDash.kpi.lentSub', { count: n(data.lentCount), pct: pct(progress?.lendingBps) }),
      icon: <MoneyCollectOutlined />,
      color: '#c8161d',
      progress: target?.lendingFen ? progressPercent(progress?.lendingBps) : null,
    },
    {
      key: 'outstanding',
      title: t('loanDash.kpi.outstanding'),
      value: wan(data.outstandingFen),
      unit: t('loanDash.wan'),
      sub: t('loanDash.kpi.outstandingSub', { pct: data.lentFen > 0 ? pct(Math.round((data.outstandingFen * 10_000) / data.lentFen)) : '—' }),
      icon: <BankOutlined />,
      color: '#1f5fae',
    },
    {
      key: 'review',
      title: t('loanDash.kpi.inReview'),
      value: n(data.inReviewCount),
      unit: t('loanDash.items'),
      sub: t('loanDash.kpi.modelWorkers', { count: n(data.modelWorkerLoans) }),
      icon: <AuditOutlined />,
      color: '#d4b106',
    },
    {
      key: 'enterprises',
      title: t('loanDash.kpi.enterprises'),
      value: n(data.enterprises),
      unit: t('loanDash.households'),
      sub: ofTarget(target?.enterprises, progress?.enterprisesBps),
      icon: <ShopOutlined />,
      color: '#d46b08',
      progress: target?.enterprises ? progressPercent(progress?.enterprisesBps) : null,
    },
    {
      key: 'entrepreneurs',
      title: t('loanDash.kpi.entrepreneurs'),
      value: n(data.entrepreneurs),
      unit: t('loanDash.people'),
      sub: ofTarget(target?.entrepreneurs, progress?.entrepreneursBps),
      icon: <UserOutlined />,
      color: '#722ed1',
      progress: target?.entrepreneurs ? progressPercent(progress?.entrepreneursBps) : null,
    },
    {
      key: 'jobs',
      title: t('loanDash.kpi.jobs'),
      value: n(data.jobsCreated),
      unit: t('loanDash.people'),
      sub: t('loanDash.kpi.jobsSub', { expected: n(data.jobsExpected), pct: pct(progress?.jobsBps) }),
      icon: <TeamOutlined />,
      color: '#389e0d',
      progress: target?.jobs ? progressPercent(progress?.jobsBps) : null,
    },
    {
      key: 'leverage',
      title: t('loanDash.kpi.leverage'),
      value: times(data.fund?.leverageBps),
      unit: data.fund?.leverageBps !== null && data.fund?.leverageBps !== undefined ? t('loanDash.times') : '',
      sub: data.fund ? t('loanDash.kpi.leverageSub', { fund: wan(data.fund.fundFen) }) : t('loanDash.kpi.noFund'),
      icon: <LineChartOutlined />,
      color: '#13a8a8',
    },
    {
      key: 'overdue',
      title: t('loanDash.kpi.overdueRate'),
      value: pct(data.overdue.rateBps),
      unit: '',
      sub: t('loanDash.kpi.overdueSub', { count: n(data.overdue.count), amount: wan(data.overdue.principalFen) }),
      icon: <AlertOutlined />,
      color: data.overdue.count > 0 ? '#cf1322' : '#8c8c8c',
    },
    {
      key: 'subsidies',
      title: t('loanDash.kpi.subsidies'),
      value: wan(data.subsidies.paidFen),
      unit: t('loanDash.wan'),
      sub: t('loanDash.kpi.subsidiesSub', { premium: wan(data.subsidies.premiumPaidFen), interest: wan(data.subsidies.interestPaidFen) }),
      icon: <GiftOutlined />,
      color: '#c41d7f',
    },
    {
      key: 'visits',
      title: t('loanDash.kpi.visits'),
      value: pct(data.visits.doneRateBps),
      unit: '',
      sub: t('loanDash.kpi.visitsSub', { due: n(data.visits.due), done: n(data.visits.done), overdue: n(data.visits.overdue) }),
      icon: <CarryOutOutlined />,
      color: '#faad14',
      progress: data.visits.doneRateBps === null ? null : progressPercent(data.visits.doneRateBps),
    },
  ];

  return (
    <div className="tx-ld-kpis" data-testid="loan-kpis">
      {kpis.map((k) => (
        <KpiCard key={k.key} kpi={k} />
      ))}
    </div>
  );
}
