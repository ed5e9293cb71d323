/**
 * Serving the ranking model ("what you'll watch"): an item-item model in the EASE form (Steck,
 * 2019), B = I - P diag(1/diag P) with P = (G + lambda I)^-1 and G the Gram matrix of who rated
 * what. It is trained in src/models/ease.ts; everything here is plain arithmetic on its weights.
 *
 * Rules kept here (tests pin them):
 * - A person's score for movie i is the sum of w_j B[j][i] over the movies j they acted on, with
 *   w_j = watchWeight(...) the ONE rule for every caller (lists, every model choice, evaluation):
 *   a watch (rated 3★ or more, or marked seen) counts +1, a dislike (below DISLIKE_BELOW stars)
 *   pushes away with DISLIKE_WEIGHT, "not interested" is a mild dislike, anything else is no
 *   signal. Having watched j is the signal, not its stars, except that a dislike must not pull
 *   its co-watched films up. A new person needs no training: the scores change with every rating.
 * - Movies outside the model (no rating in the training rows) score -Infinity: they never rank.
 * - `because[i]` is the full watch j (weight 1) with the largest term B[j][i], the real largest
 *   positive contributor to i's score; -1 when there is none. A dislike is never a reason.
 * - "Similar to X" is row X of B: the movies that having watched X speaks for most.
 * Indices are movie indices in whatever order the model was built with (`movieOfItem`).
 */

import type { FilmMark } from '../profile';

/** Stars below this are a dislike (on whole stars: 1★ and 2★). */
export const DISLIKE_BELOW = 3;
/** A dislike's weight: negative, so its co-watched films fall (bench: served figures beside it). */
export const DISLIKE_WEIGHT = -0.15;
/** "Not interested": a mild dislike, half a disliked film's push. */
export const NOT_INTERESTED_WEIGHT = DISLIKE_WEIGHT / 2;

/**
 * What one action on a film adds to the ranking model's sum (see the header): stars, or null with
 * a mark ('seen' a watch, 'not-interested' a mild dislike, 'want' or no mark nothing).
 */
export function watchWeight(stars: number | null, mark?: FilmMark): number {
  if (stars !== null) return stars < DISLIKE_BELOW ? DISLIKE_WEIGHT : 1;
  if (mark === 'seen') return 1;
  if (mark === 'not-interested') return NOT_INTERESTED_WEIGHT;
  return 0;
}

/** watchWeight of each of a person's star ratings (the evaluation's train rows). */
export function watchWeights(stars: ArrayLike<number>): Float32Array {
  const out = new Float32Array(stars.length);
  for (let k = 0; k < stars.length; k++) out[k] = watchWeight(stars[k]!);
  return out;
}

export interface ItemModel {
  /** Items in the model. */
  n: number;
  /** item row -> movie index */
  movieOfItem: Int32Array;
  /** n x n, row-major: weights[j * n + i] = what having watched item j adds to item i; diagonal 0. */
  weights: Float32Array;
}

export interface WatchScores {
  /** Score per movie index; -Infinity for movies outside the model. */
  scores: Float32Array;
  /** Largest positive contributor per movie (a rated movie index), or -1. */
  because: Int32Array;
  /** That contributor's term B[j][i] (0 where because is -1). */
  contribution: Float32Array;
}

/** movie index -> item row, -1 for movies outside the model. */
export function itemOfMovie(model: ItemModel, numMovies: number): Int32Array {
  const out = new Int32Array(numMovies).fill(-1);
  for (let r = 0; r < model.n; r++) {
    const m = model.movieOfItem[r]!;
    if (m >= 0 && m < numMovies) out[m] = r;
  }
  return out;
}

/**
 * Ranking-model scores (and true contributors) of every movie for the movies a person acted on,
 * `weights[k]` (watchWeight) for `rated[k]`; without weights every movie counts as a watch (+1).
 * A movie listed twice counts once (its first weight).
 */
export function watchScores(
  model: ItemModel,
  items: Int32Array,
  rated: ArrayLike<number>,
  opts: { because?: boolean; weights?: ArrayLike<number> } = {},
): WatchScores {
  const { n, weights, movieOfItem } = model;
  const numMovies = items.length;
  const acc = new Float32Array(n);
  const track = opts.because ?? true;
  const bestRow = track ? new Int32Array(n).fill(-1) : new Int32Array(0);
  const best = track ? new Float32Array(n) : new Float32Array(0);
  const seen = new Uint8Array(n);
  for (let k = 0; k < rated.length; k++) {
    const j = items[rated[k]!] ?? -1;
    if (j < 0 || seen[j]) continue;
    seen[j] = 1;
    const wt = opts.weights ? opts.weights[k]! : 1;
    if (wt === 0) continue;
    const off = j * n;
    if (track && wt === 1) {
      for (let i = 0; i < n; i++) {
        const w = weights[off + i]!;
        acc[i]! += w;
        if (w > best[i]!) {
          best[i] = w;
          bestRow[i] = j;
        }
      }
    } else if (wt === 1) {
      for (let i = 0; i < n; i++) acc[i]! += weights[off + i]!;
    } else {
      for (let i = 0; i < n; i++) acc[i]! += wt * weights[off + i]!;
    }
  }
  const scores = new Float32Array(numMovies).fill(-Infinity);
  const because = new Int32Array(numMovies).fill(-1);
  const contribution = new Float32Array(numMovies);
  for (let r = 0; r < n; r++) {
    const m = movieOfItem[r]!;
    if (m < 0 || m >= numMovies) continue;
    scores[m] = acc[r]!;
    if (track && bestRow[r]! >= 0) {
      because[m] = movieOfItem[bestRow[r]!]!;
      contribution[m] = best[r]!;
    }
  }
  return { scores, because, contribution };
}

/**
 * The same scores as watchScores (same `weights`), for a few movies only (ranking tasks): written
 * into `out` at those movies' indices, O(rated x movies) instead of O(rated x n).
 */
export function watchScoresAt(
  model: ItemModel,
  items: Int32Array,
  rated: ArrayLike<number>,
  movies: ArrayLike<number>,
  out: Float32Array,
  rowWeights?: ArrayLike<number>,
): Float32Array {
  const { n, weights } = model;
  const rows: number[] = [];
  const rowWt: number[] = [];
  const seen = new Set<number>();
  for (let k = 0; k < rated.length; k++) {
    const j = items[rated[k]!] ?? -1;
    if (j >= 0 && !seen.has(j)) {
      seen.add(j);
      const wt = rowWeights ? rowWeights[k]! : 1;
      if (wt === 0) continue;
      rows.push(j * n);
      rowWt.push(wt);
    }
  }
  for (let c = 0; c < movies.length; c++) {
    const m = movies[c]!;
    const i = items[m] ?? -1;
    if (i < 0) {
      out[m] = -Infinity;
      continue;
    }
    let s = 0;
    for (let r = 0; r < rows.length; r++) s += rowWt[r]! * weights[rows[r]! + i]!;
    out[m] = s;
  }
  return out;
}

/** Row `movie` of B by movie index (-Infinity outside the model and for the movie itself). */
export function similarRow(model: ItemModel, items: Int32Array, movie: number): Float32Array {
  const out = new Float32Array(items.length).fill(-Infinity);
  const j = items[movie] ?? -1;
  if (j < 0) return out;
  const { n, weights, movieOfItem } = model;
  for (let i = 0; i < n; i++) {
    const m = movieOfItem[i]!;
    if (m !== movie && m >= 0 && m < out.length) out[m] = weights[j * n + i]!;
  }
  return out;
}
