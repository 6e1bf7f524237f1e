import { DownloadOutlined, ReloadOutlined } from '@ant-design/icons';
import { merchantCategoryLabels, type CardStats, type MerchantCategoryCode } from '@tongxing/contracts';
import { App, Breadcrumb, Button, Card, DatePicker, Empty, Segmented, Skeleton, Space } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { lazy, Suspense, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { formatNumber } from '../../../shared/format';
import { pickLabel } from '../../../shared/i18n';
import { useApiError } from '../../../shared/use-api-error';
import { useCurrentUser } from '../../auth/auth-api';
import { RatesTable } from '../components/rates-table';
import { periodCode, ratePct, rateValue, yuan, yuanValue, type PeriodKind } from '../card-format';
import { exportCardStats, useCardDashboard, useCardStats } from '../card-stats-api';
import '../card-stats.css';

// ECharts is the largest dependency; it loads only with the charts.
const CardDashboardCharts = lazy(() => import('../components/card-dashboard-charts'));

/** Axis figures: 1.4万 in Chinese, 14k in English (here, so the page need not load ECharts to make them). */
function shortFigure(lang: string): (v: number) => string {
  if (lang === 'en') return (v) => (Math.abs(v) >= 1_000 ? `${Number((v / 1_000).toFixed(1))}k` : String(v));
  return (v) => (Math.abs(v) >= 10_000 ? `${Number((v / 10_000).toFixed(1))}万` : String(v));
}

/** The chart stays readable with this many units; the table below has them all. */
const MAX_BARS = 16;

function Kpi({ title, value, unit, sub, accent, testId }: { title: string; value: string; unit?: string; sub: string; accent?: boolean; testId: string }) {
  return (
    <Card size="small" className={accent ? 'tx-cd-kpi tx-cd-kpi-accent' : 'tx-cd-kpi'} data-testid={testId}>
      <div className="tx-cd-kpi-title">{title}</div>
      <div className="tx-cd-kpi-value">
        {value}
        {unit && <small>{unit}</small>}
      </div>
      <div className="tx-cd-kpi-sub" title={sub}>
        {sub}
      </div>
    </Card>
  );
}

function KpiRow({ stats, subsidyFen, purchases }: { stats: CardStats; subsidyFen: number; purchases: number }) {
  const { t, i18n } = useTranslation();
  const n = (v: number) => formatNumber(v, i18n.language);
  const base = stats.issueRateBase === 'members' ? t('cardDash.kpi.baseMembers') : t('cardDash.kpi.baseCollected');
  return (
    <div className="tx-cd-kpis">
      <Kpi testId="card-kpi-members" title={base} value={n(stats.members)} unit={t('cardDash.people')} sub={t('cardDash.kpi.collectedSub', { n: n(stats.collected) })} />
      <Kpi testId="card-kpi-issue" title={t('cardDash.kpi.issueRate')} value={ratePct(stats.issueRate)} sub={t('cardDash.kpi.issueSub', { n: n(stats.issued) })} accent />
      <Kpi testId="card-kpi-activation" title={t('cardDash.kpi.activationRate')} value={ratePct(stats.activationRate)} sub={t('cardDash.kpi.activationSub', { n: n(stats.activated) })} accent />
      <Kpi testId="card-kpi-usage" title={t('cardDash.kpi.usageRate')} value={ratePct(stats.usageRate)} sub={t('cardDash.kpi.usageSub', { n: n(stats.used) })} accent />
      <Kpi testId="card-kpi-subsidy" title={t('cardDash.kpi.subsidy')} value={yuan(subsidyFen)} sub={t('cardDash.kpi.subsidySub', { n: n(purchases) })} />
      <Kpi testId="card-kpi-period" title={t('cardDash.kpi.period')} value={stats.period} sub={t('cardDash.kpi.periodSub')} />
    </div>
  );
}

/** 普惠数据看板: the funnel per child unit, 开卡率 / 激活率 / 用卡率 for a month, quarter or year, merchants and subsidy. */
export function CardDashboardPage() {
  const { t, i18n } = useTranslation();
  const me = useCurrentUser();
  const { message } = App.useApp();
  const showError = useApiError();
  const [kind, setKind] = useState<PeriodKind>('month');
  const [day, setDay] = useState<Dayjs>(() => dayjs());
  const [path, setPath] = useState<{ orgId: number; name: string }[]>([]);
  const [exporting, setExporting] = useState(false);

  const period = periodCode(kind, day.year(), day.month() + 1);
  const orgId = path.at(-1)?.orgId;
  const params = { period, ...(orgId ? { orgId } : {}) };
  const stats = useCardStats(params);
  const dash = useCardDashboard(params);
  const unionOnly = stats.error || dash.error;

  const drill = (id: number, name: string) => {
    if (id === (orgId ?? stats.data?.orgId)) return;
    setPath((p) => [...p, { orgId: id, name }]);
  };
  const children = useMemo(() => stats.data?.children ?? [], [stats.data]);
  const funnelUnits = useMemo(() => {
    const rows = dash.data?.funnel ?? [];
    // The unit itself first, then its children; the chart compares the children (or shows the unit alone at the bottom of the tree).
    return (rows.length > 1 ? rows.slice(1) : rows).slice(0, MAX_BARS);
  }, [dash.data]);

  const chartProps = useMemo(() => {
    const d = dash.data;
    if (!d) return null;
    const lang = i18n.language;
    // A quarter or year still running ends in months to come: the series stop at this month.
    const thisMonth = dayjs().format('YYYY-MM');
    const quotaRows = d.merchantQuota.rows.length > 1 ? d.merchantQuota.rows.slice(1) : d.merchantQuota.rows;
    return {
      funnel: funnelUnits.map((f) => ({ name: f.orgName, collected: f.collected, applied: f.applied, issued: f.issued, activated: f.activated })),
      rates: d.rates.filter((m) => m.month <= thisMonth).map((m) => ({ month: m.month, issue: rateValue(m.issueRate), activation: rateValue(m.activationRate), usage: rateValue(m.usageRate) })),
      quota: d.merchantQuota.period ? quotaRows.map((r) => ({ name: r.orgName, signed: r.signed, quota: r.quota })) : [],
      subsidy: d.subsidyByMonth.filter((m) => m.month <= thisMonth).map((m) => ({ month: m.month, subsidyYuan: yuanValue(m.subsidyFen), amountYuan: yuanValue(m.amountFen), transactions: m.purchases })),
      categories: d.topCategories.slice(0, 10).map((c) => ({
        name: c.category in merchantCategoryLabels ? pickLabel(merchantCategoryLabels[c.category as MerchantCategoryCode], lang) : c.category,
        transactions: c.transactions,
        subsidyYuan: yuanValue(c.subsidyFen),
      })),
      labels: {
        titles: {
          funnel: d.funnel.length - 1 > funnelUnits.length ? t('cardDash.chart.funnelTop', { count: funnelUnits.length }) : t('cardDash.chart.funnel'),
          rates: t('cardDash.chart.rates'),
          quota: d.merchantQuota.period ? t('cardDash.chart.quotaOf', { name: d.merchantQuota.period.name }) : t('cardDash.chart.quota'),
          subsidy: t('cardDash.chart.subsidy'),
          categories: t('cardDash.chart.categories'),
        },
        stages: { collected: t('cardDash.stage.collected'), applied: t('cardDash.stage.applied'), issued: t('cardDash.stage.issued'), activated: t('cardDash.stage.activated') },
        rates: { issue: t('cardDash.kpi.issueRate'), activation: t('cardDash.kpi.activationRate'), usage: t('cardDash.kpi.usageRate') },
        signed: t('cardDash.chart.signed'),
        quota: t('cardDash.chart.quotaBar'),
        subsidy: t('cardDash.chart.subsidyBar'),
        amount: t('cardDash.chart.amount'),
        transactions: t('cardDash.chart.transactions'),
        empty: t('cardDash.chart.empty'),
        quotaNone: t('cardDash.chart.quotaNone'),
        short: shortFigure(lang),
      },
    };
  }, [dash.data, funnelUnits, t, i18n.language]);

  const subsidy = useMemo(() => {
    const months = dash.data?.subsidyByMonth ?? [];
    return { fen: months.reduce((s, m) => s + m.subsidyFen, 0), purchases: months.reduce((s, m) => s + m.purchases, 0) };
  }, [dash.data]);

  const onExport = async () => {
    setExporting(true);
    try {
      await exportCardStats(params, `${t('cardDash.exportName')}-${period}.xlsx`);
      void message.success(t('cardDash.exported'));
    } catch (err) {
      showError(err);
    } finally {
      setExporting(false);
    }
  };

  const crumbs =
    path.length === 0
      ? []
      : [
          { key: 'top', title: <a onClick={() => setPath([])}>{me.org.name}</a> },
          ...path.map((p, i) => ({ key: String(p.orgId), title: i === path.length - 1 ? <span>{p.name}</span> : <a onClick={() => setPath((list) => list.slice(0, i + 1))}>{p.name}</a> })),
        ];

  return (
    <>
      <div className="tx-page-title">
        <h2>{t('cardDash.title')}</h2>
        <Button icon={<DownloadOutlined />} loading={exporting} onClick={() => void onExport()} disabled={!stats.data} data-testid="card-dash-export">
          {t('cardDash.export')}
        </Button>
      </div>
      <Card size="small" className="tx-filter-bar">
        <Space wrap size={[12, 8]}>
          <span className="tx-muted">{t('cardDash.period')}</span>
          <Segmented<PeriodKind>
            value={kind}
            onChange={setKind}
            options={[
              { value: 'month', label: t('cardDash.month') },
              { value: 'quarter', label: t('cardDash.quarter') },
              { value: 'year', label: t('cardDash.year') },
            ]}
            data-testid="card-dash-kind"
          />
          <DatePicker
            picker={kind}
            value={day}
            onChange={(d) => d && setDay(d)}
            allowClear={false}
            disabledDate={(d) => d.isAfter(dayjs(), kind === 'quarter' ? 'month' : kind)}
            format={kind === 'quarter' ? (v) => periodCode('quarter', v.year(), v.month() + 1) : undefined}
            data-testid="card-dash-period"
          />
          <Button icon={<ReloadOutlined />} onClick={() => void Promise.all([stats.refetch(), dash.refetch()])} loading={stats.isFetching || dash.isFetching} aria-label={t('common.refresh')} />
          {stats.data && path.length === 0 && <span className="tx-muted">{t('cardDash.scopeOf', { name: stats.data.orgName })}</span>}
        </Space>
      </Card>
      {crumbs.length > 0 && <Breadcrumb items={crumbs} style={{ margin: '0 0 10px 2px' }} data-testid="card-dash-crumbs" />}

      {unionOnly && !stats.data ? (
        <Card size="small">
          <Empty description={t('cardDash.unavailable')} />
        </Card>
      ) : !stats.data ? (
        <Card size="small">
          <Skeleton active paragraph={{ rows: 12 }} />
        </Card>
      ) : (
        <>
          <KpiRow stats={stats.data} subsidyFen={subsidy.fen} purchases={subsidy.purchases} />
          <Suspense fallback={<Skeleton active paragraph={{ rows: 8 }} />}>
            {chartProps && <CardDashboardCharts {...chartProps} onPickUnit={(i) => funnelUnits[i] && drill(funnelUnits[i].orgId, funnelUnits[i].orgName)} />}
          </Suspense>
          <Card size="small" title={t('cardDash.table.title', { name: stats.data.orgName, period: stats.data.period })}>
            <RatesTable
              rows={children}
              total={stats.data}
              loading={stats.isFetching}
              issueBase={stats.data.issueRateBase}
              onDrill={(r) => drill(r.orgId, r.orgName)}
            />
          </Card>
        </>
      )}
    </>
  );
}
