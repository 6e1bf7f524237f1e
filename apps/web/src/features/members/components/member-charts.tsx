import { BarChart, PieChart } from 'echarts/charts';
import { GridComponent, LegendComponent, TooltipComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';
import { Card, Col, Row } from 'antd';
import { useMemo } from 'react';
import { useChart } from '../../../shared/use-chart';

echarts.use([BarChart, PieChart, GridComponent, LegendComponent, TooltipComponent, CanvasRenderer]);

export interface UnitBar {
  name: string;
  members: number;
  modelWorkers: number;
}

interface BarProps {
  bars: UnitBar[];
  labels: { members: string; modelWorkers: string; unit: string };
  onPick?: (index: number) => void;
}

/** Members per child unit (model workers beside them); a bar click drills into that unit. */
function UnitBarsChart({ bars, labels, onPick }: BarProps) {
  const clickable = !!onPick;
  const { members, modelWorkers, unit } = labels;
  const option = useMemo(() => ({
    animation: !navigator.webdriver,
    grid: { left: 8, right: 16, top: 32, bottom: 8, containLabel: true },
    legend: { top: 0, right: 0, data: [members, modelWorkers] },
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' }, valueFormatter: (v: unknown) => `${String(v)} ${unit}` },
    xAxis: {
      type: 'category',
      data: bars.map((b) => b.name),
      axisTick: { show: false },
      axisLabel: { color: '#444', interval: 0, rotate: bars.length > 6 ? 30 : 0, width: bars.length > 6 ? 96 : 130, overflow: 'truncate' },
      axisLine: { lineStyle: { color: '#d9d9d9' } },
    },
    yAxis: { type: 'value', minInterval: 1, splitLine: { lineStyle: { color: '#f0f0f0' } } },
    series: [
      { name: members, type: 'bar', data: bars.map((b) => b.members), barMaxWidth: 28, itemStyle: { color: '#c8161d' }, label: { show: bars.length <= 12, position: 'top', color: '#555', formatter: (p: { value: unknown }) => Number(p.value).toLocaleString() }, cursor: clickable ? 'pointer' : 'default' },
      { name: modelWorkers, type: 'bar', data: bars.map((b) => b.modelWorkers), barMaxWidth: 28, itemStyle: { color: '#f6c344' }, cursor: clickable ? 'pointer' : 'default' },
    ],
  }), [bars, members, modelWorkers, unit, clickable]);
  const ref = useChart(option, onPick);
  return <div ref={ref} style={{ width: '100%', height: 320 }} data-testid="members-bar-chart" />;
}

export interface Slice {
  name: string;
  value: number;
}

const pieColors = ['#c8161d', '#f6c344', '#1f5fae', '#389e0d', '#d46b08', '#722ed1', '#8c8c8c'];

/** The category breakdown of a unit's members. */
function CategoryPieChart({ slices, unit }: { slices: Slice[]; unit: string }) {
  const total = slices.reduce((sum, x) => sum + x.value, 0);
  const option = useMemo(() => ({
    animation: !navigator.webdriver,
    color: pieColors,
    tooltip: { trigger: 'item', valueFormatter: (v: unknown) => `${String(v)} ${unit}` },
    // Shares sit in the legend, not on the ring: seven slices' labels collide on a chart this small.
    legend: {
      orient: 'vertical',
      right: 8,
      top: 'middle',
      itemWidth: 10,
      itemHeight: 10,
      itemGap: 12,
      formatter: (name: string) => {
        const slice = slices.find((x) => x.name === name);
        const pct = slice && total > 0 ? ((slice.value / total) * 100).toFixed(1) : '0';
        return `${name}  ${(slice?.value ?? 0).toLocaleString()} ${unit}（${pct}%）`;
      },
    },
    series: [
      {
        type: 'pie',
        radius: ['38%', '62%'],
        center: ['25%', '50%'],
        label: { show: false },
        data: slices,
      },
    ],
  }), [slices, unit, total]);
  const ref = useChart(option);
  return <div ref={ref} style={{ width: '100%', height: 320 }} data-testid="members-pie-chart" />;
}

interface ChartsProps extends BarProps {
  slices: Slice[];
  titles: { bars: string; pie: string };
}

/** Both charts of the statistics page, in one lazily loaded module (ECharts is the largest dependency). */
export default function MemberStatsCharts({ bars, labels, onPick, slices, titles }: ChartsProps) {
  return (
    <Row gutter={12} style={{ marginBottom: 12 }}>
      <Col xs={24} xl={12}>
        <Card size="small" title={titles.bars}>
          <UnitBarsChart bars={bars} labels={labels} {...(onPick ? { onPick } : {})} />
        </Card>
      </Col>
      <Col xs={24} xl={12}>
        <Card size="small" title={titles.pie}>
          <CategoryPieChart slices={slices} unit={labels.unit} />
        </Card>
      </Col>
    </Row>
  );
}
