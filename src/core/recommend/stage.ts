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

/**
 * The recommendations page offers to relearn the stars with the person's ratings once they have
 * rated this many films since the model was last trained (their ratings count at once anyway).
 */
export const RETRAIN_OFFER_RATINGS = 50;

/** How many more movies a list shows each time "More" is pressed. */
export const MORE_STEP = 12;

/** Movies in a "Similar movies" panel. */
export const SIMILAR_SIZE = 9;

/**
 * Movies with fewer ratings than this are left out of the niche offers and niche list, and of
 * factor-based similar movies: their learned factors rest on too few ratings to trust.
 */
export const MIN_TRUSTED_RATINGS = 20;

/**
 * "Because you rated X" needs X's term to be at least this share of the ranking model's score for
 * the movie; below it no single rating explains the movie, and a general reason is given.
 */
export const EXPLAIN_MIN_SHARE = 0.25;

/**
 * Hybrid blend (see blend.ts): weight of the genre match, in standard deviations against the
 * ranking model's 1, right after the collaborative stage unlocks; it shrinks linearly to the
 * weight chosen on validation by CONTENT_WEIGHT_MIN_AT ratings.
 */
export const CONTENT_WEIGHT_EARLY = 0.5;
/** Ratings at which the genre match reaches its validated weight. */
export const CONTENT_WEIGHT_MIN_AT = 50;

/** A movie predicted below this many stars for a person is never recommended to them. */
export const MIN_PREDICTED_RATING = 3;

export type Stage = 'content' | 'collaborative';

export function stageFor(numRatings: number): Stage {
  return numRatings >= COLLAB_UNLOCK_RATINGS ? 'collaborative' : 'content';
}

/**
 * Content-stage offers (see offer.ts): a movie is a candidate when its content score is at least
 * this share of the best score among the movies that could be offered.
 */
export const OFFER_MIN_MATCH = 0.4;

/**
 * Content-stage offers: candidates rank by ratings x (score / best score)^OFFER_MATCH_POWER, so
 * how many people have seen a movie leads and the genre match tempers it.
 */
export const OFFER_MATCH_POWER = 1;

/**
 * Content-stage offers: how much a candidate's rank shrinks when an offer already shown has the
 * same genres and decade (1 - this share at most; partial overlap shrinks it less).
 */
export const OFFER_DIVERSITY = 0.5;
