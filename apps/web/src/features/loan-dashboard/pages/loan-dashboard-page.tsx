import { DownloadOutlined, ReloadOutlined } from '@ant-design/icons';
import type { LoanState } from '@tongxing/domain';
import { loanStates } from '@tongxing/domain';
import { App, Breadcrumb, Button, Card, DatePicker, Empty, Select, Skeleton, Space, Tag } from 'antd';
import dayjs from 'dayjs';
import { lazy, Suspense, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useApiError } from '../../../shared/use-api-error';
import { hasPermission, useCurrentUser } from '../../auth/auth-api';
import { useProgrammes } from '../../loan-programmes/programmes-api';
import { exportLoans } from '../../loans/loans-api';
import { useOrgList } from '../../orgs/orgs-api';
import { KpiCards } from '../components/kpi-cards';
import { UnitsTable } from '../components/units-table';
import { wanValue } from '../dashboard-format';
import { useLoanDashboard, type DashboardUnit } from '../loan-dashboard-api';
import '../loan-dashboard.css';

// ECharts is the largest dependency; it loads only with the charts.
const DashboardCharts = lazy(() => import('../components/dashboard-charts'));

/** The chart stays readable with this many units; the table below has them all. */
const MAX_BARS = 15;

const stateColor: Record<LoanState, string> = {
  draft: '#bfbfbf',
  submitted: '#fadb14',
  in_review: '#faad14',
  returned: '#fa8c16',
  approved: '#13c2c2',
  repaying: '#1f5fae',
  settled: '#389e0d',
  withdrawn: '#d9d9d9',
  rejected: '#8c8c8c',
  defaulted: '#cf1322',
  claimed: '#d4380d',
  recovered: '#722ed1',
  written_off: '#595959',
};

