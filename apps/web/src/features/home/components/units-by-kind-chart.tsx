import { BarChart } from 'echarts/charts';
import { GridComponent, TooltipComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';
import { useEffect, useRef } from 'react';

echarts.use([BarChart, GridComponent, TooltipComponent, CanvasRenderer]);

export interface KindBar {
  label: string;
  value: number;
}

/** A small horizontal bar chart; animation is off under automation so screenshots are stable. */
export default function UnitsByKindChart({ bars, unit }: { bars: KindBar[]; unit: string }) {
  const ref = useRef<HTMLDivElement>(null);
  const chart = useRef<echarts.ECharts | null>(null);

  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    const instance = echarts.init(el, undefined, { renderer: 'canvas' });
    chart.current = instance;
    const observer = new ResizeObserver(() => instance.resize());
    observer.observe(el);
    return () => {
      observer.disconnect();
      instance.dispose();
      chart.current = null;
    };
  }, []);

  useEffect(() => {
    const ordered = [...bars].reverse();
    chart.current?.setOption({
      animation: !navigator.webdriver,
      grid: { left: 8, right: 40, top: 8, bottom: 8, containLabel: true },
      tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' }, valueFormatter: (v: unknown) => `${String(v)} ${unit}` },
      xAxis: { type: 'value', minInterval: 1, splitLine: { lineStyle: { color: '#f0f0f0' } } },
      yAxis: { type: 'category', data: ordered.map((b) => b.label), axisTick: { show: false }, axisLine: { lineStyle: { color: '#d9d9d9' } }, axisLabel: { color: '#444' } },
      series: [
        {
          type: 'bar',
          data: ordered.map((b) => b.value),
          barMaxWidth: 16,
          itemStyle: { color: '#c8161d', borderRadius: [0, 2, 2, 0] },
          label: { show: true, position: 'right', color: '#555' },
        },
      ],
    });
  }, [bars, unit]);

  return <div ref={ref} style={{ width: '100%', height: 300 }} data-testid="units-chart" />;
}
