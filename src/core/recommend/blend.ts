/**
 * Hybrid scores: a blend of the collaborative predicted rating and the content (genre) match.
 *
 *   hybrid = (1 - w) * collab01 + w * content01
 *   collab01  = (clamp(predicted, 1, 5) - 1) / 4        predicted rating rescaled to 0..1
 *   content01 = max(0, cosine(profile, movie))          genre match, 0..1
 *   w = contentWeight(n): CONTENT_WEIGHT_MAX (0.5) at up to COLLAB_UNLOCK_RATINGS (10) ratings,
 *       falling linearly to CONTENT_WEIGHT_MIN (0.2) at CONTENT_WEIGHT_MIN_AT (50) ratings and after.
 *
 * Hybrid scores are 0..1 and only rank; the rating shown beside a movie stays the collaborative
 * prediction (see hybridAsRating for a 1..5 reading of the blend if one is needed).
 */
import {
  COLLAB_UNLOCK_RATINGS,
  CONTENT_WEIGHT_MAX,
  CONTENT_WEIGHT_MIN,
  CONTENT_WEIGHT_MIN_AT,
} from './stage';

export const RATING_MIN = 1;
export const RATING_MAX = 5;

/** Share of the content score in the blend after `numRatings` ratings. */
export function contentWeight(numRatings: number): number {
  const n = Number.isFinite(numRatings) ? numRatings : 0;
  const span = CONTENT_WEIGHT_MIN_AT - COLLAB_UNLOCK_RATINGS;
  const t = span > 0 ? (n - COLLAB_UNLOCK_RATINGS) / span : 1;
  const w = CONTENT_WEIGHT_MAX - (CONTENT_WEIGHT_MAX - CONTENT_WEIGHT_MIN) * t;
  return Math.min(CONTENT_WEIGHT_MAX, Math.max(CONTENT_WEIGHT_MIN, w));
}

/** A predicted rating rescaled to 0..1 (clamped to the 1..5 scale; non-finite: 0). */
export function rescaleRating(predicted: number): number {
  if (!Number.isFinite(predicted)) return 0;
  const r = Math.min(RATING_MAX, Math.max(RATING_MIN, predicted));
  return (r - RATING_MIN) / (RATING_MAX - RATING_MIN);
}

/** One movie's hybrid score (0..1). */
export function blendOne(predicted: number, content: number, weight: number): number {
  const c = Number.isFinite(content) ? Math.min(1, Math.max(0, content)) : 0;
  return (1 - weight) * rescaleRating(predicted) + weight * c;
}

/**
 * Hybrid score of every movie. `collab` = predicted ratings (dense index), `content` = cosine
 * scores (GenreTfidf.scoreAll), same length; `numRatings` = the user's rating count.
 */
export function blendScores(
  collab: ArrayLike<number>,
  content: ArrayLike<number>,
  numRatings: number,
): Float32Array {
  const w = contentWeight(numRatings);
  const n = Math.min(collab.length, content.length);
  const out = new Float32Array(collab.length);
  for (let i = 0; i < n; i++) out[i] = blendOne(collab[i]!, content[i]!, w);
  for (let i = n; i < collab.length; i++) out[i] = blendOne(collab[i]!, 0, w);
  return out;
}

/** A hybrid score read back on the 1..5 scale (for display only; it is not a prediction). */
export function hybridAsRating(score: number): number {
  return RATING_MIN + (RATING_MAX - RATING_MIN) * Math.min(1, Math.max(0, score));
}

/** One line for the UI, e.g. "Hybrid: 70% predicted rating (matrix factorizer) + 30% genre match ...". */
export function explainBlend(numRatings: number, collabName = 'matrix factorizer'): string {
  const w = contentWeight(numRatings);
  const c = Math.round(w * 100);
  return (
    `Hybrid: ${100 - c}% predicted rating (${collabName}) + ${c}% genre match with your profile; ` +
    `the genre share falls from ${pct(CONTENT_WEIGHT_MAX)} at ${COLLAB_UNLOCK_RATINGS} ratings ` +
    `to ${pct(CONTENT_WEIGHT_MIN)} at ${CONTENT_WEIGHT_MIN_AT} as you rate more.`
  );
}

function pct(x: number): string {
  return `${Math.round(x * 100)}%`;
}
