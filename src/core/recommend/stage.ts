/**
 * The recommendation flow's tunable constants, in one place. Change them here only.
 */
import type { Tier } from '../features/tiers';

/** Ratings needed before the collaborative stage (lists from the trained model) unlocks. */
export const COLLAB_UNLOCK_RATINGS = 10;

/** Genres the signup form requires at least. */
export const MIN_GENRE_PICKS = 3;

/** How many movies the content stage offers for rating at a time. */
export const OFFER_BATCH_SIZE = 12;

/**
 * The tier of each offered slot, repeated: 3 popular, 2 mid, 1 niche in every 6, so most offers
 * are films the user has probably seen (they can rate them) and some they may not know.
 */
export const OFFER_PATTERN: readonly Tier[] = [
  'popular',
  'mid',
  'popular',
  'niche',
  'popular',
  'mid',
];

/** Movies per recommendation list (one list per tier). */
export const LIST_SIZE = 8;

/** Movies in a "Similar movies" panel. */
export const SIMILAR_SIZE = 9;

/**
 * Movies with fewer ratings than this are left out of the niche offers and niche list, and of
 * factor-based similar movies: their learned factors rest on too few ratings to trust.
 */
export const MIN_TRUSTED_RATINGS = 20;

/** Ratings at or above this count as "highly rated" for explanations. */
export const EXPLAIN_MIN_RATING = 4;

/** Item-factor cosine needed to say "because you rated X"; below it, the genre explanation. */
export const EXPLAIN_MIN_SIMILARITY = 0.2;

/** In the content profile, the genre picks weigh as much as this many ratings. */
export const PICKS_AS_RATINGS = 5;

/**
 * Hybrid blend (see blend.ts): share of the content (genre) score, largest right after the
 * collaborative stage unlocks and shrinking linearly to the minimum as the user rates more.
 */
export const CONTENT_WEIGHT_MAX = 0.5;
export const CONTENT_WEIGHT_MIN = 0.2;
/** Ratings at which the content share reaches its minimum. */
export const CONTENT_WEIGHT_MIN_AT = 50;

export type Stage = 'content' | 'collaborative';

export function stageFor(numRatings: number): Stage {
  return numRatings >= COLLAB_UNLOCK_RATINGS ? 'collaborative' : 'content';
}
