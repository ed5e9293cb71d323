import { useEffect, useRef } from 'react';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';

export interface Curve {
  title: string;
  x: { label: string; values: number[]; log?: boolean };
  /** left axis */
  left: { label: string; values: number[] };
  /** right axis */
  right: { label: string; values: number[] };
}

/** Two curves over one x axis (left and right scales), drawn by uPlot. */
export function CurveChart({ curve }: { curve: Curve }) {
  const host = useRef<HTMLDivElement>(null);
  const plot = useRef<uPlot | null>(null);
  const { title, x, left, right } = curve;
  const log = x.log ?? false;

  useEffect(() => {
    const el = host.current!;
    const opts: uPlot.Options = {
      width: Math.max(280, el.clientWidth - 16),
      height: 220,
      title,
      scales: {
        x: { time: false, distr: log ? 3 : 1 },
        left: { auto: true },
        right: { auto: true },
      },
      axes: [
        {
          label: x.label,
          stroke: '#b5aecf',
          grid: { stroke: '#3a3556' },
          ticks: { stroke: '#3a3556' },
        },
        { scale: 'left', label: left.label, stroke: '#f5b942', grid: { stroke: '#3a3556' } },
        { scale: 'right', side: 1, label: right.label, stroke: '#8fc4ff', grid: { show: false } },
      ],
      series: [
        { label: x.label },
        { label: left.label, scale: 'left', stroke: '#f5b942', width: 2, points: { show: true } },
        { label: right.label, scale: 'right', stroke: '#8fc4ff', width: 2, points: { show: true } },
      ],
    };
    plot.current = new uPlot(opts, [[], [], []], el);
    const ro = new ResizeObserver(() =>
      plot.current?.setSize({ width: Math.max(280, el.clientWidth - 16), height: 220 }),
    );
    ro.observe(el);
    return () => {
      ro.disconnect();
      plot.current?.destroy();
      plot.current = null;
    };
  }, [title, x.label, left.label, right.label, log]);

  useEffect(() => {
    plot.current?.setData([x.values, left.values, right.values]);
  }, [x.values, left.values, right.values]);

  return (
    <div
      className="chart"
      ref={host}
      role="img"
      aria-label={`${title}: ${left.label} and ${right.label} by ${x.label}`}
    />
  );
}
