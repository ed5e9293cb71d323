/**
 * "Similar movies" for any movie: cosine of item factors when a model is given and the movie has
 * non-zero factors; otherwise content (genre TF-IDF) similarity. The movie itself is never in
 * the result, nor any movie with similarity <= 0; ties go to the movie with more ratings. With
 * factors and counts, movies with fewer than MIN_TRUSTED_RATINGS ratings are skipped (their
 * factors are mostly noise).
 */
import { cosineOfRow, rowCount, type RowMatrix } from '../features/cosine';
import type { GenreTfidf } from '../features/tfidf';
import { MIN_TRUSTED_RATINGS, SIMILAR_SIZE } from './stage';
import { toPredicate, topN, type Exclusion } from './rank';

export interface SimilarOptions {
  /** Item factors of the model in use (numMovies x dim). */
  factors?: RowMatrix;
  /** Content model, the fallback. */
  tfidf?: GenreTfidf;
  /** Ratings per movie: tie-break, and the trust filter for factor similarity. */
  counts?: ArrayLike<number>;
  /** Movies to leave out besides the movie itself (e.g. rated and dismissed). */
  exclude?: Exclusion;
  /** How many (default SIMILAR_SIZE). */
  size?: number;
  /** Factor-based results need this many ratings (default MIN_TRUSTED_RATINGS; 0 disables). */
  minRatings?: number;
}

export interface SimilarMovies {
  source: 'factors' | 'content' | 'none';
  /** Dense movie indices, most similar first. */
  indices: number[];
  /** Their similarity (cosine, -1..1). */
  scores: number[];
}

export function similarMovies(movie: number, options: SimilarOptions): SimilarMovies {
  const size = options.size ?? SIMILAR_SIZE;
  const excluded = toPredicate(options.exclude);
  const { counts, factors, tfidf } = options;

  let source: SimilarMovies['source'] = 'none';
  let sims: Float32Array | undefined;
  let minRatings = 0;
  if (factors && movie >= 0 && movie < rowCount(factors)) {
    const s = cosineOfRow(factors, movie);
    if (s[movie]! > 0) {
      sims = s;
      source = 'factors';
      minRatings = counts ? (options.minRatings ?? MIN_TRUSTED_RATINGS) : 0;
    }
  }
  if (!sims && tfidf && movie >= 0 && movie < tfidf.numMovies) {
    const s = tfidf.similarTo(movie);
    if (s[movie]! > 0) {
      sims = s;
      source = 'content';
    }
  }
  if (!sims) return { source: 'none', indices: [], scores: [] };
  const s = sims;
  const indices = topN(
    s,
    size,
    (i) =>
      i !== movie &&
      s[i]! > 0 &&
      !excluded(i) &&
      (minRatings === 0 || (counts?.[i] ?? 0) >= minRatings),
    counts,
  );
  return { source, indices, scores: indices.map((i) => s[i]!) };
}
