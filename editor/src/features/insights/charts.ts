import type { EChartsOption } from 'echarts';

const OUTCOME_COLORS: Record<string, string> = {
  created: '#2e7d32',
  pushed: '#2e7d32',
  linked: '#00897b',
  updated: '#66bb6a',
  skipped: '#9e9e9e',
  failed: '#d32f2f',
  succeeded: '#2e7d32',
  partial: '#ed6c02',
  running: '#0288d1',
};

/** Stacked bars, one series per key of the daily counts. */
/**
 * Bars per day, stacked by key. With `every` (the range's days), a day without data is a zero bar in its
 * place instead of being left out.
 */
export function stackedByDay(
  data: { day: string; counts: Record<string, number> }[],
  every?: readonly string[],
): EChartsOption {
  const byDay = new Map(data.map((d) => [d.day, d.counts]));
  const days = every ? every.map((day) => ({ day, counts: byDay.get(day) ?? {} })) : data;
  const keys = [...new Set(data.flatMap((d) => Object.keys(d.counts)))];
  return {
    tooltip: { trigger: 'axis' },
    legend: { top: 0 },
    grid: { left: 40, right: 16, top: 36, bottom: 28 },
    xAxis: { type: 'category', data: days.map((d) => d.day) },
    yAxis: { type: 'value', minInterval: 1 },
    series: keys.map((key) => ({
      name: key,
      type: 'bar',
      stack: 'total',
      data: days.map((d) => d.counts[key] ?? 0),
      itemStyle: { color: OUTCOME_COLORS[key] ?? '#1f5f8b' },
    })),
  };
}

export function topKinds(kinds: { kind: string; count: number }[]): EChartsOption {
  return {
    tooltip: {},
    grid: { left: 100, right: 16, top: 8, bottom: 28 },
    xAxis: { type: 'value', minInterval: 1 },
    yAxis: { type: 'category', data: kinds.map((k) => k.kind).reverse() },
    series: [{ type: 'bar', data: kinds.map((k) => k.count).reverse(), itemStyle: { color: '#d32f2f' } }],
  };
}
