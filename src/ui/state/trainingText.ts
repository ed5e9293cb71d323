/**
 * Training progress from a model's slot, for the main screens: the share done (0..1) and a plain
 * estimate ("about 40 s left") from the pace so far. Rating models stop early when validation
 * stops improving: the share is of the most steps the run may take.
 */
import { timeLeftText } from '../format';
import type { ModelSlot } from './useModels';

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
