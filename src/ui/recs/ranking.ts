/**
 * What the recommendation lists are ranked by, from what the models have answered so far. Pure:
 * the stage memoises it. Until the models the choice needs have answered, the lists wait (a
 * stored model answers in a moment) or, with no model to wait for, follow the genre match only.
 */
import type { WatchResult } from '../../core/api/model';
import type { ModelKind } from '../../core/kinds';
import { blendScores, type BlendWeights } from '../../core/recommend/blend';
import { servedStars, type StarsStack } from '../../core/recommend/stars';
import type { ModelSlot } from '../state/useModels';
import { neededModels, type Choice } from './choice';

export interface Answers {
  /** the rating model's predicted stars (unclipped), once it has answered */
  predicted?: Float32Array;
  /** the ranking model's scores, once it has answered (only when the choice uses it) */
  watched?: WatchResult;
  /** a model's answer failed: stop waiting for it (the error is shown) */
  gaveUp: boolean;
}

interface ListStatus {
  /** placeholders until a model that will answer in a moment has */
  pending: boolean;
  /** ranked by the model(s) of the choice, not the genre match alone */
  backed: boolean;
}

export function listStatus(
  choice: Choice,
  slots: Record<ModelKind, ModelSlot>,
  a: Answers,
): ListStatus {
  const needed = neededModels(choice);
  const answered = (k: ModelKind) =>
    k === 'ease' ? a.watched !== undefined : a.predicted !== undefined;
  // A stored model (or one still being looked up) will answer in a moment: until it has, the
  // lists show placeholders, not genre-only cards that would be reshuffled under the reader.
  const pending =
    !a.gaveUp &&
    needed.some((k) => {
      const slot = slots[k];
      return (!slot.checked || slot.info !== undefined) && slot.status !== 'error' && !answered(k);
    });
  // Model-backed once the model(s) the choice needs have answered.
  return { pending, backed: !pending && needed.some(answered) };
}

/**
 * The hybrid's stars: the MF's, leaning a little on the ranking model once the blend has fitted
 * how (stars.ts); they rank, floor and show. A model chosen alone shows its own.
 */
export function listStars(
  choice: Choice,
  { predicted, watched }: Omit<Answers, 'gaveUp'>,
  stack: StarsStack | undefined,
): Float32Array | undefined {
  return choice === 'hybrid' && predicted && watched && stack
    ? servedStars(predicted, watched.scores, stack)
    : predicted;
}

interface RankingInput extends Omit<Answers, 'gaveUp'> {
  choice: Choice;
  backed: boolean;
  /** listStars' result */
  stars: Float32Array | undefined;
  content: Float32Array;
  numRatings: number;
  weights: BlendWeights;
  /** lowest predicted stars shown (default the 3★ floor; -Infinity: "show them anyway") */
  floor?: number;
}

/** Every movie's score for the lists (higher first; -Infinity: never shown). */
export function listScores({
  choice,
  backed,
  watched,
  predicted,
  stars,
  content,
  numRatings,
  weights,
  floor,
}: RankingInput): Float32Array {
  if (!backed) return content; // no model yet: genre match only
  if (choice === 'hybrid')
    return blendScores({
      watch: watched?.scores,
      rating: stars,
      content,
      numRatings,
      weights,
      floor,
    });
  // One model alone; the 3★ floor still applies when a rating model has answered.
  return blendScores({
    watch: choice === 'ease' ? watched?.scores : undefined,
    rating: predicted,
    numRatings,
    weights: { rating: choice === 'ease' ? 0 : 1, content: 0 },
    floor,
  });
}

/** Predicted stars as shown on a card (the ranking uses them unclipped). */
export const shownStars = (x: number | undefined): number | undefined =>
  x === undefined || !Number.isFinite(x) ? undefined : Math.min(5, Math.max(1, x));
