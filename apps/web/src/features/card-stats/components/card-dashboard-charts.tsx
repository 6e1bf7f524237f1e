import { BarChart, LineChart } from 'echarts/charts';
import { GridComponent, LegendComponent, TooltipComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';
import { Card, Col, Empty, Row } from 'antd';
import { useMemo, type ReactNode } from 'react';
import { useChart } from '../../../shared/use-chart';

// Only what these charts draw: bars, lines, axes, legend and tooltip on canvas.
echarts.use([BarChart, LineChart, GridComponent, LegendComponent, TooltipComponent, CanvasRenderer]);

/** Screenshots and browser tests see the final picture at once. */
const animation = typeof navigator === 'undefined' || !navigator.webdriver;
const RED = '#c8161d';
const GOLD = '#f0a020';
const BLUE = '#1f5fae';
const GREEN = '#389e0d';
const GREY = '#bfbfbf';
const axisLabel = { color: '#555' };
const splitLine = { lineStyle: { color: '#f0f0f0' } };
const axisLine = { lineStyle: { color: '#d9d9d9' } };

export interface FunnelBar {
  name: string;
  collected: number;
  applied: number;
  issued: number;
  activated: number;
}

export interface CardChartLabels {
  titles: { funnel: string; rates: string; quota: string; subsidy: string; categories: string };
  stages: { collected: string; applied: string; issued: string; activated: string };
  rates: { issue: string; activation: string; usage: string };
  signed: string;
  quota: string;
  subsidy: string;
  amount: string;
  transactions: string;
  empty: string;
  quotaNone: string;
  /** Axis figures in the page's language. */
  short: (v: number) => string;
}

export interface CardDashboardChartsProps {
  funnel: FunnelBar[];
  rates: { month: string; issue: number | null; activation: number | null; usage: number | null }[];
  quota: { name: string; signed: number; quota: number | null }[];
  subsidy: { month: string; subsidyYuan: number; amountYuan: number; transactions: number }[];
  categories: { name: string; transactions: number; subsidyYuan: number }[];
  labels: CardChartLabels;
  onPickUnit?: (index: number) => void;
}

const n = (v: unknown) => Number(v).toLocaleString('zh-CN');
const money = (v: unknown) => `¥${Number(v).toLocaleString('zh-CN', { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`;

/** The funnel per child unit: collected, applied, issued and activated side by side; a bar click drills in. */
function FunnelChart({ units, labels, onPick }: { units: FunnelBar[]; labels: CardChartLabels; onPick?: (index: number) => void }) {
  const option = useMemo(() => {
    const stages = [
      { key: 'collected' as const, color: GREY },
      { key: 'applied' as const, color: GOLD },
      { key: 'issued' as const, color: BLUE },
      { key: 'activated' as const, color: RED },
    ];
    return {
      animation,
      grid: { left: 8, right: 12, top: 36, bottom: 8, containLabel: true },
      legend: { top: 0, right: 0, data: stages.map((s) => labels.stages[s.key]) },
      tooltip: {
        trigger: 'axis',
        axisPointer: { type: 'shadow' },
        formatter: (ps: { dataIndex: number }[]) => {
          const u = units[ps[0]?.dataIndex ?? 0];
          if (!u) return '';
          const of = (a: number, b: number) => (b > 0 ? `（${((a / b) * 100).toFixed(1)}%）` : '');
          return [
            `<b>${u.name}</b>`,
            `${labels.stages.collected}：${n(u.collected)}`,
            `${labels.stages.applied}：${n(u.applied)}${of(u.applied, u.collected)}`,
            `${labels.stages.issued}：${n(u.issued)}${of(u.issued, u.applied)}`,
            `${labels.stages.activated}：${n(u.activated)}${of(u.activated, u.issued)}`,
          ].join('<br/>');
        },
      },
      xAxis: {
        type: 'category',
        data: units.map((u) => u.name),
        axisTick: { show: false },
        axisLabel: { color: '#444', interval: 0, rotate: units.length > 7 ? 30 : 0, width: units.length > 7 ? 90 : 110, overflow: 'truncate' },
        axisLine,
      },
      yAxis: { type: 'value', splitLine, axisLabel: { ...axisLabel, formatter: labels.short } },
      series: stages.map((s) => ({
        name: labels.stages[s.key],
        type: 'bar',
        barMaxWidth: 18,
        barGap: '10%',
        data: units.map((u) => u[s.key]),
        itemStyle: { color: s.color, borderRadius: [2, 2, 0, 0] },
        cursor: onPick ? 'pointer' : 'default',
      })),
    };
  }, [units, labels, onPick]);
  const ref = useChart(option, onPick);
  return <div ref={ref} className="tx-cd-chart" data-testid="card-dash-funnel-chart" />;
}

function RatesChart({ months, labels }: { months: CardDashboardChartsProps['rates']; labels: CardChartLabels }) {
  const option = useMemo(() => {
    const line = (name: string, data: (number | null)[], color: string, dashed = false) => ({
      name,
      type: 'line',
      data,
      symbol: 'circle',
      symbolSize: 6,
      connectNulls: true,
      itemStyle: { color },
      lineStyle: { color, width: 2, ...(dashed ? { type: 'dashed' } : {}) },
    });
    return {
      animation,
      grid: { left: 8, right: 12, top: 36, bottom: 8, containLabel: true },
      legend: { top: 0, right: 0, data: [labels.rates.issue, labels.rates.activation, labels.rates.usage] },
      tooltip: { trigger: 'axis', valueFormatter: (v: unknown) => (v === null || v === undefined ? '—' : `${Number(v).toFixed(2)}%`) },
      xAxis: { type: 'category', boundaryGap: false, data: months.map((m) => m.month), axisTick: { show: false }, axisLabel, axisLine },
      yAxis: { type: 'value', max: 100, splitLine, axisLabel: { ...axisLabel, formatter: '{value}%' } },
      series: [
        line(labels.rates.issue, months.map((m) => m.issue), RED),
        line(labels.rates.activation, months.map((m) => m.activation), BLUE),
        line(labels.rates.usage, months.map((m) => m.usage), GREEN, true),
      ],
    };
  }, [months, labels]);
  const ref = useChart(option);
  return <div ref={ref} className="tx-cd-chart" data-testid="card-dash-rates-chart" />;
}

function QuotaChart({ rows, labels }: { rows: CardDashboardChartsProps['quota']; labels: CardChartLabels }) {
  const option = useMemo(
    () => ({
      animation,
      grid: { left: 8, right: 12, top: 36, bottom: 8, containLabel: true },
      legend: { top: 0, right: 0, data: [labels.signed, labels.quota] },
      tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
      xAxis: {
        type: 'category',
        data: rows.map((r) => r.name),
        axisTick: { show: false },
        axisLabel: { color: '#444', interval: 0, rotate: rows.length > 5 ? 30 : 0, width: 80, overflow: 'truncate' },
        axisLine,
      },
      yAxis: { type: 'value', minInterval: 1, splitLine, axisLabel },
      series: [
        { name: labels.quota, type: 'bar', barMaxWidth: 22, barGap: '-100%', data: rows.map((r) => r.quota), itemStyle: { color: '#f5e3e3' }, z: 1 },
        { name: labels.signed, type: 'bar', barMaxWidth: 12, data: rows.map((r) => r.signed), itemStyle: { color: RED }, z: 2, label: { show: true, position: 'top', color: '#555', fontSize: 11 } },
      ],
    }),
    [rows, labels],
  );
  const ref = useChart(option);
  return <div ref={ref} className="tx-cd-chart" data-testid="card-dash-quota-chart" />;
}

function SubsidyChart({ months, labels }: { months: CardDashboardChartsProps['subsidy']; labels: CardChartLabels }) {
  const option = useMemo(
    () => ({
      animation,
      grid: { left: 8, right: 8, top: 36, bottom: 8, containLabel: true },
      legend: { top: 0, right: 0, data: [labels.subsidy, labels.transactions] },
      tooltip: {
        trigger: 'axis',
        formatter: (ps: { dataIndex: number }[]) => {
          const m = months[ps[0]?.dataIndex ?? 0];
          return m ? [`<b>${m.month}</b>`, `${labels.subsidy}：${money(m.subsidyYuan)}`, `${labels.amount}：${money(m.amountYuan)}`, `${labels.transactions}：${n(m.transactions)}`].join('<br/>') : '';
        },
      },
      xAxis: { type: 'category', data: months.map((m) => m.month.slice(2)), axisTick: { show: false }, axisLabel, axisLine },
      yAxis: [
        { type: 'value', splitLine, axisLabel: { ...axisLabel, formatter: labels.short } },
        { type: 'value', minInterval: 1, splitLine: { show: false }, axisLabel: { ...axisLabel, formatter: labels.short } },
      ],
      series: [
        { name: labels.subsidy, type: 'bar', barMaxWidth: 20, data: months.map((m) => m.subsidyYuan), itemStyle: { color: GOLD, borderRadius: [2, 2, 0, 0] } },
        { name: labels.transactions, type: 'line', yAxisIndex: 1, data: months.map((m) => m.transactions), symbol: 'emptyCircle', symbolSize: 5, itemStyle: { color: BLUE }, lineStyle: { color: BLUE } },
      ],
    }),
    [months, labels],
  );
  const ref = useChart(option);
  return <div ref={ref} className="tx-cd-chart" data-testid="card-dash-subsidy-chart" />;
}

function CategoriesChart({ rows, labels }: { rows: CardDashboardChartsProps['categories']; labels: CardChartLabels }) {
  const option = useMemo(
    () => ({
      animation,
      grid: { left: 8, right: 56, top: 8, bottom: 8, containLabel: true },
      tooltip: {
        trigger: 'axis',
        axisPointer: { type: 'shadow' },
        formatter: (ps: { dataIndex: number }[]) => {
          const r = rows[ps[0]?.dataIndex ?? 0];
          return r ? `<b>${r.name}</b><br/>${labels.transactions}：${n(r.transactions)}<br/>${labels.subsidy}：${money(r.subsidyYuan)}` : '';
        },
      },
      xAxis: { type: 'value', splitLine, axisLabel: { ...axisLabel, formatter: labels.short } },
      yAxis: { type: 'category', inverse: true, data: rows.map((r) => r.name), axisTick: { show: false }, axisLabel: { color: '#333' }, axisLine },
      series: [
        {
          type: 'bar',
          name: labels.transactions,
          barMaxWidth: 14,
          data: rows.map((r) => r.transactions),
          itemStyle: { color: RED, borderRadius: [0, 3, 3, 0] },
          label: { show: true, position: 'right', color: '#555', formatter: (p: { value: unknown }) => labels.short(Number(p.value)) },
        },
      ],
    }),
    [rows, labels],
  );
  const ref = useChart(option);
  return <div ref={ref} className="tx-cd-chart" data-testid="card-dash-categories-chart" />;
}

function ChartCard({ title, empty, emptyText, extra, children }: { title: string; empty: boolean; emptyText: string; extra?: ReactNode; children: ReactNode }) {
  return (
    <Card size="small" title={title} extra={extra} style={{ height: '100%' }}>
      {empty ? <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={emptyText} className="tx-cd-chart-empty" /> : children}
    </Card>
  );
}

/** The 普惠 dashboard's charts, in one lazily loaded module (ECharts is the largest dependency). */
export default function CardDashboardCharts({ funnel, rates, quota, subsidy, categories, labels, onPickUnit }: CardDashboardChartsProps) {
  const { titles } = labels;
  return (
    <Row gutter={[12, 12]} style={{ marginBottom: 12 }}>
      <Col xs={24} xl={14}>
        <ChartCard title={titles.funnel} empty={funnel.length === 0} emptyText={labels.empty}>
          <FunnelChart units={funnel} labels={labels} {...(onPickUnit ? { onPick: onPickUnit } : {})} />
        </ChartCard>
      </Col>
      <Col xs={24} xl={10}>
        <ChartCard title={titles.rates} empty={rates.length === 0} emptyText={labels.empty}>
          <RatesChart months={rates} labels={labels} />
        </ChartCard>
      </Col>
      <Col xs={24} xl={8}>
        <ChartCard title={titles.quota} empty={quota.length === 0} emptyText={labels.quotaNone}>
          <QuotaChart rows={quota} labels={labels} />
        </ChartCard>
      </Col>
      <Col xs={24} xl={8}>
        <ChartCard title={titles.subsidy} empty={subsidy.every((m) => m.transactions === 0)} emptyText={labels.empty}>
          <SubsidyChart months={subsidy} labels={labels} />
        </ChartCard>
      </Col>
      <Col xs={24} xl={8}>
        <ChartCard title={titles.categories} empty={categories.length === 0} emptyText={labels.empty}>
          <CategoriesChart rows={categories} labels={labels} />
        </ChartCard>
      </Col>
    </Row>
  );
}
