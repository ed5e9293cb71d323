/**
 * The served ranking ("hybrid"). Rule: this one function ranks the lists on screen AND is what the
 * evaluation measures (src/core/eval/served.ts calls it on every test person), so the figures in
 * the model lab and the bench are the figures of what people see.
 *
 * Per person, each signal is standardised over every movie it scores (z = (s - mean) / sd, over
 * finite scores), then
 *   score = z(watch) + weights.rating * z(rating) + contentWeight(n) * z(content)
 * - watch:   the ranking model's score (what you'll watch, src/core/recommend/watch.ts);
 * - rating:  the rating model's predicted stars (what you'll like); in the hybrid, the stars of
 *            src/core/recommend/stars.ts (the MF's, leaning a little on the ranking model);
 * - content: the genre match with the person's profile (cosine of TF-IDF vectors);
 * - contentWeight(n) = weights.content for people with CONTENT_WEIGHT_MIN_AT ratings or more,
 *   rising linearly to CONTENT_WEIGHT_EARLY at COLLAB_UNLOCK_RATINGS ratings and below (few
 *   ratings say little; the genres the person picked say more).
 * A movie whose predicted rating is below MIN_PREDICTED_RATING is never recommended (-Infinity),
 * nor one the ranking model cannot score. A signal that is missing (its model is not trained yet)
 * counts 0; without the ranking model the rating takes its weight of 1.
 * weights.rating and weights.content are chosen on the validation slice (src/core/eval/served.ts).
 */
import {
  COLLAB_UNLOCK_RATINGS,
  CONTENT_WEIGHT_EARLY,
  CONTENT_WEIGHT_MIN_AT,
  MIN_PREDICTED_RATING,
} from './stage';

export interface BlendWeights {
  /** Weight of the predicted rating against the ranking model's 1. */
  rating: number;
  /** Weight of the genre match for people with many ratings. */
  content: number;
}

/** Used until the evaluation has chosen weights on the validation slice. */
export const DEFAULT_BLEND: BlendWeights = { rating: 0.25, content: 0.05 };

export interface BlendInput {
  /** Ranking-model score per movie. */
  watch?: ArrayLike<number>;
  /** Predicted rating per movie (unclipped). */
  rating?: ArrayLike<number>;
  /** Genre match per movie (0..1). */
  content?: ArrayLike<number>;
  /** How many movies the person has rated. */
  numRatings: number;
  weights: BlendWeights;
  /** Lowest predicted rating shown (default MIN_PREDICTED_RATING; -Infinity only to measure its cost). */
  floor?: number;
}

/** Share of the genre match after `numRatings` ratings (see the header). */
export function contentWeight(numRatings: number, weights: BlendWeights): number {
  const n = Number.isFinite(numRatings) ? numRatings : 0;
  const span = CONTENT_WEIGHT_MIN_AT - COLLAB_UNLOCK_RATINGS;
  const t = Math.min(1, Math.max(0, span > 0 ? (n - COLLAB_UNLOCK_RATINGS) / span : 1));
  const early = Math.max(CONTENT_WEIGHT_EARLY, weights.content);
  return early + (weights.content - early) * t;
}

/** Mean and standard deviation of the finite entries (sd 1 when they are all equal). */
export function standardiser(s: ArrayLike<number>): { mean: number; sd: number } {
  let n = 0;
  let sum = 0;
  let sq = 0;
  for (let i = 0; i < s.length; i++) {
    const v = s[i]!;
    if (!Number.isFinite(v)) continue;
    n++;
    sum += v;
    sq += v * v;
  }
  const mean = n ? sum / n : 0;
  const variance = n ? Math.max(0, sq / n - mean * mean) : 0;
  const sd = Math.sqrt(variance);
  return { mean, sd: sd > 1e-12 ? sd : 1 };
}

/** The served score of every movie (higher first; -Infinity: never recommended). */
export function blendScores(input: BlendInput): Float32Array {
  const { watch, rating, content } = input;
  const n = watch?.length ?? rating?.length ?? content?.length ?? 0;
  const floor = input.floor ?? MIN_PREDICTED_RATING;
  const out = new Float32Array(n);
  const parts: { s: ArrayLike<number>; w: number; mean: number; sd: number }[] = [];
  const add = (s: ArrayLike<number> | undefined, w: number) => {
    if (!s || w === 0) return;
    parts.push({ s, w, ...standardiser(s) });
  };
  add(watch, 1);
  add(rating, watch ? input.weights.rating : 1);
  add(content, contentWeight(input.numRatings, input.weights));
  for (let i = 0; i < n; i++) {
    if (watch && !Number.isFinite(watch[i]!)) {
      out[i] = -Infinity;
      continue;
    }
    const r = rating?.[i];
    if (r !== undefined && !(r >= floor)) {
      out[i] = -Infinity;
      continue;
    }
    let s = 0;
    for (const p of parts) {
      const v = p.s[i]!;
      if (Number.isFinite(v)) s += (p.w * (v - p.mean)) / p.sd;
    }
    out[i] = s;
  }
  return out;
}
