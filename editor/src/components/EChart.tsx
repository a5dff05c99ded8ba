import { Box } from '@mui/material';
import * as echarts from 'echarts';
import { useEffect, useRef } from 'react';

/** An ECharts chart that follows its option and its container's size. */
export function EChart({
  option,
  label,
  height = 300,
}: {
  option: echarts.EChartsOption;
  label: string;
  height?: number;
}) {
  const ref = useRef<HTMLDivElement>(null);
  const chart = useRef<echarts.ECharts | null>(null);
  useEffect(() => {
    const element = ref.current!;
    const instance = echarts.init(element);
    chart.current = instance;
    const observer = new ResizeObserver(() => instance.resize());
    observer.observe(element);
    return () => {
      observer.disconnect();
      instance.dispose();
      chart.current = null;
    };
  }, []);
  useEffect(() => {
    chart.current?.setOption(option, true);
  }, [option]);
  return <Box ref={ref} role="img" aria-label={label} data-testid="chart" sx={{ height, width: '100%' }} />;
}
