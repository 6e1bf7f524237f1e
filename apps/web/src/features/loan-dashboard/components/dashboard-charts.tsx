import { BarChart, LineChart } from 'echarts/charts';
import { GridComponent, LegendComponent, TooltipComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';
import { Card, Col, Empty, Row } from 'antd';
import { useMemo } from 'react';
import { useChart } from '../../../shared/use-chart';

// Only what these four charts draw: bars, lines, axes, legend and tooltip on canvas.
echarts.use([BarChart, LineChart, GridComponent, LegendComponent, TooltipComponent, CanvasRenderer]);

/** Screenshots and browser tests see the final picture at once. */
const animation = typeof navigator === 'undefined' || !navigator.webdriver;
const RED = '#c8161d';
const GOLD = '#f6c344';
const BLUE = '#1f5fae';
const axisLabel = { color: '#555' };
const splitLine = { lineStyle: { color: '#f0f0f0' } };

export interface StateBar {
  label: string;
  count: number;
  amountWan: number;
  color: string;
}

export interface UnitBar {
  name: string;
  lentWan: number;
  targetWan: number | null;
  completion: number | null;
}

export interface ChartLabels {
  titles: { states: string; districts: string; overdue: string; monthly: string };
  count: string;
  amount: string;
  lent: string;
  target: string;
  completion: string;
  overdueCount: string;
  overduePrincipal: string;
  monthlyAmount: string;
  monthlyCount: string;
  empty: string;
}

export interface DashboardChartsProps {
  states: StateBar[];
  units: UnitBar[];
  overdue: { label: string; count: number; principalWan: number }[];
  monthly: { month: string; count: number; amountWan: number }[];
  labels: ChartLabels;
  onPickUnit?: (index: number) => void;
}

const money = (v: unknown) => Number(v).toLocaleString('zh-CN', { minimumFractionDigits: 2, maximumFractionDigits: 2 });

/** Count per state (horizontal bars, the lifecycle from top to bottom), amount in the tooltip. */
function StatesChart({ states, labels }: { states: StateBar[]; labels: ChartLabels }) {
  const option = useMemo(
    () => ({
      animation,
      grid: { left: 8, right: 48, top: 8, bottom: 8, containLabel: true },
      tooltip: {
        trigger: 'axis',
        axisPointer: { type: 'shadow' },
        formatter: (ps: { dataIndex: number }[]) => {
          const s = states[ps[0]?.dataIndex ?? 0];
          return s ? `${s.label}<br/>${labels.count}：${s.count.toLocaleString()}<br/>${labels.amount}：${money(s.amountWan)}` : '';
        },
      },
      xAxis: { type: 'value', minInterval: 1, splitLine, axisLabel },
      yAxis: { type: 'category', inverse: true, data: states.map((s) => s.label), axisTick: { show: false }, axisLabel: { color: '#333' }, axisLine: { lineStyle: { color: '#d9d9d9' } } },
      series: [
        {
          type: 'bar',
          name: labels.count,
          barMaxWidth: 16,
          data: states.map((s) => ({ value: s.count, itemStyle: { color: s.color, borderRadius: [0, 3, 3, 0] } })),
          label: { show: true, position: 'right', color: '#555', formatter: (p: { value: unknown }) => Number(p.value).toLocaleString() },
        },
      ],
    }),
    [states, labels],
  );
  const ref = useChart(option);
  return <div ref={ref} className="tx-ld-chart" data-testid="loan-dash-states-chart" />;
}

/** Lent per unit as bars, the unit's target as a line over them; a bar click drills into the unit. */
function UnitsChart({ units, labels, onPick }: { units: UnitBar[]; labels: ChartLabels; onPick?: (index: number) => void }) {
  const hasTargets = units.some((u) => u.targetWan !== null);
  const option = useMemo(
    () => ({
      animation,
      grid: { left: 8, right: 16, top: 36, bottom: 8, containLabel: true },
      legend: { top: 0, right: 0, data: hasTargets ? [labels.lent, labels.target] : [labels.lent] },
      tooltip: {
        trigger: 'axis',
        axisPointer: { type: 'shadow' },
        formatter: (ps: { dataIndex: number }[]) => {
          const u = units[ps[0]?.dataIndex ?? 0];
          if (!u) return '';
          const lines = [u.name, `${labels.lent}：${money(u.lentWan)}`];
          if (u.targetWan !== null) lines.push(`${labels.target}：${money(u.targetWan)}`);
          if (u.completion !== null) lines.push(`${labels.completion}：${u.completion.toFixed(1)}%`);
          return lines.join('<br/>');
        },
      },
      xAxis: {
        type: 'category',
        data: units.map((u) => u.name),
        axisTick: { show: false },
        axisLabel: { color: '#444', interval: 0, rotate: units.length > 6 ? 30 : 0, width: units.length > 6 ? 90 : 120, overflow: 'truncate' },
        axisLine: { lineStyle: { color: '#d9d9d9' } },
      },
      yAxis: { type: 'value', splitLine, axisLabel },
      series: [
        { name: labels.lent, type: 'bar', barMaxWidth: 28, data: units.map((u) => u.lentWan), itemStyle: { color: RED }, cursor: onPick ? 'pointer' : 'default' },
        ...(hasTargets
          ? [{ name: labels.target, type: 'line', data: units.map((u) => u.targetWan), symbol: 'circle', symbolSize: 7, itemStyle: { color: GOLD }, lineStyle: { color: GOLD, width: 2 } }]
          : []),
      ],
    }),
    [units, labels, hasTargets, onPick],
  );
  const ref = useChart(option, onPick);
  return <div ref={ref} className="tx-ld-chart" data-testid="loan-dash-units-chart" />;
}

function OverdueChart({ buckets, labels }: { buckets: DashboardChartsProps['overdue']; labels: ChartLabels }) {
  const option = useMemo(
    () => ({
      animation,
      grid: { left: 8, right: 8, top: 36, bottom: 8, containLabel: true },
      legend: { top: 0, right: 0, data: [labels.overdueCount, labels.overduePrincipal] },
      tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
      xAxis: { type: 'category', data: buckets.map((b) => b.label), axisTick: { show: false }, axisLabel: { color: '#333' }, axisLine: { lineStyle: { color: '#d9d9d9' } } },
      yAxis: [
        { type: 'value', minInterval: 1, splitLine, axisLabel },
        { type: 'value', splitLine: { show: false }, axisLabel },
      ],
      series: [
        {
          name: labels.overdueCount,
          type: 'bar',
          barMaxWidth: 36,
          data: buckets.map((b, i) => ({ value: b.count, itemStyle: { color: ['#f6c344', '#fa8c16', '#f5222d', '#820014'][i] ?? RED } })),
          label: { show: true, position: 'top', color: '#555' },
        },
        { name: labels.overduePrincipal, type: 'line', yAxisIndex: 1, data: buckets.map((b) => b.principalWan), symbol: 'circle', symbolSize: 6, itemStyle: { color: BLUE }, lineStyle: { color: BLUE } },
      ],
    }),
    [buckets, labels],
  );
  const ref = useChart(option);
  return <div ref={ref} className="tx-ld-chart" data-testid="loan-dash-overdue-chart" />;
}

function MonthlyChart({ months, labels }: { months: DashboardChartsProps['monthly']; labels: ChartLabels }) {
  const option = useMemo(
    () => ({
      animation,
      grid: { left: 8, right: 8, top: 36, bottom: 8, containLabel: true },
      legend: { top: 0, right: 0, data: [labels.monthlyAmount, labels.monthlyCount] },
      tooltip: { trigger: 'axis' },
      xAxis: { type: 'category', boundaryGap: false, data: months.map((m) => m.month), axisTick: { show: false }, axisLabel, axisLine: { lineStyle: { color: '#d9d9d9' } } },
      yAxis: [
        { type: 'value', splitLine, axisLabel },
        { type: 'value', minInterval: 1, splitLine: { show: false }, axisLabel },
      ],
      series: [
        {
          name: labels.monthlyAmount,
          type: 'line',
          data: months.map((m) => m.amountWan),
          smooth: true,
          symbol: 'circle',
          symbolSize: 6,
          itemStyle: { color: RED },
          lineStyle: { color: RED, width: 2 },
          areaStyle: { color: 'rgba(200, 22, 29, 0.08)' },
        },
        { name: labels.monthlyCount, type: 'line', yAxisIndex: 1, data: months.map((m) => m.count), symbol: 'emptyCircle', symbolSize: 5, itemStyle: { color: BLUE }, lineStyle: { color: BLUE, type: 'dashed' } },
      ],
    }),
    [months, labels],
  );
  const ref = useChart(option);
  return <div ref={ref} className="tx-ld-chart" data-testid="loan-dash-monthly-chart" />;
}

function ChartCard({ title, empty, emptyText, children }: { title: string; empty: boolean; emptyText: string; children: React.ReactNode }) {
  return (
    <Card size="small" title={title} style={{ height: '100%' }}>
      {empty ? <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={emptyText} className="tx-ld-chart-empty" /> : children}
    </Card>
  );
}

/** The dashboard's four charts, in one lazily loaded module (ECharts is the largest dependency). */
export default function DashboardCharts({ states, units, overdue, monthly, labels, onPickUnit }: DashboardChartsProps) {
  const { titles } = labels;
  return (
    <Row gutter={[12, 12]} style={{ marginBottom: 12 }}>
      <Col xs={24} xl={10}>
        <ChartCard title={titles.states} empty={states.every((s) => s.count === 0)} emptyText={labels.empty}>
          <StatesChart states={states} labels={labels} />
        </ChartCard>
      </Col>
      <Col xs={24} xl={14}>
        <ChartCard title={titles.districts} empty={units.length === 0} emptyText={labels.empty}>
          <UnitsChart units={units} labels={labels} {...(onPickUnit ? { onPick: onPickUnit } : {})} />
        </ChartCard>
      </Col>
      <Col xs={24} xl={10}>
        <ChartCard title={titles.overdue} empty={overdue.every((b) => b.count === 0)} emptyText={labels.empty}>
          <OverdueChart buckets={overdue} labels={labels} />
        </ChartCard>
      </Col>
      <Col xs={24} xl={14}>
        <ChartCard title={titles.monthly} empty={monthly.length === 0} emptyText={labels.empty}>
          <MonthlyChart months={monthly} labels={labels} />
        </ChartCard>
      </Col>
    </Row>
  );
}
