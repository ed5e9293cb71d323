/**
 * The words and curve of one model's panel in the lab, from its slot: what the model is, its
 * training curve (the λ search for the ranking model) and its progress line. Pure.
 */
import type { BlendInfo } from '../../core/api/model';
import { POSITIVE_STARS, SAMPLED_NEGATIVES } from '../../core/eval/protocol';
import { MODEL_NAMES, type ModelKind } from '../../core/kinds';
import { formatMetric } from '../format';
import type { RetrainFigures } from '../recs/RetrainMine';
import type { ModelSlot } from '../state/useModels';
import type { Curve } from './CurveChart';

export const DESCRIPTION: Record<ModelKind, string> = {
  ease: 'Learns who watched what (not the stars): an item-to-item weight matrix in closed form (EASE), B = I − P·diag(1/diag P) with P = (G + λI)⁻¹ over the movies’ co-watch counts G. It decides what to show.',
  mf: 'Predicts a rating as global mean + user bias + movie bias + the dot product of user and movie vectors.',
  neural:
    'User and movie vectors and biases, concatenated, go through dense layers to one sigmoid unit scaled to the 0.5–5.5 range.',
};

export function curveOf(kind: ModelKind, slot: ModelSlot): Curve {
  if (kind === 'ease') {
    const pts = [...slot.lambdas].sort((a, b) => a.lambda - b.lambda);
    return {
      title: `${MODEL_NAMES.ease}: choosing λ on validation`,
      x: { label: 'λ', values: pts.map((p) => p.lambda), log: true },
      left: { label: 'HR@10', values: pts.map((p) => p.hr10) },
      right: { label: 'NDCG@10', values: pts.map((p) => p.ndcg10) },
    };
  }
  return {
    title: `${MODEL_NAMES[kind]} training`,
    x: { label: 'epoch', values: slot.live.map((p) => p.epoch) },
    left: { label: 'training loss', values: slot.live.map((p) => p.loss) },
    right: { label: 'validation RMSE', values: slot.live.map((p) => p.valRmse) },
  };
}

export function progressText(kind: ModelKind, slot: ModelSlot): string {
  const p = slot.progress;
  if (slot.status === 'training') {
    if (p?.phase === 'epoch' && p.point)
      return `Epoch ${p.epoch} of at most ${p.maxEpochs}: loss ${p.point.loss.toFixed(3)}, validation RMSE ${p.point.valRmse.toFixed(3)} (${p.point.seconds.toFixed(1)} s)`;
    if (p?.phase === 'search')
      return `Choosing λ on the validation slice${p.lambdaPoint ? `: λ ${p.lambdaPoint.lambda} gives NDCG@10 ${p.lambdaPoint.ndcg10.toFixed(3)}` : '…'}`;
    if (p?.phase === 'solve') return 'Solving for the chosen λ…';
    if (p?.phase === 'evaluate') return 'Measuring on the test set…';
    if (p?.phase === 'blend') return 'Choosing the served blend’s weights on validation…';
    if (p?.phase === 'save') return 'Saving…';
    return kind === 'ease' ? 'Counting who watched what…' : 'Preparing the training data…';
  }
  if (!slot.checked) return 'Loading…';
  if (slot.status === 'idle') return 'Not trained yet.';
  if (slot.status === 'error') return `Training failed: ${slot.error?.message ?? ''}`;
  return '';
}

/**
 * The lab's first words, for everyone: how often the served picks are right in the test (the
 * served HR@10), before any figure. Undefined until the blend is measured.
 */
export function plainSummary(blend: BlendInfo | undefined): string | undefined {
  const hr = blend?.served.hr10;
  if (hr === undefined || !Number.isFinite(hr)) return undefined;
  return `Your picks are right about ${Math.round(100 * hr)} times in 100 in our test: for people whose ratings we hid, a film they rated ${POSITIVE_STARS}★ or more lands in the top 10 of ${SAMPLED_NEGATIVES + 1} films.`;
}

/** The lab's figures after relearning: " (validation RMSE 0.595 → 0.592)", or nothing. */
export function retrainFigures(o: RetrainFigures): string {
  return o.valRmse === undefined
    ? ''
    : ` (validation RMSE ${formatMetric(o.previousValRmse)} → ${formatMetric(o.valRmse)})`;
}