/** 数据看板: the programme's figures within my scope, charts, and the units below with their targets. */
export function LoanDashboardPage() {
  const { t, i18n } = useTranslation();
  const me = useCurrentUser();
  const { message } = App.useApp();
  const showError = useApiError();
  const canExport = hasPermission(me, 'loan:export');
  // Cadres above the districts pick a district; everyone can drill into the units below theirs.
  const cityLevel = me.org.kind === 'city_federation';
  const programmes = useProgrammes();
  const districts = useOrgList({ kind: 'district_union', status: 'active', pageSize: 50 }, cityLevel && hasPermission(me, 'org:read'));
  const [chosenProgramme, setProgramme] = useState<number | 'all' | undefined>(undefined);
  const [path, setPath] = useState<{ orgId: number; name: string }[]>([]);
  const [asOf, setAsOf] = useState<string | undefined>(undefined);
  const [exporting, setExporting] = useState(false);

  // The first programme until the user picks another (or all): its targets are the ones that mean something.
  const programmeId = chosenProgramme === 'all' ? undefined : (chosenProgramme ?? programmes.data?.items[0]?.id);
  const orgId = path.at(-1)?.orgId;
  const params = { ...(programmeId ? { programmeId } : {}), ...(orgId ? { orgId } : {}), ...(asOf ? { asOf } : {}) };
  const waiting = programmes.isPending;
  const { data, isFetching, refetch } = useLoanDashboard(params, !waiting);

  const drill = (u: DashboardUnit) => setPath((p) => [...p, { orgId: u.orgId, name: u.shortName ?? u.orgName }]);
  const units = useMemo(() => [...(data?.units ?? [])].sort((a, b) => b.lentFen - a.lentFen), [data]);
  const chartUnits = units.slice(0, MAX_BARS);

  const chartProps = useMemo(() => {
    if (!data) return null;
    const byState = new Map(data.states.map((s) => [s.state, s]));
    return {
      states: loanStates
        .filter((s) => s !== 'draft' || (byState.get(s)?.count ?? 0) > 0)
        .map((s) => ({ label: t(`loans.state.${s}`), count: byState.get(s)?.count ?? 0, amountWan: wanValue(byState.get(s)?.amountFen ?? 0), color: stateColor[s] })),
      units: chartUnits.map((u) => ({
        name: u.shortName ?? u.orgName,
        lentWan: wanValue(u.lentFen),
        targetWan: u.target ? wanValue(u.target.lendingFen) : null,
        completion: u.progress?.lendingBps === null || u.progress?.lendingBps === undefined ? null : u.progress.lendingBps / 100,
      })),
      overdue: data.overdue.buckets.map((b) => ({ label: t('loanDash.chart.days', { bucket: b.bucket }), count: b.count, principalWan: wanValue(b.principalFen) })),
      monthly: data.monthly.map((m) => ({ month: m.month, count: m.count, amountWan: wanValue(m.amountFen) })),
      labels: {
        titles: {
          states: t('loanDash.chart.states'),
          districts: units.length > MAX_BARS ? t('loanDash.chart.districtsTop', { count: MAX_BARS }) : t('loanDash.chart.districts'),
          overdue: t('loanDash.chart.overdue'),
          monthly: t('loanDash.chart.monthly'),
        },
        count: t('loanDash.chart.statesCount'),
        amount: t('loanDash.chart.statesAmount'),
        lent: t('loanDash.chart.lent'),
        target: t('loanDash.chart.target'),
        completion: t('loanDash.chart.completion'),
        overdueCount: t('loanDash.chart.overdueCount'),
        overduePrincipal: t('loanDash.chart.overduePrincipal'),
        monthlyAmount: t('loanDash.chart.monthlyAmount'),
        monthlyCount: t('loanDash.chart.monthlyCount'),
        empty: t('loanDash.chart.empty'),
      },
    };
    // chartUnits follows units, which follows data.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [data, units, t, i18n.language]);

  const onExport = async () => {
    setExporting(true);
    try {
      await exportLoans({ ...(programmeId ? { programmeId } : {}), ...(orgId ? { orgId } : {}) }, `${t('loanDash.exportName')}-${dayjs().format('YYYYMMDD')}.xlsx`);
      void message.success(t('loanDash.exported'));
    } catch (err) {
      showError(err);
    } finally {
      setExporting(false);
    }
  };

  const programmeOptions = [
    { value: 'all' as const, label: t('loanDash.allProgrammes') },
    ...(programmes.data?.items ?? []).map((p) => ({ value: p.id, label: i18n.language === 'en' ? (p.nameEn ?? p.name) : p.name })),
  ];
  const crumbs =
    path.length === 0
      ? []
      : [
          { key: 'top', title: <a onClick={() => setPath([])}>{me.org.name}</a> },
          ...path.map((p, i) => ({ key: String(p.orgId), title: i === path.length - 1 ? <span>{p.name}</span> : <a onClick={() => setPath((list) => list.slice(0, i + 1))}>{p.name}</a> })),
        ];
  const noProgramme = !programmes.isPending && (programmes.data?.items.length ?? 0) === 0;

  return (
    <>
      <div className="tx-page-title">
        <h2>{t('loanDash.title')}</h2>
        {canExport && (
          <Button icon={<DownloadOutlined />} loading={exporting} onClick={() => void onExport()} data-testid="loan-dash-export">
            {t('loanDash.export')}
          </Button>
        )}
      </div>
      <Card size="small" className="tx-filter-bar">
        <Space wrap size={[12, 8]}>
          <span className="tx-muted">{t('loanDash.programme')}</span>
          <Select<number | 'all'>
            value={programmeId ?? 'all'}
            onChange={(v) => setProgramme(v)}
            options={programmeOptions}
            loading={programmes.isPending}
            style={{ width: 220 }}
            data-testid="loan-dash-programme"
          />
          {cityLevel && (
            <>
              <span className="tx-muted">{t('loanDash.district')}</span>
              <Select<number | undefined>
                value={path[0]?.orgId}
                placeholder={t('loanDash.allDistricts')}
                allowClear
                onChange={(id) => {
                  const d = districts.data?.items.find((x) => x.id === id);
                  setPath(d ? [{ orgId: d.id, name: d.shortName ?? d.name }] : []);
                }}
                options={(districts.data?.items ?? []).map((d) => ({ value: d.id, label: d.name }))}
                loading={districts.isLoading}
                style={{ width: 200 }}
                data-testid="loan-dash-district"
              />
            </>
          )}
          <span className="tx-muted">{t('loanDash.asOf')}</span>
          <DatePicker
            value={asOf ? dayjs(asOf) : dayjs()}
            onChange={(d) => setAsOf(d && !d.isSame(dayjs(), 'day') ? d.format('YYYY-MM-DD') : undefined)}
            allowClear={false}
            disabledDate={(d) => d.isAfter(dayjs().add(1, 'year'))}
            data-testid="loan-dash-asof"
          />
          <Button icon={<ReloadOutlined />} onClick={() => void refetch()} loading={isFetching} aria-label={t('common.refresh')} />
          {data?.org === null && <Tag color="blue">{t('loanDash.partnerView')}</Tag>}
          {data?.org && path.length === 0 && <span className="tx-muted">{t('loanDash.scopeOf', { name: data.org.name })}</span>}
        </Space>
      </Card>
      {crumbs.length > 0 && <Breadcrumb items={crumbs} style={{ margin: '0 0 10px 2px' }} data-testid="loan-dash-crumbs" />}

      {noProgramme ? (
        <Card size="small">
          <Empty description={t('loanDash.noProgramme')} />
        </Card>
      ) : !data ? (
        <Card size="small">
          <Skeleton active paragraph={{ rows: 12 }} />
        </Card>
      ) : (
        <>
          <KpiCards data={data} />
          <Suspense fallback={<Skeleton active paragraph={{ rows: 8 }} />}>
            {chartProps && <DashboardCharts {...chartProps} onPickUnit={(i) => chartUnits[i] && drill(chartUnits[i])} />}
          </Suspense>
          <Card size="small" title={data.org ? t('loanDash.table.title', { name: path.at(-1)?.name ?? data.org.shortName ?? data.org.name }) : t('loanDash.table.titlePlain')}>
            <UnitsTable units={units} loading={isFetching} onDrill={drill} />
          </Card>
        </>
      )}
    </>
  );
}
