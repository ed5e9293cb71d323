/**
 * Training progress in words and as a share, from a model's slot: "epoch 3 of at most 20, about
 * 40 s left at most" for the lab, and the share done (0..1) with a plain estimate for the main
 * screens ("about 40 s left"). Rating models stop early when validation stops improving, hence
 * "at most": the share is of the most steps the run may take.
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

/** The share of the run done (0..1), or undefined while it gets ready (no step counted yet). */
export function trainingShare(slot: ModelSlot): number | undefined {
  const p = slot.progress;
  if (slot.status !== 'training' || !p || p.epoch <= 0 || p.maxEpochs <= 0) return undefined;
  return Math.min(1, p.epoch / p.maxEpochs);
}

/** "60%", or "" while getting ready. */
export function trainingPercent(slot: ModelSlot): string {
  const s = trainingShare(slot);
  return s === undefined ? '' : `${Math.round(100 * s)}%`;
}

/** The time left in plain words ("about 40 s left"), or "" while it cannot be estimated. */
export function trainingLeft(slot: ModelSlot, now = Date.now()): string {
  const p = slot.progress;
  if (!p || p.epoch <= 0 || slot.startedAt === undefined || p.epoch >= p.maxEpochs) return '';
  const perStep = (now - slot.startedAt) / 1000 / p.epoch;
  return timeLeftText(perStep * (p.maxEpochs - p.epoch));
}
