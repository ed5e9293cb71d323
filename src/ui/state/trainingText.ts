/**
 * Training progress in words for the recommendations page: "epoch 3 of at most 20, about 40 s
 * left at most" (rating models stop early when validation stops improving, hence "at most").
 */
import { timeLeftText } from '../format';
import type { ModelSlot } from './useModels';

export function trainingStep(slot: ModelSlot, now = Date.now()): string {
  const p = slot.progress;
  if (!p || p.epoch <= 0) return 'getting ready';
  const unit = p.phase === 'epoch' ? 'epoch' : 'step';
  const step = `${unit} ${p.epoch} of ${p.phase === 'epoch' ? 'at most ' : ''}${p.maxEpochs}`;
  if (slot.startedAt === undefined || p.epoch >= p.maxEpochs) return step;
  const perStep = (now - slot.startedAt) / 1000 / p.epoch;
  const left = timeLeftText(perStep * (p.maxEpochs - p.epoch));
  return `${step}, ${left}${p.phase === 'epoch' && left !== 'almost done' ? ' at most' : ''}`;
}
