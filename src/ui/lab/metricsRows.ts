/**
 * The rows of the lab's side-by-side table: the baselines, every trained model, and the served
 * blend, each on the same test set. Undefined where a row has no such figure. Pure.
 */
import type { BlendInfo, ModelInfo } from '../../core/api/model';
import { MODEL_KINDS, MODEL_NAMES, type ModelKind } from '../../core/kinds';
import { STAR_FLOOR } from '../../core/eval/protocol';
import type { ModelSlot } from '../state/useModels';

type Figure = number | undefined;
type MetricsRow = [label: string, rmse: Figure, mae: Figure, hr10: Figure, ndcg10: Figure];

export function metricsRows(
  slots: Record<ModelKind, ModelSlot>,
  blend: BlendInfo | undefined,
): MetricsRow[] | undefined {
  const any = MODEL_KINDS.map((k) => slots[k].info).find((i): i is ModelInfo => !!i);
  if (!any) return undefined;
  const b = any.baselines;
  const rows: MetricsRow[] = [
    [
      'Baseline: most rated first (popularity)',
      undefined,
      undefined,
      b.popularity?.hr10,
      b.popularity?.ndcg10,
    ],
    [
      'Baseline: user + movie biases',
      b.biases.testRmse,
      b.biases.testMae,
      b.biases.hr10,
      b.biases.ndcg10,
    ],
    ['Baseline: global mean', b.globalMean.testRmse, b.globalMean.testMae, undefined, undefined],
  ];
  for (const k of MODEL_KINDS) {
    const i = slots[k].info;
    if (i)
      rows.push([
        MODEL_NAMES[k],
        i.metrics.testRmse,
        i.metrics.testMae,
        i.metrics.hr10,
        i.metrics.ndcg10,
      ]);
  }
  if (blend)
    rows.push([
      'Served blend (what the lists show)',
      undefined,
      undefined,
      blend.served.hr10,
      blend.served.ndcg10,
    ]);
  if (blend?.stars)
    rows.push([
      'Served stars (the MF leaning on the ranking model)',
      blend.stars.testRmse,
      undefined,
      undefined,
      undefined,
    ]);
  if (blend?.servedNoFloor)
    rows.push([
      `The same blend without the ${STAR_FLOOR}★ floor`,
      undefined,
      undefined,
      blend.servedNoFloor.hr10,
      blend.servedNoFloor.ndcg10,
    ]);
  return rows;
}
