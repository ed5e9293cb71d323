import { useEffect, useRef } from 'react';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import type { EpochPoint } from '../../../workers/model-api';

/** Training curves: loss (left axis) and validation RMSE (right axis) per epoch, drawn by uPlot. */
export function CurveChart({ points, title }: { points: EpochPoint[]; title: string }) {
  const host = useRef<HTMLDivElement>(null);
  const plot = useRef<uPlot | null>(null);

  useEffect(() => {
    const el = host.current!;
    const opts: uPlot.Options = {
      width: Math.max(320, el.clientWidth - 16),
      height: 220,
      title,
      scales: { x: { time: false }, loss: { auto: true }, rmse: { auto: true } },
      axes: [
        {
          label: 'epoch',
          stroke: '#b5aecf',
          grid: { stroke: '#3a3556' },
          ticks: { stroke: '#3a3556' },
        },
        { scale: 'loss', label: 'training loss', stroke: '#f5b942', grid: { stroke: '#3a3556' } },
        {
          scale: 'rmse',
          side: 1,
          label: 'validation RMSE',
          stroke: '#8fc4ff',
          grid: { show: false },
        },
      ],
      series: [
        { label: 'epoch' },
        { label: 'loss', scale: 'loss', stroke: '#f5b942', width: 2, points: { show: true } },
        { label: 'val RMSE', scale: 'rmse', stroke: '#8fc4ff', width: 2, points: { show: true } },
      ],
    };
    plot.current = new uPlot(opts, [[], [], []], el);
    const ro = new ResizeObserver(() =>
      plot.current?.setSize({ width: Math.max(320, el.clientWidth - 16), height: 220 }),
    );
    ro.observe(el);
    return () => {
      ro.disconnect();
      plot.current?.destroy();
      plot.current = null;
    };
  }, [title]);

  useEffect(() => {
    plot.current?.setData([
      points.map((p) => p.epoch),
      points.map((p) => p.loss),
      points.map((p) => p.valRmse),
    ]);
  }, [points]);

  return (
    <div
      className="chart"
      ref={host}
      role="img"
      aria-label={`${title}: training loss and validation RMSE per epoch`}
    />
  );
}
